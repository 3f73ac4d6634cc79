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
  /** Rows whose primary key (`columns`, in order) comes after `key`, in key order. */
  | {
      readonly kind: 'keyAfter';
      readonly columns: readonly string[];
      readonly key: readonly Value[];
    }
  /** Rows whose primary key comes before `key` in key order, or is `key`. */
  | {
      readonly kind: 'keyAtMost';
      readonly columns: readonly string[];
      readonly key: readonly Value[];
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
    case 'keyAfter':
    case 'keyAtMost': {
      // Spelled out (`a > ? or (a = ? and b > ?)`) rather than as a row comparison, which every
      // planner turns into an index range.
      const { columns, key } = condition;
      if (key.length !== columns.length || columns.length === 0) {
        throw new CustodianError(
          'datastore.change_invalid',
          `a key of ${key.length} values for ${columns.length} key columns`,
        );
      }
      const last = columns.length - 1;
      const branches = columns.map((name, index) => {
        const equal = columns
          .slice(0, index)
          .map((prior, i) => `${column(prior)} = ${hole(key[i] ?? null)}`);
        const compare = condition.kind === 'keyAfter' ? '>' : index === last ? '<=' : '<';
        return [...equal, `${column(name)} ${compare} ${hole(key[index] ?? null)}`].join(' and ');
      });
      return branches.length === 1
        ? (branches[0] ?? '1 = 0')
        : branches.map((branch) => `(${branch})`).join(' or ');
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
  const page = keysetPage(dialect, collection, options, params);
  return {
    sql: `select ${selected(dialect, collection, options.columns)} ${page}`,
    params,
  };
}

/**
 * `from … where … order by <key> limit n` of a keyset page: the rows matching `where` after
 * `after`, in key order. Its values go to `params`.
 */
function keysetPage(
  dialect: SqlDialect,
  collection: DatastoreCollection,
  options: { readonly where: Condition; readonly after?: readonly Value[]; readonly limit: number },
  params: Value[],
): string {
  const where = compile(
    dialect,
    afterKey(collection, options.where, options.after),
    't0',
    0,
    params,
  );
  const key = collection.primaryKey.map((name) => `t0.${dialect.quote(name)}`).join(', ');
  const limit = Math.max(1, Math.min(100_000, Math.floor(options.limit)));
  return `from ${tableOf(dialect, collection)} t0 where ${where} order by ${key} limit ${limit}`;
}

/** `where`, and a key after `after` where one is given. */
function afterKey(
  collection: DatastoreCollection,
  where: Condition,
  after: readonly Value[] | undefined,
): Condition {
  if (after === undefined) return where;
  if (after.length !== collection.primaryKey.length) {
    throw new CustodianError(
      'datastore.change_invalid',
      `a page of "${collection.name}" starts after a key of ${after.length} values for ${collection.primaryKey.length} key columns`,
    );
  }
  return {
    kind: 'and',
    of: [where, { kind: 'keyAfter', columns: collection.primaryKey, key: after }],
  };
}

/**
 * Where the next keyset page would end, without reading it: the key of the `limit`-th row
 * matching `where` after `after` in key order (or of the last, when fewer match), with `custodian_rows`,
 * how many rows the page holds. No row when none match.
 */
export function boundStatement(
  dialect: SqlDialect,
  collection: DatastoreCollection,
  options: {
    readonly where: Condition;
    readonly after?: readonly Value[];
    readonly limit: number;
  },
): Statement {
  const params: Value[] = [];
  const page = keysetPage(dialect, collection, options, params);
  const key = (alias: string, order = ''): string =>
    collection.primaryKey.map((name) => `${alias}.${dialect.quote(name)}${order}`).join(', ');
  // The window counts the page's rows only: the page is a derived table with its own limit,
  // which neither planner merges into the outer query.
  return {
    sql: `select ${key('p')}, count(*) over () as custodian_rows from (select ${key('t0')} ${page}) p order by ${key('p', ' desc')} limit 1`,
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
 * Locks the rows matching `where` and reads their keys (`select … for update`), for a delete of
 * them in the same transaction; as `lockStatements`, PostgreSQL locks the table's own rows only.
 */
export function lockWhereStatement(
  dialect: SqlDialect,
  collection: DatastoreCollection,
  where: Condition,
): Statement {
  const params: Value[] = [];
  const condition = compile(dialect, where, 't0', 0, params);
  const lock = dialect.name === 'postgres' ? 'for update of t0' : 'for update';
  return {
    sql: `select ${selected(dialect, collection, [])} from ${tableOf(dialect, collection)} t0 where ${condition} ${lock}`,
    params,
  };
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
  limits: StatementLimits,
): Statement | undefined {
  if (keys.length === 0 || keys.length > DELETE_KEYS_AT_ONCE) return undefined;
  const [column] = collection.primaryKey;
  if (column === undefined) return undefined;
  const table = tableOf(dialect, collection);
  if (dialect.name === 'postgres') {
    const timeout = lockTimeoutFor(limits);
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
  // Columns named by the table's (`bounded`). One `in` for a one-column key, however many keys
  // (MariaDB reads a long list as ranges).
  let only: Statement;
  if (collection.primaryKey.length === 1) only = inList(dialect, table, column, keys, where);
  else if (keys.length <= BATCH_TUPLES) {
    only = compiled(dialect, { kind: 'and', of: [named(collection, keys), where] }, table);
  } else return undefined;
  return { sql: bounded(table, only.sql, limits), params: only.params };
}

/** The limits of one statement: its lock wait, and its own time. */
export interface StatementLimits {
  readonly lockTimeoutMs: number;
  readonly statementTimeoutMs: number;
}

/**
 * The rows of `collection` matching `where` (a keyset range of a sweep), locked, re-checked and
 * deleted in ONE self-committing statement with its lock wait bounded inside it, as in
 * `deleteKeysStatement`; `undefined` where that cannot be one statement (on MariaDB, a `where`
 * that reads other rows). The rows it deleted is its count.
 */
export function deleteWhereStatement(
  dialect: SqlDialect,
  collection: DatastoreCollection,
  where: Condition,
  limits: StatementLimits,
): Statement | undefined {
  const table = tableOf(dialect, collection);
  const params: Value[] = [];
  if (dialect.name === 'postgres') {
    const condition = compile(dialect, where, 't0', 0, params);
    return {
      sql: `delete from ${table} t0 where ${lockTimeoutFor(limits)} and (${condition})`,
      params,
    };
  }
  if (readsOtherRows(where)) return undefined;
  return { sql: bounded(table, compile(dialect, where, table, 0, params), limits), params };
}

/**
 * PostgreSQL: a condition that sets the lock timeout of the statement's own transaction, an
 * uncorrelated subquery evaluated once before the first row is locked.
 */
function lockTimeoutFor(limits: StatementLimits): string {
  const lockMs = Math.max(1, Math.floor(limits.lockTimeoutMs));
  return `(select set_config('lock_timeout', '${lockMs}', true)) is not null`;
}

/**
 * MariaDB: a single-table delete (quicker than the multi-table one; it names no alias, so its
 * columns are named by the table's) under `SET STATEMENT` limits. Whole seconds of lock wait, at
 * least one (InnoDB's lock wait knows no finer); the statement limit is half a second longer, so
 * a wait reads as `datastore.locked`.
 */
function bounded(table: string, condition: string, limits: StatementLimits): string {
  const wait = Math.max(1, Math.ceil(Math.max(1, Math.floor(limits.lockTimeoutMs)) / 1000));
  const statementMs = Math.max(Math.floor(limits.statementTimeoutMs), wait * 1000 + 500);
  return `set statement innodb_lock_wait_timeout = ${wait}, max_statement_time = ${(statementMs / 1000).toFixed(3)} for delete from ${table} where ${condition}`;
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
