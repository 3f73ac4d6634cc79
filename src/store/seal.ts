import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { CustodianError } from '../errors.js';

/**
 * Sealing: personal data the server must be able to read back (a requester's email, to search
 * their data and to write to them; free text they sent; an access package) is stored encrypted
 * with AES-256-GCM, never in clear. A dump of the database without the server secret reads as
 * noise (GDPR Art. 32(1)(a): encryption of personal data).
 *
 * The key is derived from the server secret with HKDF-SHA256 (RFC 5869) under a fixed label, so
 * the secret itself is never used as a cipher key and other uses of it (identity hashes, token
 * signatures) stay independent. A sealed value names its format version, so the scheme can change
 * later without guessing.
 *
 * `context` is authenticated but not stored (GCM additional data): a value sealed for one row and
 * column does not unseal in another, so ciphertexts cannot be swapped between requests.
 */

/** The version prefix of sealed text: `s1.` + base64url(iv ‖ ciphertext ‖ tag). */
const VERSION = 's1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const LABEL = 'custodian/seal/v1';

const keys = new WeakMap<Buffer, Buffer>();

/** The 256-bit sealing key of a server secret (HKDF-SHA256, RFC 5869), computed once per secret. */
function sealingKey(secret: Buffer): Buffer {
  let key = keys.get(secret);
  if (key === undefined) {
    key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), LABEL, 32));
    keys.set(secret, key);
  }
  return key;
}

/** Encrypts bytes with the server secret; `context` binds them to where they are stored. */
export function sealBytes(secret: Buffer, plain: Uint8Array, context = ''): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(secret), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
}

/**
 * Decrypts what `sealBytes` sealed under the same secret and context. Throws `seal.invalid` when
 * the value was altered, sealed elsewhere or under another secret; the message names no content.
 */
export function unsealBytes(secret: Buffer, sealed: string, context = ''): Buffer {
  const [version, payload] = sealed.split('.', 2);
  const raw =
    version === VERSION && payload !== undefined ? Buffer.from(payload, 'base64url') : null;
  if (raw === null || raw.length < IV_BYTES + TAG_BYTES) throw invalid();
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(secret), raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
  try {
    const plain = decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES));
    const rest = decipher.final();
    // GCM hands everything out in `update`: no second copy of a large value (an access package).
    return rest.length === 0 ? plain : Buffer.concat([plain, rest]);
  } catch (cause) {
    throw invalid(cause);
  }
}

/** Encrypts a text (UTF-8) with the server secret. */
export function seal(secret: Buffer, plain: string, context = ''): string {
  return sealBytes(secret, Buffer.from(plain, 'utf8'), context);
}

/** Decrypts a text sealed with `seal`. */
export function unseal(secret: Buffer, sealed: string, context = ''): string {
  return unsealBytes(secret, sealed, context).toString('utf8');
}

/** Seals a JSON value. */
export function sealJson(secret: Buffer, value: unknown, context = ''): string {
  return seal(secret, JSON.stringify(value), context);
}

/** Unseals a JSON value sealed with `sealJson`; the caller knows its shape. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the shape is the sealer's
export function unsealJson<T>(secret: Buffer, sealed: string, context = ''): T {
  return JSON.parse(unseal(secret, sealed, context)) as T;
}

function invalid(cause?: unknown): CustodianError {
  return new CustodianError(
    'seal.invalid',
    'a sealed value cannot be opened: it was altered, or sealed under another server secret',
    cause === undefined ? {} : { cause },
  );
}
