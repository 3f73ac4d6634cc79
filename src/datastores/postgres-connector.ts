import pg from 'pg';
import type { Datastore } from '../map/index.js';
import type { Connector } from './connector.js';
import { COUNT_TIMEOUT_MS } from './count.js';
import { introspectPostgres } from './introspect-postgres.js';
import { sqlConnector, type RunStatement } from './sql-connector.js';
import { POSTGRES_DIALECT } from './sql-dialect.js';

/** Connections of the pool; a search runs as many reads at once. */
const CONNECTIONS = 4;

/** A `date` as the day it names, at UTC midnight; pg's default reads it in the local time zone. */
const TYPES = new pg.TypeOverrides();
TYPES.setTypeParser(pg.types.builtins.DATE, 'text', (text: string) =>
  /^\d{4}-\d\d-\d\d$/.test(text) ? new Date(`${text}T00:00:00Z`) : text,
);

/**
 * A connector to a company's PostgreSQL database through a `pg` pool. Nothing connects until the
 * first find, apply or introspect; `close` ends the pool.
 */
export function postgresConnector(datastore: Datastore, url: string): Connector {
  const pool = new pg.Pool({
    connectionString: url,
    max: CONNECTIONS,
    connectionTimeoutMillis: 10_000,
    // A bound on every statement of the company's database, as on counts (COUNT_TIMEOUT_MS);
    // transactions that need a shorter one set it themselves.
    statement_timeout: COUNT_TIMEOUT_MS,
    types: TYPES,
  });
  // An idle client losing its connection must not take the process down; the next query reports it.
  pool.on('error', () => undefined);

  const runOn =
    (client: pg.Pool | pg.PoolClient): RunStatement =>
    async (sql, params) => {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows as Record<string, unknown>[], affected: result.rowCount ?? 0 };
    };

  return sqlConnector(
    datastore,
    POSTGRES_DIALECT,
    {
      run: runOn(pool),
      readsAtOnce: CONNECTIONS,
      statementTimeoutMs: COUNT_TIMEOUT_MS,
      parse: (text, typeId) => {
        // @types/pg types the parser as taking a number; pg calls it with the column's text.
        const parser = TYPES.getTypeParser(typeId) as unknown as (value: string) => unknown;
        return parser(text);
      },
      async transaction(work) {
        const client = await pool.connect();
        try {
          await client.query('begin');
          const result = await work(runOn(client));
          await client.query('commit');
          return result;
        } catch (error) {
          await client.query('rollback').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    },
    introspectPostgres,
  );
}
