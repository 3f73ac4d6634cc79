import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey, startServer, type RunningServer } from '../../src/server/index.js';
import { certificateSigningKey, serverSecret, type Store } from '../../src/store/index.js';
import { eachTarget, freshStore } from '../support/stores.js';
import { demoMap, LogCapture } from './helpers.js';

eachTarget('the server on a real socket on $target', ({ target }) => {
  let store: Store;
  let server: RunningServer;
  let key: string;
  const log = new LogCapture();

  beforeAll(async () => {
    store = await freshStore(target);
    const secret = await serverSecret(store.db);
    key = (await createApiKey(store.db, { name: 'socket', scopes: ['admin'] })).key;
    server = await startServer({
      store,
      map: await demoMap(),
      secret,
      signingKey: await certificateSigningKey(store.db),
      port: 0,
      logger: log,
    });
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  const call = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${server.url}${path}`, init);
  const send = (path: string, body: unknown): Promise<Response> =>
    call(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('listens on the port it reports', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
  });

  it('records, checks, links and unsubscribes over HTTP', async () => {
    const consent = await send('/v1/consents', {
      subject: { email: 'socket@example.com' },
      choices: { newsletter: 'granted' },
      source: 'signup-form',
    });
    expect(consent.status).toBe(201);
    expect(consent.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(consent.headers.get('cache-control')).toBe('no-store');

    const link = (await (
      await send('/v1/unsubscribe-links', {
        subject: { email: 'socket@example.com' },
        purpose: 'newsletter',
      })
    ).json()) as { url: string };
    // Without a configured public URL, links point at the address the server listens on.
    expect(link.url.startsWith(`${server.url}/u/`)).toBe(true);

    const page = await fetch(link.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('List-Unsubscribe');

    const click = await fetch(link.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(click.status).toBe(200);

    const check = await send('/v1/consents/check', {
      purpose: 'newsletter',
      subjects: [{ email: 'socket@example.com' }],
    });
    const { results } = (await check.json()) as { results: { allowed: boolean }[] };
    expect(results[0]?.allowed).toBe(false);
  });

  it('answers problems over the wire with their media type', async () => {
    const response = await call('/v1/consents', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('logs one line per request with the route pattern, status and request id', () => {
    const lines = log.records.filter((r) => r['msg'] === 'request');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) {
      expect(line).toEqual(
        expect.objectContaining({
          reqId: expect.any(String),
          method: expect.any(String),
          route: expect.any(String),
          status: expect.any(Number),
          ms: expect.any(Number),
        }),
      );
    }
    expect(lines.map((l) => l['route'])).toContain('/u/:token');
    expect(log.text).not.toContain('socket@example.com');
    expect(log.text).not.toContain('/u/u1.');
  });
});
