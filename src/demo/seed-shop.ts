import { SHOP_TABLES, type ShopDatabase } from './shop-schema.js';
import type { SeedValue, ShopSeed } from './shop-seed.js';

/** Runs one parameterised statement; the driver's own `query`, wrapped. */
export type Execute = (sql: string, params: readonly SeedValue[]) => Promise<unknown>;

/**
 * Inserts the seed rows of one database, table by table in foreign-key order. The
 * customers ↔ addresses cycle is closed afterwards: customers go in without their default
 * address, which is set once the addresses exist.
 */
export async function seedShopDatabase(
  execute: Execute,
  database: ShopDatabase,
  seed: ShopSeed,
  dialect: 'postgres' | 'mysql',
): Promise<void> {
  const quote = (name: string): string => (dialect === 'mysql' ? `\`${name}\`` : `"${name}"`);
  const placeholder = (index: number): string => (dialect === 'mysql' ? '?' : `$${index + 1}`);
  const tables = seed[database];
  const deferred: { id: SeedValue; address: SeedValue }[] = [];
  for (const table of SHOP_TABLES[database]) {
    for (const original of tables[table] ?? []) {
      let row = original;
      if (table === 'customers' && row['default_address_id'] !== null) {
        deferred.push({ id: row['id'] ?? null, address: row['default_address_id'] ?? null });
        row = { ...row, default_address_id: null };
      }
      const columns = Object.keys(row);
      await execute(
        `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values (${columns.map((_, i) => placeholder(i)).join(', ')})`,
        columns.map((column) => row[column] ?? null),
      );
    }
  }
  for (const { id, address } of deferred) {
    await execute(
      `update ${quote('customers')} set ${quote('default_address_id')} = ${placeholder(0)} where ${quote('id')} = ${placeholder(1)}`,
      [address, id],
    );
  }
}
