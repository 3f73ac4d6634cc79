import { describe, expect, it } from 'vitest';
import { erasureHashKey, foundHolds, planErasure, type Found } from '../../src/execution/index.js';
import { Datastore } from '../../src/map/index.js';

/**
 * GDPR Art. 17(3)(b): rows `partOf` a held row are held with it, with its reason, basis and end;
 * pure planning, no database.
 */

const NOW = new Date('2026-06-15T09:00:00Z');
const HOLD = { reason: 'Tax law: 10 years', basis: 'BE WIB 92 art. 315' };

const BILLING = Datastore.parse({
  id: 'billing',
  type: 'postgres',
  connection: { urlEnv: 'BILLING_DB_URL' },
  collections: [
    {
      name: 'invoices',
      primaryKey: ['id'],
      hold: { ...HOLD, field: 'issued_on', duration: 'P10Y' },
      fields: [{ name: 'issued_on' }],
    },
    {
      name: 'payments',
      primaryKey: ['id'],
      // A payment's own, shorter hold: the invoice's later end wins.
      hold: { reason: 'Card scheme rules: 18 months', field: 'paid_on', duration: 'P18M' },
      fields: [{ name: 'paid_on' }],
      references: [
        { fields: ['invoice_id'], to: { collection: 'invoices', fields: ['id'] }, partOf: true },
      ],
    },
    {
      name: 'refunds',
      primaryKey: ['id'],
      references: [
        { fields: ['payment_id'], to: { collection: 'payments', fields: ['id'] }, partOf: true },
      ],
    },
    {
      name: 'notes',
      primaryKey: ['id'],
      erase: 'update',
      fields: [{ name: 'text' }],
      references: [
        { fields: ['invoice_id'], to: { collection: 'invoices', fields: ['id'] }, partOf: true },
      ],
    },
  ],
});

function found(rows: Record<string, Record<string, unknown>[]>): Found {
  return {
    collections: BILLING.collections.map((collection) => ({
      datastore: 'billing',
      collection: collection.name,
      rows: (rows[collection.name] ?? []) as Found['collections'][number]['rows'],
    })),
    identities: {},
    rounds: 1,
  };
}

const plan = (rows: Record<string, Record<string, unknown>[]>) =>
  planErasure([BILLING], found(rows), { now: NOW, hashKey: erasureHashKey(Buffer.alloc(32, 1)) });

describe('rows part of a held row', () => {
  it('are held with it, transitively, with its reason, basis and end, and say what they are kept with', () => {
    const result = plan({
      invoices: [{ id: 10, issued_on: '2023-03-10' }],
      payments: [{ id: 100, invoice_id: 10, paid_on: '2026-06-01' }],
      refunds: [{ id: 1000, payment_id: 100 }],
      notes: [{ id: 5, invoice_id: 10, text: 'call first' }],
    });
    expect(result.steps).toEqual([]);
    expect(result.holds).toEqual([
      {
        datastore: 'billing',
        collection: 'invoices',
        ...HOLD,
        rows: 1,
        ends: [{ until: '2033-03-09', rows: 1 }],
      },
      ...['payments', 'refunds', 'notes'].map((collection) => ({
        datastore: 'billing',
        collection,
        ...HOLD,
        rows: 1,
        ends: [{ until: '2033-03-09', rows: 1 }],
        keptWith: 'invoices',
      })),
    ]);
    expect(result.held).toEqual([
      { datastore: 'billing', collection: 'invoices', keys: [[10]], until: ['2033-03-09'] },
      { datastore: 'billing', collection: 'payments', keys: [[100]], until: ['2033-03-09'] },
      { datastore: 'billing', collection: 'refunds', keys: [[1000]], until: ['2033-03-09'] },
      { datastore: 'billing', collection: 'notes', keys: [[5]], until: ['2033-03-09'] },
    ]);
  });

  it('keep their own hold when it ends later than the one of the row they are part of', () => {
    const result = plan({
      invoices: [{ id: 11, issued_on: '2016-07-01' }],
      payments: [{ id: 101, invoice_id: 11, paid_on: '2026-06-01' }],
    });
    expect(
      result.holds.map((hold) => [hold.collection, hold.reason, hold.ends, hold.keptWith]),
    ).toEqual([
      ['invoices', HOLD.reason, [{ until: '2026-06-30', rows: 1 }], undefined],
      ['payments', 'Card scheme rules: 18 months', [{ until: '2027-11-30', rows: 1 }], undefined],
    ]);
  });

  it('follow their own rules once the hold of the row they are part of has ended', () => {
    const result = plan({
      invoices: [{ id: 11, issued_on: '2015-02-01' }],
      payments: [{ id: 101, invoice_id: 11, paid_on: '2015-02-03' }],
      refunds: [{ id: 1001, payment_id: 101 }],
      notes: [{ id: 6, invoice_id: 11, text: 'paid late' }],
    });
    expect(result.holds).toEqual([]);
    expect(result.steps.map((step) => [step.collection, step.op, step.keys])).toEqual([
      ['refunds', 'delete', [[1001]]],
      ['payments', 'delete', [[101]]],
      ['notes', 'update', [[6]]],
      ['invoices', 'delete', [[11]]],
    ]);
  });

  it('follow their own rules when the row they are part of was not found for the person', () => {
    const result = plan({ payments: [{ id: 102, invoice_id: 12, paid_on: '2015-02-03' }] });
    expect(result.holds).toEqual([]);
    expect(result.steps.map((step) => [step.collection, step.op])).toEqual([
      ['payments', 'delete'],
    ]);
  });

  it('are listed as held for a request that changes nothing', () => {
    const holds = foundHolds(
      [BILLING],
      found({
        invoices: [{ id: 10, issued_on: '2023-03-10' }],
        refunds: [],
        payments: [{ id: 100, invoice_id: 10, paid_on: '2026-06-01' }],
      }),
      NOW,
    );
    expect(holds.map((hold) => [hold.collection, hold.rows, hold.keptWith])).toEqual([
      ['invoices', 1, undefined],
      ['payments', 1, 'invoices'],
    ]);
  });
});
