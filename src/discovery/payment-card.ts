import { luhnValid } from './checksums.js';
import { columnHint, type ColumnHint } from './column-hint.js';
import type { ValueMatch } from './kinds.js';

/** The digits of a card number written with one kind of separator (space or hyphen) or none. */
function cardDigits(value: string): string | undefined {
  let digits = '';
  let separator: string | undefined;
  for (const char of value) {
    if (char >= '0' && char <= '9') {
      digits += char;
    } else if (char === ' ' || char === '-') {
      if (separator !== undefined && separator !== char) return undefined;
      separator = char;
    } else {
      return undefined;
    }
  }
  return digits;
}

function between(prefix: string, low: number, high: number): boolean {
  const number = Number(prefix);
  return number >= low && number <= high;
}

/** Whether the issuer identification number (ISO/IEC 7812-1) and length belong to a card brand. */
function plausibleIin(digits: string): boolean {
  const n = digits.length;
  const first = digits.charAt(0);
  const two = digits.slice(0, 2);
  if (first === '4') return n === 13 || n === 16 || n === 19; // Visa
  if (between(two, 51, 55) || between(digits.slice(0, 4), 2221, 2720)) return n === 16; // Mastercard
  if (two === '34' || two === '37') return n === 15; // American Express
  if (between(digits.slice(0, 3), 300, 305) || two === '36' || two === '38' || two === '39') {
    return n >= 14 && n <= 19; // Diners Club
  }
  if (between(digits.slice(0, 4), 3528, 3589)) return n >= 16 && n <= 19; // JCB
  if (digits.startsWith('6011') || between(digits.slice(0, 3), 644, 649) || two === '65') {
    return n >= 16 && n <= 19; // Discover
  }
  if (two === '62') return n >= 16 && n <= 19; // UnionPay
  if (two === '50' || between(two, 56, 69)) return n >= 12 && n <= 19; // Maestro, Bancontact
  return false;
}

/** A payment card number: 12–19 digits, a known IIN range and length, Luhn (ISO/IEC 7812-1). */
export function matchPaymentCard(
  value: string,
  hint: ColumnHint | undefined,
): ValueMatch | undefined {
  if (value.length < 12 || value.length > 23) return undefined;
  const digits = cardDigits(value);
  if (digits === undefined || digits.length < 12 || digits.length > 19) return undefined;
  if (!plausibleIin(digits) || !luhnValid(digits)) return undefined;
  if (hint === 'payment-card') return { kind: 'payment-card', confidence: 0.97 };
  return { kind: 'payment-card', confidence: digits.length === value.length ? 0.8 : 0.9 };
}

/** A payment card number? `classifyPaymentCard('4111 1111 1111 1111')` → payment-card. */
export function classifyPaymentCard(value: string, column?: string): ValueMatch | undefined {
  return matchPaymentCard(value.trim(), columnHint(column));
}
