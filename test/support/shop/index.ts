import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { parse } from 'yaml';
import {
  SHOP_DATABASES,
  SHOP_POSTGRES_DDL,
  SHOP_TABLES,
  type ShopDatabase,
} from '../../../src/demo/index.js';
import { seedShopDatabase } from '../../../src/demo/index.js';
import { shopSeed, type SeedValue, type ShopSeed } from '../../../src/demo/index.js';
import { Datastore } from '../../../src/map/schema.js';
import { freshMysqlDatabase, MYSQL_URL } from '../mysql.js';
import { POSTGRES_URL } from '../stores.js';
import { SHOP_MYSQL_DDL, statements } from './mysql.js';

export { SHOP_PEOPLE, shopSeed, type ShopSeed } from '../../../src/demo/index.js';
export { SHOP_DATABASES, SHOP_TABLES, type ShopDatabase } from '../../../src/demo/index.js';

/**
 * The realistic shop of the data-subject request tests: three databases (shop, newsletter,
 * billing), each on the engine a test picks, seeded with Ana (who asks), Bruno (who must stay
 * untouched) and Eva (a support agent), and declared as the datastores of a map.
 */
export type Engine = 'pglite' | 'postgres' | 'mysql';
export type Layout = Readonly<Record<ShopDatabase, Engine>>;

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The engines a suite can run on here: PGlite always, PostgreSQL and MariaDB when reachable. */
export function availableEngines(): Engine[] {
  const engines: Engine[] = ['pglite'];
  if (POSTGRES_URL !== undefined) engines.push('postgres');
  if (MYSQL_URL !== undefined) engines.push('mysql');
  return engines;
}

/** The environment variable each database's declaration reads its URL from. */
export const URL_ENV: Readonly<Record<ShopDatabase, string>> = {
  shop: 'SHOP_DATABASE_URL',
  newsletter: 'NEWSLETTER_DATABASE_URL',
  billing: 'BILLING_DATABASE_URL',
};

/** A database of the fixture, placed on one engine. */
interface Placed {
  readonly engine: Engine;
  /** PGlite: the data directory. */
  readonly dataDir?: string;
  /** PostgreSQL, MariaDB: the connection URL. */
  readonly url?: string;
  readonly drop: () => Promise<void>;
}

/** A value as the fixture compares it: dates as `YYYY-MM-DD`, timestamps ISO, decimals fixed. */
export type Plain = string | number | boolean | null;
export type PlainRow = Readonly<Record<string, Plain>>;
export type Rows = Record<ShopDatabase, Record<string, PlainRow[]>>;

export interface ShopFixture {
  readonly layout: Layout;
  readonly seed: ShopSeed;
  /** The three declarations, pointing at this fixture's databases. */
  readonly datastores: Datastore[];
  /** The URLs the declarations read from the environment (PostgreSQL and MariaDB only). */
  readonly env: Readonly<Record<string, string>>;
  /** Every row of every table as it is now, sorted by primary key. */
  readonly rows: () => Promise<Rows>;
  readonly drop: () => Promise<void>;
}

/** Creates the three databases on the engines of `layout`, seeds them and declares them. */
export async function createShop(
  layout: Layout,
  options: { readonly now?: Date } = {},
): Promise<ShopFixture> {
  const seed = shopSeed(options.now);
  const placed: Partial<Record<ShopDatabase, Placed>> = {};
  const dropAll = async (): Promise<void> => {
    for (const database of SHOP_DATABASES) await placed[database]?.drop();
  };
  try {
    for (const database of SHOP_DATABASES) {
      placed[database] = await place(database, layout[database], seed);
    }
  } catch (error) {
    await dropAll();
    throw error;
  }
  const env: Record<string, string> = {};
  const datastores: Datastore[] = [];
  for (const database of SHOP_DATABASES) {
    const where = placed[database] as Placed;
    if (where.url !== undefined) env[URL_ENV[database]] = where.url;
    datastores.push(await declaration(database, where));
  }
  return {
    layout,
    seed,
    datastores,
    env,
    rows: async () => {
      const all: Partial<Rows> = {};
      for (const database of SHOP_DATABASES) {
        all[database] = await readAll(database, placed[database] as Placed);
      }
      return all as Rows;
    },
    drop: dropAll,
  };
}

