import { CustodianError } from '../errors.js';
import type { Datastore, DatastoreCollection } from '../map/index.js';
import type {
  ApplyOptions,
  Change,
  Connector,
  FindRead,
  LiveColumn,
  LockedChange,
  LockedResult,
  PageOptions,
  BoundOptions,
  Bound,
  DeleteWhere,
  LiveSchema,
  LiveTable,
  Match,
  Row,
  SampleOptions,
  Value,
} from './connector.js';
import {
  COUNT_TIMEOUT_MS,
  countStatement,
  boundStatement,
  deleteKeysStatement,
  deleteWhereStatement,
  lockWhereStatement,
  type StatementLimits,
  deleteLockedStatements,
  lockStatements,
  pageStatement,
  type Condition,
} from './count.js';
import { identityLookup } from './identity-lookup.js';
import { liveTableOf } from './live-table.js';
import {
  changeStatements,
  combinedDelete,
  combinedReads,
  COMBINED_PARAMETERS,
  deleteWhereIn,
  findStatements,
  type FoldOf,
  type ReadPart,
  type SqlDialect,
  type Statement,
} from './sql-dialect.js';
import { keyText, recordFields, toParam, toRow } from './values.js';

/** Runs one statement; rows as the driver returns them, and the rows a write touched. */
export type RunStatement = (
  sql: string,
  params: readonly unknown[],
) => Promise<{ rows: Record<string, unknown>[]; affected: number }>;

