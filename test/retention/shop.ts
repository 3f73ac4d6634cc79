import { readFile, writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { parse, stringify } from 'yaml';
import { createConnection } from 'mysql2';
import pg from 'pg';
import {
  mysqlConnector,
  pgliteConnector,
  postgresConnector,
  type Connector,
} from '../../src/datastores/index.js';
import { Datastore, type DataMap } from '../../src/map/index.js';
import { openKeys } from '../../src/cli/server-keys.js';
import type { ExecutionContext } from '../../src/execution/index.js';
import type { Store } from '../../src/store/index.js';
import { ledgerContext } from '../../src/execution/index.js';
import { restrictProcessing } from '../../src/ledger/index.js';
import { openRequest } from '../../src/requests/index.js';
import { LEDGER_MAP } from '../ledger/fixture.js';
import { DEMO_MAP_FILE } from '../server/helpers.js';
import { freshMysqlDatabase, withMysql } from '../support/mysql.js';
import { freshDatabase, freshStore } from '../support/stores.js';

/**
 * A small shop for retention plans, judged at NOW (2026-11-22):
 * - customers (newsletter, P2Y from the last activity: their own last_login or an order's date);
 *   Ana (1) has an open request, Bob (2) is restricted through a request, Eve (5) is flagged
 *   restricted, Dan (4) logged in long ago but ordered this year, Fay (6) has no activity at all;
 * - orders (orders, P7Y from placed_at);
 * - invoices (orders, P7Y from issued_at; held ten years from issued_at under tax law) and their
 *   lines (P7Y from their invoice's issued_at; part of the invoice, so held with it);
 * - products: no personal data, no rule.
 */
const SQL = (bool: string): string[] => [
  `create table customers (id integer primary key, email varchar(200) not null, name varchar(200),
     last_login date, restricted ${bool})`,
  `create table orders (id integer primary key, customer_id integer not null, placed_at date not null,
     total integer not null)`,
  `create table invoices (id integer primary key, customer_id integer not null, issued_at date not null,
     total integer not null)`,
  `create table invoice_lines (invoice_id integer not null, line integer not null, item varchar(100),
     primary key (invoice_id, line))`,
  `create table products (id integer primary key, title varchar(100))`,
  `insert into customers values
     (1, 'ana@example.com', 'Ana', '2020-05-01', false),
     (2, 'bob@example.com', 'Bob', '2020-06-01', false),
     (3, 'cy@example.com', 'Cy', '2026-10-01', false),
     (4, 'dan@example.com', 'Dan', '2019-01-01', false),
     (5, 'eve@example.com', 'Eve', '2019-02-01', true),
     (6, 'fay@example.com', 'Fay', null, null),
     (7, 'gus@example.com', 'Gus', '2019-03-01', false)`,
  `insert into orders values (101, 1, '2015-04-01', 10), (102, 4, '2026-01-15', 20),
     (103, 7, '2010-07-01', 30), (104, 2, '2012-08-01', 40)`,
  `insert into invoices values (501, 7, '2018-01-10', 30), (502, 7, '2010-07-02', 30),
     (503, 3, '2025-03-01', 50)`,
  `insert into invoice_lines values (501, 1, 'A'), (501, 2, 'B'), (502, 1, 'C'), (503, 1, 'D')`,
  `insert into products values (1, 'Chair')`,
];

/** The shop's statements for PostgreSQL and PGlite. */
export const SHOP_SQL = SQL('boolean');

export const TABLES = ['customers', 'orders', 'invoices', 'invoice_lines', 'products'] as const;

export const NOW = new Date('2026-11-22T12:00:00Z');

export type Engine = 'pglite' | 'postgres' | 'mysql';

export function shopDeclaration(type: Engine): Datastore {
  return Datastore.parse({
    id: 'shop',
    type,
    connection: type === 'pglite' ? { dataDir: 'shop' } : { urlEnv: 'SHOP_URL' },
    collections: [
      {
        name: 'customers',
        primaryKey: ['id'],
        restrictionFlag: 'restricted',
        activity: 'last_login',
        erase: 'update',
        fields: [
          { name: 'id', identity: 'customer-id' },
          { name: 'email', identity: 'email', categories: ['contact.email'], erase: 'hash' },
          { name: 'name', categories: ['identity.name'], erase: 'mask' },
          { name: 'last_login' },
        ],
        retention: { purposes: ['newsletter'], from: 'lastActivity' },
      },
      {
        name: 'orders',
        primaryKey: ['id'],
        activity: 'placed_at',
        fields: [
          { name: 'customer_id', identity: 'customer-id' },
          { name: 'placed_at' },
          { name: 'total', categories: ['financial.purchase-history'] },
        ],
        references: [{ fields: ['customer_id'], to: { collection: 'customers', fields: ['id'] } }],
        retention: { purposes: ['orders'], from: { column: 'placed_at' } },
      },
      {
        name: 'invoices',
        primaryKey: ['id'],
        fields: [{ name: 'issued_at' }, { name: 'total', categories: ['financial.billing'] }],
        references: [{ fields: ['customer_id'], to: { collection: 'customers', fields: ['id'] } }],
        hold: {
          reason: 'Tax law: 10 years',
          basis: 'BE WIB 92 art. 315',
          field: 'issued_at',
          duration: 'P10Y',
        },
        retention: { purposes: ['orders'], from: { column: 'issued_at' } },
      },
      {
        name: 'invoice_lines',
        primaryKey: ['invoice_id', 'line'],
        fields: [{ name: 'item', categories: ['financial.purchase-history'] }],
        references: [
          {
            fields: ['invoice_id'],
            to: { collection: 'invoices', fields: ['id'] },
            partOf: true,
          },
        ],
        retention: { purposes: ['orders'], from: { reference: 'invoices', column: 'issued_at' } },
      },
      { name: 'products', primaryKey: ['id'], fields: [{ name: 'title' }] },
    ],
  });
}

/** The ledger tests' map, with retention on its purposes and the shop. */
export function shopMap(datastore: Datastore): DataMap {
  const retention: Record<string, NonNullable<DataMap['purposes'][number]['retention']>> = {
    orders: { duration: 'P7Y', from: 'end-of-financial-year' },
    newsletter: { duration: 'P2Y', from: 'last-interaction' },
  };
  return {
    ...LEDGER_MAP,
    purposes: LEDGER_MAP.purposes.map((purpose) =>
      retention[purpose.id] === undefined
        ? purpose
        : { ...purpose, retention: retention[purpose.id] },
    ),
    datastores: [datastore],
  };
}

export interface OpenShop {
  readonly datastore: Datastore;
  readonly connector: Connector;
  /** Runs one statement on the shop, as the company's application would. */
  query(sql: string): Promise<unknown[]>;
  /**
   * Runs `sql` in a transaction of another connection and keeps it open (its row locks held)
   * until the returned function is called. PostgreSQL and MariaDB only.
   */
  holdOpen?(sql: string): Promise<() => Promise<void>>;
  /** Every row of every table, in key order: the plan must leave them as they are. */
  snapshot(): Promise<Record<string, unknown[]>>;
  close(): Promise<void>;
}

/**
 * Runs `sql` in a transaction of a connection of its own and keeps it open, its row locks held, as
 * the company's application would, until the returned function is called.
 */
export async function holdOpenOnPostgres(url: string, sql: string): Promise<() => Promise<void>> {
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  await other.query('begin');
  await other.query(sql);
  return async () => {
    await other.query('rollback');
    await other.end();
  };
}

/** `holdOpenOnPostgres` on MariaDB. */
export async function holdOpenOnMysql(url: string, sql: string): Promise<() => Promise<void>> {
  const other = createConnection({ uri: url });
  other.on('error', () => undefined);
  const promised = other.promise();
  await promised.query('begin');
  await promised.query(sql);
  return async () => {
    await promised.query('rollback');
    other.destroy();
  };
}

export async function openRetentionShop(engine: Engine): Promise<OpenShop> {
  const datastore = shopDeclaration(engine);
  let query: (sql: string) => Promise<unknown[]>;
  let connector: Connector;
  let drop = (): Promise<void> => Promise.resolve();
  let holdOpen: OpenShop['holdOpen'];
  if (engine === 'pglite') {
    const db = await PGlite.create();
    query = async (sql) => (await db.query(sql)).rows;
    for (const statement of SQL('boolean')) await query(statement);
    connector = pgliteConnector(datastore, db);
  } else if (engine === 'postgres') {
    const database = await freshDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    query = async (sql) => (await client.query(sql)).rows as unknown[];
    for (const statement of SQL('boolean')) await query(statement);
    connector = postgresConnector(datastore, database.url);
    holdOpen = (sql) => holdOpenOnPostgres(database.url, sql);
    drop = async () => {
      await client.end();
      await database.drop();
    };
  } else {
    const database = await freshMysqlDatabase();
    query = (sql) => withMysql(database.url, async (run) => (await run(sql)) as unknown[]);
    for (const statement of SQL('boolean')) await query(statement);
    connector = mysqlConnector(datastore, database.url);
    holdOpen = (sql) => holdOpenOnMysql(database.url, sql);
    drop = database.drop;
  }
  return {
    datastore,
    connector,
    query,
    ...(holdOpen === undefined ? {} : { holdOpen }),
    snapshot: async () => {
      const all: Record<string, unknown[]> = {};
      for (const table of TABLES) all[table] = await query(`select * from ${table} order by 1, 2`);
      return all;
    },
    close: async () => {
      // A test may have closed it already (a datastore that is down).
      await connector.close().catch(() => undefined);
      await drop();
    },
  };
}

/**
 * The people retention must keep: Ana asks for a copy of her data (a request open); Bob asked for
 * restriction and the ledger marks him restricted from that request; Zed was restricted through
 * the API, so Custodian holds only keyed hashes of his identity.
 */
export async function keepPeople(ctx: ExecutionContext): Promise<void> {
  await openRequest(ctx.db, ctx, {
    type: 'access',
    email: 'ana@example.com',
    country: 'BE',
    operator: true,
  });
  const bob = await openRequest(ctx.db, ctx, {
    type: 'restriction',
    email: 'bob@example.com',
    country: 'BE',
    operator: true,
  });
  await restrictProcessing(ctx.db, ledgerContext(ctx), {
    subject: { email: 'bob@example.com' },
    reason: 'accuracy-contested',
    source: `request:${bob.requestId}`,
  });
  await restrictProcessing(ctx.db, ledgerContext(ctx), {
    subject: { email: 'zed@example.com' },
    reason: 'legal-claims',
    source: 'api',
  });
}

/**
 * Writes a map at `file`: the demo map (it passes `custodian check`) with the retention shop on its
 * purposes, newsletter (P3Y) for customers and legal-claims (at most P10Y) for the rest.
 */
export async function writeShopMap(file: string, engine: Engine): Promise<void> {
  const raw = parse(await readFile(DEMO_MAP_FILE, 'utf8')) as Record<string, unknown>;
  const datastore = shopDeclaration(engine);
  const collections = datastore.collections.map((collection) =>
    collection.retention === undefined
      ? collection
      : {
          ...collection,
          retention: {
            ...collection.retention,
            purposes: [collection.name === 'customers' ? 'newsletter' : 'legal-claims'],
          },
        },
  );
  await writeFile(file, stringify({ ...raw, datastores: [{ ...datastore, collections }] }));
}

/** The retention shop, a fresh store, and the people it keeps (keepPeople): what the plan and
 * sweep suites start from. The store is PostgreSQL with the PostgreSQL shop, else PGlite. */
export interface RetentionCase {
  readonly store: Store;
  readonly shop: OpenShop;
  readonly ctx: ExecutionContext;
}

export async function openRetentionCase(engine: Engine): Promise<RetentionCase> {
  const store = await freshStore(engine === 'postgres' ? 'postgres' : 'pglite');
  const shop = await openRetentionShop(engine);
  const { secret, signingKey } = await openKeys(store.db, {});
  const ctx: ExecutionContext = {
    db: store.db,
    map: shopMap(shop.datastore),
    secret,
    signingKey,
    now: () => NOW,
    actor: 'cli',
    connectors: new Map([['shop', shop.connector]]),
  };
  await keepPeople(ctx);
  return { store, shop, ctx };
}
