import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storePackage } from '../../src/execution/index.js';
import { unsubscribeToken } from '../../src/ledger/index.js';
import { deliverOutbox, smtpTransport } from '../../src/mail/index.js';
import type { DataMap, Jurisdiction, Law } from '../../src/map/index.js';
import {
  addDays,
  denyRequest,
  endOfDay,
  statesWithOwnLaw,
  utcDate,
} from '../../src/requests/index.js';
import { buildServer } from '../../src/server/index.js';
import { frameAncestorsFromEnv } from '../../src/server/center-layout.js';
import { certificateSigningKey, serverSecret, type Store } from '../../src/store/index.js';
import { person } from '../requests/fixture.js';
import { smtpSink, type SmtpSink } from '../requests/smtp-sink.js';
import { freshStore } from '../support/stores.js';
import { demoMap } from './helpers.js';

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

/**
 * The BESTMIX map with every law of the catalog declared for the controller that answers it: the
 * US entity for the state laws, the EU one for the GDPR and the UK GDPR.
 */
function everyLaw(map: DataMap): DataMap {
  const vcdpa = map.jurisdictions.find((j) => j.law === 'vcdpa');
  const gdpr = map.jurisdictions.find((j) => j.law === 'gdpr');
  if (vcdpa === undefined || gdpr === undefined) throw new Error('the demo map declares both');
  const like = (base: Jurisdiction, law: Law): Jurisdiction => ({ ...base, law });
  return {
    ...map,
    jurisdictions: [
      ...map.jurisdictions,
      like(vcdpa, 'cpa'),
      like(vcdpa, 'ctdpa'),
      like(vcdpa, 'ucpa'),
      like(gdpr, 'uk-gdpr'),
    ],
  };
}

/** The request types a form page offers, in its order. */
function offered(page: string): string[] {
  return [...page.matchAll(/name="type" value="([a-z-]+)"/g)].map((match) => match[1] ?? '');
}

/** Every link, form action and stylesheet of a page. */
function targets(page: string): string[] {
  return [...page.matchAll(/(?:href|action|src)="([^"]*)"/g)].map((match) => match[1] ?? '');
}

