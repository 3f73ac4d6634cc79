import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox, smtpTransport, startMailer, type Mailer } from '../../src/mail/index.js';
import {
  buildServer,
  createApiKey,
  routes,
  startServer,
  type AnyRoute,
} from '../../src/server/index.js';
import { certificateSigningKey, serverSecret, type Store } from '../../src/store/index.js';
import { demoMap, expectProblem, get, json, LogCapture, post } from '../server/helpers.js';
import { eachTarget, freshStore } from '../support/stores.js';
import { person } from './fixture.js';
import { smtpSink, type SmtpSink } from './smtp-sink.js';

function route(method: string, url: string): AnyRoute {
  const found = routes().find((r) => r.method === method && r.url === url);
  if (!found) throw new Error(`no route ${method} ${url}`);
  return found;
}

/** The answer matches the response schema the OpenAPI document publishes for it. */
function expectDocumented(method: string, url: string, status: number, body: unknown): void {
  const schema = route(method, url).responses[status]?.schema;
  if (!schema) throw new Error(`${method} ${url} documents no ${status} schema`);
  const parsed = schema.safeParse(body);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
}

interface Harness {
  readonly store: Store;
  readonly app: FastifyInstance;
  readonly secret: Buffer;
  readonly sink: SmtpSink;
  readonly log: LogCapture;
  readonly reader: string;
  readonly writer: string;
  readonly consent: string;
  readonly approved: string[];
  /** Delivers the outbox to the sink and returns the code mailed to `email`. */
  code(email: string): Promise<string>;
  close(): Promise<void>;
}

async function harness(target: 'pglite' | 'postgres'): Promise<Harness> {
  const store = await freshStore(target);
  const map = await demoMap();
  const secret = await serverSecret(store.db);
  const sink = await smtpSink();
  const transport = smtpTransport(sink.url);
  const log = new LogCapture();
  const approved: string[] = [];
  const app = buildServer({
    store,
    map,
    secret,
    signingKey: await certificateSigningKey(store.db),
    logger: log,
    requestRateLimit: false,
    requestHooks: {
      onApproved: (id) => {
        approved.push(id);
      },
    },
  });
  const key = async (scope: string) =>
    (await createApiKey(store.db, { name: scope, scopes: [scope] })).key;
  return {
    store,
    app,
    secret,
    sink,
    log,
    reader: await key('requests:read'),
    writer: await key('requests:write'),
    consent: await key('consent:write'),
    approved,
    code: async (email) => {
      await deliverOutbox(store.db, secret, transport);
      return sink.codeFor(email);
    },
    close: async () => {
      await app.close();
      transport.close();
      await sink.close();
      await store.close();
    },
  };
}

