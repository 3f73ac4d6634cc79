import type { Kysely } from 'kysely';
import { CustodianError } from '../errors.js';
import type { Connector } from '../datastores/index.js';
import type { Jobs, JobsLogger } from '../jobs/index.js';
import type { DataMap } from '../map/index.js';
import type { Database } from '../store/index.js';
import { ownRecordsSweep } from './own-records-hook.js';
import type { SweepReport } from './report.js';
import { sweepRetention } from './sweep.js';

/** The pg-boss queue the scheduled sweeps run from. */
export const SWEEP_QUEUE = 'retention.sweep';

/** Daily at 03:00 UTC, when most shops are quiet. */
export const DEFAULT_SWEEP_SCHEDULE = '0 3 * * *';

/**
 * How the queue keeps its jobs: one waiting or running at a time (`singleton`); a failed sweep
 * (the store down) is tried again twice, ten minutes apart, and a sweep whose server died is
 * taken up by another after its heartbeat stops. A sweep of large tables may take hours.
 */
const QUEUE_SETTINGS = {
  policy: 'singleton',
  retryLimit: 2,
  retryDelay: 600,
  heartbeatSeconds: 60,
  expireInSeconds: 12 * 60 * 60,
} as const;

export interface RetentionScheduleOptions {
  readonly jobs: Jobs;
  readonly db: Kysely<Database>;
  readonly map: DataMap;
  readonly secret: Buffer;
  /** A cron expression (UTC), or `off`. */
  readonly schedule: string;
  /** Opens the datastores for one sweep, in the executor's turn (`RequestRunner.inTurn`). */
  readonly withConnectors: <T>(
    work: (connectors: ReadonlyMap<string, Connector>) => Promise<T>,
  ) => Promise<T>;
  readonly logger?: JobsLogger;
  /** Called with each finished sweep's report (counts only): the server logs it. */
  readonly onSwept?: (report: SweepReport) => void;
}

/**
 * The daily retention sweep of `serve` (GDPR Art. 5(1)(e)): a pg-boss schedule sends a job to
 * SWEEP_QUEUE at each occurrence (one job for occurrences missed while no server ran), and a worker
 * of whichever server takes it runs `sweepRetention` with Custodian's own records. The schedule
 * lives in the store, so servers sharing a database sweep once, not once each; a sweep already
 * running elsewhere makes the job a no-op. `off` removes the schedule.
 */
export async function startRetentionSchedule(options: RetentionScheduleOptions): Promise<void> {
  const { jobs } = options;
  await jobs.queue(SWEEP_QUEUE, QUEUE_SETTINGS);
  if (options.schedule === 'off') {
    await jobs.boss.unschedule(SWEEP_QUEUE);
    return;
  }
  await jobs.boss.schedule(SWEEP_QUEUE, options.schedule, {}, { tz: 'UTC', missed: 'once' });
  await jobs.work(
    SWEEP_QUEUE,
    async () => {
      try {
        const report = await options.withConnectors((connectors) =>
          sweepRetention({
            db: options.db,
            secret: options.secret,
            map: options.map,
            connectors,
            now: new Date(),
            actor: 'system',
            trigger: 'schedule',
            ownRecords: ownRecordsSweep(options.db, options.map, 'system'),
          }),
        );
        options.onSwept?.(report);
      } catch (error) {
        if (error instanceof CustodianError && error.code === 'retention.already_running') {
          options.logger?.warn(
            { queue: SWEEP_QUEUE, code: error.code },
            'retention: a sweep is already running; this one is skipped',
          );
          return;
        }
        throw error;
      }
    },
    { localConcurrency: 1, batchSize: 1 },
  );
}

/** The schedule from the environment: `CUSTODIAN_RETENTION_SCHEDULE`, a cron expression or `off`. */
export function sweepScheduleFromEnv(env: Readonly<Record<string, string | undefined>>): string {
  const value = env['CUSTODIAN_RETENTION_SCHEDULE']?.trim();
  if (value === undefined || value === '') return DEFAULT_SWEEP_SCHEDULE;
  if (value === 'off') return value;
  const fields = value.split(/\s+/);
  if (
    value.length > 100 ||
    fields.length !== 5 ||
    !fields.every((field) => CRON_FIELD.test(field))
  ) {
    throw new CustodianError(
      'config.invalid',
      'CUSTODIAN_RETENTION_SCHEDULE must be a cron expression of five fields (minute hour day month weekday, in UTC, e.g. "0 3 * * *") or "off"',
    );
  }
  return value;
}

/** One field of a cron expression: digits, `*`, lists, ranges and steps. */
const CRON_FIELD = /^[\d*,/-]+$/;
