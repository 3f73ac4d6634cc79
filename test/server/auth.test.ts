import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allows,
  createApiKey,
  listApiKeys,
  revokeApiKey,
  routes,
  SCOPES,
  type AnyRoute,
} from '../../src/server/index.js';
import { eachTarget } from '../support/stores.js';
import { bearer, expectProblem, harness, type Harness } from './helpers.js';

const protectedRoutes = routes().filter((r) => r.scope !== 'public');
const publicRoutes = routes().filter((r) => r.scope === 'public');

/** A request to a route, with `{}` as body: enough to pass or fail the key check. */
function call(h: Harness, route: AnyRoute, headers: Record<string, string>) {
  const url = route.url
    .replace(':receiptId', '00000000-0000-4000-8000-000000000000')
    .replace(':token', 'u1.invalid.token');
  return h.app.inject({
    method: route.method,
    url,
    headers: route.method === 'POST' ? { 'content-type': 'application/json', ...headers } : headers,
    ...(route.method === 'POST' ? { payload: '{}' } : {}),
  });
}

eachTarget('API keys on $target', ({ target }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(target);
  });
  afterAll(() => h.close());

  it.each(protectedRoutes.map((r) => ({ name: `${r.method} ${r.url}`, route: r })))(
    '$name answers 401 with WWW-Authenticate without a key',
    async ({ route }) => {
      const response = await call(h, route, {});
      expectProblem(response, 401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    },
  );

  it.each(protectedRoutes.map((r) => ({ name: `${r.method} ${r.url}`, route: r })))(
    '$name answers 401 to a wrong key and 403 to a key without its scope',
    async ({ route }) => {
      for (const wrong of [
        'ck_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        'not-a-key',
        `${h.keys.admin}x`,
      ]) {
        expectProblem(await call(h, route, bearer(wrong)), 401);
      }
      expectProblem(await call(h, route, { authorization: `Basic ${h.keys.admin}` }), 401);
      for (const scope of SCOPES) {
        const response = await call(h, route, bearer(h.keys[scope]));
        if (allows([scope], route.scope as never)) {
          expect([401, 403]).not.toContain(response.statusCode);
        } else {
          const problem = expectProblem(response, 403);
          expect(problem.detail).toContain(route.scope);
        }
      }
    },
  );

  it.each(publicRoutes.map((r) => ({ name: `${r.method} ${r.url}`, route: r })))(
    '$name needs no key',
    async ({ route }) => {
      const response = await call(h, route, {});
      expect([401, 403]).not.toContain(response.statusCode);
    },
  );

  it('refuses a revoked key at once, and lists it as revoked', async () => {
    const { id, key } = await createApiKey(h.store.db, {
      name: 'short-lived',
      scopes: ['consent:read'],
    });
    const route = protectedRoutes.find((r) => r.url === '/v1/consents/state');
    if (!route) throw new Error('state route');
    expect((await call(h, route, bearer(key))).statusCode).toBe(400);
    expect(await revokeApiKey(h.store.db, id)).toBe(true);
    expect(await revokeApiKey(h.store.db, id)).toBe(false);
    expectProblem(await call(h, route, bearer(key)), 401);
    const listed = (await listApiKeys(h.store.db)).find((k) => k.id === id);
    expect(listed?.revokedAt).toBeInstanceOf(Date);
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
  });

  it('stores only the SHA-256 of a key, never the key', async () => {
    const { id, key } = await createApiKey(h.store.db, { name: 'hashed', scopes: ['admin'] });
    expect(key).toMatch(new RegExp(`^ck_${id}_[A-Za-z0-9_-]{43}$`));
    const row = await h.store.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(key.slice(20));
    const { createHash } = await import('node:crypto');
    expect(row.hash).toBe(createHash('sha256').update(key).digest('hex'));
  });

  it('refuses to create a key with an unknown scope', async () => {
    await expect(
      createApiKey(h.store.db, { name: 'bad', scopes: ['consent:write', 'everything'] }),
    ).rejects.toMatchObject({ code: 'auth.unknown_scope' });
  });
});

describe('scopes', () => {
  it('lets admin do what every scope does, and no scope do another', () => {
    for (const scope of SCOPES) expect(allows(['admin'], scope)).toBe(true);
    expect(allows(['consent:read'], 'consent:write')).toBe(false);
    expect(allows(['suppression:write'], 'suppression:read')).toBe(false);
  });
});
