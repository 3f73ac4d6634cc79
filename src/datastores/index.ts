/**
 * Connected datastores: the company's own databases and services that hold personal data.
 *
 * Datastore = one database or service, declared in the map (`datastores:`).
 * Collection = a table (or an HTTP connector's collection); field = a column.
 * Identity field = a column that identifies a person (email, phone, customer id, …).
 * Reference = a declared link from columns of one collection to the key of another, in this
 * datastore or another one; the way a request reaches rows that hold no identity themselves.
 * Connector = what Custodian calls to find and change rows: PostgreSQL, MySQL/MariaDB, PGlite, HTTP.
 * Live schema = what introspection reads from a database: tables, columns, keys, foreign keys.
 */
export type {
  ApplyOptions,
  Change,
  Connector,
  LiveColumn,
  LiveForeignKey,
  LiveSchema,
  LiveTable,
  FindRead,
  Match,
  Row,
  RowKey,
  SampleOptions,
  Value,
} from './connector.js';
export { COUNT_TUPLES, countStatement, type Condition } from './count.js';
export { httpConnector } from './http-connector.js';
export { mysqlConnector } from './mysql-connector.js';
export { openConnector, type OpenConnectorOptions } from './open-connector.js';
export { pgliteConnector, type PGliteLike } from './pglite-connector.js';
export { postgresConnector } from './postgres-connector.js';
export {
  checkDatastores,
  compareWithLive,
  type CheckDatastoresOptions,
} from './check-datastores.js';
export { liveTableOf } from './live-table.js';
export { draftDeclaration, type DraftOptions } from './draft-declaration.js';
