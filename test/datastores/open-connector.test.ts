import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConnector } from '../../src/datastores/index.js';
import { pgliteShopDir, smallShop } from './fixture.js';

describe('openConnector', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'custodian-open-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('opens a PGlite data directory relative to the map', async () => {
    await pgliteShopDir(path.join(dir, 'shop'));
    const connector = await openConnector(smallShop('pglite'), { mapDir: dir });
    const customers = connector.datastore.collections[0];
    if (customers === undefined) return expect.fail('no customers');
    const rows = await connector.find(customers, [
      { fields: ['email'], values: [['bo@example.com']] },
    ]);
    expect(rows.map((row) => row['id'])).toEqual(['2']);
    await connector.close();
  });

  it('refuses a PGlite data directory that does not exist rather than creating an empty one', async () => {
    await expect(openConnector(smallShop('pglite'), { mapDir: dir })).rejects.toMatchObject({
      code: 'datastore.unreachable',
      message: 'datastore "shop": the PGlite data directory ./shop does not exist',
    });
  });

  it('names the variable that is not set', async () => {
    await expect(
      openConnector(smallShop('postgres'), { mapDir: dir, env: {} }),
    ).rejects.toMatchObject({
      code: 'datastore.connection',
      message: 'datastore "shop": environment variable SHOP_DATABASE_URL is not set',
    });
  });

  it('refuses a URL of the wrong kind without echoing it', async () => {
    const error = await openConnector(smallShop('postgres'), {
      mapDir: dir,
      env: { SHOP_DATABASE_URL: 'mysql://root:s3cret@127.0.0.1/shop' },
    })
      .then(() => new Error('opened'))
      .catch((e: unknown) => e as Error);
    expect(error.message).toBe(
      'datastore "shop": SHOP_DATABASE_URL must be a postgres:// or postgresql:// URL for type postgres',
    );
    const garbage = await openConnector(smallShop('mysql'), {
      mapDir: dir,
      env: { SHOP_DATABASE_URL: 's3cret' },
    })
      .then(() => new Error('opened'))
      .catch((e: unknown) => e as Error);
    expect(garbage.message).toBe('datastore "shop": SHOP_DATABASE_URL does not hold a URL');
  });

  it('reports an unreachable PostgreSQL and MariaDB on first use, naming the code only', async () => {
    for (const [type, url] of [
      ['postgres', 'postgres://shop:s3cret@127.0.0.1:1/shop'],
      ['mysql', 'mariadb://shop:s3cret@127.0.0.1:1/shop'],
    ] as const) {
      const connector = await openConnector(smallShop(type), {
        mapDir: dir,
        env: { SHOP_DATABASE_URL: url },
      });
      const error = await connector.introspect?.().catch((e: unknown) => e as Error);
      expect(error).toMatchObject({
        code: 'datastore.unreachable',
        message: 'datastore "shop" cannot be reached (ECONNREFUSED)',
      });
      await connector.close();
    }
  });
});
