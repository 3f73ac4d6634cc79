import type { Value } from './connector.js';

/**
 * Brings a driver's value to a connector `Value`: 64-bit integers (bigint) as decimal strings, binary
 * as a plain Uint8Array (not a Buffer), dates as Date. JSON and array columns become their JSON text,
 * so an access package carries them as the database holds them.
 */
export function toValue(raw: unknown): Value {
  if (raw === null || raw === undefined) return null;
  switch (typeof raw) {
    case 'string':
    case 'boolean':
      return raw;
    case 'number':
      return Number.isFinite(raw) ? raw : String(raw);
    case 'bigint':
      return raw.toString();
    default:
      break;
  }
  if (raw instanceof Date) return raw;
  if (raw instanceof Uint8Array) {
    return Buffer.isBuffer(raw)
      ? new Uint8Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength))
      : raw;
  }
  return JSON.stringify(raw, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
}

/** A row as a driver returns it, with every value normalised. */
export function toRow(raw: Readonly<Record<string, unknown>>): Record<string, Value> {
  const row: Record<string, Value> = {};
  for (const [column, value] of Object.entries(raw)) row[column] = toValue(value);
  return row;
}

/** A value as a query parameter: drivers know Buffers better than bare Uint8Arrays. */
export function toParam(value: Value): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value) : value;
}

/** A stable text form of a primary key, to deduplicate rows found by several matches. */
export function keyText(values: readonly Value[]): string {
  return JSON.stringify(
    values.map((value) =>
      value instanceof Date
        ? `d:${value.toISOString()}`
        : value instanceof Uint8Array
          ? `b:${Buffer.from(value).toString('hex')}`
          : value,
    ),
  );
}

/**
 * The fields of a PostgreSQL record as `record_out` writes it: `(1,t,,"a ""b""",)`. A field is
 * empty for NULL, bare, or double-quoted (always when empty, or holding a quote, a backslash,
 * a comma, a parenthesis or white space), with `""` and a backslash-escaped character standing for
 * themselves inside quotes. Each field is the column's text, as the wire would carry it.
 */
export function recordFields(text: string): (string | null)[] {
  if (!text.startsWith('(') || !text.endsWith(')')) {
    throw new Error('a record text is not in parentheses');
  }
  const fields: (string | null)[] = [];
  const end = text.length - 1;
  let at = 1;
  for (;;) {
    if (text[at] === '"') {
      // Quoted: up to the quote that is neither doubled nor escaped.
      let value = '';
      let from = at + 1;
      for (let scan = from; ; scan++) {
        if (scan >= end) throw new Error('a record text ends inside quotes');
        const char = text[scan];
        if (char === '\\') {
          value += text.slice(from, scan);
          from = scan + 1;
          scan += 1;
        } else if (char === '"' && text[scan + 1] === '"') {
          value += text.slice(from, scan + 1);
          from = scan + 2;
          scan += 1;
        } else if (char === '"') {
          value += text.slice(from, scan);
          at = scan + 1;
          break;
        }
      }
      fields.push(value);
    } else {
      // Bare: up to the next comma; empty is NULL.
      const comma = text.indexOf(',', at);
      const stop = comma === -1 || comma > end ? end : comma;
      fields.push(stop === at ? null : text.slice(at, stop));
      at = stop;
    }
    if (at >= end) return fields;
    at += 1; // the comma
  }
}
