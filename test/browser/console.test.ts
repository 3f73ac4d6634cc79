import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/staff/index.js';
import {
  freshBackend,
  startServer,
  type Backend,
  type ServerProcess,
} from '../durability/server-process.js';
import { CHROMIUM, withBrowser } from '../support/browser.js';

/** A staff member signs in to the console of a real `custodian serve` through its form. */
describe.skipIf(CHROMIUM === undefined)('the admin console in Chromium', () => {
  let backend: Backend | undefined;
  let server: ServerProcess | undefined;
  const email = 'viewer.staff@example.com';
  const password = 'a long console password';
  beforeAll(async () => {
    backend = await freshBackend('postgres');
    const store = await backend.open();
    try {
      await createUser(store.db, { email, role: 'viewer', password });
    } finally {
      await store.close();
    }
    server = await startServer(backend);
  }, 120_000);
  afterAll(async () => {
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
});
