import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { CustodianError } from '../errors.js';
import type { Database } from './database.js';
import { migrationProvider } from './migrations.js';
import { privateDataDir, repairModes } from './private-files.js';

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
  /** Where PGlite keeps its files, private to their owner (`openPGlite`); in memory when absent. */
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
      // The driver's code only: its message may quote the host, and a URL carries a password.
      const code = (cause as { code?: unknown }).code;
      throw new CustodianError(
        'store.unreachable',
        `cannot connect to the database at DATABASE_URL${typeof code === 'string' && /^\w{1,40}$/.test(code) ? ` (${code})` : ''}`,
        { cause },
      );
    }
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', url: options.url, close: () => db.destroy() };
  }
  const pglite =
    options.dataDir === undefined
      ? await PGlite.create(
          options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir },
        )
      : await openPGlite(
          options.dataDir,
          options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir },
        );
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

/**
 * Opens an embedded PostgreSQL (PGlite) in `dataDir`, private to its owner as PostgreSQL keeps a
 * data directory: the directory is created 0700, or refused when others may read it or it belongs
 * to another user (`privateDataDir`), and what PGlite made readable to others is made private
 * again. For Custodian's own database and for the embedded datastores the connectors open.
 */
export async function openPGlite(
  dataDir: string,
  options: { readonly loadDataDir?: Blob | File } = {},
): Promise<PGlite> {
  await privateDataDir(dataDir);
  const pglite = await PGlite.create({
    dataDir,
    ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
  });
  try {
    // PGlite (0.5) writes the files of a new database 0666 and pg_internal.init 0644 on every
    // start, whatever the umask; PostgreSQL's own are 0600.
    repairModes(dataDir);
  } catch (cause) {
    await pglite.close();
    throw new CustodianError(
      'store.data_dir_permissions',
      `cannot make the files of the data directory ${dataDir} private (${(cause as NodeJS.ErrnoException).code ?? 'error'})`,
      { cause, details: { dir: dataDir } },
    );
  }
  return pglite;
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
