import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { columnHint, type ColumnHint } from './column-hint.js';
import type { ValueMatch } from './kinds.js';

/** Countries whose national numbers (without +country code) are tried when the column says phone. */
const NATIONAL_COUNTRIES: readonly CountryCode[] = ['BE', 'NL', 'FR', 'DE', 'US'];
const PHONE_PUNCTUATION = ' -().\u00a0/';

/**
 * Phone numbers by libphonenumber-js with its full ("max") metadata, which checks each region's
 * number ranges, not just lengths: accuracy matters more than size on a server.
 */
export function matchPhone(value: string, hint: ColumnHint | undefined): ValueMatch | undefined {
  if (value.length < 7 || value.length > 32) return undefined;
  let digits = 0;
  for (let i = 0; i < value.length; i += 1) {
    const char = value.charAt(i);
    if (char >= '0' && char <= '9') digits += 1;
    else if (char === '+' && i === 0) continue;
    else if (!PHONE_PUNCTUATION.includes(char)) return undefined;
  }
  // ITU-T E.164: at most 15 digits; fewer than 7 is no subscriber number anywhere we read.
  if (digits < 7 || digits > 15) return undefined;
  const international = value.startsWith('+') || value.startsWith('00');
  if (international) {
    const text = value.startsWith('00') ? `+${value.slice(2)}` : value;
    const parsed = parsePhoneNumberFromString(text);
    if (parsed?.isValid() !== true) return undefined;
    return { kind: 'phone', confidence: hint === 'phone' ? 0.98 : 0.9 };
  }
  if (hint !== 'phone') return undefined;
  for (const country of NATIONAL_COUNTRIES) {
    if (parsePhoneNumberFromString(value, country)?.isValid() === true) {
      return { kind: 'phone', confidence: 0.85 };
    }
  }
  return undefined;
}

/** A phone number? International anywhere; national BE/NL/FR/DE/US ones when `column` says phone. */
export function classifyPhone(value: string, column?: string): ValueMatch | undefined {
  return matchPhone(value.trim(), columnHint(column));
}
