import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2';

/**
 * The MariaDB/MySQL server suites run against, mirroring stores.ts for PostgreSQL: TEST_MYSQL_URL
 * when set, else the local default when it answers. CI sets CUSTODIAN_REQUIRE_SERVICES=1, and then
 * a missing server fails the run instead of skipping.
 */
const DEFAULT_URL = 'mysql://root@127.0.0.1:3306/test';
const REQUIRED = process.env['CUSTODIAN_REQUIRE_SERVICES'] === '1';

/** Runs `work` on one connection to `url` (callback API behind its promise wrapper). */
export async function withMysql<T>(
  url: string,
  work: (query: (sql: string, params?: unknown[]) => Promise<unknown>) => Promise<T>,
): Promise<T> {
  const connection = createConnection({ uri: url, connectTimeout: 3000, multipleStatements: true });
  connection.on('error', () => undefined);
  const promised = connection.promise();
  try {
    return await work(async (sql, params) => (await promised.query(sql, params))[0]);
  } finally {
    connection.destroy();
  }
}

async function reachable(url: string): Promise<boolean> {
  try {
    await withMysql(url, (query) => query('select 1'));
    return true;
  } catch {
    return false;
  }
}

async function resolveUrl(): Promise<string | undefined> {
  const configured = process.env['TEST_MYSQL_URL'];
  const candidate = configured ?? DEFAULT_URL;
  if (await reachable(candidate)) return candidate;
  if (REQUIRED) {
    throw new Error(`CUSTODIAN_REQUIRE_SERVICES=1 but no MariaDB/MySQL answers at TEST_MYSQL_URL`);
  }
  console.warn(
    `\n⚠ ${configured === undefined ? 'TEST_MYSQL_URL is not set and no local MariaDB answers' : 'TEST_MYSQL_URL does not answer'}: MariaDB/MySQL suites are SKIPPED.\n`,
  );
  return undefined;
}

export const MYSQL_URL: string | undefined = await resolveUrl();

function databaseUrl(name: string): string {
  if (MYSQL_URL === undefined) throw new Error('no MariaDB/MySQL server for the tests');
  const url = new URL(MYSQL_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, empty database `custodian_t_<random>` on the test server; `drop` throws it away. */
export async function freshMysqlDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (MYSQL_URL === undefined) throw new Error('no MariaDB/MySQL server for the tests');
  const name = `custodian_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const server = MYSQL_URL;
  await withMysql(server, (query) => query(`create database ${name}`));
  return {
    url: databaseUrl(name),
    drop: async () => {
      await withMysql(server, (query) => query(`drop database if exists ${name}`));
    },
  };
}
