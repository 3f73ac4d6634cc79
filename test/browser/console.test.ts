import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/staff/index.js';
import {
  freshBackend,
  startServer,
  type Backend,
  type ServerProcess,
} from '../durability/server-process.js';
import { seriousViolations } from '../support/axe.js';
import { CHROMIUM, withBrowser } from '../support/browser.js';

/** A staff member signs in to the console of a real `custodian serve` through its form. */
describe.skipIf(CHROMIUM === undefined)('the admin console in Chromium', () => {
  let backend: Backend | undefined;
  let server: ServerProcess | undefined;
  const email = 'viewer.staff@example.com';
  const lead = 'lead.staff@example.com';
  const locked = 'locked.staff@example.com';
  const password = 'a long console password';
  /** Another origin (another port of the same host: same site, so the cookie goes along). */
  let attacker: Server | undefined;
  let attackerUrl = '';
  let attackerPage = '';
  beforeAll(async () => {
    backend = await freshBackend('postgres');
    const store = await backend.open();
    try {
      await createUser(store.db, { email, role: 'viewer', password });
      await createUser(store.db, { email: lead, role: 'privacy-lead', password });
      await createUser(store.db, { email: locked, role: 'admin', password });
    } finally {
      await store.close();
    }
    server = await startServer(backend);
    attacker = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(attackerPage);
    });
    await new Promise<void>((resolve) => attacker?.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await new Promise((resolve) => attacker?.close(resolve));
    await server?.stop('SIGTERM');
    await backend?.cleanup();
  });

  it('signs in through the form, shows the queue, signs out, and stays on its origin', async () => {
    if (server === undefined) throw new Error('the server did not start');
    const { url } = server;
    const origins = new Set<string>();
    await withBrowser(async (context) => {
      const page = await context.newPage();
      page.on('request', (request) => origins.add(new URL(request.url()).origin));
      await page.goto(`${url}/console/requests`);
      expect(new URL(page.url()).pathname).toBe('/console/login');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${url}/console/requests`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Requests');
      const cookies = await context.cookies(url);
      const session = cookies.find((cookie) => cookie.name === '__Host-custodian_session');
      expect(session).toMatchObject({
        httpOnly: true,
        secure: true,
        sameSite: 'Strict',
        path: '/',
      });

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${url}/console/login`);
      await page.goto(`${url}/console/requests`);
      expect(new URL(page.url()).pathname).toBe('/console/login');
    });
    expect([...origins]).toEqual([url]);
    expect(server.output()).not.toContain(password);
  }, 120_000);

  it('refuses a forged form from another origin, with or without the session token', async () => {
    if (server === undefined) throw new Error('the server did not start');
    const { url } = server;
    await withBrowser(async (context) => {
      const page = await context.newPage();
      await page.goto(`${url}/console/login`);
      await page.getByLabel('Email').fill(lead);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${url}/console/requests`);
      const token = await page.locator('input[name=csrf]').first().getAttribute('value');
      expect(token).toMatch(/\S{16,}/);
      // A page of another origin posts sign-out in the signed-in browser: first a plain CSRF
      // attempt, then one that even knows the session's token (a session used from elsewhere).
      for (const csrf of ['', token ?? '']) {
        attackerPage = `<!doctype html><form method="post" action="${url}/console/logout"><input name="csrf" value="${csrf}"></form><script>document.forms[0].submit()</script>`;
        const answer = page.waitForResponse(`${url}/console/logout`);
        await page.goto(attackerUrl);
        expect((await answer).status()).toBe(403);
        await page.goto(`${url}/console/requests`);
        // Still signed in: the forged sign-out changed nothing.
        expect(new URL(page.url()).pathname).toBe('/console/requests');
      }
    });
  }, 120_000);

  it('locks an account after ten wrong passwords typed into the form', async () => {
    if (server === undefined) throw new Error('the server did not start');
    const { url } = server;
    await withBrowser(async (context) => {
      const page = await context.newPage();
      const attempt = async (typed: string): Promise<void> => {
        await page.goto(`${url}/console/login`);
        await page.getByLabel('Email').fill(locked);
        await page.getByLabel('Password').fill(typed);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForLoadState();
      };
      for (let i = 0; i < 10; i += 1) {
        await attempt(`wrong password number ${i}`);
        expect(new URL(page.url()).pathname).toBe('/console/login');
      }
      // The right password no longer opens a session while the lock lasts.
      await attempt(password);
      expect(new URL(page.url()).pathname).toBe('/console/login');
      expect(await page.getByRole('alert').textContent()).toContain('locked');
      expect((await context.cookies(url)).map((cookie) => cookie.name)).not.toContain(
        '__Host-custodian_session',
      );
    });
  }, 120_000);

  it('finds no serious or critical accessibility violation on the sign-in page', async () => {
    if (server === undefined) throw new Error('the server did not start');
    const { url } = server;
    await withBrowser(
      async (context) => {
        const page = await context.newPage();
        await page.goto(`${url}/console/login`);
        expect(await seriousViolations(page)).toEqual([]);
        // And with the error it shows after a wrong password.
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password').fill('not the password at all');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('alert').waitFor();
        expect(await seriousViolations(page)).toEqual([]);
      },
      { bypassCSP: true },
    );
  }, 120_000);
});
