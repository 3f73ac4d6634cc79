import { PGlite } from '@electric-sql/pglite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { pgliteConnector, type Change, type PGliteLike } from '../../src/datastores/index.js';
import { Datastore } from '../../src/map/index.js';
import {
  collectionNamed,
  DATA,
  eachDb,
  POSTGRES_DDL,
  shopPerTest,
  smallShop,
  type OpenShop,
} from './fixture.js';

const ANA_ID = '9007199254740993';

/** A table of the values a row can hold that text casts would get wrong. */
const ODDITIES_DDL = `create table oddities (
  id bigint primary key, flag boolean, code char(5), ip inet, doc jsonb, tags text[],
  note text, empty text, missing text, at timestamptz, day date, blob bytea, price numeric(10, 2)
)`;
const ODDITIES_ROWS = `insert into oddities values
  (9007199254740993, true, 'ab', '10.0.0.1', '{"x": "a,b"}', '{one,"t w o"}', 'he said "hi", \\ (ok)',
   '', null, '2024-02-29 10:00:00+00', '2024-02-29', '\\x00ff', 12.5),
  (2, false, null, null, null, '{}', '(', ')', null, null, null, '\\x', 0),
  (3, null, '', '::1', '[]', null, ',', ' ', null, null, null, null, null)`;

/** The small shop's declaration, with the oddities. */
function withOddities(target: string): Datastore {
  const base = smallShop(target === 'pglite' ? 'pglite' : 'postgres');
  return Datastore.parse({
    ...base,
    collections: [
      ...base.collections,
      {
        name: 'oddities',
        primaryKey: ['id'],
        fields: [{ name: 'note', categories: ['communications.correspondence'] }],
      },
    ],
  });
}

/** Ana's rows from the leaves up: what an erasure plan hands the connector. */
const ERASE_ANA: readonly Change[] = [
  { op: 'delete', collection: 'line_notes', keys: [[1]] },
  {
    op: 'delete',
    collection: 'order_lines',
    keys: [
      [10, 1],
      [10, 2],
      [11, 1],
    ],
  },
  { op: 'delete', collection: 'orders', keys: [[10], [11]] },
  { op: 'delete', collection: 'customers', keys: [[ANA_ID]] },
];

eachDb('$target connector, deleting a person', ({ target }) => {
  const current = shopPerTest(target);
  let shop: OpenShop;
  beforeEach(() => {
    shop = current();
  });

  it('deletes rows of several tables in one transaction, with a count per table', async () => {
    expect(await shop.connector.apply(ERASE_ANA)).toEqual([1, 3, 2, 1]);
    // A rerun after a crash finds nothing left to delete.
    expect(await shop.connector.apply(ERASE_ANA)).toEqual([0, 0, 0, 0]);
    expect(await shop.sql('select id from customers order by id')).toEqual([
      { id: target === 'postgres' ? '2' : 2 },
      { id: target === 'postgres' ? '3' : 3 },
    ]);
    expect(await shop.sql('select id from orders')).toEqual([{ id: 20 }]);
    expect(await shop.sql('select order_id from order_lines')).toEqual([{ order_id: 20 }]);
    expect(await shop.sql('select id from line_notes')).toEqual([{ id: 2 }]);
  });

  it('reads several finds at once exactly as it reads them one by one', async () => {
    if (target === 'mysql') {
      // MySQL reads one table per statement, a pool's worth side by side.
      expect('findMany' in shop.connector).toBe(false);
      expect(shop.connector.readsAtOnce).toBe(4);
      return;
    }
    await shop.sql(ODDITIES_DDL);
    await shop.sql(ODDITIES_ROWS);
    const connector = shop.reconnect(withOddities(target));
    const reads = [
      {
        collection: collectionNamed(connector, 'customers'),
        matches: [{ fields: ['email'], values: [['ana@example.com'], ['bo@example.com']] }],
      },
      {
        collection: collectionNamed(connector, 'orders'),
        matches: [
          { fields: ['customer_id'], values: [[ANA_ID]] },
          { fields: ['id'], values: [[20], [10]] },
        ],
      },
      {
        collection: collectionNamed(connector, 'order_lines'),
        matches: [
          {
            fields: ['order_id', 'line_no'],
            values: [
              [10, 2],
              [20, 1],
            ],
          },
        ],
      },
      {
        collection: collectionNamed(connector, 'oddities'),
        matches: [{ fields: ['id'], values: [['9007199254740993'], ['2'], ['3']] }],
      },
      {
        collection: collectionNamed(connector, 'line_notes'),
        matches: [{ fields: ['id'], values: [[404]] }],
      },
    ];
    const one = [];
    for (const read of reads) one.push(await connector.find(read.collection, read.matches));
    const many = await connector.findMany?.(reads);
    expect(many).toEqual(one);
    // Every kind of value came through, the awkward ones as the driver reads them.
    const [odd] = one[3] ?? [];
    expect(odd).toMatchObject({
      id: '9007199254740993',
      flag: true,
      code: 'ab   ',
      ip: '10.0.0.1',
      note: 'he said "hi", \\ (ok)',
      empty: '',
      missing: null,
      price: '12.50',
    });
    expect(odd?.['blob']).toEqual(new Uint8Array([0, 255]));
    expect(odd?.['day']).toEqual(new Date('2024-02-29T00:00:00Z'));
    expect(one[3]).toHaveLength(3);
    expect(one[4]).toEqual([]);
    await connector.close();
  });
});

