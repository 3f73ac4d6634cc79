import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { createRequire } from 'node:module';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { CustodianError } from '../errors.js';
import type { DataMap } from '../map/index.js';
import type { IntakeMailLimits } from '../requests/index.js';
import { storeFailure, type SigningKey, type Store } from '../store/index.js';
import { allows, authenticate, type Principal } from './api-keys.js';
import { BatchGate, batchItemSchema, validateBatch, type BatchTicket } from './batch-routes.js';
import { registerConsole } from './console/index.js';
import { registerCors } from './cors.js';
import { siteKeyOrigins, type SiteKeys, type SiteSecrets } from './site-keys.js';
import {
  type FieldError,
  issuesToFieldErrors,
  PROBLEM_MEDIA_TYPE,
  problemFor,
  retryAfterOf,
  sendProblem,
} from './errors.js';
import { loggerOptions, SafeLogController, type LogStream } from './logging.js';
import { openApiDocument, type OpenApiDocument } from './openapi.js';
import {
  clientRateLimiter,
  DEFAULT_REQUESTS_RATE_LIMIT,
  type RateLimit,
  type RateLimiter,
  type TrustProxy,
} from './rate-limit.js';
import type { AnyRoute, MediaType, RequestHooks, ServerContext } from './route.js';
import { routes } from './routes.js';
import { CENTER_PREFIX, type Brand } from './center-layout.js';
import { centerErrorPage } from './privacy-center.js';

/** Whether a request is for a page of the privacy center (its errors are pages too). */
function inCenter(request: FastifyRequest): boolean {
  return (
    request.url === CENTER_PREFIX ||
    request.url.startsWith(`${CENTER_PREFIX}/`) ||
    request.url.startsWith(`${CENTER_PREFIX}?`)
  );
}

export interface ServerOptions {
  /** The database; its `problem` (a full disk, a failed instance) is what /healthz reports. */
  readonly store: Pick<Store, 'db'> & Partial<Pick<Store, 'problem'>>;
  /** The data map the server answers by: purposes, legal bases, jurisdictions, notice version. */
  readonly map: DataMap;
  /** The server secret (`serverSecret`): keys identifier hashes and signs unsubscribe tokens. */
  readonly secret: Buffer;
  /** The key erasure certificates are signed with (`certificateSigningKey`); its public half is served. */
  readonly signingKey: SigningKey;
  readonly clock?: () => Date;
  /** Where log lines go (one JSON object per line); no logging when absent. */
  readonly logger?: LogStream | { readonly stream: LogStream; readonly level?: string };
  /**
   * The base URL of links the server hands out (unsubscribe links). When absent, the address the
   * request came to; `startServer` passes `CUSTODIAN_PUBLIC_URL` or its listening address.
   */
  readonly publicUrl?: string | (() => string | undefined);
  /** The body limit of ordinary routes, in bytes; batch routes declare their own. */
  readonly bodyLimit?: number;
  /**
   * Calls per client address to the public data-subject request routes, or false for none;
   * `startServer` passes `CUSTODIAN_RATE_LIMIT`. Ten a minute by default. Counted in the
   * database, so every server on it shares the count.
   */
  readonly requestRateLimit?: RateLimit | false;
  /**
   * Caps on the mail the intake sends, per address and in all, per day; `startServer` passes
   * `CUSTODIAN_MAIL_LIMIT_PER_EMAIL` and `CUSTODIAN_MAIL_LIMIT_TOTAL`. 5 and 1,000 by default.
   */
  readonly mailLimits?: IntakeMailLimits;
  /**
   * The proxies believed about the client's address (`X-Forwarded-For`), by address or CIDR
   * range; none by default. `startServer` passes `CUSTODIAN_TRUST_PROXY`.
   */
  readonly trustProxy?: TrustProxy;
  /** Hooks of the request routes: the executor (`onApproved`) and the mailer (`onMail`). */
  readonly requestHooks?: RequestHooks;
  /**
   * Origins whose browsers may call keyed routes (`*` for any); public routes answer every
   * origin. `startServer` passes `CUSTODIAN_CORS_ORIGINS`.
   */
  readonly corsOrigins?: readonly string[];
  /**
   * The consent banner's publishable site keys and the origins of each; none by default.
   * `startServer` passes `CUSTODIAN_SITE_KEYS` (docs/banner.md).
   */
  readonly siteKeys?: SiteKeys;
  /**
   * The signing secrets of the site keys whose sites sign account tokens; none by default.
   * `startServer` passes `CUSTODIAN_SITE_SECRETS` (docs/privacy-center.md).
   */
  readonly siteSecrets?: SiteSecrets;
  /**
   * How long a client may take to send a request and how many connections may be open: a
   * connection that trickles its headers or body is answered 408 and closed. `startServer` reads
   * them from the environment (`serverLimitsFromEnv`).
   */
  readonly limits?: Partial<ServerLimits>;
  /**
   * The privacy center's brand; the map's organisation name and the default colour when absent.
   * `startServer` passes `CUSTODIAN_BRAND_NAME`, `CUSTODIAN_BRAND_COLOR`, `CUSTODIAN_BRAND_LOGO_URL`.
   */
  readonly brand?: Brand;
  /**
   * Origins that may frame the privacy center and the unsubscribe pages (CSP `frame-ancestors`);
   * none by default. `startServer` passes `CUSTODIAN_FRAME_ANCESTORS`.
   */
  readonly frameAncestors?: readonly string[];
}