/** What a SQL connector needs of its driver: statements, a transaction, closing. */
export interface SqlSession {
  readonly run: RunStatement;
  /**
   * Every statement of the session's connections is cancelled after this many milliseconds (the
   * PostgreSQL pool's `statement_timeout`), unless a transaction sets its own.
   */
  readonly statementTimeoutMs?: number;
  /** Statements it can run side by side: the pool's connections. */
  readonly readsAtOnce?: number;
  /**
   * Reads a column's text as the driver reads its type (PostgreSQL type ids): given, the
   * connector reads a search round in one statement (`findMany`).
   */
  readonly parse?: (text: string, typeId: number) => unknown;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (run: RunStatement) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * A connector over any SQL session: the statements are built from the declaration, quoted per
 * dialect, with every value a parameter. Driver errors become CustodianErrors that carry the
 * driver's code only: driver messages can quote the values of a row (MySQL's "Duplicate entry
 * 'ana@example.com'"), and those are personal data.
 */
export function sqlConnector(
  datastore: Datastore,
  dialect: SqlDialect,
  session: SqlSession,
  introspect: (run: RunStatement) => Promise<LiveSchema>,
): Connector {
  const guarded = <T>(what: string, work: () => Promise<T>): Promise<T> =>
    work().catch((error: unknown) => {
      throw driverError(datastore, what, error);
    });
  /**
   * The live schema, read once per connector (connectors are opened per run): a search reads it
   * for the foreign keys, and a change writing a column the declaration does not name checks it
   * again. A failed read is not kept, so the next asks again.
   */
  let schema: Promise<LiveSchema> | undefined;
  const liveSchema = (): Promise<LiveSchema> => {
    schema ??= guarded('reading the schema', () => introspect(session.run)).catch(
      (error: unknown) => {
        schema = undefined;
        throw error;
      },
    );
    return schema;
  };

  /** Per column, how a case-insensitive lookup compares it, from the live schema. */
  const foldsOf =
    (live: LiveSchema): FoldOf =>
    (collection, column) =>
      identityLookup(liveTableOf(datastore, collection, live), column).comparison;

  const find = async (
    collection: DatastoreCollection,
    matches: readonly Match[],
  ): Promise<Row[]> => {
    for (const match of matches) checkNames(match.fields);
    return await guarded(`reading "${collection.name}"`, async () => {
      const found = new FoundRows(datastore, collection);
      const foldOf = matches.some((match) => match.caseInsensitive === true)
        ? foldsOf(await liveSchema())
        : undefined;
      for (const statement of findStatements(dialect, collection, matches, foldOf)) {
        const result = await session.run(statement.sql, statement.params.map(toParam));
        for (const raw of result.rows) found.add(toRow(raw));
      }
      return found.rows;
    });
  };

  /**
   * The finds of a search round in one statement: every read whose table the live schema knows
   * with its column types, as the branches of a `union all` returning each row as record text,
   * read back with the driver's own parsers, so each row is what `find` would give. Reads of
   * tables the schema does not know go through `find`, which reports them.
   */
  const findMany = async (
    reads: readonly FindRead[],
    parse: (text: string, typeId: number) => unknown,
  ): Promise<Row[][]> => {
    for (const read of reads) for (const match of read.matches) checkNames(match.fields);
    const live = await liveSchema();
    const parts: (ReadPart & { columns: readonly LiveColumn[] })[] = [];
    const partOf: (number | undefined)[] = [];
    for (const read of reads) {
      const columns = liveTableOf(datastore, read.collection, live)?.columns ?? [];
      if (columns.length === 0 || columns.some((column) => column.typeId === undefined)) {
        partOf.push(undefined);
        continue;
      }
      partOf.push(parts.length);
      parts.push({ ...read, columns });
    }
    const found = parts.map((part) => new FoundRows(datastore, part.collection));
    await guarded('reading', async () => {
      for (const statement of combinedReads(dialect, parts, foldsOf(live))) {
        const result = await session.run(statement.sql, statement.params.map(toParam));
        for (const raw of result.rows) {
          const index = Number(raw['q']);
          const part = parts[index];
          if (part === undefined) continue;
          const fields = recordFields(String(raw['v']));
          if (fields.length !== part.columns.length) {
            throw new CustodianError(
              'datastore.schema_changed',
              `"${datastore.id}.${part.collection.name}" changed while it was read; run again`,
              { details: { datastore: datastore.id, collection: part.collection.name } },
            );
          }
          const row: Record<string, unknown> = {};
          for (const [position, column] of part.columns.entries()) {
            const field = fields[position] ?? null;
            row[column.name] = field === null ? null : parse(field, column.typeId ?? 0);
          }
          found[index]?.add(toRow(row));
        }
      }
    });
    const rows: Row[][] = [];
    for (const [index, read] of reads.entries()) {
      const part = partOf[index];
      rows.push(
        part === undefined ? await find(read.collection, read.matches) : (found[part]?.rows ?? []),
      );
    }
    return rows;
  };

  /** A select Custodian built, read-only and bounded by `timeoutMs`. */
  const readBounded = async (
    what: string,
    statement: Statement,
    timeoutMs: number,
  ): Promise<Row[]> => {
    const params = statement.params.map(toParam);
    return await guarded(what, async () => {
      if (dialect.name !== 'postgres') {
        const bounded = `set statement max_statement_time = ${seconds(timeoutMs)} for ${statement.sql}`;
        // MySQL does not read MariaDB's `SET STATEMENT`: its optimizer hint bounds the select.
        const result = await session.run(bounded, params).catch((error: unknown) => {
          if (codeOf(error) !== 'ER_PARSE_ERROR') throw error;
          const hinted = statement.sql.replace(
            /^select /,
            `select /*+ MAX_EXECUTION_TIME(${milliseconds(timeoutMs)}) */ `,
          );
          return session.run(hinted, params);
        });
        return result.rows.map(toRow);
      }
      // A session whose connections bound every statement (the PostgreSQL pool) reads in one
      // round trip: a select Custodian built changes nothing.
      if (
        session.statementTimeoutMs !== undefined &&
        session.statementTimeoutMs <= Math.max(timeoutMs, COUNT_TIMEOUT_MS)
      ) {
        return (await session.run(statement.sql, params)).rows.map(toRow);
      }
      // A read-only transaction, so a read can change nothing, and a bounded one.
      return await session.transaction(async (run) => {
        await run(readOnlyFor(timeoutMs), []);
        return (await run(statement.sql, params)).rows.map(toRow);
      });
    });
  };

  const page = async (collection: DatastoreCollection, options: PageOptions): Promise<Row[]> => {
    checkNames(options.columns.length === 0 ? collection.primaryKey : options.columns);
    return await readBounded(
      `reading a page of "${collection.name}"`,
      pageStatement(dialect, collection, options),
      options.timeoutMs,
    );
  };

  const bound = async (
    collection: DatastoreCollection,
    options: BoundOptions,
  ): Promise<Bound | undefined> => {
    checkNames(collection.primaryKey);
    const [row] = await readBounded(
      `reading a page of "${collection.name}"`,
      boundStatement(dialect, collection, options),
      options.timeoutMs,
    );
    if (row === undefined) return undefined;
    return {
      through: collection.primaryKey.map((name) => row[name] ?? null),
      rows: Number(row['custodian_rows']),
    };
  };

  /**
   * The lock and statement limits of one transaction, first in it: PostgreSQL `set_config(…, true)`;
   * MariaDB per session, which only this run's connector uses. A statement waiting for a lock is
   * stopped by the lock timeout, not its own: the statement limit is at least half a second
   * longer, so a wait reads as `datastore.locked`.
   */
  const setLimits = async (run: RunStatement, limits: StatementLimits): Promise<void> => {
    if (dialect.name === 'postgres') {
      const statementMs = Math.max(limits.statementTimeoutMs, limits.lockTimeoutMs + 500);
      // Both in one round trip, for this transaction only.
      await run(
        `select set_config('lock_timeout', '${milliseconds(limits.lockTimeoutMs)}', true), set_config('statement_timeout', '${milliseconds(statementMs)}', true)`,
        [],
      );
      return;
    }
    // Whole seconds, at least one: InnoDB's lock wait knows no finer.
    const wait = Math.max(1, Math.ceil(limits.lockTimeoutMs / 1000));
    const statementMs = Math.max(limits.statementTimeoutMs, wait * 1000 + 500);
    await run(
      `set session innodb_lock_wait_timeout = ${wait}, max_statement_time = ${seconds(statementMs)}`,
      [],
    ).catch(async (error: unknown) => {
      // MySQL has no max_statement_time: its lock wait bounds the statements that lock.
      if (codeOf(error) !== 'ER_UNKNOWN_SYSTEM_VARIABLE') throw error;
      await run(`set session innodb_lock_wait_timeout = ${wait}`, []);
    });
  };

  /** Whether a delete of locked rows may be one statement (not on MySQL: no `SET STATEMENT`). */
  let oneStatementDeletes = true;

  /**
   * A self-committing delete (`deleteKeysStatement`, `deleteWhereStatement`): the rows it deleted,
   * or `undefined` when it cannot run here and the caller takes a transaction.
   */
  const deleteInOne = async (
    collection: DatastoreCollection,
    statement: Statement | undefined,
  ): Promise<number | undefined> => {
    if (statement === undefined || !oneStatementDeletes) return undefined;
    return await guarded(`changing "${collection.name}"`, async () => {
      try {
        return (await session.run(statement.sql, statement.params.map(toParam))).affected;
      } catch (error) {
        // MySQL reads no `SET STATEMENT`: a transaction from now on.
        if (codeOf(error) !== 'ER_PARSE_ERROR' || dialect.name === 'postgres') throw error;
        oneStatementDeletes = false;
        return undefined;
      }
    });
  };

  /**
   * Deletes the rows matching `where` in one short transaction that locks and re-checks them
   * first, within the same limits as `lockAndApply`: one statement where the database allows it,
   * else a locking select (which, unlike a MariaDB delete, locks no rows its subqueries read) and
   * a delete of the rows it locked.
   */
  const deleteWhere = async (work: DeleteWhere): Promise<number> => {
    const collection = collectionOf(datastore, work.collection.name);
    checkNames(collection.primaryKey);
    const deleted = await deleteInOne(
      collection,
      deleteWhereStatement(dialect, collection, work.where, work),
    );
    if (deleted !== undefined) return deleted;
    return await guarded(`changing "${collection.name}"`, () =>
      session.transaction(async (run) => {
        await setLimits(run, work);
        const lock = lockWhereStatement(dialect, collection, work.where);
        const locked = (await run(lock.sql, lock.params.map(toParam))).rows.map(toRow);
        if (locked.length === 0) return 0;
        const keys = locked.map((row) => collection.primaryKey.map((name) => row[name] ?? null));
        const plan = [
          changeStatements(dialect, collection, {
            op: 'delete',
            collection: collection.name,
            keys,
          }),
        ];
        const [count] = await runUnits(run, separate(plan), 1);
        return count ?? 0;
      }),
    );
  };

  /**
   * One short transaction: the lock and statement timeouts set first (PostgreSQL `set local`;
   * MariaDB per session, which only this run's connector uses), the rows locked and re-read, then
   * the changes made of them. A lock the company's application holds longer than the timeout fails
   * it with `datastore.locked`, and nothing is changed. A plain delete of the locked rows
   * (`deletesLocked`) is one self-committing statement where the database allows it.
   */
  const lockAndApply = async (work: LockedChange): Promise<LockedResult> => {
    const collection = collectionOf(datastore, work.collection.name);
    checkNames(work.columns.length === 0 ? collection.primaryKey : work.columns);
    const locks = lockStatements(dialect, collection, work.keys, work.where, work.columns);
    const deletesOnly = work.deletesLocked === true && (work.dependents ?? []).length === 0;
    if (deletesOnly) {
      const deleted = await deleteInOne(
        collection,
        deleteKeysStatement(dialect, collection, work.keys, work.where, work),
      );
      if (deleted !== undefined) return { locked: [], counts: [deleted], dependents: [] };
    }
    return await guarded(`changing "${collection.name}"`, () =>
      session.transaction(async (run) => {
        await setLimits(run, work);
        const locked: Row[] = [];
        if (dialect.name === 'postgres' && deletesOnly) {
          // Locked, re-checked and deleted in one statement per slice of keys.
          let deleted = 0;
          const statements =
            work.keys.length === 0
              ? []
              : deleteLockedStatements(dialect, collection, work.keys, work.where);
          for (const statement of statements) {
            deleted += (await run(statement.sql, statement.params.map(toParam))).affected;
          }
          return { locked, counts: [deleted], dependents: [] };
        }
        for (const statement of work.keys.length === 0 ? [] : locks) {
          const result = await run(statement.sql, statement.params.map(toParam));
          for (const raw of result.rows) locked.push(toRow(raw));
        }
        const dependents: number[] = [];
        for (const dependent of work.dependents ?? []) {
          const target = collectionOf(datastore, dependent.collection.name);
          const tuples = locked.map((row) => dependent.toFields.map((field) => row[field] ?? null));
          let deleted = 0;
          for (const statement of deleteWhereIn(dialect, target, dependent.fields, tuples)) {
            deleted += (await run(statement.sql, statement.params.map(toParam))).affected;
          }
          dependents.push(deleted);
        }
        const changes = work.changes(locked);
        for (const change of changes) {
          if (change.op !== 'update') continue;
          const target = collectionOf(datastore, change.collection);
          const undeclared = undeclaredColumns(target, [
            ...Object.keys(change.set ?? {}),
            ...(change.perRow ?? []).flatMap((row) => Object.keys(row)),
          ]);
          if (undeclared.length > 0) {
            await checkLinkColumns(datastore, target, change, undeclared, liveSchema);
          }
        }
        const plan = changes.map((change) =>
          changeStatements(dialect, collectionOf(datastore, change.collection), change),
        );
        const counts = await runUnits(run, separate(plan), changes.length);
        return { locked, counts, dependents };
      }),
    );
  };

  const { parse } = session;
  return {
    datastore,
    ...(session.readsAtOnce === undefined ? {} : { readsAtOnce: session.readsAtOnce }),
    find,
    ...(parse === undefined || dialect.name !== 'postgres'
      ? {}
      : { findMany: (reads: readonly FindRead[]) => findMany(reads, parse) }),
    async count(collection: DatastoreCollection, where: Condition): Promise<number> {
      const statement = countStatement(dialect, collection, where);
      const params = statement.params.map(toParam);
      return await guarded(`counting "${collection.name}"`, async () => {
        if (dialect.name !== 'postgres') {
          // Bounded as on PostgreSQL: MariaDB's `SET STATEMENT`, MySQL's optimizer hint.
          const bounded = `set statement max_statement_time = ${seconds(COUNT_TIMEOUT_MS)} for ${statement.sql}`;
          const result = await session.run(bounded, params).catch((error: unknown) => {
            if (codeOf(error) !== 'ER_PARSE_ERROR') throw error;
            const hinted = statement.sql.replace(
              /^select /,
              `select /*+ MAX_EXECUTION_TIME(${COUNT_TIMEOUT_MS}) */ `,
            );
            return session.run(hinted, params);
          });
          return Number(result.rows[0]?.['n'] ?? 0);
        }
        // PostgreSQL: a read-only transaction, so a count can change nothing, and a bounded one.
        return await session.transaction(async (run) => {
          await run(readOnlyFor(COUNT_TIMEOUT_MS), []);
          const result = await run(statement.sql, params);
          return Number(result.rows[0]?.['n'] ?? 0);
        });
      });
    },
    async apply(changes: readonly Change[], options: ApplyOptions = {}): Promise<number[]> {
      const plan: Statement[][] = [];
      const targets = changes.map((change) => ({
        change,
        collection: collectionOf(datastore, change.collection),
      }));
      for (const { change, collection } of targets) {
        if (change.op === 'update') {
          const undeclared = undeclaredColumns(collection, [
            ...Object.keys(change.set ?? {}),
            ...(change.perRow ?? []).flatMap((row) => Object.keys(row)),
          ]);
          if (undeclared.length > 0) {
            await checkLinkColumns(datastore, collection, change, undeclared, liveSchema);
          }
          if (change.perRow !== undefined && change.perRow.length !== change.keys.length) {
            throw new CustodianError(
              'datastore.change_invalid',
              `an update of "${collection.name}" has ${change.perRow.length} rows of values for ${change.keys.length} keys`,
            );
          }
        }
        plan.push(changeStatements(dialect, collection, change));
      }
      const units = dialect.combinesDeletes ? combine(dialect, targets, plan) : separate(plan);
      return await guarded('applying changes', () =>
        session.transaction(async (run) => {
          const counts = await runUnits(run, units, changes.length);
          await options.beforeCommit?.();
          return counts;
        }),
      );
    },
    page: (collection, options) => page(collection, options),
    bound: (collection, options) => bound(collection, options),
    deleteWhere: (work) => deleteWhere(work),
    lockAndApply: (work) => lockAndApply(work),
    introspect: liveSchema,
    sample: (table, column, options) =>
      guarded(`sampling a column of "${table.name}"`, () =>
        session.transaction(async (run) => {
          const statement = sampleStatement(dialect, table, column, options);
          for (const setting of statement.settings) await run(setting, []);
          const result = await run(statement.sql, []).catch((error: unknown) => {
            // MySQL does not read MariaDB's `SET STATEMENT`: the hint alone bounds it there.
            if (statement.fallback === undefined || codeOf(error) !== 'ER_PARSE_ERROR') throw error;
            return run(statement.fallback, []);
          });
          return result.rows.map((row) => {
            const value = row['v'];
            if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
            return value instanceof Date ? value.toISOString() : String(value);
          });
        }),
      ),
    close: () => session.close(),
  };
}

/**
 * The one statement that samples a column, and the settings run before it in the same
 * transaction: read-only, with a statement timeout (PostgreSQL `statement_timeout`, MariaDB
 * `max_statement_time`, MySQL `max_execution_time`). Identifiers are quoted by the dialect; the
 * limit and percentage are numbers checked here, never text from outside.
 */
export function sampleStatement(
  dialect: SqlDialect,
  table: LiveTable,
  column: string,
  options: SampleOptions,
): { settings: string[]; sql: string; fallback?: string } {
  const limit = Math.max(1, Math.min(10_000, Math.floor(options.limit)));
  const timeout = Math.max(1, Math.floor(options.timeoutMs));
  const name = dialect.quote(column);
  const from =
    dialect.name === 'postgres'
      ? `${dialect.quote(table.schema)}.${dialect.quote(table.name)}`
      : dialect.quote(table.name);
  const select = `select /*+ MAX_EXECUTION_TIME(${timeout}) */ cast(${name} as char) as v from ${from} where ${name} is not null limit ${limit}`;
  if (dialect.name === 'postgres') {
    const percent = options.pagesPercent;
    const sampled =
      percent !== undefined && Number.isFinite(percent) && percent > 0 && percent < 100
        ? ` tablesample system (${percent.toFixed(4)})`
        : '';
    return {
      settings: [readOnlyFor(timeout)],
      sql: `select ${name}::text as v from ${from}${sampled} where ${name} is not null limit ${limit}`,
    };
  }
  return {
    // MariaDB reads `SET STATEMENT … FOR`, MySQL the optimizer hint (a comment to MariaDB); MySQL
    // refuses the first form, and then runs the second.
    settings: [],
    sql: `set statement max_statement_time = ${(timeout / 1000).toFixed(3)} for ${select}`,
    fallback: select,
  };
}

/**
 * One column of a found row's key. A key column the table does not return would make every row
 * look like the same row and drop the rest: that is a declaration to fix, not rows to lose.
 */
function keyValue(
  datastore: Datastore,
  collection: DatastoreCollection,
  row: Row,
  column: string,
): Value {
  const value = row[column];
  if (value === undefined) {
    throw new CustodianError(
      'datastore.undeclared_column',
      `"${datastore.id}.${collection.name}" has no column "${column}" of its declared primaryKey`,
      { details: { datastore: datastore.id, collection: collection.name, column } },
    );
  }
  return value;
}

/** The declared collection a change names; a plan naming another is a bug, not bad input. */
function collectionOf(datastore: Datastore, name: string): DatastoreCollection {
  const collection = datastore.collections.find((candidate) => candidate.name === name);
  if (collection === undefined) {
    throw new CustodianError(
      'datastore.unknown_collection',
      `datastore "${datastore.id}" declares no collection "${name}"`,
      { details: { datastore: datastore.id, collection: name } },
    );
  }
  return collection;
}

/**
 * Only columns the declaration names are written to: fields, keys, reference columns and the
 * restriction flag. Quoting makes other names safe, but a change to an undeclared column is a plan
 * that went wrong. Returns the columns outside the declaration.
 */
function undeclaredColumns(collection: DatastoreCollection, columns: readonly string[]): string[] {
  const declared = new Set<string>([
    ...collection.primaryKey,
    ...collection.fields.map((field) => field.name),
    ...collection.references.flatMap((reference) => reference.fields),
    ...(collection.restrictionFlag === undefined ? [] : [collection.restrictionFlag]),
  ]);
  return [...new Set(columns.filter((column) => !declared.has(column)))];
}

/**
 * The one write to undeclared columns allowed: nulling, in every row alike, the columns of a
 * foreign key the live table really has (an erasure detaching another person's row from the
 * erased one, src/execution/plan.ts). Anything else is `datastore.undeclared_column`.
 */
async function checkLinkColumns(
  datastore: Datastore,
  collection: DatastoreCollection,
  change: Extract<Change, { op: 'update' }>,
  undeclared: readonly string[],
  liveSchema: () => Promise<LiveSchema>,
): Promise<void> {
  const refuse = (column: string): CustodianError =>
    new CustodianError(
      'datastore.undeclared_column',
      `column "${column}" is not declared in "${datastore.id}.${collection.name}"`,
      { details: { datastore: datastore.id, collection: collection.name, column } },
    );
  const nulledOnly = (column: string): boolean =>
    change.set?.[column] === null &&
    (change.perRow ?? []).every((row) => !Object.hasOwn(row, column));
  const first = undeclared.find((column) => !nulledOnly(column));
  if (first !== undefined) throw refuse(first);
  const table = (await liveSchema()).tables.find(
    (candidate) =>
      candidate.name === collection.name &&
      (collection.schema === undefined || candidate.schema === collection.schema),
  );
  const keyColumns = new Set(table?.foreignKeys.flatMap((key) => key.columns) ?? []);
  const outside = undeclared.find(
    (column) =>
      !keyColumns.has(column) ||
      table?.columns.find((candidate) => candidate.name === column)?.nullable !== true,
  );
  if (outside !== undefined) throw refuse(outside);
}

/**
 * PostgreSQL: makes the transaction read-only and bounds its statements, in one round trip
 * (`set_config(…, true)` is `set local`; a transaction may turn read-only after a query, never
 * back).
 */
function readOnlyFor(timeoutMs: number): string {
  return `select set_config('transaction_read_only', 'on', true), set_config('statement_timeout', '${milliseconds(timeoutMs)}', true)`;
}

/** A timeout as whole milliseconds, at least one, for a statement's text. */
function milliseconds(ms: number): number {
  return Math.max(1, Math.floor(Number.isFinite(ms) ? ms : 1));
}

/** A timeout in seconds with three decimals (MariaDB's `max_statement_time`). */
function seconds(ms: number): string {
  return (milliseconds(ms) / 1000).toFixed(3);
}

const COLUMN_NAME = /^[A-Za-z_][\w$]{0,62}$/;

/**
 * A find may use columns declared elsewhere (a reference from another datastore names this
 * collection's key), so it only needs plain names; quoting does the rest.
 */
function checkNames(columns: readonly string[]): void {
  if (columns.length === 0) {
    throw new CustodianError('datastore.match_width', 'a match names no column');
  }
  for (const column of columns) {
    if (!COLUMN_NAME.test(column)) {
      throw new CustodianError('datastore.undeclared_column', 'a match names an invalid column', {
        details: { column },
      });
    }
  }
}

/** Codes that mean the database cannot be reached or will not let us in. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
  'PROTOCOL_CONNECTION_LOST',
  'ER_ACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  '28P01', // invalid_password
  '28000', // invalid_authorization_specification
  '3D000', // invalid_catalog_name: no such database
  '57P03', // cannot_connect_now
]);

/** Codes that mean a lock was not had in time (the lock timeout, a deadlock): nothing changed. */
const LOCKED = new Set(['55P03', '40P01', 'ER_LOCK_WAIT_TIMEOUT', 'ER_LOCK_DEADLOCK', 'ER_1205']);

/** Codes that mean a statement was cancelled by its time limit. */
const TIMED_OUT = new Set(['57014', 'ER_STATEMENT_TIMEOUT', 'ER_QUERY_TIMEOUT', 'ER_1969']);

/** Driver codes worth a word of explanation; the rest are shown as they are. */
const EXPLAINED: Readonly<Record<string, string>> = {
  '42P01': 'no such table',
  '42703': 'no such column',
  '3F000': 'no such schema',
  '42501': 'permission denied',
  '23503': 'a foreign key forbids it',
  ER_NO_SUCH_TABLE: 'no such table',
  ER_BAD_FIELD_ERROR: 'no such column',
  ER_ROW_IS_REFERENCED_2: 'a foreign key forbids it',
  ER_TABLEACCESS_DENIED_ERROR: 'permission denied',
};

/** A CustodianError for a driver error, naming the datastore and the driver's code, never values. */
export function driverError(datastore: Datastore, what: string, error: unknown): CustodianError {
  if (error instanceof CustodianError) return error;
  const code = codeOf(error);
  if (code !== undefined && LOCKED.has(code)) {
    return new CustodianError(
      'datastore.locked',
      `datastore "${datastore.id}": ${what} waited too long for rows another transaction holds (${code}); nothing was changed, try again later`,
      { cause: error, details: { datastore: datastore.id, code } },
    );
  }
  if (code !== undefined && TIMED_OUT.has(code)) {
    return new CustodianError(
      'datastore.timeout',
      `datastore "${datastore.id}": ${what} ran past its time limit (${code}) and was cancelled`,
      { cause: error, details: { datastore: datastore.id, code } },
    );
  }
  if (code !== undefined && UNREACHABLE.has(code)) {
    return new CustodianError(
      'datastore.unreachable',
      `datastore "${datastore.id}" cannot be reached (${code})`,
      { cause: error, details: { datastore: datastore.id, code } },
    );
  }
  const explained =
    code === undefined ? '' : ` (${code}${EXPLAINED[code] ? ` ${EXPLAINED[code]}` : ''})`;
  return new CustodianError(
    'datastore.query_failed',
    `datastore "${datastore.id}": ${what} failed${explained}`,
    { cause: error, details: { datastore: datastore.id, ...(code === undefined ? {} : { code }) } },
  );
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.length > 0) return code;
  // mysql2 names the codes MySQL has; MariaDB's own (1969, a statement past its time) come as
  // their number only.
  const errno = (error as { errno?: unknown }).errno;
  if (typeof errno === 'number' && Number.isInteger(errno)) return `ER_${errno}`;
  const inner = (error as { errors?: unknown }).errors;
  return Array.isArray(inner) ? codeOf(inner[0]) : undefined;
}