/** The declaration of one database (the YAML next to this file), pointed at where it was placed. */
export async function declaration(
  database: ShopDatabase,
  where: Pick<Placed, 'engine' | 'dataDir'>,
): Promise<Datastore> {
  const raw = parse(await readFile(path.join(HERE, `${database}.yaml`), 'utf8'));
  raw.type = where.engine;
  raw.connection =
    where.engine === 'pglite' ? { dataDir: where.dataDir } : { urlEnv: URL_ENV[database] };
  return Datastore.parse(raw);
}

/** The seed as the fixture compares rows, sorted by primary key like `rows()`. */
export function seedRows(seed: ShopSeed): Rows {
  const all: Partial<Rows> = {};
  for (const database of SHOP_DATABASES) {
    const tables: Record<string, PlainRow[]> = {};
    for (const table of SHOP_TABLES[database]) {
      tables[table] = sortRows(
        table,
        (seed[database][table] ?? []).map((row) => plainRow(row)),
      );
    }
    all[database] = tables;
  }
  return all as Rows;
}

// —— placing a database on an engine ——

async function place(database: ShopDatabase, engine: Engine, seed: ShopSeed): Promise<Placed> {
  if (engine === 'pglite') return placePglite(database, seed);
  if (engine === 'postgres') return placePostgres(database, seed);
  return placeMysql(database, seed);
}

const pgliteTemplates = new Map<string, Promise<string>>();

/**
 * A seeded PGlite directory per database, made once per worker and copied for each fixture:
 * creating a PGlite database runs initdb, which costs seconds; copying a closed one costs little.
 */
function pgliteTemplate(database: ShopDatabase, seed: ShopSeed): Promise<string> {
  const key = `${database}:${JSON.stringify(seed[database])}`;
  let template = pgliteTemplates.get(key);
  if (template === undefined) {
    template = (async () => {
      const dir = await mkdtemp(path.join(tmpdir(), `custodian-shop-tpl-${database}-`));
      const db = await PGlite.create({ dataDir: dir });
      try {
        await db.exec(SHOP_POSTGRES_DDL[database]);
        await seedShopDatabase(
          (sql, params) => db.query(sql, params as SeedValue[]),
          database,
          seed,
          'postgres',
        );
      } finally {
        await db.close();
      }
      return dir;
    })();
    pgliteTemplates.set(key, template);
  }
  return template;
}