eachTarget('request routes on $target', ({ target }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(target);
  });
  afterAll(() => h.close());

  async function intake(type: string, email: string, country = 'BE') {
    const response = await post(h.app, '/v1/requests', { type, subject: { email }, country });
    expect(response.statusCode, response.body).toBe(202);
    return json(response) as { requestId: string; dueAt: string };
  }

  it('takes a request with 202 and the same shape for anyone, then verifies it by code', async () => {
    const email = person();
    const response = await post(h.app, '/v1/requests', {
      type: 'access',
      subject: { email },
      country: 'BE',
    });
    expect(response.statusCode, response.body).toBe(202);
    const body = json(response);
    expectDocumented('POST', '/v1/requests', 202, body);
    expect(Object.keys(body).sort()).toEqual(['dueAt', 'requestId']);
    expect(response.body).not.toContain(email);
    expect(response.headers['cache-control']).toBe('no-store');

    const code = await h.code(email);
    const verified = await post(h.app, `/v1/requests/${body.requestId}/verify`, { code });
    expect(verified.statusCode, verified.body).toBe(200);
    expectDocumented('POST', '/v1/requests/:id/verify', 200, json(verified));
    expect(json(verified)).toEqual({ status: 'approved' });
    expect(h.approved).toContain(body.requestId);
  });

  it('answers wrong codes with 422 and the tries left, then 409 once locked', async () => {
    const email = person();
    const { requestId } = await intake('access', email);
    const code = await h.code(email);
    const wrong = code === '111111' ? '222222' : '111111';
    for (let left = 4; left >= 1; left--) {
      const problem = expectProblem(
        await post(h.app, `/v1/requests/${requestId}/verify`, { code: wrong }),
        422,
      );
      expect(problem.code).toBe('request.wrong_code');
      expect(problem.detail).toContain(`${left} ${left === 1 ? 'try' : 'tries'} left`);
    }
    const locked = expectProblem(
      await post(h.app, `/v1/requests/${requestId}/verify`, { code: wrong }),
      409,
    );
    expect(locked.code).toBe('request.locked');
    expectProblem(await post(h.app, `/v1/requests/${requestId}/verify`, { code }), 409);
  });

  it('refuses bad input with 4xx problems that echo nothing', async () => {
    const email = person('bad');
    const cases: [unknown, number, string][] = [
      [{ type: 'teleport', subject: { email }, country: 'BE' }, 400, 'request.invalid'],
      [{ type: 'erasure', subject: { email }, country: 'US' }, 422, 'request.type_not_granted'],
      [{ type: 'access', subject: { email }, country: 'ZZ' }, 422, 'request.unknown_country'],
      [{ type: 'access', subject: { email }, country: 'Belgium' }, 400, 'request.invalid'],
      [
        { type: 'access', subject: { email: 'not-an-address' }, country: 'BE' },
        400,
        'request.invalid',
      ],
      [{ type: 'access', subject: { email }, country: 'BE', extra: 1 }, 400, 'request.invalid'],
    ];
    for (const [body, status, code] of cases) {
      const problem = expectProblem(await post(h.app, '/v1/requests', body), status, [
        email,
        'not-an-address',
      ]);
      expect(problem.code).toBe(code);
    }
    const granted = expectProblem(
      await post(h.app, '/v1/requests', { type: 'erasure', subject: { email }, country: 'US' }),
      422,
    );
    expect(granted.detail).toContain('delete');
    expectProblem(await post(h.app, '/v1/requests', '{"type":'), 400);
  });

  it('writes to the person in the language asked, else the browser’s, else the notice’s first', async () => {
    const dutch = person('taal');
    const asked = await post(h.app, '/v1/requests', {
      type: 'access',
      subject: { email: dutch },
      country: 'BE',
      language: 'nl',
    });
    expect(asked.statusCode, asked.body).toBe(202);
    await h.code(dutch);
    const mail = h.sink.mails.find((m) => m.to.includes(dutch));
    expect(mail?.subject).toBe('Uw verzoek om inzage: bevestig dit met de code in deze e-mail');
    expect(mail?.text).toContain('Voer deze code in');
    const { requestId } = json(asked) as { requestId: string };
    const shown = json(await get(h.app, `/v1/requests/${requestId}`, h.reader));
    expect(shown.language).toBe('nl');

    // No field: the first of Accept-Language the notice is published in.
    const german = person('sprache');
    const browser = await post(
      h.app,
      '/v1/requests',
      { type: 'erasure', subject: { email: german }, country: 'BE' },
      undefined,
      { 'accept-language': 'es-ES, de-DE;q=0.8, en;q=0.5' },
    );
    expect(browser.statusCode, browser.body).toBe(202);
    await h.code(german);
    expect(h.sink.mails.find((m) => m.to.includes(german))?.subject).toBe(
      'Ihr Antrag auf Löschung: Bitte bestätigen Sie ihn mit dem Code in dieser E-Mail',
    );
  });

  it('refuses a language the notice is not published in with 400', async () => {
    const email = person('lang');
    const base = { type: 'access', subject: { email }, country: 'BE' };
    for (const language of ['es', 'NLD', '', 'nl-BE']) {
      const problem = expectProblem(await post(h.app, '/v1/requests', { ...base, language }), 400, [
        email,
      ]);
      expect(problem.code).toBe('request.invalid');
      expect(problem.errors.map((error: { path: string }) => error.path)).toEqual(['/language']);
    }
    // A language Custodian writes, but not one this map's notice is published in.
    const map = await demoMap();
    const narrow = buildServer({
      store: h.store,
      map: { ...map, notice: { ...map.notice, languages: ['en', 'nl'] } },
      secret: h.secret,
      signingKey: await certificateSigningKey(h.store.db),
      requestRateLimit: false,
    });
    try {
      const problem = expectProblem(
        await post(narrow, '/v1/requests', { ...base, language: 'de' }),
        400,
        [email],
      );
      expect(problem.code).toBe('request.unsupported_language');
      expect(problem.detail).toContain('en, nl');
      expect(problem.errors).toEqual([{ path: '/language', message: 'must be one of en, nl' }]);
    } finally {
      await narrow.close();
    }
  });

  it('refuses control characters in the person’s words and changes, naming the field only', async () => {
    const email = person('controls');
    const words = 'Ana Lima';
    const base = { type: 'rectification', subject: { email }, country: 'BE' };
    const cases: [Record<string, unknown>, string][] = [
      // The body that froze the server: line breaks, then one control character (ReDoS).
      [{ ...base, details: `${'\n'.repeat(30)}\u0001` }, '/details'],
      [{ ...base, details: `${'\r\n\t'.repeat(1333)}\u0000` }, '/details'],
      [{ ...base, details: `${words}\u0000` }, '/details'],
      // Written into the datastores as given: PostgreSQL refuses NUL, so the run would fail.
      [{ ...base, changes: { name: `${words}\u0000` } }, '/changes/name'],
      [{ ...base, changes: { name: `${words}\u001b[2J` } }, '/changes/name'],
      [{ ...base, changes: { city: `${words}\u0085` } }, '/changes/city'],
      [{ ...base, changes: { name: `${words}\ud800` } }, '/changes/name'],
    ];
    for (const [body, path] of cases) {
      const problem = expectProblem(await post(h.app, '/v1/requests', body), 400, [email, words]);
      expect(problem.code).toBe('request.invalid');
      expect(problem.errors.map((error: { path: string }) => error.path)).toEqual([path]);
    }
    // Line breaks and tabs are part of what a person writes.
    const written = await post(h.app, '/v1/requests', {
      ...base,
      details: 'First line\r\n\tsecond line',
      changes: { address: 'Voorbeeldstraat 1\n9000 Gent' },
    });
    expect(written.statusCode, written.body).toBe(202);
  });

  it('answers unknown, malformed and other people’s ids alike, with no information', async () => {
    const unknown = '6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f';
    const a = expectProblem(
      await post(h.app, `/v1/requests/${unknown}/verify`, { code: '123456' }),
      404,
    );
    expect(a.code).toBe('request.not_found');
    expectProblem(await post(h.app, '/v1/requests/not-a-uuid/verify', { code: '123456' }), 400);
    expectProblem(await post(h.app, `/v1/requests/${unknown}/verify`, { code: '12345' }), 400);
    expectProblem(await post(h.app, `/v1/requests/${unknown}/verify`, { code: 123456 }), 400);
    expectProblem(await get(h.app, `/v1/requests/${unknown}`, h.reader), 404);
    expectProblem(await post(h.app, `/v1/requests/${unknown}/approve`, {}, h.writer), 404);
  });

  it('guards the operator routes by the requests scopes', async () => {
    expectProblem(await get(h.app, '/v1/requests'), 401);
    expectProblem(await get(h.app, '/v1/requests', h.consent), 403);
    expectProblem(await get(h.app, '/v1/requests', h.writer), 403);
    const { requestId } = await intake('access', person());
    expectProblem(
      await post(h.app, `/v1/requests/${requestId}/deny`, { reason: 'no' }, h.reader),
      403,
    );
  });

  it('lets operators list, show, approve, extend and deny', async () => {
    const email = person();
    const { requestId } = await intake('erasure', email, 'DE');
    const code = await h.code(email);
    const verified = await post(h.app, `/v1/requests/${requestId}/verify`, { code });
    expect(json(verified)).toEqual({ status: 'awaiting-approval' });

    const waiting = await get(
      h.app,
      '/v1/requests?status=awaiting-approval&type=erasure',
      h.reader,
    );
    expect(waiting.statusCode, waiting.body).toBe(200);
    expectDocumented('GET', '/v1/requests', 200, json(waiting));
    expect(json(waiting).requests.map((r: { id: string }) => r.id)).toContain(requestId);
    expect(waiting.body).not.toContain(email);

    const overdue = await get(h.app, '/v1/requests?overdue=true', h.reader);
    expect(json(overdue).requests).toEqual([]);
    expectProblem(await get(h.app, '/v1/requests?status=sleeping', h.reader), 400);
    expectProblem(await get(h.app, '/v1/requests?limit=0', h.reader), 400);

    const extended = await post(
      h.app,
      `/v1/requests/${requestId}/extend`,
      { reason: 'Several systems to search.' },
      h.writer,
    );
    expect(extended.statusCode, extended.body).toBe(200);
    expectDocumented('POST', '/v1/requests/:id/extend', 200, json(extended));
    expect(json(extended).extendedAt).not.toBeNull();
    expectProblem(
      await post(h.app, `/v1/requests/${requestId}/extend`, { reason: 'again' }, h.writer),
      409,
    );
    expectProblem(await post(h.app, `/v1/requests/${requestId}/deny`, {}, h.writer), 400);
    // Mailed as written: line breaks and tabs, but no other control characters.
    for (const reason of ['Kept.\u0000', 'Kept.\u001b[2J', 'Kept.\u0085']) {
      const refused = expectProblem(
        await post(h.app, `/v1/requests/${requestId}/deny`, { reason }, h.writer),
        400,
      );
      expect(refused.errors.map((error: { path: string }) => error.path)).toEqual(['/reason']);
    }

    const approved = await post(h.app, `/v1/requests/${requestId}/approve`, {}, h.writer);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(json(approved).status).toBe('approved');
    expect(h.approved).toContain(requestId);

    const shown = await get(h.app, `/v1/requests/${requestId}`, h.reader);
    expect(shown.statusCode, shown.body).toBe(200);
    const detail = json(shown);
    expectDocumented('GET', '/v1/requests/:id', 200, detail);
    expect(detail.subject).toEqual({ email });
    expect(detail.reason).toBe('Several systems to search.');
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual([
      'received',
      'mail-sent',
      'verified',
      'awaiting-approval',
      'extended',
      'approved',
    ]);

    const denied = await post(
      h.app,
      `/v1/requests/${requestId}/deny`,
      { reason: 'Data kept under a legal hold.' },
      h.writer,
    );
    expect(json(denied).status).toBe('denied');
  });

  it('describes the request routes in the OpenAPI document', async () => {
    const document = json(await get(h.app, '/v1/openapi.json'));
    const list = document.paths['/v1/requests'].get;
    expect(list['x-required-scope']).toBe('requests:read');
    expect(list.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['query:status', 'query:overdue', 'query:type']),
    );
    expect(document.paths['/v1/requests'].post.responses['429']).toBeDefined();
    expect(document.paths['/v1/requests/{id}/verify'].post.responses['429']).toBeDefined();
  });

  it('logs no email or code', async () => {
    const email = person('logged');
    const { requestId } = await intake('access', email);
    const code = await h.code(email);
    await post(h.app, `/v1/requests/${requestId}/verify`, { code });
    expect(h.log.text).not.toContain(email);
    expect(h.log.text).not.toContain(code);
  });
});

