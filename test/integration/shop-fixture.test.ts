import { describe, expect, it } from 'vitest';
import {
  availableEngines,
  createShop,
  seedRows,
  SHOP_PEOPLE,
  type Engine,
} from '../support/shop/index.js';

const engines = availableEngines();

describe.each(engines.map((engine: Engine) => ({ engine })))(
  'the shop fixture on $engine',
  ({ engine }) => {
    it('holds exactly the seed, read back the same on every engine', async () => {
      const shop = await createShop({ shop: engine, newsletter: engine, billing: engine });
      try {
        const rows = await shop.rows();
        expect(rows).toEqual(seedRows(shop.seed));
        // The fixture is what the request tests rely on: Ana with two emails, a customers ↔
        // addresses cycle, one invoice inside and one outside the 7-year hold.
        expect(rows.shop['customer_emails']?.filter((r) => r['customer_id'] === 1)).toHaveLength(2);
        expect(rows.shop['customers']?.[0]?.['default_address_id']).toBe(11);
        const year = new Date().getUTCFullYear();
        const issued = rows.billing['invoices']
          ?.filter((r) => r['customer_id'] === SHOP_PEOPLE.ana.customerId)
          .map((r) => Number(String(r['issued_at']).slice(0, 4)));
        expect(issued?.some((y) => year - y > 7)).toBe(true);
        expect(issued?.some((y) => year - y < 7)).toBe(true);
      } finally {
        await shop.drop();
      }
    });

    it('declares the three databases where they were made', async () => {
      const shop = await createShop({ shop: engine, newsletter: engine, billing: engine });
      try {
        expect(shop.datastores.map((d) => [d.id, d.type])).toEqual([
          ['shop', engine],
          ['newsletter', engine],
          ['billing', engine],
        ]);
        if (engine === 'pglite') {
          expect(shop.env).toEqual({});
          expect(shop.datastores.every((d) => d.connection.dataDir !== undefined)).toBe(true);
        } else {
          expect(Object.keys(shop.env).sort()).toEqual([
            'BILLING_DATABASE_URL',
            'NEWSLETTER_DATABASE_URL',
            'SHOP_DATABASE_URL',
          ]);
        }
      } finally {
        await shop.drop();
      }
    });
  },
);
