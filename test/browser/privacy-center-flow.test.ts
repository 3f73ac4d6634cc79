import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  freshBackend,
  MAP,
  runCli,
  startServer,
  type Backend,
  type ServerProcess,
} from '../durability/server-process.js';
import { smtpSink, type SmtpSink } from '../requests/smtp-sink.js';
import { createShop, type ShopFixture } from '../support/shop/index.js';
import { CHROMIUM, withBrowser } from '../support/browser.js';
import { seriousViolations } from '../support/axe.js';

/** A person of the shop's seed: the access package has her rows. */
const ANA = 'ana@example.com';

/** Polls `probe` until it gives a value, or fails after `ms`. */
async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 60_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The code mailed to `email`, once the server's mailer has delivered it to the sink. */
function codeFrom(sink: SmtpSink, email: string): Promise<string> {
  return eventually('the code mail', () => {
    try {
      return sink.codeFor(email);
    } catch {
      return undefined;
    }
  });
}

/** The BESTMIX map with the shop's datastores in place of the demo's (JSON is YAML too). */
async function mapWith(shop: ShopFixture): Promise<string> {
  const text = await readFile(MAP, 'utf8');
  const cut = text.indexOf('\ndatastores:');
  if (cut < 0) throw new Error('the BESTMIX map has no datastores section');
  return `${text.slice(0, cut)}\ndatastores: ${JSON.stringify(shop.datastores)}\n`;
}

/**
 * A person exercises a right from start to download in Chromium with JavaScript off, against a
 * real `custodian serve` on PostgreSQL that mails through a real SMTP sink and runs the request
 * across the shop's databases itself.
 */
