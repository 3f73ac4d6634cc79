import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryResult,
  TransactionSettings,
} from 'kysely';
import { CustodianError } from '../errors.js';
import { formatBytes, freeBytesSync, RESUME_MARGIN_BYTES } from './free-space.js';
import { isDiskFull, storeFailure } from './store-failure.js';

/** Free space is looked at again when the last look is older than this (statfs costs ~µs). */
const SAMPLE_MS = 100;

/**
 * How long a "disk full" reported by the database (SQLSTATE 53100) counts as the store's state
 * when no write succeeds meanwhile: long enough for /healthz to say so, short enough that a store
 * whose clients stopped writing (because it said so) is tried again.
 */
const REPORTED_FULL_MS = 30_000;

export interface StoreGuardOptions {
  /** The embedded database's directory, whose file system's free space is watched. */
  readonly dataDir?: string;
  /** Its mount point, for messages. */
  readonly mount?: string;
  /** Writes are refused below this many free bytes; 0 turns the check off. */
  readonly minFreeBytes?: number;
  readonly now?: () => number;
}

/**
 * What the store knows about its ability to write, and the gate every statement passes: a write
 * is refused while the embedded database's disk is below its floor, a statement is refused once
 * the embedded instance has failed, and a disk-full error from the database becomes
 * `store.disk_full`. Reads pass while only the disk is full.
 */
export class StoreGuard {
  readonly #dataDir: string | undefined;
  readonly #mount: string | undefined;
  readonly #minFree: number;
  readonly #now: () => number;
  #sampledAt = Number.NEGATIVE_INFINITY;
  /** Free bytes at the last look, when below the floor (and not yet back above it plus margin). */
  #lowFree: number | undefined;
  /** When the database last said its disk is full. */
  #reportedFullAt: number | undefined;
  #failed: CustodianError | undefined;
  #lastCode: string | undefined;
  readonly #listeners = new Set<(problem: CustodianError | undefined) => void>();

  constructor(options: StoreGuardOptions = {}) {
    this.#dataDir = options.dataDir;
    this.#mount = options.mount;
    this.#minFree = options.minFreeBytes ?? 0;
    this.#now = options.now ?? Date.now;
  }

  /** Why the store cannot write now, or undefined when it can. */
  problem(): CustodianError | undefined {
    this.#sample();
    return this.#current();
  }

