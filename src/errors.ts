import { ERROR_CODES, EXIT, type ErrorCode, type ExitCode } from './error-codes.js';

export { ERROR_CODES, EXIT, isErrorCode, type ErrorCode, type ExitCode } from './error-codes.js';

/**
 * The one family of errors domain modules throw. A stable `code` from the catalog
 * (src/error-codes.ts) says what went wrong; messages never carry personal data. The catalog gives
 * each code its HTTP status and exit code, which the edges read.
 */
export class CustodianError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CustodianError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

/**
 * The exit code a CLI command ends with when `error` stops it: the catalog's for a
 * `CustodianError`, else 3 (an internal error: a bug).
 */
export function exitCodeOf(error: unknown): ExitCode {
  return error instanceof CustodianError ? ERROR_CODES[error.code].exit : EXIT.internal;
}

/** The result of a validation that is expected to fail sometimes. */
export type Result<T, E> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: E };

/**
 * When a background loop that keeps retrying should log: the first failure of a run, a failure of
 * another kind, and the recovery, never each repeat. A loop whose store stays full for an hour
 * logs two lines, not one every poll.
 */
export class FailureStreak {
  #kind: string | undefined;
  #count = 0;

  /** Records a failure of `kind` (an error's code); true when it is worth a log line. */
  failed(kind: string): boolean {
    this.#count++;
    if (kind === this.#kind) return false;
    this.#kind = kind;
    return true;
  }

  /** Records a success; returns how many failures it ends (log the recovery when more than 0). */
  succeeded(): number {
    const ended = this.#count;
    this.#kind = undefined;
    this.#count = 0;
    return ended;
  }

  /** Failures since the last success. */
  get count(): number {
    return this.#count;
  }
}

/** The kind of a thrown value for a FailureStreak: its code, else its name, never its message. */
export function failureKind(error: unknown): string {
  if (typeof error !== 'object' || error === null) return typeof error;
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (typeof code === 'string') return code;
  return typeof name === 'string' ? name : 'error';
}
