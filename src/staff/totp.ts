import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1, a 30-second step,
 * 6 digits, what every authenticator app reads from an `otpauth://` URI. Made with node:crypto
 * alone; base32 (RFC 4648 section 6) by hand.
 */

/** RFC 6238 section 4: X, the time step, and T0 = 0 (the Unix epoch). */
export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of now, for a clock off by up to 30 s (RFC 6238 section 5.2). */
export const TOTP_WINDOW = 1;
/** 160-bit secrets: the HMAC-SHA1 key length RFC 4226 section 4 recommends. */
const SECRET_BYTES = 20;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, upper case, without padding (authenticator apps take it so). */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31] ?? '';
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31] ?? '';
  return out;
}

/**
 * Decodes RFC 4648 base32; case, spaces and `=` padding are ignored. Undefined when a character
 * is outside the alphabet.
 */
export function base32Decode(text: string): Buffer | undefined {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text.toUpperCase()) {
    if (char === '=' || char === ' ') continue;
    const value = ALPHABET.indexOf(char);
    if (value < 0) return undefined;
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** A new random TOTP secret. */
export function newTotpSecret(): Buffer {
  return randomBytes(SECRET_BYTES);
}

/** RFC 4226 section 5.3: HOTP(K, C) with dynamic truncation, `digits` long, zero-padded. */
export function hotp(secret: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0xf;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return (binary % 10 ** digits).toString().padStart(digits, '0');
}

/** The time step of an instant: floor(unix seconds / 30) (RFC 6238 section 4.2). */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS);
}

/** The code of an instant. */
export function totp(secret: Uint8Array, at: Date, digits = TOTP_DIGITS): string {
  return hotp(secret, totpStep(at), digits);
}

/**
 * The step a typed code belongs to, within one step either side of now and after `lastStep` (a
 * code, once accepted, is refused again: RFC 6238 section 5.2), or undefined. Compared in
 * constant time.
 */
export function matchTotp(
  secret: Uint8Array,
  code: string,
  at: Date,
  lastStep: number | null = null,
): number | undefined {
  const typed = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(typed)) return undefined;
  const now = totpStep(at);
  let found: number | undefined;
  for (let step = now - TOTP_WINDOW; step <= now + TOTP_WINDOW; step += 1) {
    const expected = Buffer.from(hotp(secret, step));
    // Every step in the window is computed and compared, whether one matched or not.
    if (timingSafeEqual(expected, Buffer.from(typed)) && found === undefined) found = step;
  }
  if (found === undefined || (lastStep !== null && found <= lastStep)) return undefined;
  return found;
}

/**
 * The `otpauth://` URI an authenticator app imports (Google Authenticator's Key Uri Format):
 * `otpauth://totp/Issuer:account?secret=…&issuer=Issuer&algorithm=SHA1&digits=6&period=30`.
 */
export function otpauthUri(options: {
  issuer: string;
  account: string;
  secret: Uint8Array;
}): string {
  const label = `${encodeURIComponent(options.issuer)}:${encodeURIComponent(options.account)}`;
  const query = new URLSearchParams({
    secret: base32Encode(options.secret),
    issuer: options.issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  });
  return `otpauth://totp/${label}?${query.toString().replace(/\+/g, '%20')}`;
}
