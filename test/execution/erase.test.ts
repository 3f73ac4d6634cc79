import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyErasure,
  certificateKey,
  freezeAndApply,
  freezePlan,
  frozenPlan,
  runRequest,
  storedCertificate,
  verifyCertificate,
  type ErasureCertificate,
} from '../../src/execution/index.js';
import { checkSuppression } from '../../src/ledger/index.js';
import { getRequest } from '../../src/requests/index.js';
import { MYSQL_URL } from '../support/mysql.js';
import { eachTarget } from '../support/stores.js';
import { ANA_HOLDS } from './fixture.js';
import { world, type World } from './setup.js';
import { leaked } from '../support/leaks.js';

/** Every table of both databases, for before/after comparisons. */
async function snapshot(w: World): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const table of [
    'customers',
    'customer_emails',
    'orders',
    'order_lines',
    'payments',
    'accounts',
    'addresses',
  ]) {
    out[`shop.${table}`] = await w.shop.rows('shop', table);
  }
  for (const table of ['invoices', 'complaints', 'subscribers']) {
    out[`billing.${table}`] = await w.shop.rows('billing', table);
  }
  return out;
}

function flipFirstByte(signature: string): string {
  const bytes = Buffer.from(signature, 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return bytes.toString('base64url');
}

const ids = (rows: Record<string, unknown>[] | undefined, key = 'id'): unknown[] =>
  (rows ?? []).map((row) => row[key]);

eachTarget('erasure on $target', ({ target }) => {
  erasureSuite(() => world(target));
});

// MySQL checks foreign keys row by row and has no deferred constraints: the order matters most there.
describe.skipIf(MYSQL_URL === undefined)('erasure of a shop on MariaDB', () => {
  erasureSuite(() => world('pglite', undefined, 'mysql'));
});

function erasureSuite(open: () => Promise<World>): void {
  let w: World;
  beforeEach(async () => {
    w = await open();
  });
  afterEach(async () => {
    await w.close();
  });

  it('shows the plan in a dry run, in counts, and changes nothing', async () => {
    const id = await w.open('erasure');
    const before = await snapshot(w);
    const outcome = await runRequest(w.ctx, id, { dryRun: true });
    expect(outcome.dryRun).toBe(true);
    if (!outcome.dryRun) return;
    const row = (collection: string) =>
      outcome.collections.find((candidate) => candidate.collection === collection);
    expect(row('customers')).toMatchObject({ found: 1, held: 0, op: 'delete', rows: 1 });
    expect(row('orders')).toMatchObject({
      found: 2,
      held: 0,
      op: 'delete+update',
      rows: 2,
      strategies: { customer_id: 'null', note: 'mask' },
    });
    expect(row('payments')).toMatchObject({ found: 2, held: 1, op: 'delete', rows: 1 });
    expect(row('complaints')).toMatchObject({ found: 1, held: 1, op: 'none', rows: 0 });
    expect(leaked(JSON.stringify(outcome), ['ana', 'veldstraat', 'example.com'])).toEqual([]);
    expect(await snapshot(w)).toEqual(before);
    expect((await getRequest(w.store.db, id)).status).toBe('approved');
  });

  it('erases everything reachable but held rows, resumes after a crash, and certifies', async () => {
    const id = await w.open('erasure');
    const before = await snapshot(w);

    // A run that stops after its first datastore, the shop: a checkpoint per step of the shop's
    // and none of the billing's.
    const first = await runRequest(w.ctx, id, { stopAfter: 1 });
    expect(first.dryRun).toBe(false);
    expect((await getRequest(w.store.db, id)).status).toBe('running');
    const checkpoints = await w.store.db
      .selectFrom('erasure_steps')
      .select(['step', 'datastore'])
      .execute();
    const shopSteps = checkpoints.length;
    expect(shopSteps).toBeGreaterThan(1);
    expect(new Set(checkpoints.map((checkpoint) => checkpoint.datastore))).toEqual(
      new Set(['shop']),
    );
    expect(ids((await snapshot(w))['billing.subscribers'])).toEqual(
      ids(before['billing.subscribers']),
    );
    // Then a crash between the shop's commit and its checkpoints: they are all missing.
    await w.store.db.deleteFrom('erasure_steps').execute();

    const done = await runRequest(w.ctx, id);
    expect(done.dryRun).toBe(false);
    if (done.dryRun) return;
    expect(done.record.status).toBe('completed');
    expect(done.summary).toMatchObject({ deleted: 12, anonymised: 1, held: 3 });

    const after = await snapshot(w);
    expect(ids(after['shop.customers'])).toEqual([2]);
    expect(ids(after['shop.customer_emails'], 'customer_id')).toEqual([2]);
    expect(after['shop.orders']).toEqual([
      { id: 101, customer_id: null, note: '[erased]', total: 30 },
      before['shop.orders']?.[2],
    ]);
    expect(ids(after['shop.order_lines'], 'order_id')).toEqual([201]);
    expect(ids(after['shop.payments'])).toEqual([1001, 2001]);
    expect(ids(after['shop.accounts'])).toEqual([22]);
    expect(ids(after['shop.addresses'])).toEqual([222]);
    expect(ids(after['billing.invoices'])).toEqual([501, 601]);
    expect(ids(after['billing.complaints'])).toEqual([701, 702]);
    expect(ids(after['billing.subscribers'])).toEqual([802]);
    // Bob is untouched, held rows are as they were.
    expect(after['shop.customers']).toEqual([before['shop.customers']?.[1]]);
    expect(after['shop.payments']?.[0]).toEqual(before['shop.payments']?.[0]);
    expect(after['billing.invoices']?.[0]).toEqual(before['billing.invoices']?.[0]);

    // The certificate: signed, verifiable, and without personal data.
    const certificate = await storedCertificate(w.ctx, id);
    if (certificate === undefined) return expect.fail('no certificate');
    const key = certificateKey(w.ctx.signingKey);
    expect(verifyCertificate(certificate, key.publicKey)).toBe(true);
    expect(certificate.body.holds).toEqual(ANA_HOLDS);
    expect(certificate.body.suppressed).toEqual({ email: 2, phone: 1 });
    // The fixture person's values, not fragments a random id or signature could contain.
    expect(JSON.stringify(certificate)).not.toMatch(
      /ana@example\.com|Ana Example|Veldstraat|\+32 470|1990-05-17/i,
    );

    // Altered, it no longer verifies.
    const altered: ErasureCertificate = {
      ...certificate,
      body: { ...certificate.body, holds: [] },
    };
    expect(verifyCertificate(altered, key.publicKey)).toBe(false);
    const forged: ErasureCertificate = {
      ...certificate,
      signature: flipFirstByte(certificate.signature),
    };
    expect(verifyCertificate(forged, key.publicKey)).toBe(false);

    // The person's identifiers are suppressed, Bob's are not.
    const suppression = await checkSuppression(
      w.store.db,
      { ...w.ctx, now: w.ctx.now },
      {
        identifiers: [
          { email: 'ana@example.com' },
          { email: 'ana.work@example.com' },
          { phone: '+32470000001' },
          { email: 'bob@example.com' },
        ],
      },
    );
    expect(suppression.results.map((result) => result.reason)).toEqual([
      'erased',
      'erased',
      'erased',
      null,
    ]);

    // Evidence: a record per datastore transaction, listing its steps, and the completion, with
    // counts and names, never values.
    const evidence = await w.store.db
      .selectFrom('evidence')
      .select(['action', 'details'])
      .where('action', 'like', 'erasure.%')
      .orderBy('seq')
      .execute();
    // The shop twice: its checkpoints were removed above, so it was applied and recorded again.
    expect(evidence.map((record) => [record.action, record.details['datastore'] ?? null])).toEqual([
      ['erasure.applied', 'shop'],
      ['erasure.applied', 'shop'],
      ['erasure.applied', 'billing'],
      ['erasure.completed', null],
    ]);
    const listed = evidence.slice(1, 3).flatMap((record) => record.details['steps'] as unknown[]);
    expect(listed).toHaveLength((done.summary['steps'] as number | undefined) ?? -1);
    expect(evidence[0]?.details['steps']).toHaveLength(shopSteps);
    expect(leaked(JSON.stringify(evidence), ['ana', 'veldstraat'])).toEqual([]);
    expect(JSON.stringify(evidence)).not.toMatch(/"101"|\[101\]/);
  });

  it('gives the same final state and certificate when run again', async () => {
    const id = await w.open('erasure');
    await runRequest(w.ctx, id);
    const state = await snapshot(w);
    const certificate = await storedCertificate(w.ctx, id);
    // A crash after the completion was recorded leaves nothing to do: the erasure is idempotent.
    await w.store.db
      .updateTable('requests')
      .set({ status: 'failed' })
      .where('id', '=', id)
      .execute();
    const again = await runRequest(w.ctx, id);
    expect(again.dryRun).toBe(false);
    expect(await snapshot(w)).toEqual(state);
    expect(await storedCertificate(w.ctx, id)).toEqual(certificate);
  });
}

it('certifies the same erasure the same way, whether or not the run was interrupted', async () => {
  const straight = await world('pglite');
  const interrupted = await world('pglite');
  try {
    const a = await straight.open('erasure');
    await runRequest(straight.ctx, a);
    const b = await interrupted.open('erasure');
    await runRequest(interrupted.ctx, b, { stopAfter: 1 });
    // Killed after the shop's commit, before its checkpoints: the rerun applies its steps again.
    await interrupted.store.db
      .deleteFrom('erasure_steps')
      .where('datastore', '=', 'shop')
      .execute();
    await runRequest(interrupted.ctx, b);
    const first = await storedCertificate(straight.ctx, a);
    const second = await storedCertificate(interrupted.ctx, b);
    expect({ ...second?.body, requestId: a }).toEqual(first?.body);
    expect(await snapshot(interrupted)).toEqual(await snapshot(straight));
  } finally {
    await straight.close();
    await interrupted.close();
  }
});

it('lets the checkpoints another run stored stand, and certifies from them', async () => {
  const w = await world('pglite');
  try {
    const id = await w.open('erasure');
    await runRequest(w.ctx, id);
    const first = await storedCertificate(w.ctx, id);
    const plan = await frozenPlan(w.ctx, id);
    if (first === undefined || plan === undefined) throw new Error('the erasure did not finish');
    const state = await snapshot(w);
    // As if a second run had frozen the plan anew while the first had checkpointed every step
    // but not yet stored its certificate: the second applies everything again, its checkpoints
    // conflict, and its own times must not make it into the certificate.
    await w.store.db.deleteFrom('certificates').where('request_id', '=', id).execute();
    await w.store.db.deleteFrom('erasure_plans').where('request_id', '=', id).execute();
    const fresh = await freezePlan(w.ctx, id, plan);
    const evidenceBefore = await w.store.db.selectFrom('evidence').select('action').execute();
    const later = new Date(Date.parse(first.body.completedAt) + 60_000);
    const result = await applyErasure({ ...w.ctx, now: () => later }, id, fresh);
    expect(result.certificate?.body).toEqual(first.body);
    expect(result.certificate?.signature).toBe(first.signature);
    expect(await snapshot(w)).toEqual(state);
    const added = (
      await w.store.db.selectFrom('evidence').select('action').orderBy('seq').execute()
    )
      .slice(evidenceBefore.length)
      .map((record) => record.action);
    // No step was recorded twice; the completion was, with the suppression's counts.
    expect(added).toEqual(['erasure.completed']);
  } finally {
    await w.close();
  }
});

it('carries out the plan another run froze first, and changes nothing by its own', async () => {
  const w = await world('pglite');
  try {
    const id = await w.open('erasure');
    // A run that froze its plan and stopped before changing anything.
    await runRequest(w.ctx, id, { stopAfter: 0 });
    const first = await frozenPlan(w.ctx, id);
    if (first === undefined) throw new Error('no plan was frozen');
    const before = await snapshot(w);
    // A second run, with a plan of its own (the same rows, another time): its changes must not
    // commit, since the stored plan is the one every rerun will apply.
    const second = {
      ...first,
      computedAt: new Date(Date.parse(first.computedAt) + 1000).toISOString(),
    };
    const { plan, result } = await freezeAndApply(w.ctx, id, second);
    expect(plan).toEqual(first);
    expect(result.certificate?.body.planComputedAt).toBe(first.computedAt);
    expect(await snapshot(w)).not.toEqual(before);
    expect(await frozenPlan(w.ctx, id)).toEqual(first);
  } finally {
    await w.close();
  }
});
