import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustodianError } from '../../src/errors.js';
import {
  checkConsent,
  checkSuppression,
  consentState,
  recordConsent,
  suppress,
  unsubscribe,
  unsubscribeToken,
  verifyUnsubscribeToken,
  type LedgerContext,
} from '../../src/ledger/index.js';
import type { Store } from '../../src/store/index.js';
import { eachTarget, freshStore } from '../support/stores.js';
import {
  count,
  ledgerContext,
  person,
  SECRET,
  tableText,
  testClock,
  type TestClock,
} from './fixture.js';

const SUBJECT = '6f1c2b4e-8d3a-4c5b-9e7f-0a1b2c3d4e5f';

describe('unsubscribe tokens', () => {
  const issuedAt = new Date('2026-03-02T09:00:00Z');
  const token = unsubscribeToken(SECRET, { subjectId: SUBJECT, purpose: 'newsletter', issuedAt });

  it('are URL-safe, versioned, and carry no email', () => {
    expect(token).toMatch(/^u1\.[\w-]+\.[\w-]+$/);
    expect(encodeURIComponent(token)).toBe(token);
    const payload = Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('latin1');
    expect(payload).not.toContain('@');
    expect(token).not.toContain(SUBJECT);
  });

  it('verify back to the subject and purpose they were made for', () => {
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({
      subjectId: SUBJECT,
      purpose: 'newsletter',
    });
    const other = unsubscribeToken(SECRET, {
      subjectId: SUBJECT,
      purpose: 'postal-offers',
      issuedAt,
    });
    expect(verifyUnsubscribeToken(SECRET, other)?.purpose).toBe('postal-offers');
  });

  it('are refused when any character is changed', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    let accepted = 0;
    for (let i = 0; i < token.length; i++) {
      for (const replacement of alphabet) {
        if (replacement === token[i]) continue;
        const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
        if (verifyUnsubscribeToken(SECRET, tampered) !== null) accepted++;
      }
    }
    expect(accepted).toBe(0);
  });

  it('are refused when signed with another secret, truncated, extended, of another version or not tokens', () => {
    const foreign = unsubscribeToken(Buffer.from('another-secret-another-secret-123'), {
      subjectId: SUBJECT,
      purpose: 'newsletter',
      issuedAt,
    });
    for (const bad of [
      foreign,
      token.slice(0, -1),
      `${token}A`,
      token.replace(/^u1/, 'u2'),
      token.split('.').slice(0, 2).join('.'),
      '',
      'u1..',
      'not a token',
      `${token}\n`,
    ]) {
      expect(verifyUnsubscribeToken(SECRET, bad), JSON.stringify(bad)).toBeNull();
    }
  });
});

