import type { LiveIndex, LiveTable } from './connector.js';

/**
 * How a case-insensitive lookup of one column compares: `as-is` where the column's own
 * comparison already ignores case (citext, a case-insensitive collation), so a plain index on it
 * serves; `lower` otherwise (`lower(email) in (…)`), which only an index on `lower(email)` serves.
 */
export interface IdentityLookup {
  readonly comparison: 'as-is' | 'lower';
  /** Whether an index serves the lookup; undefined when the live table is unknown. */
  readonly indexed: boolean | undefined;
}

/**
 * The comparison a lookup of `column` uses in `table`, read from the live schema: for a
 * case-insensitive lookup (an email), `as-is` where the column ignores case, else `lower`; for any
 * other, `as-is`. Without a live table (not introspected), `lower`: right whatever the collation,
 * only slower.
 */
export function identityLookup(
  table: LiveTable | undefined,
  column: string,
  caseInsensitive = true,
): IdentityLookup {
  const live = table?.columns.find((candidate) => candidate.name === column);
  if (table === undefined || live === undefined) {
    return { comparison: caseInsensitive ? 'lower' : 'as-is', indexed: undefined };
  }
  const comparison = !caseInsensitive || live.caseInsensitive === true ? 'as-is' : 'lower';
  const wanted = comparison === 'as-is' ? bare(column) : `lower${bare(column)}`;
  // A b-tree serves a lookup on its first key part.
  const indexed = (table.indexes ?? []).some((index: LiveIndex) => {
    const first = index.keys[0];
    return first !== undefined && bare(first) === wanted;
  });
  return { comparison, indexed };
}

/**
 * A key part with quotes, spaces, parentheses and PostgreSQL's `::text` casts taken out, lower
 * case: `lower((email)::text)` and `lower("email")` are both `loweremail`. Plain string
 * replacements, no pattern: linear in the length.
 */
function bare(key: string): string {
  return key
    .toLowerCase()
    .replaceAll('::text', '')
    .replaceAll('::character varying', '')
    .replaceAll('"', '')
    .replaceAll('`', '')
    .replaceAll('(', '')
    .replaceAll(')', '')
    .replaceAll(' ', '');
}

/** The statement that would let a lookup use an index, for `datastores check`. */
export function lookupIndexFix(
  type: 'postgres' | 'mysql' | 'pglite',
  table: LiveTable,
  column: string,
  lookup: IdentityLookup,
): string {
  if (lookup.comparison === 'as-is') return `create index on ${table.name} (${column})`;
  if (type === 'mysql') {
    return `a case-insensitive collation on ${table.name}.${column} (e.g. utf8mb4_unicode_ci) with an index on it, or on MySQL 8: create index ${table.name}_${column}_lower on ${table.name} ((lower(${column})))`;
  }
  return `create index on ${table.name} (lower(${column}))`;
}
