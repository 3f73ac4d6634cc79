import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshBackend,
  startServer,
  type Backend,
  type ServerProcess,
} from '../durability/server-process.js';
import { person } from '../requests/fixture.js';
import { smtpSink, type SmtpSink } from '../requests/smtp-sink.js';
import { CHROMIUM, withBrowser } from '../support/browser.js';
import { seriousViolations } from '../support/axe.js';

/** The code mailed to `email`, once the server's mailer has delivered it to the sink. */
async function codeFrom(sink: SmtpSink, email: string): Promise<string> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    try {
      return sink.codeFor(email);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('no code mail arrived');
}

/**
 * A person exercises a right in Chromium with JavaScript off, against a real `custodian serve` on
 * PostgreSQL that mails through a real SMTP sink; every request stays on the server's origin.
 */
describe.skipIf(CHROMIUM === undefined)('privacy center in Chromium', () => {
  let backend: Backend | undefined;
  let server: ServerProcess | undefined;
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await smtpSink();
    backend = await freshBackend('postgres');
    server = await startServer(backend, {
      env: {
        CUSTODIAN_SMTP_URL: sink.url,
        CUSTODIAN_BRAND_NAME: 'Bestmix Privacy',
        CUSTODIAN_BRAND_COLOR: '#0b5d3b',
      },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop('SIGTERM');
    await backend?.cleanup();
    await sink.close();
  });

  it('takes an access request with script off: form, mailed code, status with due date', async () => {
    if (server === undefined) throw new Error('the server did not start');
    const { url } = server;
    const email = person();
    const origins = new Set<string>();
    await withBrowser(
      async (context) => {
        const page = await context.newPage();
        page.on('request', (request) => origins.add(new URL(request.url()).origin));
        await page.goto(`${url}/privacy`);
        expect(await page.getAttribute('html', 'lang')).toBe('en');
        await expect(page.locator('.version').textContent()).resolves.toMatch(/Version 2026-03/);
        await page.click('a[hreflang="de"]');
        expect(await page.getAttribute('html', 'lang')).toBe('de');

        await page.goto(`${url}/privacy/request?lang=en`);
        await page.selectOption('#country', 'BE');
        await page.click('button[type=submit]');
        await page.check('input[name=type][value=access]');
        await page.fill('#email', email);
        await page.click('button[type=submit]');
        expect(page.url(), (await page.textContent('main')) ?? '').toMatch(
          /\/privacy\/request\/[0-9a-f-]{36}\?lang=en$/,
        );
        expect(await page.textContent('#status')).toBe('Waiting for the code from the mail');

        await page.fill('#code', await codeFrom(sink, email));
        await page.click('button[type=submit]');
        expect(await page.textContent('#status')).not.toBe('Waiting for the code from the mail');
        expect(await page.textContent('#due')).toMatch(/We will answer by \d{1,2} \w+ \d{4}/);
        expect(await page.content()).not.toContain(email);
      },
      { javaScriptEnabled: false },
    );
    expect([...origins]).toEqual([url]);
  }, 120_000);

  it('finds no serious or critical accessibility violation on the pages', async () => {
    if (server === undefined) throw new Error('the server did not start');
    const { url } = server;
    const found = await withBrowser(
      async (context) => {
        const page = await context.newPage();
        const out: Record<string, string[]> = {};
        for (const path of [
          '/privacy/en',
          '/privacy/request?lang=en',
          '/privacy/request?lang=fr&country=US',
        ]) {
          await page.goto(`${url}${path}`);
          out[path] = await seriousViolations(page);
        }
        return out;
      },
      { bypassCSP: true },
    );
    for (const violations of Object.values(found)) expect(violations).toEqual([]);
  }, 120_000);
});
