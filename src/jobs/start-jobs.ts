import type { Kysely, Transaction } from 'kysely';
import {
  fromKysely,
  fromPglite,
  PgBoss,
  type Job,
  type JobResult,
  type Queue,
  type SendOptions,
} from 'pg-boss';
import { CustodianError, FailureStreak, failureKind } from '../errors.js';
import type { Database, Store } from '../store/index.js';

/** Where the jobs runtime reports what went wrong in the background; pino's and Fastify's fit. */
export interface JobsLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface JobsOptions {
  /** Defaults to one JSON line per event on stderr. */
  readonly logger?: JobsLogger;
  /** Queues to declare at start, so later sends may run inside a transaction (see `send`). */
  readonly queues?: readonly string[];
}

/** Background errors of one kind count as one run until none came for this long. */
const QUIET_MS = 5 * 60 * 1000;

/** How a queue keeps its jobs: retries, expiry, retention (pg-boss's queue options). */
export type QueueSettings = Omit<Queue, 'name'>;

export interface SendSettings extends Omit<SendOptions, 'db'> {
  /**
   * Enqueue through this Kysely transaction: the job exists if and only if the transaction
   * commits (an outbox). The queue must have been declared first, see `Jobs.queue`.
   */
  readonly trx?: Transaction<Database> | Kysely<Database>;
}

export interface WorkSettings {
  /** How often an idle worker looks for jobs; pg-boss's default is 2 s, its minimum 0.5 s. */
  readonly pollingIntervalSeconds?: number;
  /** Workers this process runs for the queue, each handling one job at a time. */
  readonly localConcurrency?: number;
  /** Jobs a worker claims per fetch; a full batch fetches again at once instead of waiting. */
  readonly batchSize?: number;
}

/** A job as a handler receives it: its id and the data it was sent with. */
export type JobOf<T> = Pick<Job<T>, 'id' | 'name' | 'data'>;

/** The durable background jobs of one store. */
export interface Jobs {
  /** The pg-boss instance, for what this wrapper does not cover (schedules, stats). */
  readonly boss: PgBoss;
  /**
   * Creates the queue if it does not exist yet; safe to call again, from any process. Settings
   * apply when the queue is created; change an existing queue with `boss.updateQueue`.
   */
  queue(name: string, settings?: QueueSettings): Promise<void>;
  /** Stores a job; returns its id, or null when a singleton or throttle policy refused it. */
  send(queue: string, data: object, settings?: SendSettings): Promise<string | null>;
  /**
   * Runs `handler` for each job of the queue until `stop`. A job is completed when its handler
   * resolves; a handler that throws fails that job, which is retried by the queue's settings. The
   * failure is stored and logged by error name and code only, never its message's values.
   */
  work<T extends object>(
    queue: string,
    handler: (job: JobOf<T>) => Promise<void>,
    settings?: WorkSettings,
  ): Promise<void>;
  /** Waits for running handlers, stops polling and releases every timer and connection. */
  stop(): Promise<void>;
}

/**
 * Starts pg-boss on the store's database: its own pool on PostgreSQL, the store's single PGlite
 * instance when embedded. The store stays open; `stop` before closing it.
 *
 * On PGlite every statement, pg-boss's and Kysely's, takes the instance's one lock, so polling
 * waits for a running transaction to end and never runs inside it. The one way to deadlock is to
 * wait on pg-boss from inside a transaction: a `send` without `trx` would queue behind the very
 * transaction awaiting it. `send(…, { trx })` runs the insert in the transaction instead.
 */
