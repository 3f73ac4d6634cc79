/**
 * Staff of the admin console.
 *
 * User = a staff account (an email, a role, a scrypt password hash). Role = admin, privacy lead,
 * operator or viewer; permission = what a console action needs. Session = a signed-in browser,
 * kept as the hash of its cookie's id. Second factor = an optional TOTP (RFC 6238) a user turns on
 * from the console; pending sign-in = a right password awaiting its code. Lock = ten wrong
 * passwords or codes in a row shut the account for 15 minutes.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { CustodianError } from '../errors.js';
import { appendEvidence } from '../evidence/index.js';
import type { Database } from '../store/index.js';
import {
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
} from './passwords.js';
import {
  countFailure,
  isRole,
  newToken,
  openSession,
  ROLES,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  PENDING_SIGN_IN_MS,
  tokenHash,
  type Role,
  type StaffSession,
} from './sessions.js';

export {
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
} from './passwords.js';
export {
  deleteExpiredSessions,
  isRole,
  LOCK_MS,
  MAX_FAILED_ATTEMPTS,
  PENDING_SIGN_IN_MS,
  ROLES,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  startSessionCleanup,
  type Role,
  type StaffSession,
} from './sessions.js';
export {
  confirmTotp,
  disableTotp,
  signInCode,
  startTotpEnrolment,
  totpEnrolment,
  type CodeResult,
  type TotpEnrolment,
} from './second-factor.js';
export { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totp, totpStep } from './totp.js';

/** What a console action needs. */
export const PERMISSIONS = [
  'requests:read',
  'requests:handle',
  'requests:approve',
  'deadlines:extend',
  'records:read',
  'consent:read',
  'suppression:lookup',
  'map:read',
  'evidence:read',
  'users:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What every role may read: the queue, consent figures, the data map and the evidence chain. */
const READ: readonly Permission[] = ['requests:read', 'consent:read', 'map:read', 'evidence:read'];

/**
 * Who may do what, enforced by the server on every console route. `admin` may do everything,
 * including managing staff accounts; a privacy lead approves erasures, extends deadlines and reads
 * the Art. 30 record; an operator handles requests and looks up the suppression list; a viewer
 * reads.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  'privacy-lead': [
    ...READ,
    'requests:handle',
    'requests:approve',
    'deadlines:extend',
    'records:read',
    'suppression:lookup',
  ],
  operator: [...READ, 'requests:handle', 'suppression:lookup'],
  viewer: READ,
};

export function may(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** A hash no password matches, compared against when the email is unknown, so both take as long. */
let decoy: Promise<string> | undefined;

export function passwordFault(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `at most ${MAX_PASSWORD_LENGTH} characters`;
  return undefined;
}

function checkPassword(password: string): void {
  const fault = passwordFault(password);
  if (fault !== undefined) {
    throw new CustodianError('staff.weak_password', `the password must have ${fault}`);
  }
}

/** Staff emails are kept as typed and compared in lower case. */
function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface UserInfo {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly createdAt: Date;
  readonly lockedUntil: Date | null;
  readonly disabledAt: Date | null;
  /** Whether the user signs in with a TOTP code after the password. */
  readonly totpEnabled: boolean;
  readonly lastSignInAt: Date | null;
}

/**
 * Who changed a staff account, and when: `user:<id>` from the console, `cli` from the command line.
 * Every change is an evidence record naming accounts by id only.
 */
export interface ChangedBy {
  readonly actor: string;
  readonly at: Date;
}

const CLI: () => ChangedBy = () => ({ actor: 'cli', at: new Date() });

/**
 * Creates a staff account. Throws `staff.unknown_role`, `staff.bad_email`, `staff.weak_password`,
 * `staff.exists`.
 */
export async function createUser(
  db: Kysely<Database>,
  options: { email: string; role: string; password: string },
  by: ChangedBy = CLI(),
): Promise<{ id: string }> {
  if (!isRole(options.role)) {
    throw new CustodianError(
      'staff.unknown_role',
      `unknown role ${options.role}; roles are ${ROLES.join(', ')}`,
    );
  }
  const email = normalEmail(options.email);
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new CustodianError('staff.bad_email', 'give an email address as the sign-in name');
  }
  checkPassword(options.password);
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  if (existing) throw new CustodianError('staff.exists', 'a user with this email exists');
  const id = randomUUID();
  const hash = await hashPassword(options.password);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({ id, email, role: options.role, password_hash: hash })
      .execute();
    await appendEvidence(trx, {
      actor: by.actor,
      action: 'staff.user_created',
      details: { user: id, role: options.role },
      at: by.at,
    });
  });
  return { id };
}

