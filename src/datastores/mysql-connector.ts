import { createPool } from 'mysql2';
import type { Datastore } from '../map/index.js';
import type { Connector } from './connector.js';
import { introspectMysql } from './introspect-mysql.js';
import { sqlConnector, type RunStatement } from './sql-connector.js';
import { MYSQL_DIALECT } from './sql-dialect.js';

/** Connections of the pool; a search runs as many reads at once. */
const CONNECTIONS = 4;

/** What a statement returns through mysql2's promise wrapper: rows for a select, a header for a write. */
type Outcome = [unknown, unknown];

interface Queryable {
  query(sql: string, params: unknown[]): Promise<Outcome>;
}

const runOn =
  (queryable: Queryable): RunStatement =>
  async (sql, params) => {
    const [result] = await queryable.query(sql, [...params]);
    if (Array.isArray(result)) return { rows: result as Record<string, unknown>[], affected: 0 };
    return { rows: [], affected: (result as { affectedRows?: number }).affectedRows ?? 0 };
  };

/**
 * A connector to a company's MySQL or MariaDB database. The pool is mysql2's callback `createPool`
 * with its promise wrapper: the pool `mysql2/promise` creates hangs here. 64-bit integers and
 * decimals come back as strings, date-times in UTC; the client's FOUND_ROWS flag (mysql2's default)
 * makes an update count the rows it matched, so re-applying a change reports the same count.
 */
export function mysqlConnector(datastore: Datastore, url: string): Connector {
  const pool = createPool({
    uri: url,
    connectionLimit: CONNECTIONS,
    connectTimeout: 10_000,
    supportBigNumbers: true,
    bigNumberStrings: true,
    timezone: 'Z',
    multipleStatements: false,
  });
  // An idle connection dropping must not take the process down; the next query reports it.
  pool.on('connection', (connection) => connection.on('error', () => undefined));
  const promised = pool.promise();

  return sqlConnector(
    datastore,
    MYSQL_DIALECT,
    {
      run: runOn(promised),
      readsAtOnce: CONNECTIONS,
      async transaction(work) {
        const connection = await promised.getConnection();
        try {
          await connection.beginTransaction();
          const result = await work(runOn(connection));
          await connection.commit();
          return result;
        } catch (error) {
          await connection.rollback().catch(() => undefined);
          throw error;
        } finally {
          connection.release();
        }
      },
      close: () => promised.end(),
    },
    introspectMysql,
  );
}
