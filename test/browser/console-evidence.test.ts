import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvidence } from '../../src/evidence/index.js';
import { createUser } from '../../src/staff/index.js';
import {
  freshBackend,
  startServer,
  type Backend,
  type ServerProcess,
} from '../durability/server-process.js';
import { CHROMIUM, withBrowser } from '../support/browser.js';
import { seriousViolations } from '../support/axe.js';

/** A viewer opens the evidence page of a real `custodian serve`, searches it, and sees a break. */
describe.skipIf(CHROMIUM === undefined)('the console evidence page in Chromium', () => {
  let backend: Backend | undefined;
  let server: ServerProcess | undefined;
  const email = 'viewer.evidence@example.com';
  const password = 'a long console password';
  const requestId = randomUUID();

  beforeAll(async () => {
    backend = await freshBackend('postgres');
    server = await startServer(backend);
    const store = await backend.open();
    try {
      await createUser(store.db, { email, role: 'viewer', password });
      for (let n = 0; n < 3; n++) {
        await appendEvidence(store.db, {
          actor: 'system',
          action: 'request.verified',
          subjectRef: `rs_${'c0ffee00'.repeat(4)}`,
          details: { requestId, status: 'verified', n },
          at: new Date(),
        });
      }
    } finally {
      await store.close();
    }
  }, 120_000);
  afterAll(async () => {
    await server?.stop('SIGTERM');
    await backend?.cleanup();
  });

  it('has no serious or critical accessibility violation, verified, searched or broken', async () => {
    if (server === undefined || backend === undefined) throw new Error('the server did not start');
    const { url } = server;
    const opened = backend;
    await withBrowser(
      async (context) => {
        const page = await context.newPage();
        await page.goto(`${url}/console/login`);
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password').fill(password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL(`${url}/console/requests`);

        await page.goto(`${url}/console/evidence`);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Evidence');
        expect(await page.locator('.verified').textContent()).toMatch(/^Verified up to record \d+/);
        expect(await seriousViolations(page)).toEqual([]);

        await page.getByLabel('Request id').fill(requestId);
        await page.getByRole('button', { name: 'Search' }).click();
        await page.waitForURL(/\/console\/evidence\?/);
        expect(await page.locator('tbody tr').count()).toBe(3);
        expect(await seriousViolations(page)).toEqual([]);

        const store = await opened.open();
        try {
          await sql`update evidence set actor = 'tampered' where seq = 1`.execute(store.db);
        } finally {
          await store.close();
        }
        await page.goto(`${url}/console/evidence`);
        await page.getByRole('button', { name: 'Verify from the start' }).click();
        await page.waitForURL(`${url}/console/evidence`);
        expect(await page.getByRole('alert').textContent()).toContain(
          'The chain is broken at record 1:',
        );
        expect(await seriousViolations(page)).toEqual([]);
      },
      { bypassCSP: true },
    );
  }, 120_000);
});
