import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox, smtpTransport } from '../../src/mail/index.js';
import { buildServer } from '../../src/server/index.js';
import { brandFromEnv } from '../../src/server/privacy-center.js';
import { certificateSigningKey, serverSecret, type Store } from '../../src/store/index.js';
import { person } from '../requests/fixture.js';
import { smtpSink, type SmtpSink } from '../requests/smtp-sink.js';
import type { DataMap } from '../../src/map/index.js';
import { publicationOf, recordPublication } from '../../src/publications/index.js';
import { CENTER_WORDS } from '../../src/server/privacy-words.js';
import { eachTarget, freshStore } from '../support/stores.js';
import { demoMap } from './helpers.js';
import { longerRetention } from './notice-versions.js';

const ORIGIN = 'http://localhost:80';

describe('privacy center pages', () => {
  let store: Store;
  let app: FastifyInstance;
  let sink: SmtpSink;
  let code: (email: string) => Promise<string>;
  let closeTransport: () => void;

  beforeAll(async () => {
    store = await freshStore('pglite');
    const secret = await serverSecret(store.db);
    sink = await smtpSink();
    const transport = smtpTransport(sink.url);
    closeTransport = () => {
      transport.close();
    };
    app = buildServer({
      store,
      map: await demoMap(),
      secret,
      signingKey: await certificateSigningKey(store.db),
      requestRateLimit: false,
      brand: { color: '#aa3300' },
    });
    code = async (email) => {
      await deliverOutbox(store.db, secret, transport);
      return sink.codeFor(email);
    };
  });
  afterAll(async () => {
    await app.close();
    closeTransport();
    await sink.close();
    await store.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });
  const postForm = (
    url: string,
    fields: Record<string, string>,
    headers: Record<string, string> = { origin: ORIGIN, 'sec-fetch-site': 'same-origin' },
  ) =>
    app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(fields).toString(),
    });

  function expectPage(response: LightMyRequestResponse, status: number): void {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('script-src');
    expect(response.body).not.toContain('<script');
  }

  it('shows the notice in the language the browser prefers, with its version and date', async () => {
    const dutch = await get('/privacy', { 'accept-language': 'de;q=0.5, nl-BE, en;q=0.8' });
    expectPage(dutch, 200);
    expect(dutch.body).toContain('<html lang="nl">');
    expect(dutch.body).toContain('Versie 2026-03, van kracht sinds');
    const fallback = await get('/privacy', { 'accept-language': 'ja' });
    expect(fallback.body).toContain('<html lang="en">');
    expect(fallback.body).toContain('Version 2026-03, in effect since');
  });

  it('switches language by link, and links every notice language', async () => {
    const french = await get('/privacy/fr', { 'accept-language': 'en' });
    expectPage(french, 200);
    expect(french.body).toContain('<html lang="fr">');
    for (const lang of ['en', 'nl', 'fr', 'de']) {
      expect(french.body).toContain(`href="/privacy/${lang}" hreflang="${lang}"`);
    }
    expect(french.body).toContain('href="/privacy/fr" hreflang="fr" lang="fr" aria-current="page"');
    const unknown = await get('/privacy/xx');
    expectPage(unknown, 404);
  });

  it('serves its stylesheet in the brand colour and the name from the map', async () => {
    const css = await get('/privacy/style.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.body).toContain('--brand:#aa3300');
    const page = await get('/privacy/en');
    expect(page.body).toContain('<span class="name">BESTMIX</span>');
  });

  it('refuses a brand colour that is not hex and a logo on another origin', () => {
    expect(() => brandFromEnv({ CUSTODIAN_BRAND_COLOR: 'red;}body{' })).toThrow(/hex colour/);
    expect(() => brandFromEnv({ CUSTODIAN_BRAND_LOGO_URL: '//evil.example.com/x.png' })).toThrow(
      /path on this server/,
    );
    expect(() =>
      brandFromEnv({ CUSTODIAN_BRAND_LOGO_URL: 'https://cdn.example.com/x.png' }),
    ).toThrow();
    expect(
      brandFromEnv({
        CUSTODIAN_BRAND_NAME: 'Acme',
        CUSTODIAN_BRAND_COLOR: '#0a0',
        CUSTODIAN_BRAND_LOGO_URL: '/assets/logo.svg',
      }),
    ).toEqual({ name: 'Acme', color: '#0a0', logoUrl: '/assets/logo.svg' });
  });

  it('asks for the country first, then offers the types of that country’s law', async () => {
    const first = await get('/privacy/request?lang=en');
    expectPage(first, 200);
    expect(first.body).toContain('<select id="country" name="country" required>');
    expect(first.body).toContain('<option value="BE">Belgium</option>');

    // GDPR Art. 15-22 for Belgium: erasure, restriction; not the CCPA's delete or opt-out.
    const belgium = await get('/privacy/request?lang=en&country=BE');
    expectPage(belgium, 200);
    expect(belgium.body).toContain('value="erasure"');
    expect(belgium.body).toContain('value="restriction"');
    expect(belgium.body).not.toContain('value="delete"');
    expect(belgium.body).not.toContain('value="opt-out-sale"');

    // Cal. Civ. Code 1798.100-.125 for the United States: know, delete, opt-out; no GDPR erasure.
    const us = await get('/privacy/request?lang=en&country=us');
    expectPage(us, 200);
    expect(us.body).toContain('value="know"');
    expect(us.body).toContain('value="delete"');
    expect(us.body).toContain('value="opt-out-sale"');
    expect(us.body).not.toContain('value="erasure"');
  });

  it('answers a country that is not one with a readable 422 page', async () => {
    const bad = await get('/privacy/request?lang=en&country=ZZ');
    expectPage(bad, 422);
    expect(bad.body).toContain('Something in the form is not right');
  });

  it('takes a request through the form, the mailed code and the status page', async () => {
    const email = person();
    const opened = await postForm('/privacy/request', {
      lang: 'en',
      country: 'BE',
      type: 'access',
      email,
    });
    expect(opened.statusCode, opened.body).toBe(303);
    const location = String(opened.headers['location']);
    const match = /^\/privacy\/request\/([0-9a-f-]{36})\?lang=en$/.exec(location);
    expect(match).not.toBeNull();
    const id = match?.[1] ?? '';
    expect(location).not.toContain(email);

    // Opening the page changes nothing: twice the same, still waiting for the code.
    const waiting = await get(location);
    expectPage(waiting, 200);
    expect(waiting.body).toContain('Waiting for the code from the mail');
    expect(waiting.body).toContain(`action="/privacy/request/${id}/verify"`);
    expect(waiting.body).not.toContain(email);
    expect((await get(location)).body).toContain('Waiting for the code from the mail');

    const wrong = await postForm(`/privacy/request/${id}/verify`, { lang: 'en', code: '000000' });
    const mailed = await code(email);
    if (mailed === '000000') return; // one chance in a million: the wrong code was right
    expectPage(wrong, 422);
    expect(wrong.body).toContain('Something in the form is not right');

    const verified = await postForm(`/privacy/request/${id}/verify`, { lang: 'en', code: mailed });
    expect(verified.statusCode, verified.body).toBe(303);
    expect(verified.headers['location']).toBe(`/privacy/request/${id}?lang=en`);

    const status = await get(`/privacy/request/${id}?lang=en`);
    expectPage(status, 200);
    expect(status.body).not.toContain('Waiting for the code from the mail');
    expect(status.body).toMatch(
      /<p id="due">We will answer by \d{1,2} \w+ \d{4} at the latest\.<\/p>/,
    );
    expect(status.body).not.toContain(email);
  });

  it('refuses a form posted from another site, before anything is stored', async () => {
    const email = person();
    const before = await store.db.selectFrom('requests').select('id').execute();
    const crossSite = await postForm(
      '/privacy/request',
      { lang: 'en', country: 'BE', type: 'access', email },
      { origin: 'https://evil.example.com', 'sec-fetch-site': 'cross-site' },
    );
    expectPage(crossSite, 403);
    const otherOrigin = await postForm(
      '/privacy/request',
      { lang: 'en', country: 'BE', type: 'access', email },
      { origin: 'https://evil.example.com' },
    );
    expectPage(otherOrigin, 403);
    const sameSite = await postForm(
      '/privacy/request',
      { lang: 'en', country: 'BE', type: 'access', email },
      { 'sec-fetch-site': 'same-site' },
    );
    expectPage(sameSite, 403);
    // An opaque origin with no Fetch Metadata: nothing says it is this site.
    const opaque = await postForm(
      '/privacy/request',
      { lang: 'en', country: 'BE', type: 'access', email },
      { origin: 'null' },
    );
    expectPage(opaque, 403);
    const after = await store.db.selectFrom('requests').select('id').execute();
    expect(after.length).toBe(before.length);
    const transport = smtpTransport(sink.url);
    await deliverOutbox(store.db, await serverSecret(store.db), transport);
    transport.close();
    expect(sink.mails.some((mail) => mail.to.includes(email))).toBe(false);

    // The browser's own word: same-origin is taken whatever Origin says (null under no-referrer).
    const own = await postForm(
      '/privacy/request',
      { lang: 'en', country: 'BE', type: 'access', email },
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
    );
    expect(own.statusCode, own.body).toBe(303);
  });

  it('counts the form against the intake rate limit, answering a 429 page', async () => {
    const limited = buildServer({
      store,
      map: await demoMap(),
      secret: await serverSecret(store.db),
      signingKey: await certificateSigningKey(store.db),
      requestRateLimit: { max: 1, windowMs: 60_000 },
    });
    try {
      const send = () =>
        limited.inject({
          method: 'POST',
          url: '/privacy/request',
          remoteAddress: '192.0.2.77',
          // Refused before the body is read: the page speaks the browser's language.
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            origin: ORIGIN,
            'accept-language': 'de',
          },
          payload: new URLSearchParams({
            lang: 'de',
            country: 'DE',
            type: 'nonsense',
            email: person(),
          }).toString(),
        });
      expect((await send()).statusCode).toBe(422);
      const refused = await send();
      expectPage(refused, 429);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      expect(refused.body).toContain('<html lang="de">');
    } finally {
      await limited.close();
    }
  });

  it('answers bad input with readable 4xx pages, never a 500', async () => {
    const cases: [string, Record<string, string>, number][] = [
      ['/privacy/request', { lang: 'en', country: 'BE', type: 'delete', email: person() }, 422],
      [
        '/privacy/request',
        { lang: 'en', country: 'BE', type: 'access', email: 'not-an-email' },
        422,
      ],
      ['/privacy/request', { lang: 'en', country: 'BE', type: 'nonsense', email: person() }, 422],
      ['/privacy/request', { lang: 'en' }, 400],
      ['/privacy/request/not-an-id/verify', { lang: 'en', code: '123456' }, 404],
      [
        '/privacy/request/00000000-0000-4000-8000-000000000000/verify',
        { lang: 'en', code: '123456' },
        404,
      ],
    ];
    for (const [url, fields, status] of cases) {
      const response = await postForm(url, fields);
      expect(
        response.statusCode,
        `${url} ${JSON.stringify(Object.keys(fields))}: ${response.body}`,
      ).toBe(status);
      expectPage(response, status);
      expect(response.body).toContain('role="alert"');
    }
    const missing = await get('/privacy/request/00000000-0000-4000-8000-000000000000');
    expectPage(missing, 404);
    const nowhere = await get('/privacy/no/such/page');
    expectPage(nowhere, 404);
    const json = await app.inject({
      method: 'POST',
      url: '/privacy/request',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      payload: '{}',
    });
    expect(json.statusCode).toBe(415);
    expectPage(json, 415);
  });
});

