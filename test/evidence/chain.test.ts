import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustodianError } from '../../src/errors.js';
import {
  appendEvidence,
  appendEvidenceRecords,
  evidenceHash,
  evidenceHead,
  GENESIS_HASH,
  verifyEvidence,
  type EvidenceInput,
  type EvidenceVerification,
} from '../../src/evidence/index.js';
import type { Database, Store } from '../../src/store/index.js';
import { eachTarget, freshStore } from '../support/stores.js';

const START = Date.UTC(2026, 0, 1, 9, 0, 0, 123);

/** A consent-like record, as the ledger writes them: ids, purposes and statuses only. */
function record(n: number): EvidenceInput {
  return {
    actor: 'key_test',
    action: 'consent.recorded',
    subjectRef: randomUUID(),
    details: {
      receiptId: randomUUID(),
      purpose: n % 3 === 0 ? 'analytics' : 'newsletter',
      status: n % 2 === 0 ? 'granted' : 'denied',
      noticeVersion: '2026-01-01',
      gpc: n % 5 === 0,
      n,
    },
    at: new Date(START + n * 1000),
  };
}

async function appendMany(db: Kysely<Database>, from: number, count: number): Promise<void> {
  for (let n = from; n < from + count; n++) await appendEvidence(db, record(n));
}

