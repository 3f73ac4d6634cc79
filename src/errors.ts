/**
 * The one family of errors domain modules throw. A stable string `code` says what went wrong;
 * messages never carry personal data. HTTP statuses and exit codes are chosen at the edges.
 */
export class CustodianError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: string,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CustodianError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** The result of a validation that is expected to fail sometimes. */
export type Result<T, E> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: E };
