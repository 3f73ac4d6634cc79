import { classifyValue, type ClassifyOptions } from './classify-value.js';
import { columnHint, type ColumnHint } from './column-hint.js';
import { VALUE_KINDS, type ValueKind } from './kinds.js';

/** At most this many values of a column are classified; the rest of a larger sample is ignored. */
export const COLUMN_SAMPLE_LIMIT = 1000;
/** A column is of a kind when at least this share of its non-empty sampled values match it. */
export const COLUMN_MATCH_SHARE = 0.6;
/** Below this many non-empty values the confidence is scaled down: two rows prove little. */
const FULL_CONFIDENCE_VALUES = 10;

/** What a column holds, judged from a sample: counts and a confidence, never a value. */
export interface ColumnClassification {
  /** The kind most non-empty values match, when their share reaches COLUMN_MATCH_SHARE. */
  readonly kind: ValueKind | undefined;
  /** 0..1: the share of matching values × their mean confidence, less for tiny samples. */
  readonly confidence: number;
  /** Values looked at (≤ COLUMN_SAMPLE_LIMIT), empty ones included. */
  readonly sampled: number;
  /** Values that were neither null nor blank. */
  readonly nonEmpty: number;
  /** Non-empty values that match `kind` (0 when there is no kind). */
  readonly matched: number;
  /** For every kind some value matched, how many values matched it. */
  readonly counts: Readonly<Partial<Record<ValueKind, number>>>;
  /** What the column's name suggested, if anything. */
  readonly hint: ColumnHint | undefined;
}

/**
 * Decide a column's kind from a sample of its values (text as the database returns it; null for
 * NULL). A value may match several kinds (an 11-digit number can be Belgian and German): each
 * counts for all, and the kind with most matches (then the higher summed confidence) wins.
 */
export function classifyColumn(
  values: Iterable<string | null | undefined>,
  options: ClassifyOptions & { readonly column: string },
): ColumnClassification {
  const counts: Partial<Record<ValueKind, number>> = {};
  const confidenceSums: Partial<Record<ValueKind, number>> = {};
  let sampled = 0;
  let nonEmpty = 0;
  for (const value of values) {
    if (sampled >= COLUMN_SAMPLE_LIMIT) break;
    sampled += 1;
    if (value === null || value === undefined || value.trim() === '') continue;
    nonEmpty += 1;
    for (const match of classifyValue(value, options)) {
      counts[match.kind] = (counts[match.kind] ?? 0) + 1;
      confidenceSums[match.kind] = (confidenceSums[match.kind] ?? 0) + match.confidence;
    }
  }
  let best: ValueKind | undefined;
  for (const kind of VALUE_KINDS) {
    const count = counts[kind] ?? 0;
    if (count === 0) continue;
    const bestCount = best === undefined ? 0 : (counts[best] ?? 0);
    const better =
      count > bestCount ||
      (count === bestCount &&
        (confidenceSums[kind] ?? 0) > (best === undefined ? 0 : (confidenceSums[best] ?? 0)));
    if (better) best = kind;
  }
  const hint = columnHint(options.column);
  const matched = best === undefined ? 0 : (counts[best] ?? 0);
  if (best === undefined || nonEmpty === 0 || matched / nonEmpty < COLUMN_MATCH_SHARE) {
    return { kind: undefined, confidence: 0, sampled, nonEmpty, matched: 0, counts, hint };
  }
  const share = matched / nonEmpty;
  const meanConfidence = (confidenceSums[best] ?? 0) / matched;
  const sampleFactor = Math.min(1, nonEmpty / FULL_CONFIDENCE_VALUES);
  const confidence = Math.round(share * meanConfidence * sampleFactor * 1000) / 1000;
  return { kind: best, confidence, sampled, nonEmpty, matched, counts, hint };
}