eachTarget('evidence chain on $target', ({ target }) => {
  describe('appending', () => {
    let store: Store;
    beforeAll(async () => {
      store = await freshStore(target);
    });
    afterAll(() => store.close());

    it('verifies an empty chain as 0 records, its head at genesis', async () => {
      expect(await verifyEvidence(store.db)).toEqual({ ok: true, count: 0 });
      expect(await evidenceHead(store.db)).toEqual({ seq: 0, hash: GENESIS_HASH });
    });

    it('links record 1 to 64 zeros and each later record to the hash before it', async () => {
      const first = await appendEvidence(store.db, record(1));
      const second = await appendEvidence(store.db, record(2));
      expect(first.seq).toBe(1);
      expect(second.seq).toBe(2);
      const rows = await store.db
        .selectFrom('evidence')
        .selectAll()
        .where('seq', '<=', '2')
        .orderBy('seq')
        .execute();
      expect(rows.map((r) => r.prev_hash)).toEqual([GENESIS_HASH, first.hash]);
      expect(rows.map((r) => r.hash)).toEqual([first.hash, second.hash]);
      const row = rows[0];
      if (row === undefined) throw new Error('record 1 was stored');
      expect(
        evidenceHash({
          seq: 1,
          recordedAt: row.recorded_at,
          actor: row.actor,
          action: row.action,
          subjectRef: row.subject_ref,
          details: row.details,
          prevHash: row.prev_hash,
        }),
      ).toBe(first.hash);
      expect(await evidenceHead(store.db)).toEqual(second);
    });

    it('stores the time at the millisecond it was given', async () => {
      const at = new Date('2026-03-04T05:06:07.089Z');
      const { seq } = await appendEvidence(store.db, { ...record(3), at });
      const row = await store.db
        .selectFrom('evidence')
        .select('recorded_at')
        .where('seq', '=', String(seq))
        .executeTakeFirstOrThrow();
      expect(row.recorded_at.toISOString()).toBe('2026-03-04T05:06:07.089Z');
    });

    it('hashes details the same after the jsonb round trip: key order, nesting, Unicode, numbers', async () => {
      await appendEvidence(store.db, {
        actor: 'system',
        action: 'erasure.completed',
        subjectRef: null,
        details: {
          zeta: 1,
          alpha: { b: [1, 'x', null, true], a: 0.30000000000000004, empty: {} },
          clé: 'Ünïcode — 日本語 😀',
          big: 1e21,
          tiny: 5e-324,
          negative: -0,
          skipped: undefined,
        },
        at: new Date(START),
      });
      await appendEvidence(store.db, {
        actor: 'key "quoted" \\ and\na newline',
        action: 'sweep.ran',
        at: new Date(START),
      });
      expect(await verifyEvidence(store.db)).toEqual({ ok: true, count: 5 });
    });

    it('verifies a chain longer than one batch', async () => {
      await appendMany(store.db, 10, 45);
      expect(await verifyEvidence(store.db, { batchSize: 7 })).toEqual({ ok: true, count: 50 });
      expect(await verifyEvidence(store.db, { batchSize: 50 })).toEqual({ ok: true, count: 50 });
    });

    it('commits with the caller’s transaction and rolls back with it', async () => {
      const before = await evidenceHead(store.db);
      await expect(
        store.db.transaction().execute(async (trx) => {
          await appendEvidence(trx, record(100));
          throw new Error('the change it proves failed');
        }),
      ).rejects.toThrow('the change it proves failed');
      expect(await evidenceHead(store.db)).toEqual(before);

      const committed = await store.db
        .transaction()
        .execute((trx) => appendEvidence(trx, record(101)));
      expect(committed.seq).toBe(before.seq + 1);
      expect(await verifyEvidence(store.db)).toEqual({ ok: true, count: before.seq + 1 });
    });

    it('stays linear under 200 concurrent appends', async () => {
      const before = await evidenceHead(store.db);
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          // Half append in a transaction of their own, half inside a caller's transaction.
          i % 2 === 0
            ? appendEvidence(store.db, record(1000 + i))
            : store.db.transaction().execute((trx) => appendEvidence(trx, record(1000 + i))),
        ),
      );
      const seqs = results.map((r) => r.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => before.seq + 1 + i));
      expect(await verifyEvidence(store.db, { batchSize: 64 })).toEqual({
        ok: true,
        count: before.seq + 200,
      });
    });

    it('appends several records in one statement, chained as one by one would', async () => {
      const before = await evidenceHead(store.db);
      const appended = await appendEvidenceRecords(store.db, [
        record(2001),
        record(2002),
        record(2003),
      ]);
      expect(appended.map((r) => r.seq)).toEqual([1, 2, 3].map((n) => before.seq + n));
      const rows = (
        await store.db.selectFrom('evidence').selectAll().orderBy('seq').execute()
      ).filter((row) => Number(row.seq) > before.seq);
      expect(rows.map((row) => row.prev_hash)).toEqual([
        before.hash,
        appended[0]?.hash,
        appended[1]?.hash,
      ]);
      expect(rows.map((row) => (row.details as { n: number }).n)).toEqual([2001, 2002, 2003]);
      expect(await evidenceHead(store.db)).toEqual({
        seq: before.seq + 3,
        hash: appended[2]?.hash,
      });
      expect(await verifyEvidence(store.db)).toEqual({ ok: true, count: before.seq + 3 });
    });

    it('stays linear when batches and single appends race', async () => {
      const before = await evidenceHead(store.db);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          i % 2 === 0
            ? appendEvidenceRecords(store.db, [
                record(3000 + i),
                record(3100 + i),
                record(3200 + i),
              ])
            : store.db
                .transaction()
                .execute(async (trx) => [await appendEvidence(trx, record(3000 + i))]),
        ),
      );
      const seqs = results
        .flat()
        .map((r) => r.seq)
        .sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 80 }, (_, i) => before.seq + 1 + i));
      // Each batch's records stay next to each other.
      for (const batch of results.filter((r) => r.length === 3)) {
        expect(batch.map((r) => r.seq - (batch[0]?.seq ?? 0))).toEqual([0, 1, 2]);
      }
      expect(await verifyEvidence(store.db)).toEqual({ ok: true, count: before.seq + 80 });
    });

    it('refuses a batch holding personal data and appends none of it', async () => {
      const before = await evidenceHead(store.db);
      const leaking = { ...record(4001), details: { note: 'ana@example.com' } };
      await expect(appendEvidenceRecords(store.db, [record(4000), leaking])).rejects.toThrow(
        /evidence details/,
      );
      expect(await evidenceHead(store.db)).toEqual(before);
    });

    it('refuses personal data in details and appends nothing', async () => {
      const before = await evidenceHead(store.db);
      const attempts: EvidenceInput[] = [
        { ...record(1), details: { note: 'sent to ana@example.com' } },
        { ...record(1), details: { contact: { phones: ['+32 470 12 34 56'] } } },
        { ...record(1), details: { 'ana@example.com': 'granted' } },
        { ...record(1), subjectRef: 'ana@example.com' },
        { ...record(1), actor: 'admin:bo@example.com' },
      ];
      for (const attempt of attempts) {
        const error = await appendEvidence(store.db, attempt).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CustodianError);
        expect((error as CustodianError).code).toBe('evidence.personal_data');
        expect((error as CustodianError).message).not.toContain('example.com');
        expect((error as CustodianError).message).not.toContain('470');
      }
      expect(await evidenceHead(store.db)).toEqual(before);
    });

    it('refuses details that would not hash the same once stored', async () => {
      for (const details of [
        { at: new Date() },
        { ratio: Number.NaN },
        { count: 1n },
        { text: 'nul\u0000byte' },
        { text: 'lone \ud800 surrogate' },
      ]) {
        await expect(appendEvidence(store.db, { ...record(1), details })).rejects.toMatchObject({
          code: 'evidence.invalid_details',
        });
      }
      await expect(
        appendEvidence(store.db, { ...record(1), at: new Date(Number.NaN) }),
      ).rejects.toMatchObject({ code: 'evidence.invalid_input' });
    });
  });

  describe('tampering', () => {
    const RECORDS = 40;
    let store: Store;
    beforeAll(async () => {
      store = await freshStore(target);
      await appendMany(store.db, 1, RECORDS);
    });
    afterAll(() => store.close());

    /** Tampers inside a transaction, verifies what it sees, and rolls the tampering back. */
    async function verifyAfter(
      ...statements: ReturnType<typeof sql>[]
    ): Promise<EvidenceVerification> {
      const trx = await store.db.startTransaction().execute();
      try {
        for (const statement of statements) await statement.execute(trx);
        return await verifyEvidence(trx, { batchSize: 16 });
      } finally {
        await trx.rollback().execute();
      }
    }

    it('starts from an intact chain', async () => {
      expect(await verifyEvidence(store.db)).toEqual({ ok: true, count: RECORDS });
    });

    it('names an altered record’s sequence', async () => {
      expect(
        await verifyAfter(
          sql`update evidence set details = jsonb_set(details, '{status}', '"withdrawn"') where seq = 17`,
        ),
      ).toMatchObject({ ok: false, brokenAt: 17, reason: 'altered', count: 16 });
    });

    it('finds an alteration in any hashed field', async () => {
      for (const change of [
        sql`update evidence set actor = 'someone else' where seq = 5`,
        sql`update evidence set action = 'consent.withdrawn' where seq = 5`,
        sql`update evidence set subject_ref = ${randomUUID()} where seq = 5`,
        sql`update evidence set recorded_at = recorded_at - interval '1 day' where seq = 5`,
        sql`update evidence set recorded_at = recorded_at + interval '1 microsecond' where seq = 5`,
        sql`update evidence set details = details - 'gpc' where seq = 5`,
      ]) {
        expect(await verifyAfter(change)).toMatchObject({
          ok: false,
          brokenAt: 5,
          reason: 'altered',
        });
      }
    });

    it('names the sequence of a deleted record as missing', async () => {
      expect(await verifyAfter(sql`delete from evidence where seq = 23`)).toMatchObject({
        ok: false,
        brokenAt: 23,
        reason: 'missing',
        count: 22,
      });
    });

    it('finds records cut off the end of the chain', async () => {
      expect(await verifyAfter(sql`delete from evidence where seq > ${RECORDS - 2}`)).toMatchObject(
        { ok: false, brokenAt: RECORDS - 1, reason: 'missing' },
      );
    });

    it('names the first of two swapped records as reordered', async () => {
      expect(
        await verifyAfter(sql`
          update evidence e set recorded_at = o.recorded_at, actor = o.actor, action = o.action,
            subject_ref = o.subject_ref, details = o.details, prev_hash = o.prev_hash, hash = o.hash
          from evidence o where (e.seq, o.seq) in ((12, 31), (31, 12))`),
      ).toMatchObject({ ok: false, brokenAt: 12, reason: 'reordered', count: 11 });
    });

    it('finds a record rewritten with a fresh hash by the link of the next one', async () => {
      // An attacker who recomputes the altered record's own hash breaks its successor's link.
      const row = await store.db
        .selectFrom('evidence')
        .selectAll()
        .where('seq', '=', '8')
        .executeTakeFirstOrThrow();
      const forged = evidenceHash({
        seq: 8,
        recordedAt: row.recorded_at,
        actor: row.actor,
        action: 'consent.withdrawn',
        subjectRef: row.subject_ref,
        details: row.details,
        prevHash: row.prev_hash,
      });
      expect(
        await verifyAfter(
          sql`update evidence set action = 'consent.withdrawn', hash = ${forged} where seq = 8`,
        ),
      ).toMatchObject({ ok: false, brokenAt: 9, reason: 'reordered' });
    });

    it('finds a head that disagrees with the last record', async () => {
      expect(
        await verifyAfter(sql`update evidence_head set hash = ${'f'.repeat(64)} where id = 1`),
      ).toMatchObject({ ok: false, brokenAt: RECORDS, reason: 'head-mismatch', count: RECORDS });
    });

    it('finds a record added past the head', async () => {
      expect(
        await verifyAfter(sql`
          insert into evidence (seq, recorded_at, actor, action, subject_ref, details, prev_hash, hash)
          select seq + 1, recorded_at, actor, action, subject_ref, details, hash, hash
          from evidence where seq = ${RECORDS}`),
      ).toMatchObject({ ok: false, brokenAt: RECORDS + 1, reason: 'head-mismatch' });
    });

    it('finds a removed head row', async () => {
      expect(await verifyAfter(sql`delete from evidence_head`)).toMatchObject({
        ok: false,
        reason: 'head-mismatch',
      });
    });

    it('reports the first break when there are several', async () => {
      expect(
        await verifyAfter(
          sql`delete from evidence where seq = 30`,
          sql`update evidence set actor = 'x' where seq = 20`,
        ),
      ).toMatchObject({ ok: false, brokenAt: 20, reason: 'altered' });
    });

    it('verifies again once the tampering is rolled back', async () => {
      expect(await verifyEvidence(store.db)).toEqual({ ok: true, count: RECORDS });
    });
  });
});
