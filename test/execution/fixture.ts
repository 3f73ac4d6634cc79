import { PGlite } from '@electric-sql/pglite';
import type { Connector, LiveSchema } from '../../src/datastores/index.js';
import { mysqlConnector, pgliteConnector } from '../../src/datastores/index.js';
import { Datastore } from '../../src/map/index.js';
import { freshMysqlDatabase, withMysql } from '../support/mysql.js';

/**
 * A small shop on two embedded PostgreSQL databases, for the execution tests (the big realistic
 * shop is test/support/shop). Ana (id 1) has two emails: the second one is only in
 * customer_emails and in the newsletter table of the `billing` database. Bob (id 2) must stay
 * untouched by everything done to Ana.
 *
 * shop: customers ← customer_emails (composite key), orders ← order_lines (composite key),
 *   orders ← payments (held 10 years from paid_at, real foreign key), accounts ⇄ addresses (a
 *   foreign-key cycle; accounts.primary_address_id is nullable).
 * billing: invoices → shop.customers (across datastores; held 7 years from issued_at),
 *   complaints (held until 2030-06-30, found by email), subscribers (found by the second email).
 */
export const SHOP_SQL = [
  `create table customers (id integer primary key, email text not null, name text,
     birth_date date, city text, phone text, restricted boolean not null default false)`,
  `create table customer_emails (customer_id integer not null references customers (id),
     email text not null, primary key (customer_id, email))`,
  `create table orders (id integer primary key, customer_id integer references customers (id),
     note text, total integer not null)`,
  `create table order_lines (order_id integer not null references orders (id), line integer not null,
     sku text not null, primary key (order_id, line))`,
  `create table payments (id integer primary key, order_id integer not null references orders (id),
     paid_at date not null)`,
  `create table accounts (id integer primary key, customer_id integer not null references customers (id),
     primary_address_id integer)`,
  `create table addresses (id integer primary key, account_id integer not null references accounts (id),
     street text not null)`,
  `alter table accounts add foreign key (primary_address_id) references addresses (id)`,
  `insert into customers values
     (1, 'ana@example.com', 'Ana Example', '1990-05-17', 'Gent', '+32 470 00 00 01', false),
     (2, 'bob@example.com', 'Bob Example', '1985-01-02', 'Leuven', null, false)`,
  `insert into customer_emails values (1, 'ana@example.com'), (1, 'ana.work@example.com'),
     (2, 'bob@example.com')`,
  `insert into orders values (101, 1, 'gift', 30), (102, 1, null, 12), (201, 2, null, 99)`,
  `insert into order_lines values (101, 1, 'A'), (101, 2, 'B "big", blue'), (102, 1, 'C'), (201, 1, 'D')`,
  `insert into payments values (1001, 101, '2025-06-01'), (1002, 102, '2010-01-01'),
     (2001, 201, '2025-01-01')`,
  `insert into accounts values (11, 1, null), (22, 2, null)`,
  `insert into addresses values (111, 11, 'Veldstraat 1'), (222, 22, 'Bondgenotenlaan 2')`,
  `update accounts set primary_address_id = 111 where id = 11`,
  `update accounts set primary_address_id = 222 where id = 22`,
];

/** The same shop for MariaDB/MySQL: foreign keys as table constraints (inline ones are ignored). */
export const SHOP_MYSQL = [
  `create table customers (id integer primary key, email varchar(200) not null, name varchar(200),
     birth_date date, city varchar(100), phone varchar(40), restricted boolean not null default false)`,
  `create table customer_emails (customer_id integer not null, email varchar(200) not null,
     primary key (customer_id, email), foreign key (customer_id) references customers (id))`,
  `create table orders (id integer primary key, customer_id integer, note text, total integer not null,
     foreign key (customer_id) references customers (id))`,
  `create table order_lines (order_id integer not null, line integer not null, sku text not null,
     primary key (order_id, line), foreign key (order_id) references orders (id))`,
  `create table payments (id integer primary key, order_id integer not null, paid_at date not null,
     foreign key (order_id) references orders (id))`,
  `create table accounts (id integer primary key, customer_id integer not null,
     primary_address_id integer, foreign key (customer_id) references customers (id))`,
  `create table addresses (id integer primary key, account_id integer not null,
     street text not null, foreign key (account_id) references accounts (id))`,
  `alter table accounts add foreign key (primary_address_id) references addresses (id)`,
  ...SHOP_SQL.slice(SHOP_SQL.findIndex((statement) => statement.startsWith('insert'))),
];

