import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterEach, beforeEach, describe } from 'vitest';
import {
  mysqlConnector,
  pgliteConnector,
  postgresConnector,
  type Connector,
} from '../../src/datastores/index.js';
import { Datastore, type DatastoreCollection } from '../../src/map/index.js';
import { openPGlite } from '../../src/store/index.js';
import { freshMysqlDatabase, MYSQL_URL, withMysql } from '../support/mysql.js';
import { freshDatabase, POSTGRES_URL } from '../support/stores.js';

/** The databases the datastore suites run on: PGlite always, PostgreSQL and MariaDB when present. */
export type DbTarget = 'pglite' | 'postgres' | 'mysql';

export const DB_TARGETS: readonly DbTarget[] = [
  'pglite',
  ...(POSTGRES_URL === undefined ? [] : (['postgres'] as const)),
  ...(MYSQL_URL === undefined ? [] : (['mysql'] as const)),
];

export const eachDb = describe.each(DB_TARGETS.map((target) => ({ target })));

/**
 * A small shop: customers, their orders, order lines keyed by (order_id, line_no) and notes on a
 * line through a composite foreign key. Types cover what connectors normalise: a 64-bit id, a
 * decimal, a date, a timestamp, binary and a boolean flag.
 */
export const POSTGRES_DDL = `
create table customers (
  id bigint primary key,
  email text not null unique,
  name text,
  avatar bytea,
  processing_restricted boolean not null default false,
  created_at timestamptz not null default now()
);
-- Emails are looked up case-insensitively: lower(email) is what an index must serve.
create index customers_email_lower on customers (lower(email));
create table orders (
  id integer primary key,
  customer_id bigint not null references customers (id),
  total numeric(10, 2) not null,
  placed_on date not null
);
create table order_lines (
  order_id integer not null references orders (id),
  line_no integer not null,
  product text not null,
  primary key (order_id, line_no)
);
create table line_notes (
  id integer primary key,
  order_id integer not null,
  line_no integer not null,
  note text,
  constraint line_notes_line_fk foreign key (order_id, line_no) references order_lines (order_id, line_no)
);
create table audit_log (id integer primary key, happened_at timestamptz);
`;

const MYSQL_DDL = `
create table customers (
  id bigint primary key,
  email varchar(200) not null unique,
  name varchar(200),
  avatar blob,
  processing_restricted boolean not null default false,
  created_at timestamp not null default current_timestamp
) engine = InnoDB;
create table orders (
  id integer primary key,
  customer_id bigint not null,
  total decimal(10, 2) not null,
  placed_on date not null,
  foreign key (customer_id) references customers (id)
) engine = InnoDB;
create table order_lines (
  order_id integer not null,
  line_no integer not null,
  product varchar(200) not null,
  primary key (order_id, line_no),
  foreign key (order_id) references orders (id)
) engine = InnoDB;
create table line_notes (
  id integer primary key,
  order_id integer not null,
  line_no integer not null,
  note varchar(500),
  constraint line_notes_line_fk foreign key (order_id, line_no) references order_lines (order_id, line_no)
) engine = InnoDB;
create table audit_log (id integer primary key, happened_at timestamp null) engine = InnoDB;
`;

export const DATA = `
insert into customers (id, email, name, avatar) values
  (9007199254740993, 'ana@example.com', 'Ana', null),
  (2, 'bo@example.com', 'Bo', null),
  (3, 'cy@example.org', 'Cy', null);
insert into orders (id, customer_id, total, placed_on) values
  (10, 9007199254740993, 12.50, '2024-02-29'),
  (11, 9007199254740993, 99.99, '2024-03-01'),
  (20, 2, 5.00, '2024-03-02');
insert into order_lines (order_id, line_no, product) values
  (10, 1, 'tea'), (10, 2, 'cups'), (11, 1, 'kettle'), (20, 1, 'tea');
insert into line_notes (id, order_id, line_no, note) values
  (1, 10, 2, 'gift wrap'), (2, 20, 1, 'leave at door');
`;

