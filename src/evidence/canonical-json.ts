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
  return write(value, undefined);
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Where a value sits, kept as links to its parent and spelled out only for an error. */
interface Path {
  readonly parent: Path | undefined;
  readonly key: string;
}

function write(value: unknown, path: Path | undefined): string {
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
        let out = '[';
        for (let index = 0; index < value.length; index++) {
          const item: unknown = value[index];
          const at = { parent: path, key: String(index) };
          if (item === undefined) throw invalid(at, 'undefined');
          out += (index === 0 ? '' : ',') + write(item, at);
        }
        return `${out}]`;
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        throw invalid(path, 'an object that is not plain data');
      }
      const record = value as Record<string, unknown>;
      let out = '{';
      let first = true;
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member === undefined) continue;
        if (LONE_SURROGATE.test(key) || key.includes('\u0000'))
          throw invalid(path, 'a malformed key');
        out += `${first ? '' : ','}${JSON.stringify(key)}:${write(member, { parent: path, key })}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw invalid(path, `a ${typeof value}`);
  }
}

function invalid(path: Path | undefined, what: string): CustodianError {
  const keys: string[] = [];
  for (let at = path; at !== undefined; at = at.parent) keys.unshift(at.key);
  return new CustodianError(
    'evidence.invalid_details',
    `evidence details hold ${what}; only plain JSON data can be hashed and stored`,
    { details: { path: keys.join('.') } },
  );
}
