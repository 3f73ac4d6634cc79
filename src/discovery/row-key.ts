import type { RowKey, Value } from '../datastores/connector.js';

/** A key value as JSON: dates and bytes tagged, everything else as it is. */
type KeyJson =
  string | number | boolean | null | { readonly $date: string } | { readonly $bytes: string };

/**
 * A row's primary key as the JSON text `special_findings.row_key` and
 * `special_watermarks.last_key` store: an array in the order of the collection's `primaryKey`,
 * dates as `{ "$date": iso }` and bytes as `{ "$bytes": base64 }`, so it reads back as the same
 * values for a page's `after` or a change's `keys`.
 */
export function encodeRowKey(key: RowKey): string {
  return JSON.stringify(
    key.map((value): KeyJson => {
      if (value instanceof Date) return { $date: value.toISOString() };
      if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
      return value;
    }),
  );
}

/** The key `encodeRowKey` wrote, as the database driver gives the JSON back (parsed or text). */
export function decodeRowKey(stored: unknown): RowKey {
  const parsed: unknown = typeof stored === 'string' ? JSON.parse(stored) : stored;
  if (!Array.isArray(parsed)) throw new Error('a stored row key is a JSON array');
  return parsed.map((item: unknown): Value => {
    if (item === null || ['string', 'number', 'boolean'].includes(typeof item)) {
      return item as Value;
    }
    const tagged = item as { $date?: unknown; $bytes?: unknown };
    if (typeof tagged.$date === 'string') return new Date(tagged.$date);
    if (typeof tagged.$bytes === 'string') {
      return new Uint8Array(Buffer.from(tagged.$bytes, 'base64'));
    }
    throw new Error('a stored row key holds plain values, dates or bytes');
  });
}
