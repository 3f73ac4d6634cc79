import { durationDays } from './duration.js';
import type { DataMap, DatastoreCollection, Purpose } from './schema.js';

/**
 * The longest a purpose keeps data (GDPR Art. 5(1)(e)): its `duration`, or the `maximum` of its
 * criteria; null when it sets none (criteria ended by the law its `legalHold` names), undefined
 * when it states no retention at all.
 */
export function purposeMaximum(purpose: Purpose): string | null | undefined {
  const retention = purpose.retention;
  if (retention === undefined) return undefined;
  if ('duration' in retention) return retention.duration;
  return retention.maximum ?? null;
}

/** What a collection's retention rule resolves to. */
export type RetentionPeriod =
  | { readonly kind: 'period'; readonly period: string; readonly purposes: readonly string[] }
  /** A purpose sets no maximum (the law it names ends it): rows are never past retention. */
  | { readonly kind: 'unbounded'; readonly purposes: readonly string[] }
  /** A purpose is unknown or states no retention: the checker reports it. */
  | { readonly kind: 'unknown'; readonly purposes: readonly string[] };

/**
 * The period of a collection's retention rule: its own `period` when it gives one, else the longest
 * of its purposes' maxima (data serving several purposes is kept as long as the longest allows,
 * and no longer). Undefined when the collection declares no rule.
 */
export function collectionPeriod(
  map: DataMap,
  collection: DatastoreCollection,
): RetentionPeriod | undefined {
  const rule = collection.retention;
  if (rule === undefined) return undefined;
  const maxima: string[] = [];
  for (const id of rule.purposes) {
    const purpose = map.purposes.find((candidate) => candidate.id === id);
    const maximum = purpose === undefined ? undefined : purposeMaximum(purpose);
    if (maximum === undefined) return { kind: 'unknown', purposes: rule.purposes };
    if (maximum === null) {
      if (rule.period === undefined) return { kind: 'unbounded', purposes: rule.purposes };
      continue;
    }
    maxima.push(maximum);
  }
  if (rule.period !== undefined) {
    return { kind: 'period', period: rule.period, purposes: rule.purposes };
  }
  const longest = maxima.reduce((a, b) =>
    durationDays(b, 'longest') > durationDays(a, 'longest') ? b : a,
  );
  return { kind: 'period', period: longest, purposes: rule.purposes };
}
