import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CustodianError } from '../errors.js';
import { storeFailure } from '../store/index.js';

/**
 * The one place that turns errors into HTTP answers: RFC 9457 problem details. Domain modules throw
 * `CustodianError` with a stable code and no status; this file chooses the status. Anything it does
 * not know is a 500 that carries a request id and nothing else. A problem never carries a value the
 * client sent: fields are named by their path, and a path segment that is not a plain key (an
 * email used as a record key, say) is masked.
 */

/** Where the problem types are documented; the part after it is the error code. */
export const PROBLEM_BASE = 'https://custodian.dev/problems/';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** One offending field of a request: its JSON Pointer (RFC 6901) and what is wrong with it. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** An RFC 9457 problem details object, with Custodian's extension members. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance: string;
  /** The stable error code (`consent.unknown_purpose`), for clients that branch on it. */
  readonly code: string;
  /** The id of the request, also in the `x-request-id` header and the server log. */
  readonly requestId: string;
  readonly errors?: readonly FieldError[];
}

/** The problem document, for the OpenAPI description. */
export const ProblemSchema = z
  .object({
    type: z.string().describe('A URI naming the kind of problem.'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().describe('urn:uuid of this occurrence (the request id).'),
    code: z.string().describe('Stable error code, e.g. consent.unknown_purpose.'),
    requestId: z.string(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('The offending fields, as JSON Pointers; values are never echoed.'),
  })
  .describe('RFC 9457 problem details.');

interface Kind {
  readonly status: number;
  readonly title: string;
  /** Whether the error's own message (never personal data, by CustodianError's contract) is shown. */
  readonly detail: boolean;
  /** Seconds a client waits before trying again, sent as `Retry-After` (RFC 9110 section 10.2.3). */
  readonly retryAfter?: number;
}

const kind = (status: number, title: string, detail = true, retryAfter?: number): Kind => ({
  status,
  title,
  detail,
  ...(retryAfter === undefined ? {} : { retryAfter }),
});

/** Error codes and their HTTP meaning. Codes not listed fall back on their suffix, then 500. */
const KINDS: Readonly<Record<string, Kind>> = {
  // The server's own.
  'request.malformed': kind(400, 'Malformed request body'),
  'request.malformed_url': kind(400, 'Malformed URL'),
  'request.invalid': kind(400, 'Invalid request'),
  'request.too_large': kind(413, 'Request body too large'),
  'request.batch_too_large': kind(413, 'Batch too large'),
  'server.busy': kind(503, 'Server busy', true, 5),
  'request.timeout': kind(408, 'Request timeout'),
  'request.headers_too_large': kind(431, 'Request header fields too large'),
  'request.handler_timeout': kind(503, 'Service unavailable'),
  'request.uri_too_long': kind(414, 'URI too long'),
  'request.unsupported_media_type': kind(415, 'Unsupported media type'),
  'auth.unauthenticated': kind(401, 'Unauthenticated'),
  'auth.forbidden': kind(403, 'Forbidden'),
  'route.not_found': kind(404, 'Not found'),
  // The store cannot do its work (src/store/store-failure.ts): the operator acts, the client waits.
  'store.unreachable': kind(503, 'Service unavailable', false, 10),
  'store.disk_full': kind(503, 'Storage full', false, 60),
  'store.failed': kind(503, 'Service unavailable', false, 60),
  'store.read_only': kind(503, 'Service unavailable', false, 60),
  'store.permission_denied': kind(503, 'Service unavailable', false, 60),
  internal: kind(500, 'Internal server error', false),
  // The ledger's.
  'consent.unknown_purpose': kind(422, 'Unknown purpose'),
  'consent.not_consent_basis': kind(422, 'Purpose is not based on consent'),
  'consent.no_choices': kind(422, 'No choices given'),
  'consent.invalid_choice': kind(422, 'Invalid choice'),
  'consent.batch_too_large': kind(413, 'Batch too large'),
  'suppression.batch_too_large': kind(413, 'Batch too large'),
  'objection.not_applicable': kind(422, 'No right to object on this legal basis'),
  'suppression.no_reason': kind(422, 'Suppression needs a reason'),
  'subject.invalid': kind(400, 'Invalid subject'),
  'subject.not_found': kind(404, 'Subject not found'),
  'receipt.not_found': kind(404, 'Receipt not found'),
  'unsubscribe.invalid_token': kind(404, 'Unsubscribe link not valid'),
  'request.rate_limited': kind(429, 'Too many requests'),
  'request.mail_limited': kind(429, 'No more mail for new requests today'),
  // Data-subject requests' (src/requests).
  'request.not_found': kind(404, 'Request not found'),
  'request.type_not_granted': kind(422, 'Request type not granted by the applicable law'),
  'request.unknown_type': kind(422, 'Unknown request type'),
  'request.unknown_country': kind(422, 'Unknown country'),
  'request.invalid_email': kind(422, 'Invalid email'),
  'request.unsupported_language': kind(400, 'Unsupported language'),
  'request.invalid_text': kind(422, 'Text not accepted'),
  'request.unknown_state': kind(422, 'Unknown state'),
  'request.no_law': kind(422, 'No applicable law'),
  'request.wrong_code': kind(422, 'Wrong verification code'),
  'request.locked': kind(409, 'Request locked'),
  'request.code_expired': kind(410, 'Verification code expired'),
  'request.already_verified': kind(409, 'Request already verified'),
  'request.invalid_state': kind(409, 'Not possible in the request’s status'),
  'request.already_extended': kind(409, 'Request already extended'),
  'request.extension_too_late': kind(409, 'Too late to extend'),
  'request.not_extendable': kind(409, 'No extension allowed'),
  'request.reason_required': kind(422, 'Reason required'),
  'request.appeal_of_required': kind(422, 'An appeal names the request it appeals'),
  'request.appeal_of_unexpected': kind(422, 'Only an appeal names a request'),
  'request.not_appealable': kind(409, 'Request not appealable'),
  'request.already_appealed': kind(409, 'Request already appealed'),
  // Carrying requests out (src/execution).
  'package.not_found': kind(404, 'Package not found'),
  // RFC 9110 section 15.5.11: it was here and is not any more, on purpose (downloaded, expired).
  'package.gone': kind(410, 'Gone'),
  'package.downloading': kind(409, 'Download in progress'),
  'certificate.key_not_found': kind(404, 'No signing key yet'),
  'plan.unbreakable_cycle': kind(422, 'Erasure order cannot be resolved'),
  'plan.foreign_reference': kind(422, 'Erasure blocked by a foreign key'),
  'execution.not_runnable': kind(422, 'Request not runnable'),
  'execution.already_running': kind(409, 'Request already running'),
};

/** The HTTP status and title of an error code. */
export function kindOf(code: string): Kind {
  const known = KINDS[code];
  if (known) return known;
  if (code.endsWith('.not_found')) return kind(404, 'Not found');
  if (/\.(?:unknown|invalid)_/.test(code)) return kind(422, 'Unprocessable request');
  return KINDS['internal'] ?? kind(500, 'Internal server error', false);
}

/** Fastify's own errors: parsing, content type, size, bad URLs. Their messages are never shown. */
const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'request.malformed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request.malformed',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request.malformed',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'request.unsupported_media_type',
  FST_ERR_CTP_EMPTY_TYPE: 'request.unsupported_media_type',
  FST_ERR_BAD_URL: 'request.malformed_url',
  FST_ERR_MAX_PARAM_LENGTH: 'request.uri_too_long',
  FST_ERR_NOT_FOUND: 'route.not_found',
  // The route did not answer within its time (`handlerTimeout`): the work was too much for now.
  FST_ERR_HANDLER_TIMEOUT: 'request.handler_timeout',
};

const FASTIFY_DETAILS: Readonly<Record<string, string>> = {
  'request.malformed': 'The request body is not valid JSON.',
  'request.too_large': 'The request body exceeds the limit of this route.',
  'request.unsupported_media_type': 'Send the body as application/json.',
};

/** The code an error answers to: its own when it is a CustodianError, a mapped one for Fastify's. */
export function codeOf(error: unknown): string {
  if (error instanceof CustodianError) return error.code;
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') {
      const mapped = FASTIFY_CODES[code];
      if (mapped !== undefined) return mapped;
    }
    // A body parser that failed on its own terms (a bad form body, say).
    const status = (error as { statusCode?: unknown }).statusCode;
    if (status === 400) return 'request.malformed';
    if (status === 413) return 'request.too_large';
    if (status === 415) return 'request.unsupported_media_type';
  }
  // A database error that says the store cannot write (SQLSTATE 53100), from a path the store's
  // guard does not see (a job library's own connection).
  return storeFailure(error)?.code ?? 'internal';
}

