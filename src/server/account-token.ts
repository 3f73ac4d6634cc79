import { createHmac, timingSafeEqual } from 'node:crypto';
import { CustodianError } from '../errors.js';
import type { SiteSecrets } from './site-keys.js';

/**
 * Account tokens: how a site that knows its visitor tells Custodian who they are, without a
 * Custodian login. The site's backend signs the account id it knows the person by with the site
 * key's signing secret (`CUSTODIAN_SITE_SECRETS`); the privacy center's preferences page and the
 * banner's `Custodian.identify` hand the token over, and the ledger state of that account is the
 * one shown and changed.
 *
 * `v1.<site key>.<account id, base64url UTF-8>.<expiry, Unix seconds>.<signature>`, the signature
 * being HMAC-SHA256 over everything before its dot, in base64url (docs/privacy-center.md).
 */

/** The longest a token may live: a link to the preferences page, followed at once. */
export const MAX_TOKEN_LIFETIME_S = 3600;

/** The longest token accepted: a 256-character account id in base64url and the rest. */
export const MAX_TOKEN_LENGTH = 600;

const MAX_ACCOUNT_ID_LENGTH = 256;
const DIGITS = /^\d{1,12}$/;
const BASE64URL = /^[\w-]+$/;
// Controls, format characters and separators: not in an account id a site issues.
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

/** Who a token names: the account id of the site key's site. */
export interface AccountClaim {
  readonly siteKey: string;
  readonly accountId: string;
}

function sign(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/**
 * A token for `accountId` of `siteKey`, valid until `expiresAt`: what the site's backend does
 * (this is the reference its docs snippet follows, and what the tests sign with).
 */
export function signAccountToken(
  secret: Buffer | string,
  siteKey: string,
  accountId: string,
  expiresAt: Date,
): string {
  const seconds = Math.floor(expiresAt.getTime() / 1000);
  const payload = `v1.${siteKey}.${Buffer.from(accountId, 'utf8').toString('base64url')}.${seconds}`;
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  return `${payload}.${sign(key, payload).toString('base64url')}`;
}

function refuse(detail: string): CustodianError {
  return new CustodianError('account_token.invalid', detail);
}

/**
 * The account a token names, when its signature is that of its site key's secret (compared in
 * constant time), it has not expired, and it does not live longer than an hour. `siteKey`, when
 * given, is the site the token must come from (the banner's own key).
 *
 * @throws `account_token.invalid`, saying whether it expired or is not valid; never quoting it.
 */
export function verifyAccountToken(
  secrets: SiteSecrets,
  token: string,
  now: Date,
  siteKey?: string,
): AccountClaim {
  if (token.length > MAX_TOKEN_LENGTH) throw refuse('The account token is not valid.');
  const parts = token.split('.');
  if (parts.length !== 5) throw refuse('The account token is not valid.');
  const [version, key, account, expiry, signature] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  const secret = secrets.get(key);
  if (
    version !== 'v1' ||
    secret === undefined ||
    (siteKey !== undefined && key !== siteKey) ||
    !BASE64URL.test(account) ||
    !DIGITS.test(expiry) ||
    !BASE64URL.test(signature)
  ) {
    throw refuse('The account token is not valid.');
  }
  const expected = sign(secret, `${version}.${key}.${account}.${expiry}`);
  const given = Buffer.from(signature, 'base64url');
  // Same length first (timingSafeEqual requires it; the length of an HMAC-SHA256 is no secret).
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw refuse('The account token is not valid.');
  }
  const expiresAt = Number(expiry) * 1000;
  if (expiresAt <= now.getTime()) throw refuse('The account token has expired.');
  if (expiresAt > now.getTime() + MAX_TOKEN_LIFETIME_S * 1000) {
    throw refuse('The account token lives longer than an hour.');
  }
  const accountId = Buffer.from(account, 'base64url').toString('utf8');
  if (
    accountId.trim() === '' ||
    accountId.length > MAX_ACCOUNT_ID_LENGTH ||
    FORBIDDEN.test(accountId) ||
    Buffer.from(accountId, 'utf8').toString('base64url') !== account
  ) {
    throw refuse('The account token is not valid.');
  }
  return { siteKey: key, accountId };
}
