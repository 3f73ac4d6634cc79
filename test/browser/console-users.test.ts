import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, createUser, hotp, totpStep } from '../../src/staff/index.js';
import {
  freshBackend,
  startServer,
  type Backend,
  type ServerProcess,
} from '../durability/server-process.js';
import { CHROMIUM, withBrowser } from '../support/browser.js';
import { seriousViolations } from '../support/axe.js';

/**
 * An admin of a real `custodian serve` on PostgreSQL manages staff and turns on two-step sign-in
 * in Chromium, then signs in with password and code through the real forms.
 */
describe.skipIf(CHROMIUM === undefined)('console users and two-step sign-in in Chromium', () => {
  let backend: Backend | undefined;
  let server: ServerProcess | undefined;
  const email = 'admin.staff@example.com';
  const password = 'a long console password';
  beforeAll(async () => {
    backend = await freshBackend('postgres');
    const store = await backend.open();
    try {
      await createUser(store.db, { email, role: 'admin', password });
      await createUser(store.db, { email: 'viewer.staff@example.com', role: 'viewer', password });
    } finally {
      await store.close();
    }
    server = await startServer(backend);
  }, 120_000);
  afterAll(async () => {
    await server?.stop('SIGTERM');
    await backend?.cleanup();
  });

  async function signIn(page: Page, url: string): Promise<void> {
    await page.goto(`${url}/console/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('finds no serious or critical violation on the users and account pages, and signs in with a code', async () => {
    if (server === undefined) throw new Error('the server did not start');
    const { url } = server;
    const origins = new Set<string>();
    const found: Record<string, string[]> = {};
    await withBrowser(
      async (context) => {
        const page = await context.newPage();
        page.on('request', (request) => origins.add(new URL(request.url()).origin));
        await signIn(page, url);
        await page.waitForURL(`${url}/console/requests`);

        await page.goto(`${url}/console/users`);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Users');
        expect(await page.textContent('table')).toContain('viewer.staff@example.com');
        found['/console/users'] = await seriousViolations(page);

        await page.goto(`${url}/console/account`);
        found['/console/account (off)'] = await seriousViolations(page);
        await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
        await page.waitForURL(`${url}/console/account`);
        found['/console/account (set up)'] = await seriousViolations(page);
        const key = base32Decode((await page.textContent('#totp-secret')) ?? '');
        if (key === undefined) throw new Error('a base32 key on the page');
        expect(await page.textContent('#totp-uri')).toMatch(/^otpauth:\/\/totp\//);
        await page.getByLabel('Code from the app').fill(hotp(key, totpStep(new Date())));
        await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
        await page.waitForURL(`${url}/console/account`);
        expect(await page.textContent('main')).toContain('Two-step sign-in is on');
        found['/console/account (on)'] = await seriousViolations(page);

        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.waitForURL(`${url}/console/login`);
        await signIn(page, url);
        await page.waitForURL(`${url}/console/login/code`);
        found['/console/login/code'] = await seriousViolations(page);
        // The next step's code: inside the ±1 step window whenever the server reads it, and later
        // than the step the enrolment used, which is spent.
        await page.getByLabel('Code').fill(hotp(key, totpStep(new Date()) + 1));
        await page.getByRole('button', { name: 'Verify' }).click();
        await page.waitForURL(`${url}/console/requests`);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Requests');
        const cookies = await context.cookies(url);
        expect(cookies.map((cookie) => cookie.name)).toEqual(['__Host-custodian_session']);
      },
      { bypassCSP: true },
    );
    expect(found).toEqual({
      '/console/users': [],
      '/console/account (off)': [],
      '/console/account (set up)': [],
      '/console/account (on)': [],
      '/console/login/code': [],
    });
    expect([...origins]).toEqual([url]);
    expect(server.output()).not.toContain(password);
  }, 180_000);
});
