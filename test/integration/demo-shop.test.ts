import { lstat, mkdir, mkdtemp, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, inject, it } from 'vitest';
import { EXAMPLES_DIR } from '../../src/cli/tour.js';
import { ensureDemoShop, SHOP_DATABASES, SHOP_TABLES } from '../../src/demo/index.js';
import { loadFile, type DataMap } from '../../src/map/index.js';
import { declaration, plainRow, seedRows, shopSeed, sortRows } from '../support/shop/index.js';

async function demoMap(): Promise<DataMap> {
  const result = await loadFile(path.join(EXAMPLES_DIR, 'bestmix', 'privacy.yaml'));
  if (!result.ok) throw new Error('the demo map does not load');
  return result.value.map;
}

/** A directory standing in for examples/bestmix, two levels below a scratch root. */
async function mapDir(): Promise<string> {
  const root = await mkdtemp(path.join(inject('scratchDir'), 'demo-'));
  const dir = path.join(root, 'examples', 'bestmix');
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Files and directories under `dir` the group or others may use. */
async function readableByOthers(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true })) {
    const file = path.join(dir, entry);
    if (((await lstat(file)).mode & 0o077) !== 0) found.push(entry);
  }
  return found;
}

describe('the demo shop of `npm start`', () => {
  it('declares the same collections as the shop the request tests run on', async () => {
    const map = await demoMap();
    expect(map.datastores.map((d) => d.id)).toEqual([...SHOP_DATABASES]);
    for (const demo of map.datastores) {
      expect(demo.type).toBe('pglite');
      const fixture = await declaration(demo.id as 'shop', { engine: 'pglite', dataDir: 'x' });
      // Retention rules name the demo map's purposes, which the fixture's test maps do not have:
      // the collections, fields, keys, references and holds must match; retention is the map's.
      const structure = demo.collections.map((collection) => {
        const rest: Partial<typeof collection> = { ...collection };
        delete rest.retention;
        delete rest.activity;
        return rest;
      });
      expect(structure).toEqual(fixture.collections);
      expect(demo.collections.filter((c) => c.retention !== undefined).length).toBeGreaterThan(0);
    }
  });

  it('creates its databases once, seeded with the example.com people', async () => {
    const map = await demoMap();
    const dir = await mapDir();
    const now = new Date();
    // Two servers starting at once: both succeed, each database is made exactly once.
    const [first, second] = await Promise.all([
      ensureDemoShop(map, dir, now),
      ensureDemoShop(map, dir, now),
    ]);
    expect([...first, ...second].sort()).toEqual(
      SHOP_DATABASES.map((db) => path.resolve(dir, '../../.custodian/demo', db)).sort(),
    );
    expect(await ensureDemoShop(map, dir, now)).toEqual([]);
    // Its people's data is readable by the owner only, whatever the umask.
    for (const made of [...first, ...second]) {
      expect((await stat(made)).mode & 0o777).toBe(0o700);
      expect(await readableByOthers(made)).toEqual([]);
    }
    const expected = seedRows(shopSeed(now));
    for (const database of SHOP_DATABASES) {
      const db = await PGlite.create({
        dataDir: path.resolve(dir, '../../.custodian/demo', database),
      });
      try {
        for (const table of SHOP_TABLES[database]) {
          const { rows } = await db.query<Record<string, unknown>>(`select * from "${table}"`);
          expect(sortRows(table, rows.map(plainRow))).toEqual(expected[database][table]);
        }
      } finally {
        await db.close();
      }
    }
    // Six databases, each made by initdb in a child process and seeded: minutes on a busy machine.
  }, 180_000);
});