describe('the public request routes’ rate limit', () => {
  it('answers 429 as a problem with Retry-After past the per-address limit', async () => {
    const store = await freshStore('pglite');
    const app = buildServer({
      store,
      map: await demoMap(),
      secret: await serverSecret(store.db),
      signingKey: await certificateSigningKey(store.db),
      requestRateLimit: { max: 3, windowMs: 60_000 },
      // Windows are aligned on the minute: a fixed clock keeps the calls in one.
      clock: () => new Date('2026-03-02T09:00:30.000Z'),
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await post(app, '/v1/requests', {
          type: 'access',
          subject: { email: person() },
          country: 'BE',
        });
        statuses.push(response.statusCode);
      }
      expect(statuses).toEqual([202, 202, 202]);
      // The code check shares the counter: guessing is limited as much as mailing.
      const limited = await post(app, '/v1/requests/6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f/verify', {
        code: '123456',
      });
      const problem = expectProblem(limited, 429);
      expect(problem.code).toBe('request.rate_limited');
      expect(limited.headers['retry-after']).toBe('30');
      // Operator routes are not limited.
      expect((await get(app, '/healthz')).statusCode).toBe(200);
    } finally {
      await app.close();
      await store.close();
    }
  });
});

describe('a request over a real socket, with the mailer running', () => {
  it('mails the code at once and verifies it', async () => {
    const store = await freshStore('pglite');
    const secret = await serverSecret(store.db);
    const sink = await smtpSink();
    const mail: { mailer?: Mailer } = {};
    const server = await startServer({
      store,
      map: await demoMap(),
      secret,
      signingKey: await certificateSigningKey(store.db),
      port: 0,
      requestHooks: { onMail: () => mail.mailer?.wake() },
    });
    const mailer = startMailer({
      db: store.db,
      secret,
      transport: smtpTransport(sink.url),
      intervalMs: 60_000,
    });
    mail.mailer = mailer;
    try {
      const email = person('socket');
      const opened = await fetch(`${server.url}/v1/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'portability', subject: { email }, country: 'IE' }),
      });
      expect(opened.status).toBe(202);
      const { requestId } = (await opened.json()) as { requestId: string };
      // Woken by the intake, the mailer sends at once rather than at its next minute.
      for (let i = 0; i < 100 && !sink.mails.some((m) => m.to.includes(email)); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const verified = await fetch(`${server.url}/v1/requests/${requestId}/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: sink.codeFor(email) }),
      });
      expect(verified.status).toBe(200);
      expect(await verified.json()).toEqual({ status: 'approved' });
    } finally {
      await server.close();
      await mailer.stop();
      await sink.close();
      await store.close();
    }
  });
});
