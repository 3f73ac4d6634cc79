import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { parse } from 'yaml';
import type { Connector } from '../../../src/datastores/index.js';
import { openConnector } from '../../../src/datastores/index.js';
import { Datastore } from '../../../src/map/schema.js';
import { freshMysqlDatabase, MYSQL_URL, withMysql } from '../mysql.js';
import { POSTGRES_URL } from '../stores.js';

/**
 * A CRM shaped like the ones companies run (issue 10), unlike the shop fixture: emails in the case
 * people typed them in a column without a normalising index, a duplicate contact in another case,
 * a self-reference (`contacts.referred_by`), two address tables and notes. The DDL per database
 * and the seed are the `.sql` files next to this one; the declaration is `crm.yaml`. Ana
 * (`ana.martin@example.com`) asks; Bruno, Carla and Dirk must stay as they are.
 */
export type CrmEngine = 'pglite' | 'postgres' | 'mysql';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const CRM_TABLES = ['contacts', 'signups', 'addresses', 'billing_addresses', 'notes'];
export const CRM_URL_ENV = 'CRM_DATABASE_URL';

/** The engines a suite can run on here: PGlite always, PostgreSQL and MariaDB when reachable. */
export function crmEngines(): CrmEngine[] {
  return [
    'pglite',
    ...(POSTGRES_URL === undefined ? [] : (['postgres'] as const)),
    ...(MYSQL_URL === undefined ? [] : (['mysql'] as const)),
  ];
}

/** A value as the fixture compares it: dates as ISO text. */
export type Plain = string | number | boolean | null;
export type PlainRow = Readonly<Record<string, Plain>>;

export interface CrmFixture {
  readonly engine: CrmEngine;
  /** `crm.yaml`, pointed at this fixture's database. */
  readonly datastore: Datastore;
  /** The same declaration as YAML reads it, for a map that lists it under `datastores`. */
  readonly raw: Record<string, unknown>;
  /** Where the declaration's connection is found: the map directory and the URL variable. */
  readonly options: { readonly mapDir: string; readonly env: Record<string, string> };
  /** Opens a connector on the database (PGlite: close it before `rows` or `sql`). */
  readonly connect: () => Promise<Connector>;
  /** Runs statements (no parameters) on the database. */
  readonly sql: (statements: string) => Promise<void>;
  /** Every row of every table, by table, ordered by id. */
  readonly rows: () => Promise<Record<string, PlainRow[]>>;
  readonly drop: () => Promise<void>;
}

/** The CRM on `engine`, seeded; `extra` runs after the seed (an index, another column). */
export async function createCrm(engine: CrmEngine, extra = ''): Promise<CrmFixture> {
  const ddl = await readFile(
    path.join(HERE, engine === 'mysql' ? 'mysql.sql' : 'postgres.sql'),
    'utf8',
  );
  const seed = await readFile(path.join(HERE, 'seed.sql'), 'utf8');
  const raw = parse(await readFile(path.join(HERE, 'crm.yaml'), 'utf8')) as Record<string, unknown>;
  const mapDir = await mkdtemp(path.join(tmpdir(), 'custodian-crm-'));
  raw.type = engine;
  raw.connection = engine === 'pglite' ? { dataDir: './crm-data' } : { urlEnv: CRM_URL_ENV };
  const datastore = Datastore.parse(raw);
  let run: (statements: string) => Promise<Record<string, unknown>[]>;
  let dropDatabase: () => Promise<void> = () => Promise.resolve();
  const env: Record<string, string> = {};
  if (engine === 'pglite') {
    const dataDir = path.join(mapDir, 'crm-data');
    run = async (statements) => {
      const db = await PGlite.create({ dataDir });
      try {
        const results = await db.exec(statements);
        return results.at(-1)?.rows ?? [];
      } finally {
        await db.close();
        // PGlite makes the directory readable by others; the connector refuses such a directory.
        await chmod(dataDir, 0o700);
      }
    };
  } else if (engine === 'postgres') {
    if (POSTGRES_URL === undefined) throw new Error('TEST_DATABASE_URL is not set');
    const name = `custodian_crm_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = async (statement: string): Promise<void> => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    };
    await admin(`create database ${name}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    env[CRM_URL_ENV] = url.toString();
    run = async (statements) => {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const result = (await client.query(statements)) as pg.QueryResult | pg.QueryResult[];
        return (Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows) as Record<
          string,
          unknown
        >[];
      } finally {
        await client.end();
      }
    };
    dropDatabase = () => admin(`drop database if exists ${name} with (force)`);
  } else {
    const database = await freshMysqlDatabase();
    env[CRM_URL_ENV] = database.url;
    run = (statements) =>
      withMysql(database.url, async (query) => {
        const result = await query(statements);
        return (Array.isArray(result) ? result : []) as Record<string, unknown>[];
      });
    dropDatabase = database.drop;
  }
  await run(`${ddl}\n${seed}\n${extra}`);
  const options = { mapDir, env };
  return {
    engine,
    datastore,
    raw,
    options,
    connect: () => openConnector(datastore, options),
    sql: async (statements) => {
      await run(statements);
    },
    rows: async () => {
      const all: Record<string, PlainRow[]> = {};
      for (const table of CRM_TABLES) {
        all[table] = (await run(`select * from ${table} order by id`)).map(plainRow);
      }
      return all;
    },
    drop: async () => {
      await dropDatabase();
      await rm(mapDir, { recursive: true, force: true });
    },
  };
}

function plainRow(row: Record<string, unknown>): PlainRow {
  return Object.fromEntries(
    Object.entries(row).map(([column, value]): [string, Plain] => {
      if (value instanceof Date) return [column, value.toISOString()];
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
        return [column, value as Plain];
      }
      return [column, JSON.stringify(value)];
    }),
  );
}
