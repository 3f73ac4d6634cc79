import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Datastore } from '../../src/map/index.js';
import { createUser } from '../../src/staff/index.js';
import {
  freshBackend,
  MAP,
  startServer,
  type Backend,
  type ServerProcess,
} from '../durability/server-process.js';
import { smtpSink, type SmtpSink } from '../requests/smtp-sink.js';
import { createShop, SHOP_PEOPLE, type ShopFixture } from '../support/shop/index.js';
import { CHROMIUM, withBrowser } from '../support/browser.js';
import { seriousViolations } from '../support/axe.js';

const ANA = SHOP_PEOPLE.ana.email;
const BRUNO = SHOP_PEOPLE.bruno.email;
const PASSWORD = 'a long console password';
const LEAD = 'lead.staff@example.com';
const VIEWER = 'viewer.staff@example.com';

/** The BESTMIX map with the shop's datastores in place of the demo's (JSON is YAML too). */
async function mapWith(datastores: readonly Datastore[]): Promise<string> {
  const text = await readFile(MAP, 'utf8');
  const cut = text.indexOf('\ndatastores:');
  if (cut < 0) throw new Error('the BESTMIX map has no datastores section');
  return `${text.slice(0, cut)}\ndatastores: ${JSON.stringify(datastores)}\n`;
}

/** Polls `probe` until it gives a value; fails after `ms`. */
async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
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

