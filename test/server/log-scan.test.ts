import { domainToASCII } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  freshBackend,
  type Backend,
  type ServerProcess,
  startServer,
} from '../durability/server-process.js';
import { signAccountToken } from '../../src/server/account-token.js';
import { eachTarget } from '../support/stores.js';

/**
 * No personal data in the server's log (STYLE.md, GDPR Art. 5(1)(c) and 32): the real server
 * process serves every route of its OpenAPI document, with fixture people in valid and broken
 * requests, and everything it wrote to stdout and stderr is searched for them afterwards.
 */

/** The fixture people: what the requests carry and the log must never show, in any spelling. */
const PEOPLE = {
  emails: ['Ana.García@Example.com', 'zoë.ünïcode@exämple.example.com', 'bob.smith@example.com'],
  phones: ['+32 470 12 34 56'],
  accounts: ['account-of-bob-smith-4711'],
  names: ['Ana García', 'Bob Smith'],
};

/** Every form a value could take on its way into a log line. */
function spellings(value: string): string[] {
  const forms = new Set<string>();
  for (const form of [value, value.toLowerCase(), value.normalize('NFKC').toLowerCase()]) {
    forms.add(form);
    forms.add(encodeURIComponent(form));
    forms.add(JSON.stringify(form).slice(1, -1));
    // As a JSON writer that escapes everything outside ASCII would put it.
    forms.add(
      form.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    );
  }
  // A phone as it is normalised for hashing, and its digits alone.
  if (/^\+[\d ]+$/.test(value)) {
    forms.add(value.replace(/ /g, ''));
    forms.add(value.replace(/\D/g, ''));
  }
  // The local part of an address on its own, and the address with its domain in ASCII (IDNA).
  const at = value.lastIndexOf('@');
  if (at > 0) {
    const local = value.slice(0, at).toLowerCase();
    forms.add(local);
    forms.add(`${local}@${domainToASCII(value.slice(at + 1).toLowerCase())}`);
  }
  return [...forms];
}

const ALL_SPELLINGS = Object.values(PEOPLE)
  .flat()
  .flatMap(spellings)
  .sort((a, b) => b.length - a.length);

interface Exchange {
  readonly method: string;
  readonly route: string;
  readonly status: number;
}

/** The consent banner's site key and the origin of its pages. */
const SITE_KEY = 'pk_logscan_0001';
const SITE_ORIGIN = 'https://shop.example.com';
const SITE_SECRET = 'logscan-secret-0123456789abcdef0123456789';
/** An account token the shop signed for the fixture account: never in the log either. */
const ACCOUNT_TOKEN = signAccountToken(
  SITE_SECRET,
  SITE_KEY,
  PEOPLE.accounts[0] ?? '',
  new Date(Date.now() + 3_000_000),
);

