import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { CustodianError } from '../errors.js';
import { isDiskFull, type Database } from '../store/index.js';

/** What a key may do. `admin` may do everything. */
export const SCOPES = [
  'consent:write',
  'consent:read',
  'suppression:write',
  'suppression:read',
  'requests:read',
  'requests:write',
  'admin',
] as const;
export type Scope = (typeof SCOPES)[number];

/** An API key as listed: never the key itself, which is shown once when created. */
export interface ApiKeyInfo {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

/** `ck_<id>_<secret>`: the id names the key in lists and logs; the secret is 256 random bits. */
export const KEY_FORMAT = /^ck_([0-9a-f]{16})_[\w-]{43}$/;

/** `Authorization: Bearer <key>` (RFC 6750 section 2.1). */
export const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** The stored form of a key: its SHA-256. The key has 256 bits of entropy, so no salt or KDF. */
function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Creates an API key. Returns the key once; only its hash is stored, so it cannot be shown again.
 * Throws `auth.unknown_scope` for a scope not in `SCOPES`.
 */
export async function createApiKey(
  db: Kysely<Database>,
  options: { name: string; scopes: readonly string[] },
): Promise<{ id: string; key: string }> {
  const unknown = options.scopes.filter((scope) => !isScope(scope));
  if (unknown.length > 0 || options.scopes.length === 0) {
    throw new CustodianError(
      'auth.unknown_scope',
      options.scopes.length === 0
        ? `give at least one scope: ${SCOPES.join(', ')}`
        : `unknown scope ${unknown.join(', ')}; scopes are ${SCOPES.join(', ')}`,
      { details: { unknown } },
    );
  }
  const id = randomBytes(8).toString('hex');
  const key = `ck_${id}_${randomBytes(32).toString('base64url')}`;
  await db
    .insertInto('api_keys')
    .values({ id, name: options.name, hash: keyHash(key), scopes: [...new Set(options.scopes)] })
    .execute();
  return { id, key };
}

/** Every key, newest first, revoked ones included. */
export async function listApiKeys(db: Kysely<Database>): Promise<ApiKeyInfo[]> {
  const rows = await db
    .selectFrom('api_keys')
    .select(['id', 'name', 'scopes', 'created_at', 'last_used_at', 'revoked_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    scopes: row.scopes.filter(isScope),
    createdAt: new Date(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
  }));
}

/** Revokes a key at once. Returns false when no live key has that id. */
export async function revokeApiKey(
  db: Kysely<Database>,
  id: string,
  now: Date = new Date(),
): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A key that authenticated a request. */
export interface Principal {
  readonly keyId: string;
  readonly scopes: readonly Scope[];
}

/** How often `last_used_at` is refreshed: often enough to audit, rarely enough not to write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The live key behind an `Authorization` header value, or undefined. */
export async function authenticate(
  db: Kysely<Database>,
  authorization: string | undefined,
  now: Date = new Date(),
): Promise<Principal | undefined> {
  const match = BEARER.exec(authorization ?? '');
  const key = match?.[1];
  if (key === undefined) return undefined;
  const parts = KEY_FORMAT.exec(key);
  if (!parts) return undefined;
  const hash = keyHash(key);
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'hash', 'scopes', 'last_used_at', 'revoked_at'])
    .where('id', '=', parts[1] ?? '')
    .executeTakeFirst();
  if (!row || row.revoked_at !== null) return undefined;
  if (!timingSafeEqual(Buffer.from(row.hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
  if (
    row.last_used_at === null ||
    now.getTime() - new Date(row.last_used_at).getTime() > LAST_USED_RESOLUTION_MS
  ) {
    try {
      await db
        .updateTable('api_keys')
        .set({ last_used_at: now })
        .where('id', '=', row.id)
        .execute();
    } catch (error) {
      // Bookkeeping, not authentication: a full disk refuses writes, and reads still go through.
      if (!isDiskFull(error)) throw error;
    }
  }
  return { keyId: row.id, scopes: row.scopes.filter(isScope) };
}

/** Whether a key with `scopes` may act under `required`; `admin` implies every scope. */
export function allows(scopes: readonly Scope[], required: Scope): boolean {
  return scopes.includes('admin') || scopes.includes(required);
}
