/**
 * The database: Kysely on PostgreSQL, or embedded PGlite when no DATABASE_URL is set.
 *
 * Store = an open database with its kind. Migrations = an ordered, static list, frozen once shipped.
 * Guard = the gate every statement passes: writes are refused while the embedded database's disk is
 * below its floor, and an embedded instance that hit a fatal error is stopped rather than left to
 * spin. Store failure = a store that cannot do its work (disk full, read-only, permission denied,
 * failed, unreachable), said plainly.
 * Seal = AES-256-GCM encryption under a key derived from the server secret, for personal data the
 * server must read back (a requester's email). Rate limit = hits per key and window, counted in
 * the database so that every process shares them.
 * Secret = the server secret that keys every identifier hash; signing key = the Ed25519 key of
 * erasure certificates. Each is given from outside (environment, key file) or generated and kept
 * in `settings`; the database records the fingerprint of the one in use either way.
 * Private file = readable by its owner only (0600, directories 0700), as PostgreSQL keeps its data
 * directory: the embedded database, key files, access packages written to disk.
 * Other modules own their tables' meaning; they reach them through this module's `db` only.
 */
export type * from './database.js';
export { MIGRATIONS } from './migrations.js';
export { abortTrap } from './abort-trap.js';
export {
  maintainEmbedded,
  startEmbeddedMaintenance,
  type MaintenancePass,
} from './embedded-maintenance.js';
export { DEFAULT_MIN_FREE_BYTES } from './free-space.js';
export {
  migrate,
  openPGlite,
  openStore,
  startFailure,
  type Store,
  type StoreOptions,
} from './open.js';
export {
  privateDataDir,
  readKeyFile,
  repairModes,
  shellPath,
  writePrivateFile,
} from './private-files.js';
export { releaseMemory } from './release-memory.js';
export { countHit, limitKey, type LimitHit, type RateLimit } from './rate-limits.js';
export { seal, sealBytes, sealJson, unseal, unsealBytes, unsealJson } from './seal.js';
export {
  forgetStoredSecret,
  HEX,
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
export {
  describeThrown,
  isDiskFull,
  STORE_FAILURES,
  storeFailure,
  type StoreFailureCode,
} from './store-failure.js';
