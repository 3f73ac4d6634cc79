import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustodianError } from '../../src/errors.js';
import {
  checkConsent,
  gpcOptOutCovers,
  identityHash,
  liftRestriction,
  MAX_CHECK_BATCH,
  recordConsent,
  recordObjection,
  restrictProcessing,
  suppress,
  type CheckSubject,
  type LedgerContext,
} from '../../src/ledger/index.js';
import type { Purpose } from '../../src/map/index.js';
import type { Store } from '../../src/store/index.js';
import { eachTarget, freshStore } from '../support/stores.js';
import { LEDGER_MAP, ledgerContext, person, SECRET, testClock, type TestClock } from './fixture.js';

function purpose(id: string): Purpose {
  const found = LEDGER_MAP.purposes.find((p) => p.id === id);
  if (!found) throw new Error(`no purpose ${id} in the fixture`);
  return found;
}

eachTarget('consent check on $target', ({ target }) => {
  let store: Store;
  let clock: TestClock;
  let ctx: LedgerContext;
  beforeAll(async () => {
    store = await freshStore(target);
    clock = testClock();
    ctx = ledgerContext(clock);
  });
  afterAll(() => store.close());

  /** The answer for one person, as [allowed, reason]. */
  async function check(
    purposeId: string,
    subject: CheckSubject,
    country?: string,
  ): Promise<[boolean, string]> {
    const { results } = await checkConsent(store.db, ctx, {
      purpose: purposeId,
      subjects: [subject],
      ...(country === undefined ? {} : { country }),
    });
    expect(results).toHaveLength(1);
    const [result] = results;
    if (!result) throw new Error('one result');
    expect(result.index).toBe(0);
    return [result.allowed, result.reason];
  }

  async function grant(
    email: string,
    purposeId: string,
    extra: { gpc?: boolean } = {},
  ): Promise<void> {
    clock.advance();
    await recordConsent(store.db, ctx, {
      subject: { email },
      choices: { [purposeId]: 'granted' },
      source: 'form',
      ...extra,
    });
  }

  it('refuses to check a purpose the map does not declare', async () => {
    const error = await checkConsent(store.db, ctx, {
      purpose: 'lottery',
      subjects: [{ subject: { email: person() } }],
    }).catch((cause: unknown) => cause);
    expect(error).toBeInstanceOf(CustodianError);
    expect((error as CustodianError).code).toBe('consent.unknown_purpose');
  });

  describe('consent (GDPR Art. 6(1)(a), 7(3))', () => {
    it('allows a purpose only with a live grant', async () => {
      const email = person();
      expect(await check('analytics', { subject: { email } })).toEqual([false, 'no-consent']);
      await grant(email, 'analytics');
      expect(await check('analytics', { subject: { email } })).toEqual([true, 'granted']);
    });

    it('refuses after a refusal or a withdrawal', async () => {
      const email = person();
      await grant(email, 'analytics');
      clock.advance();
      await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { analytics: 'denied' },
        source: 'banner',
      });
      expect(await check('analytics', { subject: { email } })).toEqual([false, 'denied']);
    });

    it('answers for a subject id as for its email', async () => {
      const email = person();
      await grant(email, 'analytics');
      const { results } = await checkConsent(store.db, ctx, {
        purpose: 'analytics',
        subjects: [{ subject: { email } }],
      });
      expect(results[0]?.allowed).toBe(true);
      const subjectId = (
        await store.db
          .selectFrom('subject_identities')
          .select('subject_id')
          .where('hash', '=', identityHash(SECRET, { email }).hash)
          .executeTakeFirstOrThrow()
      ).subject_id;
      expect(await check('analytics', { subject: { id: subjectId } })).toEqual([true, 'granted']);
      // An id that is not a uuid names nobody: no consent, and no error for the whole batch.
      expect(await check('analytics', { subject: { id: 'nobody' } })).toEqual([
        false,
        'no-consent',
      ]);
    });
  });

  describe('soft opt-in (ePrivacy Directive Art. 13(2), seed 001)', () => {
    it('allows direct marketing to existing customers the map names, without a grant', async () => {
      const email = person();
      expect(await check('newsletter', { subject: { email }, groups: ['customers'] })).toEqual([
        true,
        'soft-opt-in',
      ]);
      expect(await check('newsletter', { subject: { email }, groups: ['prospects'] })).toEqual([
        false,
        'no-consent',
      ]);
      expect(await check('newsletter', { subject: { email } })).toEqual([false, 'no-consent']);
    });

    it('ends with an objection, a refusal or a suppression', async () => {
      const objected = person();
      await recordObjection(store.db, ctx, {
        subject: { email: objected },
        purpose: 'newsletter',
        source: 'email',
      });
      expect(
        await check('newsletter', { subject: { email: objected }, groups: ['customers'] }),
      ).toEqual([false, 'objected']);

      const refused = person();
      await recordConsent(store.db, ctx, {
        subject: { email: refused },
        choices: { newsletter: 'denied' },
        source: 'form',
      });
      expect(
        await check('newsletter', { subject: { email: refused }, groups: ['customers'] }),
      ).toEqual([false, 'denied']);

      const suppressed = person();
      await suppress(store.db, ctx, { identifiers: [{ email: suppressed }], reason: 'erased' });
      expect(
        await check('newsletter', { subject: { email: suppressed }, groups: ['customers'] }),
      ).toEqual([false, 'suppressed']);
    });
  });

  describe('legitimate interests and public task (GDPR Art. 6(1)(e)-(f), 21(1))', () => {
    it('allows until the person objects, and for people the ledger does not know', async () => {
      const email = person();
      expect(await check('fraud', { subject: { email } })).toEqual([true, 'legitimate-interests']);
      expect(await check('census', { subject: { email } })).toEqual([true, 'public-task']);
      await recordObjection(store.db, ctx, {
        subject: { email },
        purpose: 'fraud',
        source: 'email',
      });
      await recordObjection(store.db, ctx, {
        subject: { email },
        purpose: 'census',
        source: 'email',
      });
      expect(await check('fraud', { subject: { email } })).toEqual([false, 'objected']);
      expect(await check('census', { subject: { email } })).toEqual([false, 'objected']);
      // An objection to one purpose leaves the others alone.
      expect(await check('postal-offers', { subject: { email } })).toEqual([
        true,
        'legitimate-interests',
      ]);
    });
  });

  describe('direct marketing (GDPR Art. 21(2)-(3))', () => {
    it('refuses direct marketing after any objection to it, even on a legitimate interest', async () => {
      const email = person();
      expect(await check('postal-offers', { subject: { email } })).toEqual([
        true,
        'legitimate-interests',
      ]);
      await recordObjection(store.db, ctx, {
        subject: { email },
        purpose: 'postal-offers',
        source: 'phone',
      });
      expect(await check('postal-offers', { subject: { email } })).toEqual([false, 'objected']);
    });

    it('refuses direct marketing to a suppressed email or phone, for every purpose or the one scoped', async () => {
      const everything = person();
      await grant(everything, 'newsletter');
      expect(await check('newsletter', { subject: { email: everything } })).toEqual([
        true,
        'granted',
      ]);
      await suppress(store.db, ctx, { identifiers: [{ email: everything }], reason: 'erased' });
      expect(await check('newsletter', { subject: { email: everything } })).toEqual([
        false,
        'suppressed',
      ]);
      expect(await check('postal-offers', { subject: { email: everything } })).toEqual([
        false,
        'suppressed',
      ]);

      const scoped = person();
      await suppress(store.db, ctx, {
        identifiers: [{ email: scoped }],
        reason: 'complaint',
        scope: 'newsletter',
      });
      expect(
        await check('newsletter', { subject: { email: scoped }, groups: ['customers'] }),
      ).toEqual([false, 'suppressed']);
      expect(await check('postal-offers', { subject: { email: scoped } })).toEqual([
        true,
        'legitimate-interests',
      ]);

      const phone = '+32 470 11 22 33';
      await suppress(store.db, ctx, { identifiers: [{ phone }], reason: 'do not call' });
      expect(await check('postal-offers', { subject: { phone: '0032470112233' } })).toEqual([
        false,
        'suppressed',
      ]);
    });

    it('finds a suppression through the subject when the check names them by id', async () => {
      const email = person();
      await grant(email, 'newsletter');
      const { subjectId } = await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { newsletter: 'granted' },
        source: 'form',
      });
      await suppress(store.db, ctx, { identifiers: [{ email }], reason: 'erased' });
      expect(await check('newsletter', { subject: { id: subjectId } })).toEqual([
        false,
        'suppressed',
      ]);
    });

    it('does not let a suppression stop processing that is not direct marketing', async () => {
      const email = person();
      await suppress(store.db, ctx, { identifiers: [{ email }], reason: 'erased' });
      expect(await check('orders', { subject: { email } })).toEqual([true, 'contract']);
      expect(await check('fraud', { subject: { email } })).toEqual([true, 'legitimate-interests']);
    });
  });

  describe('other legal bases (GDPR Art. 6(1)(b)-(d))', () => {
    it('allows contract, legal-obligation and vital-interest processing with the basis as reason', async () => {
      const email = person();
      expect(await check('orders', { subject: { email } })).toEqual([true, 'contract']);
      expect(await check('tax', { subject: { email } })).toEqual([true, 'legal-obligation']);
      expect(await check('emergency', { subject: { email } })).toEqual([true, 'vital-interests']);
    });
  });

  describe('restriction (GDPR Art. 18)', () => {
    it('refuses everything but what the law requires or Art. 18(2) exempts while restricted, and allows again once lifted', async () => {
      const email = person();
      await grant(email, 'newsletter');
      await restrictProcessing(store.db, ctx, {
        subject: { email },
        reason: 'accuracy-contested',
        source: 'email',
      });
      for (const id of ['newsletter', 'orders', 'fraud', 'emergency', 'census']) {
        expect(await check(id, { subject: { email } }), id).toEqual([false, 'restricted']);
      }
      expect(await check('tax', { subject: { email } })).toEqual([true, 'legal-obligation']);
      // Art. 18(2): a purpose that declares it serves legal claims goes on.
      expect(await check('claims', { subject: { email } })).toEqual([true, 'legitimate-interests']);
      await liftRestriction(store.db, ctx, { subject: { email }, source: 'email' });
      expect(await check('newsletter', { subject: { email } })).toEqual([true, 'granted']);
      expect(await check('orders', { subject: { email } })).toEqual([true, 'contract']);
    });
  });

  describe('Global Privacy Control under US law (CCPA, 11 CCR 7025)', () => {
    it('opts a US resident out of direct marketing and shared advertising, but not of other purposes', async () => {
      const email = person();
      // The grant came with the signal: the signal is processed, the grant does not come after it.
      await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { newsletter: 'granted', ads: 'granted', analytics: 'granted' },
        source: 'banner',
        gpc: true,
      });
      expect(await check('newsletter', { subject: { email }, country: 'US' })).toEqual([
        false,
        'gpc-opt-out',
      ]);
      expect(await check('ads', { subject: { email }, country: 'US' })).toEqual([
        false,
        'gpc-opt-out',
      ]);
      // Analytics is not disclosed to the ad network the map says data is shared with.
      expect(await check('analytics', { subject: { email }, country: 'US' })).toEqual([
        true,
        'granted',
      ]);
      expect(await check('orders', { subject: { email }, country: 'US' })).toEqual([
        true,
        'contract',
      ]);
    });

    it('lets an explicit grant recorded after the signal win, and says why (7025(c)(3))', async () => {
      const email = person();
      await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { analytics: 'denied' },
        source: 'banner',
        gpc: true,
      });
      expect(await check('newsletter', { subject: { email }, country: 'US' })).toEqual([
        false,
        'gpc-opt-out',
      ]);
      // A confirming choice later, while the browser still sends the signal.
      await grant(email, 'newsletter', { gpc: true });
      expect(await check('newsletter', { subject: { email }, country: 'US' })).toEqual([
        true,
        'granted-after-gpc',
      ]);
    });

    it('does not let GPC override an explicit GDPR consent outside US law', async () => {
      const email = person();
      await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { newsletter: 'granted', ads: 'granted' },
        source: 'banner',
        gpc: true,
      });
      expect(await check('newsletter', { subject: { email }, country: 'BE' })).toEqual([
        true,
        'granted',
      ]);
      expect(await check('ads', { subject: { email } })).toEqual([true, 'granted']);
    });

    it('takes the subject’s country before the request’s', async () => {
      const email = person();
      await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { newsletter: 'granted' },
        source: 'banner',
        gpc: true,
      });
      expect(await check('newsletter', { subject: { email }, country: 'BE' }, 'US')).toEqual([
        true,
        'granted',
      ]);
      expect(await check('newsletter', { subject: { email } }, 'US')).toEqual([
        false,
        'gpc-opt-out',
      ]);
      expect(await check('newsletter', { subject: { email }, country: 'us' }, 'BE')).toEqual([
        false,
        'gpc-opt-out',
      ]);
    });

    it('stops the soft opt-in of a US customer who sent the signal', async () => {
      const email = person();
      await recordConsent(store.db, ctx, {
        subject: { email },
        choices: { analytics: 'denied' },
        source: 'banner',
        gpc: true,
      });
      expect(
        await check('newsletter', { subject: { email }, groups: ['customers'], country: 'US' }),
      ).toEqual([false, 'gpc-opt-out']);
      expect(
        await check('newsletter', { subject: { email }, groups: ['customers'], country: 'BE' }),
      ).toEqual([true, 'soft-opt-in']);
    });

    it('covers purposes by what the map says is sold, shared or used for targeted ads', () => {
      const ccpa = LEDGER_MAP.jurisdictions.find((j) => j.law === 'ccpa');
      if (!ccpa?.sale) throw new Error('the fixture declares a CCPA sale section');
      expect(gpcOptOutCovers(purpose('newsletter'), [ccpa])).toBe(true);
      expect(gpcOptOutCovers(purpose('postal-offers'), [ccpa])).toBe(true);
      expect(gpcOptOutCovers(purpose('ads'), [ccpa])).toBe(true);
      expect(gpcOptOutCovers(purpose('analytics'), [ccpa])).toBe(false);
      expect(gpcOptOutCovers(purpose('orders'), [ccpa])).toBe(false);
      const noSale = { ...ccpa, sale: { ...ccpa.sale, shares: false } };
      expect(gpcOptOutCovers(purpose('ads'), [noSale])).toBe(false);
      expect(gpcOptOutCovers(purpose('newsletter'), [noSale])).toBe(true);
      const sharesAll = { ...ccpa, sale: { ...ccpa.sale, recipients: [] } };
      expect(gpcOptOutCovers(purpose('analytics'), [sharesAll])).toBe(true);
      expect(gpcOptOutCovers(purpose('fraud'), [sharesAll])).toBe(true);
      expect(gpcOptOutCovers(purpose('tax'), [sharesAll])).toBe(false);
      expect(gpcOptOutCovers(purpose('newsletter'), [])).toBe(false);
    });
  });

  describe('unknown people', () => {
    it('has no consent, may be processed on a legitimate interest, and gets the soft opt-in', async () => {
      const email = person();
      expect(await check('analytics', { subject: { email } })).toEqual([false, 'no-consent']);
      expect(await check('fraud', { subject: { email } })).toEqual([true, 'legitimate-interests']);
      expect(await check('newsletter', { subject: { email }, groups: ['customers'] })).toEqual([
        true,
        'soft-opt-in',
      ]);
      expect(await check('newsletter', { subject: { email }, country: 'US' })).toEqual([
        false,
        'no-consent',
      ]);
    });
  });

  describe('batches', () => {
    it('rejects a malformed subject, naming its index', async () => {
      const error = await checkConsent(store.db, ctx, {
        purpose: 'analytics',
        subjects: [{ subject: { email: person() } }, { subject: { email: '' } }],
      }).catch((cause: unknown) => cause);
      expect((error as CustodianError).code).toBe('subject.invalid');
      expect((error as CustodianError).details).toEqual({ index: 1 });
    });

    it(`refuses more than ${MAX_CHECK_BATCH} subjects`, async () => {
      const subjects = Array.from({ length: MAX_CHECK_BATCH + 1 }, () => ({
        subject: { id: 'x' },
      }));
      const error = await checkConsent(store.db, ctx, { purpose: 'analytics', subjects }).catch(
        (cause: unknown) => cause,
      );
      expect((error as CustodianError).code).toBe('consent.batch_too_large');
    });

    it('answers the largest batch in input order, with repeats, ids and unknown people mixed in', async () => {
      const size = MAX_CHECK_BATCH;
      // 4,000 known people, written in bulk: even ones granted, odd ones refused; each asked for
      // more than once, in different chunks.
      const known = 4_000;
      const at = clock.now();
      const people = Array.from({ length: known }, (_, i) => ({
        id: randomUUID(),
        email: `bulk${i}@example.com`,
      }));
      for (let start = 0; start < known; start += 5_000) {
        const slice = people.slice(start, start + 5_000);
        await store.db
          .insertInto('subjects')
          .values(slice.map((p) => ({ id: p.id, created_at: at })))
          .execute();
        await store.db
          .insertInto('subject_identities')
          .values(
            slice.map((p) => ({
              kind: 'email',
              hash: identityHash(SECRET, { email: p.email }).hash,
              subject_id: p.id,
              created_at: at,
            })),
          )
          .execute();
        await sql`
          insert into consent_state (subject_id, purpose, status, receipt_id, updated_at)
          select t.id::uuid, 'analytics', case when t.n % 2 = 0 then 'granted' else 'denied' end,
            gen_random_uuid(), ${at}::timestamptz
          from unnest(${slice.map((p) => p.id)}::text[], ${slice.map((_, i) => start + i)}::int[]) as t (id, n)`.execute(
          store.db,
        );
      }
      // Every fifth entry is a known person (by email, or by id every tenth), the rest unknown.
      const subjects: CheckSubject[] = [];
      const expected: [boolean, string][] = [];
      for (let i = 0; i < size; i++) {
        if (i % 5 === 0) {
          const n = (i / 5) % known;
          const p = people[n];
          if (!p) throw new Error('a known person');
          subjects.push({
            subject: i % 10 === 0 ? { id: p.id } : { email: p.email.toUpperCase() },
          });
          expected.push(n % 2 === 0 ? [true, 'granted'] : [false, 'denied']);
        } else {
          subjects.push({ subject: { email: `nobody${i}@example.com` } });
          expected.push([false, 'no-consent']);
        }
      }
      const { results } = await checkConsent(store.db, ctx, { purpose: 'analytics', subjects });
      expect(results).toHaveLength(size);
      const mismatches = results.filter((result, i) => {
        const want = expected[i];
        return (
          result.index !== i ||
          want === undefined ||
          result.allowed !== want[0] ||
          result.reason !== want[1]
        );
      });
      expect(mismatches).toEqual([]);
    });
  });
});
