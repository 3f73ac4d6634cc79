import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import { CustodianError } from '../errors.js';
import type { Database } from '../store/index.js';

/**
 * How long a lease lasts unless its holder renews it (a third of this, while it runs): after a
 * crash on another host, a request can be run again this long after the crash at the latest.
 */
export const RUN_LEASE_MS = 2 * 60 * 1000;

/** A claimed run of one request; `release` it when the run ends, however it ends. */
export interface RunLease {
  readonly requestId: string;
  /** Stops renewing and gives the request up, for the next run. */
  release(): Promise<void>;
}

export interface LeaseOptions {
  /** How long the lease lasts without renewal; `RUN_LEASE_MS` when absent. */
  readonly leaseMs?: number;
  /** Where a failed renewal is reported (by error name and code only). */
  readonly onError?: (error: unknown) => void;
}

/**
 * Claims the one run of a request (a job retry, a second server and an operator's
 * `requests run` could otherwise apply the same erasure side by side). The claim is one
 * conditional statement, so of two claims at once exactly one wins. A lease held by a live run
 * is refused with `execution.already_running` (409); one that lapsed, or whose holder was a
 * process on this host that no longer exists (a crash, a SIGKILL), is taken over at once.
 *
 * Leases measure whether a process is alive, not a legal period, so they use the wall clock
 * rather than the request's clock. Hosts are told apart by name (`os.hostname()`): servers that
 * share a database need distinct host names, or a live process's lease could look dead.
 */
export async function claimRun(
  db: Kysely<Database>,
  requestId: string,
  options: LeaseOptions = {},
): Promise<RunLease> {
  const leaseMs = options.leaseMs ?? RUN_LEASE_MS;
  const holder = { holder: randomUUID(), host: hostname(), pid: process.pid };
  const at = new Date();
  const lease = {
    request_id: requestId,
    ...holder,
    taken_at: at,
    expires_at: new Date(at.getTime() + leaseMs),
  };
  const taken = await db
    .insertInto('run_leases')
    .values(lease)
    .onConflict((conflict) =>
      conflict.column('request_id').doUpdateSet(lease).where('run_leases.expires_at', '<=', at),
    )
    .returning('holder')
    .executeTakeFirst();
  if (taken === undefined) {
    const current = await db
      .selectFrom('run_leases')
      .selectAll()
      .where('request_id', '=', requestId)
      .executeTakeFirst();
    const dead =
      current !== undefined && current.host === holder.host && !processAlive(current.pid);
    const takenOver =
      dead &&
      (await db
        .updateTable('run_leases')
        .set(lease)
        .where('request_id', '=', requestId)
        .where('holder', '=', current.holder)
        .executeTakeFirst());
    if (takenOver === false || takenOver.numUpdatedRows === 0n) {
      throw new CustodianError(
        'execution.already_running',
        'this request is being run by another process; it can run again once that run ends',
        {
          details: {
            requestId,
            ...(current === undefined
              ? {}
              : { leaseExpiresAt: new Date(current.expires_at).toISOString() }),
          },
        },
      );
    }
  }
  return hold(db, requestId, holder.holder, leaseMs, options.onError);
}

/** Renews the lease while the run goes on, and releases it at the end. */
function hold(
  db: Kysely<Database>,
  requestId: string,
  holder: string,
  leaseMs: number,
  onError: ((error: unknown) => void) | undefined,
): RunLease {
  let renewing: Promise<unknown> | undefined;
  const renew = (): void => {
    renewing ??= db
      .updateTable('run_leases')
      .set({ expires_at: new Date(Date.now() + leaseMs) })
      .where('request_id', '=', requestId)
      .where('holder', '=', holder)
      .execute()
      .catch((error: unknown) => onError?.(error))
      .finally(() => {
        renewing = undefined;
      });
  };
  const timer = setInterval(renew, Math.max(1000, Math.floor(leaseMs / 3)));
  timer.unref();
  let released: Promise<void> | undefined;
  return {
    requestId,
    release: () =>
      (released ??= (async () => {
        clearInterval(timer);
        await renewing;
        await db
          .deleteFrom('run_leases')
          .where('request_id', '=', requestId)
          .where('holder', '=', holder)
          .execute();
      })()),
  };
}

/** Whether a process of this host still exists (signal 0 tests without signalling). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
