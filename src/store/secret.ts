import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { CustodianError } from '../errors.js';
import type { Database } from './database.js';

/** `CUSTODIAN_SECRET` written in hex (else it is read as base64). */
export const HEX = /^[0-9a-f]+$/i;

/** The settings rows of the secret: a generated secret, and the fingerprint of the one in use. */
const SECRET_SETTING = 'secret';
const FINGERPRINT_SETTING = 'secret-fingerprint';

/** What the fingerprint is an HMAC of: a fixed label, so it says nothing about the secret. */
const FINGERPRINT_LABEL = 'custodian secret fingerprint v1';

/**
 * The fingerprint of a secret, as the database records it: HMAC-SHA256 of a fixed label under the
 * secret, in hex. It tells two secrets apart and reveals neither.
 */
export function secretFingerprint(secret: Buffer): string {
  return createHmac('sha256', secret).update(FINGERPRINT_LABEL).digest('hex');
}

/** The first 16 hex digits of a fingerprint, as messages and `custodian secrets status` show it. */
export const shortFingerprint = (fingerprint: string): string => fingerprint.slice(0, 16);

/**
 * A secret as an operator writes it (`CUSTODIAN_SECRET`, or the file `CUSTODIAN_SECRET_FILE`
 * names): hex or base64, at least 32 bytes, surrounding white space ignored. `source` names where
 * it came from in the error, which never quotes the value.
 */
export function parseSecret(text: string, source: string): Buffer {
  const value = text.trim();
  const bytes = HEX.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (bytes.length < 32) {
    throw new CustodianError(
      'store.secret_invalid',
      `${source} must hold a secret of at least 32 bytes (64 hex digits, or base64)`,
      { details: { source } },
    );
  }
  return bytes;
}

/** What the database holds of the secret: a generated copy, the recorded fingerprint. */
export interface StoredSecret {
  readonly secret?: Buffer;
  readonly fingerprint?: string;
}

/** Reads the secret's settings rows; changes nothing. */
export async function storedSecret(db: Kysely<Database>): Promise<StoredSecret> {
  const rows = await db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where('key', 'in', [SECRET_SETTING, FINGERPRINT_SETTING])
    .execute();
  const value = (key: string): string | undefined => rows.find((row) => row.key === key)?.value;
  const secret = value(SECRET_SETTING);
  const fingerprint = value(FINGERPRINT_SETTING);
  return {
    ...(secret === undefined ? {} : { secret: Buffer.from(secret, 'hex') }),
    ...(fingerprint === undefined ? {} : { fingerprint }),
  };
}

/**
 * The server secret that keys identifier hashes, seals personal data and signs tokens. A
 * `configured` one (from `CUSTODIAN_SECRET` or `CUSTODIAN_SECRET_FILE`; text is parsed as
 * `CUSTODIAN_SECRET`) wins and is never written to the database; otherwise one is generated on
 * first start and kept there, so an embedded install works with no configuration.
 *
 * The database records the fingerprint of the secret in use, and a secret that does not match it
 * is refused (`store.secret_mismatch`): under another secret every identity and suppression hash
 * is unfindable. A database whose secret was moved out (`custodian secrets forget`) and is not
 * configured is refused too (`store.secret_missing`), rather than given a new secret.
 */
export async function serverSecret(
  db: Kysely<Database>,
  configured?: Buffer | string,
): Promise<Buffer> {
  const outside =
    typeof configured === 'string'
      ? configured === ''
        ? undefined
        : parseSecret(configured, 'CUSTODIAN_SECRET')
      : configured;
  const stored = await storedSecret(db);
  let secret: Buffer;
  if (outside !== undefined) secret = outside;
  else if (stored.secret !== undefined) secret = stored.secret;
  else if (stored.fingerprint !== undefined) {
    throw new CustodianError(
      'store.secret_missing',
      `this database's secret (fingerprint ${shortFingerprint(stored.fingerprint)}) is kept outside it, and neither CUSTODIAN_SECRET nor CUSTODIAN_SECRET_FILE is set: set one to that secret. A new secret would make every suppression and identity hash unfindable`,
      { details: { fingerprint: shortFingerprint(stored.fingerprint) } },
    );
  } else {
    // The first writer wins; every process then reads the one stored secret.
    await db
      .insertInto('settings')
      .values({ key: SECRET_SETTING, value: randomBytes(32).toString('hex') })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const generated = (await storedSecret(db)).secret;
    if (generated === undefined) throw new Error('the secret was stored and is gone');
    secret = generated;
  }
  const fingerprint = secretFingerprint(secret);
  // A database from before fingerprints were recorded: its stored secret made its hashes.
  const recorded =
    stored.fingerprint ??
    (await recordFingerprint(
      db,
      stored.secret === undefined ? fingerprint : secretFingerprint(stored.secret),
    ));
  if (!sameHex(recorded, fingerprint)) {
    throw new CustodianError(
      'store.secret_mismatch',
      `the configured secret (fingerprint ${shortFingerprint(fingerprint)}) is not the one this database's hashes were made with (fingerprint ${shortFingerprint(recorded)}): under it every suppression and identity hash would be unfindable, and people who opted out or were erased could be contacted again. Set CUSTODIAN_SECRET or CUSTODIAN_SECRET_FILE to the secret with fingerprint ${shortFingerprint(recorded)} (custodian secrets status shows both); a secret cannot be changed`,
      {
        details: {
          configured: shortFingerprint(fingerprint),
          recorded: shortFingerprint(recorded),
        },
      },
    );
  }
  return secret;
}

/** Records a fingerprint unless one is recorded already, and returns the recorded one. */
async function recordFingerprint(db: Kysely<Database>, fingerprint: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key: FINGERPRINT_SETTING, value: fingerprint })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const recorded = (await storedSecret(db)).fingerprint;
  if (recorded === undefined) throw new Error('the secret fingerprint was stored and is gone');
  return recorded;
}

/**
 * Removes the database's copy of the secret when it is `secret` (the operator now supplies it
 * from outside); the fingerprint stays. Returns whether a copy was removed.
 */
export async function forgetStoredSecret(db: Kysely<Database>, secret: Buffer): Promise<boolean> {
  const removed = await db
    .deleteFrom('settings')
    .where('key', '=', SECRET_SETTING)
    .where('value', '=', secret.toString('hex'))
    .executeTakeFirst();
  return removed.numDeletedRows > 0n;
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
