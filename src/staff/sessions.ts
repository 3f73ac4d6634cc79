import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendEvidence } from '../evidence/index.js';
import { startPeriodic } from '../periodic.js';
import type { Database } from '../store/index.js';

/** A session ends after this long without a request, and after this long in any case. */
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;

/** How long a right password waits for its TOTP code before the sign-in starts again. */
export const PENDING_SIGN_IN_MS = 5 * 60_000;

/** Consecutive wrong passwords or codes that lock an account, and for how long. */
export const MAX_FAILED_ATTEMPTS = 10;
export const LOCK_MS = 15 * 60_000;

/** A signed-in staff member, as a console route sees them. */
export interface StaffSession {
  readonly userId: string;
  readonly role: Role;
  readonly csrfToken: string;
}

/** Staff roles of the admin console, most powerful first. */
export const ROLES = ['admin', 'privacy-lead', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** How a session id or a pending sign-in id is kept: its SHA-256, never the id. */
export function tokenHash(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** A new random id for a cookie: 256 bits, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Counts a wrong password or code against an account; the tenth in a row locks it for 15 minutes
 * (OWASP ASVS 4.0 V2.2.1) and ends its pending sign-in and its sessions. Counted in one
 * statement, so servers sharing the database share the count. The evidence names the user by id.
 */
export async function countFailure(
  db: Kysely<Database>,
  userId: string,
  now: Date,
  details: Readonly<Record<string, string>> = {},
): Promise<{ locked: boolean }> {
  const updated = await db
    .updateTable('users')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('id', '=', userId)
    .returning('failed_attempts')
    .executeTakeFirstOrThrow();
  if (updated.failed_attempts < MAX_FAILED_ATTEMPTS) {
    await appendEvidence(db, {
      actor: `user:${userId}`,
      action: 'staff.sign_in_failed',
      ...(Object.keys(details).length === 0 ? {} : { details }),
      at: now,
    });
    return { locked: false };
  }
  const until = new Date(now.getTime() + LOCK_MS);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        locked_until: until,
        failed_attempts: 0,
        pending_sign_in_hash: null,
        pending_sign_in_until: null,
      })
      .where('id', '=', userId)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await appendEvidence(trx, {
      actor: `user:${userId}`,
      action: 'staff.locked',
      details: { until: until.toISOString(), ...details },
      at: now,
    });
  });
  return { locked: true };
}

/**
 * Opens a session for a user who proved who they are: the failure count and any pending sign-in
 * are cleared, the time of this sign-in kept, and sessions past their limits (anyone's) deleted.
 */
export async function openSession(
  db: Kysely<Database>,
  user: { readonly id: string; readonly role: Role },
  now: Date,
): Promise<{ sessionId: string; session: StaffSession }> {
  const sessionId = newToken();
  const csrfToken = newToken();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        failed_attempts: 0,
        locked_until: null,
        pending_sign_in_hash: null,
        pending_sign_in_until: null,
        last_sign_in_at: now,
      })
      .where('id', '=', user.id)
      .execute();
    await trx
      .insertInto('sessions')
      .values({
        id_hash: tokenHash(sessionId),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
      })
      .execute();
    await appendEvidence(trx, { actor: `user:${user.id}`, action: 'staff.signed_in', at: now });
  });
  await deleteExpiredSessions(db, now);
  return { sessionId, session: { userId: user.id, role: user.role, csrfToken } };
}

/**
 * Deletes sessions past their idle (30 min) or absolute (12 h) limit and pending sign-ins past
 * their end, which no request could use any more; returns how many sessions went. A session a
 * request reads is checked against the same limits, so this only keeps the table small and leaves
 * no dead session ids behind (OWASP ASVS 4.0 V3.3).
 */
export async function deleteExpiredSessions(db: Kysely<Database>, now: Date): Promise<number> {
  const idle = new Date(now.getTime() - SESSION_IDLE_MS);
  const old = new Date(now.getTime() - SESSION_ABSOLUTE_MS);
  const deleted = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('last_seen_at', '<', idle), eb('created_at', '<', old)]))
    .executeTakeFirst();
  await db
    .updateTable('users')
    .set({ pending_sign_in_hash: null, pending_sign_in_until: null })
    .where('pending_sign_in_until', '<', now)
    .execute();
  return Number(deleted.numDeletedRows);
}

/**
 * Deletes expired sessions now and then every `intervalMs` (a quarter of an hour by default) in
 * this process; safe from several processes at once. `stop` ends it.
 */
export function startSessionCleanup(
  db: Kysely<Database>,
  options: {
    readonly now: () => Date;
    readonly intervalMs?: number;
    readonly onError?: (error: unknown) => void;
    readonly onSuccess?: () => void;
  },
): { stop: () => Promise<void> } {
  return startPeriodic(
    () => deleteExpiredSessions(db, options.now()),
    options.intervalMs ?? 15 * 60_000,
    options,
  );
}
