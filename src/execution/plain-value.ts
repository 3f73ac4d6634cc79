import type { Value } from '../datastores/connector.js';

/**
 * A connector value in a form JSON keeps exactly: dates and bytes are tagged, so a frozen plan
 * gives back the same keys and values it was made with (`Date` and `Uint8Array` do not survive
 * `JSON.stringify` as themselves).
 */
export type PlainValue =
  string | number | boolean | null | { readonly $date: string } | { readonly $bytes: string };

/** A value as a frozen plan stores it. */
export function toPlain(value: Value): PlainValue {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  return value;
}

/** The connector value a frozen plan stored. */
export function fromPlain(value: PlainValue): Value {
  if (value === null || typeof value !== 'object') return value;
  if ('$date' in value) return new Date(value.$date);
  return new Uint8Array(Buffer.from(value.$bytes, 'base64'));
}

/**
 * A value as a person reads it in an access package: dates as ISO 8601, bytes as base64
 * (GDPR Art. 20: structured, commonly used and machine-readable).
 */
export function toJsonSafe(value: Value): string | number | boolean | null {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}

/** One text per value, for sets and sorting: equal values (of the same type) give equal texts. */
export function valueKey(value: Value): string {
  return JSON.stringify(toPlain(value));
}

/** One text per tuple of values (a primary key, a composite reference). */
export function tupleKey(values: readonly Value[]): string {
  return JSON.stringify(values.map(toPlain));
}

/**
 * Orders values the way a person would read a list: numbers by size, everything else by its
 * text. Used to sort rows by primary key so packages and plans do not depend on the order a
 * database happened to return them in.
 */
export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  const left = valueKey(a);
  const right = valueKey(b);
  // Integers kept as strings (64-bit) sort by length first, so "9" comes before "10".
  if (typeof a === 'string' && typeof b === 'string' && /^-?\d+$/.test(a) && /^-?\d+$/.test(b)) {
    if (a.length !== b.length) return a.length - b.length;
  }
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Orders tuples element by element. */
export function compareTuples(a: readonly Value[], b: readonly Value[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const order = compareValues(a[index] ?? null, b[index] ?? null);
    if (order !== 0) return order;
  }
  return 0;
}
