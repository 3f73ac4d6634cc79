import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deliverOutbox,
  enqueueMail,
  MAX_ATTEMPTS,
  retryDelay,
  smtpTransport,
  startMailer,
  transportFromEnv,
  type MailTransport,
} from '../../src/mail/index.js';
import { openRequest } from '../../src/requests/index.js';
import {
  seal,
  sealBytes,
  sealJson,
  unseal,
  unsealBytes,
  unsealJson,
} from '../../src/store/index.js';
import { eachTarget } from '../support/stores.js';
import { person, requestHarness, SECRET, tableText, type RequestHarness } from './fixture.js';

eachTarget('the outbox on $target', ({ target }) => {
  let h: RequestHarness;
  beforeAll(async () => {
    h = await requestHarness(target);
  });
  afterAll(() => h.close());

  const outboxOf = (requestId: string) =>
    h.store.db
      .selectFrom('outbox')
      .select(['status', 'attempts', 'next_attempt_at', 'last_error', 'message_sealed'])
      .where('request_id', '=', requestId)
      .executeTakeFirstOrThrow();

  it('retries a temporary SMTP failure with exponential backoff, then delivers', async () => {
    const email = person('retry');
    const { requestId } = await openRequest(h.store.db, h.context(), {
      type: 'access',
      email,
      country: 'BE',
    });
    h.sink.failNext(2);
    await h.deliver();
    let row = await outboxOf(requestId);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'EMESSAGE 451' });
    expect(new Date(row.next_attempt_at).getTime() - h.clock.now().getTime()).toBe(retryDelay(1));
    // Not due yet: nothing is tried.
    await h.deliver();
    expect((await outboxOf(requestId)).attempts).toBe(1);

    h.clock.advance(retryDelay(1));
    await h.deliver();
    row = await outboxOf(requestId);
    expect(row.attempts).toBe(2);
    expect(new Date(row.next_attempt_at).getTime() - h.clock.now().getTime()).toBe(retryDelay(2));

    h.clock.advance(retryDelay(2));
    await h.deliver();
    row = await outboxOf(requestId);
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 3,
      message_sealed: null,
      last_error: null,
    });
    expect(h.sink.codeFor(email)).toMatch(/^\d{6}$/);
    // The SMTP server's words, which could quote the address, are not kept.
    expect(await tableText(h.store.db, 'outbox')).not.toContain('try again later');
  });

  it('gives a mail up after the last attempt and records it on the timeline', async () => {
    const failing: MailTransport = {
      send: () => Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNECTION' })),
      close: () => undefined,
    };
    const { requestId } = await openRequest(h.store.db, h.context(), {
      type: 'access',
      email: person('lost'),
      country: 'BE',
    });
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await deliverOutbox(h.store.db, SECRET, failing, { now: h.clock.now });
      h.clock.advance(retryDelay(attempt));
    }
    expect(await outboxOf(requestId)).toMatchObject({
      status: 'failed',
      attempts: MAX_ATTEMPTS,
      last_error: 'ECONNECTION',
    });
    const events = await h.store.db
      .selectFrom('request_events')
      .select(['kind', 'details'])
      .where('request_id', '=', requestId)
      .execute();
    expect(events.at(-1)).toMatchObject({
      kind: 'mail-failed',
      details: { mail: 'verification-code' },
    });
  });

  it('sends each mail once when two processes deliver at the same time', async () => {
    const email = person('twice');
    await openRequest(h.store.db, h.context(), { type: 'access', email, country: 'BE' });
    const before = h.sink.mails.length;
    const other = smtpTransport(h.sink.url);
    try {
      await Promise.all([
        deliverOutbox(h.store.db, SECRET, h.transport, { now: h.clock.now }),
        deliverOutbox(h.store.db, SECRET, other, { now: h.clock.now }),
      ]);
    } finally {
      other.close();
    }
    expect(h.sink.mails.slice(before).filter((m) => m.to.includes(email))).toHaveLength(1);
  });

  it('keeps a mail it cannot open (another secret) as failed rather than sending it', async () => {
    const id = await enqueueMail(h.store.db, Buffer.from('another-secret-another-secret-another'), {
      kind: 'received',
      requestId: null,
      mail: { to: person(), subject: 'x', text: 'y' },
      at: h.clock.now(),
    });
    await h.deliver();
    const row = await h.store.db
      .selectFrom('outbox')
      .select(['status', 'last_error'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'failed', last_error: 'seal.invalid' });
  });
});

