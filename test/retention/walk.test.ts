import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  mysqlConnector,
  pgliteConnector,
  postgresConnector,
  type Condition,
  type Connector,
} from '../../src/datastores/index.js';
import { Datastore } from '../../src/map/index.js';
import { freshMysqlDatabase, MYSQL_URL, withMysql } from '../support/mysql.js';
import { freshDatabase, POSTGRES_URL } from '../support/stores.js';
import { holdOpenOnMysql, holdOpenOnPostgres, type Engine } from './shop.js';

const ENGINES: Engine[] = [
  'pglite',
  ...(POSTGRES_URL === undefined ? [] : (['postgres'] as const)),
  ...(MYSQL_URL === undefined ? [] : (['mysql'] as const)),
];

/**
 * A table unlike the shop's: a mixed-case name with a space, a composite key of text and number,
 * and a nullable date, as a company's schema may have them.
 */
const TABLE = 'Order Lines';
const ROWS: [string, number, string | null][] = [
  ['A-1', 1, '2015-01-01'],
  ['A-1', 2, '2015-01-02'],
  ['A-2', 1, null],
  ['B-7', 1, '2016-05-05'],
  ['B-7', 3, '2026-01-01'],
  ['C-0', 1, '2014-03-03'],
];

function declaration(engine: Engine): Datastore {
  return Datastore.parse({
    id: 'lines',
    type: engine,
    connection: engine === 'pglite' ? { dataDir: 'lines' } : { urlEnv: 'LINES_URL' },
    collections: [
      {
        name: TABLE,
        primaryKey: ['OrderRef', 'Line'],
        fields: [{ name: 'ShippedAt' }],
      },
    ],
  });
}

interface Open {
  readonly connector: Connector;
  readonly keys: () => Promise<string[]>;
  readonly holdOpen?: (sql: string) => Promise<() => Promise<void>>;
  readonly q: (name: string) => string;
  readonly close: () => Promise<void>;
}

async function open(engine: Engine): Promise<Open> {
  const datastore = declaration(engine);
  const q = (name: string): string => (engine === 'mysql' ? `\`${name}\`` : `"${name}"`);
  const create = [
    `create table ${q(TABLE)} (${q('OrderRef')} varchar(20) not null, ${q('Line')} integer not null,
       ${q('ShippedAt')} date, primary key (${q('OrderRef')}, ${q('Line')}))`,
    `insert into ${q(TABLE)} values ${ROWS.map(
      ([ref, line, at]) => `('${ref}', ${line}, ${at === null ? 'null' : `'${at}'`})`,
    ).join(', ')}`,
  ];
  const select = `select ${q('OrderRef')} as r, ${q('Line')} as l from ${q(TABLE)} order by 1, 2`;
  const keysOf = (rows: unknown[]): string[] =>
    (rows as { r: string; l: number | string }[]).map((row) => `${row.r}/${String(row.l)}`);
  if (engine === 'pglite') {
    const db = await PGlite.create();
    for (const statement of create) await db.query(statement);
    const connector = pgliteConnector(datastore, db);
    return {
      connector,
      q,
      keys: async () => keysOf((await db.query(select)).rows),
      // The connector closes its PGlite.
      close: () => connector.close(),
    };
  }
  if (engine === 'postgres') {
    const database = await freshDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    for (const statement of create) await client.query(statement);
    const connector = postgresConnector(datastore, database.url);
    return {
      connector,
      q,
      keys: async () => keysOf((await client.query(select)).rows),
      holdOpen: (sql) => holdOpenOnPostgres(database.url, sql),
      close: async () => {
        await connector.close();
        await client.end();
        await database.drop();
      },
    };
  }
  const database = await freshMysqlDatabase();
  for (const statement of create) await withMysql(database.url, (run) => run(statement));
  const connector = mysqlConnector(datastore, database.url);
  return {
    connector,
    q,
    keys: async () => keysOf((await withMysql(database.url, (run) => run(select))) as unknown[]),
    holdOpen: (sql) => holdOpenOnMysql(database.url, sql),
    close: async () => {
      await connector.close();
      await database.drop();
    },
  };
}

