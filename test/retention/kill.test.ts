import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { freshBackend, runCli, type Backend } from '../durability/server-process.js';
import { freshDatabase, POSTGRES_URL } from '../support/stores.js';
import { SHOP_SQL, TABLES, writeShopMap } from './shop.js';

const BIN = fileURLToPath(new URL('../../bin/custodian.js', import.meta.url));

/** Orders years past their period, so a sweep in batches of ten takes a few hundred batches. */
const OLD_ORDERS = `insert into orders select g, 7, date '2010-01-01' + (g % 300), g from generate_series(1000, 3999) g`;

/**
 * A sweep killed with SIGKILL in the middle (between any two statements: the kill lands wherever
 * the process is) and run again ends with the shop as an uninterrupted sweep leaves it, and the
 * evidence accounts for every row deleted. PostgreSQL: the store is read while the sweep runs.
 */
describe.runIf(POSTGRES_URL !== undefined)('a retention sweep killed midway', () => {
  let dir: string;
  let backend: Backend;
  const shops: { url: string; drop: () => Promise<void> }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(inject('scratchDir'), 'retention-kill-'));
    for (let i = 0; i < 2; i += 1) {
      const database = await freshDatabase();
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      for (const statement of [...SHOP_SQL, OLD_ORDERS]) await client.query(statement);
      await client.end();
      shops.push(database);
    }
    await writeShopMap(path.join(dir, 'privacy.yaml'), 'postgres');
    backend = await freshBackend('postgres');
  });

  afterAll(async () => {
    await backend.cleanup();
    for (const shop of shops) await shop.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const snapshot = async (url: string): Promise<Record<string, unknown[]>> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const all: Record<string, unknown[]> = {};
      for (const table of TABLES) {
        all[table] = (await client.query(`select * from ${table} order by 1, 2`)).rows;
      }
      return all;
    } finally {
      await client.end();
    }
  };

  const batchRecords = async (): Promise<number> => {
    const store = await backend.open();
    try {
      const rows = await store.db
        .selectFrom('evidence')
        .select('seq')
        .where('action', '=', 'retention.batch')
        .execute();
      return rows.length;
    } finally {
      await store.close();
    }
  };

  it('ends, after a rerun, as an uninterrupted sweep does', async () => {
    const args = [
      'retention',
      'sweep',
      '--map',
      path.join(dir, 'privacy.yaml'),
      '--batch-size',
      '10',
    ];
    const [killed, whole] = shops as unknown as [{ url: string }, { url: string }];
    // The uninterrupted sweep, on the other shop, with the same store (the same key anonymises).
    const uninterrupted = await runCli(
      { ...backend, env: { ...backend.env, SHOP_URL: whole.url } },
      [...args, '--format', 'json'],
    );
    expect(uninterrupted.code, uninterrupted.stderr).toBe(0);
    const before = await batchRecords();

    const child = spawn(process.execPath, [BIN, ...args, ...backend.dataArgs], {
      env: { ...backend.env, SHOP_URL: killed.url },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Killed once some batches are recorded, with hundreds still to come.
    for (let waited = 0; (await batchRecords()) < before + 20; waited += 1) {
      if (waited > 600) throw new Error('the sweep recorded no batches within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGKILL');
    await exited;
    const partly = await snapshot(killed.url);
    expect((partly['orders'] ?? []).length).toBeGreaterThan(4);

    const rerun = await runCli({ ...backend, env: { ...backend.env, SHOP_URL: killed.url } }, args);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain('(resumed)');
    expect(await snapshot(killed.url)).toEqual(await snapshot(whole.url));

    // Every order deleted is in the evidence: the batches' rows add up to what is gone.
    const store = await backend.open();
    try {
      const run = await store.db
        .selectFrom('retention_runs')
        .select('id')
        .orderBy('started_at', 'desc')
        .executeTakeFirstOrThrow();
      const batches = await store.db
        .selectFrom('evidence')
        .select('details')
        .where('action', '=', 'retention.batch')
        .execute();
      const deleted = batches
        .map((row) => row.details as { run: string; collection: string; rows: number })
        .filter((details) => details.run === run.id && details.collection === 'orders')
        .reduce((n, details) => n + details.rows, 0);
      const left = (await snapshot(killed.url))['orders'] ?? [];
      expect(deleted).toBe(3004 - left.length);
    } finally {
      await store.close();
    }
  });
});
