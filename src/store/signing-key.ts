import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import type { Kysely } from 'kysely';
import { CustodianError } from '../errors.js';
import type { Database } from './database.js';

/**
 * The settings rows of the certificate signing key: a generated private key (PKCS#8 PEM), and the
 * public key of the key in use (SPKI PEM), its fingerprint.
 */
const KEY_SETTING = 'certificate-signing-key';
const PUBLIC_SETTING = 'certificate-signing-public-key';

/** The Ed25519 key pair erasure certificates are signed with, and the id certificates name it by. */
export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
}

/** The first 16 hex digits of the SHA-256 of a public key (SPKI DER): names it in certificates. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/** The public key as PEM (SPKI), as `GET /v1/certificates/key` serves it and the database records it. */
export const publicKeyPem = (key: SigningKey): string =>
  key.publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** The private key as PEM (PKCS#8), as `CUSTODIAN_SIGNING_KEY_FILE` holds it. */
export const privateKeyPem = (key: SigningKey): string =>
  key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/**
 * A signing key as an operator supplies it (`CUSTODIAN_SIGNING_KEY`, or the file
 * `CUSTODIAN_SIGNING_KEY_FILE` names): an Ed25519 private key in PKCS#8 PEM, as `openssl genpkey
 * -algorithm ed25519` writes it. Errors name `source`, never the key.
 */
export function parseSigningKey(pem: string, source: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw invalid(source);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw invalid(source);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

function invalid(source: string): CustodianError {
  return new CustodianError(
    'store.signing_key_invalid',
    `${source} must hold an Ed25519 private key in PKCS#8 PEM (openssl genpkey -algorithm ed25519)`,
    { details: { source } },
  );
}

/** What the database holds of the signing key: a generated copy, the public key in use. */
export interface StoredSigningKey {
  readonly key?: SigningKey;
  /** SPKI PEM. */
  readonly publicKey?: string;
}

/** Reads the signing key's settings rows; changes nothing. */
export async function storedSigningKey(db: Kysely<Database>): Promise<StoredSigningKey> {
  const rows = await db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where('key', 'in', [KEY_SETTING, PUBLIC_SETTING])
    .execute();
  const value = (key: string): string | undefined => rows.find((row) => row.key === key)?.value;
  const pem = value(KEY_SETTING);
  const publicKey = value(PUBLIC_SETTING);
  return {
    ...(pem === undefined ? {} : { key: parseSigningKey(pem, `the settings row ${KEY_SETTING}`) }),
    ...(publicKey === undefined ? {} : { publicKey }),
  };
}

/** The key id of a public key in PEM. */
const keyIdOfPem = (pem: string): string => keyIdOf(createPublicKey(pem));

/**
 * The key erasure certificates are signed with. A `configured` one (from `CUSTODIAN_SIGNING_KEY`
 * or `CUSTODIAN_SIGNING_KEY_FILE`) wins and is never written to the database; otherwise a pair is
 * generated on first use and kept there.
 *
 * The database records the public key in use. A configured key that is not that key is refused
 * (`store.signing_key_mismatch`): certificates issued so far would no longer verify against the
 * published key; `adoptSigningKey` changes keys on purpose. A database whose key was moved out
 * and is not configured is refused (`store.signing_key_missing`) rather than given a new key.
 */
export async function certificateSigningKey(
  db: Kysely<Database>,
  configured?: SigningKey,
): Promise<SigningKey> {
  const stored = await storedSigningKey(db);
  let key: SigningKey;
  if (configured !== undefined) key = configured;
  else if (stored.key !== undefined) key = stored.key;
  else if (stored.publicKey !== undefined) {
    throw new CustodianError(
      'store.signing_key_missing',
      `this database's certificate signing key (key id ${keyIdOfPem(stored.publicKey)}) is kept outside it, and neither CUSTODIAN_SIGNING_KEY nor CUSTODIAN_SIGNING_KEY_FILE is set: set one to that key`,
      { details: { keyId: keyIdOfPem(stored.publicKey) } },
    );
  } else {
    const pair = generateKeyPairSync('ed25519');
    // The first writer wins; every process then reads the one stored pair.
    await db
      .insertInto('settings')
      .values({
        key: KEY_SETTING,
        value: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const generated = (await storedSigningKey(db)).key;
    if (generated === undefined) throw new Error('the signing key was stored and is gone');
    key = generated;
  }
  // A database from before public keys were recorded: its stored key signed its certificates.
  const recorded = stored.publicKey ?? (await recordPublicKey(db, publicKeyPem(stored.key ?? key)));
  if (keyIdOfPem(recorded) !== key.keyId) {
    throw new CustodianError(
      'store.signing_key_mismatch',
      `the configured signing key (key id ${key.keyId}) is not the key this database's erasure certificates are signed with (key id ${keyIdOfPem(recorded)}): certificates issued so far would no longer verify against GET /v1/certificates/key. Set CUSTODIAN_SIGNING_KEY or CUSTODIAN_SIGNING_KEY_FILE to the key with id ${keyIdOfPem(recorded)}, or change keys on purpose with custodian secrets adopt-signing-key`,
      { details: { configured: key.keyId, recorded: keyIdOfPem(recorded) } },
    );
  }
  return key;
}

/** Records the public key in use unless one is recorded already, and returns the recorded one. */
async function recordPublicKey(db: Kysely<Database>, pem: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key: PUBLIC_SETTING, value: pem })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const recorded = (await storedSigningKey(db)).publicKey;
  if (recorded === undefined) throw new Error('the signing public key was stored and is gone');
  return recorded;
}

/**
 * Makes `key` the signing key of this database on purpose (`custodian secrets adopt-signing-key`):
 * records its public key and removes a stored private key that is not it, as it signs nothing
 * any more. Returns the public key (PEM) certificates were signed with until now, when it was
 * another: whoever checks those certificates needs it.
 */
export async function adoptSigningKey(
  db: Kysely<Database>,
  key: SigningKey,
): Promise<string | undefined> {
  return db.transaction().execute(async (trx) => {
    const stored = await storedSigningKey(trx);
    const previous =
      stored.publicKey ?? (stored.key === undefined ? undefined : publicKeyPem(stored.key));
    if (stored.key !== undefined && stored.key.keyId !== key.keyId) {
      await trx.deleteFrom('settings').where('key', '=', KEY_SETTING).execute();
    }
    await trx
      .insertInto('settings')
      .values({ key: PUBLIC_SETTING, value: publicKeyPem(key) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: publicKeyPem(key) }))
      .execute();
    return previous === undefined || keyIdOfPem(previous) === key.keyId ? undefined : previous;
  });
}

/**
 * Removes the database's copy of the signing key when it is `key` (the operator now supplies it
 * from outside); the recorded public key stays. Returns whether a copy was removed.
 */
export async function forgetStoredSigningKey(
  db: Kysely<Database>,
  key: SigningKey,
): Promise<boolean> {
  const stored = await storedSigningKey(db);
  if (stored.key?.keyId !== key.keyId) return false;
  await db.deleteFrom('settings').where('key', '=', KEY_SETTING).execute();
  return true;
}
