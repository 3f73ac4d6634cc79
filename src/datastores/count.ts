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
 * PostgreSQL: deletes the rows named by `keys` that still match `where`, one statement per
 * COUNT_TUPLES keys (BATCH_TUPLES for a composite key), for one transaction: the lock, the
 * re-check and the delete of `lockStatements` and a delete, in one. The rows each deleted is its
 * count.
 */
export function deleteLockedStatements(
  dialect: SqlDialect,
  collection: DatastoreCollection,
  keys: readonly (readonly Value[])[],
  where: Condition,
): Statement[] {
  return keyedConditions(dialect, collection, keys, where).map(({ sql, params }) => ({
    sql: `delete from ${tableOf(dialect, collection)} t0 where ${sql}`,
    params,
  }));
}

/** The most keys one self-committing delete names (`deleteKeysStatement`). */
export const DELETE_KEYS_AT_ONCE = 10_000;

/**
 * The lock, re-check and delete of `deleteLockedStatements` as ONE statement that commits by
 * itself, as a hand-written batched delete does, with its lock wait bounded inside it; `undefined`
 * where that cannot be one statement (more keys than DELETE_KEYS_AT_ONCE, or a composite key
 * beyond one `in`). The rows it deleted is its count.
 * - PostgreSQL: a one-column key travels as one array (`= any($1)`); the lock timeout is set for
 *   the statement's own transaction by an uncorrelated subquery, evaluated once before the first
 *   row is locked.
 * - MariaDB: `set statement innodb_lock_wait_timeout = …, max_statement_time = … for delete`,
 *   where `where` reads no other rows. MySQL reads no `SET STATEMENT` (a parse error; the caller
 *   then takes a transaction).
 */
export function deleteKeysStatement(
  dialect: SqlDialect,
  collection: DatastoreCollection,
  keys: readonly (readonly Value[])[],
  where: Condition,
  limits: { readonly lockTimeoutMs: number; readonly statementTimeoutMs: number },
): Statement | undefined {
  if (keys.length === 0 || keys.length > DELETE_KEYS_AT_ONCE) return undefined;
  const [column] = collection.primaryKey;
  if (column === undefined) return undefined;
  const table = tableOf(dialect, collection);
  const lockMs = Math.max(1, Math.floor(limits.lockTimeoutMs));
  if (dialect.name === 'postgres') {
    const timeout = `(select set_config('lock_timeout', '${lockMs}', true)) is not null`;
    if (collection.primaryKey.length === 1) {
      const params: Value[] = [keys.map((tuple) => tuple[0] ?? null) as unknown as Value];
      const condition = compile(dialect, where, 't0', 0, params);
      return {
        sql: `delete from ${table} t0 where ${timeout} and t0.${dialect.quote(column)} = any($1) and (${condition})`,
        params,
      };
    }
    const keyed = keyedConditions(dialect, collection, keys, where);
    const [only] = keyed;
    if (keyed.length !== 1 || only === undefined) return undefined;
    return { sql: `delete from ${table} t0 where ${timeout} and ${only.sql}`, params: only.params };
  }
  // MariaDB's delete takes shared locks on the rows its subqueries read (under REPEATABLE READ):
  // rows of the company's other tables, a parent its application may hold. A locking select does
  // not, so a condition that reads other rows takes the transaction.
  if (readsOtherRows(where)) return undefined;
  // A single-table delete, quicker than MariaDB's multi-table one, names no alias: its columns are
  // named by the table's. One `in` for a one-column key, however many keys (MariaDB reads a long
  // list as ranges).
  let only: Statement;
  if (collection.primaryKey.length === 1) only = inList(dialect, table, column, keys, where);
  else if (keys.length <= BATCH_TUPLES) {
    only = compiled(dialect, { kind: 'and', of: [named(collection, keys), where] }, table);
  } else return undefined;
  // Whole seconds, at least one: InnoDB's lock wait knows no finer. The statement limit is half a
  // second longer, so a wait reads as `datastore.locked`.
  const wait = Math.max(1, Math.ceil(lockMs / 1000));
  const statementMs = Math.max(Math.floor(limits.statementTimeoutMs), wait * 1000 + 500);
  return {
    sql: `set statement innodb_lock_wait_timeout = ${wait}, max_statement_time = ${(statementMs / 1000).toFixed(3)} for delete from ${table} where ${only.sql}`,
    params: only.params,
  };
}

function readsOtherRows(condition: Condition): boolean {
  switch (condition.kind) {
    case 'exists':
      return true;
    case 'and':
    case 'or':
      return condition.of.some(readsOtherRows);
    case 'not':
      return readsOtherRows(condition.of);
    default:
      return false;
  }
}

/** `t0.column in (…)` and `where`, however many keys: for one statement, not a count. */
function inList(
  dialect: SqlDialect,
  alias: string,
  column: string,
  keys: readonly (readonly Value[])[],
  where: Condition,
): Statement {
  const params: Value[] = keys.map((tuple) => tuple[0] ?? null);
  const holes = params.map((_, i) => dialect.placeholder(i)).join(', ');
  const condition = compile(dialect, where, alias, 0, params);
  return { sql: `${alias}.${dialect.quote(column)} in (${holes}) and (${condition})`, params };
}

function named(collection: DatastoreCollection, keys: readonly (readonly Value[])[]): Condition {
  return { kind: 'in', columns: collection.primaryKey, tuples: keys };
}

function compiled(dialect: SqlDialect, condition: Condition, alias = 't0'): Statement {
  const params: Value[] = [];
  return { sql: compile(dialect, condition, alias, 0, params), params };
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
    const chunk = keys.slice(start, start + size);
    out.push(compiled(dialect, { kind: 'and', of: [named(collection, chunk), where] }));
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
