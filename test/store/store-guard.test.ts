import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { CustodianError } from '../../src/errors.js';
import { problemFor } from '../../src/server/errors.js';
import type { Database } from '../../src/store/index.js';
import { StoreGuard, writes } from '../../src/store/store-guard.js';

/** Compiles queries only: which statements write is decided before any database sees them. */
const compiler = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** PostgreSQL's "disk full", as node-postgres and PGlite raise it. */
function diskFullError(): pg.DatabaseError {
  const error = new pg.DatabaseError('could not extend file "base/5/16388"', 0, 'error');
  error.code = '53100';
  return error;
}

describe('which statements the guard holds back on a full disk', () => {
  it('lets reads through and holds back everything that may write', () => {
    const kinds = {
      select: compiler.selectFrom('subjects').selectAll().compile(),
      rawSelect: sql`
        select 1`.compile(compiler),
      insert: compiler.insertInto('subjects').values({ id: 'x' }).compile(),
      update: compiler.updateTable('api_keys').set({ last_used_at: new Date() }).compile(),
      delete: compiler.deleteFrom('subjects').compile(),
      rawInsert: sql`insert into subjects (id) values ('x')`.compile(compiler),
      ddl: compiler.schema.createTable('t').addColumn('id', 'integer').compile(),
    };
    expect(
      Object.fromEntries(Object.entries(kinds).map(([name, query]) => [name, writes(query)])),
    ).toEqual({
      select: false,
      rawSelect: false,
      insert: true,
      update: true,
      delete: true,
      rawInsert: true,
      ddl: true,
    });
  });
});

describe('the store guard', () => {
  const dir = tmpdir();
  const stats = statfsSync(dir);
  const free = stats.bavail * stats.bsize;

  it('refuses writes below the floor, keeps reads, and reports the change once', () => {
    let now = 0;
    // A floor far above this disk's free space: the disk is "full" without filling it.
    const guard = new StoreGuard({ dataDir: dir, minFreeBytes: free + 2 ** 40, now: () => now });
    const changes: (string | undefined)[] = [];
    guard.onChange((problem) => changes.push(problem?.code));
    expect(() => {
      guard.beforeStatement(false);
    }).not.toThrow();
    expect(() => {
      guard.beforeStatement(true);
    }).toThrow(expect.objectContaining({ code: 'store.disk_full' }) as Error);
    now += 1000;
    expect(guard.problem()?.message).toContain(`free on ${dir}, below the `);
    expect(changes).toEqual(['store.disk_full']);
  });

  it('lets everything through above the floor, and with the floor off', () => {
    for (const minFreeBytes of [1, 0]) {
      const guard = new StoreGuard({ dataDir: dir, minFreeBytes });
      expect(() => {
        guard.beforeStatement(true);
      }).not.toThrow();
      expect(guard.problem()).toBeUndefined();
    }
  });

  it('answers the database’s own disk-full error as store.disk_full, until a write succeeds', () => {
    let now = 0;
    const guard = new StoreGuard({ now: () => now });
    const changes: (string | undefined)[] = [];
    guard.onChange((problem) => changes.push(problem?.code));
    const thrown = guard.afterFailure(diskFullError());
    expect(thrown).toBeInstanceOf(CustodianError);
    expect((thrown as CustodianError).code).toBe('store.disk_full');
    // Its message is Custodian's, not the database's (which names files and may quote values).
    expect((thrown as CustodianError).message).not.toContain('base/5');
    expect(guard.problem()?.code).toBe('store.disk_full');
    guard.afterWrite();
    expect(guard.problem()).toBeUndefined();
    // Without a successful write, what the database said counts for 30 s.
    guard.afterFailure(diskFullError());
    now += 31_000;
    expect(guard.problem()).toBeUndefined();
    expect(changes).toEqual(['store.disk_full', undefined, 'store.disk_full']);
    // Other errors pass unchanged.
    const other = new Error('unique violation');
    expect(guard.afterFailure(other)).toBe(other);
  });

  it('refuses every statement once the embedded instance has failed', () => {
    const guard = new StoreGuard();
    const failure = new CustodianError('store.failed', 'the embedded database stopped');
    guard.fail(failure);
    expect(() => {
      guard.beforeStatement(false);
    }).toThrow(failure);
    expect(guard.afterFailure(new Error('anything'))).toBe(failure);
    expect(guard.problem()).toBe(failure);
  });
});

describe('the HTTP answer of a store that cannot write', () => {
  it('is a 503 with its own code, also for a disk-full error the guard did not see', () => {
    const id = '00000000-0000-4000-8000-000000000001';
    expect(problemFor(diskFullError(), id)).toMatchObject({
      status: 503,
      code: 'store.disk_full',
      title: 'Storage full',
    });
    // No detail: the database's message names files; the code says enough.
    expect(problemFor(diskFullError(), id).detail).toBeUndefined();
    expect(problemFor(new CustodianError('store.failed', 'stopped'), id)).toMatchObject({
      status: 503,
      code: 'store.failed',
    });
  });
});
