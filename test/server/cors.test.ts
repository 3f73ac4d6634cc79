import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/index.js';
import { certificateSigningKey, serverSecret, type Store } from '../../src/store/index.js';
import { freshStore } from '../support/stores.js';
import { demoMap } from './helpers.js';

const SHOP = 'https://shop.example.com';
const ADMIN = 'https://admin.example.com';

describe('cross-origin requests', () => {
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
    });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const preflight = (url: string, origin: string) =>
    app.inject({
      method: 'OPTIONS',
      url,
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

  it('lets any site read the public purposes and GPC file', async () => {
    for (const url of ['/v1/purposes', '/.well-known/gpc.json']) {
      const response = await app.inject({ method: 'GET', url, headers: { origin: SHOP } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['access-control-allow-origin']).toBe('*');
    }
  });

  it('answers a preflight for a public POST route with a parameter from any origin', async () => {
    const response = await preflight('/u/u1.some.token', SHOP);
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(String(response.headers['access-control-allow-methods'])).toContain('POST');
  });

  it('refuses keyed routes to origins the operator did not list', async () => {
    const response = await preflight('/v1/consents/check', SHOP);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const direct = await app.inject({
      method: 'POST',
      url: '/v1/consents/check',
      headers: { origin: SHOP, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(direct.statusCode).toBe(401);
    expect(direct.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lets a listed origin call keyed routes, with the Authorization header allowed', async () => {
    const response = await preflight('/v1/consents/check', ADMIN);
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(ADMIN);
    expect(String(response.headers['access-control-allow-headers'])).toMatch(/authorization/i);
  });
});
