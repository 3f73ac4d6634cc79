import { access, constants, readdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import { DEFAULT_MIGRATION_TABLE, Migrator } from 'kysely/migration';
import pg from 'pg';
import { CustodianError } from '../errors.js';
import { abortTrap } from './abort-trap.js';
import type { Database } from './database.js';
import {
  DEFAULT_MIN_FREE_BYTES,
  formatBytes,
  freeBytes,
  mountPointOf,
  WAL_SEGMENT_BYTES,
} from './free-space.js';
import { initdbInChild } from './initdb-process.js';
import { MIGRATIONS, migrationProvider } from './migrations.js';
import { privateDataDir, repairModes } from './private-files.js';
import {
  describeThrown,
  errnoOf,
  fileOf,
  isDiskFull,
  runningAs,
  storeFailure,
} from './store-failure.js';
import { guardedDialect, StoreGuard } from './store-guard.js';

/** An open database: Kysely on PostgreSQL, or on embedded PGlite when no URL is given. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly kind: 'postgres' | 'pglite';
  /** The embedded instance, for jobs and snapshots; undefined on PostgreSQL. */
  readonly pglite?: PGlite;
  /** The connection string, for libraries that open their own pool (jobs); undefined on PGlite. */
  readonly url?: string;
  /**
   * Why the store cannot write now, or undefined when it can: `store.disk_full` (the embedded
   * database's disk is below its floor, or the database reported a full disk), `store.failed`
   * (the embedded instance stopped after a fatal error and needs a restart).
   */
  readonly problem: () => CustodianError | undefined;
  /** Calls `listener` whenever `problem` changes kind; returns the unsubscribe. */
  readonly onProblem: (listener: (problem: CustodianError | undefined) => void) => () => void;
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
  /**
   * Free bytes the embedded database keeps on its disk: below it, writes are refused with
   * `store.disk_full` and it does not start. 64 MiB by default (see free-space.ts); 0 turns the
   * check off.
   */
  readonly minFreeBytes?: number;
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
    const guard = new StoreGuard();
    const db = new Kysely<Database>({
      dialect: guardedDialect(new PostgresDialect({ pool }), guard),
    });
    return {
      db,
      kind: 'postgres',
      url: options.url,
      problem: () => guard.problem(),
      onProblem: (listener) => guard.onChange(listener),
      close: () => db.destroy(),
    };
  }
  const dataDir = options.dataDir === undefined ? undefined : path.resolve(options.dataDir);
  const minFreeBytes = options.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES;
  let mount: string | undefined;
  if (dataDir !== undefined) {
    try {
      // Made 0700, or refused when others may read it (privateDataDir): as PostgreSQL does.
      await privateDataDir(dataDir);
    } catch (error) {
      if (error instanceof CustodianError) throw error;
      throw await startFailure(dataDir, error, minFreeBytes);
    }
    mount = await mountPointOf(dataDir);
    await requireFreeSpace(dataDir, mount, minFreeBytes);
  }
  const guard = new StoreGuard({
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(mount === undefined ? {} : { mount }),
    minFreeBytes,
  });
  // A new database is made in a child process, whose memory goes when it exits (initdb-process.ts).
  if (dataDir !== undefined && options.loadDataDir === undefined) {
    await initdbInChild(dataDir, EMBEDDED_START_PARAMS);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      startParams: EMBEDDED_START_PARAMS,
      ...(dataDir === undefined ? {} : { dataDir }),
      ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
      extensions: { custodianAbortTrap: abortTrap(() => instanceFailed(guard, dataDir, mount)) },
    });
  } catch (error) {
    throw dataDir === undefined ? error : await startFailure(dataDir, error, minFreeBytes);
  }
  if (dataDir !== undefined) await keepPrivate(pglite, dataDir);
  const db = new Kysely<Database>({
    dialect: guardedDialect(new PGliteDialect({ pglite }), guard),
  });
  return {
    db,
    kind: 'pglite',
    pglite,
    problem: () => guard.problem(),
    onProblem: (listener) => guard.onChange(listener),
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/**
 * PGlite's start parameters, with a 32 MiB buffer cache instead of PostgreSQL's 128 MiB. The
 * embedded database's files are read through the operating system's page cache anyway, and the
 * cache lives in the WebAssembly heap of this process: 96 MiB less resident memory per embedded
 * database (a server with one was ~390 MiB idle, ~290 MiB with this), for the same answers.
 */
const EMBEDDED_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

/**
 * Opens an embedded PostgreSQL (PGlite) in `dataDir`, private to its owner as PostgreSQL keeps a
 * data directory: the directory is created 0700, or refused when others may read it or it belongs
 * to another user (`privateDataDir`), and what PGlite made readable to others is made private
 * again. For the embedded datastores the connectors open and the demo shop; Custodian's own
 * database goes through `openStore`, which adds the free-space guard.
 */
export async function openPGlite(
  dataDir: string,
  options: {
    readonly loadDataDir?: Blob | File;
    readonly extensions?: PGliteOptions['extensions'];
    /**
     * A new database is made in a child process, as openStore makes Custodian's own: for a
     * long-running process (the demo shop `serve --demo` makes), whose memory initdb would grow.
     */
    readonly initdbInChild?: boolean;
  } = {},
): Promise<PGlite> {
  await privateDataDir(dataDir);
  if (options.initdbInChild === true && options.loadDataDir === undefined) {
    await initdbInChild(dataDir, EMBEDDED_START_PARAMS);
  }
  const pglite = await PGlite.create({
    startParams: EMBEDDED_START_PARAMS,
    dataDir,
    ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
    ...(options.extensions === undefined ? {} : { extensions: options.extensions }),
  });
  await keepPrivate(pglite, dataDir);
  return pglite;
}

/**
 * Makes the files of an open data directory private again: PGlite (0.5) writes the files of a new
 * database 0666 and pg_internal.init 0644 on every start, whatever the umask; PostgreSQL's own are
 * 0600. Closes the instance and throws when it cannot.
 */
async function keepPrivate(pglite: PGlite, dataDir: string): Promise<void> {
  try {
    repairModes(dataDir);
  } catch (cause) {
    await pglite.close();
    throw new CustodianError(
      'store.data_dir_permissions',
      `cannot make the files of the data directory ${dataDir} private (${(cause as NodeJS.ErrnoException).code ?? 'error'})`,
      { cause, details: { dir: dataDir } },
    );
  }
}

/**
 * Brings the schema up to date; returns the names of the migrations it applied. A database that
 * has applied exactly the known migrations is left alone after one read: Kysely's migrator takes
 * a lock and inspects the catalog first, which costs an embedded database ~0.3-0.5 s on every
 * command (`npm run bench`, the CLI rows).
 */
export async function migrate(db: Kysely<Database>): Promise<string[]> {
  if (await upToDate(db)) return [];
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    // A store that cannot write is said as such, not as a broken migration.
    const failure = storeFailure(error);
    if (failure) throw failure;
    throw new CustodianError('store.migration_failed', 'a database migration failed', {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Whether the database has applied every known migration and no other: one read of Kysely's
 * migration table. Anything else (no table yet, a missing migration, one this version does not
 * know) goes through the migrator, which applies or reports it.
 */
async function upToDate(db: Kysely<Database>): Promise<boolean> {
  const found = await sql<{
    relation: string | null;
  }>`select to_regclass(${DEFAULT_MIGRATION_TABLE})::text as relation`.execute(db);
  if ((found.rows[0]?.relation ?? null) === null) return false;
  const { rows } = await sql<{
    name: string;
  }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(db);
  const known = Object.keys(MIGRATIONS);
  const applied = new Set(rows.map((row) => row.name));
  return applied.size === known.length && known.every((name) => applied.has(name));
}

/** The failure the trap reports, recorded by the guard so every later statement fails with it. */
function instanceFailed(
  guard: StoreGuard,
  dataDir: string | undefined,
  mount: string | undefined,
): CustodianError {
  const failure = new CustodianError(
    'store.failed',
    `the embedded database stopped after a fatal error (PostgreSQL PANIC)${dataDir === undefined ? '' : `; check the free space on ${mount ?? dataDir}`}, then restart Custodian: committed data is kept`,
  );
  guard.fail(failure);
  return failure;
}

/** Refuses to start the embedded database on a disk below its floor. */
async function requireFreeSpace(dataDir: string, mount: string, minFreeBytes: number) {
  if (minFreeBytes <= 0) return;
  const free = await freeBytes(dataDir);
  if (free === undefined || free >= minFreeBytes) return;
  throw new CustodianError(
    'store.disk_full',
    `disk full (no space left on ${mount}: ${formatBytes(free)} free, the embedded database in ${dataDir} needs ${formatBytes(minFreeBytes)}); free space on it and start again`,
    { details: { freeBytes: free, minFreeBytes } },
  );
}

/**
 * What went wrong when the embedded database in `dataDir` would not start, said plainly. PGlite
 * rarely says it itself: a full disk or an unreadable file surfaces as `RuntimeError: Aborted()`,
 * "PGlite failed to initialize properly" or an Emscripten ErrnoError object. So the error's own
 * errno is used when it has one, and otherwise the directory is examined: free space, whether it
 * can be written, and whether every file in it can be read and written.
 */
export async function startFailure(
  dataDir: string,
  error: unknown,
  minFreeBytes = DEFAULT_MIN_FREE_BYTES,
): Promise<CustodianError> {
  // The directory may not exist (it could not be made): its nearest existing ancestor tells.
  const existing = await nearestExisting(dataDir);
  const mount = await mountPointOf(existing);
  const free = await freeBytes(existing);
  const diskFull = (): CustodianError =>
    new CustodianError(
      'store.disk_full',
      `disk full (no space left on ${mount}${free === undefined ? '' : `: ${formatBytes(free)} free`}); free space on it and start again`,
      { cause: error },
    );
  const readOnly = (): CustodianError =>
    new CustodianError(
      'store.read_only',
      `read-only file system: ${mount} is mounted read-only, and the embedded database writes ${dataDir}`,
      { cause: error },
    );
  const errno = errnoOf(error);
  if (isDiskFull(error)) return diskFull();
  if (errno === 'EROFS') return readOnly();
  if (errno === 'EACCES' || errno === 'EPERM') {
    return new CustodianError(
      'store.permission_denied',
      `permission denied on ${fileOf(error) ?? dataDir}${runningAs()}`,
      { cause: error },
    );
  }
  // Starting writes a checkpoint and may start a log segment: with less room than two segments,
  // a full disk is the likely cause even when the floor is turned off.
  if (free !== undefined && free < Math.max(minFreeBytes, 2 * WAL_SEGMENT_BYTES)) {
    return diskFull();
  }
  const denied = await firstInaccessible(existing);
  if (denied !== undefined) {
    if (errnoOf(denied.error) === 'EROFS') return readOnly();
    return new CustodianError(
      'store.permission_denied',
      `permission denied on ${denied.path}${runningAs()}`,
      { cause: error },
    );
  }
  return new CustodianError(
    'store.failed',
    `the embedded database in ${dataDir} could not start (${describeThrown(error)}); check that it is a Custodian data directory that no other program uses, and the space on ${mount}`,
    { cause: error },
  );
}

/** `dir`, or its nearest ancestor that exists. */
async function nearestExisting(dir: string): Promise<string> {
  let current = dir;
  for (;;) {
    try {
      await access(current);
      return current;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

/** Files looked at, at most, for one that cannot be read and written (a data directory has ~1,000). */
const MAX_FILES_EXAMINED = 20_000;

/**
 * The first entry of `dir` (itself included, then breadth first) this process may not read and
 * write, with the error that says so (EACCES, EPERM or EROFS); undefined when there is none.
 */
async function firstInaccessible(
  dir: string,
): Promise<{ path: string; error: unknown } | undefined> {
  const refused = async (file: string): Promise<unknown> => {
    try {
      await access(file, constants.R_OK | constants.W_OK);
      return undefined;
    } catch (error) {
      const errno = errnoOf(error);
      return errno === 'EACCES' || errno === 'EPERM' || errno === 'EROFS' ? error : undefined;
    }
  };
  const queue = [dir];
  let examined = 0;
  while (queue.length > 0 && examined < MAX_FILES_EXAMINED) {
    const current = queue.shift() ?? dir;
    examined++;
    const error = await refused(current);
    if (error !== undefined) return { path: current, error };
    const entries = await readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        queue.push(full);
        continue;
      }
      examined++;
      const fileError = await refused(full);
      if (fileError !== undefined) return { path: full, error: fileError };
    }
  }
  return undefined;
}
