import { isIP, isIPv4 } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { CustodianError } from '../errors.js';
import { countHit, limitKey, type RateLimit } from '../store/index.js';
import type { ServerContext } from './route.js';

export type { RateLimit } from '../store/index.js';

/**
 * Ten calls a minute per client address, shared by the intake and the code check: enough for a
 * person who mistypes a code, too few to mail codes to a list of addresses or to guess a code.
 */
export const DEFAULT_REQUESTS_RATE_LIMIT: RateLimit = { max: 10, windowMs: 60_000 };

/** `N` or `N/S`. */
export const RATE_LIMIT_FORMAT = /^(\d+)(?:\/(\d+))?$/;

/**
 * `CUSTODIAN_RATE_LIMIT`: `N` calls a minute, or `N/S` calls in S seconds (`20/30`); `0` or `off`
 * switches the limit off (behind a proxy that limits already). Undefined when unset; throws for a
 * value that is neither.
 */
export function rateLimitFromEnv(value: string | undefined): RateLimit | false | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim().toLowerCase();
  if (text === 'off' || text === '0') return false;
  const match = RATE_LIMIT_FORMAT.exec(text);
  if (!match || Number(match[1]) === 0 || match[2] === '0') {
    throw new CustodianError(
      'config.invalid',
      'CUSTODIAN_RATE_LIMIT must be N (calls a minute), N/S (calls in S seconds) or off',
    );
  }
  return { max: Number(match[1]), windowMs: Number(match[2] ?? 60) * 1000 };
}

/**
 * The proxies in front of the server whose `X-Forwarded-For` is believed about the client's
 * address: their addresses and CIDR ranges (Fastify's `trustProxy`), or false for none.
 */
export type TrustProxy = readonly string[] | false;

/** Names of address ranges Fastify's trustProxy (proxy-addr) knows. */
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * `CUSTODIAN_TRUST_PROXY`: a comma-separated list of the addresses or CIDR ranges of the proxies
 * in front of the server (`127.0.0.1`, `10.0.0.0/8`, `loopback`); `off` or unset trusts none, and
 * then every client is the address its connection comes from. A connection from a listed proxy
 * is answered for the address the proxy names; one from anywhere else for its own address, so a
 * client that reaches the server directly cannot choose its address. For that reason `true`
 * (trust every hop) and hop counts are refused: neither checks who is connecting (Fastify 5
 * treats a hop count as trusting nobody, for the same reason).
 */
export function trustProxyFromEnv(value: string | undefined): TrustProxy | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim().toLowerCase();
  if (text === 'off' || text === 'false') return false;
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.every(isProxyAddress)) return entries;
  throw new CustodianError(
    'config.invalid',
    'CUSTODIAN_TRUST_PROXY must list the addresses or CIDR ranges of your proxies (127.0.0.1, 10.0.0.0/8, loopback), or be off',
  );
}

function isProxyAddress(entry: string): boolean {
  if (RANGE_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * The network a client is counted as: an IPv4 address as it is, an IPv6 address by its /64,
 * which is what one subscriber or one server is given (a client holding a /64 would otherwise
 * have 2^64 limits).
 */
export function clientNetwork(ip: string | undefined): string {
  // Fastify's `ip` is undefined once the connection has closed; such calls share one count.
  const address = ((ip ?? '').split('%')[0] ?? '').toLowerCase();
  if (isIPv4(address) || isIP(address) !== 6) return address;
  if (address.startsWith('::ffff:') && isIPv4(address.slice(7))) return address.slice(7);
  const [head = '', tail] = address.split('::');
  const front = head === '' ? [] : head.split(':');
  const back = tail === undefined || tail === '' ? [] : tail.split(':');
  // An IPv4 tail (`::1.2.3.4`) stands for two groups.
  const backGroups = back.length + (back.at(-1)?.includes('.') === true ? 1 : 0);
  const groups =
    tail === undefined
      ? front
      : [...front, ...Array<string>(8 - front.length - backGroups).fill('0'), ...back];
  const prefix = groups.slice(0, 4).map((group) => Number.parseInt(group, 16).toString(16));
  return `${prefix.join(':')}::/64`;
}

/** Checks one call against the limit; throws `request.rate_limited` (429) past it. */
export type RateLimiter = (request: FastifyRequest) => Promise<void>;

/**
 * The limiter of the public request routes: one counter per client network across all of them,
 * kept in the database (src/store/rate-limits.ts), so every server process on it shares the
 * count and a restart does not reset it. Past the limit the call is answered 429 as a problem,
 * with `Retry-After` (RFC 9110 section 10.2.3); the address is neither stored in clear nor logged.
 */
export function clientRateLimiter(
  context: Pick<ServerContext, 'db' | 'secret' | 'clock'>,
  limit: RateLimit | false,
  /** Which counter: `client` for the request routes; the banner and the preferences keep their own. */
  counter = 'client',
): RateLimiter {
  if (limit === false) return () => Promise.resolve();
  return async (request) => {
    const at = context.clock();
    const key = limitKey(context.secret, counter, clientNetwork(request.ip));
    const hit = await countHit(context.db, key, limit, at);
    if (hit.allowed) return;
    const seconds = Math.max(1, Math.ceil((hit.resetsAt.getTime() - at.getTime()) / 1000));
    throw new CustodianError(
      'request.rate_limited',
      `Too many requests from this address; try again in ${seconds} s.`,
      { details: { retryAfter: seconds } },
    );
  };
}
