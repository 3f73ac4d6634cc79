/**
 * The catalog of error codes: every code a `CustodianError` may carry, with the HTTP status and
 * RFC 9457 title the server answers it with and the exit code the CLI ends with. The server
 * (src/server/errors.ts) and every CLI command read it; nothing guesses a status from a code's
 * name. docs/errors.md lists every code (test/docs holds the two together).
 */

/**
 * The exit codes of `custodian`, one meaning each (docs/cli.md):
 * - 0 `ok`: done; for `check`, no errors.
 * - 1 `findings`/`failed`: what was checked has errors (the map, the datastores, the evidence
 *   chain), or the command could not do its work because its surroundings failed (the database,
 *   the disk, a file or key that is not the database's).
 * - 2 `refused`/`usage`: the command was not taken: a usage error, bad input or configuration
 *   (a too short `CUSTODIAN_SECRET`), a request the domain refuses, a data directory in use.
 * - 3 `internal`: a bug; `CUSTODIAN_DEBUG=1` prints its stack.
 */
export const EXIT = {
  ok: 0,
  findings: 1,
  failed: 1,
  usage: 2,
  refused: 2,
  internal: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What one code means at the edges. */
export interface ErrorKind {
  /** The HTTP status of the problem the server answers with. */
  readonly status: number;
  /** The RFC 9457 `title`: the same for every occurrence of the code. */
  readonly title: string;
  /** The exit code of a CLI command the error stops. */
  readonly exit: ExitCode;
  /** False when the error's message is not shown to an API client (the operator's business). */
  readonly detail?: false;
  /** Seconds a client waits before trying again, sent as `Retry-After` (RFC 9110 section 10.2.3). */
  readonly retryAfter?: number;
}

const { failed, refused, internal } = EXIT;

/** A 4xx the client can fix, which stops a CLI command as a refusal (exit 2). */
const client = (status: number, title: string): ErrorKind => ({ status, title, exit: refused });

/** The store cannot do its work: the operator acts, an API client waits (src/store/store-failure.ts). */
const store = (title: string, retryAfter?: number): ErrorKind => ({
  status: 503,
  title,
  exit: failed,
  detail: false,
  ...(retryAfter === undefined ? {} : { retryAfter }),
});

/** A broken promise of the code itself, never of the input: 500, exit 3. */
const bug = (title: string): ErrorKind => ({
  status: 500,
  title,
  exit: internal,
  detail: false,
});

/** Every error code, by area. */
export const ERROR_CODES = {
  // The server's own.
  'request.malformed': client(400, 'Malformed request body'),
  'request.malformed_url': client(400, 'Malformed URL'),
  'request.invalid': client(400, 'Invalid request'),
  'request.too_large': client(413, 'Request body too large'),
  'request.batch_too_large': client(413, 'Batch too large'),
  'request.timeout': client(408, 'Request timeout'),
  'request.headers_too_large': client(431, 'Request header fields too large'),
  'request.uri_too_long': client(414, 'URI too long'),
  'request.unsupported_media_type': client(415, 'Unsupported media type'),
  'request.handler_timeout': { status: 503, title: 'Service unavailable', exit: failed },
  'server.busy': { status: 503, title: 'Server busy', exit: failed, retryAfter: 5 },
  'auth.unauthenticated': client(401, 'Unauthenticated'),
  'auth.forbidden': client(403, 'Forbidden'),
  'auth.unknown_scope': client(422, 'Unknown scope'),
  'staff.unknown_role': client(422, 'Unknown role'),
  'staff.bad_email': client(422, 'Invalid email'),
  'staff.weak_password': client(422, 'Password refused'),
  'staff.exists': client(409, 'User exists'),
  'staff.last_admin': client(409, 'Last admin'),
  'staff.totp_on': client(409, 'Two-step sign-in is on'),
  'site_key.unknown': client(403, 'Unknown site key'),
  'site_key.origin_not_allowed': client(403, 'Origin not allowed for this site key'),
  'account_token.invalid': client(401, 'Account token not valid'),
  'route.not_found': client(404, 'Not found'),
  internal: bug('Internal server error'),

  // Configuration: a value the operator supplies is not usable (CLI exit 2, naming the variable).
  'config.invalid': { status: 500, title: 'Invalid configuration', exit: refused, detail: false },
  'config.map_required': { status: 500, title: 'No data map', exit: refused, detail: false },
  'map.unreadable': { status: 500, title: 'Data map unreadable', exit: refused, detail: false },

  // The store (src/store).
  'store.unreachable': store('Service unavailable', 10),
  'store.disk_full': store('Storage full', 60),
  'store.failed': store('Service unavailable', 60),
  'store.read_only': store('Service unavailable', 60),
  'store.permission_denied': store('Service unavailable', 60),
  'store.migration_failed': store('Service unavailable'),
  'store.data_dir_invalid': store('Data directory unusable'),
  'store.data_dir_owner': store('Data directory unusable'),
  'store.data_dir_permissions': store('Data directory unusable'),
  'store.key_file': store('Key file unusable'),
  'store.secret_mismatch': store('Secret does not match the database'),
  'store.secret_missing': store('Secret missing'),
  'store.signing_key_mismatch': store('Signing key does not match the database'),
  'store.signing_key_missing': store('Signing key missing'),
  // Another process holds the embedded database: nothing failed, the command was not taken.
  'store.locked': { status: 503, title: 'Data directory in use', exit: refused, detail: false },
  'store.secret_invalid': { status: 500, title: 'Invalid secret', exit: refused, detail: false },
  'store.signing_key_invalid': {
    status: 500,
    title: 'Invalid signing key',
    exit: refused,
    detail: false,
  },
  'store.key_conflict': {
    status: 500,
    title: 'Key configured twice',
    exit: refused,
    detail: false,
  },
  'seal.invalid': { status: 500, title: 'Sealed data unreadable', exit: failed, detail: false },

  // The ledger (src/ledger).
  'consent.unknown_purpose': client(422, 'Unknown purpose'),
  'consent.not_consent_basis': client(422, 'Purpose is not based on consent'),
  'consent.no_choices': client(422, 'No choices given'),
  'consent.invalid_choice': client(422, 'Invalid choice'),
  'consent.batch_too_large': client(413, 'Batch too large'),
  'suppression.batch_too_large': client(413, 'Batch too large'),
  'suppression.no_reason': client(422, 'Suppression needs a reason'),
  'objection.not_applicable': client(422, 'No right to object on this legal basis'),
  'restriction.invalid_reason': client(422, 'Invalid restriction reason'),
  'subject.invalid': client(400, 'Invalid subject'),
  'subject.not_found': client(404, 'Subject not found'),
  'receipt.not_found': client(404, 'Receipt not found'),
  'unsubscribe.invalid_token': client(404, 'Unsubscribe link not valid'),
  'request.rate_limited': client(429, 'Too many requests'),
  'request.mail_limited': client(429, 'No more mail for new requests today'),

  // Data-subject requests (src/requests).
  'request.not_found': client(404, 'Request not found'),
  'request.type_not_granted': client(422, 'Request type not granted by the applicable law'),
  'request.unknown_type': client(422, 'Unknown request type'),
  'request.unsupported_language': client(400, 'Unsupported language'),
  'request.unknown_country': client(422, 'Unknown country'),
  'request.unknown_state': client(422, 'Unknown state'),
  'request.invalid_email': client(422, 'Invalid email'),
  'request.invalid_text': client(422, 'Text not accepted'),
  'request.no_law': client(422, 'No applicable law'),
  'request.wrong_code': client(422, 'Wrong verification code'),
  'request.locked': client(409, 'Request locked'),
  'request.code_expired': client(410, 'Verification code expired'),
  'request.already_verified': client(409, 'Request already verified'),
  'request.invalid_state': client(409, 'Not possible in the request’s status'),
  'request.already_extended': client(409, 'Request already extended'),
  'request.extension_too_late': client(409, 'Too late to extend'),
  'request.not_extendable': client(409, 'No extension allowed'),
  'request.reason_required': client(422, 'Reason required'),
  'request.appeal_of_required': client(422, 'An appeal names the request it appeals'),
  'request.appeal_of_unexpected': client(422, 'Only an appeal names a request'),
  'request.not_appealable': client(409, 'Request not appealable'),
  'request.already_appealed': client(409, 'Request already appealed'),

  // Carrying requests out (src/execution).
  'package.not_found': client(404, 'Package not found'),
  // RFC 9110 section 15.5.11: it was here and is not any more, on purpose (downloaded, expired).
  'package.gone': client(410, 'Gone'),
  'package.downloading': client(409, 'Download in progress'),
  'certificate.not_found': client(404, 'Certificate not found'),
  'execution.not_runnable': client(422, 'Request not runnable'),
  'execution.not_a_package': client(422, 'Request not answered with a package'),
  'execution.already_running': client(409, 'Request already running'),
  'plan.unbreakable_cycle': client(422, 'Erasure order cannot be resolved'),
  'plan.foreign_reference': client(422, 'Erasure blocked by a foreign key'),
  'plan.frozen_elsewhere': client(409, 'Plan frozen by another run'),
  'plan.search_too_deep': client(422, 'Search for the person too deep'),

  // The company's datastores (src/datastores): what the map or `--url` declares does not answer.
  'datastore.connection': client(422, 'Datastore connection not configured'),
  'datastore.unreachable': { status: 502, title: 'Datastore unreachable', exit: refused },
  'datastore.query_failed': { status: 502, title: 'Datastore query failed', exit: refused },
  'retention.already_running': client(409, 'Retention sweep already running'),
  'retention.lease_lost': client(409, 'Retention sweep taken over'),
  'retention.unsupported': client(422, 'Datastore cannot be swept'),
  'datastore.locked': { status: 503, title: 'Datastore rows locked', exit: refused },
  'datastore.timeout': { status: 504, title: 'Datastore statement timed out', exit: refused },
  'datastore.schema_changed': client(409, 'Datastore changed while read'),
  'datastore.undeclared_column': client(422, 'Column not declared'),
  'datastore.unknown_collection': client(422, 'Unknown collection'),
  'datastore.not_connected': bug('Datastore not connected'),
  'datastore.identifier': bug('Identifier cannot be quoted'),
  'datastore.match_width': bug('Match of the wrong width'),
  'datastore.change_invalid': bug('Change of the wrong shape'),

  // The review list of special categories found on arrival (src/discovery/review-list.ts).
  'special.finding_not_found': client(404, 'Finding not found'),
  'special.finding_decided': client(409, 'Finding already decided'),
  'special.not_purged': client(422, 'Field not purged'),

  // The evidence chain (src/evidence).
  'evidence.no_head': store('Evidence chain not migrated'),
  'evidence.invalid_details': bug('Evidence details not plain JSON'),
  'evidence.invalid_input': bug('Evidence record incomplete'),
  'evidence.personal_data': bug('Personal data in evidence'),
  'jobs.queue_not_declared': bug('Job queue not declared'),
} as const satisfies Readonly<Record<string, ErrorKind>>;

/** A catalogued error code: `CustodianError` takes no other. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Whether `code` is a catalogued error code. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

/** What a code means at the edges. */
export function errorKind(code: ErrorCode): ErrorKind {
  return ERROR_CODES[code];
}

/** The table of every code, as docs/errors.md carries it (test/docs compares the two). */
export function errorsTable(): string {
  const rows = Object.entries(ERROR_CODES).map(
    ([code, kind]: [string, ErrorKind]) =>
      `| \`${code}\` | ${kind.status} | ${kind.exit} | ${kind.title} |`,
  );
  return [
    '| code | HTTP status | exit code | title |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
