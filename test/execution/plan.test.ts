import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteConnector } from '../../src/datastores/index.js';
import {
  erasureHashKey,
  findPerson,
  planErasure,
  type ErasurePlan,
  type Found,
} from '../../src/execution/index.js';
import { Datastore } from '../../src/map/index.js';
import { ANA_HOLDS, NOW, openShop, type Shop } from './fixture.js';

const SECRET = Buffer.alloc(32, 7);
const HASH_KEY = erasureHashKey(SECRET);

function rowsOf(found: Found, datastore: string, collection: string) {
  const entry = found.collections.find(
    (candidate) => candidate.datastore === datastore && candidate.collection === collection,
  );
  if (entry === undefined) throw new Error(`no collection ${datastore}/${collection}`);
  return entry.rows;
}

function ids(found: Found, datastore: string, collection: string, key = 'id'): unknown[] {
  return rowsOf(found, datastore, collection).map((row) => row[key]);
}

describe('finding a person', () => {
  let shop: Shop;
  let found: Found;

  beforeAll(async () => {
    shop = await openShop();
    found = await findPerson(
      shop.datastores,
      shop.connectors,
      { email: ['Ana@Example.com'] },
      { schemas: shop.schemas },
    );
  });
  afterAll(async () => {
    await shop.close();
  });

  it('starts from the email as typed and in its normal form', () => {
    expect(ids(found, 'shop', 'customers')).toEqual([1]);
  });

  it('reaches the newsletter through the second email read from customer_emails', () => {
    expect(ids(found, 'billing', 'subscribers')).toEqual([801]);
    expect(found.identities['email']).toEqual(
      expect.arrayContaining(['ana@example.com', 'ana.work@example.com']),
    );
    expect(found.identities['email']).not.toContain('bob@example.com');
  });

  it('follows references, across datastores too, and never reaches another person', () => {
    expect(ids(found, 'shop', 'orders')).toEqual([101, 102]);
    expect(ids(found, 'shop', 'payments')).toEqual([1001, 1002]);
    expect(ids(found, 'shop', 'accounts')).toEqual([11]);
    expect(ids(found, 'shop', 'addresses')).toEqual([111]);
    expect(ids(found, 'billing', 'invoices')).toEqual([501, 502]);
    expect(ids(found, 'billing', 'complaints')).toEqual([701]);
  });

  it('keeps rows with composite keys once per key, ordered by key', () => {
    expect(
      rowsOf(found, 'shop', 'order_lines').map((row) => [row['order_id'], row['line']]),
    ).toEqual([
      [101, 1],
      [101, 2],
      [102, 1],
    ]);
    expect(rowsOf(found, 'shop', 'customer_emails').map((row) => row['email'])).toEqual([
      'ana.work@example.com',
      'ana@example.com',
    ]);
  });

  it('finds nothing for someone unknown', async () => {
    const nobody = await findPerson(shop.datastores, shop.connectors, {
      email: ['nobody@example.com'],
    });
    expect(nobody.collections.every((collection) => collection.rows.length === 0)).toBe(true);
  });

  describe('the erasure plan', () => {
    let plan: ErasurePlan;
    beforeAll(() => {
      plan = planErasure(shop.datastores, found, {
        now: NOW,
        hashKey: HASH_KEY,
        schemas: shop.schemas,
      });
    });

    const stepNames = (p: ErasurePlan) =>
      p.steps.map((step) => `${step.datastore}/${step.collection}:${step.op}:${step.purpose}`);

    it('is plain JSON that survives a round trip', () => {
      expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    });

    it('keeps held rows out of every step and lists their hold ends', () => {
      expect(plan.holds).toEqual(ANA_HOLDS);
      const touched = plan.steps.flatMap((step) =>
        step.keys.map((key) => `${step.datastore}/${step.collection}/${JSON.stringify(key)}`),
      );
      expect(touched).not.toContain('shop/payments/[1001]');
      expect(touched).toContain('shop/payments/[1002]');
      expect(touched).not.toContain('billing/invoices/[501]');
      expect(touched).toContain('billing/invoices/[502]');
      expect(touched.some((key) => key.startsWith('billing/complaints'))).toBe(false);
    });

    it('anonymises an order a held payment still references, and nulls its customer link', () => {
      const update = plan.steps.find(
        (step) => step.collection === 'orders' && step.op === 'update',
      );
      expect(update).toMatchObject({
        purpose: 'anonymise',
        keys: [[101]],
        set: { customer_id: null },
        perRow: [{ note: '[erased]' }],
        count: 1,
      });
      const remove = plan.steps.find(
        (step) => step.collection === 'orders' && step.op === 'delete',
      );
      expect(remove?.keys).toEqual([[102]]);
      // The link is nulled, so the customer itself can be deleted.
      const customers = plan.collections.find((c) => c.collection === 'customers');
      expect(customers).toMatchObject({ found: 1, deleted: 1, anonymised: 0 });
    });

    it('breaks the accounts-addresses cycle by nulling the nullable reference first', () => {
      expect(plan.steps[0]).toMatchObject({
        datastore: 'shop',
        collection: 'accounts',
        op: 'update',
        purpose: 'unlink',
        keys: [[11]],
        set: { primary_address_id: null },
      });
    });

    it('erases children before the parents they reference', () => {
      const names = stepNames(plan);
      const at = (name: string) => names.indexOf(name);
      expect(at('shop/order_lines:delete:erase')).toBeLessThan(at('shop/orders:delete:erase'));
      expect(at('shop/payments:delete:erase')).toBeLessThan(at('shop/orders:delete:erase'));
      expect(at('shop/orders:update:anonymise')).toBeLessThan(at('shop/customers:delete:erase'));
      expect(at('shop/customer_emails:delete:erase')).toBeLessThan(
        at('shop/customers:delete:erase'),
      );
      expect(at('shop/addresses:delete:erase')).toBeLessThan(at('shop/accounts:delete:erase'));
      expect(at('shop/accounts:delete:erase')).toBeLessThan(at('shop/customers:delete:erase'));
      expect(names.filter((name) => name.startsWith('billing/'))).toEqual([
        'billing/invoices:delete:erase',
        'billing/subscribers:delete:erase',
      ]);
    });

    it('collects the emails and phone numbers reached, for the suppression list', () => {
      // Each in the ledger's normal form once: the form the person typed (Ana@Example.com) is
      // not kept, and the phone as the shop formats it is the same number.
      expect([...plan.identities.email].sort()).toEqual([
        'ana.work@example.com',
        'ana@example.com',
      ]);
      expect(plan.identities.phone).toEqual(['+32470000001']);
    });

    it('is the same when computed again from the same rows', () => {
      const again = planErasure(shop.datastores, found, {
        now: NOW,
        hashKey: HASH_KEY,
        schemas: shop.schemas,
      });
      expect(again).toEqual(plan);
    });
  });

  it('follows references both ways where they say `follow: both`, across datastores', async () => {
    // Only the newsletter knows the address; its rows point at the shop's customer emails.
    const [shopStore, billingStore] = shop.datastores;
    if (shopStore === undefined || billingStore === undefined) return expect.fail('two datastores');
    const noIdentities = (store: typeof shopStore) => ({
      ...store,
      collections: store.collections.map((collection) => ({
        ...collection,
        fields: collection.fields.map((field) => {
          const copy = { ...field };
          delete copy.identity;
          return copy;
        }),
        references: collection.references.map((reference) =>
          collection.name === 'customer_emails'
            ? { ...reference, follow: 'both' as const }
            : reference,
        ),
      })),
    });
    const billing = {
      ...billingStore,
      collections: billingStore.collections.map((collection) =>
        collection.name === 'subscribers'
          ? {
              ...collection,
              references: [
                {
                  fields: ['email'],
                  to: { datastore: 'shop', collection: 'customer_emails', fields: ['email'] },
                  follow: 'both' as const,
                },
              ],
            }
          : collection,
      ),
    };
    const reached = await findPerson([noIdentities(shopStore), billing], shop.connectors, {
      email: ['ana.work@example.com'],
    });
    expect(ids(reached, 'billing', 'subscribers')).toEqual([801]);
    // Then the customer, and from the customer all of her emails.
    expect(rowsOf(reached, 'shop', 'customer_emails').map((row) => row['email'])).toEqual([
      'ana.work@example.com',
      'ana@example.com',
    ]);
    expect(ids(reached, 'shop', 'customers')).toEqual([1]);
    expect(ids(reached, 'shop', 'orders')).toEqual([101, 102]);
    expect(reached.rounds).toBeGreaterThan(2);
  });
});

it('does not take a person referred by another for that person (undeclared self-reference)', async () => {
  const db = await PGlite.create();
  await db.exec(`
    create table customers (id integer primary key, email text not null,
      referred_by integer references customers (id));
    insert into customers values (1, 'ana@example.com', null), (2, 'bob@example.com', 1);`);
  const store = Datastore.parse({
    id: 'crm',
    type: 'pglite',
    connection: { dataDir: './crm' },
    collections: [
      { name: 'customers', primaryKey: ['id'], fields: [{ name: 'email', identity: 'email' }] },
    ],
  });
  const connector = pgliteConnector(store, db);
  try {
    const schemas = new Map([
      ['crm', await (connector.introspect?.() ?? Promise.reject(new Error('introspects')))],
    ]);
    const found = await findPerson(
      [store],
      new Map([['crm', connector]]),
      {
        email: ['ana@example.com'],
      },
      { schemas },
    );
    expect(ids(found, 'crm', 'customers')).toEqual([1]);
  } finally {
    await connector.close();
  }
});