describe.skipIf(CHROMIUM === undefined)('privacy center request flow in Chromium', () => {
  let backend: Backend | undefined;
  let server: ServerProcess | undefined;
  let shop: ShopFixture | undefined;
  let sink: SmtpSink;
  let dir: string | undefined;
  let operatorKey: string;

  beforeAll(async () => {
    sink = await smtpSink();
    shop = await createShop({ shop: 'pglite', newsletter: 'pglite', billing: 'pglite' });
    backend = await freshBackend('postgres');
    const created = await runCli(backend, [
      'keys',
      'create',
      '--name',
      'operator',
      '--scopes',
      'requests:read,requests:write',
    ]);
    expect(created.code, created.stderr).toBe(0);
    operatorKey = created.stdout.trim();
    dir = await mkdtemp(join(inject('scratchDir'), 'center-flow-'));
    const map = join(dir, 'privacy.yaml');
    await writeFile(map, await mapWith(shop));
    server = await startServer(backend, {
      map,
      env: {
        ...shop.env,
        CUSTODIAN_SMTP_URL: sink.url,
        CUSTODIAN_RATE_LIMIT: 'off',
        CUSTODIAN_BRAND_NAME: 'Bestmix Privacy',
      },
    });
  }, 180_000);
  afterAll(async () => {
    await server?.stop('SIGTERM');
    // Nothing of the person in what the server wrote: log lines name requests by id.
    expect(server?.output() ?? '').not.toContain(ANA);
    await backend?.cleanup();
    await shop?.drop();
    await sink.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }, 120_000);

  it('submits an access request, confirms the mailed code, and downloads the zip from the status page', async () => {
    if (server === undefined) throw new Error('the server did not start');
    const { url } = server;
    const origins = new Set<string>();
    const zip = await withBrowser(
      async (context) => {
        const page = await context.newPage();
        page.on('request', (request) => origins.add(new URL(request.url()).origin));

        // Step one names the state too: a Virginian is offered the VCDPA's types.
        await page.goto(`${url}/privacy/request?lang=en`);
        await page.selectOption('#country', 'US');
        await page.selectOption('#state', 'VA');
        await page.click('button[type=submit]');
        expect(await page.textContent('#state-name')).toBe('Virginia');
        expect(await page.textContent('legend')).toContain('VCDPA');
        expect(await page.locator('input[name=type][value=limit-sensitive]').count()).toBe(0);

        await page.goto(`${url}/privacy/request?lang=en`);
        await page.selectOption('#country', 'BE');
        await page.click('button[type=submit]');
        await page.check('input[name=type][value=access]');
        await page.fill('#email', ANA);
        await page.click('button[type=submit]');
        const statusUrl = page.url();
        expect(statusUrl, (await page.textContent('main')) ?? '').toMatch(
          /\/privacy\/request\/[0-9a-f-]{36}\?lang=en$/,
        );
        await page.fill('#code', await codeFrom(sink, ANA));
        await page.click('button[type=submit]');
        expect(await page.textContent('#due')).toMatch(/We will answer by \d{1,2} \w+ \d{4}/);

        // The server runs the request itself; the status page then offers the package.
        await eventually('the package on the status page', async () => {
          await page.goto(statusUrl);
          return (await page.locator('#download').count()) > 0 ? true : undefined;
        });
        expect(await page.textContent('#status')).toBe('Completed');
        expect(await page.textContent('#package')).toMatch(/You can download it once, until/);
        // Opening the page again spent nothing.
        await page.reload();
        expect(await page.locator('#download').count()).toBe(1);

        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.click('#download'),
        ]);
        expect(download.suggestedFilename()).toMatch(/^personal-data-[0-9a-f-]{36}\.zip$/);
        const saved = await download.path();
        const bytes = await readFile(saved);

        // Recorded once the whole zip went out: the button is gone.
        await eventually('the download to be recorded', async () => {
          await page.goto(statusUrl);
          return (await page.locator('#download').count()) === 0 ? true : undefined;
        });
        expect(await page.content()).not.toContain(ANA);
        return bytes;
      },
      { javaScriptEnabled: false },
    );
    expect([...origins]).toEqual([url]);

    // A zip (PK\x03\x04) with the person's data as JSON, a CSV per table and the summary.
    expect([...zip.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const files = unzipSync(new Uint8Array(zip));
    const names = Object.keys(files);
    expect(names).toContain('data.json');
    expect(names).toContain('summary.html');
    expect(names.filter((name) => name.endsWith('.csv')).length).toBeGreaterThan(0);
    const data = JSON.parse(strFromU8(files['data.json'] ?? new Uint8Array())) as {
      datastores: Record<string, Record<string, unknown[]>>;
    };
    expect(data.datastores['shop']?.['customers']?.length).toBe(1);
    expect(strFromU8(files['data.json'] ?? new Uint8Array())).toContain(ANA);
  }, 240_000);

  it('finds no serious or critical accessibility violation on the status, appeal and unsubscribe pages', async () => {
    if (server === undefined || backend === undefined) throw new Error('the server did not start');
    const { url } = server;
    // A Virginian's deletion, refused by the operator: its page offers the appeal form.
    const email = 'appeal.person@example.com';
    const opened = await fetch(`${url}/v1/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'delete', subject: { email }, country: 'US', state: 'VA' }),
    });
    expect(opened.status).toBe(202);
    const { requestId } = (await opened.json()) as { requestId: string };
    const verified = await fetch(`${url}/v1/requests/${requestId}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: await codeFrom(sink, email) }),
    });
    expect(verified.status).toBe(200);
    const denied = await fetch(`${url}/v1/requests/${requestId}/deny`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${operatorKey}` },
      body: JSON.stringify({ reason: 'We could not match an account to this address.' }),
    });
    expect(denied.status).toBe(200);
    // A subscriber's one-click unsubscribe link.
    const consent = await fetch(`${url}/v1/consents`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${backend.keys.consent}`,
      },
      body: JSON.stringify({
        subject: { email: 'reader@example.com' },
        choices: { newsletter: 'granted' },
        source: 'signup-form',
      }),
    });
    expect(consent.status).toBe(201);
    const link = await fetch(`${url}/v1/unsubscribe-links`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${backend.keys.consent}`,
      },
      body: JSON.stringify({ subject: { email: 'reader@example.com' }, purpose: 'newsletter' }),
    });
    expect(link.status).toBe(200);
    const unsubscribe = ((await link.json()) as { url: string }).url;

    const found = await withBrowser(
      async (context) => {
        const page = await context.newPage();
        const out: Record<string, string[]> = {};
        await page.goto(`${url}/privacy/request/${requestId}?lang=en`);
        expect(await page.locator('#appeal form').count()).toBe(1);
        out['status with appeal form'] = await seriousViolations(page);
        await page.goto(`${url}/privacy/request/${requestId}?lang=de`);
        out['status in German'] = await seriousViolations(page);
        await page.goto(unsubscribe);
        expect(await page.locator('link[rel=stylesheet]').getAttribute('href')).toBe(
          '/privacy/style.css',
        );
        out['unsubscribe'] = await seriousViolations(page);
        await page.click('button[type=submit]');
        expect(await page.textContent('.done')).toContain('unsubscribed');
        out['unsubscribe confirmation'] = await seriousViolations(page);
        return out;
      },
      { bypassCSP: true },
    );
    expect(found).toEqual({
      'status with appeal form': [],
      'status in German': [],
      unsubscribe: [],
      'unsubscribe confirmation': [],
    });
  }, 240_000);
});