async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/console/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${url}/console/requests`);
}

/**
 * Staff at work on a real `custodian serve` over PostgreSQL, with the shop's databases connected
 * and a real SMTP sink: a privacy lead opens an erasure awaiting approval, reads its dry run,
 * approves it, and once the server's own executor has run it, sees the certificate; a viewer's
 * crafted approval is refused by the server.
 */
describe.skipIf(CHROMIUM === undefined)('console request screens in Chromium', () => {
  let backend: Backend | undefined;
  let server: ServerProcess | undefined;
  let shop: ShopFixture | undefined;
  let sink: SmtpSink | undefined;
  let dir: string | undefined;

  /** Opens a request through the public API and confirms it with the mailed code. */
  async function ask(type: string, email: string): Promise<string> {
    if (server === undefined || sink === undefined) throw new Error('the server did not start');
    const { url } = server;
    const mails = sink;
    const before = mails.mails.filter((mail) => mail.to.includes(email)).length;
    const intake = await fetch(`${url}/v1/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type, subject: { email }, country: 'BE' }),
    });
    expect(intake.status).toBe(202);
    const { requestId } = (await intake.json()) as { requestId: string };
    // This request's code: the mail after those the address had.
    const code = await eventually('the code mail', () =>
      Promise.resolve(
        mails.mails.filter((mail) => mail.to.includes(email)).length > before
          ? mails.codeFor(email)
          : undefined,
      ),
    );
    const verified = await fetch(`${url}/v1/requests/${requestId}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    expect(verified.status).toBe(200);
    expect(((await verified.json()) as { status: string }).status).toBe('awaiting-approval');
    return requestId;
  }

  beforeAll(async () => {
    sink = await smtpSink();
    shop = await createShop({ shop: 'postgres', newsletter: 'postgres', billing: 'postgres' });
    backend = await freshBackend('postgres');
    const store = await backend.open();
    try {
      await createUser(store.db, { email: LEAD, role: 'privacy-lead', password: PASSWORD });
      await createUser(store.db, { email: VIEWER, role: 'viewer', password: PASSWORD });
    } finally {
      await store.close();
    }
    dir = await mkdtemp(join(inject('scratchDir'), 'console-requests-'));
    const map = join(dir, 'privacy.yaml');
    await writeFile(map, await mapWith(shop.datastores));
    server = await startServer(backend, {
      map,
      env: { ...shop.env, CUSTODIAN_SMTP_URL: sink.url, CUSTODIAN_RATE_LIMIT: 'off' },
    });
  }, 180_000);
  afterAll(async () => {
    await server?.stop('SIGTERM');
    await backend?.cleanup();
    await shop?.drop();
    await sink?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }, 120_000);

  it('a privacy lead reads the dry run, approves, and sees the certificate once the server ran it', async () => {
    if (server === undefined) throw new Error('the server did not start');
    const { url } = server;
    const id = await ask('erasure', ANA);
    const origins = new Set<string>();
    await withBrowser(async (context) => {
      const page = await context.newPage();
      page.on('request', (request) => origins.add(new URL(request.url()).origin));
      await signIn(page, url, LEAD);
      // The filter form, as a person uses it.
      await page.getByLabel('Type').selectOption('erasure');
      await page.getByLabel('Status').selectOption('awaiting-approval');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL(/type=erasure&status=awaiting-approval/);
      await page.getByRole('link', { name: id }).click();
      await page.waitForURL(`${url}/console/requests/${id}`);
      expect(await page.textContent('#status')).toBe('awaiting-approval');

      const plan = page.locator('table.plan');
      await expect(plan.locator('tr', { hasText: 'customers' }).count()).resolves.toBe(1);
      const holds = await page.locator('table.holds').textContent();
      expect(holds).toContain('invoices');
      expect(holds).toMatch(/until \d{4}-\d{2}-\d{2}/);

      await page.getByRole('button', { name: 'Approve' }).click();
      await page.waitForURL(`${url}/console/requests/${id}`);
      // The server's executor runs it from its queue; the page shows where it stands.
      await eventually('the erasure to complete', async () => {
        await page.reload();
        const status = await page.textContent('#status');
        if (status === 'failed') throw new Error(server?.output());
        return status === 'completed' ? true : undefined;
      });
      expect(await page.getByRole('heading', { name: 'Erasure certificate' }).count()).toBe(1);
      expect(await page.textContent('main')).toMatch(/Signed with\s*Ed25519 key/);
      const download = await page.request.get(`${url}/console/requests/${id}/certificate`);
      expect(download.status()).toBe(200);
      expect(((await download.json()) as { body: { requestId: string } }).body.requestId).toBe(id);
    });
    expect([...origins]).toEqual([url]);
    expect(server.output()).not.toContain(ANA);
  }, 180_000);

  it('refuses a viewer’s crafted approval on the server, and the request still waits', async () => {
    if (server === undefined) throw new Error('the server did not start');
    const { url } = server;
    const id = await ask('erasure', BRUNO);
    await withBrowser(async (context: BrowserContext) => {
      const page = await context.newPage();
      await signIn(page, url, VIEWER);
      await page.goto(`${url}/console/requests/${id}`);
      expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
      expect(await page.content()).not.toContain(BRUNO);
      // The viewer's own session token and cookie, the right origin: only the role is wrong.
      const csrf = await page.locator('input[name=csrf]').first().getAttribute('value');
      const crafted = await page.request.post(`${url}/console/requests/${id}/approve`, {
        form: { csrf: csrf ?? '' },
        headers: { origin: url },
        maxRedirects: 0,
      });
      expect(crafted.status()).toBe(403);
      await page.reload();
      expect(await page.textContent('#status')).toBe('awaiting-approval');
    });
  }, 120_000);

  it('finds no serious or critical accessibility violation on the queue and a request page', async () => {
    if (server === undefined) throw new Error('the server did not start');
    const { url } = server;
    const id = await ask('erasure', BRUNO);
    const found = await withBrowser(
      async (context) => {
        const page = await context.newPage();
        await signIn(page, url, LEAD);
        const out: Record<string, string[]> = {};
        for (const path of ['/console/requests', `/console/requests/${id}`]) {
          await page.goto(`${url}${path}`);
          out[path] = await seriousViolations(page);
        }
        return out;
      },
      { bypassCSP: true },
    );
    expect(found).toEqual({ '/console/requests': [], [`/console/requests/${id}`]: [] });
  }, 120_000);
});
