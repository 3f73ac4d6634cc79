import type { Kysely } from 'kysely';
import { CustodianError } from '../errors.js';
import { appendEvidence } from '../evidence/index.js';
import { sealBytes, unsealBytes, type Database } from '../store/index.js';
import { verifyPassword } from './passwords.js';
import { countFailure, isRole, openSession, tokenHash, type StaffSession } from './sessions.js';
import { base32Encode, matchTotp, newTotpSecret, otpauthUri } from './totp.js';

/**
 * The optional second factor of staff sign-in: a TOTP (RFC 6238) secret per user, sealed with the
 * server secret (a database dump alone cannot mint codes), turned on once the user typed a first
 * code, and the last time step accepted, so each code signs in once.
 */

/** The seal's context: a secret sealed for one user does not unseal as another's. */
function sealContext(userId: string): string {
  return `users.totp_secret:${userId}`;
}

/** What the account page shows about the second factor. */
export interface TotpEnrolment {
  readonly email: string;
  readonly enabled: boolean;
  /** A secret made and not yet confirmed: base32 to type, the URI an app imports. */
  readonly pending?: { readonly secret: string; readonly uri: string };
}

/** The TOTP state of a user; the secret only while it awaits its first code, never after. */
export async function totpEnrolment(
  db: Kysely<Database>,
  secret: Buffer,
  userId: string,
  issuer: string,
): Promise<TotpEnrolment | undefined> {
  const user = await db
    .selectFrom('users')
    .select(['email', 'totp_secret', 'totp_enabled'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) return undefined;
  if (user.totp_enabled || user.totp_secret === null) {
    return { email: user.email, enabled: user.totp_enabled };
  }
  const key = unsealBytes(secret, user.totp_secret, sealContext(userId));
  return {
    email: user.email,
    enabled: false,
    pending: {
      secret: base32Encode(key),
      uri: otpauthUri({ issuer, account: user.email, secret: key }),
    },
  };
}

/**
 * Makes a new TOTP secret for a user whose second factor is off, replacing one not yet confirmed.
 * Throws `staff.totp_on` when it is on: it must be turned off (password and code) first.
 */
export async function startTotpEnrolment(
  db: Kysely<Database>,
  secret: Buffer,
  userId: string,
): Promise<void> {
  const sealed = sealBytes(secret, newTotpSecret(), sealContext(userId));
  const updated = await db
    .updateTable('users')
    .set({ totp_secret: sealed, totp_last_step: null })
    .where('id', '=', userId)
    .where('totp_enabled', '=', false)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) {
    throw new CustodianError('staff.totp_on', 'two-step sign-in is on already; turn it off first');
  }
}

/**
 * Turns the second factor on when `code` is the current code of the secret awaiting confirmation
 * (so the user's app has it right). False for a wrong code; the secret stays for another try.
 */
export async function confirmTotp(
  db: Kysely<Database>,
  secret: Buffer,
  userId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const user = await db
    .selectFrom('users')
    .select(['totp_secret', 'totp_enabled'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.totp_enabled || user.totp_secret === null) return false;
  const step = matchTotp(unsealBytes(secret, user.totp_secret, sealContext(userId)), code, now);
  if (step === undefined) return false;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ totp_enabled: true, totp_last_step: step })
      .where('id', '=', userId)
      .execute();
    await appendEvidence(trx, {
      actor: `user:${userId}`,
      action: 'staff.totp_enabled',
      details: { user: userId },
      at: now,
    });
  });
  return true;
}

/**
 * Accepts a code once: records its step as the last used, unless that step (or a later one) was
 * used already, in one statement, so two processes given the same code cannot both accept it.
 */
async function claimStep(db: Kysely<Database>, userId: string, step: number): Promise<boolean> {
  const claimed = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return claimed.numUpdatedRows > 0n;
}

function lastStep(value: string | number | null): number | null {
  return value === null ? null : Number(value);
}

/**
 * Turns the second factor off when both the password and a fresh code are right; a wrong one
 * counts toward the lock, as at sign-in (someone holding an open session must not guess them).
 */
export async function disableTotp(
  db: Kysely<Database>,
  secret: Buffer,
  userId: string,
  password: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const user = await db
    .selectFrom('users')
    .select(['password_hash', 'totp_secret', 'totp_enabled', 'totp_last_step'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || !user.totp_enabled || user.totp_secret === null) return false;
  const passwordRight = await verifyPassword(password.slice(0, 1024), user.password_hash);
  const step = matchTotp(
    unsealBytes(secret, user.totp_secret, sealContext(userId)),
    code,
    now,
    lastStep(user.totp_last_step),
  );
  if (!passwordRight || step === undefined || !(await claimStep(db, userId, step))) {
    await countFailure(db, userId, now, { step: 'totp-disable' });
    return false;
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ totp_enabled: false, totp_secret: null, totp_last_step: null })
      .where('id', '=', userId)
      .execute();
    await appendEvidence(trx, {
      actor: `user:${userId}`,
      action: 'staff.totp_disabled',
      details: { user: userId },
      at: now,
    });
  });
  return true;
}

/**
 * What the code step of a sign-in gave: a session; or nothing, with `restart` when the pending
 * sign-in is gone (expired, locked, used) and the password must be typed again.
 */
export type CodeResult =
  | { readonly ok: true; readonly sessionId: string; readonly session: StaffSession }
  | { readonly ok: false; readonly restart: boolean };

/**
 * The second step of a sign-in: the code of the user whose password opened the pending sign-in
 * `pendingId`, within 5 minutes. A wrong or replayed code counts toward the lock like a wrong
 * password (OWASP ASVS 4.0 V2.2.1); the tenth locks the account and ends the pending sign-in.
 */
export async function signInCode(
  db: Kysely<Database>,
  secret: Buffer,
  pendingId: string,
  code: string,
  now: Date,
): Promise<CodeResult> {
  if (!/^[\w-]{43}$/.test(pendingId)) return { ok: false, restart: true };
  const user = await db
    .selectFrom('users')
    .select([
      'id',
      'role',
      'totp_secret',
      'totp_enabled',
      'totp_last_step',
      'locked_until',
      'disabled_at',
    ])
    .where('pending_sign_in_hash', '=', tokenHash(pendingId))
    .where('pending_sign_in_until', '>', now)
    .executeTakeFirst();
  if (!user) return { ok: false, restart: true };
  const locked = user.locked_until !== null && new Date(user.locked_until) > now;
  if (user.disabled_at !== null || locked || !user.totp_enabled || user.totp_secret === null) {
    await db
      .updateTable('users')
      .set({ pending_sign_in_hash: null, pending_sign_in_until: null })
      .where('id', '=', user.id)
      .execute();
    return { ok: false, restart: true };
  }
  const step = matchTotp(
    unsealBytes(secret, user.totp_secret, sealContext(user.id)),
    code,
    now,
    lastStep(user.totp_last_step),
  );
  if (step === undefined || !(await claimStep(db, user.id, step))) {
    const { locked: nowLocked } = await countFailure(db, user.id, now, { step: 'totp' });
    return { ok: false, restart: nowLocked };
  }
  const role = isRole(user.role) ? user.role : 'viewer';
  return { ok: true, ...(await openSession(db, { id: user.id, role }, now)) };
}
