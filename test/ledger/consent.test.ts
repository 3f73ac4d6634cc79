import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustodianError } from '../../src/errors.js';
import { verifyEvidence } from '../../src/evidence/index.js';
import {
  checkConsent,
  consentReceipt,
  consentState,
  liftRestriction,
  recordConsent,
  recordObjection,
  restrictProcessing,
  type LedgerContext,
  type RestrictionReason,
} from '../../src/ledger/index.js';
import type { Store } from '../../src/store/index.js';
import { eachTarget, freshStore } from '../support/stores.js';
import { count, ledgerContext, person, tableText, testClock, type TestClock } from './fixture.js';

async function rejection(promise: Promise<unknown>): Promise<CustodianError> {
  const error = await promise.then(
    () => expect.fail('expected a CustodianError'),
    (cause: unknown) => cause,
  );
  expect(error).toBeInstanceOf(CustodianError);
  return error as CustodianError;
}

eachTarget('consent ledger on $target', ({ target }) => {
  let store: Store;
  let clock: TestClock;
  let ctx: LedgerContext;
  beforeAll(async () => {
    store = await freshStore(target);
    clock = testClock();
    ctx = ledgerContext(clock);
  });
  afterAll(() => store.close());

  describe('recording consent', () => {
    it('appends one event per choice under one receipt and keeps the current state beside it', async () => {
      const email = person();
      const receipt = await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { newsletter: 'granted', analytics: 'denied' },
        source: 'signup-form',
      });
      expect(receipt.recordedAt).toBe(clock.now().toISOString());
      const events = await store.db
        .selectFrom('ledger_events')
        .selectAll()
        .where('receipt_id', '=', receipt.receiptId)
        .orderBy('purpose')
        .execute();
      expect(events.map((e) => [e.purpose, e.kind, e.source, e.notice_version, e.gpc])).toEqual([
        ['analytics', 'denied', 'signup-form', '4', false],
        ['newsletter', 'granted', 'signup-form', '4', false],
      ]);
      expect(events.every((e) => e.subject_id === receipt.subjectId)).toBe(true);
      const state = await consentState(store.db, ctx, { email });
      expect(state.subjectId).toBe(receipt.subjectId);
      expect(state.purposes).toEqual([
        {
          purpose: 'analytics',
          status: 'denied',
          receiptId: receipt.receiptId,
          updatedAt: receipt.recordedAt,
        },
        {
          purpose: 'newsletter',
          status: 'granted',
          receiptId: receipt.receiptId,
          updatedAt: receipt.recordedAt,
        },
      ]);
    });

    it('records the notice version the person saw, the map’s current one by default', async () => {
      const email = person();
      const shown = await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { analytics: 'granted' },
        source: 'banner',
        noticeVersion: '3',
      });
      clock.advance();
      const current = await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { analytics: 'granted' },
        source: 'banner',
      });
      const state = await consentState(store.db, ctx, { email });
      expect(state.events.map((e) => [e.receiptId, e.noticeVersion])).toEqual([
        [shown.receiptId, '3'],
        [current.receiptId, '4'],
      ]);
    });

    it('maps mixed case, unicode forms, IDN domains and spaces of one email to one subject', async () => {
      const local = person('zoë').split('@')[0] ?? '';
      const forms = [
        `${local}@exämple.com`,
        `  ${local.toUpperCase()}@EXÄMPLE.COM `,
        `${local}@xn--exmple-cua.com`,
        // NFKC folds full-width letters to ASCII.
        `${local.replace('z', 'ｚ')}@exämple.com`,
      ];
      const subjects = new Set<string>();
      for (const email of forms) {
        const { subjectId } = await recordConsent(store.db, ctx, {
          subject: { email },
          choices: { newsletter: 'granted' },
          source: 'form',
        });
        subjects.add(subjectId);
      }
      expect(subjects.size).toBe(1);
      const other = await recordConsent(store.db, ctx, {
        subject: { email: `${local}x@exämple.com` },
        choices: { newsletter: 'granted' },
        source: 'form',
      });
      expect(subjects.has(other.subjectId)).toBe(false);
    });

    it('never stores the email in plain text, in any form', async () => {
      const email = person('Plain');
      await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { newsletter: 'granted' },
        source: 'form',
      });
      const local = email.split('@')[0] ?? '';
      for (const table of [
        'subjects',
        'subject_identities',
        'ledger_events',
        'consent_state',
        'evidence',
      ]) {
        const text = (await tableText(store.db, table)).toLowerCase();
        expect(text, table).not.toContain(local.toLowerCase());
      }
    });

    it('refuses an unknown purpose, naming it, and writes nothing', async () => {
      const before = await count(store.db, 'ledger_events');
      const error = await rejection(
        recordConsent(store.db, ctx, {
          subject: { email: person() },
          choices: { newsletter: 'granted', lottery: 'granted' },
          source: 'form',
        }),
      );
      expect(error.code).toBe('consent.unknown_purpose');
      expect(error.details).toEqual({ purposes: ['lottery'] });
      expect(await count(store.db, 'ledger_events')).toBe(before);
    });

    it('refuses consent for a purpose whose legal basis is not consent (GDPR Art. 6(1))', async () => {
      const error = await rejection(
        recordConsent(store.db, ctx, {
          subject: { email: person() },
          choices: { orders: 'granted', fraud: 'denied', newsletter: 'granted' },
          source: 'form',
        }),
      );
      expect(error.code).toBe('consent.not_consent_basis');
      expect(error.details).toEqual({ purposes: ['orders', 'fraud'] });
    });

    it('refuses empty choices, choices other than granted or denied, and unknown subject ids', async () => {
      const empty = await rejection(
        recordConsent(store.db, ctx, { subject: { email: person() }, choices: {}, source: 'form' }),
      );
      expect(empty.code).toBe('consent.no_choices');
      const maybe = await rejection(
        recordConsent(store.db, ctx, {
          subject: { email: person() },
          choices: { newsletter: 'maybe' as 'granted' },
          source: 'form',
        }),
      );
      expect(maybe.code).toBe('consent.invalid_choice');
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const missing = await rejection(
          recordConsent(store.db, ctx, {
            subject: { id },
            choices: { newsletter: 'granted' },
            source: 'form',
          }),
        );
        expect(missing.code).toBe('subject.not_found');
      }
      const blank = await rejection(
        recordConsent(store.db, ctx, {
          subject: { email: '   ' },
          choices: { newsletter: 'granted' },
          source: 'form',
        }),
      );
      expect(blank.code).toBe('subject.invalid');
    });

    it('records by subject id once the subject exists', async () => {
      const first = await recordConsent(store.db, ctx, {
        subject: { email: person() },
        choices: { analytics: 'granted' },
        source: 'form',
      });
      clock.advance();
      const second = await recordConsent(store.db, ctx, {
        subject: { id: first.subjectId.toUpperCase() },
        choices: { analytics: 'denied' },
        source: 'privacy-center',
      });
      expect(second.subjectId).toBe(first.subjectId);
      const state = await consentState(store.db, ctx, { id: first.subjectId });
      expect(state.purposes.map((p) => p.status)).toEqual(['denied']);
    });

    it('creates one subject when the same new person consents from several writers at once', async () => {
      const email = person();
      const receipts = await Promise.all(
        Array.from({ length: 6 }, () =>
          recordConsent(store.db, ctx, {
            subject: { email },
            choices: { newsletter: 'granted' },
            source: 'form',
          }),
        ),
      );
      expect(new Set(receipts.map((r) => r.subjectId)).size).toBe(1);
      const state = await consentState(store.db, ctx, { email });
      expect(state.events).toHaveLength(6);
    });

    it('only ever inserts events: earlier ones stay exactly as they were', async () => {
      const email = person();
      await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { newsletter: 'granted', analytics: 'granted' },
        source: 'form',
      });
      const before = await store.db.selectFrom('ledger_events').selectAll().orderBy('id').execute();
      clock.advance();
      await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { newsletter: 'denied' },
        source: 'form',
      });
      await recordObjection(store.db, ctx, {
        subject: { email },
        purpose: 'fraud',
        source: 'email',
      });
      await restrictProcessing(store.db, ctx, {
        subject: { email },
        reason: 'accuracy-contested',
        source: 'email',
      });
      await liftRestriction(store.db, ctx, { subject: { email }, source: 'email' });
      const after = await store.db.selectFrom('ledger_events').selectAll().orderBy('id').execute();
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after.length).toBe(before.length + 4);
      const ids = after.map((row) => BigInt(row.id));
      expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    });

    it('writes one evidence record per change, naming the subject only by its id', async () => {
      const email = person();
      const before = await count(store.db, 'evidence');
      const consent = await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { newsletter: 'granted' },
        source: 'form',
        gpc: true,
      });
      await recordObjection(store.db, ctx, {
        subject: { email },
        purpose: 'newsletter',
        source: 'email',
      });
      await restrictProcessing(store.db, ctx, {
        subject: { email },
        reason: 'objection-pending',
        source: 'email',
      });
      await liftRestriction(store.db, ctx, { subject: { email }, source: 'email' });
      const records = await store.db
        .selectFrom('evidence')
        .selectAll()
        .orderBy('seq')
        .offset(before)
        .execute();
      expect(records.map((r) => [r.action, r.actor, r.subject_ref])).toEqual([
        ['consent.recorded', 'api-key:test', consent.subjectId],
        ['objection.recorded', 'api-key:test', consent.subjectId],
        ['restriction.applied', 'api-key:test', consent.subjectId],
        ['restriction.lifted', 'api-key:test', consent.subjectId],
      ]);
      expect(records[0]?.details).toMatchObject({
        receiptId: consent.receiptId,
        choices: { newsletter: 'granted' },
        source: 'form',
        gpc: true,
      });
      expect(JSON.stringify(records)).not.toContain(email.split('@')[0]);
      expect(await verifyEvidence(store.db)).toMatchObject({ ok: true });
    });

    it('rolls the whole change back when the evidence cannot be written', async () => {
      const before = await count(store.db, 'ledger_events');
      const error = await rejection(
        recordConsent(store.db, ctx, {
          subject: { email: person() },
          choices: { newsletter: 'granted' },
          // An email where a channel name belongs: the evidence chain refuses it.
          source: 'form from ana@example.com',
        }),
      );
      expect(error.code).toBe('evidence.personal_data');
      expect(await count(store.db, 'ledger_events')).toBe(before);
    });
  });

  describe('objections and re-authorisation', () => {
    it('records an objection to a consent purpose as a withdrawal (GDPR Art. 7(3), 21)', async () => {
      const email = person();
      await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { analytics: 'granted' },
        source: 'banner',
      });
      clock.advance();
      const objection = await recordObjection(store.db, ctx, {
        subject: { email },
        purpose: 'analytics',
        source: 'email',
      });
      const state = await consentState(store.db, ctx, { email });
      expect(state.purposes).toEqual([
        expect.objectContaining({
          purpose: 'analytics',
          status: 'denied',
          receiptId: objection.receiptId,
        }),
      ]);
      expect(state.objections).toEqual([
        { purpose: 'analytics', receiptId: objection.receiptId, createdAt: objection.recordedAt },
      ]);
      expect(state.events.map((e) => e.kind)).toEqual(['granted', 'denied', 'objection']);
    });

    it('refuses an objection where GDPR Art. 21 gives none (contract, legal obligation, vital interests)', async () => {
      for (const purpose of ['orders', 'tax', 'emergency']) {
        const error = await rejection(
          recordObjection(store.db, ctx, {
            subject: { email: person() },
            purpose,
            source: 'email',
          }),
        );
        expect(error.code).toBe('objection.not_applicable');
      }
      const unknown = await rejection(
        recordObjection(store.db, ctx, {
          subject: { email: person() },
          purpose: 'lottery',
          source: 'email',
        }),
      );
      expect(unknown.code).toBe('consent.unknown_purpose');
    });

    it('lets a later grant re-authorise direct marketing after an objection (seed 001)', async () => {
      const email = person();
      await recordObjection(store.db, ctx, {
        subject: { email },
        purpose: 'newsletter',
        source: 'email',
      });
      const check = async (): Promise<unknown> =>
        (
          await checkConsent(store.db, ctx, {
            purpose: 'newsletter',
            subjects: [{ subject: { email } }],
          })
        ).results[0];
      expect(await check()).toEqual({ index: 0, allowed: false, reason: 'objected' });
      clock.advance();
      await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { newsletter: 'granted' },
        source: 'privacy-center',
      });
      expect(await check()).toEqual({ index: 0, allowed: true, reason: 'granted' });
      const state = await consentState(store.db, ctx, { email });
      expect(state.objections).toEqual([]);
      expect(state.events.map((e) => e.kind)).toEqual(['denied', 'objection', 'granted']);
    });
  });

  describe('restriction (GDPR Art. 18)', () => {
    it('restricts, keeps the first start when restricted again, and lifts', async () => {
      const email = person();
      const first = await restrictProcessing(store.db, ctx, {
        subject: { email },
        reason: 'accuracy-contested',
        source: 'email',
      });
      clock.advance();
      await restrictProcessing(store.db, ctx, {
        subject: { email },
        reason: 'legal-claims',
        source: 'email',
      });
      let state = await consentState(store.db, ctx, { email });
      expect(state.restricted).toEqual({ since: first.recordedAt, reason: 'legal-claims' });
      await liftRestriction(store.db, ctx, { subject: { email }, source: 'email' });
      state = await consentState(store.db, ctx, { email });
      expect(state.restricted).toBeNull();
      expect(state.events.map((e) => [e.kind, e.purpose])).toEqual([
        ['restricted', null],
        ['restricted', null],
        ['restriction-lifted', null],
      ]);
    });

    it('refuses a reason that is not a ground of Art. 18(1), and lifting for an unknown person', async () => {
      const reason = await rejection(
        restrictProcessing(store.db, ctx, {
          subject: { email: person() },
          reason: 'because' as RestrictionReason,
          source: 'email',
        }),
      );
      expect(reason.code).toBe('restriction.invalid_reason');
      const unknown = await rejection(
        liftRestriction(store.db, ctx, { subject: { email: person() }, source: 'email' }),
      );
      expect(unknown.code).toBe('subject.not_found');
    });
  });

  describe('state and receipts', () => {
    it('gives an empty state for a person the ledger has never seen, and not_found for an unknown id', async () => {
      expect(await consentState(store.db, ctx, { email: person() })).toEqual({
        subjectId: null,
        purposes: [],
        objections: [],
        restricted: null,
        gpc: false,
        events: [],
      });
      const error = await rejection(
        consentState(store.db, ctx, { id: '00000000-0000-4000-8000-000000000000' }),
      );
      expect(error.code).toBe('subject.not_found');
    });

    it('shows that a GPC signal accompanied a choice', async () => {
      const email = person();
      await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { analytics: 'denied' },
        source: 'banner',
        gpc: true,
      });
      const state = await consentState(store.db, ctx, { email });
      expect(state.gpc).toBe(true);
      expect(state.events[0]?.gpc).toBe(true);
    });

    it('hands out an ISO/IEC TS 27560 receipt naming the controller, purposes, basis, data and notice', async () => {
      const email = person();
      const receipt = await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { newsletter: 'granted', analytics: 'denied' },
        source: 'signup-form',
      });
      const document = await consentReceipt(store.db, ctx, receipt.receiptId);
      expect(document).toMatchObject({
        schemaVersion: 'ISO/IEC TS 27560:2023',
        receiptId: receipt.receiptId,
        recordId: receipt.receiptId,
        piiPrincipalId: receipt.subjectId,
        recordedAt: receipt.recordedAt,
        language: 'en',
        notice: { version: '4', effectiveDate: '2026-02-01' },
        jurisdictions: ['gdpr'],
        controller: {
          id: 'shop-be',
          role: 'controller',
          name: 'Example Shop NV',
          address: 'Voorbeeldstraat 1, 9000 Gent, BE',
          email: 'privacy@example.com',
          dpo: { name: 'Data Protection Officer', email: 'dpo@example.com' },
        },
        collectionMethod: 'signup-form',
        gpc: false,
      });
      const newsletter = document.purposes.find((p) => p.id === 'newsletter');
      expect(newsletter).toMatchObject({
        name: 'Newsletter',
        legalBasis: 'consent',
        dpvLegalBasis: 'dpv:Consent',
        gdprLegalBasis: 'eu-gdpr:A6-1-a',
        directMarketing: true,
        personalData: [{ id: 'contact.email', dpv: 'pd:EmailAddress' }],
        withdrawal: [
          { channel: 'unsubscribe', type: 'unsubscribe-link', email: null, url: null },
          { channel: 'privacy-email', type: 'email', email: 'privacy@example.com', url: null },
        ],
        status: 'dpv:ConsentGiven',
        currentStatus: 'granted',
      });
      expect(document.purposes.find((p) => p.id === 'analytics')?.status).toBe(
        'dpv:ConsentRefused',
      );
      expect(document.events.map((e) => [e.purpose, e.type, e.status])).toEqual([
        ['newsletter', 'granted', 'dpv:ConsentGiven'],
        ['analytics', 'denied', 'dpv:ConsentRefused'],
      ]);
      expect(JSON.stringify(document)).not.toContain(email.split('@')[0]);
    });

    it('names the US controller for a US resident, in the language asked for, and marks a withdrawal', async () => {
      const email = person();
      await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { newsletter: 'granted' },
        source: 'form',
        country: 'us',
      });
      clock.advance();
      const withdrawal = await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { newsletter: 'denied' },
        source: 'form',
        country: 'US',
      });
      const document = await consentReceipt(store.db, ctx, withdrawal.receiptId, 'nl');
      expect(document.controller.id).toBe('shop-us');
      expect(document.jurisdictions).toEqual(['ccpa']);
      expect(document.language).toBe('nl');
      expect(document.purposes[0]).toMatchObject({
        name: 'Nieuwsbrief',
        status: 'dpv:ConsentWithdrawn',
        currentStatus: 'denied',
      });
    });

    it('answers receipt.not_found for an unknown or malformed receipt id', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
        const error = await rejection(consentReceipt(store.db, ctx, id));
        expect(error.code).toBe('receipt.not_found');
      }
    });
  });
});
