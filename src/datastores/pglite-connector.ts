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
  ): Promise<{ rows: Record<string, unknown>[]; affectedRows?: number }>;
}

export interface PGliteLike extends PGliteQueryable {
  transaction<T>(work: (tx: PGliteQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly closed: boolean;
}

/**
 * PGlite reads int8 as a number when it fits and a bigint when not; read it as text, like pg does,
 * so a 64-bit id has one type whatever its size.
 */
const PARSERS = { 20: (text: string) => text };

/**
 * A connector to an embedded PGlite database (the demo shop). `owned`: close the instance with the
 * connector; pass false when the caller opened it and keeps using it.
 */
export function pgliteConnector(datastore: Datastore, pglite: PGliteLike, owned = true): Connector {
  const runOn =
    (queryable: PGliteQueryable): RunStatement =>
    async (sql, params) => {
      const result = await queryable.query(sql, [...params], {
        parsers: PARSERS,
      });
      return { rows: result.rows, affected: result.affectedRows ?? 0 };
    };
  return sqlConnector(
    datastore,
    POSTGRES_DIALECT,
    {
      run: runOn(pglite),
      transaction: (work) => pglite.transaction((tx) => work(runOn(tx))),
      close: async () => {
        if (owned && !pglite.closed) await pglite.close();
      },
    },
    introspectPostgres,
  );
}
