import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshBackend,
  MAP,
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
  /** Requests the shop's embedded frames received, by frame name (`/frame/<name>`). */
  const frameLoads = new Map<string, number>();

  beforeAll(async () => {
    shop = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      if (url.pathname.startsWith('/frame/')) {
        const name = url.pathname.slice('/frame/'.length);
        frameLoads.set(name, (frameLoads.get(name) ?? 0) + 1);
        response.end('<!doctype html><title>Video</title><p>A video');
        return;
      }
      response.end(shopPage(server?.url ?? '', url.searchParams.get('frame') ?? 'none'));
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

  /** Opens the shop, its gated iframe at `/frame/<frame>`, and waits for the banner. */
  async function openShop(page: Page, frame = 'none'): Promise<void> {
    await page.goto(`${shopOrigin}/?frame=${frame}`);
    await page.getByRole('dialog').waitFor();
  }

  function loadsOf(frame: string): number {
    return frameLoads.get(frame) ?? 0;
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
      await openShop(page, 'rejected');
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
      // The gated iframe never had a src: its URL was never requested.
      expect(await inPage(page, `document.querySelector('iframe').getAttribute('src')`)).toBe(null);
      expect(loadsOf('rejected')).toBe(0);
    });
  }, 120_000);

  it('holds gated elements added after load until their purpose is granted, then runs them', async () => {
    await withBrowser(async (context) => {
      const page = await context.newPage();
      await openShop(page, 'static');
      // Added by the page's own script while the banner asks: held, like those in the HTML.
      await inPage(page, addGated('website-personalisation', 'lateRan', 'late'));
      await inPage(page, addGated('website-analytics', 'lateAnalyticsRan', 'late-analytics'));
      await page.waitForLoadState('networkidle');
      expect(await inPage(page, '[window.lateRan, window.lateAnalyticsRan]')).toEqual([
        undefined,
        undefined,
      ]);
      expect([loadsOf('static'), loadsOf('late'), loadsOf('late-analytics')]).toEqual([0, 0, 0]);
      await page.getByRole('button', { name: 'Choose' }).click();
      await page.getByRole('checkbox', { name: /personal/i }).check();
      await click(page, 'Save my choices');
      // Granted: the held script ran and both iframes loaded, without a reload.
      expect(await inPage(page, 'window.lateRan')).toBe(true);
      await expect.poll(() => [loadsOf('static'), loadsOf('late')]).toEqual([1, 1]);
      // Added once granted: runs at once; of a purpose still refused: still held.
      await inPage(page, addGated('website-personalisation', 'laterRan', 'later'));
      await inPage(page, addGated('website-analytics', 'laterAnalyticsRan', 'later-analytics'));
      await expect.poll(() => inPage(page, 'window.laterRan')).toBe(true);
      await expect.poll(() => loadsOf('later')).toBe(1);
      // Those of analytics, added with them, were passed over: no src, so never requested.
      expect(
        await inPage(
          page,
          `[...document.querySelectorAll('iframe[data-purpose="website-analytics"]')].map((frame) => [frame.getAttribute('src'), frame.dataset.src])`,
        ),
      ).toEqual([
        [null, '/frame/late-analytics'],
        [null, '/frame/later-analytics'],
      ]);
      expect(await inPage(page, '[window.lateAnalyticsRan, window.laterAnalyticsRan]')).toEqual([
        undefined,
        undefined,
      ]);
      expect([loadsOf('late-analytics'), loadsOf('later-analytics')]).toEqual([0, 0]);
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

  it('asks again under a choice stored for other consent purposes, and returns focus after', async () => {
    await withBrowser(async (context) => {
      const page = await context.newPage();
      await openShop(page);
      await click(page, 'Accept all');
      await inPage(
        page,
        `localStorage.setItem('custodian-consent', JSON.stringify({ ...JSON.parse(localStorage.getItem('custodian-consent')), k: 'an-older-one' }))`,
      );
      await page.reload();
      await page.getByRole('dialog').waitFor();
      // Already granted for the older purposes: kept until the person answers again.
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

  it('re-asks when a new notice version changes a consent purpose, and only then', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custodian-banner-map-'));
    try {
      await withBrowser(async (context) => {
        const page = await context.newPage();
        await openShop(page);
        await click(page, 'Accept all');
        const original = readFileSync(MAP, 'utf8');
        const map = join(dir, 'privacy.yaml');
        const { backend: current } = running();
        const serve = async (source: string): Promise<void> => {
          writeFileSync(map, source);
          await server?.stop('SIGTERM');
          server = await startServer(current, {
            map,
            env: { CUSTODIAN_SITE_KEYS: `${SITE_KEY}=${shopOrigin}` },
          });
        };
        // 2026-03b changes only a purpose on another basis: consents stand, nothing is asked.
        const elsewhere = original
          .replace("version: '2026-03'", "version: '2026-03b'")
          .replace('en: Website operation and security', 'en: Running and securing our websites');
        expect(elsewhere).toContain('Running and securing our websites');
        await serve(elsewhere);
        await page.reload();
        await page.waitForLoadState('networkidle');
        expect(await page.getByRole('dialog').count()).toBe(0);
        expect(await inPage(page, 'window.analyticsRan')).toBe(true);
        // The privacy team publishes 2026-04: analytics now also measures campaigns.
        const changed = original
          .replace("version: '2026-03'", "version: '2026-04'")
          .replace(
            'en: Analysing how our websites perform and are used, to improve their usability.',
            'en: Analysing how our websites perform and are used, and measuring our campaigns.',
          );
        expect(changed).not.toBe(original);
        expect(changed).toContain('measuring our campaigns');
        await serve(changed);
        await page.reload();
        await page.getByRole('dialog').waitFor();
        // Granted under 2026-03: in force until the visitor answers again.
        expect(await inPage(page, 'window.analyticsRan')).toBe(true);
        await page.getByRole('button', { name: 'Choose' }).click();
        await expect
          .poll(() => page.getByRole('dialog').textContent())
          .toContain('measuring our campaigns');
        // Consented to under 2026-03, unticked for 2026-04 (CJEU C-673/17, Planet49).
        expect(await page.getByRole('checkbox', { name: /analytics/i }).isChecked()).toBe(false);
        const sent = page.waitForRequest((request) => request.url().endsWith('/v1/public/consent'));
        await click(page, 'Save my choices');
        expect((await sent).postDataJSON()).toMatchObject({ noticeVersion: '2026-04' });
        expect(statusOf(await ledgerOf(page))).toEqual({
          'website-analytics': 'denied',
          'website-personalisation': 'denied',
          newsletter: 'denied',
        });
        // Answered under 2026-04: a reload asks no more.
        await page.reload();
        await page.waitForLoadState('networkidle');
        expect(await page.getByRole('dialog').count()).toBe(0);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

/**
 * Page script that adds a gated script (setting `window[flag]`) and a gated iframe (at
 * `/frame/<frame>`) of the purpose, as a site's own code or a tag manager would after load.
 */
function addGated(purpose: string, flag: string, frame: string): string {
  return `(() => {
    const script = document.createElement('script');
    script.type = 'text/plain';
    script.dataset.purpose = ${JSON.stringify(purpose)};
    script.text = 'window[${JSON.stringify(flag)}] = true;';
    const frame = document.createElement('iframe');
    frame.title = 'Video';
    frame.dataset.purpose = ${JSON.stringify(purpose)};
    frame.dataset.src = '/frame/${frame}';
    const box = document.createElement('div');
    box.append(script, frame);
    document.querySelector('main').append(box);
  })()`;
}

function shopPage(custodian: string, frame: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Example shop</title>
<script src="${custodian}/sdk/custodian.js" data-site-key="${SITE_KEY}" defer></script>
</head><body><main><h1>Example shop</h1><button id="settings">Privacy settings</button>
<script type="text/plain" data-purpose="website-analytics">window.analyticsRan = true;</script>
<script type="text/plain" data-purpose="website-personalisation">window.personalisationRan = true;</script>
<script type="text/plain" data-purpose="newsletter">window.newsletterRan = true;</script>
<iframe title="Video" data-purpose="website-personalisation" data-src="/frame/${frame}"></iframe>
</main></body></html>`;
}
