import {
  createHash,
  randomBytes,
  randomUUID,
  scrypt as scryptCallback,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';
import type { Kysely } from 'kysely';
import { CustodianError } from '../errors.js';
import { appendEvidence } from '../evidence/index.js';
import type { Database } from '../store/index.js';

/** Staff roles of the admin console, most powerful first. */
export const ROLES = ['admin', 'privacy-lead', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

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

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function may(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/**
 * scrypt cost: N = 2^15, r = 8, p = 1 (32 MiB, RFC 7914's interactive-login example raised from
 * 2^14). OWASP's Password Storage Cheat Sheet lists 2^17 as its first choice; the parameters are
 * stored with each hash, so they can be raised without invalidating existing passwords.
 */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

/** Passwords shorter than this are refused (NIST SP 800-63B 5.1.1.2: at least 8; we ask 12). */
export const MIN_PASSWORD_LENGTH = 12;
/** Longer passwords are refused so that hashing cannot be made expensive by the caller. */
export const MAX_PASSWORD_LENGTH = 1024;

/** Consecutive wrong passwords that lock an account, and for how long. */
export const MAX_FAILED_ATTEMPTS = 10;
export const LOCK_MS = 15 * 60_000;

/** A session ends after this long without a request, and after this long in any case. */
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url: the parameters travel with the hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT);
  return [
    'scrypt',
    SCRYPT.N,
    SCRYPT.r,
    SCRYPT.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** Whether `password` matches a stored hash; compared in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
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
}

/** Creates a staff account. Throws `staff.unknown_role`, `staff.weak_password`, `staff.exists`. */
export async function createUser(
  db: Kysely<Database>,
  options: { email: string; role: string; password: string },
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
  await db
    .insertInto('users')
    .values({ id, email, role: options.role, password_hash: await hashPassword(options.password) })
    .execute();
  return { id };
}

export async function listUsers(db: Kysely<Database>): Promise<UserInfo[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'role', 'created_at', 'locked_until', 'disabled_at'])
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

/** Disables an account and ends its sessions. Returns false when there is no such user. */
export async function disableUser(
  db: Kysely<Database>,
  idOrEmail: string,
  now = new Date(),
): Promise<boolean> {
  const user = await findUser(db, idOrEmail);
  if (!user) return false;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ disabled_at: now }).where('id', '=', user.id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
  });
  return true;
}

/** Sets a new password, lifts the lock and ends the user's sessions. False when there is no such user. */
export async function resetPassword(
  db: Kysely<Database>,
  idOrEmail: string,
  password: string,
): Promise<boolean> {
  checkPassword(password);
  const user = await findUser(db, idOrEmail);
  if (!user) return false;
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, failed_attempts: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
  });
  return true;
}

/** A signed-in staff member, as a console route sees them. */
export interface StaffSession {
  readonly userId: string;
  readonly role: Role;
  readonly csrfToken: string;
}

export type SignInResult =
  | { readonly ok: true; readonly sessionId: string; readonly session: StaffSession }
  | { readonly ok: false };

function sessionHash(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/**
 * Checks an email and password. A wrong password counts against the account; the tenth in a row
 * locks it for 15 minutes, during which even the right password fails (OWASP ASVS 4.0 V2.2.1).
 * Every failure looks the same to the caller, whether the email exists or not. Evidence records
 * name the user by id only.
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
    .select(['id', 'role', 'password_hash', 'locked_until', 'disabled_at'])
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
    // Counted in one statement, so servers sharing the database share the count.
    const updated = await db
      .updateTable('users')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('id', '=', user.id)
      .returning('failed_attempts')
      .executeTakeFirstOrThrow();
    if (updated.failed_attempts >= MAX_FAILED_ATTEMPTS) {
      const until = new Date(now.getTime() + LOCK_MS);
      await db
        .updateTable('users')
        .set({ locked_until: until, failed_attempts: 0 })
        .where('id', '=', user.id)
        .execute();
      await appendEvidence(db, {
        actor: `user:${user.id}`,
        action: 'staff.locked',
        details: { until: until.toISOString() },
        at: now,
      });
    } else {
      await appendEvidence(db, {
        actor: `user:${user.id}`,
        action: 'staff.sign_in_failed',
        at: now,
      });
    }
    return { ok: false };
  }
  const role = isRole(user.role) ? user.role : 'viewer';
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ failed_attempts: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute();
    await trx
      .insertInto('sessions')
      .values({
        id_hash: sessionHash(sessionId),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
      })
      .execute();
    await appendEvidence(trx, { actor: `user:${user.id}`, action: 'staff.signed_in', at: now });
  });
  return { ok: true, sessionId, session: { userId: user.id, role, csrfToken } };
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
    .where('sessions.id_hash', '=', sessionHash(sessionId))
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
  await db.deleteFrom('sessions').where('id_hash', '=', sessionHash(sessionId)).execute();
  await appendEvidence(db, { actor: `user:${userId}`, action: 'staff.signed_out', at: now });
}

/** Whether a submitted CSRF token is the session's; constant time. */
export function csrfMatches(session: StaffSession, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}