  /** Calls `listener` whenever `problem` changes kind; returns the unsubscribe. */
  onChange(listener: (problem: CustodianError | undefined) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The embedded instance stopped for good (see abort-trap.ts): every statement fails with this. */
  fail(error: CustodianError): void {
    this.#failed ??= error;
    this.#changed();
  }

  get failed(): CustodianError | undefined {
    return this.#failed;
  }

  /** Throws what keeps this statement from running: a failed instance, or a full disk for a write. */
  beforeStatement(write: boolean): void {
    if (this.#failed) throw this.#failed;
    if (!write) return;
    this.#sample();
    if (this.#lowFree !== undefined) throw this.#lowError(this.#lowFree);
  }

  /** The error to throw for a statement that failed: disk-full errors as `store.disk_full`. */
  afterFailure(error: unknown): unknown {
    if (this.#failed) return this.#failed;
    if (!isDiskFull(error)) return error;
    this.#reportedFullAt = this.#now();
    this.#changed();
    return storeFailure(error) ?? error;
  }

  /** A write succeeded: whatever the database said about its disk is past. */
  afterWrite(): void {
    if (this.#reportedFullAt === undefined) return;
    this.#reportedFullAt = undefined;
    this.#changed();
  }

  #sample(): void {
    if (this.#dataDir === undefined || this.#minFree <= 0) return;
    const now = this.#now();
    if (now - this.#sampledAt < SAMPLE_MS) return;
    this.#sampledAt = now;
    const free = freeBytesSync(this.#dataDir);
    if (free === undefined) return;
    const floor = this.#lowFree === undefined ? this.#minFree : this.#minFree + RESUME_MARGIN_BYTES;
    const low = free < floor ? free : undefined;
    if ((low === undefined) === (this.#lowFree === undefined)) {
      this.#lowFree = low;
      return;
    }
    this.#lowFree = low;
    this.#changed();
  }

  #current(): CustodianError | undefined {
    if (this.#failed) return this.#failed;
    if (this.#lowFree !== undefined) return this.#lowError(this.#lowFree);
    if (
      this.#reportedFullAt !== undefined &&
      this.#now() - this.#reportedFullAt < REPORTED_FULL_MS
    ) {
      return new CustodianError(
        'store.disk_full',
        'disk full: the database reports no space left to write (SQLSTATE 53100)',
      );
    }
    return undefined;
  }

  #lowError(free: number): CustodianError {
    return new CustodianError(
      'store.disk_full',
      `disk full: ${formatBytes(free)} free on ${this.#mount ?? this.#dataDir ?? 'the data directory'}, below the ${formatBytes(this.#minFree)} the embedded database keeps free; writes are refused until space is freed`,
      { details: { freeBytes: free, minFreeBytes: this.#minFree } },
    );
  }

  #changed(): void {
    const problem = this.#current();
    if (problem?.code === this.#lastCode) return;
    this.#lastCode = problem?.code;
    for (const listener of this.#listeners) listener(problem);
  }
}

/**
 * Whether a statement may write: anything but a select, built with Kysely or raw SQL that starts
 * so. Judged by the query's root node, and by its SQL text for raw queries (libraries that hand
 * Kysely compiled SQL, like pg-boss, give a bare `RawNode`). A select whose CTE writes
 * (`with x as (insert …) select …`) would pass as a read: Custodian writes none.
 */
export function writes(compiled: Pick<CompiledQuery, 'query' | 'sql'>): boolean {
  const { kind } = compiled.query;
  if (kind === 'SelectQueryNode') return false;
  if (kind !== 'RawNode') return true;
  return !/^\s*(?:select|show|values|explain)\b/i.test(compiled.sql);
}

/** A Kysely dialect whose every statement passes `guard` first and reports back to it. */
export function guardedDialect(dialect: Dialect, guard: StoreGuard): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => new GuardedDriver(dialect.createDriver(), guard),
  };
}

class GuardedDriver implements Driver {
  readonly #inner: Driver;
  readonly #guard: StoreGuard;
  readonly #connections = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(inner: Driver, guard: StoreGuard) {
    this.#inner = inner;
    this.#guard = guard;
  }

  init(...args: Parameters<Driver['init']>): Promise<void> {
    return this.#inner.init(...args);
  }

  async acquireConnection(
    ...args: Parameters<Driver['acquireConnection']>
  ): Promise<DatabaseConnection> {
    const inner = await this.#inner.acquireConnection(...args);
    const wrapped = guardedConnection(inner, this.#guard);
    this.#connections.set(wrapped, inner);
    return wrapped;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#run(() => this.#inner.beginTransaction(this.#unwrap(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#run(() => this.#inner.commitTransaction(this.#unwrap(connection)));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // Never refused: a rollback needs no disk space. A failed instance has nothing to roll back.
    try {
      await this.#inner.rollbackTransaction(this.#unwrap(connection));
    } catch (error) {
      if (!this.#guard.failed) throw error;
    }
  }

  releaseConnection(
    connection: DatabaseConnection,
    ...rest: Parameters<Driver['releaseConnection']> extends [unknown, ...infer R] ? R : never
  ): Promise<void> {
    return this.#inner.releaseConnection(this.#unwrap(connection), ...rest);
  }

  destroy(...args: Parameters<Driver['destroy']>): Promise<void> {
    return this.#inner.destroy(...args);
  }

  savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: Parameters<NonNullable<Driver['savepoint']>>[2],
  ): Promise<void> {
    const savepoint = this.#inner.savepoint?.bind(this.#inner);
    if (!savepoint) throw new Error('the driver has no savepoints');
    return this.#run(() => savepoint(this.#unwrap(connection), name, compile));
  }

  rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: Parameters<NonNullable<Driver['rollbackToSavepoint']>>[2],
  ): Promise<void> {
    const rollback = this.#inner.rollbackToSavepoint?.bind(this.#inner);
    if (!rollback) throw new Error('the driver has no savepoints');
    return this.#run(() => rollback(this.#unwrap(connection), name, compile));
  }

  releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: Parameters<NonNullable<Driver['releaseSavepoint']>>[2],
  ): Promise<void> {
    const release = this.#inner.releaseSavepoint?.bind(this.#inner);
    if (!release) throw new Error('the driver has no savepoints');
    return this.#run(() => release(this.#unwrap(connection), name, compile));
  }

  #unwrap(connection: DatabaseConnection): DatabaseConnection {
    return this.#connections.get(connection) ?? connection;
  }

  async #run(work: () => Promise<void>): Promise<void> {
    this.#guard.beforeStatement(false);
    try {
      await work();
    } catch (error) {
      throw this.#guard.afterFailure(error);
    }
  }
}

function guardedConnection(inner: DatabaseConnection, guard: StoreGuard): DatabaseConnection {
  const connection: DatabaseConnection = {
    async executeQuery<R>(
      compiled: CompiledQuery,
      ...rest: Parameters<DatabaseConnection['executeQuery']> extends [unknown, ...infer T]
        ? T
        : never
    ): Promise<QueryResult<R>> {
      const write = writes(compiled);
      guard.beforeStatement(write);
      let result: QueryResult<R>;
      try {
        result = await inner.executeQuery<R>(compiled, ...rest);
      } catch (error) {
        throw guard.afterFailure(error);
      }
      if (write) guard.afterWrite();
      return result;
    },
    streamQuery<R>(
      compiled: CompiledQuery,
      chunkSize: number,
      ...rest: Parameters<DatabaseConnection['streamQuery']> extends [unknown, unknown, ...infer T]
        ? T
        : never
    ): AsyncIterableIterator<QueryResult<R>> {
      guard.beforeStatement(writes(compiled));
      return inner.streamQuery<R>(compiled, chunkSize, ...rest);
    },
  };
  // Kysely looks for these to abort queries in flight; offered only when the driver has them.
  if (inner.cancelQuery) connection.cancelQuery = inner.cancelQuery.bind(inner);
  if (inner.killSession) connection.killSession = inner.killSession.bind(inner);
  if (inner.collectSessionInfo)
    connection.collectSessionInfo = inner.collectSessionInfo.bind(inner);
  return connection;
}
