import { CustodianError } from '../errors.js';
import type { DatastoreCollection } from '../map/index.js';
import type { Change, Match, Value } from './connector.js';

/** How a SQL database spells identifiers and parameters. */
export interface SqlDialect {
  readonly name: 'postgres' | 'mysql';
  /** Quotes one identifier: "x" for PostgreSQL, `x` for MySQL, the quote character doubled inside. */
  quote(identifier: string): string;
  /** The placeholder of the `index`-th parameter (0-based) of a statement. */
  placeholder(index: number): string;
  /**
   * Whether one statement may delete from several tables (PostgreSQL's data-modifying `with`),
   * its foreign keys checked when the statement ends, whatever order the tables were in.
   */
  readonly combinesDeletes: boolean;
}

export const POSTGRES_DIALECT: SqlDialect = {
  name: 'postgres',
  quote: (identifier) => `"${checked(identifier).replaceAll('"', '""')}"`,
  placeholder: (index) => `$${index + 1}`,
  combinesDeletes: true,
};

export const MYSQL_DIALECT: SqlDialect = {
  name: 'mysql',
  quote: (identifier) => `\`${checked(identifier).replaceAll('`', '``')}\``,
  placeholder: () => '?',
  // MySQL checks a foreign key at each row, and a multi-table delete picks its own order.
  combinesDeletes: false,
};

/** A NUL cannot be quoted in either dialect; validated declarations never hold one. */
function checked(identifier: string): string {
  if (identifier.length === 0 || identifier.includes('\0')) {
    throw new CustodianError(
      'datastore.identifier',
      'an empty or NUL-bearing identifier cannot be quoted',
    );
  }
  return identifier;
}

/** One statement with its parameters. */
export interface Statement {
  readonly sql: string;
  readonly params: readonly Value[];
}

/**
 * Parameters per statement: far below PostgreSQL's 65,535 and MySQL's placeholder limits, and small
 * enough that the planner still uses the index for an IN list.
 */
export const BATCH_PARAMETERS = 1000;

/** The table of a collection, schema-qualified when the declaration names a schema. */
export function tableOf(dialect: SqlDialect, collection: DatastoreCollection): string {
  const table = dialect.quote(collection.name);
  return collection.schema === undefined ? table : `${dialect.quote(collection.schema)}.${table}`;
}

/**
 * `(a, b) in ((?, ?), …)` for the tuples, or `a in (?, …)` for one column; tuples holding a null
 * are left out, since a null never identifies anyone (and `= null` matches nothing anyway).
 */
function inList(
  dialect: SqlDialect,
  columns: readonly string[],
  tuples: readonly (readonly Value[])[],
  offset: number,
  lower = false,
): { sql: string; params: Value[] } {
  const params: Value[] = [];
  const groups = tuples.map((tuple) => {
    const holes = tuple.map((value) => {
      params.push(value);
      return dialect.placeholder(offset + params.length - 1);
    });
    return columns.length === 1 ? (holes[0] ?? '') : `(${holes.join(', ')})`;
  });
  const target =
    columns.length === 1
      ? lower
        ? `lower(${dialect.quote(columns[0] ?? '')})`
        : dialect.quote(columns[0] ?? '')
      : `(${columns.map((column) => dialect.quote(column)).join(', ')})`;
  return { sql: `${target} in (${groups.join(', ')})`, params };
}

/**
 * Tuples per statement for a match on several columns. PostgreSQL expands `(a, b) in (…)` into an
 * OR of ANDs, and PGlite stops answering somewhere past 400 of them; 100 keeps well clear.
 */
export const BATCH_TUPLES = 100;

/**
 * Splits tuples of `width` values into batches of at most BATCH_PARAMETERS parameters (and
 * BATCH_TUPLES tuples when a tuple has several columns).
 */
export function batches<T>(items: readonly T[], width: number, columns = width): T[][] {
  const byParameters = Math.max(1, Math.floor(BATCH_PARAMETERS / Math.max(1, width)));
  const size = columns > 1 ? Math.min(byParameters, BATCH_TUPLES) : byParameters;
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    out.push(items.slice(start, start + size));
  return out;
}