export async function startJobs(store: Store, options: JobsOptions = {}): Promise<Jobs> {
  const logger = options.logger ?? stderrLogger;
  const boss = createBoss(store);
  // pg-boss re-emits background failures (a lost connection, a failed maintenance pass) as
  // 'error'; an EventEmitter with no listener for it would throw them out of the process.
  // A store that stays full or gone makes every poll fail (each worker every 2 s, maintenance
  // every minute): the first failure of a kind is logged, its repeats are not until the errors
  // stop for a while.
  const streak = new FailureStreak();
  let lastErrorAt = 0;
  boss.on('error', (error: unknown) => {
    const now = Date.now();
    if (now - lastErrorAt > QUIET_MS) streak.succeeded();
    lastErrorAt = now;
    const details = describeError(error, true);
    const queue = details['queue'];
    const kind = `${typeof queue === 'string' ? queue : ''}:${failureKind(error)}`;
    if (streak.failed(kind)) {
      logger.error(details, 'jobs: background error (repeats are not logged until it stops)');
    }
  });
  boss.on('warning', (warning) => {
    logger.warn({ message: warning.message }, 'jobs: warning');
  });
  await boss.start();

  // Declared queues, so a send inside a transaction never has to reach outside it for a lookup.
  const declared = new Map<string, Promise<void>>();
  const queue = (name: string, settings: QueueSettings = {}): Promise<void> => {
    let ready = declared.get(name);
    if (ready === undefined) {
      ready = (async () => {
        await boss.createQueue(name, settings);
        // createQueue empties pg-boss's cache entry for the queue; a lookup outside any
        // transaction fills it again, so a later send in a transaction finds it there.
        await boss.findJobs(name, { id: '00000000-0000-0000-0000-000000000000' });
      })();
      declared.set(name, ready);
      ready.catch(() => declared.delete(name));
    }
    return ready;
  };
  for (const name of options.queues ?? []) await queue(name);

  let stopped: Promise<void> | undefined;
  return {
    boss,
    queue,
    async send(name, data, settings = {}) {
      const { trx, ...rest } = settings;
      if (trx === undefined) {
        await queue(name);
        return boss.send(name, data, rest);
      }
      // Creating the queue here would run outside the transaction and, on PGlite, wait for it.
      if (!declared.has(name)) {
        throw new CustodianError(
          'jobs.queue_not_declared',
          'declare a queue before sending to it inside a transaction',
          { details: { queue: name } },
        );
      }
      await declared.get(name);
      return boss.send(name, data, { ...rest, db: fromKysely(trx) });
    },
    async work<T extends object>(
      name: string,
      handler: (job: JobOf<T>) => Promise<void>,
      settings: WorkSettings = {},
    ) {
      await queue(name);
      const options = {
        batchSize: 10,
        ...settings,
        burstWhenBatchFull: true,
        perJobResults: true,
      } as const;
      await boss.work<T>(name, options, async (jobs) => {
        // Settled one by one: a failing job is retried alone, its neighbours stay completed.
        const results: JobResult[] = [];
        for (const job of jobs) {
          try {
            await handler(job);
            results.push({ id: job.id, status: 'completed' });
          } catch (error) {
            const details = describeError(error);
            logger.warn({ queue: name, job: job.id, ...details }, 'jobs: job failed');
            results.push({ id: job.id, status: 'failed', output: details });
          }
        }
        return results;
      });
    },
    stop() {
      // Graceful: handlers that are running finish and complete their jobs first.
      stopped ??= boss.stop({ graceful: true, close: true });
      return stopped;
    },
  };
}

function createBoss(store: Store): PgBoss {
  if (store.kind === 'pglite') {
    if (store.pglite === undefined) throw new Error('an embedded store has its PGlite instance');
    return new PgBoss({ db: fromPglite(store.pglite), backend: 'pglite' });
  }
  if (store.url === undefined) throw new Error('a PostgreSQL store has its URL');
  return new PgBoss({ connectionString: store.url, max: 4 });
}

/**
 * What is safe to log or store of an error: its name and code. A database error's message can
 * quote a value it refused and a handler's error may come from anywhere, so a message is kept only
 * where its author promises it names no person: Custodian's own errors, and pg-boss's errors about
 * queues and workers when `trustOthers` is set.
 */
function describeError(error: unknown, trustOthers = false): Record<string, unknown> {
  if (typeof error !== 'object' || error === null) return { error: typeof error };
  const fields = error as { name?: unknown; code?: unknown; message?: unknown; queue?: unknown };
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  const fromDatabase = code !== undefined && /^[0-9A-Z]{5}$/.test(code);
  const trusted = error instanceof CustodianError || (trustOthers && !fromDatabase);
  return {
    ...(typeof fields.name === 'string' ? { name: fields.name } : {}),
    ...(code === undefined ? {} : { code }),
    ...(typeof fields.queue === 'string' ? { queue: fields.queue } : {}),
    ...(trusted && typeof fields.message === 'string' ? { message: fields.message } : {}),
  };
}

const stderrLogger: JobsLogger = {
  warn: (details, message) => {
    process.stderr.write(`${JSON.stringify({ level: 'warn', msg: message, ...details })}\n`);
  },
  error: (details, message) => {
    process.stderr.write(`${JSON.stringify({ level: 'error', msg: message, ...details })}\n`);
  },
};
