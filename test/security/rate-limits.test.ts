import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustodianError } from '../../src/errors.js';
import { identityHash } from '../../src/ledger/index.js';
import { deliverOutbox, smtpTransport } from '../../src/mail/index.js';
import type { DataMap } from '../../src/map/index.js';
import {
  intakeMailLimitsFromEnv,
  openRequest,
  type RequestContext,
} from '../../src/requests/index.js';
import {
  buildServer,
  clientNetwork,
  rateLimitFromEnv,
  trustProxyFromEnv,
  type ServerOptions,
} from '../../src/server/index.js';
import {
  certificateSigningKey,
  countHit,
  serverSecret,
  type SigningKey,
  type Store,
} from '../../src/store/index.js';
import { baseEnv, startServer, type ServerProcess } from '../durability/server-process.js';
import { testClock } from '../ledger/fixture.js';
import { person, tableText } from '../requests/fixture.js';
import { smtpSink } from '../requests/smtp-sink.js';
import { demoMap, expectProblem, json, LogCapture } from '../server/helpers.js';
import { eachTarget, freshDatabase, freshStore, POSTGRES_URL } from '../support/stores.js';

/**
 * Rate limits live in the database (src/store/rate-limits.ts): shared by every server process on
 * it, kept across restarts, keyed by hashes. The intake's mail is capped per address and in all.
 */

/** A code check of a request nobody made: 404 within the limit, 429 past it, nothing stored. */
function codeCheck(
  app: FastifyInstance,
  remoteAddress: string,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: `/v1/requests/${randomUUID()}/verify`,
    remoteAddress,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ code: '123456' }),
  });
}

function intake(
  app: FastifyInstance,
  email: string,
  remoteAddress: string,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/v1/requests',
    remoteAddress,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ type: 'access', subject: { email }, country: 'BE' }),
  });
}

/** The problem without what differs between any two answers (its request id). */
function sameness(response: LightMyRequestResponse): unknown {
  const problem = json(response) as Record<string, unknown>;
  delete problem['requestId'];
  delete problem['instance'];
  return { ...problem, retryAfter: response.headers['retry-after'] };
}