export async function listUsers(db: Kysely<Database>): Promise<UserInfo[]> {
  const rows = await db
    .selectFrom('users')
    .select([
      'id',
      'email',
      'role',
      'created_at',
      'locked_until',
      'disabled_at',
      'totp_enabled',
      'last_sign_in_at',
    ])
    .orderBy('created_at')
    .orderBy('email')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    role: isRole(row.role) ? row.role : 'viewer',
    createdAt: new Date(row.created_at),
    lockedUntil: row.locked_until === null ? null : new Date(row.locked_until),
    disabledAt: row.disabled_at === null ? null : new Date(row.disabled_at),
    totpEnabled: row.totp_enabled,
    lastSignInAt: row.last_sign_in_at === null ? null : new Date(row.last_sign_in_at),
  }));
}

/** The user with this id or email, or undefined. */
async function findUser(db: Kysely<Database>, idOrEmail: string) {
  const email = normalEmail(idOrEmail);
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrEmail);
  return db
    .selectFrom('users')
    .select(['id'])
    .where((eb) => (isUuid ? eb('id', '=', idOrEmail) : eb('email', '=', email)))
    .executeTakeFirst();
}

/**
 * One change to an account: finds it, makes the change and records it as evidence (by id, never
 * the email) in one transaction. False when there is no such user.
 */
async function changeUser(
  db: Kysely<Database>,
  idOrEmail: string,
  by: ChangedBy,
  action: string,
  change: (
    trx: Transaction<Database>,
    userId: string,
  ) => Promise<Record<string, unknown> | undefined>,
): Promise<boolean> {
  const user = await findUser(db, idOrEmail);
  if (!user) return false;
  await db.transaction().execute(async (trx) => {
    const details = (await change(trx, user.id)) ?? {};
    await appendEvidence(trx, {
      actor: by.actor,
      action,
      details: { user: user.id, ...details },
      at: by.at,
    });
  });
  return true;
}

/**
 * Refuses a change that would leave no active admin (`staff.last_admin`): someone must be able to
 * manage accounts. The admin rows are locked first, so two admins demoting each other at once
 * cannot both succeed.
 */
async function keepAnAdmin(trx: Transaction<Database>, leaving: string): Promise<void> {
  const admins = await trx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .forUpdate()
    .execute();
  if (admins.some((admin) => admin.id === leaving) && admins.length <= 1) {
    throw new CustodianError(
      'staff.last_admin',
      'this is the last active admin: make another user admin first',
    );
  }
}

/**
 * Disables an account and ends its sessions. Returns false when there is no such user; throws
 * `staff.last_admin` for the last active admin.
 */
export async function disableUser(
  db: Kysely<Database>,
  idOrEmail: string,
  by: ChangedBy = CLI(),
): Promise<boolean> {
  return changeUser(db, idOrEmail, by, 'staff.user_disabled', async (trx, id) => {
    await keepAnAdmin(trx, id);
    await trx.updateTable('users').set({ disabled_at: by.at }).where('id', '=', id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    return undefined;
  });
}

/**
 * Gives an account another role; its sessions carry on with the new one at their next request.
 * False when there is no such user; throws `staff.unknown_role`, or `staff.last_admin` when the
 * last active admin would lose the role.
 */
export async function changeRole(
  db: Kysely<Database>,
  idOrEmail: string,
  role: string,
  by: ChangedBy = CLI(),
): Promise<boolean> {
  if (!isRole(role)) {
    throw new CustodianError('staff.unknown_role', `unknown role; roles are ${ROLES.join(', ')}`);
  }
  return changeUser(db, idOrEmail, by, 'staff.role_changed', async (trx, id) => {
    if (role !== 'admin') await keepAnAdmin(trx, id);
    await trx.updateTable('users').set({ role }).where('id', '=', id).execute();
    return { role };
  });
}

/** Sets a new password, lifts the lock and ends the user's sessions. False when there is no such user. */
export async function resetPassword(
  db: Kysely<Database>,
  idOrEmail: string,
  password: string,
  by: ChangedBy = CLI(),
): Promise<boolean> {
  checkPassword(password);
  const hash = await hashPassword(password);
  return changeUser(db, idOrEmail, by, 'staff.password_reset', async (trx, id) => {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, failed_attempts: 0, locked_until: null })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    return undefined;
  });
}

/**
 * Turns a user's second factor off without a code, for someone who lost their device (run by an
 * operator from the command line, `custodian users reset-totp`); ends their sessions and pending
 * sign-in. False when there is no such user.
 */
