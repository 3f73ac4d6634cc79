import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { sampleStatement } from '../../src/datastores/sql-connector.js';
import { MYSQL_DIALECT, POSTGRES_DIALECT } from '../../src/datastores/sql-dialect.js';
import { generateCorpus, type ValueKind } from '../../src/discovery/index.js';
import { pagesPercent, scanDatastores } from '../../src/discovery/scan.js';
import { openConnector } from '../../src/datastores/index.js';
import { Datastore, type DataMap } from '../../src/map/index.js';
import { openPGlite } from '../../src/store/index.js';
import { DB_TARGETS, type DbTarget } from '../datastores/fixture.js';
import { VALID_YAML } from '../map/helpers.js';
import { freshMysqlDatabase, withMysql } from '../support/mysql.js';
import { freshDatabase } from '../support/stores.js';
import { specialCorpus } from './special-corpus.js';

/**
 * `custodian scan` on a shop with planted columns of known kinds (generated values), in declared
 * and undeclared tables with mixed-case and odd names, and a free-text column of health notes.
 */
const ROWS = 40;
const corpus = generateCorpus(20261206, {
  valuesPerColumn: ROWS,
  today: new Date('2026-12-06T00:00:00Z'),
});
const valuesOf = (column: string): string[] => {
  const found = corpus.columns.find((c) => c.column === column);
  if (found === undefined) throw new Error(`no corpus column ${column}`);
  return found.values.map((v) => v.value);
};
/** Texts that reveal health only, in the four languages, cycled over the rows. */
const healthNotes = specialCorpus(12, 400)
  .filter((text) => text.labels.size === 1 && text.labels.has('health'))
  .map((text) => text.text);

interface PlantedTable {
  readonly name: string;
  readonly key: string;
  /** Column name → the corpus column its values come from. */
  readonly columns: Readonly<Record<string, string>>;
}

/** Table → column → what the scan must find there (a kind, `health`, or nothing). */
const TABLES: readonly PlantedTable[] = [
  {
    name: 'Customers',
    key: 'Id',
    columns: {
      Email: 'email',
      phone: 'phone',
      first_name: 'first_name',
      last_name: 'last_name',
      iban: 'iban',
      date_of_birth: 'date_of_birth',
      customer_number: 'customer_number',
      notes: 'health',
    },
  },
  {
    name: 'orders',
    key: 'id',
    columns: {
      order_number: 'order_number',
      sku: 'sku',
      price: 'price',
      prijs: 'prijs',
      product_name: 'product_name',
      description: 'description',
      aangemaakt_op: 'aangemaakt_op',
    },
  },
  {
    name: 'Payment Log',
    key: 'id',
    columns: {
      card_number: 'card_number',
      rijksregisternummer: 'rijksregisternummer',
      bsn: 'bsn',
      nir: 'nir',
      steuer_id: 'steuer_id',
      remote_addr: 'remote_addr',
      Geburtsdatum: 'geburtsdatum',
      sku: 'sku',
      artikelnummer: 'artikelnummer',
    },
  },
];

/** What must be found, by "table.column"; every other column must give no finding. */
const EXPECTED: Readonly<Record<string, { rule: string; kind: ValueKind | 'health' }>> = {
  'Customers.phone': { rule: 'scan.category-mismatch', kind: 'phone' },
  'Customers.last_name': { rule: 'scan.undeclared-personal-data', kind: 'person-name' },
  'Customers.iban': { rule: 'scan.undeclared-personal-data', kind: 'iban' },
  'Customers.date_of_birth': { rule: 'scan.undeclared-personal-data', kind: 'date-of-birth' },
  'Customers.notes': { rule: 'scan.special-category', kind: 'health' },
  'Payment Log.card_number': { rule: 'scan.undeclared-personal-data', kind: 'payment-card' },
  'Payment Log.rijksregisternummer': {
    rule: 'scan.undeclared-personal-data',
    kind: 'national-id-be',
  },
  'Payment Log.bsn': { rule: 'scan.undeclared-personal-data', kind: 'national-id-nl' },
  'Payment Log.nir': { rule: 'scan.undeclared-personal-data', kind: 'national-id-fr' },
  'Payment Log.steuer_id': { rule: 'scan.undeclared-personal-data', kind: 'national-id-de' },
  'Payment Log.remote_addr': { rule: 'scan.undeclared-personal-data', kind: 'ip-address' },
  'Payment Log.Geburtsdatum': { rule: 'scan.undeclared-personal-data', kind: 'date-of-birth' },
};

