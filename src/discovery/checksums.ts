/**
 * The check-digit algorithms the classifiers verify. Each takes a string of ASCII digits (already
 * stripped of separators) and never throws; none quotes its input anywhere.
 */

/** True when every character of `text` is an ASCII digit and there is at least one. */
export function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/** `digits` modulo 97, one digit at a time so any length works without big integers. */
export function mod97(digits: string): number {
  let rest = 0;
  for (let i = 0; i < digits.length; i += 1) {
    rest = (rest * 10 + (digits.charCodeAt(i) - 0x30)) % 97;
  }
  return rest;
}

/** Luhn (ISO/IEC 7812-1 Annex B): doubling every second digit from the right, sum ≡ 0 mod 10. */
export function luhnValid(digits: string): boolean {
  if (!isDigits(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 0x30;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The Luhn check digit that completes `payload` (ISO/IEC 7812-1 Annex B). */
export function luhnCheckDigit(payload: string): number {
  for (let digit = 0; digit <= 9; digit += 1) {
    if (luhnValid(payload + String(digit))) return digit;
  }
  return 0;
}

/**
 * IBAN check (ISO 13616-1:2020 §6, ISO/IEC 7064 MOD 97-10): move the first four characters to the
 * end, turn letters into 10..35, and the number modulo 97 must be 1. `iban` is upper-case A-Z0-9.
 */
export function ibanMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let digits = '';
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    if (code >= 0x30 && code <= 0x39) digits += char;
    else if (code >= 0x41 && code <= 0x5a) digits += String(code - 0x41 + 10);
    else return -1;
  }
  return mod97(digits);
}

/**
 * Dutch BSN "elfproef" (Besluit BSN / Wet algemene bepalingen burgerservicenummer, art. 2 of the
 * Regeling): 9·d1 + 8·d2 + … + 2·d8 − 1·d9 must be divisible by 11.
 */
export function elfproefValid(digits: string): boolean {
  if (digits.length !== 9 || !isDigits(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += (9 - i) * (digits.charCodeAt(i) - 0x30);
  sum -= digits.charCodeAt(8) - 0x30;
  return sum % 11 === 0;
}

/**
 * ISO/IEC 7064 MOD 11,10 (hybrid system), as the German Steuer-ID uses it (BZSt, "Aufbau der
 * Identifikationsnummer", § 139b AO): the check digit that completes `payload`.
 */
export function iso7064Mod1110CheckDigit(payload: string): number {
  let product = 10;
  for (let i = 0; i < payload.length; i += 1) {
    let sum = (payload.charCodeAt(i) - 0x30 + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}
