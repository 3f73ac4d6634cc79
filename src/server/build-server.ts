import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { CustodianError } from '../errors.js';
import type { DataMap } from '../map/index.js';
import type { SigningKey, Store } from '../store/index.js';
import { allows, authenticate, type Principal } from './api-keys.js';
import { registerCors } from './cors.js';
import { issuesToFieldErrors, problemFor, sendProblem } from './errors.js';
import { loggerOptions, SafeLogController, type LogStream } from './logging.js';
import { openApiDocument, type OpenApiDocument } from './openapi.js';
import {
  DEFAULT_REQUESTS_RATE_LIMIT,
  registerRateLimit,
  type RateLimit,
  type RateLimiter,
} from './rate-limit.js';
import type { AnyRoute, MediaType, RequestHooks, ServerContext } from './route.js';
import { routes } from './routes.js';

export interface ServerOptions {
  readonly store: Pick<Store, 'db'>;
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
   * `startServer` passes `CUSTODIAN_RATE_LIMIT`. Ten a minute by default.
   */
  readonly requestRateLimit?: RateLimit | false;
  /** Hooks of the request routes: the executor (`onApproved`) and the mailer (`onMail`). */
  readonly requestHooks?: RequestHooks;
  /**
   * Origins whose browsers may call keyed routes (`*` for any); public routes answer every
   * origin. `startServer` passes `CUSTODIAN_CORS_ORIGINS`.
   */
  readonly corsOrigins?: readonly string[];
}

/** The package version, for the OpenAPI document. */
const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string })
  .version;

/** 1 MiB: ordinary requests are small; batch checks declare more. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** How many offending fields a validation problem lists at most. */
const MAX_FIELD_ERRORS = 100;

/**
 * Builds the HTTP API, not yet listening: every route of the registry, validated by its Zod
 * schemas, guarded by its scope, answering errors as problem details. Tests drive it with
 * `inject`; `startServer` puts it on a socket.
 */
export function buildServer(options: ServerOptions): FastifyInstance {
  const clock = options.clock ?? ((): Date => new Date());
  const app = Fastify({
    logger: options.logger === undefined ? false : loggerOptions(options.logger),
    // Fastify's own request lines carry the raw URL; these log the route pattern instead.
    logController: new SafeLogController(),
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    return503OnClosing: true,
    // Unsubscribe tokens are longer than find-my-way's default of 100 characters.
    routerOptions: { maxParamLength: 2048 },
    // Errors of the router (bad URL encoding, overlong parameters) as problems, not Fastify's
    // default body, which quotes the URL.
    frameworkErrors: (error, request, reply) => {
      void sendProblem(reply, problemFor(error, request.id));
    },
  });

  const configured = options.publicUrl;
  const all = routes();
  let document: OpenApiDocument | undefined;
  const context: ServerContext = {
    db: options.store.db,
    map: options.map,
    secret: options.secret,
    signingKey: options.signingKey,
    clock,
    publicUrl: (request) => {
      const base = typeof configured === 'function' ? configured() : configured;
      return (base ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
    },
    openApi: () => (document ??= openApiDocument(all, { version: VERSION })),
    requestHooks: options.requestHooks ?? {},
  };

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
      const oneClick = /name="List-Unsubscribe"\r?\n\r?\nOne-Click\r?\n/i.test(String(body));
      done(null, oneClick ? { 'List-Unsubscribe': 'One-Click' } : {});
    },
  );

  app.setErrorHandler((error, request, reply) => {
    const problem = problemFor(error, request.id);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
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
  registerCors(app, all, options.corsOrigins ?? []);
  const principals = new WeakMap<FastifyRequest, Principal>();
  const limiter = registerRateLimit(app, options.requestRateLimit ?? DEFAULT_REQUESTS_RATE_LIMIT);
  for (const route of all) register(app, route, context, principals, limiter);
  return app;
}

function register(
  app: FastifyInstance,
  route: AnyRoute,
  context: ServerContext,
  principals: WeakMap<FastifyRequest, Principal>,
  limiter: RateLimiter,
): void {
  app.route({
    method: route.method,
    url: route.url,
    ...(route.bodyLimit === undefined ? {} : { bodyLimit: route.bodyLimit }),
    // Before the body is read: who is calling, may they, and is the body in a form we take.
    onRequest: async (request, reply) => {
      if (route.rateLimited === true) await limiter(request, reply);
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
    },
    handler: async (request, reply) => {
      const params: unknown =
        route.params === undefined || route.paramsCheckedByHandler === true
          ? request.params
          : validate(route.params, request.params);
      const body: unknown =
        route.body === undefined || (route.bodyOptional === true && request.body === undefined)
          ? undefined
          : validate(route.body, request.body);
      const query: unknown =
        route.query === undefined ? undefined : validate(route.query, request.query);
      const principal = principals.get(request);
      const result: unknown = await route.handler({
        body,
        params,
        query,
        request,
        reply,
        context,
        actor: principal ? `api-key:${principal.keyId}` : 'public',
      });
      if (reply.sent) return reply;
      return reply.code(route.status ?? 200).send(result);
    },
  });
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
  const errors = issuesToFieldErrors(result.error.issues);
  throw new CustodianError(
    'request.invalid',
    errors.length > MAX_FIELD_ERRORS
      ? `The request does not match the schema of this route (${errors.length} fields; the first ${MAX_FIELD_ERRORS} are listed).`
      : 'The request does not match the schema of this route.',
    { details: { errors: errors.slice(0, MAX_FIELD_ERRORS) } },
  );
}
