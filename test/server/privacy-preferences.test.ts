import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustodianError } from '../../src/errors.js';
import { consentState, type ConsentState, type SubjectRef } from '../../src/ledger/index.js';
import type { DataMap } from '../../src/map/index.js';
import { buildServer } from '../../src/server/index.js';
import { signAccountToken, verifyAccountToken } from '../../src/server/account-token.js';
import { BANNER_RATE_LIMIT } from '../../src/server/banner-routes.js';
import { BROWSER_COOKIE } from '../../src/server/privacy-preferences.js';
import { siteKeysFromEnv, siteSecretsFromEnv } from '../../src/server/site-keys.js';
import { certificateSigningKey, serverSecret, type Store } from '../../src/store/index.js';
import { eachTarget, freshStore } from '../support/stores.js';
import { demoMap, LogCapture } from './helpers.js';

const SHOP = 'https://shop.example.com';
const SHOP_KEY = 'pk_shop_2f8a9c1d';
const BLOG_KEY = 'pk_blog_77e0b3aa';
const SHOP_SECRET = 'shop-secret-0123456789abcdef0123456789abcdef';
const BLOG_SECRET = 'blog-secret-0123456789abcdef0123456789abcdef';
const SAME = { origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' };
const URL_EN = '/privacy/en/preferences';

describe('CUSTODIAN_SITE_SECRETS', () => {
  const keys = siteKeysFromEnv(`${SHOP_KEY}=${SHOP};${BLOG_KEY}=https://blog.example.com`);
  it('reads a signing secret per site key', () => {
    const secrets = siteSecretsFromEnv(` ${SHOP_KEY}=${SHOP_SECRET} `, keys);
    expect(secrets.get(SHOP_KEY)?.toString()).toBe(SHOP_SECRET);
    expect(secrets.has(BLOG_KEY)).toBe(false);
    expect(siteSecretsFromEnv(undefined, keys).size).toBe(0);
  });
  it.each([
    ['a key that is not a site key', `pk_other_12345678=${SHOP_SECRET}`],
    ['a short secret', `${SHOP_KEY}=short`],
    ['the publishable key as secret', `${SHOP_KEY}=${BLOG_KEY}`],
    ['a pk_ secret', `${SHOP_KEY}=pk_${SHOP_SECRET}`],
    ['no secret', SHOP_KEY],
  ])('refuses %s', (_name, value) => {
    expect(() => siteSecretsFromEnv(value, keys)).toThrow(CustodianError);
  });
});

describe('account tokens', () => {
  const secrets = new Map([
    [SHOP_KEY, Buffer.from(SHOP_SECRET)],
    [BLOG_KEY, Buffer.from(BLOG_SECRET)],
  ]);
  const now = new Date('2026-03-02T10:00:00Z');
  const in10 = new Date(now.getTime() + 600_000);
  const code = (f: () => unknown): string => {
    try {
      f();
    } catch (error) {
      return `${(error as CustodianError).code}: ${(error as Error).message}`;
    }
    return 'verified';
  };

  it('names the account of a token its site signed, until it expires', () => {
    const token = signAccountToken(SHOP_SECRET, SHOP_KEY, 'acct-ü-42', in10);
    expect(token).not.toContain('acct');
    expect(verifyAccountToken(secrets, token, now)).toEqual({
      siteKey: SHOP_KEY,
      accountId: 'acct-ü-42',
    });
    expect(code(() => verifyAccountToken(secrets, token, in10))).toBe(
      'account_token.invalid: The account token has expired.',
    );
  });

  it('refuses a token altered, signed by another site, or living longer than an hour', () => {
    const token = signAccountToken(SHOP_SECRET, SHOP_KEY, 'acct-42', in10);
    const parts = token.split('.');
    const otherAccount = [...parts];
    otherAccount[2] = Buffer.from('acct-43').toString('base64url');
    const later = [...parts];
    later[3] = String(Number(parts[3]) + 60);
    const claimsBlog = signAccountToken(SHOP_SECRET, BLOG_KEY, 'acct-42', in10);
    const long = signAccountToken(
      SHOP_SECRET,
      SHOP_KEY,
      'acct-42',
      new Date(now.getTime() + 7_200_000),
    );
    for (const bad of [
      otherAccount.join('.'),
      later.join('.'),
      `${token.slice(0, -2)}AA`,
      claimsBlog,
      signAccountToken(SHOP_SECRET, 'pk_other_12345678', 'acct-42', in10),
      `v2.${token.slice(3)}`,
      token.replaceAll('.', '..'),
      '',
      'x'.repeat(700),
    ]) {
      expect(code(() => verifyAccountToken(secrets, bad, now))).toMatch(/^account_token\.invalid/);
    }
    expect(code(() => verifyAccountToken(secrets, long, now))).toMatch(/longer than an hour/);
    // The banner's own key: a shop token is not the blog's.
    expect(code(() => verifyAccountToken(secrets, token, now, BLOG_KEY))).toMatch(
      /^account_token\.invalid/,
    );
  });
});

eachTarget('privacy center preferences on $target', ({ target }) => {
  let store: Store;
  let app: FastifyInstance;
  let map: DataMap;
  let secret: Buffer;
  const log = new LogCapture();
  // Each reading of the clock is a second later: the ledger's order is the clock's.
  let instant = new Date('2026-03-02T10:00:00Z').getTime();
  // Frozen, it stands still: a rate limit's window cannot end in the middle of a test.
  let frozen = false;
  const clock = (): Date => new Date(frozen ? instant : (instant += 1000));

  beforeAll(async () => {
    store = await freshStore(target);
    map = await demoMap();
    secret = await serverSecret(store.db);
    const siteKeys = siteKeysFromEnv(`${SHOP_KEY}=${SHOP};${BLOG_KEY}=https://blog.example.com`);
    app = buildServer({
      store,
      map,
      secret,
      signingKey: await certificateSigningKey(store.db),
      siteKeys,
      siteSecrets: siteSecretsFromEnv(
        `${SHOP_KEY}=${SHOP_SECRET};${BLOG_KEY}=${BLOG_SECRET}`,
        siteKeys,
      ),
      logger: log,
      requestRateLimit: false,
      clock,
    });
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });
  const post = (
    fields: Record<string, string>,
    headers: Record<string, string> = {},
    url = URL_EN,
  ) =>
    app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME, ...headers },
      payload: new URLSearchParams({ lang: 'en', ...fields }).toString(),
    });
  const state = (subject: SubjectRef): Promise<ConsentState> =>
    consentState(store.db, { map, secret, now: clock, actor: 'test' }, subject);
  const statusOf = (s: ConsentState, purpose: string) =>
    s.purposes.find((p) => p.purpose === purpose)?.status;
  const token = (account: string, key = SHOP_KEY, keySecret = SHOP_SECRET, seconds = 600) =>
    signAccountToken(keySecret, key, account, new Date(instant + seconds * 1000));
  /** The state shown for a purpose: `on`, `off`, `active` or `objected`. */
  const shown = (response: LightMyRequestResponse, purpose: string): string | undefined =>
    new RegExp(`id="p-${purpose}" data-state="(\\w+)"`).exec(response.body)?.[1];

  function expectPage(response: LightMyRequestResponse, status: number): void {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(String(response.headers['content-security-policy'])).toContain("default-src 'none'");
    expect(response.body).not.toContain('<script');
  }

  /** A browser's first choice: the cookie it was given, and the subject it names. */
  async function newBrowser(): Promise<{ cookie: string; subject: SubjectRef }> {
    const first = await post({ purpose: 'website-analytics', choice: 'denied' });
    expectPage(first, 200);
    const id = /__Host-custodian_browser=([\w-]+);/.exec(String(first.headers['set-cookie']))?.[1];
    if (id === undefined) throw new Error('no browser cookie');
    return { cookie: `${BROWSER_COOKIE}=${id}`, subject: { accountId: `banner-visitor:${id}` } };
  }

  it('shows consent toggles, objections with the balancing summary, and changes nothing', async () => {
    const before = await store.db.selectFrom('ledger_events').select('id').execute();
    const page = await get(URL_EN);
    expectPage(page, 200);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.body).toContain('<h1>Your privacy preferences</h1>');
    for (const purpose of map.purposes.filter((p) => p.legalBasis === 'consent')) {
      expect(shown(page, purpose.id)).toBe('off');
    }
    expect(page.body).toContain('name="choice" value="granted"');
    // GDPR Art. 21(1) with the map's balancing test, for every legitimate-interest purpose.
    for (const purpose of map.purposes.filter((p) => p.legalBasis === 'legitimate-interests')) {
      expect(shown(page, purpose.id)).toBe('active');
      const balancing = purpose.legitimateInterest?.balancing;
      const text = typeof balancing === 'string' ? balancing : (balancing?.['en'] ?? '');
      expect(text).not.toBe('');
      expect(page.body).toContain(
        text.replaceAll('&', '&amp;').replaceAll("'", '&#39;').slice(0, 40),
      );
    }
    expect(page.body).toContain('name="choice" value="object"');
    expect(page.body).not.toContain('id="gpc"');
    const german = await get('/privacy/de/preferences');
    expectPage(german, 200);
    expect(german.body).toContain('Ihre Datenschutz-Einstellungen');
    expectPage(await get('/privacy/xx/preferences'), 404);
    const after = await store.db.selectFrom('ledger_events').select('id').execute();
    expect(after.length).toBe(before.length);
  });

  it('keeps an anonymous browser’s choices under its cookie: give, then withdraw as easily', async () => {
    const first = await post({ purpose: 'website-analytics', choice: 'granted' });
    expectPage(first, 200);
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(
      /^__Host-custodian_browser=[\w-]{36}; Path=\/; Secure; HttpOnly; SameSite=Lax; Max-Age=\d+$/,
    );
    expect(first.body).toContain('Your choice is saved.');
    expect(shown(first, 'website-analytics')).toBe('on');
    const id = /=([\w-]+);/.exec(cookie)?.[1] ?? '';
    const subject = { accountId: `banner-visitor:${id}` };
    expect(statusOf(await state(subject), 'website-analytics')).toBe('granted');

    const again = await get(URL_EN, { cookie: `${BROWSER_COOKIE}=${id}` });
    expect(shown(again, 'website-analytics')).toBe('on');
    // Another browser sees its own state, not this one's.
    expect(shown(await get(URL_EN), 'website-analytics')).toBe('off');

    // GDPR Art. 7(3): one click off, as one click on.
    const off = await post(
      { purpose: 'website-analytics', choice: 'denied' },
      { cookie: `${BROWSER_COOKIE}=${id}` },
    );
    expectPage(off, 200);
    expect(off.headers['set-cookie']).toBeUndefined();
    expect(shown(off, 'website-analytics')).toBe('off');
    const ledger = await state(subject);
    expect(statusOf(ledger, 'website-analytics')).toBe('denied');
    expect(ledger.events.map((e) => [e.purpose, e.kind, e.source])).toEqual([
      ['website-analytics', 'granted', 'privacy-center'],
      ['website-analytics', 'denied', 'privacy-center'],
    ]);
    // A cookie that is no id of ours is not used: a new one is given.
    const forged = await post(
      { purpose: 'website-analytics', choice: 'granted' },
      { cookie: `${BROWSER_COOKIE}=../../x` },
    );
    expect(String(forged.headers['set-cookie'])).not.toContain('../../x');
  });

  it('records an objection to a legitimate interest, and to direct marketing as absolute', async () => {
    const { cookie, subject } = await newBrowser();
    const objected = await post({ purpose: 'website-operation', choice: 'object' }, { cookie });
    expectPage(objected, 200);
    expect(shown(objected, 'website-operation')).toBe('objected');
    expect(objected.body).toContain('You objected on 2 March 2026.');
    expect((await state(subject)).objections.map((o) => o.purpose)).toEqual(['website-operation']);

    // GDPR Art. 21(2)-(3): turning direct marketing off is an objection too.
    await post({ purpose: 'newsletter', choice: 'granted' }, { cookie });
    const off = await post({ purpose: 'newsletter', choice: 'denied' }, { cookie });
    expect(shown(off, 'newsletter')).toBe('off');
    expect(off.body).toContain('when you object, we stop, without exception');
    const ledger = await state(subject);
    expect(statusOf(ledger, 'newsletter')).toBe('denied');
    expect(ledger.objections.map((o) => o.purpose).sort()).toEqual([
      'newsletter',
      'website-operation',
    ]);
    // Turning it on again is a new grant, which lifts that objection (seed 001).
    await post({ purpose: 'newsletter', choice: 'granted' }, { cookie });
    expect((await state(subject)).objections.map((o) => o.purpose)).toEqual(['website-operation']);
  });

  it('honours Sec-GPC: says so, shows sale and sharing off, and records it with a choice', async () => {
    const { cookie, subject } = await newBrowser();
    await post({ purpose: 'newsletter', choice: 'granted' }, { cookie });
    const plain = await get(URL_EN, { cookie });
    expect(shown(plain, 'newsletter')).toBe('on');

    const gpc = await get(URL_EN, { cookie, 'sec-gpc': '1' });
    expectPage(gpc, 200);
    expect(gpc.body).toMatch(
      /<p class="gpc" id="gpc" role="note">Your browser sends a Global Privacy Control signal, and we honour it [^<]*It switched off: Newsletters and marketing communications\.<\/p>/,
    );
    expect(shown(gpc, 'newsletter')).toBe('off');
    expect(shown(gpc, 'website-personalisation')).toBe('off');
    // Opening the page records nothing.
    expect(statusOf(await state(subject), 'newsletter')).toBe('granted');

    // A choice made under the signal records the signal's opt-out with it, flagged GPC.
    await post(
      { purpose: 'website-personalisation', choice: 'granted' },
      { cookie, 'sec-gpc': '1' },
    );
    let ledger = await state(subject);
    expect(ledger.gpc).toBe(true);
    expect(statusOf(ledger, 'newsletter')).toBe('denied');
    expect(statusOf(ledger, 'website-personalisation')).toBe('granted');
    expect(ledger.events.at(-1)).toMatchObject({ gpc: true, source: 'privacy-center' });

    // 11 CCR 7025(c)(3): a later explicit choice wins over the signal.
    const explicit = await post(
      { purpose: 'newsletter', choice: 'granted' },
      { cookie, 'sec-gpc': '1' },
    );
    expect(shown(explicit, 'newsletter')).toBe('on');
    ledger = await state(subject);
    expect(statusOf(ledger, 'newsletter')).toBe('granted');
    await post({ purpose: 'website-analytics', choice: 'granted' }, { cookie, 'sec-gpc': '1' });
    expect(statusOf(await state(subject), 'newsletter')).toBe('granted');
  });

  it('shows and changes the state of the account a site signed for, and never logs its token', async () => {
    const account: SubjectRef = { accountId: 'shop-account-1042' };
    const signed = token('shop-account-1042');
    const page = await get(`${URL_EN}?account=${signed}`);
    expectPage(page, 200);
    expect(page.body).toContain('These are the choices recorded for your account.');
    expect(page.body).toContain(`name="account" value="${signed}"`);
    // The language links do not carry the token on.
    expect(page.body).not.toContain(`/privacy/de/preferences?account`);

    const on = await post({ purpose: 'website-analytics', choice: 'granted', account: signed });
    expectPage(on, 200);
    expect(on.headers['set-cookie']).toBeUndefined();
    expect(shown(on, 'website-analytics')).toBe('on');
    expect(statusOf(await state(account), 'website-analytics')).toBe('granted');
    const back = await get(`${URL_EN}?account=${signed}`);
    expect(shown(back, 'website-analytics')).toBe('on');
    // The account's state is the one the API reads, and not a browser's.
    expect(shown(await get(URL_EN), 'website-analytics')).toBe('off');

    expect(log.text).toContain('/privacy/:lang/preferences');
    expect(log.text).not.toContain(signed.split('.')[4] ?? 'no signature');
    expect(log.text).not.toContain('shop-account-1042');
  });

  it('refuses an expired, altered or foreign token with a page that says so', async () => {
    const expired = token('shop-account-1042', SHOP_KEY, SHOP_SECRET, -5);
    const parts = token('shop-account-1042').split('.');
    parts[2] = Buffer.from('shop-account-1043').toString('base64url');
    const tampered = parts.join('.');
    const foreign = token('shop-account-1042', SHOP_KEY, BLOG_SECRET);
    for (const bad of [expired, tampered, foreign]) {
      const page = await get(`${URL_EN}?account=${bad}`);
      expectPage(page, 401);
      expect(page.body).toContain('This link is not valid or has expired');
      const change = await post({ purpose: 'website-analytics', choice: 'granted', account: bad });
      expectPage(change, 401);
    }
    expect(statusOf(await state({ accountId: 'shop-account-1043' }), 'website-analytics')).toBe(
      undefined,
    );
    expect((await get(`${URL_EN}?account=${expired}`)).body).toContain(
      'The account token has expired.',
    );
  });

  it('refuses a change posted from another site, before anything is recorded', async () => {
    const account: SubjectRef = { accountId: 'shop-account-77' };
    const signed = token('shop-account-77');
    for (const headers of [
      { origin: 'https://evil.example.com', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example.com', 'sec-fetch-site': '' },
      { origin: 'null', 'sec-fetch-site': '' },
    ]) {
      const refused = await post(
        { purpose: 'website-analytics', choice: 'granted', account: signed },
        headers,
      );
      expectPage(refused, 403);
      expect(refused.headers['set-cookie']).toBeUndefined();
    }
    expect((await state(account)).events).toEqual([]);
  });

  it('answers bad forms with a readable 4xx page', async () => {
    const { cookie } = await newBrowser();
    const cases: [Record<string, string>, number][] = [
      [{ choice: 'granted' }, 400],
      [{ purpose: 'website-analytics', choice: 'maybe' }, 400],
      [{ purpose: 'website-analytics', choice: 'granted', account: 'x'.repeat(700) }, 400],
      [{ purpose: 'no-such-purpose', choice: 'granted' }, 422],
      // GDPR Art. 6(1)(a): no consent toggle for a legitimate interest...
      [{ purpose: 'website-operation', choice: 'granted' }, 422],
      // ...and Art. 21 gives no objection to a contract.
      [{ purpose: 'product-enquiries', choice: 'object' }, 422],
    ];
    for (const [fields, status] of cases) {
      const response = await post(fields, { cookie });
      expectPage(response, status);
      expect(response.body).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
    const json = await app.inject({
      method: 'POST',
      url: URL_EN,
      headers: { 'content-type': 'application/json', ...SAME },
      payload: '{"purpose":"website-analytics","choice":"granted"}',
    });
    expect(json.statusCode).toBeGreaterThanOrEqual(400);
    expect(json.statusCode).toBeLessThan(500);
  });

  it('limits changes per client network', async () => {
    frozen = true;
    try {
      let last: LightMyRequestResponse | undefined;
      for (let call = 0; call <= BANNER_RATE_LIMIT.max; call += 1) {
        last = await app.inject({
          method: 'POST',
          url: URL_EN,
          remoteAddress: '192.0.2.9',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME },
          payload: 'lang=en&purpose=no-such-purpose&choice=granted',
        });
        if (call < BANNER_RATE_LIMIT.max) expect(last.statusCode).toBe(422);
      }
      if (last === undefined) throw new Error('no answer');
      expectPage(last, 429);
      expect(last.headers['retry-after']).toBeDefined();
    } finally {
      frozen = false;
    }
  });

  it('records a banner choice for the account Custodian.identify named, or for the visitor only', async () => {
    const consent = (accountToken: string, visitorId: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/public/consent',
        headers: { 'content-type': 'application/json', origin: SHOP },
        payload: JSON.stringify({
          siteKey: SHOP_KEY,
          visitorId,
          choices: [{ purpose: 'website-personalisation', granted: true }],
          noticeVersion: map.notice.version,
          accountToken,
        }),
      });
    const ok = await consent(token('shop-account-9'), 'visitor-identify-000001');
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json<{ account: string }>().account).toBe('recorded');
    expect(statusOf(await state({ accountId: 'shop-account-9' }), 'website-personalisation')).toBe(
      'granted',
    );
    expect(
      statusOf(
        await state({ accountId: 'banner-visitor:visitor-identify-000001' }),
        'website-personalisation',
      ),
    ).toBe('granted');

    // A blog token on the shop's banner, or an expired one: the visitor's choice is kept, the
    // account's is not written.
    for (const bad of [
      token('shop-account-10', BLOG_KEY, BLOG_SECRET),
      token('shop-account-10', SHOP_KEY, SHOP_SECRET, -1),
    ]) {
      const refused = await consent(bad, 'visitor-identify-000002');
      expect(refused.statusCode).toBe(201);
      expect(refused.json<{ account: string }>().account).toBe('refused');
    }
    expect((await state({ accountId: 'shop-account-10' })).events).toEqual([]);
    expect(
      statusOf(
        await state({ accountId: 'banner-visitor:visitor-identify-000002' }),
        'website-personalisation',
      ),
    ).toBe('granted');
  });
});
