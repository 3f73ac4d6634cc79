/**
 * The demo shop behind `npm start` and the tour: a small web shop whose databases a newcomer can
 * send data-subject requests to.
 *
 * Shop database = customers, orders, tickets; newsletter database = the mailing tool's
 * subscribers; billing database = invoices kept under a legal hold. Seed = the rows of the shop's
 * example.com people (Ana, who asks; Bruno, who must stay untouched; Eva, a support agent).
 */
export { ensureDemoShop } from './demo-shop.js';
export { seedShopDatabase, type Execute } from './seed-shop.js';
export {
  SHOP_DATABASES,
  SHOP_POSTGRES_DDL,
  SHOP_TABLES,
  type ShopDatabase,
} from './shop-schema.js';
export { SHOP_PEOPLE, shopSeed, type SeedRow, type SeedValue, type ShopSeed } from './shop-seed.js';
