import { CustodianError } from '../errors.js';

/**
 * The codes of a store that cannot do its work, each answered 503 by the server and said plainly
 * by the CLI: its disk is full, its file system is read-only, its files are not ours to write, its
 * embedded instance stopped, or its server does not answer.
 */
export const STORE_FAILURES = [
  'store.disk_full',
  'store.read_only',
  'store.permission_denied',
  'store.failed',
  'store.unreachable',
] as const;

export type StoreFailureCode = (typeof STORE_FAILURES)[number];

/** PostgreSQL's SQLSTATE for "disk full" (class 53, insufficient resources); PGlite's too. */
const DISK_FULL_SQLSTATE = '53100';

/**
 * The errno numbers of PGlite's ErrnoError that say something about storage. Emscripten numbers
 * errors as WASI does (`__WASI_ERRNO_*`, a fixed ABI), not as Linux; PGlite's exported
 * `ERRNO_CODES` lists only a few others.
 */
const EMSCRIPTEN_ERRNO = new Map<number, string>([
  [2, 'EACCES'],
  [19, 'EDQUOT'],
  [29, 'EIO'],
  [44, 'ENOENT'],
  [51, 'ENOSPC'],
  [54, 'ENOTDIR'],
  [63, 'EPERM'],
  [69, 'EROFS'],
]);

/**
 * The errno name of a file system failure: a Node error's `code` (`ENOSPC`), or the number of an
 * Emscripten `ErrnoError`, which PGlite throws as a plain object (no message, `[object Object]`).
 */
export function errnoOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errno, name } = error as { code?: unknown; errno?: unknown; name?: unknown };
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
  if (name === 'ErrnoError' && typeof errno === 'number') return EMSCRIPTEN_ERRNO.get(errno);
  return undefined;
}

/** Whether `error` says the disk is full: SQLSTATE 53100, ENOSPC, or a quota reached. */
export function isDiskFull(error: unknown): boolean {
  if (error instanceof CustodianError) return error.code === 'store.disk_full';
  const errno = errnoOf(error);
  if (errno === 'ENOSPC' || errno === 'EDQUOT') return true;
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === DISK_FULL_SQLSTATE
  );
}

/**
 * The store failure `error` is, as a CustodianError with a message fit for an operator, or
 * undefined when it is something else. `mount` names the file system in a disk-full message.
 * Messages name paths and counts, never a value of a row.
 */
export function storeFailure(error: unknown, mount?: string): CustodianError | undefined {
  if (error instanceof CustodianError) {
    return (STORE_FAILURES as readonly string[]).includes(error.code) ? error : undefined;
  }
  if (isDiskFull(error)) {
    return new CustodianError(
      'store.disk_full',
      mount === undefined
        ? 'disk full: the database has no space left to write'
        : `disk full (no space left on ${mount})`,
      { cause: error },
    );
  }
  const errno = errnoOf(error);
  const file = fileOf(error);
  if (errno === 'EROFS') {
    return new CustodianError(
      'store.read_only',
      `read-only file system${file === undefined ? '' : ` (${file} cannot be written)`}`,
      { cause: error },
    );
  }
  if (errno === 'EACCES' || errno === 'EPERM') {
    return new CustodianError(
      'store.permission_denied',
      `permission denied on ${file ?? 'the data directory'}${runningAs()}`,
      { cause: error },
    );
  }
  return undefined;
}

/** The file a Node file system error names. */
export function fileOf(error: unknown): string | undefined {
  const path = (error as { path?: unknown } | null)?.path;
  return typeof path === 'string' ? path : undefined;
}

/** Who the process runs as, for a permission problem: the owner the files need. */
export function runningAs(): string {
  return typeof process.getuid === 'function' ? ` (Custodian runs as uid ${process.getuid()})` : '';
}

/**
 * A one-line description of anything thrown, for an operator: an Error's name and message, and
 * for the plain objects some libraries throw (Emscripten's ErrnoError) their name and errno
 * instead of `[object Object]`.
 */
export function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'object' && error !== null) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    const errno = errnoOf(error);
    const parts = [
      typeof name === 'string' ? name : 'error object',
      errno === undefined ? undefined : `(${errno})`,
      typeof message === 'string' && message !== '' ? `: ${message}` : undefined,
    ].filter((part) => part !== undefined);
    return parts.join(' ').replace(' :', ':');
  }
  return String(error);
}
