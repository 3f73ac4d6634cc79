import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CustodianError } from '../errors.js';

/** How many calls a client may make to the public request routes within a window. */
export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

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
    throw new Error(
      'CUSTODIAN_RATE_LIMIT must be N (calls a minute), N/S (calls in S seconds) or off',
    );
  }
  return { max: Number(match[1]), windowMs: Number(match[2] ?? 60) * 1000 };
}

/** Checks one call against the limit; throws `request.rate_limited` (429) past it. */
export type RateLimiter = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * Registers @fastify/rate-limit (never globally) and returns the limiter of the public request
 * routes: one counter per client address across all of them. Past the limit the call is answered
 * 429 as a problem, with `Retry-After` (RFC 9110 section 10.2.3); the address is never logged.
 */
export function registerRateLimit(app: FastifyInstance, limit: RateLimit | false): RateLimiter {
  if (limit === false) return () => Promise.resolve();
  void app.register(rateLimit, { global: false });
  let check: ReturnType<FastifyInstance['createRateLimit']> | undefined;
  return async (request, reply) => {
    // Created on first use: the plugin has loaded by the time a request arrives.
    check ??= app.createRateLimit({
      max: limit.max,
      timeWindow: limit.windowMs,
      keyGenerator: (req) => `requests:${req.ip}`,
    });
    const result = await check(request);
    if (result.isAllowed || !result.isExceeded) return;
    void reply.header('retry-after', String(result.ttlInSeconds));
    throw new CustodianError(
      'request.rate_limited',
      `Too many requests from this address; try again in ${result.ttlInSeconds} s.`,
    );
  };
}
