import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { parse } from 'yaml';
import { Datastore } from '../../../src/map/schema.js';
import { freshMysqlDatabase, MYSQL_URL } from '../mysql.js';
import { POSTGRES_URL } from '../stores.js';

/**
 * A billing database shaped like a small company's (test/support/billing): customers found by
 * email; invoices kept ten years from their issue date (BE WIB 92 art. 315); invoice lines,
 * payments and refunds with no date of their own, declared `partOf` the row they belong to. On
 * PostgreSQL or MariaDB, from the DDL of each (postgres.sql, mysql.sql) and one seed (seed.sql).
 */
export type BillingEngine = 'postgres' | 'mysql';

/** The day the tests run: invoice 10 (2023-03-10) is held, invoice 11 (2015-02-01) no longer. */
export const BILLING_NOW = new Date('2026-06-15T09:00:00Z');

/** The tables, children last, with their primary keys. */
export const BILLING_TABLES: Readonly<Record<string, readonly string[]>> = {
  customers: ['id'],
  invoices: ['id'],
  invoice_lines: ['invoice_id', 'line_no'],
  payments: ['id'],
  refunds: ['id'],
};

const HERE = path.dirname(fileURLToPath(import.meta.url));
const URL_ENV = 'BILLING_DB_URL';

/** The engines reachable here. */
export function billingEngines(): BillingEngine[] {
  return [
    ...(POSTGRES_URL === undefined ? [] : (['postgres'] as const)),
    ...(MYSQL_URL === undefined ? [] : (['mysql'] as const)),
  ];
}

/** A value as the tests compare it: dates `YYYY-MM-DD`, decimals with two digits. */
export type Plain = string | number | null;
export type PlainRow = Readonly<Record<string, Plain>>;
export type BillingRows = Record<string, PlainRow[]>;

export interface BillingFixture {
  readonly engine: BillingEngine;
  /** The declaration, pointed at this database through `env`. */
  readonly datastore: Datastore;
  readonly env: Readonly<Record<string, string>>;
  /** Every row of every table as it is now, by table, sorted by primary key. */
  readonly rows: () => Promise<BillingRows>;
  readonly drop: () => Promise<void>;
}

/**
 * The people of the CRM fixture (test/support/crm/seed.sql) as billing knows them, for a map that
 * declares both (crm-billing-pair.test.ts): pass it as `createBilling`'s `extra`.
 */
export const CRM_PEOPLE = path.join(HERE, 'crm-people.sql');

/**
 * Creates and seeds a billing database on `engine`, and declares it; `extra` (SQL) runs after the
 * seed, to change who the customers are.
 */
export async function createBilling(engine: BillingEngine, extra = ''): Promise<BillingFixture> {
  const ddl = await readFile(path.join(HERE, `${engine}.sql`), 'utf8');
  const seed = await readFile(path.join(HERE, 'seed.sql'), 'utf8');
  const { url, drop } =
    engine === 'postgres' ? await freshPostgresDatabase() : await freshMysqlDatabase();
  try {
    await withQuery(engine, url, async (query) => {
      for (const statement of statements(`${ddl};${seed};${extra}`)) await query(statement);
    });
  } catch (error) {
    await drop();
    throw error;
  }
  const raw = parse(await readFile(path.join(HERE, 'billing.yaml'), 'utf8'));
  raw.type = engine;
  return {
    engine,
    datastore: Datastore.parse(raw),
    env: { [URL_ENV]: url },
    rows: () =>
      withQuery(engine, url, async (query) => {
        const quote = (name: string): string => (engine === 'mysql' ? `\`${name}\`` : `"${name}"`);
        const all: BillingRows = {};
        for (const [table, key] of Object.entries(BILLING_TABLES)) {
          const rows = await query(
            `select * from ${quote(table)} order by ${key.map(quote).join(', ')}`,
          );
          all[table] = rows.map(plainRow);
        }
        return all;
      }),
    drop,
  };
}

/** The statements of a SQL file: `;`-separated, `--` comment lines dropped. */
function statements(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '');
}

async function withQuery<T>(
  engine: BillingEngine,
  url: string,
  work: (query: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>,
): Promise<T> {
  if (engine === 'postgres') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(async (sql) => (await client.query<Record<string, unknown>>(sql)).rows);
    } finally {
      await client.end();
    }
  }
  // UTC, and DATE columns as the text they hold.
  const connection = await mysql.createConnection({ uri: url, timezone: 'Z', dateStrings: true });
  try {
    return await work(async (sql) => (await connection.query(sql))[0] as Record<string, unknown>[]);
  } finally {
    await connection.end();
  }
}

async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (POSTGRES_URL === undefined) throw new Error('TEST_DATABASE_URL is not set');
  const name = `custodian_billing_${process.pid}_${randomBytes(4).toString('hex')}`;
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
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

const DATE_COLUMNS = new Set(['issued_on', 'paid_on']);
const DECIMAL_COLUMNS = new Set(['total', 'amount']);

function plainRow(row: Readonly<Record<string, unknown>>): PlainRow {
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => [column, plain(column, value)]),
  );
}

function plain(column: string, value: unknown): Plain {
  if (value === null || value === undefined) return null;
  if (DATE_COLUMNS.has(column)) {
    // pg reads a date as local midnight; take the calendar day it names.
    if (value instanceof Date) {
      const local = new Date(value.getTime() - value.getTimezoneOffset() * 60_000);
      return local.toISOString().slice(0, 10);
    }
    if (typeof value === 'string') return value.slice(0, 10);
    throw new Error(`unexpected value of type ${typeof value} in column ${column}`);
  }
  if (DECIMAL_COLUMNS.has(column)) return Number(value).toFixed(2);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new Error(`unexpected value of type ${typeof value} in column ${column}`);
}