async function placePglite(database: ShopDatabase, seed: ShopSeed): Promise<Placed> {
  const template = await pgliteTemplate(database, seed);
  const dir = await mkdtemp(path.join(tmpdir(), `custodian-shop-${database}-`));
  await cp(template, dir, { recursive: true });
  return {
    engine: 'pglite',
    dataDir: dir,
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

function withDatabase(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}

async function placePostgres(database: ShopDatabase, seed: ShopSeed): Promise<Placed> {
  if (POSTGRES_URL === undefined) throw new Error('TEST_DATABASE_URL is not set');
  const name = `custodian_shop_${database}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = withDatabase(POSTGRES_URL, name);
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query(SHOP_POSTGRES_DDL[database]);
    await seedShopDatabase(
      (sql, params) => client.query(sql, params as SeedValue[]),
      database,
      seed,
      'postgres',
    );
  } finally {
    await client.end();
  }
  return {
    engine: 'postgres',
    url,
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}

async function mysqlConnection(uri: string): Promise<mysql.Connection> {
  // UTC both ways, so a timestamp reads back as the instant that was written.
  return mysql.createConnection({ uri, timezone: 'Z', dateStrings: ['DATE'] });
}

async function placeMysql(database: ShopDatabase, seed: ShopSeed): Promise<Placed> {
  const { url, drop } = await freshMysqlDatabase();
  try {
    const connection = await mysqlConnection(url);
    try {
      for (const statement of statements(SHOP_MYSQL_DDL[database])) {
        await connection.query(statement);
      }
      await seedShopDatabase(
        (sql, params) => connection.execute(sql, params as SeedValue[]),
        database,
        seed,
        'mysql',
      );
    } finally {
      await connection.end();
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return { engine: 'mysql', url, drop };
}

// —— reading every row back ——

/** Primary keys of every table, including those no declaration names (products). */
const PRIMARY_KEYS: Readonly<Record<string, readonly string[]>> = {
  customer_emails: ['customer_id', 'email'],
  order_lines: ['order_id', 'line_no'],
};

const DATE_COLUMNS = new Set(['birth_date', 'expires_on', 'issued_at']);
const DECIMAL_COLUMNS = new Set(['price', 'total', 'unit_price']);
const BOOLEAN_COLUMNS = new Set(['marketing_opt_in', 'processing_restricted', 'restricted']);

/** One value as the fixture compares it, whichever driver read it. */
export function plain(column: string, value: unknown): Plain {
  if (value === null || value === undefined) return null;
  if (DATE_COLUMNS.has(column)) {
    const text =
      value instanceof Date ? value.toISOString() : JSON.stringify(value).replaceAll(`"`, '');
    return text.slice(0, 10);
  }
  if (value instanceof Date) return value.toISOString();
  if (DECIMAL_COLUMNS.has(column)) return Number(value).toFixed(2);
  if (BOOLEAN_COLUMNS.has(column)) return value === true || value === 1 || value === '1';
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  throw new Error(`unexpected value of type ${typeof value} in column ${column}`);
}

export function plainRow(row: Readonly<Record<string, unknown>>): PlainRow {
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => [column, plain(column, value)]),
  );
}

function primaryKey(table: string): readonly string[] {
  return PRIMARY_KEYS[table] ?? ['id'];
}

export function sortRows(table: string, rows: PlainRow[]): PlainRow[] {
  const key = primaryKey(table);
  return [...rows].sort((a, b) => {
    for (const column of key) {
      const x = a[column];
      const y = b[column];
      if (x === y) continue;
      return String(x).localeCompare(String(y), 'en', { numeric: true });
    }
    return 0;
  });
}

async function readAll(database: ShopDatabase, where: Placed): Promise<Record<string, PlainRow[]>> {
  const tables: Record<string, PlainRow[]> = {};
  const collect = async (
    query: (sql: string) => Promise<Record<string, unknown>[]>,
    quote: (name: string) => string,
  ): Promise<void> => {
    for (const table of SHOP_TABLES[database]) {
      const rows = await query(
        `select * from ${quote(table)} order by ${primaryKey(table).map(quote).join(', ')}`,
      );
      tables[table] = sortRows(table, rows.map(plainRow));
    }
  };
  if (where.engine === 'pglite') {
    const db = await PGlite.create({ dataDir: where.dataDir as string });
    try {
      await collect(
        async (sql) => (await db.query<Record<string, unknown>>(sql)).rows,
        (name) => `"${name}"`,
      );
    } finally {
      await db.close();
    }
  } else if (where.engine === 'postgres') {
    const client = new pg.Client({ connectionString: where.url as string });
    await client.connect();
    try {
      await collect(
        async (sql) => (await client.query<Record<string, unknown>>(sql)).rows,
        (name) => `"${name}"`,
      );
    } finally {
      await client.end();
    }
  } else {
    const connection = await mysqlConnection(where.url as string);
    try {
      await collect(
        async (sql) => (await connection.query(sql))[0] as Record<string, unknown>[],
        (name) => `\`${name}\``,
      );
    } finally {
      await connection.end();
    }
  }
  return tables;
}