/**
 * Statements to run in order and the changes whose counts they give: one change's statements, or
 * one statement standing for several deletes (`combined`, one count column per change).
 */
interface Unit {
  readonly changes: readonly number[];
  readonly statements: readonly Statement[];
  readonly combined: boolean;
}

function separate(plan: readonly (readonly Statement[])[]): Unit[] {
  return plan.map((statements, index) => ({ changes: [index], statements, combined: false }));
}

/**
 * Runs of consecutive deletes, each of one statement and each of another collection, merged into
 * one statement: a person's erasure in one round trip rather than one per table. Updates, and
 * deletes too large for one statement, stay as they are, in their places.
 */
function combine(
  dialect: SqlDialect,
  changes: readonly { readonly change: Change; readonly collection: DatastoreCollection }[],
  plan: readonly (readonly Statement[])[],
): Unit[] {
  const units: Unit[] = [];
  let run: { index: number; collection: DatastoreCollection; keys: Change['keys'] }[] = [];
  let parameters = 0;
  const flush = (): void => {
    const [first] = run;
    if (run.length === 1 && first !== undefined) {
      units.push({ changes: [first.index], statements: plan[first.index] ?? [], combined: false });
    } else if (run.length > 1) {
      units.push({
        changes: run.map(({ index }) => index),
        statements: [combinedDelete(dialect, run)],
        combined: true,
      });
    }
    run = [];
    parameters = 0;
  };
  for (const [index, { change, collection }] of changes.entries()) {
    const statements = plan[index] ?? [];
    const size = statements[0]?.params.length ?? 0;
    const fits =
      change.op === 'delete' &&
      statements.length === 1 &&
      !run.some((other) => sameTable(other.collection, collection));
    if (!fits) {
      flush();
      units.push({ changes: [index], statements, combined: false });
      continue;
    }
    if (parameters + size > COMBINED_PARAMETERS) flush();
    run.push({ index, collection, keys: change.keys });
    parameters += size;
  }
  flush();
  return units;
}

