import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { CustodianError } from '../errors.js';
import type { DryRunOutcome } from '../execution/index.js';
import type { DataMap } from '../map/index.js';
import type { IntakeMailLimits } from '../requests/index.js';
import type { Database, SigningKey } from '../store/index.js';
import type { Scope } from './api-keys.js';
import type { OpenApiDocument } from './openapi.js';
import type { SiteKeys, SiteSecrets } from './site-keys.js';
import type { Brand } from './center-layout.js';

/** What every handler may use: the database, the map it serves, the secret and key, the clock. */
export interface ServerContext {
  readonly db: Kysely<Database>;
  readonly map: DataMap;
  readonly secret: Buffer;
  /** The key erasure certificates are signed with; its public half is served. */
  readonly signingKey: SigningKey;
  readonly clock: () => Date;
  /** The base URL people reach this server on, for links it hands out (no trailing slash). */
  readonly publicUrl: (request: FastifyRequest) => string;
  /** The OpenAPI document of every route, generated once. */
  readonly openApi: () => OpenApiDocument;
  /** What the request routes tell the rest of the process (the executor, the mailer). */
  readonly requestHooks: RequestHooks;
  /** Caps on the mail the intake sends; the defaults of src/requests when absent. */
  readonly mailLimits?: IntakeMailLimits;
  /**
   * Keeps work that outlives its response (recording a download once its body has gone out):
   * closing the server waits for it. The work reports its own errors.
   */
  readonly afterResponse: (work: Promise<void>) => void;
  /** The privacy center's look (brand name, colour, logo); the map's organisation name when absent. */
  readonly brand: Brand;
  /** Origins that may frame the center and unsubscribe pages (`CUSTODIAN_FRAME_ANCESTORS`); none when absent. */
  readonly frameAncestors?: readonly string[];
  /** Why the store cannot write now (its disk is full, its instance failed), for /healthz. */
  readonly storeProblem: () => CustodianError | undefined;
  /** The consent banner's publishable site keys and their origins (site-keys.ts). */
  readonly siteKeys: SiteKeys;
  /** The signing secrets of site keys that name accounts (account-token.ts); none by default. */
  readonly siteSecrets: SiteSecrets;
}

/** Hooks of the data-subject request routes; each optional. */
export interface RequestHooks {
  /** A request became `approved` (committed): the executor runs it (src/requests onApproved). */
  readonly onApproved?: (requestId: string) => void | Promise<void>;
  /** A mail was written to the outbox: the mailer looks at once instead of at its next tick. */
  readonly onMail?: () => void;
  /**
   * What running the request would do, changing nothing (the console's request page shows it);
   * the executor answers, with the connectors it opens. Absent: the page says it cannot show one.
   */
  readonly dryRun?: (requestId: string) => Promise<DryRunOutcome>;
  /**
   * Redacts the special-category passages of a finding of the review list in the company's
   * database (src/discovery redactFinding), with the executor's connectors and in its turn.
   * Absent: the console says to use `custodian scan redact`.
   */
  readonly redactFinding?: (findingId: string, actor: string) => Promise<void>;
}

/** What a handler receives: the validated body, path and query parameters, and who is calling. */
export interface HandlerInput<Body, Params, Query = undefined> {
  readonly body: Body;
  readonly params: Params;
  /** The validated query string; undefined on routes that declare none. */
  readonly query: Query;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly context: ServerContext;
  /** Who the evidence names: `api-key:<id>`, or `public` on routes without a key. */
  readonly actor: string;
}

export interface ResponseSpec {
  readonly description: string;
  /** The JSON body; absent for HTML and empty answers. */
  readonly schema?: z.ZodType;
  /** Defaults to application/json. */
  readonly contentType?: string;
}

/** Media types a route's body may come in. */
export type MediaType =
  'application/json' | 'application/x-www-form-urlencoded' | 'multipart/form-data';

/**
 * One route, declared once: the server registers it, validates with its schemas, checks its scope,
 * and the OpenAPI document describes it from the same declaration.
 */
export interface RouteSpec<
  BodySchema extends z.ZodType | undefined = z.ZodType | undefined,
  ParamsSchema extends z.ZodType | undefined = z.ZodType | undefined,
  QuerySchema extends z.ZodType | undefined = z.ZodType | undefined,
> {
  readonly method: 'GET' | 'POST';
  /** Fastify style: `/v1/consents/receipts/:receiptId`. */
  readonly url: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** The scope a key needs, or `public` for routes anyone may call. */
  readonly scope: Scope | 'public';
  readonly body?: BodySchema;
  readonly params?: ParamsSchema;
  /** The query string, validated like the body and documented as query parameters. */
  readonly query?: QuerySchema;
  /**
   * Counted against the per-client limit of the public intake routes (kept in the database, see
   * rate-limit.ts), so nobody can mail codes to a thousand addresses or guess codes by the million.
   */
  readonly rateLimited?: boolean;
  /**
   * The handler takes the raw path parameters and answers bad ones itself (the unsubscribe page
   * answers a mangled link with a page, not a problem); `params` then only documents them.
   */
  readonly paramsCheckedByHandler?: boolean;
  /** Media types the body may come in; application/json when absent. */
  readonly consumes?: readonly MediaType[];
  /** A body may be absent (the unsubscribe form's empty POST). */
  readonly bodyOptional?: boolean;
  /** Larger than the server's default for batch routes. */
  readonly bodyLimit?: number;
  /**
   * A batch route: `field` of the body is an array of at most MAX_BATCH items (413
   * `request.batch_too_large` above it), validated CHUNK items at a time so that validating a
   * large batch does not hold the event loop; at most MAX_BATCHES_IN_FLIGHT batch requests are
   * taken at once by one process (503 `server.busy` above it), which bounds its memory.
   */
  readonly batch?: { readonly field: string };
  /** How long the route may take to answer, when not the server's default (batch routes). */
  readonly handlerTimeoutMs?: number;
  /** The status of a success; 200 when absent. */
  readonly status?: number;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  readonly handler: (
    input: HandlerInput<
      BodySchema extends z.ZodType ? z.output<BodySchema> : undefined,
      ParamsSchema extends z.ZodType ? z.output<ParamsSchema> : Record<string, never>,
      QuerySchema extends z.ZodType ? z.output<QuerySchema> : undefined
    >,
  ) => unknown;
}

/** A route of any shape, as the registry holds it. */
export type AnyRoute = RouteSpec<
  z.ZodType | undefined,
  z.ZodType | undefined,
  z.ZodType | undefined
>;

/** Declares a route, inferring its handler's input from its schemas. */
export function defineRoute<
  BodySchema extends z.ZodType | undefined = undefined,
  ParamsSchema extends z.ZodType | undefined = undefined,
  QuerySchema extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<BodySchema, ParamsSchema, QuerySchema>): AnyRoute {
  return spec;
}