eachTarget('the server log on $target', ({ target }) => {
  let backend: Backend | undefined;
  let server: ServerProcess | undefined;
  let full: string;
  let narrow: string;
  const exchanges: Exchange[] = [];

  function running(): ServerProcess {
    if (server === undefined) throw new Error('the server did not start');
    return server;
  }

  /** Sends one request; `route` is the pattern it exercises, as the OpenAPI document names it. */
  async function call(
    route: string,
    method: string,
    path: string,
    init: {
      body?: unknown;
      raw?: string;
      key?: string | null;
      headers?: Record<string, string>;
    } = {},
  ): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { ...init.headers };
    const key = init.key === undefined ? full : init.key;
    if (key !== null) headers['authorization'] = `Bearer ${key}`;
    let payload: string | undefined = init.raw;
    if (init.body !== undefined) payload = JSON.stringify(init.body);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${running().url}${path}`, {
      method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
    const text = await response.text();
    exchanges.push({ method, route, status: response.status });
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // HTML pages stay text.
    }
    return { status: response.status, body };
  }

  beforeAll(async () => {
    backend = await freshBackend(target);
    full = backend.keys.all;
    narrow = backend.keys.readOnly;
    server = await startServer(backend, {
      env: {
        CUSTODIAN_SITE_KEYS: `${SITE_KEY}=${SITE_ORIGIN}`,
        CUSTODIAN_SITE_SECRETS: `${SITE_KEY}=${SITE_SECRET}`,
      },
    });
  }, 120_000);

  afterAll(async () => {
    await server?.stop('SIGKILL');
    await backend?.cleanup();
  });

  it('writes no fixture email, phone, account id or name to its log over every route', async () => {
    const [ana, zoe, bob] = PEOPLE.emails as [string, string, string];
    const [phone] = PEOPLE.phones as [string];
    const [account] = PEOPLE.accounts as [string];

    // Public routes, with a person in the query string and a header for good measure.
    for (const path of [
      '/healthz',
      '/v1/openapi.json',
      '/docs',
      '/v1/purposes',
      '/.well-known/gpc.json',
    ]) {
      const answer = await call(path, 'GET', `${path}?email=${encodeURIComponent(ana)}`, {
        key: null,
        headers: { 'x-forwarded-for-user': bob },
      });
      expect(answer.status).toBe(200);
    }
    const openapi = (await call('/v1/openapi.json', 'GET', '/v1/openapi.json', { key: null }))
      .body as { paths: Record<string, Record<string, unknown>> };
    const purposes = (await call('/v1/purposes', 'GET', '/v1/purposes', { key: null })).body as {
      purposes: { id: string; legalBasis: string | null; objectable: boolean }[];
    };
    const consentPurpose = purposes.purposes.find((p) => p.legalBasis === 'consent')?.id ?? '';
    const objectable = purposes.purposes.find((p) => p.objectable)?.id ?? '';
    const notConsent = purposes.purposes.find((p) => p.legalBasis !== 'consent')?.id ?? '';

    // Consents: valid writes for every kind of identifier, a GPC signal, then broken ones.
    const receipts: string[] = [];
    for (const subject of [
      { email: ana },
      { email: zoe },
      { email: bob },
      { phone },
      { accountId: account },
    ]) {
      const answer = await call('/v1/consents', 'POST', '/v1/consents', {
        body: { subject, choices: { [consentPurpose]: 'granted' }, source: 'log-scan' },
        headers: { 'sec-gpc': '1' },
      });
      expect(answer.status).toBe(201);
      receipts.push((answer.body as { receiptId: string }).receiptId);
    }
    const consentsBad = [
      { raw: `{"subject": {"email": "${ana}"}, "choices": {` },
      { body: { subject: { email: 42 }, choices: ana, source: 'log-scan' } },
      { body: { subject: { email: ana, name: PEOPLE.names[0] }, choices: {}, source: 'x' } },
      {
        body: { subject: { email: `${PEOPLE.names[0] ?? ''} <${ana}>` }, choices: {}, source: 'x' },
      },
      {
        body: { subject: { email: ana }, choices: { [ana.toLowerCase()]: 'granted' }, source: 'x' },
      },
      { body: { subject: { email: ana }, choices: { [consentPurpose]: ana }, source: 'x' } },
      { body: { subject: { email: ana }, choices: { [notConsent]: 'granted' }, source: 'x' } },
      { body: { subject: { email: ana }, choices: {}, source: PEOPLE.names[1] ?? '' } },
      { body: { subject: { id: ana }, choices: {}, source: 'x' } },
      { body: { subject: { email: ana }, choices: {}, source: 'x', note: bob } },
      { raw: `email=${ana}`, headers: { 'content-type': 'text/plain' } },
      { raw: JSON.stringify({ subject: { email: ana }, pad: bob.repeat(60_000) }) },
      { body: { subject: { email: ana }, choices: {}, source: 'x' }, key: null },
      { body: { subject: { email: ana }, choices: {}, source: 'x' }, key: ana },
      { body: { subject: { email: ana }, choices: {}, source: 'x' }, key: narrow },
    ];
    for (const request of consentsBad) {
      const answer = await call('/v1/consents', 'POST', '/v1/consents', request);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }

    for (const subject of [
      { email: ana },
      { email: zoe.toUpperCase() },
      { phone },
      { accountId: account },
    ]) {
      const answer = await call('/v1/consents/state', 'POST', '/v1/consents/state', {
        body: { subject },
      });
      expect(answer.status).toBe(200);
    }
    for (const request of [
      { body: { subject: { email: ana, phone } } },
      { body: { subject: { id: '00000000-0000-4000-8000-000000000000' } } },
      { raw: `{"subject":{"email":"${bob}"` },
    ]) {
      const answer = await call('/v1/consents/state', 'POST', '/v1/consents/state', request);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }

    const check = await call('/v1/consents/check', 'POST', '/v1/consents/check', {
      body: {
        purpose: consentPurpose,
        subjects: [
          { email: ana },
          { email: zoe },
          { phone },
          { accountId: account },
          { email: bob, groups: ['customers'] },
        ],
      },
    });
    expect(check.status).toBe(200);
    for (const request of [
      { body: { purpose: ana, subjects: [{ email: ana }] } },
      { body: { purpose: consentPurpose, subjects: [{ email: ana, phone }] } },
      { body: { purpose: consentPurpose, subjects: [{ email: `not an address ${bob}` }] } },
    ]) {
      const answer = await call('/v1/consents/check', 'POST', '/v1/consents/check', request);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }

    const receipt = await call(
      '/v1/consents/receipts/{receiptId}',
      'GET',
      `/v1/consents/receipts/${receipts[0] ?? ''}`,
    );
    expect(receipt.status).toBe(200);
    for (const id of [encodeURIComponent(ana), '00000000-0000-4000-8000-000000000000']) {
      const answer = await call(
        '/v1/consents/receipts/{receiptId}',
        'GET',
        `/v1/consents/receipts/${id}`,
      );
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }

    // Objections (a product may name its channel after a person: stored, never logged),
    // suppression and its check.
    expect(
      (
        await call('/v1/objections', 'POST', '/v1/objections', {
          body: { subject: { email: bob }, purpose: objectable, source: PEOPLE.names[1] },
        })
      ).status,
    ).toBe(201);
    for (const request of [
      { body: { subject: { email: bob }, purpose: bob } },
      { body: { subject: { email: bob }, purpose: objectable, source: `${bob} form` } },
    ]) {
      const answer = await call('/v1/objections', 'POST', '/v1/objections', request);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }

    expect(
      (
        await call('/v1/suppressions', 'POST', '/v1/suppressions', {
          body: {
            identifiers: [{ email: zoe }, { phone }, { accountId: account }],
            reason: 'erased',
          },
        })
      ).status,
    ).toBe(201);
    for (const request of [
      { body: { identifiers: [{ email: ana }], reason: 'x', scope: ana } },
      { body: { identifiers: [{ email: ana }], reason: `erased\u0000${bob}` } },
      { body: { identifiers: [{ id: '00000000-0000-4000-8000-000000000000' }], reason: 'x' } },
      { body: { identifiers: [{ email: ana }], reason: 'x' }, key: narrow },
    ]) {
      const answer = await call('/v1/suppressions', 'POST', '/v1/suppressions', request);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    const suppressed = await call('/v1/suppressions/check', 'POST', '/v1/suppressions/check', {
      body: {
        identifiers: [
          { email: zoe.toUpperCase() },
          { email: ana },
          { phone },
          { accountId: account },
        ],
      },
    });
    expect(suppressed.status).toBe(200);
    for (const request of [
      { body: { identifiers: [{ email: ana, phone }] } },
      { body: { identifiers: [{ email: ana }], purpose: ana } },
    ]) {
      const answer = await call(
        '/v1/suppressions/check',
        'POST',
        '/v1/suppressions/check',
        request,
      );
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }

    // One-click unsubscribe: a link, its page, the click, and forged or mangled tokens.
    const link = await call('/v1/unsubscribe-links', 'POST', '/v1/unsubscribe-links', {
      body: { subject: { email: ana }, purpose: objectable },
    });
    expect(link.status).toBe(200);
    for (const request of [
      // A subject id never handed out (an unknown address is taken as a new person).
      { body: { subject: { id: '0b9f3c52-5a8e-4d2b-9d61-3f1c2b7e4a10' }, purpose: objectable } },
      { body: { subject: { email: ana }, purpose: ana } },
    ]) {
      const answer = await call('/v1/unsubscribe-links', 'POST', '/v1/unsubscribe-links', request);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    const path = new URL((link.body as { url: string }).url).pathname;
    expect(
      (await call('/u/{token}', 'GET', path, { key: null, headers: { accept: 'text/html' } }))
        .status,
    ).toBe(200);
    const click = await call('/u/{token}', 'POST', path, {
      key: null,
      raw: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(click.status).toBe(200);
    for (const token of [encodeURIComponent(ana), `${path.slice(3)}x`, 'a'.repeat(2000)]) {
      for (const method of ['GET', 'POST']) {
        const answer = await call('/u/{token}', method, `/u/${token}`, {
          key: null,
          ...(method === 'POST'
            ? {
                raw: `List-Unsubscribe=One-Click&email=${encodeURIComponent(bob)}`,
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
              }
            : {}),
        });
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
      }
    }

    // Data-subject requests: intake and code check (public, within the rate limit), then the
    // operator's routes; the person's words carry a name and a phone number.
    const opened = await call('/v1/requests', 'POST', '/v1/requests', {
      key: null,
      body: {
        type: 'rectification',
        subject: { email: ana },
        country: 'BE',
        details: `${PEOPLE.names[0] ?? ''}, ${phone}`,
        changes: { name: PEOPLE.names[1] ?? '' },
      },
    });
    expect(opened.status).toBe(202);
    const requestId = (opened.body as { requestId: string }).requestId;
    for (const body of [
      { type: 'erasure', subject: { email: zoe }, country: 'US' },
      { type: 'access', subject: { email: `${PEOPLE.names[1] ?? ''} <${bob}>` }, country: 'BE' },
    ]) {
      const answer = await call('/v1/requests', 'POST', '/v1/requests', { key: null, body });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    for (const [path, code] of [
      [`/v1/requests/${requestId}/verify`, '000000'],
      [`/v1/requests/${encodeURIComponent(ana)}/verify`, '123456'],
    ] as const) {
      const answer = await call('/v1/requests/{id}/verify', 'POST', path, {
        key: null,
        body: { code },
      });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    // The privacy center: its pages, and its forms with the fixture people in them.
    const form = (fields: Record<string, string>) => ({
      key: null,
      raw: new URLSearchParams(fields).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
      },
    });
    for (const [route, path] of [
      ['/privacy', '/privacy'],
      ['/privacy/style.css', '/privacy/style.css'],
      ['/privacy/{lang}', '/privacy/nl'],
      ['/privacy/request', '/privacy/request?country=BE&lang=fr'],
    ] as const) {
      expect((await call(route, 'GET', path, { key: null })).status).toBe(200);
    }
    const viaForm = await fetch(`${running().url}/privacy/request`, {
      method: 'POST',
      redirect: 'manual',
      headers: form({}).headers,
      body: form({ country: 'BE', type: 'access', email: ana, details: phone }).raw,
    });
    exchanges.push({ method: 'POST', route: '/privacy/request', status: viaForm.status });
    expect(viaForm.status).toBe(303);
    const centerId = /request\/([0-9a-f-]{36})/.exec(viaForm.headers.get('location') ?? '')?.[1];
    expect(centerId).toBeDefined();
    const refused = await call(
      '/privacy/request',
      'POST',
      '/privacy/request',
      form({ country: 'BE', type: 'delete', email: bob, details: PEOPLE.names[0] ?? '' }),
    );
    expect(refused.status).toBe(422);
    expect(
      (
        await call(
          '/privacy/request/{id}/verify',
          'POST',
          `/privacy/request/${centerId ?? ''}/verify`,
          form({ code: '000000' }),
        )
      ).status,
    ).toBeGreaterThanOrEqual(400);
    expect(
      (
        await call('/privacy/request/{id}', 'GET', `/privacy/request/${centerId ?? ''}`, {
          key: null,
        })
      ).status,
    ).toBe(200);
    // The package download without the proof of the code, and an appeal of a request that was
    // not refused, with the fixture people in the form.
    expect(
      (
        await call(
          '/privacy/request/{id}/download',
          'POST',
          `/privacy/request/${centerId ?? ''}/download`,
          form({ lang: 'en', email: ana }),
        )
      ).status,
    ).toBe(404);
    const appeal = await call(
      '/privacy/request/{id}/appeal',
      'POST',
      `/privacy/request/${centerId ?? ''}/appeal`,
      form({ lang: 'en', email: ana, reason: `Call me on ${phone}` }),
    );
    expect(appeal.status).toBeGreaterThanOrEqual(400);
    expect(appeal.status).toBeLessThan(500);
    // Earlier notices: the list, and the version the server recorded when it started.
    expect(
      (await call('/privacy/{lang}/versions', 'GET', '/privacy/en/versions', { key: null })).status,
    ).toBe(200);
    expect(
      (await call('/privacy/{lang}/versions/{n}', 'GET', '/privacy/en/versions/1', { key: null }))
        .status,
    ).toBe(200);
    // The preferences page of the fixture account, by its signed token in the URL and the form.
    expect(
      (
        await call(
          '/privacy/{lang}/preferences',
          'GET',
          `/privacy/en/preferences?account=${ACCOUNT_TOKEN}`,
          { key: null },
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await call(
          '/privacy/{lang}/preferences',
          'POST',
          '/privacy/en/preferences',
          form({ purpose: 'newsletter', choice: 'denied', account: ACCOUNT_TOKEN }),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await call(
          '/privacy/{lang}/preferences',
          'POST',
          '/privacy/en/preferences',
          form({ purpose: bob, choice: 'object' }),
        )
      ).status,
    ).toBe(422);
    expect((await call('/v1/requests', 'GET', '/v1/requests?overdue=true')).status).toBe(200);
    expect((await call('/v1/requests/{id}', 'GET', `/v1/requests/${requestId}`)).status).toBe(200);
    expect(
      (
        await call('/v1/requests/{id}/extend', 'POST', `/v1/requests/${requestId}/extend`, {
          body: { reason: `Asked by ${PEOPLE.names[0] ?? ''}` },
        })
      ).status,
    ).toBe(200);
    expect(
      (await call('/v1/requests/{id}/approve', 'POST', `/v1/requests/${requestId}/approve`)).status,
    ).toBe(409);
    expect(
      (
        await call('/v1/requests/{id}/deny', 'POST', `/v1/requests/${requestId}/deny`, {
          body: { reason: `Not ${bob}` },
        })
      ).status,
    ).toBe(200);

    // Execution (src/execution): download links that are none, one naming a person, the
    // certificate key and a certificate. A real download is in test/execution/access.test.ts.
    for (const token of [
      encodeURIComponent(ana),
      `00000000-0000-4000-8000-000000000000.9999999999.${'A'.repeat(43)}`,
    ]) {
      for (const method of ['GET', 'POST']) {
        const answer = await call('/v1/packages/{token}', method, `/v1/packages/${token}`, {
          key: null,
        });
        expect(answer.status).toBe(404);
      }
    }
    expect(
      (await call('/v1/certificates/key', 'GET', '/v1/certificates/key', { key: null })).status,
    ).toBe(200);
    // The certificate of a request that has none (it was denied): not found, and nothing more.
    expect(
      (await call('/v1/requests/{id}/certificate', 'GET', `/v1/requests/${requestId}/certificate`))
        .status,
    ).toBe(404);

    // The consent banner: its script, its texts (a person where the language goes) and a choice.
    expect(
      (await call('/sdk/custodian.js', 'GET', '/sdk/custodian.js', { key: null })).status,
    ).toBe(200);
    const texts = await call(
      '/v1/public/banner',
      'GET',
      `/v1/public/banner?siteKey=${SITE_KEY}&lang=${encodeURIComponent(ana)}`,
      { key: null, headers: { origin: SITE_ORIGIN } },
    );
    expect(texts.status).toBeLessThan(500);
    const choice = await call('/v1/public/consent', 'POST', '/v1/public/consent', {
      key: null,
      headers: { origin: SITE_ORIGIN },
      body: {
        siteKey: SITE_KEY,
        visitorId: 'visitor-0000000000000001',
        choices: [{ purpose: 'newsletter', granted: true }],
        noticeVersion: '1',
        accountToken: ACCOUNT_TOKEN,
      },
    });
    expect(choice.status).toBe(201);

    // Nowhere: unknown paths and methods naming a person.
    for (const [method, path] of [
      ['GET', `/v1/people/${encodeURIComponent(ana)}`],
      ['DELETE', `/v1/consents?email=${encodeURIComponent(bob)}`],
    ] as const) {
      const answer = await call('(none)', method, path);
      expect(answer.status).toBe(404);
    }

    // Every operation of the OpenAPI document was exercised.
    const documented = Object.entries(openapi.paths).flatMap(([route, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${route}`),
    );
    const exercised = new Set(exchanges.map((e) => `${e.method} ${e.route}`));
    expect(documented.filter((operation) => !exercised.has(operation))).toEqual([]);

    // Stopped cleanly, so everything it would write is written; then the whole output is searched.
    expect(await running().stop('SIGTERM')).toEqual({ code: 0, signal: null });
    const log = running().output();
    const requestLines = log.split('\n').filter((line) => line.includes('"msg":"request"'));
    // The log under scan is the real one: a line per request.
    expect(requestLines.length).toBeGreaterThanOrEqual(exchanges.length);
    const found = ALL_SPELLINGS.filter(
      (form) => log.includes(form) || log.toLowerCase().includes(form.toLowerCase()),
    );
    expect(found).toEqual([]);
    expect(log).not.toContain(ACCOUNT_TOKEN.split('.')[2] ?? 'no account');
    expect(log).not.toContain(ACCOUNT_TOKEN.split('.')[4] ?? 'no signature');
  }, 120_000);
});
