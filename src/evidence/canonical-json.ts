import { CustodianError } from '../errors.js';

/**
 * JSON with object keys sorted (by UTF-16 code unit, JavaScript's default sort) and no whitespace:
 * one text per value, so a hash taken of it today can be taken again from what the database gives
 * back years later. Properties whose value is `undefined` are left out, as `JSON.stringify` does.
 *
 * Only what PostgreSQL's jsonb keeps exactly is accepted: plain objects, arrays, strings, finite
 * numbers, booleans and null. Anything else (a Date, a bigint, NaN, a string with NUL or a lone
 * surrogate) throws `evidence.invalid_details` instead of being stored in a form that no longer
 * hashes the same.
 */
export function canonicalJson(value: unknown): string {
  return write(value, []);
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function write(value: unknown, path: readonly string[]): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw invalid(path, 'a number that is not finite');
      return JSON.stringify(value);
    case 'string':
      // jsonb refuses \u0000; a lone surrogate has no UTF-8 form to store or hash.
      if (value.includes('\u0000')) throw invalid(path, 'a string with a NUL character');
      if (LONE_SURROGATE.test(value)) throw invalid(path, 'a string with a lone surrogate');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value
          .map((item, index) => {
            if (item === undefined) throw invalid([...path, String(index)], 'undefined');
            return write(item, [...path, String(index)]);
          })
          .join(',')}]`;
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        throw invalid(path, 'an object that is not plain data');
      }
      const record = value as Record<string, unknown>;
      const members: string[] = [];
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member === undefined) continue;
        if (LONE_SURROGATE.test(key) || key.includes('\u0000'))
          throw invalid(path, 'a malformed key');
        members.push(`${JSON.stringify(key)}:${write(member, [...path, key])}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      throw invalid(path, `a ${typeof value}`);
  }
}

function invalid(path: readonly string[], what: string): CustodianError {
  return new CustodianError(
    'evidence.invalid_details',
    `evidence details hold ${what}; only plain JSON data can be hashed and stored`,
    { details: { path: path.join('.') } },
  );
}
