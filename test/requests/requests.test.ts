import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustodianError } from '../../src/errors.js';
import {
  approveRequest,
  denyRequest,
  expireUnverified,
  extendRequest,
  getRequest,
  listRequests,
  markCompleted,
  markFailed,
  markRunning,
  openRequest,
  requestDetail,
  requestSubject,
  verifyRequest,
} from '../../src/requests/index.js';
import { verifyEvidence } from '../../src/evidence/index.js';
import { eachTarget } from '../support/stores.js';
import { person, requestHarness, tableText, type RequestHarness } from './fixture.js';

/** The error code a promise rejects with. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CustodianError) return error.code;
    throw error;
  }
  throw new Error('expected a CustodianError');
}

const DAY = 86_400_000;

eachTarget('data-subject requests on $target', ({ target }) => {
  let h: RequestHarness;
  beforeAll(async () => {
    h = await requestHarness(target);
  });
  afterAll(() => h.close());

  /** Opens a public request and delivers its code mail; returns the id and the code. */
  async function opened(type: string, country = 'BE', email = person()) {
    const { requestId } = await openRequest(h.store.db, h.context(), { type, email, country });
    await h.deliver();
    return { requestId, email, code: h.sink.codeFor(email) };
  }

  it('opens an access request under the GDPR for a Belgian resident and mails a code', async () => {
    const email = person();
    const result = await openRequest(h.store.db, h.context(), {
      type: 'access',
      email,
      country: 'be',
    });
    expect(result.status).toBe('unverified');
    // GDPR Art. 12(3): received 2 March, due 2 April.
    expect(result.dueAt.toISOString()).toBe('2026-04-02T23:59:59.999Z');
    const request = await getRequest(h.store.db, result.requestId);
    expect(request).toMatchObject({
      type: 'access',
      law: 'gdpr',
      controller: 'bestmix-nv',
      country: 'BE',
      status: 'unverified',
      verification: null,
      acknowledgeBy: null,
    });
    await h.deliver();
    const mail = h.sink.mails.find((m) => m.to.includes(email));
    expect(mail?.from).toBe('privacy@bestmix.com');
    expect(mail?.text).toContain(result.requestId);
    expect(h.sink.codeFor(email)).toMatch(/^\d{6}$/);
  });

  it('picks the US controller and the CCPA for a US resident, the VCDPA for Virginia', async () => {
    const ccpa = await openRequest(h.store.db, h.context(), {
      type: 'know',
      email: person(),
      country: 'US',
    });
    expect(await getRequest(h.store.db, ccpa.requestId)).toMatchObject({
      law: 'ccpa',
      controller: 'bestmix-inc',
    });
    // 11 CCR 7021: 45 days, and receipt confirmed within 10 business days.
    const record = await getRequest(h.store.db, ccpa.requestId);
    expect(record.dueAt.toISOString()).toBe('2026-04-16T23:59:59.999Z');
    expect(record.acknowledgeBy?.toISOString()).toBe('2026-03-16T23:59:59.999Z');

    const vcdpa = await openRequest(h.store.db, h.context(), {
      type: 'delete',
      email: person(),
      country: 'US',
      state: 'va',
    });
    expect(await getRequest(h.store.db, vcdpa.requestId)).toMatchObject({
      law: 'vcdpa',
      region: 'VA',
    });
  });

  it('answers people outside the EEA and the US by the default controller under the GDPR', async () => {
    const result = await openRequest(h.store.db, h.context(), {
      type: 'erasure',
      email: person(),
      country: 'JP',
    });
    expect(await getRequest(h.store.db, result.requestId)).toMatchObject({
      law: 'gdpr',
      controller: 'bestmix-nv',
    });
  });

  it('takes a CCPA opt-out without a code and confirms its receipt (11 CCR 7026(d))', async () => {
    const email = person('optout');
    const result = await openRequest(h.store.db, h.context(), {
      type: 'opt-out-sale',
      email,
      country: 'US',
    });
    expect(result.status).toBe('approved');
    expect(h.approved).toContain(result.requestId);
    const record = await getRequest(h.store.db, result.requestId);
    expect(record.verification).toBe('not-required');
    // Received Monday 2 March 2026: 15 business days is Monday 23 March.
    expect(record.dueAt.toISOString()).toBe('2026-03-23T23:59:59.999Z');
    await h.deliver();
    const mails = h.sink.mails.filter((m) => m.to.includes(email));
    expect(mails.map((m) => m.subject)).toEqual([
      'We received your request to opt out of sale or sharing',
    ]);
  });

  it('refuses types the law does not grant, unknown types and unknown countries', async () => {
    const open = (type: string, country: string) =>
      codeOf(openRequest(h.store.db, h.context(), { type, email: person(), country }));
    expect(await open('erasure', 'US')).toBe('request.type_not_granted');
    expect(await open('delete', 'BE')).toBe('request.type_not_granted');
    // The GDPR has no appeal; US state laws do, and an appeal names the request it appeals.
    expect(await open('appeal', 'BE')).toBe('request.type_not_granted');
    expect(await open('appeal', 'US')).toBe('request.appeal_of_required');
    expect(await open('teleport', 'BE')).toBe('request.unknown_type');
    expect(await open('access', 'ZZ')).toBe('request.unknown_country');
    expect(await open('access', 'EU')).toBe('request.unknown_country');
  });

  it('verifies with the code: access runs at once, the approved hook is told', async () => {
    const { requestId, code } = await opened('access');
    const result = await verifyRequest(h.store.db, h.context(), requestId, code);
    expect(result.status).toBe('approved');
    expect(h.approved).toContain(requestId);
    const request = await getRequest(h.store.db, requestId);
    expect(request.verification).toBe('email');
    expect(request.verifiedAt?.toISOString()).toBe(h.clock.now().toISOString());
    // The code is single-use.
    expect(await codeOf(verifyRequest(h.store.db, h.context(), requestId, code))).toBe(
      'request.already_verified',
    );
  });

  it('sends erasure to approval first (the map’s requests.approval), then to the executor', async () => {
    const { requestId, code } = await opened('erasure');
    expect((await verifyRequest(h.store.db, h.context(), requestId, code)).status).toBe(
      'awaiting-approval',
    );
    expect(h.approved).not.toContain(requestId);
    const approved = await approveRequest(h.store.db, h.context('api-key:ops'), requestId);
    expect(approved.status).toBe('approved');
    expect(h.approved).toContain(requestId);
    expect(await codeOf(approveRequest(h.store.db, h.context(), requestId))).toBe(
      'request.invalid_state',
    );
  });

  it('counts wrong codes and locks the request at the fifth', async () => {
    const { requestId, code } = await opened('access');
    const wrong = code === '000000' ? '000001' : '000000';
    for (let attempt = 1; attempt <= 4; attempt++) {
      const error = await verifyRequest(h.store.db, h.context(), requestId, wrong).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CustodianError);
      expect((error as CustodianError).code).toBe('request.wrong_code');
      expect((error as CustodianError).details['triesLeft']).toBe(5 - attempt);
    }
    expect(await codeOf(verifyRequest(h.store.db, h.context(), requestId, wrong))).toBe(
      'request.locked',
    );
    // Locked for good: even the right code no longer helps.
    expect(await codeOf(verifyRequest(h.store.db, h.context(), requestId, code))).toBe(
      'request.locked',
    );
    expect((await getRequest(h.store.db, requestId)).status).toBe('locked');
  });

  it('expires a request whose code ran out (the map’s verificationExpiry, 24 hours)', async () => {
    const { requestId, code } = await opened('access');
    h.clock.advance(DAY + 60_000);
    try {
      expect(await codeOf(verifyRequest(h.store.db, h.context(), requestId, code))).toBe(
        'request.code_expired',
      );
      expect((await getRequest(h.store.db, requestId)).status).toBe('expired');
      expect(await codeOf(verifyRequest(h.store.db, h.context(), requestId, code))).toBe(
        'request.code_expired',
      );
    } finally {
      h.clock.advance(-(DAY + 60_000));
    }
  });

  it('expires stale unverified requests in bulk for the operator list', async () => {
    const { requestId } = await opened('portability');
    h.clock.advance(2 * DAY);
    try {
      expect(await expireUnverified(h.store.db, h.context('cli:ops'))).toBeGreaterThanOrEqual(1);
      expect((await getRequest(h.store.db, requestId)).status).toBe('expired');
    } finally {
      h.clock.advance(-2 * DAY);
    }
  });

  it('answers an unknown or malformed id as not found, with nothing else', async () => {
    for (const id of ['0b0e7a36-2d7a-4d3e-9c55-1f1f1f1f1f1f', 'not-a-uuid', "'; drop table x"]) {
      expect(await codeOf(verifyRequest(h.store.db, h.context(), id, '123456'))).toBe(
        'request.not_found',
      );
      expect(await codeOf(getRequest(h.store.db, id))).toBe('request.not_found');
    }
  });

  it('lets an operator open a verified request and tells the person it was received', async () => {
    const email = person();
    const result = await openRequest(h.store.db, h.context('cli:jan'), {
      type: 'rectification',
      email,
      country: 'NL',
      operator: true,
      changes: { email: person('new') },
      details: 'My surname is misspelled.',
    });
    expect(result.status).toBe('awaiting-approval');
    const detail = await requestDetail(
      h.store.db,
      Buffer.from(h.context().secret),
      result.requestId,
    );
    expect(detail.request.verification).toBe('operator');
    expect(detail.events.map((e) => e.kind)).toEqual(['received', 'verified', 'awaiting-approval']);
    expect(detail.events[1]?.actor).toBe('cli:jan');
    expect(detail.subject.details).toBe('My surname is misspelled.');
    await h.deliver();
    const mail = h.sink.mails.find((m) => m.to.includes(email));
    expect(mail?.subject).toBe('We received your rectification request');
  });

  it('denies with a reason mailed to the person, and never without one', async () => {
    const { requestId, email, code } = await opened('erasure');
    await verifyRequest(h.store.db, h.context(), requestId, code);
    expect(await codeOf(denyRequest(h.store.db, h.context(), requestId, '  '))).toBe(
      'request.reason_required',
    );
    const denied = await denyRequest(
      h.store.db,
      h.context('api-key:ops'),
      requestId,
      'We hold no data about you beyond invoices we must keep.',
    );
    expect(denied.status).toBe('denied');
    await h.deliver();
    const mail = h.sink.mails.filter((m) => m.to.includes(email)).at(-1);
    expect(mail?.subject).toBe('Your erasure request was not granted');
    expect(mail?.text).toContain('invoices we must keep');
    expect(mail?.text).toContain('supervisory authority');
    expect(await codeOf(denyRequest(h.store.db, h.context(), requestId, 'again'))).toBe(
      'request.invalid_state',
    );
  });

  it('extends once, by two months under the GDPR, telling the person why', async () => {
    const { requestId, email, code } = await opened('access');
    await verifyRequest(h.store.db, h.context(), requestId, code);
    const extended = await extendRequest(
      h.store.db,
      h.context('api-key:ops'),
      requestId,
      'Your data is spread over many systems.',
    );
    // Received 2 March: due 2 April, extended to 2 June (GDPR Art. 12(3)).
    expect(extended.dueAt.toISOString()).toBe('2026-06-02T23:59:59.999Z');
    expect(await codeOf(extendRequest(h.store.db, h.context(), requestId, 'more'))).toBe(
      'request.already_extended',
    );
    await h.deliver();
    const mail = h.sink.mails.filter((m) => m.to.includes(email)).at(-1);
    expect(mail?.subject).toBe('Your access request: we need more time');
    expect(mail?.text).toContain('spread over many systems');
    expect(mail?.text).toContain('2 June 2026');
  });

  it('refuses an extension after the first deadline has passed', async () => {
    const { requestId, code } = await opened('access');
    await verifyRequest(h.store.db, h.context(), requestId, code);
    h.clock.advance(40 * DAY);
    try {
      expect(await codeOf(extendRequest(h.store.db, h.context(), requestId, 'late'))).toBe(
        'request.extension_too_late',
      );
    } finally {
      h.clock.advance(-40 * DAY);
    }
  });

  it('runs through the executor’s states and mails the completion with the link', async () => {
    const { requestId, email, code } = await opened('access');
    await verifyRequest(h.store.db, h.context(), requestId, code);
    const executor = h.context('system');
    expect((await markRunning(h.store.db, executor, requestId)).status).toBe('running');
    expect(
      (await markFailed(h.store.db, executor, requestId, { code: 'datastore.unreachable' })).status,
    ).toBe('failed');
    expect((await markRunning(h.store.db, executor, requestId)).status).toBe('running');
    const subject = await requestSubject(h.store.db, executor.secret, requestId);
    expect(subject.identities).toEqual({ email: [email] });
    expect(await codeOf(markCompleted(h.store.db, executor, requestId, { contact: email }))).toBe(
      'evidence.personal_data',
    );
    const completed = await markCompleted(
      h.store.db,
      executor,
      requestId,
      { collections: 3, rows: 12 },
      {
        downloadUrl: 'https://privacy.example.com/v1/packages/tok',
        downloadExpiresAt: new Date('2026-03-09T09:00:00Z'),
      },
    );
    expect(completed).toMatchObject({ status: 'completed', summary: { collections: 3, rows: 12 } });
    await h.deliver();
    const mail = h.sink.mails.filter((m) => m.to.includes(email)).at(-1);
    expect(mail?.subject).toBe('Your access request is complete');
    expect(mail?.text).toContain('https://privacy.example.com/v1/packages/tok');
    // The link opens a page; its button downloads (a scanner following the link spends nothing).
    expect(mail?.text).toContain('press the Download button');
    expect(await codeOf(markRunning(h.store.db, executor, requestId))).toBe(
      'request.invalid_state',
    );
    const detail = await requestDetail(h.store.db, executor.secret, requestId);
    expect(detail.events.map((e) => e.kind)).toEqual([
      'received',
      'mail-sent',
      'verified',
      'approved',
      'running',
      'failed',
      'running',
      'completed',
      'mail-sent',
    ]);
  });

  it('lists by status, type and overdue, nearest deadline first', async () => {
    const { requestId, code } = await opened('know', 'US');
    await verifyRequest(h.store.db, h.context(), requestId, code);
    const now = h.clock.now();
    const approved = await listRequests(h.store.db, { status: 'approved', now });
    expect(approved.map((r) => r.id)).toContain(requestId);
    expect(approved.every((r) => r.status === 'approved')).toBe(true);
    const know = await listRequests(h.store.db, { type: 'know', now });
    expect(know.every((r) => r.type === 'know')).toBe(true);
    const dues = approved.map((r) => r.dueAt.getTime());
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(await listRequests(h.store.db, { overdue: true, now })).toEqual([]);
    const later = new Date(now.getTime() + 50 * DAY);
    const overdue = await listRequests(h.store.db, { overdue: true, now: later });
    expect(overdue.map((r) => r.id)).toContain(requestId);
    expect(
      overdue.some((r) => ['completed', 'denied', 'locked', 'expired'].includes(r.status)),
    ).toBe(false);
  });

  it('keeps emails, codes and words out of the evidence, the timeline and the clear columns', async () => {
    const email = person('secret');
    const { requestId } = await openRequest(h.store.db, h.context(), {
      type: 'rectification',
      email,
      country: 'FR',
      details: 'Call me on +32 470 12 34 56',
    });
    await h.deliver();
    const code = h.sink.codeFor(email);
    for (const table of [
      'evidence',
      'request_events',
      'requests',
      'outbox',
      'verification_codes',
    ]) {
      const text = await tableText(h.store.db, table);
      expect(text, table).not.toContain(email);
      expect(text, table).not.toContain('+32 470');
      expect(text, table).not.toContain(code);
    }
    const evidence = await h.store.db
      .selectFrom('evidence')
      .select(['action', 'subject_ref', 'details'])
      .where('action', 'like', 'request.%')
      .execute();
    const mine = evidence.filter((e) => e.details['requestId'] === requestId);
    expect(mine.map((e) => e.action)).toEqual(['request.received', 'request.mail_sent']);
    expect(mine[0]?.subject_ref).toMatch(/^rs_[0-9a-f]{32}$/);
    expect(await verifyEvidence(h.store.db)).toMatchObject({ ok: true });
    // The sent mail's sealed message (with its code) is gone from the outbox.
    const outbox = await h.store.db
      .selectFrom('outbox')
      .select(['status', 'message_sealed'])
      .where('request_id', '=', requestId)
      .execute();
    expect(outbox).toEqual([{ status: 'sent', message_sealed: null }]);
  });

  it('names the same person by the same pseudonym across requests', async () => {
    const email = person();
    const a = await openRequest(h.store.db, h.context(), { type: 'access', email, country: 'BE' });
    const b = await openRequest(h.store.db, h.context(), {
      type: 'erasure',
      email: email.toUpperCase(),
      country: 'DE',
    });
    const [ra, rb] = [
      await getRequest(h.store.db, a.requestId),
      await getRequest(h.store.db, b.requestId),
    ];
    expect(ra.subjectRef).toBe(rb.subjectRef);
  });
});

describe('verification codes', () => {
  it('are six digits and differ between requests', async () => {
    const h = await requestHarness('pglite');
    try {
      const codes = new Set<string>();
      for (let i = 0; i < 8; i++) {
        const email = person();
        await openRequest(h.store.db, h.context(), { type: 'access', email, country: 'BE' });
        await h.deliver();
        codes.add(h.sink.codeFor(email));
      }
      expect([...codes].every((code) => /^\d{6}$/.test(code))).toBe(true);
      expect(codes.size).toBeGreaterThan(1);
    } finally {
      await h.close();
    }
  });
});