describe('the mailer loop', () => {
  it('delivers what is written, at once when woken, and stops cleanly', async () => {
    const h = await requestHarness('pglite');
    const mailer = startMailer({
      db: h.store.db,
      secret: SECRET,
      transport: smtpTransport(h.sink.url),
      intervalMs: 60_000,
      now: h.clock.now,
    });
    try {
      const email = person('loop');
      await openRequest(h.store.db, h.context(), { type: 'access', email, country: 'BE' });
      mailer.wake();
      for (let i = 0; i < 100 && !h.sink.mails.some((m) => m.to.includes(email)); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(h.sink.codeFor(email)).toMatch(/^\d{6}$/);
    } finally {
      await mailer.stop();
      await h.close();
    }
  });

  it('logs a failing pass once, not at every retry, and logs when passes work again', async () => {
    const h = await requestHarness('pglite');
    const lines: string[] = [];
    const log = (_details: object, message: string): void => {
      lines.push(message);
    };
    // The outbox gone for a while: every pass fails, as on a full or unreachable store.
    await sql`alter table outbox rename to outbox_away`.execute(h.store.db);
    const mailer = startMailer({
      db: h.store.db,
      secret: SECRET,
      transport: smtpTransport(h.sink.url),
      intervalMs: 60_000,
      now: h.clock.now,
      logger: { warn: log, error: log, info: log },
    });
    try {
      for (let i = 0; i < 3; i++) await mailer.deliverNow();
      await sql`alter table outbox_away rename to outbox`.execute(h.store.db);
      await mailer.deliverNow();
      await mailer.deliverNow();
      expect(lines).toEqual([
        'mail: delivery pass failed; retrying with backoff, logged again when it recovers',
        'mail: delivery passes work again',
      ]);
    } finally {
      await mailer.stop();
      await h.close();
    }
  });

  it('warns once, without personal data, when no SMTP server is configured', async () => {
    const warnings: string[] = [];
    const mailer = startMailer({
      db: undefined as never,
      secret: SECRET,
      logger: {
        warn: (_d, message) => {
          warnings.push(message);
        },
        error: () => undefined,
      },
    });
    mailer.wake();
    expect(await mailer.deliverNow()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    await mailer.stop();
    expect(warnings).toEqual([
      'mail: CUSTODIAN_SMTP_URL is not set; mails stay in the outbox until it is',
    ]);
    expect(transportFromEnv({})).toBeUndefined();
    expect(transportFromEnv({ CUSTODIAN_SMTP_URL: '' })).toBeUndefined();
  });

  it('backs off exponentially up to an hour', () => {
    expect([1, 2, 3, 4].map(retryDelay)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelay(20)).toBe(3_600_000);
  });
});

describe('sealing (AES-256-GCM, key by HKDF from the server secret)', () => {
  it('opens what it sealed, and only with the same secret and context', () => {
    const sealed = seal(SECRET, 'ana@example.com', 'request:1:email');
    expect(sealed).toMatch(/^s1\./);
    expect(sealed).not.toContain('ana@example.com');
    expect(sealed).not.toContain('example.com');
    expect(unseal(SECRET, sealed, 'request:1:email')).toBe('ana@example.com');
    expect(seal(SECRET, 'ana@example.com', 'request:1:email')).not.toBe(sealed);
    const refuses = (fn: () => unknown): void => {
      expect(fn).toThrow(/sealed value cannot be opened/);
    };
    refuses(() => unseal(SECRET, sealed, 'request:2:email'));
    refuses(() => unseal(Buffer.from('x'.repeat(32)), sealed, 'request:1:email'));
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] ?? 0) ^ 1;
    refuses(() => unseal(SECRET, `s1.${bytes.toString('base64url')}`, 'request:1:email'));
    refuses(() => unseal(SECRET, 'plain text', ''));
    refuses(() => unseal(SECRET, 's1.', ''));
  });

  it('seals bytes and JSON', () => {
    const zip = new Uint8Array([80, 75, 3, 4, 0, 255]);
    expect([...unsealBytes(SECRET, sealBytes(SECRET, zip, 'p'), 'p')]).toEqual([...zip]);
    expect(unsealJson(SECRET, sealJson(SECRET, { a: [1, 'é'] }))).toEqual({ a: [1, 'é'] });
  });
});
