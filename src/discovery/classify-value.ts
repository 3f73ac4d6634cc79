import { columnHint } from './column-hint.js';
import { matchDate } from './date-of-birth.js';
import { matchEmail } from './email.js';
import { matchIban } from './iban.js';
import { matchIpAddress } from './ip-address.js';
import type { ValueMatch } from './kinds.js';
import { matchBelgianId, matchDutchId, matchFrenchId, matchGermanId } from './national-id.js';
import { matchPaymentCard } from './payment-card.js';
import { matchPersonName } from './person-name.js';
import { matchPhone } from './phone.js';

/** What a classifier may know besides the value: the column's name, and today for birth dates. */
export interface ClassifyOptions {
  readonly column?: string;
  readonly today?: Date;
}

/** Longer values are free text, the special-category scanner's business, not a single value's. */
export const MAX_VALUE_LENGTH = 254;

/**
 * Every kind `value` matches, most confident first; empty when none. Never throws, never keeps
 * the value. @example classifyValue('BE68 5390 0754 7034') // [{ kind: 'iban', confidence: 0.97 }]
 */
export function classifyValue(value: string, options: ClassifyOptions = {}): ValueMatch[] {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_VALUE_LENGTH) return [];
  const hint = columnHint(options.column);
  const today = options.today ?? new Date();
  const matches: ValueMatch[] = [];
  for (const match of [
    matchEmail(trimmed, hint),
    matchIban(trimmed, hint),
    matchPaymentCard(trimmed, hint),
    matchBelgianId(trimmed, hint),
    matchDutchId(trimmed, hint),
    matchFrenchId(trimmed, hint),
    matchGermanId(trimmed, hint),
    matchIpAddress(trimmed, hint),
    matchDate(trimmed, hint, today),
    matchPhone(trimmed, hint),
    matchPersonName(trimmed, hint),
  ]) {
    if (match !== undefined) matches.push(match);
  }
  return matches.sort((a, b) => b.confidence - a.confidence);
}

/** The most confident kind `value` matches, or undefined. */
export function bestMatch(value: string, options: ClassifyOptions = {}): ValueMatch | undefined {
  return classifyValue(value, options)[0];
}
