import { CustodianError } from '../errors.js';
import type { DatastoreCollection } from '../map/index.js';
import type { Value } from './connector.js';
import { BATCH_TUPLES, tableOf, type SqlDialect, type Statement } from './sql-dialect.js';

/**
 * A condition on the rows of a collection, for counting (retention plans): built from validated
 * declarations only, compiled with every name quoted and every value a parameter. `exists` reads a
 * related collection of the same datastore, linked column to column.
 */
export type Condition =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'before'; readonly column: string; readonly at: Date }
  | { readonly kind: 'after'; readonly column: string; readonly at: Date }
  | { readonly kind: 'atOrAfter'; readonly column: string; readonly at: Date }
  | { readonly kind: 'isNull'; readonly column: string }
  | { readonly kind: 'isTrue'; readonly column: string }
  | {
      readonly kind: 'in';
      readonly columns: readonly string[];
      readonly tuples: readonly (readonly Value[])[];
    }
  | { readonly kind: 'and' | 'or'; readonly of: readonly Condition[] }
  | { readonly kind: 'not'; readonly of: Condition }
  | {
      readonly kind: 'exists';
      readonly collection: DatastoreCollection;
      /** Pairs of (column of the outer row, column of the related row). */
      readonly link: readonly (readonly [string, string])[];
      readonly where: Condition;
    };

/** How long one count may run on PostgreSQL before it is cancelled (the collection then fails). */
export const COUNT_TIMEOUT_MS = 60_000;

/** The most tuples one `in` may hold: callers split larger sets and add the counts. */
export const COUNT_TUPLES = 500;

/** `select count(*)` of the rows of `collection` matching `where`. */
export function countStatement(
  dialect: SqlDialect,
  collection: DatastoreCollection,
  where: Condition,
): Statement {
  const params: Value[] = [];
  const sql = compile(dialect, where, 't0', 0, params);
  return {
    sql: `select count(*) as n from ${tableOf(dialect, collection)} t0 where ${sql}`,
    params,
  };
}

function compile(
  dialect: SqlDialect,
  condition: Condition,
  alias: string,
  depth: number,
  params: Value[],
): string {
  const column = (name: string, at = alias): string => `${at}.${dialect.quote(name)}`;
  const hole = (value: Value): string => {
    params.push(value);
    return dialect.placeholder(params.length - 1);
  };
  switch (condition.kind) {
    case 'all':
      return '1 = 1';
    case 'none':
      return '1 = 0';
    case 'before':
      return `${column(condition.column)} < ${hole(condition.at)}`;
    case 'after':
      return `${column(condition.column)} > ${hole(condition.at)}`;
    case 'atOrAfter':
      return `${column(condition.column)} >= ${hole(condition.at)}`;
    case 'isNull':
      return `${column(condition.column)} is null`;
    case 'isTrue':
      return `${column(condition.column)} = ${hole(true)}`;
    case 'in': {
      if (condition.tuples.length === 0) return '1 = 0';
      if (condition.tuples.length > COUNT_TUPLES) {
        throw new CustodianError('datastore.change_invalid', 'too many keys in one count');
      }
      const target =
        condition.columns.length === 1
          ? column(condition.columns[0] ?? '')
          : `(${condition.columns.map((name) => column(name)).join(', ')})`;
      const groups = condition.tuples.map((tuple) =>
        tuple.length === 1
          ? hole(tuple[0] ?? null)
          : `(${tuple.map((value) => hole(value)).join(', ')})`,
      );
      return `${target} in (${groups.join(', ')})`;
    }
    case 'and':
    case 'or': {
      if (condition.of.length === 0) return condition.kind === 'and' ? '1 = 1' : '1 = 0';
      const parts = condition.of.map((part) => `(${compile(dialect, part, alias, depth, params)})`);
      return parts.join(` ${condition.kind} `);
    }
    case 'not':
      return `not (${compile(dialect, condition.of, alias, depth, params)})`;
    case 'exists': {
      const inner = `t${depth + 1}`;
      const link = condition.link
        .map(([outer, related]) => `${column(related, inner)} = ${column(outer)}`)
        .join(' and ');
      const where = compile(dialect, condition.where, inner, depth + 1, params);
      return `exists (select 1 from ${tableOf(dialect, condition.collection)} ${inner} where ${link} and (${where}))`;
    }
  }
}

/**
 * One keyset page: the rows matching `where` whose primary key comes after `after`, in primary-key
 * order, at most `limit`, with the key's columns and `columns`. The comparison is spelled out
 * (`a > ? or (a = ? and b > ?)`) rather than as a row comparison, which every planner turns into an
 * index range.
 */
