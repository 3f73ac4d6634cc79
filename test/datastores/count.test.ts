import { describe, expect, it } from 'vitest';
import { countStatement } from '../../src/datastores/index.js';
import { MYSQL_DIALECT, POSTGRES_DIALECT } from '../../src/datastores/sql-dialect.js';
import { Datastore } from '../../src/map/index.js';

const shop = Datastore.parse({
  id: 'shop',
  type: 'postgres',
  connection: { urlEnv: 'SHOP_URL' },
  collections: [
    { name: 'invoice_lines', primaryKey: ['invoice_id', 'line'] },
    { name: 'invoices', schema: 'billing', primaryKey: ['id'] },
  ],
});
const [lines, invoices] = shop.collections;

describe('countStatement', () => {
  it('quotes every name and passes every value as a parameter, on both dialects', () => {
    if (lines === undefined || invoices === undefined) throw new Error('fixture');
    const at = new Date('2019-11-22T12:00:00Z');
    const where = {
      kind: 'and',
      of: [
        {
          kind: 'exists',
          collection: invoices,
          link: [['invoice_id', 'id']],
          where: { kind: 'before', column: 'issued_at', at },
        },
        { kind: 'not', of: { kind: 'in', columns: ['invoice_id', 'line'], tuples: [[501, 1]] } },
      ],
    } as const;
    expect(countStatement(POSTGRES_DIALECT, lines, where)).toEqual({
      sql: 'select count(*) as n from "invoice_lines" t0 where (exists (select 1 from "billing"."invoices" t1 where t1."id" = t0."invoice_id" and (t1."issued_at" < $1))) and (not ((t0."invoice_id", t0."line") in (($2, $3))))',
      params: [at, 501, 1],
    });
    expect(countStatement(MYSQL_DIALECT, lines, where).sql).toBe(
      'select count(*) as n from `invoice_lines` t0 where (exists (select 1 from `billing`.`invoices` t1 where t1.`id` = t0.`invoice_id` and (t1.`issued_at` < ?))) and (not ((t0.`invoice_id`, t0.`line`) in ((?, ?))))',
    );
  });
});