/** Declared: Customers (Email and first_name rightly, phone wrongly, notes without Art. 9) and orders. */
const declaration = (target: DbTarget, connection: string): string => `id: shop
type: ${target}
connection: ${connection}
collections:
  - name: Customers
    primaryKey: [Id]
    fields:
      - { name: Email, identity: email, categories: [contact.email] }
      - { name: first_name, categories: [identity.name] }
      - { name: phone, categories: [contact.email] }
      - { name: notes, categories: [communications.message-content] }
  - name: orders
    primaryKey: [id]
`;

function valueAt(source: string, row: number): string {
  if (source === 'health') return healthNotes[row % healthNotes.length] ?? '';
  return valuesOf(source)[row] ?? '';
}

/** Every planted value of a personal column, for the no-leak check (short ones could occur by chance). */
const plantedValues = (): string[] =>
  TABLES.flatMap((table) =>
    Object.entries(table.columns)
      .filter(
        ([column]) =>
          EXPECTED[`${table.name}.${column}`] !== undefined ||
          column === 'Email' ||
          column === 'first_name',
      )
      .flatMap(([, source]) => Array.from({ length: ROWS }, (_, row) => valueAt(source, row))),
  ).filter((value) => value.trim().length >= 5);

/** The statements creating and filling the tables, quoted by the dialect, values as parameters. */
function statements(target: DbTarget): { sql: string; params: string[] }[] {
  const dialect = target === 'mysql' ? MYSQL_DIALECT : POSTGRES_DIALECT;
  const q = (name: string): string => dialect.quote(name);
  const out: { sql: string; params: string[] }[] = [];
  for (const table of TABLES) {
    const columns = Object.keys(table.columns);
    const extra =
      table.name === 'orders' ? `, ${q('created_at')} timestamp, ${q('quantity')} integer` : '';
    out.push({
      sql: `create table ${q(table.name)} (${q(table.key)} integer primary key, ${columns
        .map((column) => `${q(column)} ${target === 'mysql' ? 'varchar(1000)' : 'text'}`)
        .join(', ')}${extra})`,
      params: [],
    });
    for (let row = 0; row < ROWS; row += 1) {
      const values = [
        String(row + 1),
        ...columns.map((column) => valueAt(table.columns[column] ?? '', row)),
      ];
      const names = [table.key, ...columns];
      const placeholders = values.map((_, i) => dialect.placeholder(i));
      if (table.name === 'orders') {
        names.push('created_at', 'quantity');
        placeholders.push(`'2026-0${(row % 9) + 1}-1${row % 10} 10:00:00'`, String(row * 7));
      }
      out.push({
        sql: `insert into ${q(table.name)} (${names.map(q).join(', ')}) values (${placeholders.join(', ')})`,
        params: values,
      });
    }
  }
  return out;
}

let dir: string;
let drop: (() => Promise<void>) | undefined;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'custodian-scan-'));
});
afterEach(async () => {
  delete process.env['SCAN_SHOP_URL'];
  await drop?.();
  drop = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir });
  return { code, out, err };
}

/** Creates the planted shop on the target and writes privacy.yaml + shop.yaml declaring part of it. */
async function plant(target: DbTarget): Promise<void> {
  let connection: string;
  if (target === 'pglite') {
    const pglite = await openPGlite(path.join(dir, 'shop-data'));
    for (const { sql, params } of statements(target)) await pglite.query(sql, params);
    await pglite.close();
    connection = '{ dataDir: ./shop-data }';
  } else if (target === 'postgres') {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    const client = new pg.Client({ connectionString: fresh.url });
    await client.connect();
    try {
      for (const { sql, params } of statements(target)) await client.query(sql, params);
    } finally {
      await client.end();
    }
    process.env['SCAN_SHOP_URL'] = fresh.url;
    connection = '{ urlEnv: SCAN_SHOP_URL }';
  } else {
    const fresh = await freshMysqlDatabase();
    drop = fresh.drop;
    await withMysql(fresh.url, async (query) => {
      for (const { sql, params } of statements(target)) await query(sql, params);
    });
    process.env['SCAN_SHOP_URL'] = fresh.url;
    connection = '{ urlEnv: SCAN_SHOP_URL }';
  }
  await writeFile(
    path.join(dir, 'privacy.yaml'),
    `${VALID_YAML.trimEnd()}\ndatastores:\n  - shop.yaml\n`,
  );
  await writeFile(path.join(dir, 'shop.yaml'), declaration(target, connection));
}

interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  rule: string;
  detail?: { table: string; column: string; kind: string; matched: number; sampled: number };
}

describe.each(DB_TARGETS.map((target) => ({ target })))(
  'custodian scan on $target',
  ({ target }) => {
    it('finds every planted column with its kind, nothing in the others, and never prints a value', async () => {
      await plant(target);
      const json = await run([
        'scan',
        '--format',
        'json',
        '--sample',
        '200',
        '--fix-draft',
        'draft.yaml',
      ]);
      expect(json.code).toBe(1);
      const report = JSON.parse(json.out) as { tables: number; diagnostics: JsonDiagnostic[] };
      expect(report.tables).toBe(3);
      const found = Object.fromEntries(
        report.diagnostics.map((d) => [
          `${d.detail?.table ?? '?'}.${d.detail?.column ?? '?'}`,
          { rule: d.rule, kind: d.detail?.kind },
        ]),
      );
      expect(found).toEqual(EXPECTED);
      expect(report.diagnostics).toHaveLength(Object.keys(EXPECTED).length);
      for (const d of report.diagnostics) {
        expect(d.file).toBe('shop.yaml');
        expect(d.detail?.sampled).toBe(ROWS);
        expect(d.detail?.matched).toBeGreaterThan(0);
      }
      // The undeclared table's findings point at the datastore, the declared one's at the collection or field.
      const at = (key: string): string => {
        const d = report.diagnostics.find((x) => `${x.detail?.table}.${x.detail?.column}` === key);
        return `${d?.line}:${d?.column}`;
      };
      expect(at('Payment Log.bsn')).toBe('1:5');
      expect(at('Customers.iban')).toBe('5:11');
      expect(at('Customers.phone')).toBe('10:36');

      const text = await run(['scan']);
      expect(text.code).toBe(1);
      expect(text.out).toContain(
        'shop.yaml:5:11 error scan.undeclared-personal-data datastore "shop", table "Customers", column "iban": iban in ',
      );
      expect(text.out).toMatch(
        /^shop\.yaml:1:5 error scan\.undeclared-personal-data datastore "shop", table "Payment Log", column "bsn": national-id-nl in \d+ of 40 sampled values \(confidence [\d.]+\), personal data \(identity\.official-id\) that an undeclared table does not list$/m,
      );
      expect(text.out).toMatch(
        /^shop\.yaml:11:17 error scan\.special-category .*\(special\.health\)/m,
      );
      expect(text.err).toContain('3 tables, ');

      const draft = await readFile(path.join(dir, 'draft.yaml'), 'utf8');
      expect(draft).toContain('- name: "Payment Log"');
      expect(draft).toContain(
        '- { name: "iban", categories: [financial.bank-account] } # guessed: review',
      );
      expect(draft).toContain(
        '- { name: "notes", categories: [communications.message-content, special.health] } # guessed: review',
      );

      // No sampled value anywhere: not in the output, the messages or the draft.
      const everything = [json.out, json.err, text.out, text.err, draft].join('\n');
      expect(plantedValues().length).toBeGreaterThan(400);
      const leaked = plantedValues().filter((value) => everything.includes(value));
      expect(leaked).toEqual([]);
    });

    it('is clean once the map declares what the scan found', async () => {
      await plant(target);
      const connection = (await readFile(path.join(dir, 'shop.yaml'), 'utf8')).split('\n')[2] ?? '';
      await writeFile(
        path.join(dir, 'shop.yaml'),
        `id: shop
type: ${target}
${connection}
collections:
  - name: Customers
    primaryKey: [Id]
    fields:
      - { name: Email, identity: email, categories: [contact.email] }
      - { name: first_name, categories: [identity.name] }
      - { name: last_name, categories: [identity.name] }
      - { name: phone, categories: [contact.phone] }
      - { name: iban, categories: [financial.bank-account] }
      - { name: date_of_birth, categories: [identity.date-of-birth] }
      - { name: notes, categories: [communications.message-content, special.health] }
  - name: orders
    primaryKey: [id]
`,
      );
      const result = await run(['scan', '--datastore', 'shop', '--sample', '100']);
      // Only the undeclared table remains: its seven planted columns.
      expect(result.out.split('\n').filter(Boolean)).toHaveLength(7);
      expect(
        result.out
          .split('\n')
          .filter(Boolean)
          .every((line) => line.includes('"Payment Log"')),
      ).toBe(true);
      expect(result.code).toBe(1);
    });
  },
);

