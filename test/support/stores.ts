import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { migrate, openStore, type Store } from '../../src/store/index.js';

/**
 * The databases storage suites run against, like Kysely's DIALECTS loop: embedded PGlite always,
 * PostgreSQL when TEST_DATABASE_URL points at a server. CI sets CUSTODIAN_REQUIRE_SERVICES=1, and
 * then a missing server fails the run instead of skipping.
 */
export type Target = 'pglite' | 'postgres';

export const POSTGRES_URL = process.env['TEST_DATABASE_URL'];
const REQUIRED = process.env['CUSTODIAN_REQUIRE_SERVICES'] === '1';

if (POSTGRES_URL === undefined) {
  if (REQUIRED) throw new Error('CUSTODIAN_REQUIRE_SERVICES=1 but TEST_DATABASE_URL is not set');
  console.warn(
    '\n⚠ TEST_DATABASE_URL is not set: PostgreSQL suites are SKIPPED (PGlite suites run).\n',
  );
}

export const TARGETS: readonly Target[] =
  POSTGRES_URL === undefined ? ['pglite'] : ['pglite', 'postgres'];

/** `describe.each` over the targets, naming each suite after its database. */
export const eachTarget = describe.each(TARGETS.map((target) => ({ target })));

let snapshot: Promise<Blob> | undefined;

/** A migrated PGlite data directory, made once per worker and restored for each fresh store. */
export function pgliteSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const store = await openStore();
    await migrate(store.db);
    if (!store.pglite) throw new Error('an embedded store has its PGlite instance');
    const dump = await store.pglite.dumpDataDir('none');
    await store.close();
    return dump;
  })();
  return snapshot;
}

let template: Promise<string> | undefined;

function databaseUrl(name: string): string {
  if (POSTGRES_URL === undefined) throw new Error('TEST_DATABASE_URL is not set');
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A migrated template database, made once per worker; fresh databases are copies of it. */
function postgresTemplate(): Promise<string> {
  template ??= (async () => {
    const name = `custodian_tpl_${process.pid}_${randomBytes(3).toString('hex')}`;
    await admin((client) => client.query(`create database ${name}`));
    const store = await openStore({ url: databaseUrl(name), poolSize: 2 });
    await migrate(store.db);
    await store.close();
    return name;
  })();
  return template;
}

/** A fresh, migrated, empty database of the target kind; `close` throws it away. */
export async function freshStore(target: Target): Promise<Store> {
  if (target === 'pglite') {
    return openStore({ loadDataDir: await pgliteSnapshot() });
  }
  const tpl = await postgresTemplate();
  const name = `custodian_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((client) => client.query(`create database ${name} template ${tpl}`));
  const store = await openStore({ url: databaseUrl(name), poolSize: 5 });
  return {
    ...store,
    close: async () => {
      await store.close();
      await admin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/**
 * A fresh, empty PostgreSQL database on the test server, for a process that migrates it itself
 * (the server under test); `drop` throws it away.
 */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `custodian_p_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((client) => client.query(`create database ${name}`));
  return {
    url: databaseUrl(name),
    drop: async () => {
      await admin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}
