/**
 * The database: Kysely on PostgreSQL, or embedded PGlite when no DATABASE_URL is set.
 *
 * Store = an open database with its kind. Migrations = an ordered, static list, frozen once shipped.
 * Seal = AES-256-GCM encryption under a key derived from the server secret, for personal data the
 * server must read back (a requester's email).
 * Secret = the server secret that keys every identifier hash; signing key = the Ed25519 key of
 * erasure certificates. Each is given from outside (environment, key file) or generated and kept
 * in `settings`; the database records the fingerprint of the one in use either way.
 * Private file = readable by its owner only (0600, directories 0700), as PostgreSQL keeps its data
 * directory: the embedded database, key files, access packages written to disk.
 * Other modules own their tables' meaning; they reach them through this module's `db` only.
 */
export type * from './database.js';
export { MIGRATIONS } from './migrations.js';
export { migrate, openPGlite, openStore, type Store, type StoreOptions } from './open.js';
export {
  privateDataDir,
  readKeyFile,
  repairModes,
  shellPath,
  writePrivateFile,
} from './private-files.js';
export { seal, sealBytes, sealJson, unseal, unsealBytes, unsealJson } from './seal.js';
export {
  forgetStoredSecret,
  parseSecret,
  secretFingerprint,
  serverSecret,
  shortFingerprint,
  storedSecret,
  type StoredSecret,
} from './secret.js';
export {
  adoptSigningKey,
  certificateSigningKey,
  forgetStoredSigningKey,
  keyIdOf,
  parseSigningKey,
  privateKeyPem,
  publicKeyPem,
  storedSigningKey,
  type SigningKey,
  type StoredSigningKey,
} from './signing-key.js';
