import type { AddressInfo } from 'node:net';
import { CustodianError } from '../errors.js';
import type { FastifyInstance } from 'fastify';
import { buildServer, type ServerLimits, type ServerOptions } from './build-server.js';
import { corsOriginsFromEnv } from './cors.js';
import { brandFromEnv, frameAncestorsFromEnv } from './center-layout.js';
import { intakeMailLimitsFromEnv } from '../requests/index.js';
import { rateLimitFromEnv, trustProxyFromEnv } from './rate-limit.js';
import { siteKeysFromEnv, siteSecretsFromEnv } from './site-keys.js';

export interface StartOptions extends ServerOptions {
  /** 0 picks a free port; `url` tells which. */
  readonly port?: number;
  readonly host?: string;
}

export interface RunningServer {
  /** Where it listens, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly app: FastifyInstance;
  /** Stops accepting connections and waits for requests in flight; the store stays open. */
  readonly close: () => Promise<void>;
}

/**
 * Builds the server and listens. Links it hands out use `publicUrl`, else `CUSTODIAN_PUBLIC_URL`,
 * else the address it listens on. Keyed routes answer the browsers of `CUSTODIAN_CORS_ORIGINS`.
 * Options not given come from the environment: `CUSTODIAN_RATE_LIMIT`,
 * `CUSTODIAN_MAIL_LIMIT_PER_EMAIL`, `CUSTODIAN_MAIL_LIMIT_TOTAL`, `CUSTODIAN_TRUST_PROXY`,
 * `CUSTODIAN_FRAME_ANCESTORS`.
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const bound: { url?: string } = {};
  const configured =
    options.publicUrl ??
    (process.env['CUSTODIAN_PUBLIC_URL'] === undefined || process.env['CUSTODIAN_PUBLIC_URL'] === ''
      ? undefined
      : process.env['CUSTODIAN_PUBLIC_URL']);
  const siteKeys = options.siteKeys ?? siteKeysFromEnv(process.env['CUSTODIAN_SITE_KEYS']);
  const app = buildServer({
    ...options,
    publicUrl: configured ?? (() => bound.url),
    corsOrigins: options.corsOrigins ?? corsOriginsFromEnv(process.env['CUSTODIAN_CORS_ORIGINS']),
    siteKeys,
    siteSecrets:
      options.siteSecrets ?? siteSecretsFromEnv(process.env['CUSTODIAN_SITE_SECRETS'], siteKeys),
    ...rateLimitOption(options),
    limits: { ...serverLimitsFromEnv(process.env), ...options.limits },
    mailLimits: options.mailLimits ?? intakeMailLimitsFromEnv(process.env),
    brand: options.brand ?? brandFromEnv(process.env),
    frameAncestors:
      options.frameAncestors ?? frameAncestorsFromEnv(process.env['CUSTODIAN_FRAME_ANCESTORS']),
    ...trustProxyOption(options),
  });
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 8080, host });
  const address = app.server.address() as AddressInfo;
  const name =
    host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${name}:${address.port}`;
  bound.url = url;
  let closing: Promise<void> | undefined;
  return {
    url,
    app,
    close: () => (closing ??= app.close()),
  };
}

/** The rate limit of the public request routes: the option, else `CUSTODIAN_RATE_LIMIT`. */
function rateLimitOption(options: StartOptions): Pick<StartOptions, 'requestRateLimit'> {
  const limit = options.requestRateLimit ?? rateLimitFromEnv(process.env['CUSTODIAN_RATE_LIMIT']);
  return limit === undefined ? {} : { requestRateLimit: limit };
}

/**
 * The server limits the environment sets: `CUSTODIAN_REQUEST_TIMEOUT` and
 * `CUSTODIAN_HANDLER_TIMEOUT` in seconds, `CUSTODIAN_MAX_CONNECTIONS` as a count. Throws for a
 * value that is not a positive whole number.
 */
export function serverLimitsFromEnv(env: NodeJS.ProcessEnv): Partial<ServerLimits> {
  const read = (name: string, scale: number): number | undefined => {
    const value = env[name]?.trim();
    if (value === undefined || value === '') return undefined;
    const number = Number(value);
    if (!Number.isSafeInteger(number) || number <= 0 || !/^\d+$/.test(value)) {
      throw new CustodianError('config.invalid', `${name} must be a positive whole number`);
    }
    return number * scale;
  };
  const requestTimeoutMs = read('CUSTODIAN_REQUEST_TIMEOUT', 1000);
  const handlerTimeoutMs = read('CUSTODIAN_HANDLER_TIMEOUT', 1000);
  const maxConnections = read('CUSTODIAN_MAX_CONNECTIONS', 1);
  return {
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
    ...(handlerTimeoutMs === undefined ? {} : { handlerTimeoutMs }),
    ...(maxConnections === undefined ? {} : { maxConnections }),
  };
}

/** The proxies believed about client addresses: the option, else `CUSTODIAN_TRUST_PROXY`. */
function trustProxyOption(options: StartOptions): Pick<StartOptions, 'trustProxy'> {
  const trust = options.trustProxy ?? trustProxyFromEnv(process.env['CUSTODIAN_TRUST_PROXY']);
  return trust === undefined ? {} : { trustProxy: trust };
}
