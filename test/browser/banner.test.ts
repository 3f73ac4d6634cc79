import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshBackend,
  startServer,
  type Backend,
  type ServerProcess,
} from '../durability/server-process.js';
import { CHROMIUM, withBrowser } from '../support/browser.js';

/**
 * The consent banner end to end: a shop page on one local origin embeds the SDK from a real
 * `custodian serve` on PostgreSQL (another origin), and Chromium clicks through it.
 */

const SITE_KEY = 'pk_test_shop0001';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A ledger state as POST /v1/consents/state answers it (the parts these tests read). */
interface LedgerState {
  purposes: { purpose: string; status: string }[];
  gpc: boolean;
  events: { purpose: string; kind: string; gpc: boolean; source: string }[];
}

describe.skipIf(CHROMIUM === undefined)('the consent banner in Chromium', () => {
  let backend: Backend | undefined;
  let server: ServerProcess | undefined;
  let shop: Server | undefined;
  let shopOrigin = '';

  beforeAll(async () => {
    shop = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(shopPage(server?.url ?? ''));
    });
    await new Promise<void>((resolve) => shop?.listen(0, '127.0.0.1', resolve));
    // Another origin than the server's 127.0.0.1: the name, and another port.
    shopOrigin = `http://localhost:${(shop.address() as AddressInfo).port}`;
    backend = await freshBackend('postgres');
    server = await startServer(backend, {
      env: { CUSTODIAN_SITE_KEYS: `${SITE_KEY}=${shopOrigin}` },
    });
  }, 120_000);

  afterAll(async () => {
    await server?.stop('SIGTERM');
    await backend?.cleanup();
    await new Promise((resolve) => shop?.close(resolve));
  });

  function running(): { url: string; backend: Backend } {
    if (server === undefined || backend === undefined) throw new Error('the server did not start');
    return { url: server.url, backend };
  }

  /** The ledger's state of the visitor the page's SDK made up, read with an API key. */
  async function ledgerOf(page: Page): Promise<LedgerState> {
    const { url, backend: current } = running();
    const stored = await inPage<string | null>(page, `localStorage.getItem('custodian-consent')`);
    const visitorId = (JSON.parse(stored ?? '{}') as { id?: string }).id;
    expect(visitorId).toBeTruthy();
    const response = await fetch(`${url}/v1/consents/state`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${current.keys.consent}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ subject: { accountId: `banner-visitor:${visitorId ?? ''}` } }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as LedgerState;
  }

  function statusOf(state: LedgerState): Record<string, string> {
    return Object.fromEntries(state.purposes.map((entry) => [entry.purpose, entry.status]));
  }

  /** Opens the shop and waits for the banner. */
  async function openShop(page: Page): Promise<void> {
    await page.goto(shopOrigin);
    await page.getByRole('dialog').waitFor();
  }

  async function click(page: Page, name: string): Promise<void> {
    const recorded = page.waitForResponse((response) =>
      response.url().endsWith('/v1/public/consent'),
    );
    await page.getByRole('button', { name }).click();
    expect((await recorded).status()).toBe(201);
  }

  it('serves the script and its styles within 8 kB gzipped', async () => {
    const { url } = running();
    const response = await fetch(`${url}/sdk/custodian.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    const body = Buffer.from(await response.arrayBuffer());
    // The styles are inlined: the served script is all a page loads.
    expect(body.toString('utf8')).toContain('.b{position:fixed');
    expect(gzipSync(body).length).toBeLessThanOrEqual(8 * 1024);
  });

  it('refuses another origin and an unknown site key as problems', async () => {
    const { url } = running();
    const post = (origin: string, siteKey: string): Promise<Response> =>
      fetch(`${url}/v1/public/consent`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({
          siteKey,
          visitorId: 'a1b2c3d4e5f60718293a',
          choices: [{ purpose: 'website-analytics', granted: true }],
          noticeVersion: '1',
        }),
      });
    const foreign = await post('https://evil.example.com', SITE_KEY);
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await foreign.json()) as { code: string }).code).toBe('site_key.origin_not_allowed');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const unknown = await post(shopOrigin, 'pk_test_nosuchkey');
    expect(unknown.status).toBe(403);
    expect(((await unknown.json()) as { code: string }).code).toBe('site_key.unknown');
  });

  it('reject all: the gated script never runs and the ledger holds the refusal', async () => {
    await withBrowser(async (context) => {
      const page = await context.newPage();
      await openShop(page);
      const buttons = page.getByRole('dialog').getByRole('button');
      expect(await buttons.allTextContents()).toEqual(['Accept all', 'Reject all', 'Choose']);
      // Focus moved into the dialog; Escape decides nothing.
      expect(await inPage(page, 'document.activeElement?.tagName')).toBe('DIV');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
      await click(page, 'Reject all');
      expect(await page.getByRole('dialog').count()).toBe(0);
      const state = await ledgerOf(page);
      expect(statusOf(state)).toEqual({
        'website-analytics': 'denied',
        'website-personalisation': 'denied',
        newsletter: 'denied',
      });
      expect(state.events.every((event) => event.source === 'consent-banner')).toBe(true);
      expect(await inPage(page, 'window.analyticsRan')).toBe(undefined);
      // A reload asks no more and runs nothing.
      await page.reload();
      await page.waitForLoadState('networkidle');
      expect(await page.getByRole('dialog').count()).toBe(0);
      expect(await inPage(page, 'window.analyticsRan')).toBe(undefined);
    });
  }, 120_000);

  it('choose analytics only: only its script runs, without a reload', async () => {
    await withBrowser(async (context) => {
      const page = await context.newPage();
      await openShop(page);
      await inPage(
        page,
        `window.changes = []; Custodian.on('change', (choices) => window.changes.push(choices))`,
      );
      await page.getByRole('button', { name: 'Choose' }).click();
      await page.getByRole('checkbox', { name: /analytics/i }).check();
      await click(page, 'Save my choices');
      const ran = await inPage(
        page,
        '[window.analyticsRan, window.personalisationRan, window.newsletterRan, window.changes]',
      );
      expect(ran).toEqual([
        true,
        undefined,
        undefined,
        [{ 'website-analytics': true, 'website-personalisation': false, newsletter: false }],
      ]);
      const state = await ledgerOf(page);
      expect(statusOf(state)).toEqual({
        'website-analytics': 'granted',
        'website-personalisation': 'denied',
        newsletter: 'denied',
      });
      expect(state.gpc).toBe(false);
    });
  }, 120_000);

  it('GPC: sale and sharing are denied before any script runs, recorded with the GPC flag', async () => {
    await withBrowser(
      async (context) => {
        await context.addInitScript(
          `Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true })`,
        );
        const page = await context.newPage();
        const recorded = page.waitForResponse((response) =>
          response.url().endsWith('/v1/public/consent'),
        );
        await page.goto(shopOrigin);
        expect((await recorded).status()).toBe(201);
        await page.getByRole('dialog').waitFor();
        await expect
          .poll(() => page.getByRole('note').textContent())
          .toMatch(/Global Privacy Control/);
        expect(await inPage(page, 'window.newsletterRan')).toBe(undefined);
        // Newsletter is direct marketing: a GPC signal opts out of it wherever a US law applies.
        const before = await ledgerOf(page);
        expect(statusOf(before)).toEqual({ newsletter: 'denied' });
        expect(before.gpc).toBe(true);
        expect(before.events.map((event) => [event.purpose, event.kind, event.gpc])).toEqual([
          ['newsletter', 'denied', true],
        ]);
        // Accept all leaves what GPC opted out of off.
        await click(page, 'Accept all');
        const ran = await inPage(page, '[window.analyticsRan, window.newsletterRan]');
        expect(ran).toEqual([true, undefined]);
        expect(statusOf(await ledgerOf(page))).toEqual({
          'website-analytics': 'granted',
          'website-personalisation': 'granted',
          newsletter: 'denied',
        });
      },
      { extraHeaders: { 'Sec-GPC': '1' } },
    );
  }, 120_000);

  it('asks again when the notice version changes, and returns focus after', async () => {
    await withBrowser(async (context) => {
      const page = await context.newPage();
      await openShop(page);
      await click(page, 'Accept all');
      await inPage(
        page,
        `localStorage.setItem('custodian-consent', JSON.stringify({ ...JSON.parse(localStorage.getItem('custodian-consent')), v: 'an-older-one' }))`,
      );
      await page.reload();
      await page.getByRole('dialog').waitFor();
      // Already granted under the older version: kept until the person answers again.
      expect(await inPage(page, 'window.analyticsRan')).toBe(true);
      await click(page, 'Reject all');
      await inPage(page, `document.getElementById('settings').focus(); Custodian.open()`);
      await page.getByRole('dialog').waitFor();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      // Tab wrapped within the dialog: from the third button back to the first.
      expect(
        await inPage(
          page,
          `document.querySelector('[data-custodian]').shadowRoot.activeElement.textContent`,
        ),
      ).toBe('Accept all');
      await click(page, 'Reject all');
      expect(await inPage(page, 'document.activeElement?.id')).toBe('settings');
    });
  }, 120_000);

  it('axe-core finds no serious or critical violation on the banner', async () => {
    await withBrowser(async (context) => {
      const page = await context.newPage();
      await openShop(page);
      await page.getByRole('button', { name: 'Choose' }).click();
      await page.addScriptTag({ content: AXE });
      const violations = await inPage<string[]>(
        page,
        `axe.run({ include: [['[data-custodian]']] }).then((result) =>
          result.violations.map((violation) => violation.id + ':' + violation.impact))`,
      );
      expect(violations.filter((v) => v.endsWith(':serious') || v.endsWith(':critical'))).toEqual(
        [],
      );
    });
  }, 120_000);
});

/**
 * Evaluates `expression` in the page. A string, not a function: the tests are type-checked
 * without the DOM's types, which are the page's business.
 */
function inPage<T = unknown>(page: Page, expression: string): Promise<T> {
  return page.evaluate<T>(expression);
}

function shopPage(custodian: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Example shop</title>
<script src="${custodian}/sdk/custodian.js" data-site-key="${SITE_KEY}" defer></script>
</head><body><main><h1>Example shop</h1><button id="settings">Privacy settings</button>
<script type="text/plain" data-purpose="website-analytics">window.analyticsRan = true;</script>
<script type="text/plain" data-purpose="website-personalisation">window.personalisationRan = true;</script>
<script type="text/plain" data-purpose="newsletter">window.newsletterRan = true;</script>
<iframe title="Video" data-purpose="website-personalisation" data-src="about:blank"></iframe>
</main></body></html>`;
}