export const BILLING_SQL = [
  `create table invoices (id integer primary key, customer_id integer not null, issued_at date not null,
     amount integer not null)`,
  `create table complaints (id integer primary key, email text not null, body text not null)`,
  `create table subscribers (id integer primary key, email text not null, name text)`,
  `insert into invoices values (501, 1, '2024-03-05', 30), (502, 1, '2015-02-01', 12),
     (601, 2, '2024-01-01', 99)`,
  `insert into complaints values (701, 'ana@example.com', 'Late delivery'),
     (702, 'bob@example.com', 'Broken')`,
  `insert into subscribers values (801, 'ana.work@example.com', 'Ana'), (802, 'bob@example.com', 'Bob')`,
];

export const SHOP = Datastore.parse({
  id: 'shop',
  type: 'pglite',
  connection: { dataDir: './shop' },
  collections: [
    {
      name: 'customers',
      primaryKey: ['id'],
      restrictionFlag: 'restricted',
      fields: [
        { name: 'id', identity: 'customer-id' },
        { name: 'email', identity: 'email', categories: ['contact.email'], erase: 'hash' },
        { name: 'name', categories: ['identity.name'], rectifiable: true },
        { name: 'birth_date', erase: 'generalise', generalise: { to: 'year' } },
        { name: 'city', erase: 'keep', rectifiable: false },
        { name: 'phone', identity: 'phone', categories: ['contact.phone'] },
      ],
    },
    {
      name: 'customer_emails',
      primaryKey: ['customer_id', 'email'],
      fields: [{ name: 'email', identity: 'email', categories: ['contact.email'] }],
      references: [{ fields: ['customer_id'], to: { collection: 'customers', fields: ['id'] } }],
    },
    {
      name: 'orders',
      primaryKey: ['id'],
      fields: [
        { name: 'customer_id', erase: 'null' },
        { name: 'note', erase: 'mask' },
      ],
      references: [{ fields: ['customer_id'], to: { collection: 'customers', fields: ['id'] } }],
    },
    {
      name: 'order_lines',
      primaryKey: ['order_id', 'line'],
      references: [{ fields: ['order_id'], to: { collection: 'orders', fields: ['id'] } }],
    },
    {
      name: 'payments',
      primaryKey: ['id'],
      fields: [{ name: 'paid_at', erase: 'keep' }],
      hold: { reason: 'Accounting law: 10 years', field: 'paid_at', duration: 'P10Y' },
      references: [{ fields: ['order_id'], to: { collection: 'orders', fields: ['id'] } }],
    },
    {
      name: 'accounts',
      primaryKey: ['id'],
      references: [
        { fields: ['customer_id'], to: { collection: 'customers', fields: ['id'] } },
        { fields: ['primary_address_id'], to: { collection: 'addresses', fields: ['id'] } },
      ],
    },
    {
      name: 'addresses',
      primaryKey: ['id'],
      fields: [{ name: 'street', categories: ['contact.postal-address'] }],
      references: [{ fields: ['account_id'], to: { collection: 'accounts', fields: ['id'] } }],
    },
  ],
});