eachTarget('suppression and unsubscribe on $target', ({ target }) => {
  let store: Store;
  let clock: TestClock;
  let ctx: LedgerContext;
  beforeAll(async () => {
    store = await freshStore(target);
    clock = testClock();
    ctx = ledgerContext(clock);
  });
  afterAll(() => store.close());

  describe('suppression list (seed 003)', () => {
    it('stores only keyed hashes, never the email or phone', async () => {
      const email = person('Secret');
      const phone = '+32 470 98 76 54';
      await suppress(store.db, ctx, { identifiers: [{ email }, { phone }], reason: 'erased' });
      const text = (await tableText(store.db, 'suppressions')).toLowerCase();
      for (const value of [
        email.toLowerCase(),
        email.split('@')[0]?.toLowerCase() ?? '',
        '+32470987654',
        '470987654',
      ]) {
        expect(text).not.toContain(value);
      }
      const evidence = await tableText(store.db, 'evidence');
      expect(evidence.toLowerCase()).not.toContain(email.split('@')[0]?.toLowerCase());
      expect(evidence).not.toContain('erased');
    });

    it('matches every spelling of one identifier: case, unicode forms, IDN, spaces, phone formats', async () => {
      const local = person('zoë').split('@')[0] ?? '';
      await suppress(store.db, ctx, {
        identifiers: [
          { email: ` ${local.toUpperCase()}@Exämple.com ` },
          { phone: '+32 (0)9 123 45 67' },
        ],
        reason: 'erased',
      });
      const { results } = await checkSuppression(store.db, ctx, {
        identifiers: [
          { email: `${local}@xn--exmple-cua.com` },
          { email: `${local.replace('z', 'ｚ')}@EXÄMPLE.COM` },
          { email: `${local}@example.com` },
          { phone: '0032 0 9 123 45 67' },
          { phone: '+32091234567' },
        ],
      });
      expect(results.map((r) => r.suppressed)).toEqual([true, true, false, true, true]);
    });

    it('answers in input order, repeats included, with the stored reason', async () => {
      const gone = person();
      const fresh = person();
      await suppress(store.db, ctx, { identifiers: [{ email: gone }], reason: 'erased' });
      const { results } = await checkSuppression(store.db, ctx, {
        identifiers: [{ email: fresh }, { email: gone }, { email: fresh }, { email: gone }],
      });
      expect(results).toEqual([
        { index: 0, suppressed: false, reason: null },
        { index: 1, suppressed: true, reason: 'erased' },
        { index: 2, suppressed: false, reason: null },
        { index: 3, suppressed: true, reason: 'erased' },
      ]);
    });

    it('is idempotent, counting what is suppressed and what was added', async () => {
      const a = person();
      const b = person();
      expect(
        await suppress(store.db, ctx, {
          identifiers: [{ email: a }, { email: a.toUpperCase() }, { email: b }],
          reason: 'erased',
        }),
      ).toEqual({ count: 2, added: 2 });
      expect(
        await suppress(store.db, ctx, { identifiers: [{ email: a }], reason: 'again' }),
      ).toEqual({
        count: 1,
        added: 0,
      });
      const { results } = await checkSuppression(store.db, ctx, { identifiers: [{ email: a }] });
      expect(results[0]?.reason).toBe('erased');
    });

    it('scopes a suppression to one purpose, or to every purpose by default', async () => {
      const scoped = person();
      await suppress(store.db, ctx, {
        identifiers: [{ email: scoped }],
        reason: 'complaint',
        scope: 'newsletter',
      });
      const check = async (purpose?: string): Promise<boolean | undefined> =>
        (
          await checkSuppression(store.db, ctx, {
            identifiers: [{ email: scoped }],
            ...(purpose === undefined ? {} : { purpose }),
          })
        ).results[0]?.suppressed;
      expect(await check('newsletter')).toBe(true);
      expect(await check('postal-offers')).toBe(false);
      // A sender that does not say what it sends for is not told it may.
      expect(await check()).toBe(true);

      await suppress(store.db, ctx, { identifiers: [{ email: scoped }], reason: 'erased' });
      expect(await check('postal-offers')).toBe(true);
      expect(
        (
          await checkSuppression(store.db, ctx, {
            identifiers: [{ email: scoped }],
            purpose: 'newsletter',
          })
        ).results[0]?.reason,
      ).toBe('erased');
    });

    it('refuses unknown purposes, missing reasons and subject ids', async () => {
      const codes: string[] = [];
      for (const attempt of [
        suppress(store.db, ctx, {
          identifiers: [{ email: person() }],
          reason: 'x',
          scope: 'lottery',
        }),
        suppress(store.db, ctx, { identifiers: [{ email: person() }], reason: ' ' }),
        suppress(store.db, ctx, { identifiers: [{ id: SUBJECT } as never], reason: 'erased' }),
        checkSuppression(store.db, ctx, { identifiers: [{ email: person() }], purpose: 'lottery' }),
      ]) {
        const error = await attempt.then(
          () => undefined,
          (cause: unknown) => cause,
        );
        expect(error).toBeInstanceOf(CustodianError);
        codes.push((error as CustodianError).code);
      }
      expect(codes).toEqual([
        'consent.unknown_purpose',
        'suppression.no_reason',
        'subject.invalid',
        'consent.unknown_purpose',
      ]);
    });

    it('checks more identifiers than one statement takes, against as many tombstones', async () => {
      // Three chunks of CHUNK (1,000), the last one partial.
      const size = 2_500;
      const identifiers = Array.from({ length: size }, (_, i) => ({
        email: `many${i}@example.com`,
      }));
      const suppressed = identifiers.filter((_, i) => i % 2 === 1);
      expect(await suppress(store.db, ctx, { identifiers: suppressed, reason: 'erased' })).toEqual({
        count: size / 2,
        added: size / 2,
      });
      const { results } = await checkSuppression(store.db, ctx, { identifiers });
      expect(results).toHaveLength(size);
      expect(results.filter((r, i) => r.index !== i || r.suppressed !== (i % 2 === 1))).toEqual([]);
    });
  });

  describe('one-click unsubscribe (RFC 8058)', () => {
    async function subscriber(): Promise<{ email: string; subjectId: string }> {
      const email = person();
      clock.advance();
      const { subjectId } = await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { newsletter: 'granted' },
        source: 'signup-form',
      });
      return { email, subjectId };
    }

    it('records an objection and suppresses every identity for that purpose, at once', async () => {
      const { email, subjectId } = await subscriber();
      const token = unsubscribeToken(SECRET, {
        subjectId,
        purpose: 'newsletter',
        issuedAt: clock.now(),
      });
      clock.advance();
      const outcome = await unsubscribe(store.db, { ...ctx, actor: 'unsubscribe' }, token);
      expect(outcome).toEqual({ subjectId, purpose: 'newsletter', receiptId: expect.any(String) });
      const state = await consentState(store.db, ctx, { email });
      expect(state.purposes).toEqual([
        expect.objectContaining({ purpose: 'newsletter', status: 'denied' }),
      ]);
      expect(state.objections).toEqual([expect.objectContaining({ purpose: 'newsletter' })]);
      expect(state.events.slice(-3).map((e) => [e.kind, e.source])).toEqual([
        ['denied', 'unsubscribe-link'],
        ['objection', 'unsubscribe-link'],
        ['suppressed', 'unsubscribe-link'],
      ]);
      const { results } = await checkSuppression(store.db, ctx, {
        identifiers: [{ email }, { email }],
        purpose: 'newsletter',
      });
      expect(results[0]).toEqual({ index: 0, suppressed: true, reason: 'unsubscribed' });
      expect(
        (
          await checkSuppression(store.db, ctx, {
            identifiers: [{ email }],
            purpose: 'postal-offers',
          })
        ).results[0]?.suppressed,
      ).toBe(false);
      const check = await checkConsent(store.db, ctx, {
        purpose: 'newsletter',
        subjects: [{ subject: { email }, groups: ['customers'] }],
      });
      expect(check.results[0]).toEqual({ index: 0, allowed: false, reason: 'objected' });
      const evidence = await store.db
        .selectFrom('evidence')
        .select(['actor', 'action', 'subject_ref'])
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(evidence).toEqual({
        actor: 'unsubscribe',
        action: 'unsubscribe.recorded',
        subject_ref: subjectId,
      });
    });

    it('is idempotent: a second POST writes nothing and returns the first receipt', async () => {
      const { subjectId } = await subscriber();
      const token = unsubscribeToken(SECRET, {
        subjectId,
        purpose: 'newsletter',
        issuedAt: clock.now(),
      });
      const first = await unsubscribe(store.db, ctx, token);
      const events = await count(store.db, 'ledger_events');
      const evidence = await count(store.db, 'evidence');
      const suppressions = await count(store.db, 'suppressions');
      clock.advance();
      const second = await unsubscribe(store.db, ctx, token);
      expect(second).toEqual(first);
      expect(await count(store.db, 'ledger_events')).toBe(events);
      expect(await count(store.db, 'evidence')).toBe(evidence);
      expect(await count(store.db, 'suppressions')).toBe(suppressions);
    });

    it('returns null for a tampered token or a subject the ledger does not have, writing nothing', async () => {
      const { subjectId } = await subscriber();
      const token = unsubscribeToken(SECRET, {
        subjectId,
        purpose: 'newsletter',
        issuedAt: clock.now(),
      });
      const events = await count(store.db, 'ledger_events');
      const flipped = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.slice(-1);
      expect(await unsubscribe(store.db, ctx, flipped)).toBeNull();
      const stranger = unsubscribeToken(SECRET, {
        subjectId: SUBJECT,
        purpose: 'newsletter',
        issuedAt: clock.now(),
      });
      expect(await unsubscribe(store.db, ctx, stranger)).toBeNull();
      expect(await count(store.db, 'ledger_events')).toBe(events);
    });

    it('is undone by a later grant, while an operator’s suppression stays (seed 001)', async () => {
      const { email, subjectId } = await subscriber();
      await unsubscribe(
        store.db,
        ctx,
        unsubscribeToken(SECRET, { subjectId, purpose: 'newsletter', issuedAt: clock.now() }),
      );
      clock.advance();
      await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { newsletter: 'granted' },
        source: 'privacy-center',
      });
      const again = await checkConsent(store.db, ctx, {
        purpose: 'newsletter',
        subjects: [{ subject: { email } }],
      });
      expect(again.results[0]).toEqual({ index: 0, allowed: true, reason: 'granted' });

      await suppress(store.db, ctx, {
        identifiers: [{ email }],
        reason: 'complaint',
        scope: 'newsletter',
      });
      clock.advance();
      await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { newsletter: 'granted' },
        source: 'privacy-center',
      });
      const held = await checkConsent(store.db, ctx, {
        purpose: 'newsletter',
        subjects: [{ subject: { email } }],
      });
      expect(held.results[0]).toEqual({ index: 0, allowed: false, reason: 'suppressed' });
    });

    it('still stops mail for a purpose that has left the map since the mail went out', async () => {
      const { subjectId } = await subscriber();
      const token = unsubscribeToken(SECRET, {
        subjectId,
        purpose: 'old-promotions',
        issuedAt: clock.now(),
      });
      const outcome = await unsubscribe(store.db, ctx, token);
      expect(outcome?.purpose).toBe('old-promotions');
      const objection = await store.db
        .selectFrom('objections')
        .select('purpose')
        .where('subject_id', '=', subjectId)
        .execute();
      expect(objection).toEqual([{ purpose: 'old-promotions' }]);
    });
  });
});