/** Time and connection bounds of the HTTP server (OWASP ASVS 4.0 V13.1; slow-request attacks). */
export interface ServerLimits {
  /** The request line and headers must arrive within this. */
  readonly headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (Node's `requestTimeout`). */
  readonly requestTimeoutMs: number;
  /** A route must answer within this, or the client gets a 503 problem; batch routes allow more. */
  readonly handlerTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** Connections past this many are refused at once. */
  readonly maxConnections: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  handlerTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
};

/** The package version, for the OpenAPI document. */
const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string })
  .version;

/** 1 MiB: ordinary requests are small; batch checks declare more. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** The longest path parameter the router takes: unsubscribe tokens are long. */
export const MAX_PARAM_LENGTH = 2048;

/** RFC 8058 one-click in a multipart body: the one field that matters, exactly. */
export const ONE_CLICK_PART = /name="List-Unsubscribe"\r?\n\r?\nOne-Click\r?\n/i;

/** How many offending fields a validation problem lists at most. */
const MAX_FIELD_ERRORS = 100;

/**
 * Builds the HTTP API, not yet listening: every route of the registry, validated by its Zod
 * schemas, guarded by its scope, answering errors as problem details. Tests drive it with
 * `inject`; `startServer` puts it on a socket.
 */
export function buildServer(options: ServerOptions): FastifyInstance {
  const clock = options.clock ?? ((): Date => new Date());
  const limits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const app = Fastify({
    // Node checks the two request timeouts on this tick; its default of 30 s would let a slow
    // client hold its connection that much longer than the limit says.
    http: {
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      connectionsCheckingInterval: Math.max(
        10,
        Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4)),
      ),
    },
    requestTimeout: limits.requestTimeoutMs,
    handlerTimeout: limits.handlerTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // A connection silent this long (a client that stopped reading its answer, say) is closed.
    connectionTimeout: limits.requestTimeoutMs + limits.handlerTimeoutMs,
    logger: options.logger === undefined ? false : loggerOptions(options.logger),
    // Fastify's own request lines carry the raw URL; these log the route pattern instead.
    logController: new SafeLogController(),
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    return503OnClosing: true,
    // Off unless configured: else any client could name its own address in X-Forwarded-For.
    trustProxy: trustProxyOption(options.trustProxy),
    // Unsubscribe tokens are longer than find-my-way's default of 100 characters.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // A request that broke off or took too long before it reached a route: a problem as well.
    clientErrorHandler: clientError,
    // Errors of the router (bad URL encoding, overlong parameters) as problems, not Fastify's
    // default body, which quotes the URL.
    frameworkErrors: (error, request, reply) => {
      void sendProblem(reply, problemFor(error, request.id));
    },
  });

  const configured = options.publicUrl;
  const all = routes();
  let document: OpenApiDocument | undefined;
  const outliving = new Set<Promise<void>>();
  const context: ServerContext = {
    db: options.store.db,
    map: options.map,
    secret: options.secret,
    signingKey: options.signingKey,
    clock,
    publicUrl: (request) => {
      const base = typeof configured === 'function' ? configured() : configured;
      return withoutTrailingSlashes(base ?? `${request.protocol}://${request.host}`);
    },
    openApi: () => (document ??= openApiDocument(all, { version: VERSION })),
    requestHooks: options.requestHooks ?? {},
    ...(options.mailLimits === undefined ? {} : { mailLimits: options.mailLimits }),
    afterResponse: (work) => {
      const tracked: Promise<void> = work
        .catch(() => undefined)
        .finally(() => outliving.delete(tracked));
      outliving.add(tracked);
    },
    storeProblem: options.store.problem ?? ((): undefined => undefined),
    siteKeys: options.siteKeys ?? new Map(),
    siteSecrets: options.siteSecrets ?? new Map(),
    brand: options.brand ?? {},
    frameAncestors: options.frameAncestors ?? [],
  };
  // After the last connection closed: what responses left behind finishes before the store closes.
  app.addHook('onClose', async () => {
    await Promise.all([...outliving]);
  });

  // The browser form and RFC 8058 one-click POSTs; text/plain is not a way to send JSON here.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    },
  );
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'string', bodyLimit: 4096 },
    (_request, body, done) => {
      // RFC 8058 allows multipart; the one field that matters is List-Unsubscribe=One-Click.
      const oneClick = ONE_CLICK_PART.test(String(body));
      done(null, oneClick ? { 'List-Unsubscribe': 'One-Click' } : {});
    },
  );

  app.setErrorHandler((error, request, reply) => {
    const problem = problemFor(error, request.id);
    if (problem.status >= 500 && !problem.code.startsWith('store.')) {
      request.log.error({ err: error }, 'request failed');
    }
    // The privacy center's people get a page they can read, in their language, never JSON.
    if (inCenter(request)) {
      const retry = retryAfterOf(error);
      if (retry !== undefined) void reply.header('retry-after', String(retry));
      return centerErrorPage(context, request, reply, error);
    }
    if (problem.code.startsWith('store.')) {
      // Expected while the store cannot work, which `serve` logs once when it starts (the store's
      // problem); each request's own line says 503, and this adds the cause at debug level.
      request.log.debug(
        storeRefusal(error, problem.code),
        'request refused: the store cannot work',
      );
    }
    const retryAfter = retryAfterOf(error);
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    inCenter(request)
      ? centerErrorPage(
          context,
          request,
          reply,
          new CustodianError('route.not_found', 'No page here.'),
        )
      : sendProblem(
          reply,
          problemFor(
            new CustodianError('route.not_found', 'No route matches this method and path.'),
            request.id,
          ),
        ),
  );

  app.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    void reply.header('x-content-type-options', 'nosniff');
    // Consent states and receipts are about people: no shared cache keeps them.
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
  app.server.maxConnections = limits.maxConnections;
  registerCors(app, all, options.corsOrigins ?? [], siteKeyOrigins(context.siteKeys));
  const principals = new WeakMap<FastifyRequest, Principal>();
  const limiter = clientRateLimiter(
    context,
    options.requestRateLimit ?? DEFAULT_REQUESTS_RATE_LIMIT,
  );
  const batches = new BatchGate();
  for (const route of all) register(app, route, context, principals, limiter, batches);
  registerConsole(app, context);
  return app;
}

