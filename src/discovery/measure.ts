import { classifyColumn } from './classify-column.js';
import { classifyValue } from './classify-value.js';
import type { Corpus } from './corpus.js';
import { isPersonalKind, VALUE_KINDS, type ValueKind } from './kinds.js';

/** Counts and the precision and recall they give, for one kind at one level. */
export interface Score {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  /** TP / (TP + FP); 1 when the kind was never predicted. */
  readonly precision: number;
  /** TP / (TP + FN); 1 when the corpus holds none of the kind. */
  readonly recall: number;
}

/** Per personal kind, its score on single values and on whole columns. */
export type Scores = ReadonlyMap<ValueKind, { readonly value: Score; readonly column: Score }>;

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

function score(tally: Tally): Score {
  return {
    truePositives: tally.tp,
    falsePositives: tally.fp,
    falseNegatives: tally.fn,
    precision: tally.tp + tally.fp === 0 ? 1 : tally.tp / (tally.tp + tally.fp),
    recall: tally.tp + tally.fn === 0 ? 1 : tally.tp / (tally.tp + tally.fn),
  };
}

function count(
  tallies: Map<ValueKind, Tally>,
  predicted: ValueKind | undefined,
  truth: ValueKind | undefined,
): void {
  const tally = (kind: ValueKind): Tally => {
    let entry = tallies.get(kind);
    if (entry === undefined) {
      entry = { tp: 0, fp: 0, fn: 0 };
      tallies.set(kind, entry);
    }
    return entry;
  };
  if (predicted !== undefined && predicted === truth) tally(predicted).tp += 1;
  else {
    if (predicted !== undefined) tally(predicted).fp += 1;
    if (truth !== undefined) tally(truth).fn += 1;
  }
}

/**
 * Precision and recall of every personal kind on a labelled corpus: a value counts as its most
 * confident match (a bare `date` counts as nothing), a column as `classifyColumn`'s kind.
 */
export function measureClassifiers(corpus: Corpus, today: Date): Scores {
  const values = new Map<ValueKind, Tally>();
  const columns = new Map<ValueKind, Tally>();
  const personal = (kind: ValueKind | undefined) =>
    kind !== undefined && isPersonalKind(kind) ? kind : undefined;
  for (const item of corpus.values) {
    const best = classifyValue(item.value, { column: item.column, today })[0];
    count(values, personal(best?.kind), item.kind);
  }
  for (const column of corpus.columns) {
    const result = classifyColumn(
      column.values.map((item) => item.value),
      { column: column.column, today },
    );
    count(columns, personal(result.kind), column.kind);
  }
  const scores = new Map<ValueKind, { value: Score; column: Score }>();
  for (const kind of VALUE_KINDS) {
    if (!isPersonalKind(kind)) continue;
    const empty = { tp: 0, fp: 0, fn: 0 };
    scores.set(kind, {
      value: score(values.get(kind) ?? empty),
      column: score(columns.get(kind) ?? empty),
    });
  }
  return scores;
}
