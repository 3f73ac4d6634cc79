import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutionContext } from '../../src/execution/index.js';
import { verifyEvidence } from '../../src/evidence/index.js';
import {
  planRetention,
  sweepRetention,
  type SweepContext,
  type SweepReport,
} from '../../src/retention/index.js';
import type { Store } from '../../src/store/index.js';
import { MYSQL_URL } from '../support/mysql.js';
import { POSTGRES_URL } from '../support/stores.js';
import { NOW, openRetentionCase, openRetentionShop, type Engine, type OpenShop } from './shop.js';

const ENGINES: Engine[] = [
  'pglite',
  ...(POSTGRES_URL === undefined ? [] : (['postgres'] as const)),
  ...(MYSQL_URL === undefined ? [] : (['mysql'] as const)),
];

/** Per collection: status, deleted, anonymised, kept (restricted, open request, referenced). */
function counts(report: SweepReport): Record<string, unknown[]> {
  return Object.fromEntries(
    report.collections.map((c) => [
      c.collection,
      [c.status, c.deleted, c.anonymised, c.kept.restricted, c.kept.openRequest, c.kept.referenced],
    ]),
  );
}

/** The details of the evidence records of one action, in order. */
async function evidenceOf(store: Store, action: string): Promise<Record<string, unknown>[]> {
  const rows = await store.db
    .selectFrom('evidence')
    .select('details')
    .where('action', '=', action)
    .orderBy('seq')
    .execute();
  return rows.map((row) => row.details);
}

const ids = (rows: unknown[] | undefined): unknown[] =>
  (rows ?? []).map((row) => {
    const r = row as Record<string, number | string | undefined>;
    return r['line'] === undefined
      ? Number(r['id'])
      : `${String(r['invoice_id'])}/${String(r['line'])}`;
  });

