import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustodianError } from '../../src/errors.js';
import { consentState } from '../../src/ledger/index.js';
import type { DataMap } from '../../src/map/index.js';
import { buildServer } from '../../src/server/index.js';
import { BANNER_RATE_LIMIT, consentVersionOf } from '../../src/server/banner-routes.js';
import { siteKeysFromEnv } from '../../src/server/site-keys.js';
import { certificateSigningKey, serverSecret, type Store } from '../../src/store/index.js';
import { freshStore } from '../support/stores.js';
import { demoMap } from './helpers.js';

const SHOP = 'https://shop.example.com';
const KEY = 'pk_shop_2f8a9c1d';

describe('CUSTODIAN_SITE_KEYS', () => {
  it('reads keys and their origins', () => {
    const keys = siteKeysFromEnv(
      ` ${KEY}=${SHOP}, https://www.shop.example.com ; pk_blog_77e0b3aa=http://localhost:8081`,
    );
    expect([...keys]).toEqual([
      [KEY, [SHOP, 'https://www.shop.example.com']],
      ['pk_blog_77e0b3aa', ['http://localhost:8081']],
    ]);
    expect(siteKeysFromEnv(undefined).size).toBe(0);
  });

  it.each([
    ['a key without pk_', `shop123456=${SHOP}`],
    ['a key too short', `pk_abc=${SHOP}`],
    ['a key without origins', KEY],
    ['an origin with a path', `${KEY}=${SHOP}/shop`],
    ['an origin that is no URL', `${KEY}=shop.example.com`],
    ['an origin of another scheme', `${KEY}=ftp://shop.example.com`],
  ])('refuses %s', (_name, value) => {
    expect(() => siteKeysFromEnv(value)).toThrow(CustodianError);
  });
});

describe('the consent fingerprint the banner re-asks on', () => {
  // GDPR Art. 7(1): consent to what was shown. A notice change elsewhere keeps it; a change to a
  // consent purpose asks again.
  it('changes with a consent purpose, not with the notice version or other purposes', async () => {
    const map = await demoMap();
    const base = consentVersionOf(map);
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    expect(consentVersionOf(structuredClone(map))).toBe(base);

    const bumped = structuredClone(map);
    bumped.notice.version = `${map.notice.version}-b`;
    const other = bumped.purposes.find((purpose) => purpose.legalBasis !== 'consent');
    expect(other).toBeDefined();
    if (other) other.name = { en: 'Renamed purpose on another basis' };
    expect(consentVersionOf(bumped)).toBe(base);

    const changed = structuredClone(map);
    const consent = changed.purposes.find((purpose) => purpose.legalBasis === 'consent');
    expect(consent).toBeDefined();
    if (consent) consent.description = { en: 'Also measuring our campaigns.' };
    expect(consentVersionOf(changed)).not.toBe(base);
  });
});

