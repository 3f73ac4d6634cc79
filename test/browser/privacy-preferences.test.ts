import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccountToken } from '../../src/server/account-token.js';
import {
  freshBackend,
  startServer,
  type Backend,
  type ServerProcess,
} from '../durability/server-process.js';
import { CHROMIUM, withBrowser } from '../support/browser.js';
import { seriousViolations } from '../support/axe.js';

const SITE_KEY = 'pk_test_prefs001';
const SITE_SECRET = 'prefs-secret-0123456789abcdef0123456789abcdef';

/** A ledger state as POST /v1/consents/state answers it (the parts these tests read). */
interface LedgerState {
  purposes: { purpose: string; status: string }[];
  gpc: boolean;
  events: { purpose: string; kind: string; gpc: boolean; source: string }[];
}

/** What the shop's backend does: a token for its signed-in customer, valid ten minutes. */
function tokenFor(account: string): string {
  return signAccountToken(SITE_SECRET, SITE_KEY, account, new Date(Date.now() + 600_000));
}

/**
 * The preferences page in Chromium with JavaScript off, against a real `custodian serve` on
 * PostgreSQL; and `Custodian.identify` on a shop page of another origin.
 */
describe.skipIf(CHROMIUM === undefined)('privacy center preferences in Chromium', () => {
  let backend: Backend | undefined;
  let server: ServerProcess | undefined;
  let shop: Server | undefined;
  let shopOrigin = '';

  beforeAll(async () => {
    shop = createServer((request, response) => {
      const account = new URL(request.url ?? '/', 'http://shop').searchParams.get('account');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><html lang="en"><head><title>Shop</title>
<script src="${server?.url ?? ''}/sdk/custodian.js" data-site-key="${SITE_KEY}" defer></script>
<script>addEventListener('DOMContentLoaded', function () { Custodian.identify(${JSON.stringify(tokenFor(account ?? ''))}); });</script>
</head><body><main><h1>Shop</h1></main></body></html>`);
    });
    await new Promise<void>((resolve) => shop?.listen(0, '127.0.0.1', resolve));
    shopOrigin = `http://localhost:${(shop.address() as AddressInfo).port}`;
    backend = await freshBackend('postgres');
    server = await startServer(backend, {
      env: {
        CUSTODIAN_SITE_KEYS: `${SITE_KEY}=${shopOrigin}`,
        CUSTODIAN_SITE_SECRETS: `${SITE_KEY}=${SITE_SECRET}`,
      },
    });
  }, 120_000);

  afterAll(async () => {
    await server?.stop('SIGTERM');
    await backend?.cleanup();
    await new Promise((resolve) => shop?.close(resolve));
  });

  function running(): { url: string; backend: Backend; server: ServerProcess } {
    if (server === undefined || backend === undefined) throw new Error('the server did not start');
    return { url: server.url, backend, server };
  }

  async function ledgerOf(accountId: string): Promise<LedgerState> {
    const { url, backend: current } = running();
    const response = await fetch(`${url}/v1/consents/state`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${current.keys.consent}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ subject: { accountId } }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as LedgerState;
  }

  const statusOf = (state: LedgerState, purpose: string) =>
    state.purposes.find((entry) => entry.purpose === purpose)?.status;

  /** The ledger account of the browser's cookie. */
  async function browserAccount(context: BrowserContext): Promise<string> {
    const cookies = await context.cookies(running().url);
    const cookie = cookies.find((c) => c.name === '__Host-custodian_browser');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax' });
    return `banner-visitor:${cookie?.value ?? ''}`;
  }

  const stateShown = (page: Page, purpose: string) =>
    page.getAttribute(`#p-${purpose}`, 'data-state');

  it('turns a consent on and off with script off, kept for the browser across visits', async () => {
    const { url } = running();
    const origins = new Set<string>();
    await withBrowser(
      async (context) => {
        const page = await context.newPage();
        page.on('request', (request) => origins.add(new URL(request.url()).origin));
        await page.goto(`${url}/privacy/en`);
        await page.getByRole('link', { name: 'Your preferences' }).click();
        expect(page.url()).toBe(`${url}/privacy/en/preferences`);
        expect(await stateShown(page, 'website-analytics')).toBe('off');

        await page.locator('#p-website-analytics button').click();
        expect(await page.textContent('#saved')).toBe('Your choice is saved.');
        expect(await stateShown(page, 'website-analytics')).toBe('on');
        await page.goto(`${url}/privacy/en/preferences`);
        expect(await stateShown(page, 'website-analytics')).toBe('on');
        const account = await browserAccount(context);
        expect(statusOf(await ledgerOf(account), 'website-analytics')).toBe('granted');

        // GDPR Art. 7(3): off with one click too.
        await page.getByRole('button', { name: 'Turn off' }).first().click();
        await page.goto(`${url}/privacy/en/preferences`);
        expect(await stateShown(page, 'website-analytics')).toBe('off');
        const ledger = await ledgerOf(account);
        expect(statusOf(ledger, 'website-analytics')).toBe('denied');

        // GDPR Art. 21(1): an objection to a legitimate interest.
        await page.locator('#p-website-operation button').click();
        expect(await stateShown(page, 'website-operation')).toBe('objected');
      },
      { javaScriptEnabled: false },
    );
    expect([...origins]).toEqual([url]);
  }, 120_000);

  it('honours a GPC signal: says so, shows newsletters off, records the opt-out', async () => {
    const { url } = running();
    await withBrowser(
      async (context) => {
        const page = await context.newPage();
        await page.goto(`${url}/privacy/en/preferences`);
        expect(await page.textContent('#gpc')).toMatch(
          /Global Privacy Control.*switched off: Newsletters and marketing communications\./,
        );
        expect(await stateShown(page, 'newsletter')).toBe('off');
        await page.locator('#p-website-personalisation button').click();
        const ledger = await ledgerOf(await browserAccount(context));
        expect(ledger.gpc).toBe(true);
        expect(statusOf(ledger, 'newsletter')).toBe('denied');
        expect(ledger.events.find((e) => e.purpose === 'newsletter')).toMatchObject({
          kind: 'denied',
          gpc: true,
          source: 'privacy-center',
        });
      },
      { javaScriptEnabled: false, extraHeaders: { 'Sec-GPC': '1' } },
    );
  }, 120_000);

  it('shows and changes the account a site signed for, and Custodian.identify records for it', async () => {
    const { url, server: running_ } = running();
    const token = tokenFor('shop-account-501');
    await withBrowser(
      async (context) => {
        const page = await context.newPage();
        await page.goto(`${url}/privacy/en/preferences?account=${token}`);
        expect(await page.textContent('main')).toContain(
          'These are the choices recorded for your account.',
        );
        await page.locator('#p-website-personalisation button').click();
        expect(await stateShown(page, 'website-personalisation')).toBe('on');
        expect(await context.cookies(url)).toEqual([]);
      },
      { javaScriptEnabled: false },
    );
    expect(statusOf(await ledgerOf('shop-account-501'), 'website-personalisation')).toBe('granted');
    expect(running_.output()).not.toContain(token.split('.')[4] ?? 'no signature');

    await withBrowser(async (context) => {
      const page = await context.newPage();
      await page.goto(`${shopOrigin}/?account=shop-account-502`);
      await page.getByRole('dialog').waitFor({ timeout: 20_000 });
      const recorded = page.waitForResponse((r) => r.url().endsWith('/v1/public/consent'));
      await page.getByRole('button', { name: 'Reject all' }).click();
      const answer = await recorded;
      // The body of a keepalive fetch is not readable here: the ledger below is the proof.
      expect(answer.status()).toBe(201);
      // Signed in later with a choice already made: identify records it for the account at once.
      const synced = page.waitForResponse((r) => r.url().endsWith('/v1/public/consent'));
      await page.goto(`${shopOrigin}/?account=shop-account-503`);
      expect((await synced).status()).toBe(201);
    });
    const account = await ledgerOf('shop-account-502');
    expect(statusOf(account, 'website-analytics')).toBe('denied');
    expect(account.events.every((e) => e.source === 'consent-banner')).toBe(true);
    expect(statusOf(await ledgerOf('shop-account-503'), 'website-analytics')).toBe('denied');
  }, 120_000);

  it('finds no serious or critical accessibility violation on the preferences pages', async () => {
    const { url } = running();
    const found = await withBrowser(
      async (context) => {
        const page = await context.newPage();
        const out: Record<string, string[]> = {};
        for (const path of ['/privacy/en/preferences', '/privacy/fr/preferences']) {
          await page.goto(`${url}${path}`);
          out[path] = await seriousViolations(page);
        }
        return out;
      },
      { bypassCSP: true, extraHeaders: { 'Sec-GPC': '1' } },
    );
    for (const violations of Object.values(found)) expect(violations).toEqual([]);
  }, 120_000);
});
