import { createHmac, hkdfSync } from 'node:crypto';
import type { LiveColumn, Value } from '../datastores/connector.js';
import type { DatastoreField } from '../map/index.js';

/** How one field of a kept row is made to no longer identify the person. */
export type FieldStrategy = 'null' | 'mask' | 'hash' | 'generalise' | 'keep';

/** What `mask` writes into text. */
export const MASK = '[erased]';

/** The key erasure hashes are taken with, derived from the server secret for this use alone. */
export function erasureHashKey(secret: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'custodian erasure hash', 32));
}

/**
 * The value a strategy writes in place of `value`. Pure and deterministic, so a plan computed
 * twice writes the same values, and re-applying it changes nothing:
 * - `null`: null;
 * - `mask`: text becomes `[erased]` (cut to the column's length), numbers 0, dates 1970-01-01,
 *   booleans false, bytes empty;
 * - `hash`: the keyed HMAC-SHA256 (hex) of the value, cut to fit: rows stay distinguishable and
 *   joinable, but without the key no list of known emails can be hashed to find someone;
 * - `generalise`: dates to their year or month, text to a prefix of `keep` characters, numbers
 *   to `keep` significant digits (default 1);
 * - `keep`: the value itself.
 */
export function erasedValue(
  strategy: FieldStrategy,
  value: Value,
  options: {
    readonly hashKey: Buffer;
    readonly field?: Pick<DatastoreField, 'generalise'>;
    readonly column?: LiveColumn;
  },
): Value {
  if (value === null) return null;
  const kind = kindOf(value, options.column);
  const length = maxLength(options.column);
  switch (strategy) {
    case 'keep':
      return value;
    case 'null':
      return null;
    case 'mask':
      return mask(kind, value, length);
    case 'hash': {
      if (kind === 'date' || kind === 'boolean') return mask(kind, value, length);
      const digest = createHmac('sha256', options.hashKey).update(text(value)).digest('hex');
      if (kind === 'number') {
        // 28 bits: fits every integer column, even a 32-bit signed one.
        const number = Number.parseInt(digest.slice(0, 7), 16);
        return typeof value === 'string' ? String(number) : number;
      }
      if (kind === 'bytes') return new Uint8Array(Buffer.from(digest, 'hex'));
      return length === undefined ? digest : digest.slice(0, length);
    }
    case 'generalise':
      return generalise(kind, value, options.field?.generalise, length);
  }
}

type Kind = 'text' | 'number' | 'date' | 'boolean' | 'bytes';

function kindOf(value: Value, column: LiveColumn | undefined): Kind {
  const type = column?.type ?? '';
  if (
    /\b(?:int|bigint|smallint|tinyint|mediumint|numeric|decimal|real|double|float|serial)/.test(
      type,
    )
  ) {
    return type.startsWith('tinyint(1)') ? 'boolean' : 'number';
  }
  if (/\b(?:date|time)/.test(type)) return 'date';
  if (/\b(?:bool|boolean)\b/.test(type)) return 'boolean';
  if (value instanceof Date) return 'date';
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'text';
}

/**
 * The declared length of a text column: introspection's `maxLength`, else read from the type
 * (`character varying(20)`, `varchar(20)`).
 */
function maxLength(column: LiveColumn | undefined): number | undefined {
  if (column?.maxLength !== undefined) return column.maxLength;
  const match = /\((\d+)\)/.exec(column?.type ?? '');
  return match?.[1] === undefined || column?.type.includes('char') !== true
    ? undefined
    : Number(match[1]);
}

function mask(kind: Kind, value: Value, length: number | undefined): Value {
  switch (kind) {
    case 'number':
      return typeof value === 'string' ? '0' : 0;
    case 'date':
      return typeof value === 'string' ? '1970-01-01' : new Date(0);
    case 'boolean':
      return false;
    case 'bytes':
      return new Uint8Array(0);
    case 'text':
      return length === undefined ? MASK : MASK.slice(0, length);
  }
}

function generalise(
  kind: Kind,
  value: Value,
  how: DatastoreField['generalise'],
  length: number | undefined,
): Value {
  const to = how?.to ?? (kind === 'date' ? 'year' : kind === 'number' ? 'round' : 'prefix');
  if (kind === 'date') {
    const date = value instanceof Date ? value : new Date(text(value));
    if (Number.isNaN(date.getTime())) return mask(kind, value, length);
    const general = new Date(
      Date.UTC(date.getUTCFullYear(), to === 'month' ? date.getUTCMonth() : 0, 1),
    );
    return typeof value === 'string' ? general.toISOString().slice(0, 10) : general;
  }
  if (kind === 'number') {
    const number = Number(value);
    if (!Number.isFinite(number) || number === 0) return value;
    const digits = Math.max(how?.keep ?? 1, 1);
    const scale = 10 ** (Math.floor(Math.log10(Math.abs(number))) + 1 - digits);
    const rounded = Math.round(number / scale) * scale;
    return typeof value === 'string' ? String(rounded) : rounded;
  }
  if (kind === 'text') return text(value).slice(0, Math.min(how?.keep ?? 0, length ?? Infinity));
  return mask(kind, value, length);
}

function text(value: Value): string {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}
