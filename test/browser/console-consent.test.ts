import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordConsent, suppress, type LedgerContext } from '../../src/ledger/index.js';
import { createUser } from '../../src/staff/index.js';
import { serverSecret } from '../../src/store/index.js';
import {
  freshBackend,
  startServer,
  type Backend,
  type ServerProcess,
} from '../durability/server-process.js';
import { demoMap } from '../server/helpers.js';
import { CHROMIUM, withBrowser } from '../support/browser.js';
import { seriousViolations } from '../support/axe.js';

/** A privacy lead opens the consent charts and looks up a suppressed address in Chromium. */
describe.skipIf(CHROMIUM === undefined)('the console consent section in Chromium', () => {
  let backend: Backend | undefined;
  let server: ServerProcess | undefined;
  const email = 'lead.staff@example.com';
  const password = 'a long console password';
  const typed = 'Eve.Suppressed@Example.com';

  beforeAll(async () => {
    backend = await freshBackend('postgres');
    const store = await backend.open();
    try {
      await createUser(store.db, { email, role: 'privacy-lead', password });
      const ctx: LedgerContext = {
        map: await demoMap(),
        secret: await serverSecret(store.db),
        now: () => new Date(),
        actor: 'api-key:test',
      };
      for (const [person, choice, gpc] of [
        ['ana@example.com', 'granted', false],
        ['ben@example.com', 'denied', true],
        ['ana@example.com', 'denied', false],
      ] as const) {
        await recordConsent(store.db, ctx, {
          subject: { email: person },
          choices: { 'website-analytics': choice, newsletter: choice },
          source: 'cookie-banner',
          gpc,
        });
      }
      await suppress(store.db, ctx, {
        identifiers: [{ email: typed.toLowerCase() }],
        reason: 'erased',
      });
    } finally {
      await store.close();
    }
    server = await startServer(backend);
  }, 120_000);
  afterAll(async () => {
    await server?.stop('SIGTERM');
    await backend?.cleanup();
  });

  it('shows the charts and the lookup with no serious or critical accessibility violation', async () => {
    if (server === undefined) throw new Error('the server did not start');
    const { url } = server;
    const origins = new Set<string>();
    const found = await withBrowser(
      async (context) => {
        const page = await context.newPage();
        page.on('request', (request) => origins.add(new URL(request.url()).origin));
        await page.goto(`${url}/console/consent`);
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password').fill(password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL(`${url}/console/requests`);

        await page.goto(`${url}/console/consent?days=30`);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Consent');
        const chart = page.getByRole('img', {
          name: /^Website analytics and usability: grants, withdrawals and refusals per day/,
        });
        expect(await chart.count()).toBe(1);
        expect((await chart.boundingBox())?.width).toBeGreaterThan(100);
        // The numbers, once their disclosure is opened, are a table with the day's counts.
        await page.getByText('The numbers of this chart').first().click();
        const totals = page.locator('#purpose-website-analytics ~ details tfoot tr').first();
        expect(await totals.textContent()).toBe('Total1111');
        const out: Record<string, string[]> = {};
        await page.locator('details').evaluateAll((all) => {
          for (const details of all) details.setAttribute('open', '');
        });
        out['consent'] = await seriousViolations(page);

        await page.getByLabel(/Email address, or phone number/).fill(typed);
        await page.getByRole('button', { name: 'Look up' }).click();
        await page.waitForURL(`${url}/console/suppression`);
        expect(await page.getByRole('status').textContent()).toContain('Suppressed.');
        expect(await page.getByRole('status').textContent()).toContain('every purpose');
        expect((await page.content()).toLowerCase()).not.toContain(typed.toLowerCase());
        out['lookup'] = await seriousViolations(page);
        return out;
      },
      { bypassCSP: true },
    );
    expect(found).toEqual({ consent: [], lookup: [] });
    expect([...origins]).toEqual([url]);
    expect(server.output().toLowerCase()).not.toContain(typed.toLowerCase());
  }, 120_000);
});
