import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.js';
import { VALID_YAML } from '../map/helpers.js';
import { DB_TARGETS, openShop, pgliteShopDir, type OpenShop } from './fixture.js';

async function run(
  args: string[],
  cwd: string,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err };
}

const SERVERS = DB_TARGETS.filter((target) => target !== 'pglite');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'custodian-datastores-'));
});
afterEach(async () => {
  delete process.env['SHOP_DATABASE_URL'];
  await rm(dir, { recursive: true, force: true });
});

/** A map including `datastores/shop.yaml`, whose text is `declaration`. */
async function mapWithShop(declaration: string): Promise<void> {
  await writeFile(
    path.join(dir, 'privacy.yaml'),
    // These tests are about the live checks: collection retention has its own (test/map).
    `${VALID_YAML.trimEnd()}\ndatastores:\n  - shop.yaml\nchecks:\n  off:\n    - rule: datastore.retention\n      reason: The live checks are tested here, retention rules in test/map.\n`,
  );
  await writeFile(path.join(dir, 'shop.yaml'), declaration);
}

describe.each(SERVERS.map((target) => ({ target })))(
  'custodian datastores introspect on $target',
  ({ target }) => {
    let shop: OpenShop;
    beforeEach(async () => {
      shop = await openShop(target);
      await shop.sql(
        target === 'mysql'
          ? 'create table invoices (id int primary key, customer_id bigint not null, issued_at date not null, foreign key (customer_id) references customers (id))'
          : 'create table invoices (id int primary key, customer_id bigint not null references customers (id), issued_at date not null)',
      );
    });
    afterEach(async () => {
      await shop.close();
    });

    it('writes a draft with identities, categories, keys, references and a hold hint', async () => {
      const result = await run(
        ['datastores', 'introspect', '--url', shop.url ?? '', '--id', 'shop', '--out', 'shop.yaml'],
        dir,
      );
      expect(result.err).toContain('wrote shop.yaml');
      expect(result.code).toBe(0);
      const text = await readFile(path.join(dir, 'shop.yaml'), 'utf8');
      expect(text).toMatch(/^# DRAFT datastore declaration/);
      expect(text).toContain('Set SHOP_DATABASE_URL to the connection URL');
      expect(text).toMatch(
        /# hold: \{ reason: "Tax law: 7 years".*field: issued_at, duration: P7Y \}/,
      );
      expect(text).not.toContain(shop.url);
      const draft = parse(text);
      expect(draft.type).toBe(target);
      expect(draft.connection).toEqual({ urlEnv: 'SHOP_DATABASE_URL' });
      const byName = Object.fromEntries(
        draft.collections.map((c: { name: string }) => [c.name, c]),
      );
      expect(byName.customers.fields).toEqual([
        { name: 'id', identity: 'customer-id' },
        { name: 'email', identity: 'email', categories: ['contact.email'] },
        { name: 'name', categories: ['identity.name'] },
        { name: 'avatar', categories: ['identity.photo'] },
      ]);
      expect(byName.order_lines.primaryKey).toEqual(['order_id', 'line_no']);
      expect(byName.line_notes.references).toEqual([
        {
          fields: ['order_id', 'line_no'],
          to: { collection: 'order_lines', fields: ['order_id', 'line_no'] },
        },
      ]);
      expect(byName.orders.references).toEqual([
        { fields: ['customer_id'], to: { collection: 'customers', fields: ['id'] } },
      ]);
    });

    it('drafts a declaration that datastores check accepts', async () => {
      const draft = await run(
        ['datastores', 'introspect', '--url', shop.url ?? '', '--id', 'shop'],
        dir,
      );
      await mapWithShop(draft.out);
      process.env['SHOP_DATABASE_URL'] = shop.url;
      const result = await run(['datastores', 'check'], dir);
      expect(result.out).toBe('');
      expect(result.err).toBe('1 datastores: 0 errors, 0 warnings\n');
      expect(result.code).toBe(0);
    });
  },
);

describe.each(DB_TARGETS.map((target) => ({ target })))(
  'custodian datastores check on $target',
  ({ target }) => {
    let shop: OpenShop | undefined;
    let connection: string;
    beforeEach(async () => {
      if (target === 'pglite') {
        await pgliteShopDir(path.join(dir, 'shop-data'));
        connection = '{ dataDir: ./shop-data }';
      } else {
        shop = await openShop(target);
        process.env['SHOP_DATABASE_URL'] = shop.url;
        connection = '{ urlEnv: SHOP_DATABASE_URL }';
      }
    });
    afterEach(async () => {
      await shop?.close();
      shop = undefined;
    });

    it('reports missing tables and columns, contradicted and undeclared keys, unreachable data', async () => {
      await mapWithShop(`id: shop
type: ${target}
connection: ${connection}
collections:
  - name: customers
    primaryKey: [id]
    fields:
      - { name: email, identity: email, categories: [contact.email] }
      - { name: phone, categories: [contact.phone] }
  - name: orders
    primaryKey: [id]
    references:
      - { fields: [customer_id], to: { collection: line_notes, fields: [id] } }
  - name: order_lines
    primaryKey: [order_id]
    fields:
      - { name: product, categories: [financial.purchase-history] }
  - name: payments
    primaryKey: [id]
    fields:
      - { name: iban, identity: iban }
`);
      const result = await run(['datastores', 'check'], dir);
      expect(result.code).toBe(1);
      expect(result.out.trim().split('\n')).toEqual([
        'shop.yaml:9:17 error live.missing-column table "customers" has no column "phone"',
        expect.stringMatching(
          /^shop\.yaml:13:9 error live\.reference the reference \(customer_id\) → line_notes\(id\) contradicts foreign key \S+, which points to customers\(id\)$/,
        ),
        'shop.yaml:13:52 error datastore.reference datastore "shop" declares no collection "line_notes"',
        expect.stringMatching(
          /^shop\.yaml:14:5 error datastore\.unreachable collection "shop\.order_lines" holds personal data that no identity reaches/,
        ),
        expect.stringMatching(
          /^shop\.yaml:14:11 warning live\.undeclared-reference foreign key \S+ \(order_id\) → orders\(id\) is not declared as a reference: requests will not follow it$/,
        ),
        'shop.yaml:14:11 warning live.undeclared-table table "line_notes" references "order_lines" (foreign key line_notes_line_fk) but is not declared: does it hold personal data?',
        'shop.yaml:15:17 warning live.primary-key the primary key of "order_lines" is (order_id, line_no), not (order_id): rows are addressed by a key that may not be unique',
        'shop.yaml:18:11 error live.missing-table datastore "shop" has no table "payments"',
      ]);
      expect(result.err).toBe('1 datastores: 5 errors, 3 warnings\n');
    });
  },
);

describe('datastores check without a database', () => {
  const declaration = (urlEnv: string): string => `id: shop
type: postgres
connection: { urlEnv: ${urlEnv} }
collections:
  - name: customers
    primaryKey: [id]
    fields: [{ name: email, identity: email }]
`;

  it('names a connection variable that is not set, and exits 1', async () => {
    await mapWithShop(declaration('SHOP_DATABASE_URL'));
    const result = await run(['datastores', 'check'], dir);
    expect(result.out).toBe(
      'shop.yaml:3:13 error live.connection datastore "shop": environment variable SHOP_DATABASE_URL is not set\n',
    );
    expect(result.code).toBe(1);
  });

  it('says a database cannot be reached without echoing its password', async () => {
    await mapWithShop(declaration('SHOP_DATABASE_URL'));
    process.env['SHOP_DATABASE_URL'] = 'postgres://shop:s3cret-pw@127.0.0.1:1/shop';
    const result = await run(['datastores', 'check'], dir);
    expect(result.out).toMatch(
      /^shop\.yaml:3:13 error live\.connection datastore "shop" cannot be reached \(ECONNREFUSED\)\n$/,
    );
    expect(result.out + result.err).not.toContain('s3cret');
    expect(result.code).toBe(1);
  });

  it('exits 2 when introspect cannot reach the database, without echoing its password', async () => {
    const result = await run(
      ['datastores', 'introspect', '--url', 'mysql://root:s3cret-pw@127.0.0.1:1/shop'],
      dir,
    );
    expect(result.err).toBe('custodian: datastore "shop" cannot be reached (ECONNREFUSED)\n');
    expect(result.code).toBe(2);
  });

  it('exits 2 for a URL that is not a database URL', async () => {
    const result = await run(
      ['datastores', 'introspect', '--url', 'https://user:pw@example.com/'],
      dir,
    );
    expect(result.err).not.toContain('pw@');
    expect(result.code).toBe(2);
  });

  it('prints findings as JSON with --format json', async () => {
    await mapWithShop(declaration('SHOP_DATABASE_URL'));
    const result = await run(['datastores', 'check', '--format', 'json'], dir);
    expect(JSON.parse(result.out)).toMatchObject({
      map: 'privacy.yaml',
      diagnostics: [
        { file: 'shop.yaml', line: 3, column: 13, severity: 'error', rule: 'live.connection' },
      ],
    });
    expect(result.code).toBe(1);
  });

  it('lets custodian check name an included file relative to where it runs', async () => {
    await mapWithShop(declaration('SHOP_DATABASE_URL').replace('type: postgres', 'type: oracle'));
    const result = await run(['check'], dir);
    expect(result.out).toBe(
      'shop.yaml:2:7 error schema.enum `datastores.0.type`: "oracle" is not one of "postgres", "mysql", "pglite", "http"\n',
    );
    expect(result.code).toBe(1);
  });

  it('exits 2 when the map cannot be read', async () => {
    const result = await run(['datastores', 'check', '--map', 'missing.yaml'], dir);
    expect(result.err).toBe('custodian: missing.yaml: no such file\n');
    expect(result.code).toBe(2);
  });
});