function sameTable(a: DatastoreCollection, b: DatastoreCollection): boolean {
  return a.name === b.name && a.schema === b.schema;
}

/** Runs the units in order; the rows each change touched, in the order of the changes. */
async function runUnits(
  run: RunStatement,
  units: readonly Unit[],
  changes: number,
): Promise<number[]> {
  const counts = new Array<number>(changes).fill(0);
  for (const unit of units) {
    for (const statement of unit.statements) {
      const result = await run(statement.sql, statement.params.map(toParam));
      if (unit.combined) {
        const row = result.rows[0] ?? {};
        for (const [position, change] of unit.changes.entries()) {
          counts[change] = Number(row[`c${position}`] ?? 0);
        }
      } else {
        const change = unit.changes[0] ?? 0;
        counts[change] = (counts[change] ?? 0) + result.affected;
      }
    }
  }
  return counts;
}

/** The rows one find returns, each once by primary key (see `keyValue`). */
class FoundRows {
  readonly rows: Row[] = [];
  readonly #seen = new Set<string>();

  constructor(
    private readonly datastore: Datastore,
    private readonly collection: DatastoreCollection,
  ) {}

  add(row: Row): void {
    const key = keyText(
      this.collection.primaryKey.map((column) =>
        keyValue(this.datastore, this.collection, row, column),
      ),
    );
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.rows.push(row);
  }
}