/** The problem document for an error raised while serving `requestId`. */
export function problemFor(error: unknown, requestId: string): Problem {
  const code = codeOf(error);
  const { status, title, detail } = kindOf(code);
  const base = {
    type: `${PROBLEM_BASE}${code}`,
    title,
    status,
    instance: `urn:uuid:${requestId}`,
    code,
    requestId,
  };
  if (status >= 500) return base;
  const message =
    error instanceof CustodianError ? (detail ? error.message : undefined) : FASTIFY_DETAILS[code];
  const errors = error instanceof CustodianError ? fieldErrors(error.details['errors']) : undefined;
  return {
    ...base,
    ...(message === undefined ? {} : { detail: message }),
    ...(errors === undefined ? {} : { errors }),
  };
}

function fieldErrors(value: unknown): FieldError[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(
    (item): item is FieldError =>
      typeof item === 'object' &&
      item !== null &&
      typeof (item as FieldError).path === 'string' &&
      typeof (item as FieldError).message === 'string',
  );
}

/**
 * The seconds a refused call should wait before it tries again (`Retry-After`, RFC 9110 section
 * 10.2.3), when the error names them in `details.retryAfter`.
 */
export function retryAfterOf(error: unknown): number | undefined {
  if (!(error instanceof CustodianError)) return undefined;
  const seconds = error.details['retryAfter'];
  return typeof seconds === 'number' && Number.isSafeInteger(seconds) && seconds > 0
    ? seconds
    : undefined;
}