/** Distinct tuples without nulls, each as wide as the match's fields. */
function usableTuples(match: Match): (readonly Value[])[] {
  const seen = new Set<string>();
  const out: (readonly Value[])[] = [];
  for (const tuple of match.values) {
    if (tuple.length !== match.fields.length) {
      throw new CustodianError(
        'datastore.match_width',
        `a match on ${match.fields.length} fields was given a tuple of ${tuple.length} values`,
      );
    }
    if (tuple.some((value) => value === null)) continue;
    const key = JSON.stringify(tuple.map((v) => (v instanceof Uint8Array ? [...v] : v)));
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(tuple);
  }
  return out;
}

/**
 * How a case-insensitive match compares one column (see `identityLookup`): `as-is` where the
 * column's collation ignores case already, `lower` otherwise. Absent: `lower`.
 */
export type FoldOf = (collection: DatastoreCollection, column: string) => 'as-is' | 'lower';

/**
 * A case-insensitive match with its values in lower case, and whether its column is compared
 * through `lower()`; any other match as it is. `toLowerCase` and SQL's `lower` agree on ASCII;
 * beyond it PostgreSQL's `lower` follows the database's locale (docs/datastores.md).
 */
function folded(
  collection: DatastoreCollection,
  match: Match,
  foldOf: FoldOf | undefined,
): { match: Match; lower: boolean } {
  const [field] = match.fields;
  if (match.caseInsensitive !== true || match.fields.length !== 1 || field === undefined) {
    return { match, lower: false };
  }
  return {
    match: {
      fields: match.fields,
      values: match.values.map((tuple) =>
        tuple.map((value) => (typeof value === 'string' ? value.toLowerCase() : value)),
      ),
    },
    lower: (foldOf?.(collection, field) ?? 'lower') === 'lower',
  };
}

/** The select statements finding the rows of one collection that match, batched. */
export function findStatements(
  dialect: SqlDialect,
  collection: DatastoreCollection,
  matches: readonly Match[],
  foldOf?: FoldOf,
): Statement[] {
  const table = tableOf(dialect, collection);
  return matches.flatMap((given) => {
    const { match, lower } = folded(collection, given, foldOf);
    return batches(usableTuples(match), match.fields.length).map((tuples) => {
      const where = inList(dialect, match.fields, tuples, 0, lower);
      return { sql: `select * from ${table} where ${where.sql}`, params: where.params };
    });
  });
}

/** The statements applying one change; the rows they touch add up to the change's count. */
export function changeStatements(
  dialect: SqlDialect,
  collection: DatastoreCollection,
  change: Change,
): Statement[] {
  const table = tableOf(dialect, collection);
  const key = collection.primaryKey;
  if (change.op === 'delete') {
    return batches(change.keys, key.length).map((keys) => {
      const where = inList(dialect, key, keys, 0);
      return { sql: `delete from ${table} where ${where.sql}`, params: where.params };
    });
  }
  const statements: Statement[] = [];
  const set = Object.entries(change.set ?? {});
  if (change.perRow === undefined) {
    if (set.length === 0) return [];
    for (const keys of batches(change.keys, key.length)) {
      const assignments = set.map(
        ([column], index) => `${dialect.quote(column)} = ${dialect.placeholder(index)}`,
      );
      const where = inList(dialect, key, keys, set.length);
      statements.push({
        sql: `update ${table} set ${assignments.join(', ')} where ${where.sql}`,
        params: [...set.map(([, value]) => value), ...where.params],
      });
    }
    return statements;
  }
  for (const [index, rowKey] of change.keys.entries()) {
    const values = Object.entries({ ...change.set, ...change.perRow[index] });
    if (values.length === 0) continue;
    const assignments = values.map(
      ([column], i) => `${dialect.quote(column)} = ${dialect.placeholder(i)}`,
    );
    const where = inList(dialect, key, [rowKey], values.length);
    statements.push({
      sql: `update ${table} set ${assignments.join(', ')} where ${where.sql}`,
      params: [...values.map(([, value]) => value), ...where.params],
    });
  }
  return statements;
}

