import { describe, expect, it } from 'vitest';
import { countStatement } from '../../src/datastores/index.js';
import { boundStatement, deleteWhereStatement } from '../../src/datastores/count.js';
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

describe('the statements of a sweep walking by key range', () => {
  const range = {
    kind: 'and',
    of: [
      { kind: 'before', column: 'issued_at', at: new Date('2019-11-22T12:00:00Z') },
      { kind: 'keyAfter', columns: ['invoice_id', 'line'], key: [501, 2] },
      { kind: 'keyAtMost', columns: ['invoice_id', 'line'], key: [503, 1] },
    ],
  } as const;

  it('spells a composite key range out column by column, every value a parameter', () => {
    if (lines === undefined) throw new Error('fixture');
    const statement = deleteWhereStatement(POSTGRES_DIALECT, lines, range, {
      lockTimeoutMs: 1_000,
      statementTimeoutMs: 1_500,
    });
    expect(statement).toEqual({
      sql: `delete from "invoice_lines" t0 where (select set_config('lock_timeout', '1000', true)) is not null and ((t0."issued_at" < $1) and ((t0."invoice_id" > $2) or (t0."invoice_id" = $3 and t0."line" > $4)) and ((t0."invoice_id" < $5) or (t0."invoice_id" = $6 and t0."line" <= $7)))`,
      params: [new Date('2019-11-22T12:00:00Z'), 501, 501, 2, 503, 503, 1],
    });
  });

  it('deletes on MariaDB in one single-table statement under SET STATEMENT, unless the rule reads other rows', () => {
    if (lines === undefined || invoices === undefined) throw new Error('fixture');
    const limits = { lockTimeoutMs: 200, statementTimeoutMs: 1_000 };
    expect(deleteWhereStatement(MYSQL_DIALECT, lines, range, limits)?.sql).toBe(
      'set statement innodb_lock_wait_timeout = 1, max_statement_time = 1.500 for delete from `invoice_lines` where (`invoice_lines`.`issued_at` < ?) and ((`invoice_lines`.`invoice_id` > ?) or (`invoice_lines`.`invoice_id` = ? and `invoice_lines`.`line` > ?)) and ((`invoice_lines`.`invoice_id` < ?) or (`invoice_lines`.`invoice_id` = ? and `invoice_lines`.`line` <= ?))',
    );
    // A MariaDB delete would share-lock the invoices its subquery reads: the caller locks first.
    const referencing = {
      kind: 'and',
      of: [
        range,
        {
          kind: 'not',
          of: {
            kind: 'exists',
            collection: invoices,
            link: [['invoice_id', 'id']],
            where: { kind: 'all' },
          },
        },
      ],
    } as const;
    expect(deleteWhereStatement(MYSQL_DIALECT, lines, referencing, limits)).toBeUndefined();
    expect(deleteWhereStatement(POSTGRES_DIALECT, lines, referencing, limits)).toBeDefined();
  });

  it('finds where a page ends with the page as a derived table, counted by a window over it', () => {
    if (invoices === undefined) throw new Error('fixture');
    const statement = boundStatement(MYSQL_DIALECT, invoices, {
      where: { kind: 'all' },
      after: [7],
      limit: 1_000,
    });
    expect(statement).toEqual({
      sql: 'select p.`id`, count(*) over () as custodian_rows from (select t0.`id` from `billing`.`invoices` t0 where (1 = 1) and (t0.`id` > ?) order by t0.`id` limit 1000) p order by p.`id` desc limit 1',
      params: [7],
    });
  });
});
