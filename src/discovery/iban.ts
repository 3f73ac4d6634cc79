import { ibanMod97 } from './checksums.js';
import { columnHint, type ColumnHint } from './column-hint.js';
import type { ValueMatch } from './kinds.js';

/** IBAN length per country, from the ISO 13616 IBAN registry (SWIFT, release 2024). */
const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 ' +
    'EE20 EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 ' +
    'IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 ' +
    'NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 ' +
    'TR26 UA29 VA22 VG24 XK20'
  )
    .split(' ')
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))] as const),
);

/** The IBAN without spaces, upper-cased, or undefined when it holds anything else. */
function compactIban(value: string): string | undefined {
  let compact = '';
  for (const char of value) {
    if (char === ' ') continue;
    const upper = char.toUpperCase();
    const isAlnum = (upper >= 'A' && upper <= 'Z') || (upper >= '0' && upper <= '9');
    if (!isAlnum) return undefined;
    compact += upper;
  }
  return compact;
}

/** ISO 13616: country code, length of that country, two check digits, MOD 97-10 remainder 1. */
export function matchIban(value: string, hint: ColumnHint | undefined): ValueMatch | undefined {
  if (value.length < 15 || value.length > 42) return undefined;
  const iban = compactIban(value);
  if (iban === undefined) return undefined;
  const length = IBAN_LENGTHS.get(iban.slice(0, 2));
  if (length === undefined || iban.length !== length) return undefined;
  if (ibanMod97(iban) !== 1) return undefined;
  return { kind: 'iban', confidence: hint === 'iban' ? 0.99 : 0.97 };
}

/** An IBAN? `classifyIban('BE68 5390 0754 7034')` → `{ kind: 'iban', confidence: 0.97 }`. */
export function classifyIban(value: string, column?: string): ValueMatch | undefined {
  return matchIban(value.trim(), columnHint(column));
}
