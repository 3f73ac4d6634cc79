import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutionContext } from '../../src/execution/index.js';
import { planRetention, subtractDuration, type RetentionPlan } from '../../src/retention/index.js';
import type { Store } from '../../src/store/index.js';
import { MYSQL_URL } from '../support/mysql.js';
import { POSTGRES_URL } from '../support/stores.js';
import { NOW, openRetentionCase, shopMap, type Engine, type OpenShop } from './shop.js';

const ENGINES: Engine[] = [
  'pglite',
  ...(POSTGRES_URL === undefined ? [] : (['postgres'] as const)),
  ...(MYSQL_URL === undefined ? [] : (['mysql'] as const)),
];

describe('subtractDuration', () => {
  it('counts back in calendar months, taking the last day of a shorter month', () => {
    expect(subtractDuration(new Date('2026-03-31T00:00:00Z'), 'P1M').toISOString()).toBe(
      '2026-02-28T00:00:00.000Z',
    );
    expect(subtractDuration(NOW, 'P7Y').toISOString()).toBe('2019-11-22T12:00:00.000Z');
    expect(subtractDuration(NOW, 'P30D').toISOString()).toBe('2026-10-23T12:00:00.000Z');
  });
});

describe.each(ENGINES.map((engine) => ({ engine })))('retention plan on $engine', ({ engine }) => {
  let store: Store;
  let shop: OpenShop;
  let ctx: ExecutionContext;

  beforeEach(async () => {
    ({ store, shop, ctx } = await openRetentionCase(engine));
  });

  afterEach(async () => {
    await shop.close();
    await store.close();
  });

  const plan = (map = ctx.map): Promise<RetentionPlan> =>
    planRetention({ db: store.db, secret: ctx.secret, map, connectors: ctx.connectors, now: NOW });

  it('counts rows past retention, held, restricted, of open requests and due, exactly', async () => {
    const result = await plan();
    expect(result.people).toEqual({ restricted: 2, restrictedUnplaced: 1, openRequests: 2 });
    const counts = Object.fromEntries(
      result.collections.map((c) => [
        c.collection,
        [c.status, c.past, c.held, c.restricted, c.openRequest, c.due],
      ]),
    );
    expect(counts).toEqual({
      // Past: Ana, Bob, Eve, Gus (Dan ordered this year, Cy logged in, Fay has no activity).
      // Kept: Bob (restricted by request), Eve (flagged), Ana (open request). Due: Gus.
      customers: ['planned', 4, 0, 2, 1, 1],
      // Past: 101 (Ana's), 103 (Gus's), 104 (Bob's); due: 103.
      orders: ['planned', 3, 0, 1, 1, 1],
      // Past: 501 (held until 2028), 502 (its ten years ended in 2020).
      invoices: ['planned', 2, 1, 0, 0, 1],
      // The lines of 501 are held with it (partOf); the line of 502 is due.
      invoice_lines: ['planned', 3, 2, 0, 0, 1],
      products: ['no-rule', undefined, undefined, undefined, undefined, undefined],
    });
  });

  it('says what would happen to each collection, with its holds and period', async () => {
    const result = await plan();
    const byName = Object.fromEntries(result.collections.map((c) => [c.collection, c]));
    expect(byName['customers']).toMatchObject({
      period: 'P2Y',
      from: 'lastActivity',
      cutoff: '2024-11-22T12:00:00.000Z',
      action: 'anonymise',
      fields: [
        { name: 'email', strategy: 'hash' },
        { name: 'name', strategy: 'mask' },
      ],
    });
    expect(byName['orders']).toMatchObject({ period: 'P7Y', action: 'delete', holds: [] });
    expect(byName['invoice_lines']).toMatchObject({
      from: 'invoices.issued_at',
      action: 'delete',
      holds: [
        {
          reason: 'Tax law: 10 years',
          basis: 'BE WIB 92 art. 315',
          perRow: { field: 'issued_at', duration: 'P10Y' },
          keptWith: 'invoices',
        },
      ],
    });
  });

  it('changes nothing in the datastore', async () => {
    const before = await shop.snapshot();
    await plan();
    expect(await shop.snapshot()).toEqual(before);
  });

  it('stops only the collection whose column is not in the database', async () => {
    const map = shopMap({
      ...shop.datastore,
      collections: shop.datastore.collections.map((c) =>
        c.name === 'orders'
          ? { ...c, retention: { purposes: ['orders'], from: { column: 'placed_on' } } }
          : c,
      ),
    });
    const result = await plan(map);
    const orders = result.collections.find((c) => c.collection === 'orders');
    expect(orders).toMatchObject({ status: 'failed', error: { code: 'datastore.query_failed' } });
    expect(JSON.stringify(orders)).not.toContain('@example.com');
    expect(result.collections.find((c) => c.collection === 'invoices')).toMatchObject({
      status: 'planned',
      due: 1,
    });
  });
});
