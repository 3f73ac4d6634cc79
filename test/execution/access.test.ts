import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  accessPackage,
  accessSummary,
  findPerson,
  runRequest,
  storePackage,
  sweepPackages,
} from '../../src/execution/index.js';
import { buildServer } from '../../src/server/index.js';
import { eachTarget } from '../support/stores.js';
import { NOW } from './fixture.js';
import { MAP, world, type World } from './setup.js';
import { leaked } from '../support/leaks.js';

eachTarget('access packages on $target', ({ target }) => {
  let w: World;
  beforeEach(async () => {
    w = await world(target);
  });
  afterEach(async () => {
    await w.close();
  });

  const server = () =>
    buildServer({
      store: w.store,
      map: MAP,
      secret: w.ctx.secret,
      signingKey: w.ctx.signingKey,
      clock: w.ctx.now,
    });

  it('packages every row found, downloadable once, then 410', async () => {
    const id = await w.open('access');
    const outcome = await runRequest(w.ctx, id, { publicUrl: 'https://privacy.example.com/' });
    if (outcome.dryRun) return expect.fail('not a dry run');
    expect(outcome.record.status).toBe('completed');
    expect(outcome.summary).toMatchObject({ rows: 16 });
    const url = outcome.downloadUrl ?? '';
    expect(url).toMatch(/^https:\/\/privacy\.example\.com\/v1\/packages\/[\w.-]+$/);
    expect(leaked(url, ['ana', 'ana@example.com'])).toEqual([]);
    expect(url).not.toContain('@');

    let app = server();
    try {
      const path = new URL(url).pathname;
      // The link opens a page; its button POSTs the download.
      const page = await app.inject({ method: 'GET', url: path });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('<form method="post" action="">');
      const first = await app.inject({ method: 'POST', url: path });
      expect(first.statusCode).toBe(200);
      expect(first.headers['content-type']).toBe('application/zip');
      expect(first.headers['cache-control']).toBe('no-store');
      const files = unzipSync(new Uint8Array(first.rawPayload));
      expect(Object.keys(files).sort()).toEqual([
        'csv/billing/complaints.csv',
        'csv/billing/invoices.csv',
        'csv/billing/subscribers.csv',
        'csv/shop/accounts.csv',
        'csv/shop/addresses.csv',
        'csv/shop/customer_emails.csv',
        'csv/shop/customers.csv',
        'csv/shop/order_lines.csv',
        'csv/shop/orders.csv',
        'csv/shop/payments.csv',
        'data.json',
        'summary.html',
      ]);
      const data = JSON.parse(strFromU8(files['data.json'] ?? new Uint8Array())) as {
        datastores: Record<string, Record<string, unknown[]>>;
      };
      expect(data.datastores['shop']?.['customers']).toEqual([
        {
          id: 1,
          email: 'ana@example.com',
          name: 'Ana Example',
          birth_date: '1990-05-17T00:00:00.000Z',
          city: 'Gent',
          phone: '+32 470 00 00 01',
          restricted: false,
        },
      ]);
      expect(data.datastores['billing']?.['subscribers']).toEqual([
        { id: 801, email: 'ana.work@example.com', name: 'Ana' },
      ]);
      expect(data.datastores['shop']?.['order_lines']).toHaveLength(3);
      expect(strFromU8(files['csv/shop/order_lines.csv'] ?? new Uint8Array())).toBe(
        'order_id,line,sku\r\n101,1,A\r\n101,2,"B ""big"", blue"\r\n102,1,C\r\n',
      );
      const summary = strFromU8(files['summary.html'] ?? new Uint8Array());
      // GDPR Art. 15(1): purposes with their basis, categories, rights, from the map.
      expect(summary).toContain(
        'Orders: Deliver what you ordered. (legal basis: Performance of a contract with you',
      );
      expect(summary).toContain('<li>Email address</li>');
      expect(summary).toContain('<li>Right to erasure (GDPR Art. 17)</li>');
      expect(summary).toContain('Example Shop NV');
      expect(summary).not.toContain('Ana Example');

      // The download is recorded once its body went out; closing the server waits for that.
      await app.close();
      app = server();
      const second = await app.inject({ method: 'POST', url: path });
      expect(second.statusCode).toBe(410);
      expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(second.json()).toMatchObject({ status: 410, code: 'package.gone' });

      const row = await w.store.db.selectFrom('packages').selectAll().executeTakeFirstOrThrow();
      expect(row.content_sealed).toBeNull();
      expect(row.downloaded_at).not.toBeNull();
      const actions = await w.store.db
        .selectFrom('evidence')
        .select('action')
        .where('action', 'like', 'package.%')
        .orderBy('seq')
        .execute();
      expect(actions.map((record) => record.action)).toEqual([
        'package.created',
        'package.downloaded',
      ]);
    } finally {
      await app.close();
    }
  });

  it('answers a tampered, unknown or expired link with a problem and nothing more', async () => {
    const id = await w.open('access');
    const zip = new Uint8Array([1, 2, 3]);
    const live = await storePackage(w.ctx, {
      requestId: id,
      zip,
      expiresAt: new Date(NOW.getTime() + 3_600_000),
    });
    const expired = await storePackage(w.ctx, {
      requestId: id,
      zip,
      expiresAt: new Date(NOW.getTime() - 1000),
    });
    const app = server();
    try {
      const mac = live.token.slice(-43);
      const flipped = `${live.token.slice(0, -43)}${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
      const later = live.token.replace(/\.(\d+)\./, (_, s: string) => `.${Number(s) + 3600}.`);
      for (const token of [
        flipped,
        later,
        'not-a-token',
        `${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}.1.${'A'.repeat(43)}`,
      ]) {
        const response = await app.inject({ method: 'POST', url: `/v1/packages/${token}` });
        expect(response.statusCode).toBe(404);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.json()).toMatchObject({ code: 'package.not_found' });
        expect(response.body).not.toContain(id);
        const page = await app.inject({ method: 'GET', url: `/v1/packages/${token}` });
        expect(page.statusCode).toBe(404);
        expect(page.headers['content-type']).toMatch(/^text\/html/);
        expect(page.body).not.toContain(id);
      }
      for (const method of ['GET', 'POST'] as const) {
        const gone = await app.inject({ method, url: `/v1/packages/${expired.token}` });
        expect(gone.statusCode).toBe(410);
        expect(gone.body).not.toContain(id);
      }

      // The sweep deletes what expired and leaves the rest.
      expect(await sweepPackages(w.ctx)).toBe(1);
      expect(await sweepPackages(w.ctx)).toBe(0);
      const ok = await app.inject({ method: 'POST', url: `/v1/packages/${live.token}` });
      expect(ok.statusCode).toBe(200);
      expect(new Uint8Array(ok.rawPayload)).toEqual(zip);
    } finally {
      await app.close();
    }
  });

  it('serves the public key certificates are signed with, and never makes one on a GET', async () => {
    const app = server();
    try {
      const settings = () => w.store.db.selectFrom('settings').selectAll().orderBy('key').execute();
      const before = await settings();
      for (const method of ['GET', 'HEAD'] as const) {
        const response = await app.inject({ method, url: '/v1/certificates/key' });
        expect(response.statusCode).toBe(200);
      }
      const response = await app.inject({ method: 'GET', url: '/v1/certificates/key' });
      expect(response.json()).toMatchObject({
        algorithm: 'Ed25519',
        keyId: w.ctx.signingKey.keyId,
        publicKey: expect.stringContaining('BEGIN PUBLIC KEY'),
      });
      // The key is the server's, given when it was built: opening the route writes nothing.
      expect(await settings()).toEqual(before);
    } finally {
      await app.close();
    }
  });
});

it('makes the same package from the same rows', async () => {
  const w = await world('pglite');
  try {
    const found = await findPerson(MAP.datastores, w.shop.connectors, {
      email: ['ana@example.com'],
    });
    const options = { requestId: '00000000-0000-4000-8000-000000000001', generatedAt: NOW };
    expect(accessPackage(MAP, found, options)).toEqual(accessPackage(MAP, found, options));
  } finally {
    await w.close();
  }
});

it('escapes the map texts in the summary and lists the Art. 15(1) facts of the purposes concerned', () => {
  const orders = MAP.purposes.find((purpose) => purpose.id === 'orders');
  if (orders === undefined) return expect.fail('the map has an orders purpose');
  const map = {
    ...MAP,
    purposes: [
      { ...orders, description: 'Deliver <b>fast</b> & "well"' },
      ...MAP.purposes.filter((purpose) => purpose.id !== 'orders'),
    ],
  };
  const found = {
    collections: [
      {
        datastore: 'shop',
        collection: 'customers',
        rows: [{ id: 1, email: 'ana@example.com', name: null }],
      },
    ],
    identities: {},
    rounds: 1,
  };
  const html = accessSummary(map, found, {
    requestId: '00000000-0000-4000-8000-000000000001',
    generatedAt: NOW,
  });
  expect(html).toContain('Deliver &lt;b&gt;fast&lt;/b&gt; &amp; &quot;well&quot;');
  expect(html).not.toContain('<b>fast</b>');
  // Only the email holds a value, so the purposes are those using contact.email.
  expect(html).toContain('<li>Email address</li>');
  expect(html).not.toContain('<li>Name</li>');
  expect(html).toContain('Newsletter');
  expect(html).not.toContain('Fraud prevention');
  expect(html).not.toContain('ana@example.com');
});
