import { elfproefValid, isDigits, iso7064Mod1110CheckDigit, mod97 } from './checksums.js';
import { columnHint, type ColumnHint } from './column-hint.js';
import type { ValueMatch } from './kinds.js';

/** `value` without the separators people write in identity numbers (space, dot, hyphen, slash). */
function stripSeparators(value: string): string {
  let out = '';
  for (const char of value)
    if (char !== ' ' && char !== '.' && char !== '-' && char !== '/') out += char;
  return out;
}

function confidence(hinted: boolean, otherIdHint: boolean, unhinted: number): number {
  if (hinted) return 0.97;
  return otherIdHint ? unhinted - 0.2 : unhinted;
}

/**
 * Belgian rijksregisternummer / INSZ (Wet van 8 augustus 1983, KB of 3 April 1984): YYMMDD, a
 * sequence 001–998, and 97 − (first nine digits mod 97). For people born from 2000 on, the check
 * is computed over "2" followed by the nine digits. Bis numbers add 20 or 40 to the month.
 */
export function matchBelgianId(
  value: string,
  hint: ColumnHint | undefined,
): ValueMatch | undefined {
  if (value.length < 11 || value.length > 16) return undefined;
  const digits = stripSeparators(value);
  if (digits.length !== 11 || !isDigits(digits)) return undefined;
  const month = Number(digits.slice(2, 4)) % 20;
  const monthBase = Number(digits.slice(2, 4)) - month;
  const day = Number(digits.slice(4, 6));
  const sequence = Number(digits.slice(6, 9));
  if (monthBase > 40 || month > 12 || day > 31 || sequence < 1 || sequence > 998) return undefined;
  const check = Number(digits.slice(9));
  const base = digits.slice(0, 9);
  if (97 - mod97(base) !== check && 97 - mod97(`2${base}`) !== check) return undefined;
  const formatted = digits.length !== value.length;
  const unhinted = formatted ? 0.9 : 0.7;
  return {
    kind: 'national-id-be',
    confidence: confidence(hint === 'national-id-be', isOtherId(hint, 'national-id-be'), unhinted),
  };
}

/** Dutch burgerservicenummer: nine digits passing the elfproef (see `elfproefValid`). */
export function matchDutchId(value: string, hint: ColumnHint | undefined): ValueMatch | undefined {
  if (value.length < 8 || value.length > 12) return undefined;
  let digits = stripSeparators(value);
  // A BSN stored as an integer loses its leading zero; only the column's name makes that safe.
  if (digits.length === 8 && hint === 'national-id-nl') digits = `0${digits}`;
  if (digits.length !== 9 || digits === '000000000' || !elfproefValid(digits)) return undefined;
  return {
    kind: 'national-id-nl',
    confidence: confidence(hint === 'national-id-nl', isOtherId(hint, 'national-id-nl'), 0.55),
  };
}

/**
 * French NIR (numéro d'inscription au répertoire, INSEE; décret 82-103): sex, YY, MM, department
 * (2A/2B for Corsica, counted as 19 and 18), commune, order, then key = 97 − (number mod 97).
 */
export function matchFrenchId(value: string, hint: ColumnHint | undefined): ValueMatch | undefined {
  if (value.length < 15 || value.length > 21) return undefined;
  const compact = stripSeparators(value).toUpperCase();
  if (compact.length !== 15) return undefined;
  const department = compact.slice(5, 7);
  let numeric = compact;
  if (department === '2A') numeric = `${compact.slice(0, 5)}19${compact.slice(7)}`;
  else if (department === '2B') numeric = `${compact.slice(0, 5)}18${compact.slice(7)}`;
  if (!isDigits(numeric)) return undefined;
  const sex = numeric.charAt(0);
  // 1/2: born or registered; 7/8: temporary numbers of people born abroad.
  if (sex !== '1' && sex !== '2' && sex !== '7' && sex !== '8') return undefined;
  const month = Number(numeric.slice(3, 5));
  // 01–12; 20–42 and 50–99 where the month of birth is unknown (INSEE practice).
  if (month === 0 || (month > 12 && month < 20) || (month > 42 && month < 50)) return undefined;
  if (department === '00') return undefined;
  const key = Number(numeric.slice(13));
  if (key < 1 || key > 97 || 97 - mod97(numeric.slice(0, 13)) !== key) return undefined;
  return {
    kind: 'national-id-fr',
    confidence: confidence(hint === 'national-id-fr', isOtherId(hint, 'national-id-fr'), 0.88),
  };
}

/**
 * German Steuerliche Identifikationsnummer (§ 139b AO; BZSt, "Aufbau der IdNr"): 11 digits, no
 * leading zero; in the first ten one digit appears twice or three times (never three in a row) and
 * the others at most once; the eleventh is the ISO/IEC 7064 MOD 11,10 check digit.
 */
export function matchGermanId(value: string, hint: ColumnHint | undefined): ValueMatch | undefined {
  if (value.length < 11 || value.length > 14) return undefined;
  const digits = stripSeparators(value);
  if (digits.length !== 11 || !isDigits(digits) || digits.startsWith('0')) return undefined;
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 10; i += 1) {
    const digit = digits.charCodeAt(i) - 0x30;
    counts[digit] = (counts[digit] ?? 0) + 1;
  }
  const repeated = counts.filter((count) => count > 1);
  if (repeated.length !== 1 || (repeated[0] ?? 0) > 3) return undefined;
  for (let i = 2; i < 10; i += 1) {
    if (digits[i] === digits[i - 1] && digits[i] === digits[i - 2]) return undefined;
  }
  if (iso7064Mod1110CheckDigit(digits.slice(0, 10)) !== Number(digits.charAt(10))) return undefined;
  return {
    kind: 'national-id-de',
    confidence: confidence(hint === 'national-id-de', isOtherId(hint, 'national-id-de'), 0.6),
  };
}

/** The column names another country's identity number: this one is then less likely. */
function isOtherId(hint: ColumnHint | undefined, own: ColumnHint): boolean {
  return hint !== undefined && hint !== own && hint.startsWith('national-id-');
}

/** A Belgian rijksregisternummer? `classifyBelgianId('85.07.30-033.28')` → national-id-be. */
export function classifyBelgianId(value: string, column?: string): ValueMatch | undefined {
  return matchBelgianId(value.trim(), columnHint(column));
}

/** A Dutch BSN? `classifyDutchId('111222333')` → national-id-nl. */
export function classifyDutchId(value: string, column?: string): ValueMatch | undefined {
  return matchDutchId(value.trim(), columnHint(column));
}

/** A French NIR (numéro de sécurité sociale)? Accepts 2A/2B departments. */
export function classifyFrenchId(value: string, column?: string): ValueMatch | undefined {
  return matchFrenchId(value.trim(), columnHint(column));
}

/** A German Steuer-ID? `classifyGermanId('86095742719')` → national-id-de. */
export function classifyGermanId(value: string, column?: string): ValueMatch | undefined {
  return matchGermanId(value.trim(), columnHint(column));
}
