import type { RowKey } from '../datastores/index.js';
import { fromPlain, toPlain, type PlainValue } from '../execution/index.js';

/**
 * The keys of the batches a sweep is about to apply, as `retention_progress.pending` stores them
 * (written with every batch's record, so kept small). Keys of one integer column, as most tables
 * have, are stored as runs `[first, step, count]`: a thousand consecutive ids, or every fifth, are
 * one run. Other keys are stored one by one, dates and bytes tagged (`toPlain`).
 */
export type StoredKeys =
  | readonly (readonly PlainValue[])[]
  | { readonly runs: readonly (readonly [number, number, number])[]; readonly text: boolean };

export function storeKeys(keys: readonly RowKey[]): StoredKeys {
  const runs = integerRuns(keys);
  return runs ?? keys.map((key) => key.map(toPlain));
}

export function loadKeys(stored: StoredKeys): RowKey[] {
  if (Array.isArray(stored)) {
    return (stored as readonly (readonly PlainValue[])[]).map((key) => key.map(fromPlain));
  }
  const { runs, text } = stored as Exclude<StoredKeys, readonly unknown[]>;
  const keys: RowKey[] = [];
  for (const [first, step, count] of runs) {
    for (let i = 0; i < count; i += 1) {
      const value = first + i * step;
      keys.push([text ? String(value) : value]);
    }
  }
  return keys;
}

/**
 * Runs of one-column integer keys (numbers, or integers as text that read back the same, as
 * PostgreSQL's and MariaDB's bigints come), or `undefined` when the keys are not such, or runs would
 * not be shorter than the list.
 */
function integerRuns(
  keys: readonly RowKey[],
): { runs: [number, number, number][]; text: boolean } | undefined {
  const first = keys[0]?.[0];
  if (first === undefined) return undefined;
  const text = typeof first === 'string';
  const values: number[] = [];
  for (const key of keys) {
    if (key.length !== 1) return undefined;
    const value = key[0];
    const number = text ? (typeof value === 'string' ? Number(value) : Number.NaN) : value;
    if (typeof number !== 'number' || !Number.isSafeInteger(number)) return undefined;
    if (text && String(number) !== value) return undefined;
    values.push(number);
  }
  const runs: [number, number, number][] = [];
  let index = 0;
  while (index < values.length) {
    const start = values[index] ?? 0;
    const next = values[index + 1];
    if (next === undefined) {
      runs.push([start, 1, 1]);
      break;
    }
    const step = next - start;
    let count = 2;
    while (values[index + count] === start + count * step) count += 1;
    runs.push([start, step, count]);
    index += count;
  }
  // A run is three numbers: worth it only where runs are longer than that.
  return runs.length * 3 < values.length ? { runs, text } : undefined;
}