eachTarget('rate limits kept in the database, on $target', ({ target }) => {
  let store: Store;
  let map: DataMap;
  let secret: Buffer;
  let signingKey: SigningKey;
  beforeAll(async () => {
    store = await freshStore(target);
    map = await demoMap();
    secret = await serverSecret(store.db);
    signingKey = await certificateSigningKey(store.db);
  });
  afterAll(() => store.close());

  const server = (options: Partial<ServerOptions> = {}): FastifyInstance =>
    buildServer({ store, map, secret, signingKey, ...options });

  /** The rate_limits table names none of `values`, and its keys are names and hashes only. */
  async function expectNoneInClear(values: readonly string[]): Promise<void> {
    const text = (await tableText(store.db, 'rate_limits')).toLowerCase();
    expect(text).not.toBe('');
    for (const value of values) expect(text).not.toContain(value.toLowerCase());
    // Keys the store-level tests below count under are named by the tests themselves.
    const keys = await store.db
      .selectFrom('rate_limits')
      .select('key')
      .where('key', 'not like', 'test:%')
      .execute();
    for (const { key } of keys)
      expect(key).toMatch(/^(?:(?:client|mail-to):[0-9a-f]{64}|mail-total)$/);
  }

  it('counts one limit per client address across two servers on one database', async () => {
    const at = new Date('2026-03-02T09:00:10.000Z');
    const options = { clock: () => at, requestRateLimit: { max: 4, windowMs: 60_000 } };
    const [a, b] = [server(options), server(options)];
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        statuses.push((await codeCheck(i % 2 === 0 ? a : b, '198.51.100.7')).statusCode);
      }
      // Four in all, not four per server.
      expect(statuses).toEqual([404, 404, 404, 404, 429, 429, 429, 429, 429, 429]);
      const limited = await codeCheck(b, '198.51.100.7');
      expect(expectProblem(limited, 429).code).toBe('request.rate_limited');
      // The window is the minute: it ends 50 s after 09:00:10.
      expect(limited.headers['retry-after']).toBe('50');
      // Another address has its own count.
      expect((await codeCheck(a, '198.51.100.8')).statusCode).toBe(404);
      await expectNoneInClear(['198.51.100.7', '198.51.100.8']);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps the count across a restart, and starts again when the window ends', async () => {
    const clock = testClock('2026-03-02T10:00:00.000Z');
    const options = { clock: clock.now, requestRateLimit: { max: 3, windowMs: 60_000 } };
    const before = server(options);
    for (let i = 0; i < 3; i++)
      expect((await codeCheck(before, '198.51.100.20')).statusCode).toBe(404);
    await before.close();
    const after = server(options);
    try {
      expect((await codeCheck(after, '198.51.100.20')).statusCode).toBe(429);
      clock.advance(60_000);
      expect((await codeCheck(after, '198.51.100.20')).statusCode).toBe(404);
    } finally {
      await after.close();
    }
  });

  it('caps the mail to one address however many client addresses ask, and stores nothing past it', async () => {
    const clock = testClock('2026-03-02T09:00:00.000Z');
    const log = new LogCapture();
    const app = server({
      clock: clock.now,
      logger: log,
      mailLimits: { perEmail: 3, total: 1000 },
    });
    const email = person('bombed');
    const tagged = email.replace('@', '+again@');
    const addresses = Array.from({ length: 8 }, (_, i) => `203.0.113.${i + 1}`);
    try {
      const answers: LightMyRequestResponse[] = [];
      for (const address of addresses) answers.push(await intake(app, email, address));
      expect(answers.map((answer) => answer.statusCode)).toEqual([
        202, 202, 202, 429, 429, 429, 429, 429,
      ]);
      const problem = expectProblem(answers[3] as LightMyRequestResponse, 429, [email]);
      expect(problem.code).toBe('request.mail_limited');
      // Both caps are per UTC day: 15 hours from 09:00 to midnight.
      expect(answers[3]?.headers['retry-after']).toBe(String(15 * 3600));
      // A +tag reaches the same mailbox and shares its cap.
      expect((await intake(app, tagged, '203.0.113.99')).statusCode).toBe(429);

      const hash = identityHash(secret, { email }).hash;
      const stored = await store.db
        .selectFrom('requests')
        .select('id')
        .where('email_hash', '=', hash)
        .execute();
      expect(stored).toHaveLength(3);
      const mails = await store.db
        .selectFrom('outbox')
        .select('id')
        .where(
          'request_id',
          'in',
          stored.map((row) => row.id),
        )
        .execute();
      expect(mails).toHaveLength(3);

      // Someone else is not held up, and the next day the address may ask again.
      expect((await intake(app, person(), '203.0.113.1')).statusCode).toBe(202);
      clock.advance(15 * 3600 * 1000);
      expect((await intake(app, email, '203.0.113.1')).statusCode).toBe(202);

      await expectNoneInClear([email, tagged, ...addresses]);
      for (const value of [email, ...addresses]) expect(log.text).not.toContain(value);
    } finally {
      await app.close();
    }
  });

  it('caps the mail in all, and answers the same as at the cap of one address', async () => {
    const clock = testClock('2026-04-01T12:00:00.000Z');
    const app = server({ clock: clock.now, mailLimits: { perEmail: 1, total: 3 } });
    try {
      const first = person('first');
      expect((await intake(app, first, '203.0.113.10')).statusCode).toBe(202);
      const perEmail = await intake(app, first, '203.0.113.11');
      expect((await intake(app, person(), '203.0.113.12')).statusCode).toBe(202);
      expect((await intake(app, person(), '203.0.113.13')).statusCode).toBe(202);
      const total = await intake(app, person('stranger'), '203.0.113.14');
      expect(expectProblem(total, 429).code).toBe('request.mail_limited');
      // Nothing tells which cap was reached.
      expect(sameness(total)).toEqual(sameness(perEmail));
      clock.advance(12 * 3600 * 1000);
      expect((await intake(app, person(), '203.0.113.14')).statusCode).toBe(202);
    } finally {
      await app.close();
    }
  });

  it('caps the receipts of opt-outs that need no code too, but not what an operator opens', async () => {
    const clock = testClock('2026-05-04T09:00:00.000Z');
    const ctx: RequestContext = {
      map,
      secret,
      now: clock.now,
      actor: 'public',
      mailLimits: { perEmail: 1, total: 1000 },
    };
    const email = person('optout');
    const input = { type: 'opt-out-sale', email, country: 'US' };
    expect((await openRequest(store.db, ctx, input)).status).toBe('approved');
    await expect(openRequest(store.db, ctx, input)).rejects.toMatchObject({
      code: 'request.mail_limited',
    });
    // An operator checked who the person is: no code, and no cap.
    const operator = { ...ctx, actor: 'cli:jan' };
    const opened = await openRequest(store.db, operator, { ...input, operator: true });
    expect(opened.status).toBe('approved');
  });

  it('counts every hit exactly when many arrive at once', async () => {
    const at = new Date('2026-03-02T09:00:00.000Z');
    const limit = { max: 10, windowMs: 60_000 };
    const hits = await Promise.all(
      Array.from({ length: 20 }, () => countHit(store.db, 'test:concurrent', limit, at)),
    );
    expect(hits.map((hit) => hit.hits).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(hits.filter((hit) => hit.allowed)).toHaveLength(10);
  });

  it('prunes rows of ended windows as new windows begin', async () => {
    const at = new Date('2030-01-01T00:00:00.000Z');
    const limit = { max: 1, windowMs: 60_000 };
    const ended = async (): Promise<number> => {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from rate_limits where window_ends_at <= ${new Date(at.getTime() + 120_000)}`.execute(
        store.db,
      );
      return rows[0]?.n ?? -1;
    };
    for (let i = 0; i < 40; i++) await countHit(store.db, `test:old-${i}`, limit, at);
    const later = new Date(at.getTime() + 120_000);
    const before = await ended();
    expect(before).toBeGreaterThanOrEqual(40);
    await countHit(store.db, 'test:new-1', limit, later);
    expect(await ended()).toBe(before - 32);
    // A hit within a live window prunes nothing; the next new window goes on.
    await countHit(store.db, 'test:new-1', limit, later);
    expect(await ended()).toBe(before - 32);
    await countHit(store.db, 'test:new-2', limit, later);
    expect(await ended()).toBe(Math.max(0, before - 64));
  });

  it('believes X-Forwarded-For only from a configured proxy, and counts IPv6 by its /64', async () => {
    const at = new Date('2026-03-02T11:00:00.000Z');
    const limit = { max: 2, windowMs: 60_000 };
    const proxied = server({ clock: () => at, requestRateLimit: limit, trustProxy: ['127.0.0.1'] });
    const direct = server({ clock: () => at, requestRateLimit: limit });
    const from = (address: string) => ({ 'x-forwarded-for': address });
    try {
      // Through the proxy, two clients have two counts.
      for (let i = 0; i < 2; i++) {
        expect((await codeCheck(proxied, '127.0.0.1', from('192.0.2.50'))).statusCode).toBe(404);
      }
      expect((await codeCheck(proxied, '127.0.0.1', from('192.0.2.50'))).statusCode).toBe(429);
      expect((await codeCheck(proxied, '127.0.0.1', from('192.0.2.51'))).statusCode).toBe(404);
      // A client that is not the proxy cannot name another address: it is counted as itself.
      expect((await codeCheck(proxied, '192.0.2.60', from('192.0.2.61'))).statusCode).toBe(404);
      expect((await codeCheck(proxied, '192.0.2.60', from('192.0.2.62'))).statusCode).toBe(404);
      expect((await codeCheck(proxied, '192.0.2.60', from('192.0.2.63'))).statusCode).toBe(429);
      // Without the setting, the header changes nothing.
      for (let i = 0; i < 2; i++) {
        expect((await codeCheck(direct, '192.0.2.70', from(`192.0.2.${80 + i}`))).statusCode).toBe(
          404,
        );
      }
      expect((await codeCheck(direct, '192.0.2.70', from('192.0.2.90'))).statusCode).toBe(429);
      // Two addresses of one /64 are one client; the next /64 is another.
      expect((await codeCheck(direct, '2001:db8:1:2::1')).statusCode).toBe(404);
      expect((await codeCheck(direct, '2001:db8:1:2:ffff::9')).statusCode).toBe(404);
      expect((await codeCheck(direct, '2001:db8:1:2::3')).statusCode).toBe(429);
      expect((await codeCheck(direct, '2001:db8:1:3::1')).statusCode).toBe(404);
      await expectNoneInClear(['192.0.2.5', '192.0.2.6', '192.0.2.7', '2001:db8']);
    } finally {
      await proxied.close();
      await direct.close();
    }
  });

  it('mails the code in the body and keeps it out of the subject, through a real SMTP server', async () => {
    const sink = await smtpSink();
    const transport = smtpTransport(sink.url);
    const app = server({ clock: () => new Date('2026-06-01T09:00:00.000Z') });
    try {
      const email = person('subject');
      expect((await intake(app, email, '192.0.2.200')).statusCode).toBe(202);
      await deliverOutbox(store.db, secret, transport);
      const code = sink.codeFor(email);
      const mail = sink.mails.find((m) => m.to.includes(email));
      expect(mail?.subject).toBe('Your access request: confirm it with the code in this mail');
      expect(mail?.subject).not.toMatch(/\d/);
      expect(mail?.text).toContain(`enter this code: ${code}`);
    } finally {
      await app.close();
      transport.close();
      await sink.close();
    }
  });
});

describe('rate limit settings', () => {
  it('reads the limits, caps and trusted proxies from the environment, and refuses nonsense', () => {
    expect(rateLimitFromEnv('20/30')).toEqual({ max: 20, windowMs: 30_000 });
    expect(rateLimitFromEnv('off')).toBe(false);
    expect(intakeMailLimitsFromEnv({})).toEqual({ perEmail: 5, total: 1000 });
    expect(
      intakeMailLimitsFromEnv({
        CUSTODIAN_MAIL_LIMIT_PER_EMAIL: '3',
        CUSTODIAN_MAIL_LIMIT_TOTAL: 'off',
      }),
    ).toEqual({ perEmail: 3, total: false });
    expect(trustProxyFromEnv(undefined)).toBeUndefined();
    expect(trustProxyFromEnv('off')).toBe(false);
    expect(trustProxyFromEnv('127.0.0.1, 10.0.0.0/8, loopback, ::1, fd00::/8')).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      'loopback',
      '::1',
      'fd00::/8',
    ]);
    const refused = [
      () => rateLimitFromEnv('ten'),
      () => intakeMailLimitsFromEnv({ CUSTODIAN_MAIL_LIMIT_PER_EMAIL: '0' }),
      () => intakeMailLimitsFromEnv({ CUSTODIAN_MAIL_LIMIT_TOTAL: 'lots' }),
      // Trusting every hop, or a count of hops, checks nobody: any client could pick its address.
      () => trustProxyFromEnv('true'),
      () => trustProxyFromEnv('1'),
      () => trustProxyFromEnv('10.0.0.0/33'),
    ];
    for (const parse of refused) {
      expect(parse).toThrow(CustodianError);
      try {
        parse();
      } catch (error) {
        expect((error as CustodianError).code).toBe('config.invalid');
      }
    }
  });

  it('counts an IPv4 address as itself and an IPv6 address by its /64', () => {
    expect(clientNetwork('192.0.2.1')).toBe('192.0.2.1');
    expect(clientNetwork('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientNetwork('2001:db8:0:1::1')).toBe('2001:db8:0:1::/64');
    expect(clientNetwork('2001:DB8:0000:0001:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:0:1::/64');
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});

describe.skipIf(POSTGRES_URL === undefined)('two server processes on one PostgreSQL', () => {
  it('let through the limit in all, not the limit per process, and keep it across a restart', async () => {
    const database = await freshDatabase();
    const backend = {
      // A window of about three years: no test run straddles two of them.
      env: { ...baseEnv(), CUSTODIAN_RATE_LIMIT: '4/100000000' },
      dataArgs: ['--database-url', database.url],
    };
    const servers: ServerProcess[] = [];
    const check = async (url: string): Promise<Response> =>
      fetch(`${url}/v1/requests/${randomUUID()}/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: '123456' }),
      });
    try {
      // One after the other: the first migrates the new database.
      servers.push(await startServer(backend));
      servers.push(await startServer(backend));
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const answer = await check((servers[i % 2] as ServerProcess).url);
        await answer.arrayBuffer();
        statuses.push(answer.status);
      }
      expect(statuses.filter((status) => status === 404)).toHaveLength(4);
      expect(statuses.filter((status) => status === 429)).toHaveLength(6);

      await servers[0]?.stop('SIGTERM');
      servers.push(await startServer(backend));
      const restarted = await check((servers[2] as ServerProcess).url);
      expect(restarted.status).toBe(429);
      expect(Number(restarted.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await restarted.json()) as { code: string }).toMatchObject({
        code: 'request.rate_limited',
      });
    } finally {
      for (const running of servers) await running.stop('SIGTERM');
      await database.drop();
    }
  }, 120_000);
});