describe('the consent banner routes', () => {
  let store: Store;
  let app: FastifyInstance;
  let map: DataMap;
  let secret: Buffer;
  beforeAll(async () => {
    store = await freshStore('pglite');
    map = await demoMap();
    secret = await serverSecret(store.db);
    app = buildServer({
      store,
      map,
      secret,
      signingKey: await certificateSigningKey(store.db),
      siteKeys: siteKeysFromEnv(`${KEY}=${SHOP}`),
      // One instant: the rate limit's window cannot end in the middle of a test.
      clock: () => new Date('2026-03-02T10:00:30Z'),
    });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const record = (
    body: Record<string, unknown>,
    headers: Record<string, string> = { origin: SHOP },
  ) =>
    app.inject({
      method: 'POST',
      url: '/v1/public/consent',
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify({
        siteKey: KEY,
        visitorId: 'visitor-0000000000000001',
        choices: [{ purpose: 'website-analytics', granted: false }],
        noticeVersion: map.notice.version,
        ...body,
      }),
    });

  it('serves the SDK as JavaScript', async () => {
    const response = await app.inject({ method: 'GET', url: '/sdk/custodian.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/javascript/);
    expect(response.body).toContain('/v1/public/consent');
  });

  it('gives the consent purposes in the visitor’s language, and nothing else', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/v1/public/banner?siteKey=${KEY}&lang=nl-BE`,
      headers: { origin: SHOP },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(SHOP);
    const body = response.json<{
      language: string;
      noticeVersion: string;
      purposes: { id: string; name: string; gpcOptOut: boolean }[];
      labels: Record<string, string>;
    }>();
    expect(body.language).toBe('nl');
    expect(body.noticeVersion).toBe(map.notice.version);
    // GDPR Art. 6(1)(a): only purposes based on consent are asked.
    const consent = map.purposes.filter((purpose) => purpose.legalBasis === 'consent');
    expect(body.purposes.map((purpose) => purpose.id)).toEqual(consent.map((p) => p.id));
    expect(body.labels['rejectAll']).toBe('Alles weigeren');
    // Direct marketing is what GPC opts out of under the map's US laws (11 CCR 7025).
    expect(body.purposes.find((p) => p.id === 'newsletter')?.gpcOptOut).toBe(true);
    expect(body.purposes.find((p) => p.id === 'website-analytics')?.gpcOptOut).toBe(false);
  });

  it('refuses an unknown site key and another origin', async () => {
    const unknown = await app.inject({
      method: 'GET',
      url: '/v1/public/banner?siteKey=pk_nosuchkey1',
      headers: { origin: SHOP },
    });
    expect(unknown.statusCode).toBe(403);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.json<{ code: string }>().code).toBe('site_key.unknown');
    const foreign = await app.inject({
      method: 'GET',
      url: `/v1/public/banner?siteKey=${KEY}`,
      headers: { origin: 'https://evil.example.com' },
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    expect((await record({}, { origin: 'https://evil.example.com' })).statusCode).toBe(403);
    // A POST without Origin is not a page of the site.
    const bare = await record({}, {});
    expect(bare.statusCode).toBe(403);
    expect(bare.json<{ code: string }>().code).toBe('site_key.origin_not_allowed');
  });

  it('answers preflights of the site key’s origins only', async () => {
    const preflight = (origin: string) =>
      app.inject({
        method: 'OPTIONS',
        url: '/v1/public/consent',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    expect((await preflight(SHOP)).headers['access-control-allow-origin']).toBe(SHOP);
    const other = await preflight('https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('records the choices with the GPC flag', async () => {
    const response = await record(
      {
        visitorId: 'visitor-0000000000000002',
        choices: [
          { purpose: 'website-analytics', granted: true },
          { purpose: 'newsletter', granted: false },
        ],
      },
      { origin: SHOP, 'sec-gpc': '1' },
    );
    expect(response.statusCode).toBe(201);
    expect(response.json<{ recorded: boolean }>().recorded).toBe(true);
    const state = await consentState(
      store.db,
      { map, secret, now: () => new Date(), actor: 'test' },
      { accountId: 'banner-visitor:visitor-0000000000000002' },
    );
    expect(state.gpc).toBe(true);
    expect(state.purposes.map((p) => [p.purpose, p.status]).sort()).toEqual([
      ['newsletter', 'denied'],
      ['website-analytics', 'granted'],
    ]);
    expect(state.events.every((event) => event.gpc && event.source === 'consent-banner')).toBe(
      true,
    );
  });

  it('refuses a purpose not based on consent, a bad visitor id and a large body', async () => {
    const contract = await record({ choices: [{ purpose: 'website-operation', granted: true }] });
    expect(contract.statusCode).toBe(422);
    expect(contract.json<{ code: string }>().code).toBe('consent.not_consent_basis');
    expect((await record({ visitorId: 'ana@example.com' })).statusCode).toBe(400);
    const large = await record({ padding: 'x'.repeat(5000) });
    expect(large.statusCode).toBe(413);
  });

  it('limits calls per client network', async () => {
    // The limit counts before the ledger is written: unknown purposes cost no transaction.
    let last = 0;
    for (let call = 0; call <= BANNER_RATE_LIMIT.max; call += 1) {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/public/consent',
        remoteAddress: '192.0.2.7',
        headers: { 'content-type': 'application/json', origin: SHOP },
        payload: JSON.stringify({
          siteKey: KEY,
          visitorId: 'visitor-0000000000000003',
          choices: [{ purpose: 'no-such-purpose', granted: true }],
          noticeVersion: '1',
        }),
      });
      last = response.statusCode;
      if (call < BANNER_RATE_LIMIT.max) expect(last).toBe(422);
      else expect(response.headers['retry-after']).toBeDefined();
    }
    expect(last).toBe(429);
  });
});