/** A PGlite shop whose connector counts the statements it sends. */
async function countingShop(): Promise<{
  pglite: PGlite;
  statements: string[];
  connector: ReturnType<typeof pgliteConnector>;
}> {
  const pglite = await PGlite.create();
  await pglite.exec(POSTGRES_DDL);
  await pglite.exec(DATA);
  const statements: string[] = [];
  const counting: PGliteLike = {
    query: (sql, params) => {
      statements.push(sql);
      return pglite.query(sql, params);
    },
    transaction: (work) =>
      pglite.transaction((tx) =>
        work({
          query: (sql, params) => {
            statements.push(sql);
            return tx.query(sql, params);
          },
        }),
      ),
    parsers: pglite.parsers,
    close: () => pglite.close(),
    get closed() {
      return pglite.closed;
    },
  };
  return { pglite, statements, connector: pgliteConnector(smallShop('pglite'), counting) };
}

let counted: Awaited<ReturnType<typeof countingShop>>;
beforeEach(async () => {
  counted = await countingShop();
});
afterEach(async () => {
  await counted.connector.close();
});

it('commits nothing when what must come before the commit fails', async () => {
  const { connector, pglite } = counted;
  const refused = connector.apply(ERASE_ANA, {
    beforeCommit: () => Promise.reject(new Error('the plan could not be stored')),
  });
  await expect(refused).rejects.toThrow();
  expect((await pglite.query('select count(*)::int as n from order_lines')).rows).toEqual([
    { n: 4 },
  ]);
  // Awaited before the commit (PGlite's one connection is the transaction's until then).
  let stored = false;
  await connector.apply(ERASE_ANA, {
    beforeCommit: async () => {
      await Promise.resolve();
      stored = true;
    },
  });
  expect(stored).toBe(true);
  expect((await pglite.query('select count(*)::int as n from customers')).rows).toEqual([{ n: 2 }]);
});

it('sends a run of deletes as one statement on PostgreSQL, an update on its own', async () => {
  const { connector, statements } = counted;
  const counts = await connector.apply([
    ...ERASE_ANA.slice(0, 2),
    { op: 'update', collection: 'orders', keys: [[10], [11]], set: { total: 0 } },
    ...ERASE_ANA.slice(2),
  ]);
  expect(counts).toEqual([1, 3, 2, 2, 1]);
  expect(statements).toHaveLength(3);
  expect(statements[0]).toMatch(
    /^with d0 as \(delete from "line_notes" .*d1 as \(delete from "order_lines"/,
  );
  expect(statements[1]).toMatch(/^update "orders"/);
  expect(statements[2]).toMatch(
    /^with d0 as \(delete from "orders" .*d1 as \(delete from "customers"/,
  );
});

it("keeps the plan's order inside the one statement, for the company's own triggers", async () => {
  const { pglite, connector, statements } = counted;
  // A company's own rule, checked as each order goes: its lines must be gone first. The clauses
  // run in the plan's order (children first), and the trigger sees what the earlier ones did.
  await pglite.exec(`
    create function orders_without_lines() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from order_lines where order_id = old.id) then
        raise exception 'order % still has lines', old.id using errcode = '23503';
      end if;
      return old;
    end $$;
    create trigger orders_without_lines before delete on orders
      for each row execute function orders_without_lines();
  `);
  expect(await connector.apply(ERASE_ANA)).toEqual([1, 3, 2, 1]);
  expect(statements).toHaveLength(1);
  expect((await pglite.query('select id from orders')).rows).toEqual([{ id: 20 }]);
});

it('reads a search round in one statement on PostgreSQL', async () => {
  const { connector, statements } = counted;
  await connector.introspect?.();
  statements.length = 0;
  const rows = await connector.findMany?.([
    {
      collection: collectionNamed(connector, 'customers'),
      matches: [{ fields: ['email'], values: [['ana@example.com']] }],
    },
    {
      collection: collectionNamed(connector, 'orders'),
      matches: [{ fields: ['customer_id'], values: [[ANA_ID]] }],
    },
    {
      collection: collectionNamed(connector, 'order_lines'),
      matches: [{ fields: ['order_id'], values: [[10], [11]] }],
    },
  ]);
  expect(rows?.map((found) => found.length)).toEqual([1, 2, 3]);
  expect(statements).toHaveLength(1);
  expect(statements[0]?.match(/union all/g)).toHaveLength(2);
});

it('refuses a combined read of a table changed since its schema was read, by name only', async () => {
  const { connector, pglite } = counted;
  await connector.introspect?.();
  await pglite.exec('alter table customers add column nickname text');
  const read = connector.findMany?.([
    {
      collection: collectionNamed(connector, 'customers'),
      matches: [{ fields: ['email'], values: [['ana@example.com']] }],
    },
  ]);
  const error = await read?.catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'datastore.schema_changed' });
  expect((error as Error).message).not.toMatch(/ana|example\.com/i);
});
