import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { CustodianError } from '../errors.js';
import type { Database } from './database.js';
import { migrationProvider } from './migrations.js';

/** An open database: Kysely on PostgreSQL, or on embedded PGlite when no URL is given. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly kind: 'postgres' | 'pglite';
  /** The embedded instance, for jobs and snapshots; undefined on PostgreSQL. */
  readonly pglite?: PGlite;
  /** The connection string, for libraries that open their own pool (jobs); undefined on PGlite. */
  readonly url?: string;
  readonly close: () => Promise<void>;
}

export interface StoreOptions {
  /** `postgres://…`; when absent, an embedded PGlite database in `dataDir` (or in memory). */
  readonly url?: string;
  /** Where PGlite keeps its files; in memory when absent. */
  readonly dataDir?: string;
  /** A PGlite data directory dump to start from (tests restore a migrated snapshot). */
  readonly loadDataDir?: Blob | File;
  /** PostgreSQL pool size. */
  readonly poolSize?: number;
}

/** Opens the database. Does not migrate: call `migrate` (the server does on start). */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  if (options.url !== undefined) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle client losing its connection must not take the process down.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      client.release();
    } catch (cause) {
      await pool.end();
      throw new CustodianError(
        'store.unreachable',
        'cannot connect to the database at DATABASE_URL',
        { cause },
      );
    }
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', url: options.url, close: () => db.destroy() };
  }
  if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    pglite,
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** Brings the schema up to date; returns the names of the migrations it applied. */
export async function migrate(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    throw new CustodianError('store.migration_failed', 'a database migration failed', {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
