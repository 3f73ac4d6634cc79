import { types, type ParserOptions } from '@electric-sql/pglite';
import type { Datastore } from '../map/index.js';
import type { Connector } from './connector.js';
import { introspectPostgres } from './introspect-postgres.js';
import { sqlConnector, type RunStatement } from './sql-connector.js';
import { POSTGRES_DIALECT } from './sql-dialect.js';

/** The subset of a PGlite instance (or its transaction) the connector needs, like Kysely's dialect config. */
export interface PGliteQueryable {
  query(
    sql: string,
    params?: unknown[],
    options?: { parsers?: Record<number, (text: string, typeId: number) => unknown> },
  ): Promise<{
    rows: Record<string, unknown>[];
    fields: readonly { name: string; dataTypeID: number }[];
    affectedRows?: number;
  }>;
}

export interface PGliteLike extends PGliteQueryable {
  /** The instance's parsers by type id, arrays of the database's types included. */
  readonly parsers?: ParserOptions;
  transaction<T>(work: (tx: PGliteQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly closed: boolean;
}

/** PostgreSQL's type id of int8 (bigint). */
const INT8 = 20;

/**
 * PGlite reads int8 as a number when it fits and a bigint when not; give it as text, like pg does,
 * so a 64-bit id has one type whatever its size. Both forms are exact, so their decimal text is the
 * database's. Done on the rows rather than with a `parsers` option to `query`: PGlite merges those
 * into its ~300 parsers on every call, which costs more than a short indexed read itself.
 */
function int8AsText(
  rows: Record<string, unknown>[],
  fields: readonly { name: string; dataTypeID: number }[],
): Record<string, unknown>[] {
  // A row keeps the last of columns sharing a name, so that column's type decides.
  const types = new Map(fields.map((field) => [field.name, field.dataTypeID]));
  const columns = [...types].filter(([, type]) => type === INT8).map(([name]) => name);
  if (columns.length === 0) return rows;
  for (const row of rows) {
    for (const column of columns) {
      const value = row[column];
      if (typeof value === 'number' || typeof value === 'bigint') row[column] = String(value);
    }
  }
  return rows;
}

/**
 * A connector to an embedded PGlite database (the demo shop). `owned`: close the instance with the
 * connector; pass false when the caller opened it and keeps using it.
 */
export function pgliteConnector(datastore: Datastore, pglite: PGliteLike, owned = true): Connector {
  const runOn =
    (queryable: PGliteQueryable): RunStatement =>
    async (sql, params) => {
      const result = await queryable.query(sql, [...params]);
      return { rows: int8AsText(result.rows, result.fields), affected: result.affectedRows ?? 0 };
    };
  const { parsers } = pglite;
  return sqlConnector(
    datastore,
    POSTGRES_DIALECT,
    {
      run: runOn(pglite),
      // The instance's own parsers (its array types are read from the database), int8 as text
      // as `int8AsText` gives it. Without them, a search reads one table at a time.
      ...(parsers === undefined
        ? {}
        : {
            parse: (text: string, typeId: number): unknown =>
              typeId === INT8 ? text : (types.parseType(text, typeId, parsers) as unknown),
          }),
      transaction: (work) => pglite.transaction((tx) => work(runOn(tx))),
      close: async () => {
        if (owned && !pglite.closed) await pglite.close();
      },
    },
    introspectPostgres,
  );
}
