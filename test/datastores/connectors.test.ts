import { beforeEach, describe, expect, it } from 'vitest';
import { CustodianError } from '../../src/errors.js';
import {
  collectionNamed,
  eachDb,
  openShop,
  shopPerTest,
  smallShop,
  type OpenShop,
} from './fixture.js';

const ANA_ID = '9007199254740993'; // above 2^53: a number would round it

eachDb('$target connector', ({ target }) => {
  const current = shopPerTest(target);
  let shop: OpenShop;
  beforeEach(() => {
    shop = current();
  });

  it('finds rows by an identity and normalises driver values', async () => {
    const rows = await shop.connector.find(collectionNamed(shop.connector, 'customers'), [
      { fields: ['email'], values: [['ana@example.com']] },
    ]);
    expect(rows).toHaveLength(1);
    const [ana] = rows;
    expect(ana?.['id']).toBe(ANA_ID);
    expect(ana?.['email']).toBe('ana@example.com');
    expect(ana?.['created_at']).toBeInstanceOf(Date);
    const orders = await shop.connector.find(collectionNamed(shop.connector, 'orders'), [
      { fields: ['customer_id'], values: [[ANA_ID]] },
    ]);
    expect(orders.map((o) => [o['id'], o['total'], o['placed_on']])).toEqual([
      [10, '12.50', new Date('2024-02-29T00:00:00Z')],
      [11, '99.99', new Date('2024-03-01T00:00:00Z')],
    ]);
  });

  it('reads and writes binary as Uint8Array', async () => {
    const customers = collectionNamed(shop.connector, 'customers');
    const bytes = new Uint8Array([0, 1, 254, 255]);
    await shop.connector.apply([
      { op: 'update', collection: 'customers', keys: [['2']], set: { avatar: bytes } },
    ]);
    const [bo] = await shop.connector.find(customers, [{ fields: ['id'], values: [['2']] }]);
    expect(bo?.['avatar']).toEqual(bytes);
    expect(Buffer.isBuffer(bo?.['avatar'])).toBe(false);
  });

  it('finds by composite keys, ORs matches and returns each row once', async () => {
    const lines = collectionNamed(shop.connector, 'order_lines');
    const rows = await shop.connector.find(lines, [
      {
        fields: ['order_id', 'line_no'],
        values: [
          [10, 2],
          [20, 1],
          [99, 9],
        ],
      },
      { fields: ['order_id'], values: [[10]] },
    ]);
    expect(rows.map((r) => `${String(r['order_id'])}/${String(r['line_no'])}`).sort()).toEqual([
      '10/1',
      '10/2',
      '20/1',
    ]);
  });

  it('batches long value lists and ignores nulls', async () => {
    const values = Array.from({ length: 2500 }, (_, i) => [`nobody${i}@example.com`]);
    values.push(['bo@example.com'], [null as unknown as string], ['bo@example.com']);
    const rows = await shop.connector.find(collectionNamed(shop.connector, 'customers'), [
      { fields: ['email'], values },
    ]);
    expect(rows.map((r) => r['email'])).toEqual(['bo@example.com']);
    const pairs = Array.from({ length: 1200 }, (_, i) => [1000 + i, 1]);
    pairs.push([11, 1]);
    const lines = await shop.connector.find(collectionNamed(shop.connector, 'order_lines'), [
      { fields: ['order_id', 'line_no'], values: pairs },
    ]);
    expect(lines.map((r) => r['product'])).toEqual(['kettle']);
  });

  it('applies deletes and updates in one transaction and is idempotent', async () => {
    const changes = [
      { op: 'delete', collection: 'line_notes', keys: [[1]] },
      {
        op: 'delete',
        collection: 'order_lines',
        keys: [
          [10, 1],
          [10, 2],
        ],
      },
      { op: 'update', collection: 'orders', keys: [[10], [11]], set: { total: 0 } },
      {
        op: 'update',
        collection: 'customers',
        keys: [[ANA_ID]],
        set: { avatar: null },
        perRow: [{ name: '[erased]', email: 'erased-1@invalid' }],
      },
    ] as const;
    expect(await shop.connector.apply(changes)).toEqual([1, 2, 2, 1]);
    // A rerun after a crash: deleted rows are gone, updates match the same rows again.
    expect(await shop.connector.apply(changes)).toEqual([0, 0, 2, 1]);
    const ana = await shop.sql('select name, email from customers where id = $1', [ANA_ID]);
    expect(ana).toEqual([{ name: '[erased]', email: 'erased-1@invalid' }]);
    expect(await shop.sql('select order_id, line_no from order_lines order by 1, 2')).toHaveLength(
      2,
    );
  });

  it('rolls every change back when one fails, without values in the error', async () => {
    const attempt = shop.connector.apply([
      { op: 'delete', collection: 'line_notes', keys: [[1], [2]] },
      // Orders still reference Ana: the foreign key refuses.
      { op: 'delete', collection: 'customers', keys: [[ANA_ID]] },
    ]);
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CustodianError);
    expect((error as CustodianError).code).toBe('datastore.query_failed');
    expect((error as Error).message).toMatch(/foreign key/);
    expect((error as Error).message).not.toMatch(/ana|9007199254740993/i);
    expect(await shop.sql('select id from line_notes')).toHaveLength(2);
  });

  it('refuses to write a column the declaration does not name', async () => {
    await expect(
      shop.connector.apply([
        { op: 'update', collection: 'customers', keys: [['2']], set: { created_at: null } },
      ]),
    ).rejects.toMatchObject({ code: 'datastore.undeclared_column' });
    await expect(
      shop.connector.apply([{ op: 'delete', collection: 'payments', keys: [[1]] }]),
    ).rejects.toMatchObject({ code: 'datastore.unknown_collection' });
  });

  it('reports a missing table by code, not by message', async () => {
    await shop.sql('drop table line_notes');
    await expect(
      shop.connector.find(collectionNamed(shop.connector, 'line_notes'), [
        { fields: ['id'], values: [[1]] },
      ]),
    ).rejects.toMatchObject({
      code: 'datastore.query_failed',
      message: expect.stringMatching(
        /^datastore "shop": reading "line_notes" failed \(\S+ no such table\)$/,
      ),
    });
  });

  it('introspects tables, columns, primary keys and composite foreign keys', async () => {
    const schema = await shop.connector.introspect?.();
    const names = schema?.tables.map((t) => t.name).sort();
    expect(names).toEqual(['audit_log', 'customers', 'line_notes', 'order_lines', 'orders']);
    const notes = schema?.tables.find((t) => t.name === 'line_notes');
    expect(notes?.primaryKey).toEqual(['id']);
    expect(notes?.foreignKeys).toEqual([
      {
        name: 'line_notes_line_fk',
        columns: ['order_id', 'line_no'],
        references: {
          schema: notes?.schema,
          table: 'order_lines',
          columns: ['order_id', 'line_no'],
        },
      },
    ]);
    const lines = schema?.tables.find((t) => t.name === 'order_lines');
    expect(lines?.primaryKey).toEqual(['order_id', 'line_no']);
    const customers = schema?.tables.find((t) => t.name === 'customers');
    expect(customers?.columns.map((c) => [c.name, c.nullable])).toEqual([
      ['id', false],
      ['email', false],
      ['name', true],
      ['avatar', true],
      ['processing_restricted', false],
      ['created_at', false],
    ]);
    // MariaDB's column_type keeps the size, which erase strategies cut values to.
    expect(customers?.columns[1]?.type).toMatch(/^(text|varchar\(200\))$/);
    expect(customers?.columns[1]?.maxLength).toBe(target === 'mysql' ? 200 : undefined);
  });
});

describe('a declaration whose key the table lacks', () => {
  it('fails the find instead of folding every row into one', async () => {
    const declared = smallShop('pglite');
    const customers = declared.collections[0];
    if (customers === undefined) return expect.fail('no customers');
    const wrong = { ...declared, collections: [{ ...customers, primaryKey: ['uid'] }] };
    const shop = await openShop('pglite', { datastore: wrong });
    try {
      await expect(
        shop.connector.find(wrong.collections[0] ?? customers, [
          { fields: ['id'], values: [['2'], [ANA_ID]] },
        ]),
      ).rejects.toMatchObject({
        code: 'datastore.undeclared_column',
        message: '"shop.customers" has no column "uid" of its declared primaryKey',
      });
    } finally {
      await shop.close();
    }
  });
});
