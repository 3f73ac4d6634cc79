import { createHook } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CustodianError } from '../../src/errors.js';
import { startJobs, type Jobs, type JobsLogger } from '../../src/jobs/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { eachTarget, freshStore, type Target } from '../support/stores.js';

/** A promise that resolves once `count` calls to `tick` have been made. */
function countdown(count: number): { tick: () => void; done: Promise<void> } {
  let left = count;
  let resolve = (): void => undefined;
  const done = new Promise<void>((r) => (resolve = r));
  return {
    tick: () => {
      left -= 1;
      if (left === 0) resolve();
    },
    done,
  };
}

/** Collects what the jobs runtime logs, so a test fails on a background error. */
function recordingLogger(): JobsLogger & { readonly lines: unknown[] } {
  const lines: unknown[] = [];
  return {
    lines,
    warn: (d, m) => lines.push({ m, ...d }),
    error: (d, m) => lines.push({ m, ...d }),
  };
}

/** The same database opened afresh, as a restarted process would: a new pool or PGlite instance. */
async function reopen(target: Target, store: Store): Promise<Store> {
  if (target === 'postgres') return openStore({ url: store.url ?? '', poolSize: 2 });
  if (store.pglite === undefined) throw new Error('an embedded store has its PGlite instance');
  return openStore({ loadDataDir: await store.pglite.dumpDataDir('none') });
}

const FAST = { pollingIntervalSeconds: 0.5 };

/** The async resources that keep Node's event loop, and so a process, alive. */
const LOOP_HOLDERS = [
  'Timeout',
  'TCPWRAP',
  'PIPEWRAP',
  'UDPWRAP',
  'PROCESSWRAP',
  'SIGNALWRAP',
  'FSEVENTWRAP',
  'STATWATCHER',
];

