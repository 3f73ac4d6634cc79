import { randomBytes } from 'node:crypto';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { CustodianError } from '../errors.js';
import type { DataMap } from '../map/index.js';
import { abortTrap, openPGlite, startFailure, storeFailure } from '../store/index.js';
import { seedShopDatabase } from './seed-shop.js';
import { SHOP_DATABASES, SHOP_POSTGRES_DDL, type ShopDatabase } from './shop-schema.js';
import { shopSeed, type SeedValue } from './shop-seed.js';

function isShopDatabase(id: string): id is ShopDatabase {
  return (SHOP_DATABASES as readonly string[]).includes(id);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * Creates the demo shop's embedded databases where the demo map declares them (PGlite datastores
 * `shop`, `newsletter`, `billing`), seeded with its example.com people, unless they exist already.
 * Each is built in a scratch directory and renamed into place, so two processes starting at once
 * never share a half-made database. Returns the directories it created.
 */
export async function ensureDemoShop(
  map: DataMap,
  mapDir: string,
  now: Date = new Date(),
): Promise<string[]> {
  const seed = shopSeed(now);
  const created: string[] = [];
  for (const datastore of map.datastores) {
    const dataDir = datastore.connection.dataDir;
    if (datastore.type !== 'pglite' || dataDir === undefined || !isShopDatabase(datastore.id)) {
      continue;
    }
    const target = path.resolve(mapDir, dataDir);
    if (await exists(target)) continue;
    // Owner-only, like every directory Custodian makes: `.custodian` is also its own database's.
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const scratch = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      // A PANIC (a full disk) stops the instance instead of spinning (src/store/abort-trap.ts).
      const trap = abortTrap(
        () =>
          new CustodianError(
            'store.failed',
            `the demo shop database ${datastore.id} stopped after a fatal error (PostgreSQL PANIC); check the free space on its disk`,
          ),
      );
      // Made in a child process: the server that seeds the demo keeps none of initdb's memory.
      const db = await openPGlite(scratch, {
        extensions: { custodianAbortTrap: trap },
        initdbInChild: true,
      });
      try {
        await db.exec(SHOP_POSTGRES_DDL[datastore.id]);
        await seedShopDatabase(
          (sql, params) => db.query(sql, params as SeedValue[]),
          datastore.id,
          seed,
          'postgres',
        );
      } finally {
        await db.close();
      }
      await rename(scratch, target);
      created.push(target);
    } catch (error) {
      // Another process made it first: theirs is as good as ours.
      if (await exists(target)) continue;
      // A full disk or a read-only one, said plainly.
      throw storeFailure(error) === undefined
        ? error
        : await startFailure(path.dirname(target), error);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  return created;
}