export function pageStatement(
  dialect: SqlDialect,
  collection: DatastoreCollection,
  options: {
    readonly where: Condition;
    readonly after?: readonly Value[];
    readonly limit: number;
    readonly columns: readonly string[];
  },
): Statement {
  const params: Value[] = [];
  const key = collection.primaryKey;
  const conditions = [compile(dialect, options.where, 't0', 0, params)];
  if (options.after !== undefined) {
    if (options.after.length !== key.length) {
      throw new CustodianError(
        'datastore.change_invalid',
        `a page of "${collection.name}" starts after a key of ${options.after.length} values for ${key.length} key columns`,
      );
    }
    const hole = (value: Value): string => {
      params.push(value);
      return dialect.placeholder(params.length - 1);
    };
    const column = (name: string): string => `t0.${dialect.quote(name)}`;
    const after = options.after;
    const branches = key.map((name, index) => {
      const equal = key
        .slice(0, index)
        .map((prior, i) => `${column(prior)} = ${hole(after[i] ?? null)}`);
      return [...equal, `${column(name)} > ${hole(after[index] ?? null)}`].join(' and ');
    });
    conditions.push(branches.map((branch) => `(${branch})`).join(' or '));
  }
  const limit = Math.max(1, Math.min(100_000, Math.floor(options.limit)));
  return {
    sql: `select ${selected(dialect, collection, options.columns)} from ${tableOf(dialect, collection)} t0 where ${conditions.map((c) => `(${c})`).join(' and ')} order by ${key.map((name) => `t0.${dialect.quote(name)}`).join(', ')} limit ${limit}`,
    params,
  };
}

/**
 * Locks the rows named by `keys` that still match `where`, and reads them (`select … for update`):
 * one statement per COUNT_TUPLES keys (BATCH_TUPLES for a composite key). PostgreSQL locks the table's own rows only (`of t0`), not
 * the rows a condition reads in other tables.
 */
export function lockStatements(
  dialect: SqlDialect,
  collection: DatastoreCollection,
  keys: readonly (readonly Value[])[],
  where: Condition,
  columns: readonly string[],
): Statement[] {
  const lock = dialect.name === 'postgres' ? 'for update of t0' : 'for update';
  return keyedConditions(dialect, collection, keys, where).map(({ sql, params }) => ({
    sql: `select ${selected(dialect, collection, columns)} from ${tableOf(dialect, collection)} t0 where ${sql} ${lock}`,
    params,
  }));
}

/**
 * PostgreSQL: deletes the rows named by `keys` that still match `where`, returning their keys, one
 * statement per COUNT_TUPLES keys (BATCH_TUPLES for a composite key): the lock, the re-check and
 * the delete of `lockStatements` and a delete, in one.
 */
export function deleteLockedStatements(
  dialect: SqlDialect,
  collection: DatastoreCollection,
  keys: readonly (readonly Value[])[],
  where: Condition,
): Statement[] {
  const key = collection.primaryKey.map((name) => `t0.${dialect.quote(name)}`).join(', ');
  return keyedConditions(dialect, collection, keys, where).map(({ sql, params }) => ({
    sql: `delete from ${tableOf(dialect, collection)} t0 where ${sql} returning ${key}`,
    params,
  }));
}

/**
 * PostgreSQL, a one-column key: the lock, re-check and delete of `deleteLockedStatements` as ONE
 * statement that commits by itself, as a hand-written batched delete does: the keys travel as one
 * array (`= any($1)`), and the lock timeout is set for the statement's own transaction by an
 * uncorrelated subquery, evaluated once before the first row is locked.
 */
export function deleteByKeysStatement(
  dialect: SqlDialect,
  collection: DatastoreCollection,
  keys: readonly (readonly Value[])[],
  where: Condition,
  lockTimeoutMs: number,
): Statement {
  const [column] = collection.primaryKey;
  if (dialect.name !== 'postgres' || column === undefined || collection.primaryKey.length !== 1) {
    throw new CustodianError(
      'datastore.change_invalid',
      'one statement deletes by a one-column key on PostgreSQL only',
    );
  }
  const key = `t0.${dialect.quote(column)}`;
  const params: Value[] = [keys.map((tuple) => tuple[0] ?? null) as unknown as Value];
  const condition = compile(dialect, where, 't0', 0, params);
  const timeout = Math.max(1, Math.floor(lockTimeoutMs));
  return {
    sql: `delete from ${tableOf(dialect, collection)} t0 where (select set_config('lock_timeout', '${timeout}', true)) is not null and ${key} = any($1) and (${condition}) returning ${key}`,
    params,
  };
}

/** `where` and the keys, compiled per COUNT_TUPLES keys (BATCH_TUPLES for a composite key). */
function keyedConditions(
  dialect: SqlDialect,
  collection: DatastoreCollection,
  keys: readonly (readonly Value[])[],
  where: Condition,
): Statement[] {
  const out: Statement[] = [];
  // PostgreSQL expands a composite `in` into an OR of ANDs: fewer tuples then (sql-dialect.ts).
  const size = collection.primaryKey.length > 1 ? BATCH_TUPLES : COUNT_TUPLES;
  for (let start = 0; start < keys.length; start += size) {
    const params: Value[] = [];
    const named: Condition = {
      kind: 'in',
      columns: collection.primaryKey,
      tuples: keys.slice(start, start + size),
    };
    out.push({
      sql: compile(dialect, { kind: 'and', of: [named, where] }, 't0', 0, params),
      params,
    });
  }
  return out;
}

/** The key's columns, then the other columns asked for, each once. */
function selected(
  dialect: SqlDialect,
  collection: DatastoreCollection,
  columns: readonly string[],
): string {
  const names = [...new Set([...collection.primaryKey, ...columns])];
  return names.map((name) => `t0.${dialect.quote(name)}`).join(', ');
}