export async function resetTotp(
  db: Kysely<Database>,
  idOrEmail: string,
  by: ChangedBy = CLI(),
): Promise<boolean> {
  return changeUser(db, idOrEmail, by, 'staff.totp_reset', async (trx, id) => {
    await trx
      .updateTable('users')
      .set({
        totp_enabled: false,
        totp_secret: null,
        totp_last_step: null,
        pending_sign_in_hash: null,
        pending_sign_in_until: null,
      })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    return undefined;
  });
}

/** A password for a new account or a reset, shown once: 128 random bits, base64url. */
export function generatePassword(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * What a sign-in with email and password gave: a session; or, for a user with TOTP on, the id of
 * a pending sign-in that waits for the code (`signInCode`); or nothing.
 */
export type SignInResult =
  | { readonly ok: true; readonly sessionId: string; readonly session: StaffSession }
  | { readonly ok: false; readonly pendingId?: string };

/**
 * Checks an email and password. A wrong password counts against the account; the tenth in a row
 * locks it for 15 minutes, during which even the right password fails (OWASP ASVS 4.0 V2.2.1).
 * Every failure looks the same to the caller, whether the email exists or not. Evidence records
 * name the user by id only. With TOTP on, a right password opens no session: it starts a pending
 * sign-in, and the failure count stands until the code is right too, so wrong codes after right
 * passwords still lock the account.
 */
export async function signIn(
  db: Kysely<Database>,
  email: string,
  password: string,
  now: Date,
): Promise<SignInResult> {
  if (password.length > MAX_PASSWORD_LENGTH) return { ok: false };
  const user = await db
    .selectFrom('users')
    .select(['id', 'role', 'password_hash', 'locked_until', 'disabled_at', 'totp_enabled'])
    .where('email', '=', normalEmail(email))
    .executeTakeFirst();
  if (!user) {
    decoy ??= hashPassword(randomBytes(16).toString('hex'));
    await verifyPassword(password, await decoy);
    return { ok: false };
  }
  const matches = await verifyPassword(password, user.password_hash);
  const locked = user.locked_until !== null && new Date(user.locked_until) > now;
  if (user.disabled_at !== null || locked) {
    await appendEvidence(db, {
      actor: `user:${user.id}`,
      action: 'staff.sign_in_refused',
      details: { reason: user.disabled_at !== null ? 'disabled' : 'locked' },
      at: now,
    });
    return { ok: false };
  }
  if (!matches) {
    await countFailure(db, user.id, now);
    return { ok: false };
  }
  if (user.totp_enabled) {
    const pendingId = newToken();
    await db
      .updateTable('users')
      .set({
        pending_sign_in_hash: tokenHash(pendingId),
        pending_sign_in_until: new Date(now.getTime() + PENDING_SIGN_IN_MS),
      })
      .where('id', '=', user.id)
      .execute();
    return { ok: false, pendingId };
  }
  const role = isRole(user.role) ? user.role : 'viewer';
  return { ok: true, ...(await openSession(db, { id: user.id, role }, now)) };
}

/** The live session behind a cookie value, its idle clock moved on; undefined when ended or expired. */
export async function readSession(
  db: Kysely<Database>,
  sessionId: string | undefined,
  now: Date,
): Promise<StaffSession | undefined> {
  if (sessionId === undefined || !/^[\w-]{43}$/.test(sessionId)) return undefined;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id_hash',
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.created_at',
      'sessions.last_seen_at',
      'users.role',
      'users.disabled_at',
    ])
    .where('sessions.id_hash', '=', tokenHash(sessionId))
    .executeTakeFirst();
  if (!row) return undefined;
  const idle = now.getTime() - new Date(row.last_seen_at).getTime() > SESSION_IDLE_MS;
  const old = now.getTime() - new Date(row.created_at).getTime() > SESSION_ABSOLUTE_MS;
  if (idle || old || row.disabled_at !== null || !isRole(row.role)) {
    await db.deleteFrom('sessions').where('id_hash', '=', row.id_hash).execute();
    return undefined;
  }
  await db
    .updateTable('sessions')
    .set({ last_seen_at: now })
    .where('id_hash', '=', row.id_hash)
    .execute();
  return { userId: row.user_id, role: row.role, csrfToken: row.csrf_token };
}

/** Ends a session; the cookie no longer works anywhere. */
export async function endSession(
  db: Kysely<Database>,
  sessionId: string,
  userId: string,
  now: Date,
): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', tokenHash(sessionId)).execute();
  await appendEvidence(db, { actor: `user:${userId}`, action: 'staff.signed_out', at: now });
}

/** Whether a submitted CSRF token is the session's; constant time. */
export function csrfMatches(session: StaffSession, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}
