/**
 * The database: Kysely on PostgreSQL, or embedded PGlite when no DATABASE_URL is set.
 *
 * Store = an open database with its kind. Migrations = an ordered, static list, frozen once shipped.
 * Other modules own their tables' meaning; they reach them through this module's `db` only.
 */
export type * from './database.js';
export { MIGRATIONS } from './migrations.js';
export { migrate, openStore, type Store, type StoreOptions } from './open.js';
export { serverSecret } from './secret.js';