function register(
  app: FastifyInstance,
  route: AnyRoute,
  context: ServerContext,
  principals: WeakMap<FastifyRequest, Principal>,
  limiter: RateLimiter,
  batches: BatchGate,
): void {
  const batchItem =
    route.batch === undefined
      ? undefined
      : batchItemSchema(route.body, route.batch.field, route.url);
  // A batch request holds its place from when it is let in (before its body is read) to when its
  // response has ended and its handler is done (batch-routes.ts).
  const tickets = new WeakMap<FastifyRequest, BatchTicket>();
  const responded = (request: FastifyRequest, _reply: unknown, done: () => void): void => {
    tickets.get(request)?.end();
    done();
  };
  const aborted = (request: FastifyRequest, done: () => void): void => {
    tickets.get(request)?.end();
    done();
  };
  app.route({
    method: route.method,
    url: route.url,
    ...(route.bodyLimit === undefined ? {} : { bodyLimit: route.bodyLimit }),
    ...(route.handlerTimeoutMs === undefined ? {} : { handlerTimeout: route.handlerTimeoutMs }),
    // Before the body is read: who is calling, may they, and is the body in a form we take.
    onRequest: async (request) => {
      if (route.rateLimited === true) await limiter(request);
      if (route.scope !== 'public') {
        const principal = await authenticate(
          context.db,
          request.headers.authorization,
          context.clock(),
        );
        if (!principal) {
          throw new CustodianError(
            'auth.unauthenticated',
            'Send a valid API key as Authorization: Bearer <key>.',
          );
        }
        if (!allows(principal.scopes, route.scope)) {
          throw new CustodianError('auth.forbidden', `This key lacks the ${route.scope} scope.`);
        }
        principals.set(request, principal);
      }
      if (route.body !== undefined) checkMediaType(route, request);
      if (batchItem !== undefined) tickets.set(request, batches.enter());
    },
    ...(batchItem === undefined ? {} : { onResponse: responded, onRequestAbort: aborted }),
    handler: async (request, reply) => {
      const work = async (): Promise<unknown> => {
        const params: unknown =
          route.params === undefined || route.paramsCheckedByHandler === true
            ? request.params
            : validate(route.params, request.params);
        const body: unknown =
          route.body === undefined || (route.bodyOptional === true && request.body === undefined)
            ? undefined
            : batchItem !== undefined && route.batch !== undefined
              ? await validateBatchBody(route.body, batchItem, route.batch.field, request.body)
              : validate(route.body, request.body);
        const query: unknown =
          route.query === undefined ? undefined : validate(route.query, request.query);
        const principal = principals.get(request);
        return route.handler({
          body,
          params,
          query,
          request,
          reply,
          context,
          actor: principal ? `api-key:${principal.keyId}` : 'public',
        });
      };
      const ticket = tickets.get(request);
      const result = ticket === undefined ? await work() : await ticket.working(work);
      if (reply.sent) return reply;
      return reply.code(route.status ?? 200).send(result);
    },
  });
}