/** Sends a problem, with the headers its status calls for. */
export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  if (problem.status === 401) void reply.header('www-authenticate', 'Bearer realm="custodian"');
  const { retryAfter } = kindOf(problem.code);
  if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
  // Set here as well as by the server's hook: the router's own errors skip the hooks.
  void reply.header('x-request-id', problem.requestId).header('cache-control', 'no-store');
  return reply.code(problem.status).type(PROBLEM_MEDIA_TYPE).send(problem);
}

/** Sends the problem for `error` on `request`. */
export function replyWithError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
): FastifyReply {
  return sendProblem(reply, problemFor(error, request.id));
}

// ---------------------------------------------------------------------------------------------
// Validation issues, without the input.

/** A key that can be named back to the client: a schema key or a purpose id, never an address. */
export const PLAIN_KEY = /^[A-Za-z0-9][\w.-]{0,63}$/;

/** A JSON Pointer to a field; segments that could be a person's data are masked as `*`. */
export function pointer(path: readonly PropertyKey[]): string {
  return path
    .map((segment) => {
      if (typeof segment === 'number') return `/${segment}`;
      const text = typeof segment === 'string' ? segment : '*';
      return `/${PLAIN_KEY.test(text) && !text.includes('@') ? text.replace(/~/g, '~0') : '*'}`;
    })
    .join('');
}

/** Turns Zod's issues into field errors, with messages written here so no input is echoed. */
export function issuesToFieldErrors(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): FieldError[] {
  return issues.flatMap((issue) => issueToFieldErrors(issue, prefix));
}

function issueToFieldErrors(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): FieldError[] {
  const path = [...prefix, ...issue.path];
  const at = (message: string): FieldError[] => [{ path: pointer(path), message }];
  switch (issue.code) {
    case 'invalid_type':
      return at(issue.input === undefined ? 'required' : `expected ${String(issue.expected)}`);
    case 'too_big':
      return at(
        issue.origin === 'array'
          ? `at most ${String(issue.maximum)} items`
          : issue.origin === 'string'
            ? `at most ${String(issue.maximum)} characters`
            : `at most ${String(issue.maximum)}`,
      );
    case 'too_small':
      return at(
        issue.origin === 'array'
          ? `at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`
          : issue.origin === 'string'
            ? Number(issue.minimum) <= 1
              ? 'must not be empty'
              : `at least ${String(issue.minimum)} characters`
            : `at least ${String(issue.minimum)}`,
      );
    case 'invalid_format':
      // Patterns carry our own messages; other formats are named (uuid, date).
      return at(issue.format === 'regex' ? issue.message : `must be a valid ${issue.format}`);
    case 'invalid_value':
      return at(`must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`);
    case 'unrecognized_keys': {
      const named = issue.keys.filter((key) => PLAIN_KEY.test(key) && !key.includes('@'));
      return at(
        named.length === issue.keys.length
          ? `unknown field${named.length === 1 ? '' : 's'}: ${named.join(', ')}`
          : 'unknown fields',
      );
    }
    case 'invalid_key':
      return at('not a valid key here');
    case 'invalid_element':
      return at('not a valid element');
    case 'invalid_union': {
      // Report the branch the client evidently meant: the one whose keys matched.
      const meant = issue.errors.filter(
        (branch) =>
          !branch.some(
            (inner) =>
              inner.code === 'unrecognized_keys' ||
              (inner.code === 'invalid_type' && inner.input === undefined),
          ),
      );
      const only = meant.length === 1 ? meant[0] : undefined;
      return only ? issuesToFieldErrors(only, path) : at(issue.message);
    }
    case 'not_multiple_of':
      return at(`must be a multiple of ${String(issue.divisor)}`);
    case 'custom':
      return at(issue.message);
  }
}