/**
 * Deletes the rows of `collection` whose `columns` hold one of `tuples` (the rows part of others,
 * by their reference columns), in statements of at most BATCH_PARAMETERS parameters.
 */
export function deleteWhereIn(
  dialect: SqlDialect,
  collection: DatastoreCollection,
  columns: readonly string[],
  tuples: readonly (readonly Value[])[],
): Statement[] {
  const usable = tuples.filter((tuple) => tuple.every((value) => value !== null));
  return batches(usable, columns.length).map((group) => {
    const where = inList(dialect, columns, group, 0);
    return {
      sql: `delete from ${tableOf(dialect, collection)} where ${where.sql}`,
      params: where.params,
    };
  });
}

/** Parameters of one combined delete: well inside PostgreSQL's 65,535. */
export const COMBINED_PARAMETERS = 10_000;

/**
 * One statement deleting the rows of several collections, each by its keys, in data-modifying
 * `with` clauses; it returns one row with the count deleted from each (`c0`, `c1`, …). PostgreSQL
 * runs the clauses as one statement and checks foreign keys (NO ACTION and RESTRICT alike) when it
 * ends, so children and parents go together in any order; a key a row outside the statement still
 * references fails the whole statement, as it would fail the separate deletes. Each collection
 * appears once: two clauses changing the same row would leave the outcome to chance. The select
 * reads the clauses in the given order, so they run in it: a company's own delete trigger sees
 * the children gone before their parent, as it would with separate statements.
 */
export function combinedDelete(
  dialect: SqlDialect,
  deletes: readonly {
    readonly collection: DatastoreCollection;
    readonly keys: readonly (readonly Value[])[];
  }[],
): Statement {
  const params: Value[] = [];
  const clauses = deletes.map(({ collection, keys }, index) => {
    const where = inList(dialect, collection.primaryKey, keys, params.length);
    params.push(...where.params);
    return `d${index} as (delete from ${tableOf(dialect, collection)} where ${where.sql} returning 1)`;
  });
  const counts = deletes.map((_, index) => `(select count(*) from d${index})::int as c${index}`);
  return { sql: `with ${clauses.join(', ')} select ${counts.join(', ')}`, params };
}

/** One find of a combined read: the collection and its matches. */
export interface ReadPart {
  readonly collection: DatastoreCollection;
  readonly matches: readonly Match[];
}

/**
 * Several finds as few statements: each match batch of each part a branch of one `union all`,
 * returning the part's index (`q`) and the whole row as record text (`v`: each column as its
 * type's output function writes it, as the wire carries it), which the connector splits and
 * reads with its driver's parser per column type. Not `column::text`: that cast writes a boolean
 * as `true`, not `t`, drops a char(n)'s padding and adds a netmask to an inet. Statements are cut
 * at COMBINED_PARAMETERS. PostgreSQL only.
 */
export function combinedReads(
  dialect: SqlDialect,
  parts: readonly ReadPart[],
  foldOf?: FoldOf,
): Statement[] {
  const out: Statement[] = [];
  const row = dialect.quote('custodian_row');
  let branches: string[] = [];
  let params: Value[] = [];
  const flush = (): void => {
    if (branches.length > 0) out.push({ sql: branches.join(' union all '), params });
    branches = [];
    params = [];
  };
  for (const [index, part] of parts.entries()) {
    const table = tableOf(dialect, part.collection);
    for (const given of part.matches) {
      const { match, lower } = folded(part.collection, given, foldOf);
      for (const tuples of batches(usableTuples(match), match.fields.length)) {
        const width = tuples.length * match.fields.length;
        if (params.length + width > COMBINED_PARAMETERS) flush();
        const where = inList(dialect, match.fields, tuples, params.length, lower);
        params.push(...where.params);
        branches.push(
          `select ${index}::int as q, (${row}.*)::text as v from ${table} ${row} where ${where.sql}`,
        );
      }
    }
  }
  flush();
  return out;
}