describe('the privacy center’s request flow', () => {
  let store: Store;
  let app: FastifyInstance;
  let sink: SmtpSink;
  let secret: Buffer;
  let map: DataMap;
  let code: (email: string) => Promise<string>;
  let closeTransport: () => void;

  beforeAll(async () => {
    store = await freshStore('pglite');
    secret = await serverSecret(store.db);
    sink = await smtpSink();
    const transport = smtpTransport(sink.url);
    closeTransport = () => {
      transport.close();
    };
    map = everyLaw(await demoMap());
    app = buildServer({
      store,
      map,
      secret,
      signingKey: await certificateSigningKey(store.db),
      requestRateLimit: false,
      mailLimits: { perEmail: false, total: false },
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
    headers: Record<string, string> = SAME_ORIGIN,
  ) =>
    app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(fields).toString(),
    });

  /** Opens a request through the form and confirms it; its id and the proof cookie the code left. */
  async function confirmed(
    fields: Record<string, string>,
  ): Promise<{ id: string; cookie: string; email: string }> {
    const email = person();
    const opened = await postForm('/privacy/request', { lang: 'en', email, ...fields });
    expect(opened.statusCode, opened.body).toBe(303);
    const id = /request\/([0-9a-f-]{36})\?/.exec(String(opened.headers['location']))?.[1] ?? '';
    const verified = await postForm(`/privacy/request/${id}/verify`, {
      lang: 'en',
      code: await code(email),
    });
    expect(verified.statusCode, verified.body).toBe(303);
    return { id, cookie: proofCookie(verified), email };
  }

  function proofCookie(response: LightMyRequestResponse): string {
    const header = String(response.headers['set-cookie'] ?? '');
    return header.split(';')[0] ?? '';
  }

  async function stored(id: string): Promise<{ law: string; region: string | null }> {
    return store.db
      .selectFrom('requests')
      .select(['law', 'region'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  describe('request types by country and US state', () => {
    it('asks for the state with the country, offering the states whose law the map declares', async () => {
      const first = await get('/privacy/request?lang=de');
      expect(first.statusCode).toBe(200);
      expect(first.body).toContain('<select id="state" name="state">');
      expect(first.body).toContain('<option value="CA">Kalifornien</option>');
      expect(first.body).toContain('<option value="VA">Virginia</option>');
      expect(first.body).toContain('<option value="CO">Colorado</option>');
      expect(first.body).toContain('<option value="CT">Connecticut</option>');
      expect(first.body).toContain('<option value="UT">Utah</option>');
    });

    it('offers only the states whose law the map declares', async () => {
      // BESTMIX declares the CCPA and the VCDPA for its US entity: California and Virginia.
      expect(statesWithOwnLaw(await demoMap())).toEqual([
        { state: 'CA', law: 'ccpa' },
        { state: 'VA', law: 'vcdpa' },
      ]);
      const gdprOnly = await demoMap();
      expect(
        statesWithOwnLaw({
          ...gdprOnly,
          jurisdictions: gdprOnly.jurisdictions.filter((j) => j.law === 'gdpr'),
        }),
      ).toEqual([]);
    });

    const cases: {
      readonly law: string;
      readonly country: string;
      readonly state?: string;
      readonly types: readonly string[];
      readonly legend: string;
    }[] = [
      {
        // GDPR Art. 15-22, 7(3).
        law: 'gdpr',
        country: 'DE',
        types: [
          'access',
          'portability',
          'rectification',
          'erasure',
          'restriction',
          'objection',
          'automated-decisions',
          'withdraw-consent',
        ],
        legend: 'GDPR',
      },
      {
        law: 'uk-gdpr',
        country: 'GB',
        types: [
          'access',
          'portability',
          'rectification',
          'erasure',
          'restriction',
          'objection',
          'automated-decisions',
          'withdraw-consent',
        ],
        legend: 'UK GDPR',
      },
      {
        // Cal. Civ. Code 1798.100-.125: know, delete, correct, opt-out, limit.
        law: 'ccpa',
        country: 'US',
        state: 'CA',
        types: ['know', 'delete', 'correct', 'opt-out-sale', 'limit-sensitive'],
        legend: 'CCPA',
      },
      {
        // Va. Code 59.1-577: no limit on sensitive data (consent instead); the appeal is made
        // from a refused request's page, not this form.
        law: 'vcdpa',
        country: 'US',
        state: 'VA',
        types: ['portability', 'know', 'delete', 'correct', 'opt-out-sale'],
        legend: 'VCDPA',
      },
      {
        law: 'cpa',
        country: 'US',
        state: 'co',
        types: ['portability', 'know', 'delete', 'correct', 'opt-out-sale'],
        legend: 'CPA',
      },
      {
        law: 'ctdpa',
        country: 'US',
        state: 'CT',
        types: ['portability', 'know', 'delete', 'correct', 'opt-out-sale'],
        legend: 'CTDPA',
      },
      {
        // Utah Code 13-61-201: no right to correct.
        law: 'ucpa',
        country: 'US',
        state: 'UT',
        types: ['portability', 'know', 'delete', 'opt-out-sale'],
        legend: 'UCPA',
      },
      {
        // A state with no law of its own in the map: the CCPA the map applies to US residents.
        law: 'ccpa',
        country: 'US',
        state: 'TX',
        types: ['know', 'delete', 'correct', 'opt-out-sale', 'limit-sensitive'],
        legend: 'CCPA',
      },
      {
        law: 'ccpa',
        country: 'US',
        types: ['know', 'delete', 'correct', 'opt-out-sale', 'limit-sensitive'],
        legend: 'CCPA',
      },
      {
        // A state means nothing outside the United States.
        law: 'gdpr',
        country: 'BE',
        state: 'VA',
        types: [
          'access',
          'portability',
          'rectification',
          'erasure',
          'restriction',
          'objection',
          'automated-decisions',
          'withdraw-consent',
        ],
        legend: 'GDPR',
      },
    ];
    for (const { law, country, state, types, legend } of cases) {
      it(`offers ${law}'s types to a person in ${country}${state === undefined ? '' : `/${state}`}, and files the request under ${law}`, async () => {
        const query = new URLSearchParams({
          lang: 'en',
          country,
          ...(state === undefined ? {} : { state }),
        });
        const form = await get(`/privacy/request?${query.toString()}`);
        expect(form.statusCode, form.body).toBe(200);
        expect(offered(form.body)).toEqual(types);
        expect(form.body).toContain(`(${legend}`);
        const ownState = country === 'US' && state !== undefined ? state.toUpperCase() : undefined;
        if (ownState === undefined) {
          expect(form.body).not.toContain('name="state"');
        } else {
          expect(form.body).toContain(`<input type="hidden" name="state" value="${ownState}">`);
        }

        const email = person();
        const opened = await postForm('/privacy/request', {
          lang: 'en',
          country,
          ...(state === undefined ? {} : { state }),
          type: types[0] ?? '',
          email,
        });
        expect(opened.statusCode, opened.body).toBe(303);
        const id = /request\/([0-9a-f-]{36})\?/.exec(String(opened.headers['location']))?.[1];
        expect(await stored(id ?? '')).toEqual({ law, region: ownState ?? null });
      });
    }

    it('refuses a type the state’s law does not grant, and a state that is not a code', async () => {
      const correct = await postForm('/privacy/request', {
        lang: 'en',
        country: 'US',
        state: 'UT',
        type: 'correct',
        email: person(),
      });
      expect(correct.statusCode).toBe(422);
      expect(correct.body).toContain('role="alert"');
      const bad = await get('/privacy/request?lang=en&country=US&state=V1');
      expect(bad.statusCode).toBe(422);
      expect(bad.headers['content-type']).toMatch(/^text\/html/);
    });
  });

  describe('the access package on the status page', () => {
    it('offers the package only to the browser that typed the code, and sends it once by POST', async () => {
      const { id, cookie } = await confirmed({ country: 'BE', type: 'access' });
      expect(cookie).toMatch(/^__Secure-custodian_request=\d+\.[\w-]{43}$/);
      // The executor's part, as it leaves it: a sealed package and the request completed.
      const zip = zipSync({
        'data.json': strToU8('{"datastores":{}}'),
        'summary.html': strToU8('<p>'),
      });
      await storePackage(
        { db: store.db, secret, now: () => new Date(), actor: 'system' },
        { requestId: id, zip, expiresAt: new Date(Date.now() + 7 * 86_400_000) },
      );
      await store.db
        .updateTable('requests')
        .set({ status: 'completed' })
        .where('id', '=', id)
        .execute();

      // Another browser (no cookie) is told to use the mailed link; no download form.
      const stranger = await get(`/privacy/request/${id}?lang=en`);
      expect(stranger.statusCode).toBe(200);
      expect(stranger.body).toContain('<p id="package">Your data is ready. Open the download link');
      expect(stranger.body).not.toContain('/download"');
      const refused = await postForm(`/privacy/request/${id}/download`, { lang: 'en' });
      expect(refused.statusCode).toBe(404);
      expect(refused.headers['content-type']).toMatch(/^text\/html/);

      // The person's browser: a form that POSTs; opening the page twice spends nothing.
      const own = await get(`/privacy/request/${id}?lang=en`, { cookie });
      expect(own.body).toContain(`<form method="post" action="/privacy/request/${id}/download">`);
      expect(own.body).toMatch(/You can download it once, until \d{1,2} \w+ \d{4}\./);
      expect((await get(`/privacy/request/${id}?lang=en`, { cookie })).body).toContain(
        'id="download"',
      );

      // A forged cookie and another site's form are refused.
      const forged = await postForm(
        `/privacy/request/${id}/download`,
        { lang: 'en' },
        { ...SAME_ORIGIN, cookie: cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) },
      );
      expect(forged.statusCode).toBe(404);
      const crossSite = await postForm(
        `/privacy/request/${id}/download`,
        { lang: 'en' },
        { 'sec-fetch-site': 'cross-site', cookie },
      );
      expect(crossSite.statusCode).toBe(403);
      // Another request's page does not take this request's cookie.
      const other = await confirmed({ country: 'BE', type: 'access' });
      expect(
        (await postForm(`/privacy/request/${other.id}/download`, {}, { ...SAME_ORIGIN, cookie }))
          .statusCode,
      ).toBe(404);

      const download = await postForm(
        `/privacy/request/${id}/download`,
        { lang: 'en' },
        { ...SAME_ORIGIN, cookie },
      );
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('application/zip');
      const files = unzipSync(download.rawPayload);
      expect(Object.keys(files).sort()).toEqual(['data.json', 'summary.html']);
      expect(strFromU8(files['data.json'] ?? new Uint8Array())).toBe('{"datastores":{}}');
      // Recorded as downloaded once the zip went out: then it is gone.
      let again: LightMyRequestResponse | undefined;
      for (let attempt = 0; attempt < 500; attempt += 1) {
        again = await postForm(`/privacy/request/${id}/download`, {}, { ...SAME_ORIGIN, cookie });
        if (again.statusCode !== 409 && again.statusCode !== 200) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(again?.statusCode).toBe(404);
      const evidence = await store.db
        .selectFrom('evidence')
        .select('action')
        .where('action', '=', 'package.downloaded')
        .execute();
      expect(evidence.length).toBeGreaterThanOrEqual(1);
      expect((await get(`/privacy/request/${id}?lang=en`, { cookie })).body).not.toContain(
        'id="package"',
      );
    });
  });

  describe('appeals from the status page', () => {
    const operator = () => ({ map, secret, now: () => new Date(), actor: 'operator:test' });

    it('offers an appeal of a refusal under the VCDPA, opens it with the mailed code, and shows it with its 60-day due date', async () => {
      const { id, email } = await confirmed({ country: 'US', state: 'VA', type: 'delete' });
      const before = await get(`/privacy/request/${id}?lang=en`);
      expect(before.body).not.toContain('id="appeal"');
      await denyRequest(store.db, operator(), id, 'We could not match your account.');

      const refused = await get(`/privacy/request/${id}?lang=en`);
      expect(refused.body).toContain('<dd id="status">Refused</dd>');
      expect(refused.body).toContain(`<form method="post" action="/privacy/request/${id}/appeal">`);
      expect(refused.body).toContain('name="reason"');

      const empty = await postForm(`/privacy/request/${id}/appeal`, {
        lang: 'en',
        email,
        reason: '  ',
      });
      expect(empty.statusCode).toBe(422);
      const crossSite = await postForm(
        `/privacy/request/${id}/appeal`,
        { lang: 'en', email, reason: 'x' },
        { 'sec-fetch-site': 'cross-site' },
      );
      expect(crossSite.statusCode).toBe(403);

      const appealed = await postForm(`/privacy/request/${id}/appeal`, {
        lang: 'en',
        email,
        reason: 'I have an account with this address.',
      });
      expect(appealed.statusCode, appealed.body).toBe(303);
      const location = String(appealed.headers['location']);
      const appealId = /request\/([0-9a-f-]{36})\?lang=en$/.exec(location)?.[1] ?? '';
      expect(appealId).not.toBe(id);
      const waiting = await get(location);
      expect(waiting.body).toContain('Waiting for the code from the mail');
      const verified = await postForm(`/privacy/request/${appealId}/verify`, {
        lang: 'en',
        code: await code(email),
      });
      expect(verified.statusCode, verified.body).toBe(303);

      // Va. Code 59.1-578(C): within 60 days of receipt of the appeal.
      const appeal = await store.db
        .selectFrom('requests')
        .select(['law', 'received_at', 'due_at'])
        .where('id', '=', appealId)
        .executeTakeFirstOrThrow();
      expect(appeal.law).toBe('vcdpa');
      const due = endOfDay(addDays(utcDate(new Date(appeal.received_at)), 60));
      expect(new Date(appeal.due_at).toISOString()).toBe(due.toISOString());
      const dueText = new Intl.DateTimeFormat('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(due);

      const appealPage = await get(`/privacy/request/${appealId}?lang=en`);
      expect(appealPage.body).toContain(`href="/privacy/request/${id}?lang=en"`);
      expect(appealPage.body).toContain(`We will answer your appeal by ${dueText} at the latest.`);

      const after = await get(`/privacy/request/${id}?lang=en`);
      expect(after.body).toContain('You appealed this decision.');
      expect(after.body).toContain(`href="/privacy/request/${appealId}?lang=en"`);
      expect(after.body).toContain(
        `<p id="appeal-due">We will answer your appeal by ${dueText} at the latest.</p>`,
      );
      expect(after.body).not.toContain('name="reason"');
      expect(after.body).not.toContain(email);
    });

    it('offers no appeal of a refusal under the GDPR, which has none', async () => {
      const { id } = await confirmed({ country: 'BE', type: 'erasure' });
      await denyRequest(store.db, operator(), id, 'Kept under a legal obligation.');
      const page = await get(`/privacy/request/${id}?lang=en`);
      expect(page.body).toContain('<dd id="status">Refused</dd>');
      expect(page.body).not.toContain('id="appeal"');
    });
  });
});

describe('the privacy center under a path of the company’s domain', () => {
  let store: Store;
  let app: FastifyInstance;

  beforeAll(async () => {
    store = await freshStore('pglite');
    app = buildServer({
      store,
      map: await demoMap(),
      secret: await serverSecret(store.db),
      signingKey: await certificateSigningKey(store.db),
      requestRateLimit: false,
      mailLimits: { perEmail: false, total: false },
      publicUrl: 'https://www.example.com/privacy-center/',
      frameAncestors: ['https://www.example.com'],
    });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  /** A target under the public path, or another site's page or a mail address the notice names. */
  const own = (target: string): boolean =>
    target.startsWith('/privacy-center/privacy') ||
    target.startsWith('https://') ||
    target.startsWith('mailto:') ||
    target.startsWith('#');

  it('builds every link, form action and redirect from the public URL’s path', async () => {
    const pages: string[] = [];
    for (const url of [
      '/privacy',
      '/privacy/nl',
      '/privacy/request?lang=en',
      '/privacy/request?lang=en&country=US&state=VA',
      '/privacy/no/such/page',
    ]) {
      pages.push((await app.inject({ method: 'GET', url })).body);
    }
    const opened = await app.inject({
      method: 'POST',
      url: '/privacy/request',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://www.example.com',
      },
      payload: new URLSearchParams({
        lang: 'en',
        country: 'BE',
        type: 'access',
        email: person(),
      }).toString(),
    });
    expect(opened.statusCode, opened.body).toBe(303);
    const location = String(opened.headers['location']);
    expect(location).toMatch(/^\/privacy-center\/privacy\/request\/[0-9a-f-]{36}\?lang=en$/);
    const status = await app.inject({
      method: 'GET',
      url: location.slice('/privacy-center'.length),
    });
    expect(status.statusCode).toBe(200);
    pages.push(status.body);
    const id = /request\/([0-9a-f-]{36})/.exec(location)?.[1] ?? '';
    const wrong = await app.inject({
      method: 'POST',
      url: `/privacy/request/${id}/verify`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'lang=en&code=abc',
    });
    pages.push(wrong.body);

    for (const page of pages) {
      const found = targets(page);
      expect(found.length).toBeGreaterThan(0);
      expect(found.filter((target) => !own(target))).toEqual([]);
    }
    expect(pages[0]).toContain('<link rel="stylesheet" href="/privacy-center/privacy/style.css">');
    expect(status.body).toContain(`action="/privacy-center/privacy/request/${id}/verify"`);
  });

  it('links the unsubscribe pages to the center under the same path', async () => {
    const token = unsubscribeToken(await serverSecret(store.db), {
      subjectId: randomUUID(),
      purpose: 'newsletter',
      issuedAt: new Date(),
    });
    for (const url of [`/u/${token}`, '/u/not-a-token']) {
      const page = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(page.body).toContain(
        '<link rel="stylesheet" href="/privacy-center/privacy/style.css">',
      );
      // `action=""` posts back to the link itself, whatever path it came through.
      expect(targets(page.body).filter((target) => target !== '' && !own(target))).toEqual([]);
    }
  });

  it('lets the configured origins frame the center, and nobody else', async () => {
    const page = await app.inject({ method: 'GET', url: '/privacy/en' });
    expect(page.headers['content-security-policy']).toContain(
      'frame-ancestors https://www.example.com',
    );
    expect(page.headers['x-frame-options']).toBeUndefined();
  });

  it('takes only plain origins in CUSTODIAN_FRAME_ANCESTORS', () => {
    expect(frameAncestorsFromEnv(undefined)).toEqual([]);
    expect(frameAncestorsFromEnv('')).toEqual([]);
    expect(
      frameAncestorsFromEnv(
        'https://www.example.com, https://shop.example.com:8443/ http://localhost:3000',
      ),
    ).toEqual([
      'https://www.example.com',
      'https://shop.example.com:8443',
      'http://localhost:3000',
    ]);
    for (const bad of [
      '*',
      "'self'",
      'https://*.example.com',
      'https://www.example.com/path',
      'javascript:alert(1)',
      'www.example.com',
      'https://www.example.com;script-src *',
    ]) {
      expect(() => frameAncestorsFromEnv(bad), bad).toThrow(/CUSTODIAN_FRAME_ANCESTORS/);
    }
  });
});