const COLUMNS = ['OrderRef', 'Line'];
/** Shipped before 2017: A-1/1, A-1/2, B-7/1, C-0/1 (A-2/1 has no date; B-7/3 is recent). */
const SHIPPED_LONG_AGO: Condition = {
  kind: 'before',
  column: 'ShippedAt',
  at: new Date('2017-01-01T00:00:00Z'),
};
const between = (after: (string | number)[] | undefined, through: (string | number)[]) => ({
  kind: 'and' as const,
  of: [
    SHIPPED_LONG_AGO,
    { kind: 'keyAtMost' as const, columns: COLUMNS, key: through },
    ...(after === undefined ? [] : [{ kind: 'keyAfter' as const, columns: COLUMNS, key: after }]),
  ],
});

describe.each(ENGINES.map((engine) => ({ engine })))(
  'a sweep walking by key range on $engine',
  ({ engine }) => {
    let table: Open;
    beforeEach(async () => {
      table = await open(engine);
    });
    afterEach(async () => {
      await table.close();
    });

    const collection = () => {
      const found = table.connector.datastore.collections[0];
      if (found === undefined) throw new Error('fixture');
      return found;
    };

    it('finds where each page of matching rows ends, in key order, without reading the rows', async () => {
      const bound = table.connector.bound?.bind(table.connector);
      if (bound === undefined) throw new Error('an SQL connector bounds pages');
      const page = (after?: (string | number)[]) =>
        bound(collection(), {
          where: SHIPPED_LONG_AGO,
          ...(after === undefined ? {} : { after }),
          limit: 2,
          timeoutMs: 10_000,
        });
      const first = await page();
      expect(first).toMatchObject({ rows: 2 });
      expect(first?.through.map(String)).toEqual(['A-1', '2']);
      const second = await page(['A-1', 2]);
      expect(second).toMatchObject({ rows: 2 });
      expect(second?.through.map(String)).toEqual(['C-0', '1']);
      expect(await page(['C-0', 1])).toBeUndefined();
      // A page shorter than its limit ends at its last row.
      const rest = await bound(collection(), {
        where: SHIPPED_LONG_AGO,
        after: ['A-1', 1],
        limit: 100,
        timeoutMs: 10_000,
      });
      expect(rest).toMatchObject({ rows: 3 });
      expect(rest?.through.map(String)).toEqual(['C-0', '1']);
    });

    it('deletes the matching rows of a key range only, and counts them', async () => {
      const deleteWhere = table.connector.deleteWhere?.bind(table.connector);
      if (deleteWhere === undefined) throw new Error('an SQL connector deletes by condition');
      const limits = { lockTimeoutMs: 1_000, statementTimeoutMs: 1_000 };
      // After A-1/1 through B-7/3: A-1/2 and B-7/1 (A-2/1 and B-7/3 do not match).
      expect(
        await deleteWhere({
          collection: collection(),
          where: between(['A-1', 1], ['B-7', 3]),
          ...limits,
        }),
      ).toBe(2);
      expect(await table.keys()).toEqual(['A-1/1', 'A-2/1', 'B-7/3', 'C-0/1']);
      // From the first key: A-1/1 only.
      expect(
        await deleteWhere({
          collection: collection(),
          where: between(undefined, ['A-2', 1]),
          ...limits,
        }),
      ).toBe(1);
      expect(await table.keys()).toEqual(['A-2/1', 'B-7/3', 'C-0/1']);
    });

    it.runIf(engine !== 'pglite')(
      'stops at a row the application keeps locked, within the lock timeout, and deletes nothing',
      async () => {
        const deleteWhere = table.connector.deleteWhere?.bind(table.connector);
        if (deleteWhere === undefined || table.holdOpen === undefined) throw new Error('fixture');
        const release = await table.holdOpen(
          `select * from ${table.q(TABLE)} where ${table.q('OrderRef')} = 'B-7' and ${table.q('Line')} = 1 for update`,
        );
        try {
          await expect(
            deleteWhere({
              collection: collection(),
              where: between(undefined, ['C-0', 1]),
              lockTimeoutMs: 200,
              statementTimeoutMs: 1_000,
            }),
          ).rejects.toMatchObject({ code: 'datastore.locked' });
        } finally {
          await release();
        }
        expect(await table.keys()).toEqual(ROWS.map(([ref, line]) => `${ref}/${line}`));
      },
    );
  },
);
