import type { Kysely } from 'kysely';
import type { Connector } from '../datastores/connector.js';
import { openConnector } from '../datastores/index.js';
import { CustodianError, FailureStreak } from '../errors.js';
import type { Jobs, JobsLogger } from '../jobs/index.js';
import type { DataMap } from '../map/index.js';
import { startPeriodic } from '../periodic.js';
import type { Database } from '../store/index.js';
import { scanArrivals, type ArrivalsReport } from './arrivals.js';
import { purgedFields } from './review-list.js';

/** The pg-boss queue of on-arrival scans: one job waiting or running at a time, across servers. */
export const ARRIVALS_QUEUE = 'special.arrivals';

/** How often `custodian serve` scans new rows of purged fields; `CUSTODIAN_ARRIVALS_EVERY` (s). */
export const ARRIVALS_EVERY_MS = 10 * 60 * 1000;

/**
 * `exclusive` with one singleton key: a tick while a pass waits or runs adds nothing, so passes
 * never overlap, in this process or another. A failed pass is not retried: the next tick is one.
 */
const QUEUE_SETTINGS = {
  policy: 'exclusive',
  retryLimit: 0,
  expireInSeconds: 60 * 60,
} as const;

export interface ArrivalScansOptions {
  readonly jobs: Jobs;
  readonly db: Kysely<Database>;
  readonly map: DataMap;
  /** Where relative PGlite data directories of the map's datastores are found. */
  readonly mapDir: string;
  /** Where the datastores' connection secrets are; `process.env` when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly now?: () => Date;
  /** Between passes; ARRIVALS_EVERY_MS by default. */
  readonly intervalMs?: number;
  readonly logger?: JobsLogger & { info?(details: object, message: string): void };
  /**
   * Runs a pass in turn with other work on the same connectors (the request runner's turn): an
   * embedded (PGlite) datastore must not be opened twice at once.
   */
  readonly inTurn?: <T>(work: () => Promise<T>) => Promise<T>;
  /** After each pass, with its report (tests, the console). */
  readonly onPass?: (report: ArrivalsReport) => void;
  /** How often the idle worker looks for the job, in seconds; 2 by default. */
  readonly pollingIntervalSeconds?: number;
}

/**
 * Starts the on-arrival scans of `specialCategories: purge` in a server process: every
 * `intervalMs` a job is queued, and the worker runs one `scanArrivals` pass with connectors opened
 * for it, to the purged fields' datastores only. Nothing starts when no field is purged. A
 * datastore that fails is logged when it starts failing and when it works again, by code.
 */
export async function startArrivalScans(
  options: ArrivalScansOptions,
): Promise<{ stop: () => Promise<void> }> {
  const fields = purgedFields(options.map);
  if (fields.length === 0) return { stop: () => Promise.resolve() };
  const { jobs, db, map, logger } = options;
  const now = options.now ?? ((): Date => new Date());
  const streak = new FailureStreak();
  const inTurn = options.inTurn ?? (<T>(work: () => Promise<T>): Promise<T> => work());
  const stores = [...new Set(fields.map((at) => at.datastore))];
  await jobs.queue(ARRIVALS_QUEUE, QUEUE_SETTINGS);
  await jobs.work(
    ARRIVALS_QUEUE,
    async () => {
      const report = await inTurn(async () => {
        const connectors = new Map<string, Connector>();
        try {
          for (const datastore of stores) {
            connectors.set(
              datastore.id,
              await openConnector(datastore, {
                mapDir: options.mapDir,
                ...(options.env === undefined ? {} : { env: options.env }),
              }),
            );
          }
          return await scanArrivals({ db, map, connectors, now, actor: 'system' });
        } finally {
          for (const connector of connectors.values()) await connector.close();
        }
      });
      const failed = report.fields.filter((field) => field.error !== undefined);
      const kind = failed.map((field) => `${field.datastore}:${field.error?.code ?? ''}`).join(',');
      if (failed.length === 0) {
        if (streak.succeeded() > 0) logger?.info?.({}, 'special: arrival scans work again');
      } else if (streak.failed(kind)) {
        logger?.error(
          {
            fields: failed.map((field) => ({
              datastore: field.datastore,
              collection: field.collection,
              field: field.field,
              code: field.error?.code,
            })),
          },
          'special: arrival scan failed (repeats are not logged until it works again)',
        );
      }
      const found = report.fields.reduce((sum, field) => sum + field.found, 0);
      if (found > 0) {
        logger?.info?.(
          {
            found,
            redacted: report.fields.reduce((sum, field) => sum + field.redacted, 0),
          },
          'special: special categories found on arrival; see custodian scan review',
        );
      }
      options.onPass?.(report);
    },
    {
      localConcurrency: 1,
      batchSize: 1,
      ...(options.pollingIntervalSeconds === undefined
        ? {}
        : { pollingIntervalSeconds: options.pollingIntervalSeconds }),
    },
  );
  const ticks = startPeriodic(
    () => jobs.send(ARRIVALS_QUEUE, {}, { singletonKey: ARRIVALS_QUEUE }),
    options.intervalMs ?? ARRIVALS_EVERY_MS,
    {
      onError: (error) => {
        if (streak.failed('send')) {
          logger?.error(
            { name: error instanceof Error ? error.name : typeof error },
            'special: arrival scan could not be queued',
          );
        }
      },
    },
  );
  return { stop: () => ticks.stop() };
}

/** `CUSTODIAN_ARRIVALS_EVERY`: seconds between passes (1 to 86400), or the default when unset. */
export function arrivalsInterval(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env['CUSTODIAN_ARRIVALS_EVERY'];
  if (raw === undefined || raw === '') return ARRIVALS_EVERY_MS;
  const seconds = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(seconds >= 1 && seconds <= 86_400)) {
    throw new CustodianError(
      'config.invalid',
      'CUSTODIAN_ARRIVALS_EVERY must be a whole number of seconds from 1 to 86400',
      { details: { variable: 'CUSTODIAN_ARRIVALS_EVERY' } },
    );
  }
  return seconds * 1000;
}
