import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/index.js';
import { routes } from '../../src/server/routes.js';
import { certificateSigningKey, serverSecret, type Store } from '../../src/store/index.js';
import { demoMap } from '../server/helpers.js';
import { freshStore } from '../support/stores.js';

const ATTACKER = 'https://attacker.example.com';
const ADMIN = 'https://admin.example.com';

/**
 * Issue 9, fault 7: CORS looked at the path and not the method, so the keyed `GET /v1/requests`
 * answered any origin because `POST /v1/requests` (the public intake) shares its path. CORS is
 * decided before any database work, so one store kind is enough here.
 */
describe('CORS per route and method', () => {
  let store: Store;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await freshStore('pglite');
    app = buildServer({
      store,
      map: await demoMap(),
      secret: await serverSecret(store.db),
      signingKey: await certificateSigningKey(store.db),
      corsOrigins: [ADMIN],
      requestRateLimit: false,
    });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const preflight = (url: string, method: string, origin = ATTACKER) =>
    app.inject({
      method: 'OPTIONS',
      url,
      headers: { origin, 'access-control-request-method': method },
    });

  it('refuses a foreign origin the keyed GET of a path whose POST is public', async () => {
    const asked = await preflight('/v1/requests', 'GET');
    expect(asked.headers['access-control-allow-origin']).toBeUndefined();
    const direct = await app.inject({
      method: 'GET',
      url: '/v1/requests',
      headers: { origin: ATTACKER },
    });
    expect(direct.statusCode).toBe(401);
    expect(direct.headers['access-control-allow-origin']).toBeUndefined();
    // The public intake on the same path still answers any origin, and allows only its method.
    const intake = await preflight('/v1/requests', 'POST');
    expect(intake.headers['access-control-allow-origin']).toBe('*');
    expect(String(intake.headers['access-control-allow-methods'])).toBe('POST');
    expect(String(intake.headers['access-control-allow-headers'])).not.toMatch(/authorization/i);
  });

  it('gives a listed origin the keyed method only, with Authorization allowed', async () => {
    const asked = await preflight('/v1/requests', 'GET', ADMIN);
    expect(asked.headers['access-control-allow-origin']).toBe(ADMIN);
    expect(String(asked.headers['access-control-allow-methods'])).toBe('GET');
    expect(String(asked.headers['access-control-allow-headers'])).toMatch(/authorization/i);
  });

  it('answers a HEAD as its GET route, and no CORS for methods no route serves', async () => {
    const head = await app.inject({
      method: 'HEAD',
      url: '/v1/purposes',
      headers: { origin: ATTACKER },
    });
    expect(head.headers['access-control-allow-origin']).toBe('*');
    for (const [url, method] of [
      ['/v1/purposes', 'DELETE'],
      ['/v1/requests/6f1c2f7e-1111-4222-8333-944455556666', 'PUT'],
      ['/no/such/route', 'GET'],
    ] as const) {
      const response = await preflight(url, method);
      expect(response.headers['access-control-allow-origin'], `${method} ${url}`).toBeUndefined();
    }
  });

  it('decides every route of the table by its own scope', async () => {
    for (const route of routes()) {
      const url = route.url.replace(/:[A-Za-z]+/g, 'x1');
      const response = await preflight(url, route.method);
      const allowed = response.headers['access-control-allow-origin'];
      // The banner's routes answer site-key origins only, and this server declares none.
      const anyOrigin = route.scope === 'public' && !route.url.startsWith('/v1/public/');
      expect(allowed, `${route.method} ${route.url}`).toBe(anyOrigin ? '*' : undefined);
    }
  });
});