export const BILLING = Datastore.parse({
  id: 'billing',
  type: 'pglite',
  connection: { dataDir: './billing' },
  collections: [
    {
      name: 'invoices',
      primaryKey: ['id'],
      fields: [{ name: 'amount' }, { name: 'issued_at', erase: 'keep' }],
      hold: {
        reason: 'Tax law: 7 years',
        basis: 'BE WIB 92 art. 315',
        field: 'issued_at',
        duration: 'P7Y',
      },
      references: [
        {
          fields: ['customer_id'],
          to: { datastore: 'shop', collection: 'customers', fields: ['id'] },
        },
      ],
    },
    {
      name: 'complaints',
      primaryKey: ['id'],
      fields: [{ name: 'email', identity: 'email' }],
      hold: { reason: 'Evidence for legal claims', until: '2030-06-30' },
    },
    {
      name: 'subscribers',
      primaryKey: ['id'],
      fields: [
        { name: 'email', identity: 'email', categories: ['contact.email'] },
        { name: 'name', categories: ['identity.name'] },
      ],
    },
  ],
});

export interface Shop {
  readonly datastores: readonly Datastore[];
  readonly connectors: ReadonlyMap<string, Connector>;
  readonly schemas: ReadonlyMap<string, LiveSchema>;
  /** Every row of a table, ordered by its first two columns, for before/after comparisons. */
  rows(database: 'shop' | 'billing', table: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export type Engine = 'pglite' | 'mysql';

/**
 * Both databases, filled, with their connectors and live schemas: the shop on embedded PostgreSQL
 * or on MariaDB (a fresh database on the test server), billing always on embedded PostgreSQL.
 */
export async function openShop(engine: Engine = 'pglite'): Promise<Shop> {
  const billing = await PGlite.create();
  for (const statement of BILLING_SQL) await billing.query(statement);
  const connectors = new Map<string, Connector>();
  let shopRows: (table: string) => Promise<Record<string, unknown>[]>;
  let drop = (): Promise<void> => Promise.resolve();
  if (engine === 'pglite') {
    const shop = await PGlite.create();
    for (const statement of SHOP_SQL) await shop.query(statement);
    connectors.set('shop', pgliteConnector(SHOP, shop));
    shopRows = async (table) =>
      (await shop.query<Record<string, unknown>>(`select * from ${table} order by 1, 2`)).rows;
  } else {
    const database = await freshMysqlDatabase();
    await withMysql(database.url, async (query) => {
      for (const statement of SHOP_MYSQL) await query(statement);
    });
    connectors.set('shop', mysqlConnector({ ...SHOP, type: 'mysql' }, database.url));
    shopRows = (table) =>
      withMysql(
        database.url,
        async (query) =>
          (await query(`select * from ${table} order by 1, 2`)) as Record<string, unknown>[],
      );
    drop = database.drop;
  }
  connectors.set('billing', pgliteConnector(BILLING, billing));
  const schemas = new Map<string, LiveSchema>();
  for (const [id, connector] of connectors) {
    if (connector.introspect) schemas.set(id, await connector.introspect());
  }
  return {
    datastores: [SHOP, BILLING],
    connectors,
    schemas,
    rows: async (database, table) =>
      database === 'shop'
        ? shopRows(table)
        : (await billing.query<Record<string, unknown>>(`select * from ${table} order by 1, 2`))
            .rows,
    close: async () => {
      for (const connector of connectors.values()) await connector.close();
      await drop();
    },
  };
}

/** The fixed "now" of the tests: holds are judged against it. */
export const NOW = new Date('2026-11-22T12:00:00Z');

/** The holds an erasure of Ana meets: the plan and the certificate list them alike. */
export const ANA_HOLDS = [
  {
    datastore: 'shop',
    collection: 'payments',
    reason: 'Accounting law: 10 years',
    rows: 1,
    ends: [{ until: '2035-05-31', rows: 1 }],
  },
  {
    datastore: 'billing',
    collection: 'invoices',
    reason: 'Tax law: 7 years',
    basis: 'BE WIB 92 art. 315',
    rows: 1,
    ends: [{ until: '2031-03-04', rows: 1 }],
  },
  {
    datastore: 'billing',
    collection: 'complaints',
    reason: 'Evidence for legal claims',
    rows: 1,
    ends: [{ until: '2030-06-30', rows: 1 }],
  },
];