/** The declaration of the small shop, as a person would write it. */
export function smallShop(type: Datastore['type'] = 'postgres'): Datastore {
  return Datastore.parse({
    id: 'shop',
    type,
    connection: type === 'pglite' ? { dataDir: './shop' } : { urlEnv: 'SHOP_DATABASE_URL' },
    collections: [
      {
        name: 'customers',
        primaryKey: ['id'],
        restrictionFlag: 'processing_restricted',
        fields: [
          { name: 'id', identity: 'customer-id' },
          { name: 'email', identity: 'email', categories: ['contact.email'], erase: 'hash' },
          { name: 'name', categories: ['identity.name'], erase: 'mask' },
          { name: 'avatar', categories: ['identity.photo'], erase: 'null' },
        ],
      },
      {
        name: 'orders',
        primaryKey: ['id'],
        erase: 'update',
        fields: [{ name: 'total', categories: ['financial.purchase-history'] }],
        references: [{ fields: ['customer_id'], to: { collection: 'customers', fields: ['id'] } }],
      },
      {
        name: 'order_lines',
        primaryKey: ['order_id', 'line_no'],
        fields: [{ name: 'product', categories: ['financial.purchase-history'] }],
        references: [{ fields: ['order_id'], to: { collection: 'orders', fields: ['id'] } }],
      },
      {
        name: 'line_notes',
        primaryKey: ['id'],
        fields: [{ name: 'note', categories: ['communications.correspondence'], erase: 'null' }],
        references: [
          {
            fields: ['order_id', 'line_no'],
            to: { collection: 'order_lines', fields: ['order_id', 'line_no'] },
          },
        ],
      },
    ],
  });
}

export interface OpenShop {
  readonly connector: Connector;
  /** Runs SQL on the database directly, to arrange and to look behind the connector's back. */
  readonly sql: (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
  /** The connection URL (PostgreSQL, MariaDB); undefined for PGlite. */
  readonly url?: string;
  /** Another connector on the same database, for another declaration of it; the caller closes it. */
  readonly reconnect: (datastore: Datastore) => Connector;
  /** Closes the connector and throws the database away. */
  readonly close: () => Promise<void>;
}

/**
 * A PGlite data directory holding the small shop, closed again, for code that opens it itself;
 * private (0700), as the connectors require.
 */
export async function pgliteShopDir(dataDir: string): Promise<void> {
  const pglite = await openPGlite(dataDir);
  await pglite.exec(POSTGRES_DDL);
  await pglite.exec(DATA);
  await pglite.close();
}

/** A fresh database of the target kind holding the small shop, with a connector on it. */
export async function openShop(
  target: DbTarget,
  options: { data?: boolean; datastore?: Datastore } = {},
): Promise<OpenShop> {
  const data = options.data ?? true;
  if (target === 'pglite') {
    const pglite = await PGlite.create();
    await pglite.exec(POSTGRES_DDL);
    if (data) await pglite.exec(DATA);
    const connector = pgliteConnector(options.datastore ?? smallShop('pglite'), pglite);
    return {
      connector,
      sql: async (text, params) => (await pglite.query<Record<string, unknown>>(text, params)).rows,
      reconnect: (datastore) => pgliteConnector(datastore, pglite, false),
      close: () => connector.close(),
    };
  }
  if (target === 'postgres') {
    const database = await freshDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(POSTGRES_DDL);
    if (data) await client.query(DATA);
    const connector = postgresConnector(options.datastore ?? smallShop('postgres'), database.url);
    return {
      connector,
      url: database.url,
      sql: async (text, params) =>
        (await client.query(text, params)).rows as Record<string, unknown>[],
      reconnect: (datastore) => postgresConnector(datastore, database.url),
      close: async () => {
        await connector.close();
        await client.end();
        await database.drop();
      },
    };
  }
  const database = await freshMysqlDatabase();
  await withMysql(database.url, async (query) => {
    await query(MYSQL_DDL);
    if (data) await query(DATA);
  });
  const connector = mysqlConnector(options.datastore ?? smallShop('mysql'), database.url);
  return {
    connector,
    url: database.url,
    sql: (text, params) =>
      withMysql(
        database.url,
        async (query) =>
          (await query(text.replace(/\$\d+/g, '?'), params)) as Record<string, unknown>[],
      ),
    reconnect: (datastore) => mysqlConnector(datastore, database.url),
    close: async () => {
      await connector.close();
      await database.drop();
    },
  };
}

/** A fresh shop of the target kind for each test of the calling suite; read it inside a test. */
export function shopPerTest(target: DbTarget): () => OpenShop {
  let shop: OpenShop | undefined;
  beforeEach(async () => {
    shop = await openShop(target);
  });
  afterEach(async () => {
    await shop?.close();
  });
  return () => {
    if (shop === undefined) throw new Error('the shop is opened before each test');
    return shop;
  };
}

/** A collection of a connector's declaration, by name. */
export function collectionNamed(connector: Connector, name: string): DatastoreCollection {
  const found = connector.datastore.collections.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no collection ${name}`);
  return found;
}