describe('custodian scan usage', () => {
  it('refuses a bad --sample, an unknown datastore, and skips an HTTP datastore saying so', async () => {
    await writeFile(
      path.join(dir, 'privacy.yaml'),
      `${VALID_YAML.trimEnd()}\ndatastores:\n  - id: crm\n    type: http\n    connection: { url: "https://crm.example.com/custodian" }\n    collections:\n      - { name: contacts, primaryKey: [id] }\n`,
    );
    expect((await run(['scan', '--sample', '0'])).code).toBe(2);
    expect((await run(['scan', '--sample', '1001'])).code).toBe(2);
    const unknown = await run(['scan', '--datastore', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no datastore "nope"');
    const http = await run(['scan']);
    expect(http.err).toContain('datastore "crm": an HTTP datastore cannot be sampled; skipped');
    expect(http.code).toBe(0);
  });

  it('samples with one bounded, timed, read-only statement, odd names quoted', () => {
    const table = {
      schema: 'Sales',
      name: 'Order "Lines"',
      columns: [],
      primaryKey: [],
      foreignKeys: [],
    };
    expect(
      sampleStatement(POSTGRES_DIALECT, table, 'E`mail', {
        limit: 200,
        timeoutMs: 5000,
        pagesPercent: 1,
      }),
    ).toEqual({
      settings: [
        "select set_config('transaction_read_only', 'on', true), set_config('statement_timeout', '5000', true)",
      ],
      sql: 'select "E`mail"::text as v from "Sales"."Order ""Lines""" tablesample system (1.0000) where "E`mail" is not null limit 200',
    });
    expect(
      sampleStatement(MYSQL_DIALECT, table, 'E`mail', { limit: 50, timeoutMs: 2500 }).sql,
    ).toBe(
      'set statement max_statement_time = 2.500 for select /*+ MAX_EXECUTION_TIME(2500) */ cast(`E``mail` as char) as v from `Order "Lines"` where `E``mail` is not null limit 50',
    );
    // MySQL refuses MariaDB's SET STATEMENT; the hint alone bounds the statement there.
    expect(
      sampleStatement(MYSQL_DIALECT, table, 'E`mail', { limit: 50, timeoutMs: 2500 }).fallback,
    ).toBe(
      'select /*+ MAX_EXECUTION_TIME(2500) */ cast(`E``mail` as char) as v from `Order "Lines"` where `E``mail` is not null limit 50',
    );
  });

  it('reads about fifty times the sample from a big PostgreSQL table, all of a small one', () => {
    expect(pagesPercent(200, 1_000_000)).toBe(1);
    expect(pagesPercent(1000, 100_000_000)).toBeCloseTo(0.05);
    expect(pagesPercent(200, 5_000)).toBe(100);
  });
});

describe('custodian scan as a process', () => {
  it('prints no sampled value on its stdout or stderr (the built binary, on PGlite)', async () => {
    await plant('pglite');
    const bin = fileURLToPath(new URL('../../bin/custodian.js', import.meta.url));
    const result = await new Promise<{ code: number; out: string; err: string }>((resolve) => {
      execFile(
        process.execPath,
        [bin, 'scan', '--format', 'json'],
        { cwd: dir, env: { ...process.env, CUSTODIAN_DEBUG: '1' } },
        (error, stdout, stderr) => {
          resolve({
            code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
            out: stdout,
            err: stderr,
          });
        },
      );
    });
    expect(result.code).toBe(1);
    expect((JSON.parse(result.out) as { diagnostics: unknown[] }).diagnostics).toHaveLength(
      Object.keys(EXPECTED).length,
    );
    const leaked = plantedValues().filter(
      (value) => result.out.includes(value) || result.err.includes(value),
    );
    expect(leaked).toEqual([]);
  });
});

describe.each(DB_TARGETS.filter((target) => target !== 'mysql').map((target) => ({ target })))(
  'custodian scan of a big table on $target',
  ({ target }) => {
    it('reads a share of its pages (TABLESAMPLE SYSTEM) and still finds the column', async () => {
      const ddl = [
        'create table big (id integer primary key, contact text, sku text)',
        // 150 000 rows: above TABLESAMPLE_FROM_ROWS once analysed.
        `insert into big select i, 'user' || i || '@example.com', 'SKU-' || i from generate_series(1, 150000) i`,
        'analyze big',
      ];
      let connection: string;
      if (target === 'pglite') {
        const pglite = await openPGlite(path.join(dir, 'big-data'));
        for (const sql of ddl) await pglite.query(sql);
        await pglite.close();
        connection = '{ dataDir: ./big-data }';
      } else {
        const fresh = await freshDatabase();
        drop = fresh.drop;
        const client = new pg.Client({ connectionString: fresh.url });
        await client.connect();
        try {
          for (const sql of ddl) await client.query(sql);
        } finally {
          await client.end();
        }
        process.env['SCAN_SHOP_URL'] = fresh.url;
        connection = '{ urlEnv: SCAN_SHOP_URL }';
      }
      await writeFile(
        path.join(dir, 'privacy.yaml'),
        `${VALID_YAML.trimEnd()}\ndatastores:\n  - id: big\n    type: ${target}\n    connection: ${connection}\n    collections:\n      - { name: big, primaryKey: [id] }\n`,
      );
      const result = await run(['scan', '--format', 'json']);
      const report = JSON.parse(result.out) as { diagnostics: JsonDiagnostic[] };
      expect(report.diagnostics.map((d) => [d.rule, d.detail?.column, d.detail?.kind])).toEqual([
        ['scan.undeclared-personal-data', 'contact', 'email'],
      ]);
      expect(report.diagnostics[0]?.detail?.sampled).toBe(200);
      expect(result.code).toBe(1);

      // The statements read a share of the pages: ~50 × the sample of 150 000 rows.
      const datastore = Datastore.parse({
        id: 'big',
        type: target,
        connection: target === 'pglite' ? { dataDir: './big-data' } : { urlEnv: 'SCAN_SHOP_URL' },
        collections: [{ name: 'big', primaryKey: ['id'] }],
      });
      const asked: (number | undefined)[] = [];
      await scanDatastores({ datastores: [datastore] } as unknown as DataMap, {
        open: async (declared) => {
          const connector = await openConnector(declared, { mapDir: dir });
          const sample = connector.sample?.bind(connector);
          return {
            ...connector,
            close: () => connector.close(),
            introspect: () => connector.introspect?.() ?? Promise.resolve({ tables: [] }),
            sample: (table, column, options) => {
              asked.push(options.pagesPercent);
              return sample?.(table, column, options) ?? Promise.resolve([]);
            },
          };
        },
      });
      expect(asked).toHaveLength(3);
      for (const percent of asked) expect(percent).toBeCloseTo(pagesPercent(200, 150_000), 0);
    });
  },
);

describe.each(DB_TARGETS.filter((target) => target === 'postgres').map((target) => ({ target })))(
  'custodian scan of a locked table on $target',
  ({ target }) => {
    it('cancels the sample after its statement timeout, names the column and carries on', async () => {
      await plant(target);
      const url = process.env['SCAN_SHOP_URL'] ?? '';
      const locker = new pg.Client({ connectionString: url });
      await locker.connect();
      try {
        const datastore = Datastore.parse({
          id: 'shop',
          type: target,
          connection: { urlEnv: 'SCAN_SHOP_URL' },
          collections: [{ name: 'orders', primaryKey: ['id'] }],
        });
        const result = await scanDatastores({ datastores: [datastore] } as unknown as DataMap, {
          open: async (declared) => {
            const connector = await openConnector(declared, { mapDir: dir });
            return {
              ...connector,
              close: () => connector.close(),
              sample: (table, column, options) =>
                connector.sample?.(table, column, options) ?? Promise.resolve([]),
              // Once the schema is read, a migration takes the table: the samples of its columns
              // wait on the lock, and their timeout cancels them.
              introspect: async () => {
                const live = await connector.introspect?.();
                await locker.query('begin');
                await locker.query('lock table orders in access exclusive mode');
                return live ?? { tables: [] };
              },
            };
          },
          timeoutMs: 200,
        });
        const orderColumns = 1 + Object.keys(TABLES[1]?.columns ?? {}).length + 2;
        expect(result.notes).toHaveLength(orderColumns);
        expect(result.notes[0]).toMatch(
          /^datastore "shop": column "\w+" of "orders" not sampled: datastore "shop": sampling a column of "orders" ran past its time limit \(57014\)/,
        );
        // The other tables (undeclared here) were sampled: their six and seven personal columns.
        expect(
          result.findings.filter((f) => f.rule === 'scan.undeclared-personal-data').length,
        ).toBe(13);
      } finally {
        await locker.query('rollback').catch(() => undefined);
        await locker.end();
      }
    });
  },
);
