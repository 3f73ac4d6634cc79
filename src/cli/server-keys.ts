import type { Kysely } from 'kysely';
import { CustodianError } from '../errors.js';
import {
  certificateSigningKey,
  parseSecret,
  parseSigningKey,
  readKeyFile,
  serverSecret,
  type Database,
  type SigningKey,
} from '../store/index.js';

/** Where the environment gives a value from: the variable, and the file it names if any. */
export interface KeySource {
  readonly variable: string;
  readonly file?: string;
}

/** The server secret and signing key the operator supplies from outside the database, if any. */
export interface ConfiguredKeys {
  readonly secret?: { readonly value: Buffer; readonly source: KeySource };
  readonly signingKey?: { readonly value: SigningKey; readonly source: KeySource };
}

/** The secret and the signing key a process works with, resolved against the database. */
export interface ServerKeys {
  readonly secret: Buffer;
  readonly signingKey: SigningKey;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the keys the environment supplies: `CUSTODIAN_SECRET` or `CUSTODIAN_SECRET_FILE` (hex or
 * base64, 32 bytes or more), `CUSTODIAN_SIGNING_KEY` or `CUSTODIAN_SIGNING_KEY_FILE` (Ed25519,
 * PKCS#8 PEM). A key file must be the process user's own with mode 0600 or 0400. Throws a
 * `store.*` CustodianError naming the variable (never the value) when one is unusable.
 */
export async function configuredKeys(env: Env = process.env): Promise<ConfiguredKeys> {
  const secret = await fromEnv(env, 'CUSTODIAN_SECRET', parseSecret);
  const signingKey = await fromEnv(env, 'CUSTODIAN_SIGNING_KEY', parseSigningKey);
  return {
    ...(secret === undefined ? {} : { secret }),
    ...(signingKey === undefined ? {} : { signingKey }),
  };
}

async function fromEnv<T>(
  env: Env,
  variable: string,
  parse: (text: string, source: string) => T,
): Promise<{ value: T; source: KeySource } | undefined> {
  const direct = nonEmpty(env[variable]);
  const fileVariable = `${variable}_FILE`;
  const file = nonEmpty(env[fileVariable]);
  if (direct !== undefined && file !== undefined) {
    throw new CustodianError(
      'store.key_conflict',
      `both ${variable} and ${fileVariable} are set; set one of them`,
      { details: { variable } },
    );
  }
  if (direct !== undefined) return { value: parse(direct, variable), source: { variable } };
  if (file === undefined) return undefined;
  const text = await readKeyFile(file, fileVariable);
  return {
    value: parse(text, `${fileVariable} (${file})`),
    source: { variable: fileVariable, file },
  };
}

/**
 * The secret and signing key of this process: the configured ones, checked against the
 * fingerprints the database recorded, else the database's own (generated on first use).
 */
export async function openKeys(
  db: Kysely<Database>,
  configured: ConfiguredKeys,
): Promise<ServerKeys> {
  return {
    secret: await serverSecret(db, configured.secret?.value),
    signingKey: await certificateSigningKey(db, configured.signingKey?.value),
  };
}

/** How a source reads in a message: `CUSTODIAN_SECRET_FILE (/etc/custodian/secret)`. */
export function describeSource(source: KeySource): string {
  return source.file === undefined ? source.variable : `${source.variable} (${source.file})`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
