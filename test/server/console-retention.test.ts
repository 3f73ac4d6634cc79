import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKeys } from '../../src/cli/server-keys.js';
import { sweepRetention } from '../../src/retention/index.js';
import { buildServer } from '../../src/server/index.js';
import { createUser } from '../../src/staff/index.js';
import { certificateSigningKey, type Store } from '../../src/store/index.js';
import { keepPeople, NOW, openRetentionShop, shopMap, type OpenShop } from '../retention/shop.js';
import { freshStore } from '../support/stores.js';
import { LogCapture } from './helpers.js';

const ORIGIN = 'https://privacy.example.com';
const PASSWORD = 'correct horse battery staple';

/** The console's retention page: the last sweeps with what each did, counts only, read-only. */
describe('console retention page', () => {
  let store: Store;
  let shop: OpenShop;
  let app: FastifyInstance;
  let cookie = '';

  beforeAll(async () => {
    store = await freshStore('pglite');
    shop = await openRetentionShop('pglite');
    const { secret, signingKey } = await openKeys(store.db, {});
    const map = shopMap(shop.datastore);
    await keepPeople({
      db: store.db,
      map,
      secret,
      signingKey,
      now: () => NOW,
      actor: 'cli',
      connectors: new Map([['shop', shop.connector]]),
    });
    await shop.query(`alter table invoices rename column issued_at to issued_on`);
    await sweepRetention({
      db: store.db,
      secret,
      map,
      connectors: new Map([['shop', shop.connector]]),
      now: NOW,
      actor: 'cli',
      trigger: 'cli',
    });
    app = buildServer({
      store,
      map,
      secret,
      signingKey: await certificateSigningKey(store.db),
      clock: () => NOW,
      logger: new LogCapture(),
      publicUrl: ORIGIN,
      requestRateLimit: false,
    });
    await createUser(store.db, {
      email: 'viewer.retention@example.com',
      role: 'viewer',
      password: PASSWORD,
    });
    const response = await app.inject({
      method: 'POST',
      url: '/console/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      payload: new URLSearchParams({
        email: 'viewer.retention@example.com',
        password: PASSWORD,
      }).toString(),
    });
    expect(response.statusCode, response.body).toBe(303);
    cookie = String(response.headers['set-cookie'] ?? '').split(';')[0] ?? '';
  });

  afterAll(async () => {
    await app.close();
    await shop.close();
    await store.close();
  });

  it('shows each collection of the last sweep with its counts and failures, to every role', async () => {
    const page = await app.inject({
      method: 'GET',
      url: '/console/retention',
      headers: { cookie },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a href="/console/retention" aria-current="page">Retention</a>');
    expect(page.body).toMatch(
      /<td>shop<\/td><td>orders<\/td><td>swept<\/td><td>delete<\/td><td>1<\/td><td>0<\/td><td>1 restricted, 1 open request<\/td>/,
    );
    expect(page.body).toMatch(
      /<td>shop<\/td><td>customers<\/td><td>swept<\/td><td>anonymise<\/td><td>0<\/td><td>1<\/td><td>2 restricted, 1 open request<\/td>/,
    );
    // The renamed column stops its collection, and the page says why.
    expect(page.body).toMatch(
      /<td>invoices<\/td><td><strong>failed<\/strong>: datastore &quot;shop&quot;: [^<]*no such column/,
    );
    expect(page.body).not.toContain('@example.com');
  });

  it('sends a visitor without a session to sign in', async () => {
    const page = await app.inject({ method: 'GET', url: '/console/retention' });
    expect(page.statusCode).toBe(303);
    expect(page.headers['location']).toBe('/console/login');
  });
});