eachTarget('earlier notice versions on $target', ({ target }) => {
  let store: Store;
  let app: FastifyInstance;
  let v1: DataMap;
  let v2: DataMap;
  const LANGUAGES = ['en', 'nl', 'fr', 'de'] as const;

  beforeAll(async () => {
    store = await freshStore(target);
    v1 = await demoMap();
    v2 = longerRetention(v1);
    // Notice 2026-03 served from March, notice 2026-09 (effective 1 September) from 2 October.
    await recordPublication(store.db, v1, new Date('2026-03-01T08:00:00Z'));
    await recordPublication(store.db, v2, new Date('2026-10-02T08:00:00Z'));
    app = buildServer({
      store,
      map: v2,
      secret: await serverSecret(store.db),
      signingKey: await certificateSigningKey(store.db),
      requestRateLimit: false,
    });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const get = (url: string) => app.inject({ method: 'GET', url });

  it('links the versions from the notice, which shows its own version and date', async () => {
    for (const lang of LANGUAGES) {
      const page = await get(`/privacy/${lang}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`href="/privacy/${lang}/versions"`);
      expect(page.body).toContain(CENTER_WORDS[lang].earlier);
    }
    expect((await get('/privacy/en')).body).toContain('Version 2026-09, in effect since');
  });

  it('lists every version, newest first, with when each was in effect', async () => {
    for (const lang of LANGUAGES) {
      const words = CENTER_WORDS[lang];
      const page = await get(`/privacy/${lang}/versions`);
      expect(page.statusCode, page.body).toBe(200);
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");
      expect(page.body).toContain(`<html lang="${lang}">`);
      expect(page.body).toContain(`<h1>${words.versions}</h1>`);
      const second = page.body.indexOf(`href="/privacy/${lang}/versions/2"`);
      const first = page.body.indexOf(`href="/privacy/${lang}/versions/1"`);
      expect(second).toBeGreaterThan(0);
      expect(first).toBeGreaterThan(second);
      expect(page.body).toContain(words.current);
    }
    // The first stopped applying when the second was served (2 October), after its effective date.
    const english = (await get('/privacy/en/versions')).body;
    expect(english).toMatch(
      /<td>2026-03<\/td><td>[^<]*2026[^<]*<\/td><td>[^<]*2 October 2026<\/td>/,
    );
  });

  it('renders an earlier version from the stored record, marked superseded with its end date', async () => {
    for (const lang of LANGUAGES) {
      const words = CENTER_WORDS[lang];
      const page = await get(`/privacy/${lang}/versions/1`);
      expect(page.statusCode, page.body).toBe(200);
      expect(page.body).toContain(`<html lang="${lang}">`);
      expect(page.body).toContain('class="superseded" role="note"');
      expect(page.body).toContain(words.superseded('', '2026-09').slice(0, 20));
      expect(page.body).toContain(publicationOf(v1).notices[lang]?.html ?? 'missing');
      expect(page.body).not.toContain(publicationOf(v2).notices[lang]?.html ?? 'missing');
    }
    const english = (await get('/privacy/en/versions/1')).body;
    expect(english).toContain(
      'This version is no longer in effect. It was replaced on 2 October 2026 by version 2026-09.',
    );
    expect(english).toContain('Version 2026-03, in effect since');

    const current = await get('/privacy/en/versions/2');
    expect(current.statusCode).toBe(200);
    expect(current.body).toContain(CENTER_WORDS.en.isCurrent);
    expect(current.body).not.toContain('class="superseded"');
    expect(current.body).toContain(publicationOf(v2).notices.en?.html ?? 'missing');
  });

  it('answers a version that does not exist with a 404 page', async () => {
    for (const url of [
      '/privacy/en/versions/3',
      '/privacy/en/versions/0',
      '/privacy/en/versions/01',
      '/privacy/en/versions/x',
      '/privacy/en/versions/99999999999',
      '/privacy/xx/versions',
      '/privacy/xx/versions/1',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toContain('role="alert"');
    }
  });
});
