import { PGlite } from '@electric-sql/pglite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { pgliteConnector, type PGliteLike } from '../../src/datastores/index.js';
import { Datastore } from '../../src/map/index.js';

/**
 * Members referring each other through `referred_by`, a real foreign key the declaration leaves
 * out: an erasure may null it (detaching another person's row), after checking the live schema.
 */
const CLUB = Datastore.parse({
  id: 'club',
  type: 'pglite',
  connection: { dataDir: 'club' },
  collections: [
    {
      name: 'members',
      primaryKey: ['id'],
      fields: [{ name: 'email', identity: 'email', categories: ['contact.email'] }],
    },
  ],
});

/** PGlite's query options, passed through unchanged by the counting wrapper. */
type PGliteOptions = Parameters<PGlite['query']>[2];

let pglite: PGlite;
/** Statements that read the catalog: what introspection costs. */
let catalogReads: number;
/** While set, every statement fails as if the database had gone away. */
let unreachable: boolean;

/** The PGlite instance, counting the statements that read the catalog. */
function counting(db: PGlite): PGliteLike {
  const count = (sql: string): void => {
    if (unreachable) throw Object.assign(new Error('connection lost'), { code: 'ECONNRESET' });
    if (/information_schema|pg_catalog|pg_class|pg_constraint/i.test(sql)) catalogReads += 1;
  };
  return {
    query: (sql, params, options) => {
      count(sql);
      return db.query(sql, params, options as PGliteOptions);
    },
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: (sql, params, options) => {
            count(sql);
            return tx.query(sql, params, options as PGliteOptions);
          },
        }),
      ),
    close: () => db.close(),
    get closed() {
      return db.closed;
    },
  };
}

beforeEach(async () => {
  pglite = await PGlite.create();
  catalogReads = 0;
  unreachable = false;
  await pglite.exec(`
    create table members (id integer primary key, email text not null,
      referred_by integer null references members (id));
    insert into members values (1, 'ana@example.com', null), (2, 'bob@example.com', 1);`);
});
afterEach(async () => {
  await pglite.close();
});

it('reads the live schema once per connector, for the search and the erasure alike', async () => {
  const connector = pgliteConnector(CLUB, counting(pglite), false);
  const first = await connector.introspect?.();
  const reads = catalogReads;
  expect(reads).toBeGreaterThan(0);
  expect(first?.tables.map((table) => table.name)).toEqual(['members']);
  expect(await connector.introspect?.()).toBe(first);
  // Detaching Bob from Ana checks `referred_by` against the schema already read.
  expect(
    await connector.apply([
      { op: 'update', collection: 'members', keys: [[2]], set: { referred_by: null } },
      { op: 'delete', collection: 'members', keys: [[1]] },
    ]),
  ).toEqual([1, 1]);
  expect(catalogReads).toBe(reads);
  expect((await pglite.query('select id, referred_by from members')).rows).toEqual([
    { id: 2, referred_by: null },
  ]);
});

it('reads the schema again after a failed read', async () => {
  const connector = pgliteConnector(CLUB, counting(pglite), false);
  unreachable = true;
  await expect(connector.introspect?.()).rejects.toMatchObject({ code: 'datastore.unreachable' });
  unreachable = false;
  expect((await connector.introspect?.())?.tables.map((table) => table.name)).toEqual(['members']);
  expect(catalogReads).toBeGreaterThan(0);
});
