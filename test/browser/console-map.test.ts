import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile, type DataMap } from '../../src/map/index.js';
import { listPublications, recordPublication } from '../../src/publications/index.js';
import { createUser } from '../../src/staff/index.js';
import {
  freshBackend,
  MAP,
  startServer,
  type Backend,
  type ServerProcess,
} from '../durability/server-process.js';
import { CHROMIUM, withBrowser } from '../support/browser.js';
import { seriousViolations } from '../support/axe.js';

/** The served map as it was a year before: notice 2025-09, security logs kept three months. */
function earlier(map: DataMap): DataMap {
  const before = structuredClone(map);
  return {
    ...before,
    purposes: before.purposes.map((purpose) =>
      purpose.id === 'website-operation' && purpose.retention !== undefined
        ? { ...purpose, retention: { ...purpose.retention, duration: 'P3M' } }
        : purpose,
    ),
    notice: { ...before.notice, version: '2025-09', effectiveDate: '2025-09-01' },
  };
}

/**
 * A real `custodian serve` on PostgreSQL publishes its notice after an earlier one; a privacy lead
 * reads the data map page and a person the earlier version, both without serious accessibility
 * violations.
 */
describe.skipIf(CHROMIUM === undefined)('data map page and notice versions in Chromium', () => {
  let backend: Backend | undefined;
  let server: ServerProcess | undefined;
  const email = 'lead.staff@example.com';
  const password = 'a long console password';
  beforeAll(async () => {
    const loaded = await loadFile(MAP);
    if (!loaded.ok) throw new Error('the demo map loads');
    backend = await freshBackend('postgres');
    const store = await backend.open();
    try {
      await createUser(store.db, { email, role: 'privacy-lead', password });
      await recordPublication(
        store.db,
        earlier(loaded.value.map),
        new Date('2025-09-01T08:00:00Z'),
      );
    } finally {
      await store.close();
    }
    server = await startServer(backend);
  }, 120_000);
  afterAll(async () => {
    await server?.stop('SIGTERM');
    await backend?.cleanup();
  });

  it('records the served notice as the next version when it starts', async () => {
    if (server === undefined || backend === undefined) throw new Error('the server did not start');
    expect(server.output()).toContain(
      'published notice 2026-03 as version 2 of the privacy center',
    );
    const store = await backend.open();
    try {
      const versions = await listPublications(store.db);
      expect(versions.map((v) => [v.seq, v.version])).toEqual([
        [2, '2026-03'],
        [1, '2025-09'],
      ]);
    } finally {
      await store.close();
    }
  });

  it('shows the data map page and the notice versions with no serious violation', async () => {
    if (server === undefined) throw new Error('the server did not start');
    const { url } = server;
    const origins = new Set<string>();
    const found = await withBrowser(
      async (context) => {
        const page = await context.newPage();
        page.on('request', (request) => origins.add(new URL(request.url()).origin));
        const out: Record<string, string[]> = {};
        await page.goto(`${url}/console/login`);
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password').fill(password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL(`${url}/console/requests`);

        await page.getByRole('link', { name: 'Data map' }).click();
        await page.waitForURL(`${url}/console/map`);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Data map');
        const diff = await page.locator('section[aria-labelledby="diff"]').textContent();
        expect(diff).toContain('The served map is the last published version');
        expect(diff).toContain('P3M from collection becomes P6M from collection');
        expect(
          await page.getByRole('link', { name: 'Download the Art. 30 record (CSV)' }).count(),
        ).toBe(1);
        out['/console/map'] = await seriousViolations(page);

        await page.goto(`${url}/console/map/notice/de`);
        out['/console/map/notice/de'] = await seriousViolations(page);

        await page.getByRole('link', { name: 'Retention' }).click();
        await page.waitForURL(`${url}/console/retention`);
        expect(await page.getByRole('status').textContent()).toBe('No sweep has run yet.');
        out['/console/retention'] = await seriousViolations(page);

        await page.goto(`${url}/privacy/en`);
        await page.getByRole('link', { name: 'Earlier versions of this notice' }).click();
        await page.waitForURL(`${url}/privacy/en/versions`);
        out['/privacy/en/versions'] = await seriousViolations(page);
        await page.getByRole('link', { name: '1', exact: true }).click();
        await page.waitForURL(`${url}/privacy/en/versions/1`);
        expect(await page.getByRole('note').textContent()).toContain(
          'This version is no longer in effect.',
        );
        out['/privacy/en/versions/1'] = await seriousViolations(page);
        return out;
      },
      { bypassCSP: true },
    );
    for (const [path, violations] of Object.entries(found)) {
      expect(violations, path).toEqual([]);
    }
    expect([...origins]).toEqual([url]);
  }, 120_000);
});