eachTarget('background jobs on $target', ({ target }) => {
  let store: Store;
  beforeAll(async () => {
    store = await freshStore(target);
  });
  afterAll(() => store.close());

  it('processes each sent job exactly once while two runtimes compete for it', async () => {
    const logger = recordingLogger();
    const first = await startJobs(store, { logger });
    const second = await startJobs(store, { logger });
    const seen: number[] = [];
    const all = countdown(40);
    const handler = async (job: { data: { n: number } }): Promise<void> => {
      seen.push(job.data.n);
      all.tick();
      await Promise.resolve();
    };
    await first.work('once', handler, { ...FAST, localConcurrency: 2 });
    await second.work('once', handler, { ...FAST, localConcurrency: 2 });
    for (let n = 0; n < 40; n++) await first.send('once', { n });
    await all.done;
    await Promise.all([first.stop(), second.stop()]);

    expect([...seen].sort((a, b) => a - b)).toEqual([...Array(40).keys()]);
    // Completed jobs are never fetched again, so no duplicate can come after this.
    const states = await sql<{ state: string; n: string }>`
      select state, count(*) as n from pgboss.job where name = 'once' group by state
    `.execute(store.db);
    expect(states.rows.map((r) => ({ state: r.state, n: Number(r.n) }))).toEqual([
      { state: 'completed', n: 40 },
    ]);
    expect(logger.lines).toEqual([]);
  });

  it('keeps a job nobody worked on across a stop and a restart on a reopened database', async () => {
    const before = await startJobs(store);
    const id = await before.send('durable', { receipt: 'r-1' });
    await before.stop();

    const reopened = await reopen(target, store);
    const after = await startJobs(reopened);
    try {
      const got = countdown(1);
      const received: unknown[] = [];
      await after.work<{ receipt: string }>(
        'durable',
        async (job) => {
          received.push({ id: job.id, data: job.data });
          got.tick();
          await Promise.resolve();
        },
        FAST,
      );
      await got.done;
      await after.stop();
      expect(received).toEqual([{ id, data: { receipt: 'r-1' } }]);
    } finally {
      await after.stop();
      await reopened.close();
    }
  });

  it('enqueues inside a transaction exactly when the transaction commits', async () => {
    const jobs = await startJobs(store, { queues: ['outbox'] });
    try {
      await store.db.transaction().execute(async (trx) => {
        await jobs.send('outbox', { kept: true }, { trx });
      });
      await expect(
        store.db.transaction().execute(async (trx) => {
          await jobs.send('outbox', { kept: false }, { trx });
          throw new Error('the ledger write failed');
        }),
      ).rejects.toThrow('the ledger write failed');

      const stored = await jobs.boss.findJobs<{ kept: boolean }>('outbox');
      expect(stored.map((job) => job.data)).toEqual([{ kept: true }]);
    } finally {
      await jobs.stop();
    }
  });

  it('refuses a send inside a transaction to a queue it has not declared', async () => {
    const jobs = await startJobs(store);
    try {
      const attempt = store.db
        .transaction()
        .execute((trx) => jobs.send('never-declared', {}, { trx }));
      await expect(attempt).rejects.toBeInstanceOf(CustodianError);
      await expect(attempt).rejects.toMatchObject({ code: 'jobs.queue_not_declared' });
    } finally {
      await jobs.stop();
    }
  });

  it('lets concurrent ledger transactions through while workers poll and write', async () => {
    const logger = recordingLogger();
    const jobs = await startJobs(store, { logger, queues: ['follow-up'] });
    const followed = countdown(60);
    const handled: string[] = [];
    try {
      // The handler writes through Kysely too, so workers and writers contend for the database.
      await jobs.work<{ receiptId: string }>(
        'follow-up',
        async (job) => {
          await store.db.transaction().execute(async (trx) => {
            await trx
              .insertInto('settings')
              .values({ key: `followed:${job.data.receiptId}`, value: job.id })
              .execute();
          });
          handled.push(job.data.receiptId);
          followed.tick();
        },
        { ...FAST, localConcurrency: 2 },
      );

      // A ledger write as the consent routes make it: subject, event and an evidence link that
      // locks the chain's head, all in one transaction, with its follow-up job in the outbox.
      const write = (): Promise<string> =>
        store.db.transaction().execute(async (trx) => {
          const subjectId = randomUUID();
          const receiptId = randomUUID();
          const now = new Date();
          await trx.insertInto('subjects').values({ id: subjectId }).execute();
          await trx
            .insertInto('ledger_events')
            .values({
              receipt_id: receiptId,
              subject_id: subjectId,
              purpose: 'newsletter',
              kind: 'consent.granted',
              source: 'test',
              notice_version: null,
              gpc: false,
              recorded_at: now,
              details: '{}',
            })
            .execute();
          const head = await trx
            .selectFrom('evidence_head')
            .selectAll()
            .forUpdate()
            .executeTakeFirstOrThrow();
          const seq = String(Number(head.seq) + 1);
          await trx
            .insertInto('evidence')
            .values({
              seq,
              recorded_at: now,
              actor: 'test',
              action: 'consent.recorded',
              subject_ref: subjectId,
              details: '{}',
              prev_hash: head.hash,
              hash: receiptId,
            })
            .execute();
          await trx.updateTable('evidence_head').set({ seq, hash: receiptId }).execute();
          await jobs.send('follow-up', { receiptId }, { trx });
          return receiptId;
        });

      const receipts = await Promise.all(Array.from({ length: 60 }, write));
      await followed.done;
      await jobs.stop();

      expect([...handled].sort()).toEqual([...receipts].sort());
      const chain = await store.db
        .selectFrom('evidence')
        .select(['seq', 'prev_hash', 'hash'])
        .where('actor', '=', 'test')
        .orderBy(sql`seq::bigint`)
        .execute();
      expect(chain.map((link) => Number(link.seq))).toEqual(
        Array.from({ length: 60 }, (_, i) => i + 1),
      );
      chain.forEach((link, i) => {
        if (i > 0) expect(link.prev_hash).toBe(chain[i - 1]?.hash);
      });
      const followUps = await store.db
        .selectFrom('settings')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('key', 'like', 'followed:%')
        .executeTakeFirstOrThrow();
      expect(Number(followUps.n)).toBe(60);
      expect(logger.lines).toEqual([]);
    } finally {
      await jobs.stop();
    }
  });

  it('retries a failed job alone and logs the failure without its message', async () => {
    const logger = recordingLogger();
    const jobs = await startJobs(store, { logger });
    await jobs.queue('flaky', { retryLimit: 2, retryDelay: 0 });
    const runs: number[] = [];
    const all = countdown(6);
    await jobs.work<{ n: number }>(
      'flaky',
      async (job) => {
        runs.push(job.data.n);
        all.tick();
        await Promise.resolve();
        if (job.data.n === 2 && runs.filter((n) => n === 2).length === 1) {
          throw new Error('cannot reach ana@example.com');
        }
      },
      FAST,
    );
    for (let n = 1; n <= 5; n++) await jobs.send('flaky', { n });
    await all.done;
    await jobs.stop();

    expect([...runs].sort()).toEqual([1, 2, 2, 3, 4, 5]);
    expect(logger.lines).toEqual([
      { m: 'jobs: job failed', queue: 'flaky', job: expect.any(String), name: 'Error' },
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain('example.com');
  });

  it('stops without leaving a timer, socket or handle behind', async () => {
    // Every timer and handle created while jobs run must be gone after stop: a live one would
    // keep a process that stopped its jobs from exiting.
    const alive = new Map<number, string>();
    let recording = true;
    const hook = createHook({
      init: (id, type) => {
        if (recording && LOOP_HOLDERS.includes(type)) alive.set(id, type);
      },
      destroy: (id) => alive.delete(id),
    }).enable();
    try {
      const jobs: Jobs = await startJobs(store);
      const got = countdown(1);
      await jobs.work(
        'clean-stop',
        async () => {
          got.tick();
          await Promise.resolve();
        },
        FAST,
      );
      await jobs.send('clean-stop', {});
      await got.done;
      expect(alive.size).toBeGreaterThan(0);
      await jobs.stop();
      recording = false;
      // A closed socket reports its end a few turns of the event loop later; a leaked interval
      // or connection never does.
      for (let turn = 0; turn < 100 && alive.size > 0; turn++) {
        await new Promise((resolve) => setImmediate(resolve));
        if (alive.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect([...alive.values()]).toEqual([]);
    } finally {
      hook.disable();
    }
  });
});
