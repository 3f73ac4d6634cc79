import { randomBytes } from 'node:crypto';
import { CustodianError } from '../errors.js';

/**
 * Publishable site keys of the consent banner: each names the origins whose pages may record
 * choices with it. A site key is no secret (it is in the page); what it guards is that another
 * site's page cannot write into this ledger, since browsers send an `Origin` a page cannot forge.
 */
export type SiteKeys = ReadonlyMap<string, readonly string[]>;

/** `pk_` and 8 to 64 letters, digits, `_` or `-`. */
const SITE_KEY = /^pk_[\w-]{8,64}$/;

/**
 * `CUSTODIAN_SITE_KEYS`: `key=origin,origin;key=origin`, e.g.
 * `pk_shop_2f8a9c1d=https://shop.example.com,https://www.shop.example.com`. Each origin is a
 * scheme, host and port only (no path). Throws `config.invalid` for anything else.
 */
export function siteKeysFromEnv(value: string | undefined): SiteKeys {
  const keys = new Map<string, string[]>();
  for (const entry of (value ?? '').split(';')) {
    const text = entry.trim();
    if (text === '') continue;
    const at = text.indexOf('=');
    const key = at < 0 ? text : text.slice(0, at).trim();
    if (!SITE_KEY.test(key)) {
      throw new CustodianError(
        'config.invalid',
        'CUSTODIAN_SITE_KEYS: a site key is pk_ and 8 to 64 letters, digits, _ or -',
      );
    }
    const origins = (at < 0 ? '' : text.slice(at + 1))
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== '');
    if (origins.length === 0 || !origins.every(isOrigin)) {
      throw new CustodianError(
        'config.invalid',
        `CUSTODIAN_SITE_KEYS: ${key} needs one or more origins such as https://shop.example.com`,
      );
    }
    keys.set(key, origins);
  }
  return keys;
}

function isOrigin(text: string): boolean {
  const origin = originOf(text);
  return origin.ok && origin.value === text;
}

/**
 * The origin a site key may name, from what an operator typed: `https://Shop.example.com/` is
 * `https://shop.example.com`; a path, query, fragment, user name, wildcard or another scheme
 * than http(s) is refused with the reason.
 */
export function originOf(
  text: string,
): { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'is not a URL such as https://shop.example.com' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'is not http or https' };
  }
  if (url.hostname.includes('*')) {
    return { ok: false, reason: 'has a wildcard; name each origin' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'has a user name or password' };
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    return {
      ok: false,
      reason: 'has a path, query or fragment; an origin is scheme, host and port',
    };
  }
  return { ok: true, value: url.origin };
}

/** A new random publishable site key: `pk_` and 22 URL-safe characters (128 bits). */
export function newSiteKey(): string {
  return `pk_${randomBytes(16).toString('base64url')}`;
}

/**
 * Passes when `origin` is one of the site key's origins; else a 403 problem. A missing `Origin`
 * is refused unless `originRequired` is false: every browser sends one on a cross-origin POST.
 */
export function checkSiteKey(
  keys: SiteKeys,
  siteKey: string,
  origin: string | undefined,
  options: { readonly originRequired: boolean } = { originRequired: true },
): void {
  const origins = keys.get(siteKey);
  if (origins === undefined) {
    throw new CustodianError('site_key.unknown', 'no site key of this server has that value');
  }
  if (origin === undefined ? options.originRequired : !origins.includes(origin)) {
    throw new CustodianError(
      'site_key.origin_not_allowed',
      'this page’s origin is not one of the site key’s origins',
    );
  }
}

/** Every origin of every site key: the origins the public banner routes answer with CORS. */
export function siteKeyOrigins(keys: SiteKeys): string[] {
  return [...new Set([...keys.values()].flat())];
}

/**
 * The signing secrets of site keys: the secret a site's backend signs account tokens with
 * (account-token.ts). Unlike the site key it never reaches a page; a site key without one cannot
 * name accounts, only anonymous visitors.
 */
export type SiteSecrets = ReadonlyMap<string, Buffer>;

/** A signing secret is at least 32 characters: 128 bits of hex, base64 or more. */
const MIN_SECRET_LENGTH = 32;

/**
 * `CUSTODIAN_SITE_SECRETS`: `key=secret;key=secret`, one entry per site key of `keys` that signs
 * account tokens, e.g. `pk_shop_2f8a9c1d=6c0f…` (`openssl rand -hex 32`). Throws `config.invalid`
 * for a key not in `keys`, a secret shorter than 32 characters, or a secret that is a site key.
 */
export function siteSecretsFromEnv(value: string | undefined, keys: SiteKeys): SiteSecrets {
  const secrets = new Map<string, Buffer>();
  for (const entry of (value ?? '').split(';')) {
    const text = entry.trim();
    if (text === '') continue;
    const at = text.indexOf('=');
    const key = at < 0 ? text : text.slice(0, at).trim();
    const secret = at < 0 ? '' : text.slice(at + 1).trim();
    if (!keys.has(key)) {
      throw new CustodianError(
        'config.invalid',
        'CUSTODIAN_SITE_SECRETS: each entry names a site key of CUSTODIAN_SITE_KEYS',
      );
    }
    // The publishable key is in every page: a secret equal to one would sign nothing.
    if (secret.length < MIN_SECRET_LENGTH || keys.has(secret) || secret.startsWith('pk_')) {
      throw new CustodianError(
        'config.invalid',
        `CUSTODIAN_SITE_SECRETS: the secret of ${key} must be at least ${MIN_SECRET_LENGTH} characters and not a site key (openssl rand -hex 32)`,
      );
    }
    secrets.set(key, Buffer.from(secret, 'utf8'));
  }
  return secrets;
}