/**
 * Answers a client error raised on the socket before any route saw the request (Node's
 * `clientError`): a request too slow to arrive (408), headers too large (431), unparsable HTTP
 * (400). Written straight to the socket as a problem, then the connection is closed.
 */
function clientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? 'request.timeout'
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? 'request.headers_too_large'
        : 'request.malformed';
  const problem = problemFor(new CustodianError(code, CLIENT_ERRORS[code] ?? ''), randomUUID());
  const body = JSON.stringify(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}\r\n` +
        `Content-Type: ${PROBLEM_MEDIA_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\nX-Request-Id: ${problem.requestId}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

const CLIENT_ERRORS: Readonly<Record<string, string>> = {
  'request.timeout': 'The request did not arrive in time; the connection is closed.',
  'request.headers_too_large': 'The request headers are too large.',
  'request.malformed': 'The request is not valid HTTP.',
};

/** Fastify's `trustProxy` for the setting: false (the connection's address) when unset. */
function trustProxyOption(trust: TrustProxy | undefined): string[] | false {
  return trust === undefined || trust === false ? false : [...trust];
}

/** What a refusal for a store failure logs: its code, and the message when Custodian wrote it. */
function storeRefusal(error: unknown, code: string): { code: string; cause?: string } {
  const failure = error instanceof CustodianError ? error : storeFailure(error);
  return failure ? { code, cause: failure.message } : { code };
}

function checkMediaType(route: AnyRoute, request: FastifyRequest): void {
  const header = request.headers['content-type'];
  const type = header?.split(';')[0]?.trim().toLowerCase() ?? '';
  const consumes: readonly string[] = route.consumes ?? (['application/json'] as MediaType[]);
  if (type === '' ? route.bodyOptional === true : consumes.includes(type)) return;
  throw new CustodianError(
    'request.unsupported_media_type',
    `Send the body as ${consumes.join(' or ')}.`,
  );
}

/** Parses a request part with its schema; a failure names the fields, never their values. */
function validate(schema: z.ZodType, value: unknown): unknown {
  // Input is reported to the formatter only, which writes its own messages without it.
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw invalid(issuesToFieldErrors(result.error.issues));
}

/** As validate, for a batch route's body: in chunks, 413 above its bound (batch-routes.ts). */
async function validateBatchBody(
  schema: z.ZodType,
  item: z.ZodType,
  field: string,
  value: unknown,
): Promise<unknown> {
  const result = await validateBatch(schema, item, field, value, MAX_FIELD_ERRORS + 1);
  if (result.ok) return result.data;
  throw invalid(result.errors, result.count);
}

function invalid(errors: readonly FieldError[], count = errors.length): CustodianError {
  return new CustodianError(
    'request.invalid',
    count > MAX_FIELD_ERRORS
      ? `The request does not match the schema of this route (${count} fields; the first ${MAX_FIELD_ERRORS} are listed).`
      : 'The request does not match the schema of this route.',
    { details: { errors: errors.slice(0, MAX_FIELD_ERRORS) } },
  );
}

/**
 * A base URL without the slashes it ends with. A loop: `/\/+$/` would rescan a Host header of
 * slashes from every position (quadratic).
 */
function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 0x2f) end -= 1;
  return url.slice(0, end);
}
