/**
 * The HTTP API: `/v1` JSON routes over the ledger, OpenAPI 3.1 at `/v1/openapi.json`, a docs page,
 * `/healthz`, and the public one-click unsubscribe pages.
 *
 * Route = one declaration (method, URL, Zod schemas, scope, summary) that the server registers and
 * validates with and the OpenAPI document describes. API key = `ck_<id>_<secret>`, stored as its
 * SHA-256 only; scope = what a key may do (`admin` implies all). Problem = an RFC 9457 error
 * answer, chosen in one place (errors.ts) from the error's code. Public URL = the base of links
 * the server hands out.
 */
export {
  allows,
  authenticate,
  createApiKey,
  isScope,
  listApiKeys,
  revokeApiKey,
  SCOPES,
  type ApiKeyInfo,
  type Principal,
  type Scope,
} from './api-keys.js';
export {
  buildServer,
  DEFAULT_BODY_LIMIT,
  DEFAULT_SERVER_LIMITS,
  type ServerLimits,
  type ServerOptions,
} from './build-server.js';
export {
  clientNetwork,
  DEFAULT_REQUESTS_RATE_LIMIT,
  rateLimitFromEnv,
  trustProxyFromEnv,
  type RateLimit,
  type TrustProxy,
} from './rate-limit.js';
export {
  kindOf,
  PROBLEM_BASE,
  PROBLEM_MEDIA_TYPE,
  problemFor,
  type FieldError,
  type Problem,
} from './errors.js';
export type { LogStream } from './logging.js';
export { openApiDocument, type OpenApiDocument } from './openapi.js';
export type { AnyRoute, RequestHooks, RouteSpec } from './route.js';
export { BATCH_BODY_LIMIT, routes } from './routes.js';
export {
  serverLimitsFromEnv,
  startServer,
  type RunningServer,
  type StartOptions,
} from './start-server.js';
