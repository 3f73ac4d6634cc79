import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CustodianError } from '../../src/errors.js';
import { verifyEvidence } from '../../src/evidence/index.js';
import {
  consentReceipt,
  consentState,
  identityHash,
  recordConsent,
  recordObjection,
  restrictProcessing,
  type Choice,
  type LedgerContext,
} from '../../src/ledger/index.js';
import type { DataMap } from '../../src/map/index.js';
import {
  planOwnRecords,
  sweepOwnRecords,
  type OwnRecordsContext,
  type SweepCollectionReport,
} from '../../src/retention/index.js';
import type { Database, Store } from '../../src/store/index.js';
import { LEDGER_MAP, person, SECRET } from '../ledger/fixture.js';
import { eachTarget, freshStore } from '../support/stores.js';

const NOW = new Date('2030-06-01T09:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const YEAR = 365 * DAY;
const ago = (ms: number): Date => new Date(NOW.getTime() - ms);

const RECORDS = { closedRequests: 'P3Y', deliveredMail: 'P30D', consentProof: 'P5Y' };
const MAP: DataMap = { ...LEDGER_MAP, records: RECORDS };

async function rows(db: Kysely<Database>, query: string): Promise<number> {
  const { rows: found } = await sql<{ n: string | number }>`${sql.raw(query)}`.execute(db);
  return Number(found[0]?.n ?? 0);
}

/** A request row with its timeline, code, package, certificate and a sent mail, as a run leaves them. */
async function request(
  db: Kysely<Database>,
  input: {
    status: string;
    at: Date;
    type?: string;
    email?: string;
    events?: { kind: string; at: Date; details?: Record<string, unknown> }[];
  },
): Promise<string> {
  const id = randomUUID();
  const email = input.email ?? person('req');
  await db
    .insertInto('requests')
    .values({
      id,
      type: input.type ?? 'erasure',
      law: 'gdpr',
      controller: 'shop-be',
      country: 'BE',
      region: null,
      language: 'en',
      status: input.status,
      subject_ref: `ref-${randomBytes(6).toString('hex')}`,
      email_hash: identityHash(SECRET, { email }).hash,
      email_sealed: 'sealed',
      input_sealed: null,
      verification: 'email',
      received_at: input.at,
      acknowledge_by: null,
      due_at: input.at,
      extended_at: null,
      verified_at: input.at,
      decided_at: null,
      finished_at: input.at,
      reason_sealed: null,
      summary: null,
      updated_at: input.at,
    })
    .execute();
  for (const event of [{ kind: 'received', at: input.at }, ...(input.events ?? [])]) {
    await db
      .insertInto('request_events')
      .values({
        request_id: id,
        at: event.at,
        actor: 'test',
        kind: event.kind,
        status: input.status,
        details: JSON.stringify('details' in event ? event.details : {}),
      })
      .execute();
  }
  await db
    .insertInto('verification_codes')
    .values({ request_id: id, hash: 'h', expires_at: input.at, created_at: input.at })
    .execute();
  await db
    .insertInto('packages')
    .values({
      id: randomUUID(),
      request_id: id,
      content_sealed: null,
      bytes: 10,
      created_at: input.at,
      expires_at: input.at,
      downloaded_at: null,
      deleted_at: input.at,
    })
    .execute();
  await db
    .insertInto('certificates')
    .values({
      request_id: id,
      body: JSON.stringify({ requestId: id }),
      signature: 's',
      key_id: 'k',
      created_at: input.at,
    })
    .execute();
  return id;
}

async function mail(
  db: Kysely<Database>,
  input: { status: string; at: Date; requestId?: string },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('outbox')
    .values({
      id,
      request_id: input.requestId ?? null,
      kind: 'verification-code',
      message_sealed: input.status === 'sent' ? null : 'sealed',
      status: input.status,
      next_attempt_at: input.at,
      created_at: input.at,
      sent_at: input.status === 'sent' ? input.at : null,
    })
    .execute();
  return id;
}

async function exists(db: Kysely<Database>, table: string, id: string): Promise<boolean> {
  return (await rows(db, `select count(*) as n from ${table} where id = '${id}'`)) > 0;
}

async function left(db: Kysely<Database>, requestId: string): Promise<number> {
  let total = 0;
  for (const table of ['request_events', 'verification_codes', 'packages', 'certificates']) {
    total += await rows(db, `select count(*) as n from ${table} where request_id = '${requestId}'`);
  }
  return total;
}

async function batchRecords(db: Kysely<Database>) {
  return db
    .selectFrom('evidence')
    .select(['actor', 'subject_ref', 'details'])
    .where('action', '=', 'retention.batch')
    .orderBy('seq')
    .execute();
}

/** The report of one collection. */
function of(reports: SweepCollectionReport[], collection: string): SweepCollectionReport {
  const report = reports.find((candidate) => candidate.collection === collection);
  if (report === undefined) throw new Error(`no report for ${collection}`);
  return report;
}

/** A request denied at `at`, and its appeal (in `appealStatus`), linked both ways. */
async function appealedRequest(
  db: Kysely<Database>,
  at: Date,
  appealStatus: string,
): Promise<{ appeal: string; appealed: string }> {
  const appeal = await request(db, { status: appealStatus, at, type: 'appeal' });
  const appealed = await request(db, {
    status: 'denied',
    at,
    events: [{ kind: 'appealed', at, details: { appeal } }],
  });
  await db
    .updateTable('request_events')
    .set({ details: JSON.stringify({ appealOf: appealed }) })
    .where('request_id', '=', appeal)
    .where('kind', '=', 'received')
    .execute();
  return { appeal, appealed };
}

function sweepContext(store: Store, change: Partial<OwnRecordsContext> = {}): OwnRecordsContext {
  return { db: store.db, map: MAP, now: NOW, runId: 'run-1', actor: 'system', ...change };
}

function ledgerAt(at: Date): LedgerContext {
  return { map: MAP, secret: SECRET, now: () => at, actor: 'api-key:test' };
}

/** Records `choices` for `email` at `at`; returns the receipt id. */
async function choose(
  db: Kysely<Database>,
  email: string,
  at: Date,
  choices: Record<string, Choice>,
): Promise<string> {
  const receipt = await recordConsent(db, ledgerAt(at), {
    subject: { email },
    choices,
    source: 'cookie-banner',
  });
  return receipt.receiptId;
}

async function eventsOf(db: Kysely<Database>, receiptId: string): Promise<number> {
  return rows(db, `select count(*) as n from ledger_events where receipt_id = '${receiptId}'`);
}

eachTarget("Custodian's own records on $target", ({ target }) => {
  let store: Store;
  beforeEach(async () => {
    store = await freshStore(target);
  });
  afterEach(() => store.close());

  it('deletes requests closed longer than closedRequests, with their timeline, code, package and certificate', async () => {
    const db = store.db;
    const old = ago(4 * YEAR);
    const completed = await request(db, { status: 'completed', at: old });
    const denied = await request(db, { status: 'denied', at: old });
    const expired = await request(db, { status: 'expired', at: old });
    const locked = await request(db, { status: 'locked', at: old });
    const sentAbout = await mail(db, { status: 'sent', at: ago(DAY), requestId: completed });
    const young = await request(db, { status: 'completed', at: ago(2 * YEAR) });
    // Open, however old: a failed run is resumed, the others are still being handled.
    const open = await Promise.all(
      ['unverified', 'verified', 'awaiting-approval', 'approved', 'running', 'failed'].map(
        (status) => request(db, { status, at: ago(10 * YEAR) }),
      ),
    );
    // Closed long ago, but its timeline moved since (an appeal's outcome noted on it).
    const touched = await request(db, {
      status: 'denied',
      at: old,
      events: [{ kind: 'appeal-denied', at: ago(YEAR) }],
    });

    const requests = of(await sweepOwnRecords(sweepContext(store)), 'requests');

    expect(requests).toMatchObject({
      datastore: 'custodian',
      collection: 'requests',
      status: 'swept',
      action: 'delete',
      cutoff: '2027-06-01T09:00:00.000Z',
      deleted: 4,
      batches: 1,
      kept: { restricted: 0, openRequest: 0, referenced: 0 },
    });
    for (const id of [completed, denied, expired, locked]) {
      expect(await exists(db, 'requests', id)).toBe(false);
      expect(await left(db, id)).toBe(0);
    }
    for (const id of [young, touched, ...open]) {
      expect(await exists(db, 'requests', id)).toBe(true);
      expect(await left(db, id)).toBeGreaterThanOrEqual(4);
    }
    // The mail about a deleted request stays until its own period, without the link.
    const kept = await db
      .selectFrom('outbox')
      .select('request_id')
      .where('id', '=', sentAbout)
      .executeTakeFirst();
    expect(kept).toEqual({ request_id: null });
  });

  it('keeps a closed request while its appeal is open, and deletes the appeal after the request it appeals', async () => {
    const db = store.db;
    const old = ago(4 * YEAR);
    const { appeal, appealed } = await appealedRequest(db, old, 'awaiting-approval');

    const open = of(await sweepOwnRecords(sweepContext(store)), 'requests');
    expect(open).toMatchObject({ deleted: 0, kept: { openRequest: 1, referenced: 0 } });
    expect(await exists(db, 'requests', appealed)).toBe(true);

    await db.updateTable('requests').set({ status: 'denied' }).where('id', '=', appeal).execute();
    // One row per batch: the appeal is not taken while the request it appeals is still there.
    const closed = of(await sweepOwnRecords(sweepContext(store, { batchSize: 1 })), 'requests');
    expect(closed).toMatchObject({ deleted: 2, batches: 2, kept: { openRequest: 0 } });
    expect(await exists(db, 'requests', appealed)).toBe(false);
    expect(await exists(db, 'requests', appeal)).toBe(false);
  });

  it('deletes mail sent longer ago than deliveredMail and keeps pending and failed mail', async () => {
    const db = store.db;
    const sentOld = await mail(db, { status: 'sent', at: ago(60 * DAY) });
    const sentYoung = await mail(db, { status: 'sent', at: ago(10 * DAY) });
    const pending = await mail(db, { status: 'pending', at: ago(YEAR) });
    const failed = await mail(db, { status: 'failed', at: ago(YEAR) });

    const reports = await sweepOwnRecords(sweepContext(store));

    expect(of(reports, 'outbox')).toMatchObject({
      collection: 'outbox',
      status: 'swept',
      deleted: 1,
    });
    expect(await exists(db, 'outbox', sentOld)).toBe(false);
    for (const id of [sentYoung, pending, failed])
      expect(await exists(db, 'outbox', id)).toBe(true);
  });

  it('deletes consent choices replaced longer ago than consentProof and keeps the choice in force, however old', async () => {
    const db = store.db;
    const ana = person('ana');
    const r0 = await choose(db, ana, ago(8 * YEAR), { newsletter: 'granted' });
    const r1 = await choose(db, ana, ago(7 * YEAR), { newsletter: 'denied' });
    const r2 = await choose(db, ana, ago(6 * YEAR), { newsletter: 'granted' });
    const r3 = await choose(db, ana, ago(7 * DAY * 50), { newsletter: 'denied' });
    // Bea's oldest receipt still holds her analytics choice: it stays whole.
    const bea = person('bea');
    const b0 = await choose(db, bea, ago(9 * YEAR), {
      newsletter: 'granted',
      analytics: 'granted',
    });
    const b1 = await choose(db, bea, ago(8 * YEAR), { newsletter: 'denied' });
    // Cy chose once, nine years ago: that choice is in force.
    const cy = person('cy');
    const c0 = await choose(db, cy, ago(9 * YEAR), { ads: 'granted' });

    // Gil withdrew seven years ago: the grant goes, the withdrawal stays one.
    const gil = person('gil');
    const g0 = await choose(db, gil, ago(8 * YEAR), { newsletter: 'granted' });
    const g1 = await choose(db, gil, ago(7 * YEAR), { newsletter: 'denied' });

    const stateBefore = await Promise.all(
      [ana, bea, cy, gil].map((email) => consentState(db, ledgerAt(NOW), { email })),
    );
    const current = [r3, b0, b1, c0, g1];
    const receiptsBefore = await Promise.all(
      current.map((id) => consentReceipt(db, ledgerAt(NOW), id)),
    );
    expect(receiptsBefore[0]?.purposes[0]?.status).toBe('dpv:ConsentWithdrawn');
    expect(receiptsBefore[4]?.purposes[0]?.status).toBe('dpv:ConsentWithdrawn');

    const reports = await sweepOwnRecords(sweepContext(store, { batchSize: 1 }));

    expect(reports[2]).toMatchObject({
      collection: 'ledger_events',
      status: 'swept',
      cutoff: '2025-06-01T09:00:00.000Z',
      deleted: 3,
      batches: 3,
    });
    expect(await eventsOf(db, r0)).toBe(0);
    expect(await eventsOf(db, g0)).toBe(0);
    expect(await eventsOf(db, r1)).toBe(0);
    // Replaced a year ago: still the proof of what was done under it for four more years.
    expect(await eventsOf(db, r2)).toBe(1);
    for (const id of current) expect(await eventsOf(db, id)).toBeGreaterThan(0);
    expect(await eventsOf(db, b0)).toBe(2);

    const stateAfter = await Promise.all(
      [ana, bea, cy, gil].map((email) => consentState(db, ledgerAt(NOW), { email })),
    );
    for (const [i, after] of stateAfter.entries()) {
      const before = stateBefore[i];
      expect(after.purposes).toEqual(before?.purposes);
      expect(after.objections).toEqual(before?.objections);
      expect(after.restricted).toEqual(before?.restricted);
    }
    expect(stateAfter[0]?.events.map((event) => event.receiptId)).toEqual([r2, r3]);
    // The receipts of the state in force read the same, the withdrawal included (GDPR Art. 7(3)).
    const receiptsAfter = await Promise.all(
      current.map((id) => consentReceipt(db, ledgerAt(NOW), id)),
    );
    expect(receiptsAfter).toEqual(receiptsBefore);
    const gone = await consentReceipt(db, ledgerAt(NOW), r0).catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(CustodianError);
    expect((gone as CustodianError).code).toBe('receipt.not_found');
  });

  it('keeps every event of a restricted person, of one with a request open, and objections', async () => {
    const db = store.db;
    const history = async (email: string) => {
      await choose(db, email, ago(8 * YEAR), { newsletter: 'granted' });
      await choose(db, email, ago(7 * YEAR), { newsletter: 'denied' });
    };
    const restricted = person('dora');
    await history(restricted);
    await restrictProcessing(db, ledgerAt(ago(DAY)), {
      subject: { email: restricted },
      reason: 'legal-claims',
      source: 'api',
    });
    const asking = person('ed');
    await history(asking);
    await request(db, { status: 'verified', at: ago(DAY), email: asking, type: 'access' });
    const objecting = person('fay');
    await choose(db, objecting, ago(8 * YEAR), { newsletter: 'granted' });
    const objection = await recordObjection(db, ledgerAt(ago(7 * YEAR)), {
      subject: { email: objecting },
      purpose: 'newsletter',
      source: 'unsubscribe-link',
    });
    const total = await rows(db, 'select count(*) as n from ledger_events');
    const objections = await consentState(db, ledgerAt(NOW), { email: objecting });

    const reports = await sweepOwnRecords(sweepContext(store));

    // Fay's grant was replaced by her objection's withdrawal; the objection stays whole.
    expect(reports[2]).toMatchObject({
      status: 'swept',
      deleted: 1,
      kept: { restricted: 1, openRequest: 1, referenced: 0 },
    });
    expect(await rows(db, 'select count(*) as n from ledger_events')).toBe(total - 1);
    expect(await eventsOf(db, objection.receiptId)).toBe(2);
    const after = await consentState(db, ledgerAt(NOW), { email: objecting });
    expect(after.objections).toEqual(objections.objections);
    expect(after.purposes).toEqual(objections.purposes);
    for (const email of [restricted, asking]) {
      const state = await consentState(db, ledgerAt(NOW), { email });
      expect(state.events.filter((event) => event.kind !== 'restricted')).toHaveLength(2);
    }
  });

  it('writes one evidence record per batch with counts only, and the chain still verifies', async () => {
    const db = store.db;
    const ids = [];
    for (let i = 0; i < 3; i += 1)
      ids.push(await request(db, { status: 'completed', at: ago(4 * YEAR) }));
    for (let i = 0; i < 3; i += 1) await mail(db, { status: 'sent', at: ago(YEAR) });
    const ana = person('ana');
    await choose(db, ana, ago(8 * YEAR), { newsletter: 'granted' });
    await choose(db, ana, ago(7 * YEAR), { newsletter: 'denied' });

    const reports = await sweepOwnRecords(sweepContext(store, { batchSize: 2, runId: 'run-42' }));

    expect(reports.map((r) => [r.collection, r.deleted, r.batches])).toEqual([
      ['outbox', 3, 2],
      ['requests', 3, 2],
      ['ledger_events', 1, 1],
    ]);
    const records = await batchRecords(db);
    expect(records).toEqual([
      ...[2, 1].map((n) => ({
        actor: 'system',
        subject_ref: null,
        details: {
          run: 'run-42',
          datastore: 'custodian',
          collection: 'outbox',
          action: 'delete',
          rows: n,
        },
      })),
      ...[2, 1].map((n) => ({
        actor: 'system',
        subject_ref: null,
        details: {
          run: 'run-42',
          datastore: 'custodian',
          collection: 'requests',
          action: 'delete',
          rows: n,
        },
      })),
      {
        actor: 'system',
        subject_ref: null,
        details: {
          run: 'run-42',
          datastore: 'custodian',
          collection: 'ledger_events',
          action: 'delete',
          rows: 1,
        },
      },
    ]);
    const text = JSON.stringify(records);
    for (const id of ids) expect(text).not.toContain(id);
    expect(text).not.toContain('example.com');
    expect(await verifyEvidence(db)).toMatchObject({ ok: true });
  });

  it('changes nothing when run a second time', async () => {
    const db = store.db;
    await request(db, { status: 'completed', at: ago(4 * YEAR) });
    await mail(db, { status: 'sent', at: ago(YEAR) });
    const ana = person('ana');
    await choose(db, ana, ago(8 * YEAR), { newsletter: 'granted' });
    await choose(db, ana, ago(7 * YEAR), { newsletter: 'denied' });
    const first = await sweepOwnRecords(sweepContext(store));
    expect(first.map((r) => r.deleted)).toEqual([1, 1, 1]);
    const evidence = await rows(db, 'select count(*) as n from evidence');

    const second = await sweepOwnRecords(sweepContext(store, { runId: 'run-2' }));

    expect(second.map((r) => [r.status, r.deleted, r.batches])).toEqual([
      ['swept', 0, 0],
      ['swept', 0, 0],
      ['swept', 0, 0],
    ]);
    expect(await rows(db, 'select count(*) as n from evidence')).toBe(evidence);
  });

  it('rolls a batch back with its evidence when it fails, and a second run carries on', async () => {
    const db = store.db;
    for (let i = 0; i < 3; i += 1) await request(db, { status: 'completed', at: ago(4 * YEAR) });
    let calls = 0;
    const failing = () => {
      calls += 1;
      if (calls === 2) throw new Error('the process died here');
      return NOW;
    };

    const stopped = of(
      await sweepOwnRecords(sweepContext(store, { batchSize: 1, clock: failing })),
      'requests',
    );

    expect(stopped).toMatchObject({
      status: 'failed',
      deleted: 1,
      batches: 1,
      error: { code: 'store.failed' },
    });
    expect(JSON.stringify(stopped)).not.toContain('process died');
    // The failed batch deleted nothing: every deletion is the one its evidence record counts.
    expect(await rows(db, 'select count(*) as n from requests')).toBe(2);
    expect((await batchRecords(db)).map((r) => r.details['rows'])).toEqual([1]);

    const resumed = of(await sweepOwnRecords(sweepContext(store, { batchSize: 1 })), 'requests');
    expect(resumed).toMatchObject({ status: 'swept', deleted: 2 });
    expect(await rows(db, 'select count(*) as n from requests')).toBe(0);
    expect(await verifyEvidence(db)).toMatchObject({ ok: true });
  });

  it('plans what a sweep deletes and what it keeps, changing nothing', async () => {
    const db = store.db;
    const old = ago(4 * YEAR);
    await request(db, { status: 'completed', at: old });
    await request(db, { status: 'denied', at: ago(2 * YEAR) });
    // A request whose appeal is open, and the appeal kept with it.
    await appealedRequest(db, old, 'denied');
    await mail(db, { status: 'sent', at: ago(60 * DAY) });
    await mail(db, { status: 'pending', at: ago(YEAR) });
    const history = async (email: string) => {
      await choose(db, email, ago(8 * YEAR), { newsletter: 'granted' });
      await choose(db, email, ago(7 * YEAR), { newsletter: 'denied' });
    };
    await history(person('gil'));
    const restricted = person('hal');
    await history(restricted);
    await restrictProcessing(db, ledgerAt(ago(DAY)), {
      subject: { email: restricted },
      reason: 'legal-claims',
      source: 'api',
    });
    const asking = person('ida');
    await history(asking);
    await request(db, { status: 'verified', at: ago(DAY), email: asking, type: 'access' });
    const tables = ['requests', 'request_events', 'outbox', 'ledger_events'];
    const before = await Promise.all(tables.map((t) => rows(db, `select count(*) as n from ${t}`)));

    const plan = await planOwnRecords({ db, map: MAP, now: NOW });

    const counts = plan.map((c) => [
      c.collection,
      c.status,
      c.past,
      c.held,
      c.restricted,
      c.openRequest,
      c.due,
    ]);
    expect(counts).toEqual([
      ['outbox', 'planned', 1, 0, 0, 0, 1],
      // The completed request and the appealed one (its appeal is closed) are due; the appeal is
      // held while the request it appeals is there. The request closed two years ago is young.
      ['requests', 'planned', 3, 1, 0, 0, 2],
      // Gil's grant, replaced; Hal's is kept (restricted), Ida's (her request is open).
      ['ledger_events', 'planned', 3, 0, 1, 1, 1],
    ]);
    expect(
      await Promise.all(tables.map((t) => rows(db, `select count(*) as n from ${t}`))),
    ).toEqual(before);
    // What the sweep then deletes is what the plan says is due.
    const reports = await sweepOwnRecords(sweepContext(store));
    for (const planned of plan) {
      expect(of(reports, planned.collection).deleted, planned.collection).toBe(planned.due);
    }
  });

  it('deletes nothing when the map sets no records periods', async () => {
    const db = store.db;
    const id = await request(db, { status: 'completed', at: ago(10 * YEAR) });
    await mail(db, { status: 'sent', at: ago(10 * YEAR) });
    const ana = person('ana');
    await choose(db, ana, ago(9 * YEAR), { newsletter: 'granted' });
    await choose(db, ana, ago(8 * YEAR), { newsletter: 'denied' });
    expect(LEDGER_MAP.records).toBeUndefined();

    const reports = await sweepOwnRecords(sweepContext(store, { map: LEDGER_MAP }));

    expect(reports.map((r) => [r.datastore, r.collection, r.status, r.deleted])).toEqual([
      ['custodian', 'outbox', 'no-rule', 0],
      ['custodian', 'requests', 'no-rule', 0],
      ['custodian', 'ledger_events', 'no-rule', 0],
    ]);
    expect(await exists(db, 'requests', id)).toBe(true);
    expect(await rows(db, 'select count(*) as n from outbox')).toBe(1);
    expect(await rows(db, 'select count(*) as n from ledger_events')).toBe(2);
    expect(await batchRecords(db)).toEqual([]);
  });
});
