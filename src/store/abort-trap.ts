import type { Extension } from '@electric-sql/pglite';

/**
 * A PGlite extension that stops the embedded instance for good at its first abort, instead of
 * letting it spin.
 *
 * Why: PostgreSQL answers some failures with PANIC, which in a server ends the backend and makes
 * the postmaster restart. The one that matters here: a commit that needs a new 16 MiB write-ahead
 * log segment on a disk without room (`could not write to file "pg_wal/xlogtemp…": No space left
 * on device`, raised inside XLogFlush's critical section). In PGlite a PANIC calls Emscripten's
 * `abort()`, which throws a RuntimeError out of the WebAssembly; PGlite 0.5's
 * `execProtocolRawSync` catches every exception of `_PostgresMainLoopOnce` and calls it again
 * while protocol input is left. PostgreSQL then resumes the half-done commit ("CommitTransaction
 * while in COMMIT state") with WALWriteLock still held by the aborted flush, and XLogFlush's
 * `for (;;)` loop, whose LWLockAcquireOrWait never waits in a single process, spins forever: 100%
 * CPU on the main thread, no JavaScript runs again (no timer, no request, no signal handler).
 *
 * The trap sees the abort through Emscripten's `onAbort` hook, before the exception leaves the
 * WebAssembly, and replaces every export of the module (and `stackRestore`, which PGlite calls
 * first in its catch) with a function that throws `failure()`. The exception then leaves
 * PGlite's loop, the query rejects, and no later call (a query, pg-boss polling, `close`) enters
 * the broken instance again. Committed data is safe: it is in the write-ahead log, which the next
 * start replays.
 */
export function abortTrap(onAbort: (what: unknown) => Error): Extension {
  return {
    name: 'custodian-abort-trap',
    setup: (_pg, emscriptenOpts: EmscriptenOptions) => {
      let module: Record<string, unknown> | undefined;
      return Promise.resolve({
        emscriptenOpts: {
          ...emscriptenOpts,
          preRun: [
            ...(emscriptenOpts.preRun ?? []),
            (mod: Record<string, unknown>) => {
              module = mod;
            },
          ],
          onAbort: (what: unknown) => {
            const failure = onAbort(what);
            const refuse = (): never => {
              throw failure;
            };
            if (module === undefined) return;
            for (const [key, value] of Object.entries(module)) {
              if (key.startsWith('_') && typeof value === 'function') module[key] = refuse;
            }
            module['stackRestore'] = refuse;
          },
        },
      });
    },
  };
}

/** The part of Emscripten's module options the trap touches. */
interface EmscriptenOptions {
  readonly preRun?: readonly ((mod: Record<string, unknown>) => void)[];
  readonly [key: string]: unknown;
}