describe.each(ENGINES.map((engine) => ({ engine })))('retention sweep on $engine', ({ engine }) => {
  let store: Store;
  let shop: OpenShop;
  let ctx: ExecutionContext;

  beforeEach(async () => {
    ({ store, shop, ctx } = await openRetentionCase(engine));
  });

  afterEach(async () => {
    await shop.close();
    await store.close();
  });

  const sweep = (options: Partial<SweepContext> = {}): Promise<SweepReport> =>
    sweepRetention({
      db: store.db,
      secret: ctx.secret,
      map: ctx.map,
      connectors: ctx.connectors,
      now: NOW,
      actor: 'cli',
      trigger: 'cli',
      ...options,
    });

  it('deletes and anonymises what the plan counts as due, children first, and keeps the rest', async () => {
    const plan = await planRetention({
      db: store.db,
      secret: ctx.secret,
      map: ctx.map,
      connectors: ctx.connectors,
      now: NOW,
    });
    const report = await sweep({ batchSize: 1 });
    expect(report.status).toBe('completed');
    expect(report.resumed).toBe(false);
    // Children before parents: the lines before their invoices, orders and invoices before the
    // customers they reference.
    expect(report.collections.map((c) => c.collection)).toEqual([
      'orders',
      'invoice_lines',
      'invoices',
      'customers',
      'products',
    ]);
    expect(counts(report)).toEqual({
      // 103 (Gus) deleted; 104 is Bob's (restricted), 101 Ana's (her request is open).
      orders: ['swept', 1, 0, 1, 1, 0],
      // The line of 502; the lines of 501 are held with their invoice (partOf).
      invoice_lines: ['swept', 1, 0, 0, 0, 0],
      // 502: its ten years of tax hold ended in 2020; 501 is held until 2028.
      invoices: ['swept', 1, 0, 0, 0, 0],
      // Gus anonymised; Bob kept by the ledger, Eve by her flag; Ana by her open request.
      customers: ['swept', 0, 1, 2, 1, 0],
      products: ['no-rule', 0, 0, 0, 0, 0],
    });
    // What the sweep did is what the plan said was due.
    for (const planned of plan.collections) {
      const swept = report.collections.find((c) => c.collection === planned.collection);
      if (planned.status !== 'planned') continue;
      expect((swept?.deleted ?? 0) + (swept?.anonymised ?? 0), planned.collection).toBe(
        planned.due,
      );
    }
    const after = await shop.snapshot();
    expect(ids(after['orders'])).toEqual([101, 102, 104]);
    expect(ids(after['invoices'])).toEqual([501, 503]);
    expect(ids(after['invoice_lines'])).toEqual(['501/1', '501/2', '503/1']);
    const customers = (after['customers'] ?? []) as Record<string, unknown>[];
    const gus = customers.find((row) => Number(row['id']) === 7);
    expect(gus?.['email']).toMatch(/^[0-9a-f]{64}$/);
    expect(gus?.['name']).toBe('[erased]');
    for (const kept of customers.filter((row) => Number(row['id']) !== 7)) {
      expect(String(kept['email'])).toMatch(/@example\.com$/);
    }
  });

  it("keeps a restricted person's rows by key when too many to name in one rule", async () => {
    // Bob (restricted) has 600 more orders past retention, Gus 50: too many of Bob's rows to
    // leave out of a key range by name, so the orders go by pages of keys.
    const values = (from: number, count: number, customer: number): string =>
      Array.from({ length: count }, (_, i) => `(${from + i}, ${customer}, '2012-01-01', 1)`).join(
        ', ',
      );
    await shop.query(`insert into orders values ${values(1000, 600, 2)}, ${values(2000, 50, 7)}`);
    const report = await sweep();
    // 103 and Gus's 50 deleted; Bob's 601 kept as restricted; Ana's 101 for her open request.
    expect(counts(report)['orders']).toEqual(['swept', 51, 0, 601, 1, 0]);
    const left = ids((await shop.snapshot())['orders']);
    expect(left).toEqual([101, 102, 104, ...Array.from({ length: 600 }, (_, i) => 1000 + i)]);
  });

  it('records one evidence record per batch, counts only, and a run record; the chain verifies', async () => {
    const report = await sweep({ batchSize: 1 });
    const batches = await evidenceOf(store, 'retention.batch');
    expect(batches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ run: report.runId, collection: 'orders', rows: 1 }),
        expect.objectContaining({
          run: report.runId,
          collection: 'customers',
          action: 'anonymise',
          rows: 1,
        }),
      ]),
    );
    expect(batches).toHaveLength(4);
    const done = await evidenceOf(store, 'retention.swept');
    expect(done[0]).toMatchObject({
      run: report.runId,
      status: 'completed',
      deleted: 3,
      anonymised: 1,
    });
    const text = JSON.stringify([batches, done, report]);
    expect(text).not.toMatch(/example\.com|Gus|Ana|Bob/);
    expect((await verifyEvidence(store.db)).ok).toBe(true);
  });

  it('changes nothing when run again', async () => {
    await sweep();
    const before = await shop.snapshot();
    // One batch in each of orders, invoice_lines, invoices and customers.
    expect(await evidenceOf(store, 'retention.batch')).toHaveLength(4);
    const again = await sweep();
    expect(again.collections.every((c) => c.deleted === 0 && c.anonymised === 0)).toBe(true);
    expect(await shop.snapshot()).toEqual(before);
    expect(await evidenceOf(store, 'retention.batch')).toHaveLength(4);
  });

  it('stops only the collection whose column was renamed, and reports it', async () => {
    await shop.query(
      engine === 'mysql'
        ? 'alter table orders rename column placed_at to placed_on'
        : 'alter table orders rename column placed_at to placed_on',
    );
    const report = await sweep();
    expect(report.status).toBe('partial');
    const orders = report.collections.find((c) => c.collection === 'orders');
    expect(orders).toMatchObject({
      status: 'failed',
      deleted: 0,
      error: { code: 'datastore.query_failed' },
    });
    expect(orders?.error?.message).toContain('datastore "shop"');
    expect(JSON.stringify(report)).not.toContain('@example.com');
    expect(counts(report)['invoices']).toEqual(['swept', 1, 0, 0, 0, 0]);
    expect(counts(report)['invoice_lines']).toEqual(['swept', 1, 0, 0, 0, 0]);
    // The customers' last activity reads the orders' placed_at too: they stop as well.
    expect(report.collections.find((c) => c.collection === 'customers')).toMatchObject({
      status: 'failed',
      anonymised: 0,
    });
  });

  it('fails a datastore that is down without stopping the run', async () => {
    const gone = await openRetentionShop(engine);
    await gone.connector.close();
    try {
      const report = await sweep({ connectors: new Map([['shop', gone.connector]]) });
      expect(report.status).toBe('partial');
      for (const c of report.collections.filter((c) => c.collection !== 'products')) {
        expect(c.status, c.collection).toBe('failed');
      }
    } finally {
      await gone.close();
    }
  });

  it('carries on a run that stopped midway and ends as an uninterrupted run does', async () => {
    const stop = new Error('killed');
    await expect(
      sweep({
        batchSize: 1,
        onBatch: (batch) => {
          if (batch.collection === 'invoice_lines') throw stop;
        },
      }),
    ).rejects.toBe(stop);
    // The run is left running, as after a kill; its lease lapses.
    await store.db
      .updateTable('retention_runs')
      .set({ expires_at: new Date(0) })
      .execute();
    const resumed = await sweep({ batchSize: 1 });
    expect(resumed.resumed).toBe(true);
    expect(counts(resumed)).toMatchObject({
      orders: ['swept', 1, 0, 1, 1, 0],
      invoice_lines: ['swept', 1, 0, 0, 0, 0],
      invoices: ['swept', 1, 0, 0, 0, 0],
      customers: ['swept', 0, 1, 2, 1, 0],
    });
    const after = await shop.snapshot();
    expect(ids(after['orders'])).toEqual([101, 102, 104]);
    expect(ids(after['invoices'])).toEqual([501, 503]);
    expect(ids(after['invoice_lines'])).toEqual(['501/1', '501/2', '503/1']);
    // A live run is not taken over.
    const runs = await store.db.selectFrom('retention_runs').select('status').execute();
    expect(runs).toEqual([{ status: 'completed' }]);
  });

  it('reports the rows of an interrupted batch that are gone, and does the rest again', async () => {
    // A run stopped after the datastore committed a batch and before its outcome was recorded.
    await expect(
      sweep({
        batchSize: 1,
        onBatch: () => {
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const progress = await store.db
      .selectFrom('retention_progress')
      .selectAll()
      .where('collection', '=', 'invoice_lines')
      .executeTakeFirst();
    expect(progress).toBeUndefined();
    await store.db
      .insertInto('retention_progress')
      .values({
        run_id: (await store.db.selectFrom('retention_runs').select('id').executeTakeFirstOrThrow())
          .id,
        datastore: 'shop',
        collection: 'invoice_lines',
        pending: JSON.stringify({
          keys: [
            [502, 1],
            [501, 1],
          ],
          after: [502, 1],
        }),
        report: JSON.stringify({
          datastore: 'shop',
          collection: 'invoice_lines',
          status: 'swept',
          deleted: 0,
          anonymised: 0,
          kept: { restricted: 0, openRequest: 0, referenced: 0 },
          batches: 0,
        }),
      })
      .execute();
    // The line of 502 went in that batch; 501/1 is held, so it was never deleted.
    await shop.query('delete from invoice_lines where invoice_id = 502');
    await store.db
      .updateTable('retention_runs')
      .set({ expires_at: new Date(0) })
      .execute();
    const resumed = await sweep({ batchSize: 1 });
    expect(counts(resumed)['invoice_lines']).toEqual(['swept', 1, 0, 0, 0, 0]);
    // (The orders batch applied while the killed run's record was written is reported so too.)
    const interrupted = (await evidenceOf(store, 'retention.batch')).filter(
      (d) => d['interrupted'] === true && d['collection'] === 'invoice_lines',
    );
    expect(interrupted).toEqual([
      expect.objectContaining({ collection: 'invoice_lines', rows: 1 }),
    ]);
  });

  it.runIf(engine !== 'pglite')(
    'stops a collection whose rows the application keeps locked, within the lock timeout',
    async () => {
      const release = await shop.holdOpen?.(
        engine === 'mysql'
          ? 'select * from invoices where id = 502 for update'
          : 'select * from invoices where id = 502 for update',
      );
      try {
        const report = await sweep({ lockTimeoutMs: 200 });
        expect(report.collections.find((c) => c.collection === 'invoices')).toMatchObject({
          status: 'failed',
          deleted: 0,
          error: { code: 'datastore.locked' },
        });
        expect(counts(report)['orders']).toEqual(['swept', 1, 0, 1, 1, 0]);
      } finally {
        await release?.();
      }
      // Released, the next run deletes it.
      const again = await sweep();
      expect(counts(again)['invoices']).toEqual(['swept', 1, 0, 0, 0, 0]);
    },
  );

  it('refuses a second run while one is live', async () => {
    let second: Promise<SweepReport> | undefined;
    await sweep({
      batchSize: 1,
      onBatch: () => {
        if (second !== undefined) return;
        second = sweep();
        second.catch(() => undefined);
      },
    });
    await expect(second).rejects.toMatchObject({ code: 'retention.already_running' });
  });
});
