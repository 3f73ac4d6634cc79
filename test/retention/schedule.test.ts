import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { sweepScheduleFromEnv } from '../../src/retention/index.js';
import { openPGlite } from '../../src/store/index.js';
import { freshBackend, startServer, type Backend } from '../durability/server-process.js';
import { leaked } from '../support/leaks.js';
import { SHOP_SQL, writeShopMap } from './shop.js';

describe('sweepScheduleFromEnv', () => {
  it('takes a cron expression or off, daily at 03:00 UTC by default', () => {
    expect(sweepScheduleFromEnv({})).toBe('0 3 * * *');
    expect(sweepScheduleFromEnv({ CUSTODIAN_RETENTION_SCHEDULE: ' 30 2 * * 1-5 ' })).toBe(
      '30 2 * * 1-5',
    );
    expect(sweepScheduleFromEnv({ CUSTODIAN_RETENTION_SCHEDULE: 'off' })).toBe('off');
  });

  it('refuses anything else with a clear error', () => {
    for (const value of ['daily', '0 3 * *', '0 3 * * * *', '0 3 ; * *']) {
      expect(() => sweepScheduleFromEnv({ CUSTODIAN_RETENTION_SCHEDULE: value })).toThrow(
        /must be a cron expression of five fields/,
      );
    }
  });
});

/**
 * `serve` runs the sweep from its schedule, through the job queue: a schedule every minute, and
 * the run it sends changes the shop as `custodian retention sweep` would.
 */
describe('the retention schedule of serve', () => {
  let dir: string;
  let backend: Backend;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(inject('scratchDir'), 'retention-schedule-'));
    const shop = await openPGlite(path.join(dir, 'shop'));
    for (const statement of SHOP_SQL) await shop.query(statement);
    await shop.close();
    await writeShopMap(path.join(dir, 'privacy.yaml'), 'pglite');
    backend = await freshBackend('pglite');
  });

  afterAll(async () => {
    await backend.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('sweeps on its schedule, through the job queue', async () => {
    const server = await startServer(backend, {
      map: path.join(dir, 'privacy.yaml'),
      env: { CUSTODIAN_RETENTION_SCHEDULE: '* * * * *' },
    });
    try {
      // pg-boss looks at its schedules every 30 s: the first minute's job comes within 90 s.
      for (let waited = 0; !server.output().includes('retention: sweep finished'); waited += 1) {
        if (waited > 180) throw new Error(`no sweep within 180 s:\n${server.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    } finally {
      await server.stop('SIGTERM');
    }
    expect(leaked(server.output(), ['ana', 'example.com', 'gus'])).toEqual([]);
    const store = await backend.open();
    try {
      const runs = await store.db
        .selectFrom('retention_runs')
        .select(['trigger', 'status'])
        .execute();
      expect(runs[0]).toEqual({ trigger: 'schedule', status: 'completed' });
      const swept = await store.db
        .selectFrom('evidence')
        .select(['actor', 'details'])
        .where('action', '=', 'retention.swept')
        .execute();
      expect(swept[0]?.actor).toBe('system');
    } finally {
      await store.close();
    }
    const shop = await openPGlite(path.join(dir, 'shop'));
    try {
      // Gus's row is anonymised (his last activity is years past the newsletter's period).
      const gus = await shop.query<{ email: string }>('select email from customers where id = 7');
      expect(gus.rows[0]?.email).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await shop.close();
    }
  });
});
