import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshBackend,
  startServer,
  type Backend,
  type ServerProcess,
} from '../durability/server-process.js';
import { CHROMIUM, withBrowser } from '../support/browser.js';

/**
 * The browser suites' ground: Debian's Chromium opens pages of a real `custodian serve` on
 * PostgreSQL, and every request the page makes stays on Custodian's own origin.
 */
describe.skipIf(CHROMIUM === undefined)('Chromium against a real server', () => {
  let backend: Backend | undefined;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    backend = await freshBackend('postgres');
    server = await startServer(backend);
  }, 120_000);
  afterAll(async () => {
    await server?.stop('SIGTERM');
    await backend?.cleanup();
  });

  it('renders the API reference page and fetches nothing from another origin', async () => {
    if (server === undefined) throw new Error('the server did not start');
    const { url } = server;
    const origins = new Set<string>();
    const title = await withBrowser(async (context) => {
      const page = await context.newPage();
      page.on('request', (request) => origins.add(new URL(request.url()).origin));
      const response = await page.goto(`${url}/docs`);
      expect(response?.status()).toBe(200);
      return page.title();
    });
    expect(title).toMatch(/Custodian/);
    expect([...origins]).toEqual([url]);
  }, 120_000);
});
