import type { Kysely } from 'kysely';
import { CustodianError } from '../errors.js';
import type { Jobs, JobsLogger } from '../jobs/index.js';
import type { DataMap } from '../map/index.js';
import type { Database, SigningKey } from '../store/index.js';
import { withConnectors } from './open-connectors.js';
import type { Connector } from '../datastores/connector.js';
import { runRequest, type RunOutcome } from './run-request.js';

/** The pg-boss queue approved requests wait in for the executor. */
export const RUN_QUEUE = 'requests.run';

/**
 * How the queue keeps its jobs. `exclusive` with the request id as singleton key: one job per
 * request, waiting or running, however often it is enqueued. A failed run is retried five times,
 * at least 30 s, 1, 2, 4 and 8 minutes apart (up to twice that, with jitter): a datastore that was
 * down for a moment does not need an operator. The worker beats every 30 s: the job of a server
 * that died is retried within two minutes of its last beat (pg-boss supervises every minute), by
 * whichever server is up. An erasure of large tables can take long, so a job counts as stuck only
 * after four hours; the run lease keeps a retry from overlapping a run that is slow, not dead.
 */
const QUEUE_SETTINGS = {
  policy: 'exclusive',
  retryLimit: 5,
  retryDelay: 30,
  retryBackoff: true,
  retryDelayMax: 30 * 60,
  heartbeatSeconds: 60,
  expireInSeconds: 4 * 60 * 60,
} as const;

/** Codes that mean there is nothing (left) to run: the job is done, not retried. */
const NOTHING_TO_RUN: readonly string[] = [
  // Completed, denied, or finished by another run meanwhile.
  'request.invalid_state',
  'request.not_found',
  // An appeal is answered by an operator.
  'execution.not_runnable',
];

export interface RequestRunnerOptions {
  readonly jobs: Jobs;
  readonly db: Kysely<Database>;
  readonly map: DataMap;
  /** Where relative PGlite data directories of the map's datastores are found. */
  readonly mapDir: string;
  /** Where the datastores' connection secrets are; `process.env` when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly secret: Buffer;
  /** Signs erasure certificates. */
  readonly signingKey: SigningKey;
  readonly now?: () => Date;
  /** The base URL of download links the person is mailed. */
  readonly publicUrl?: string;
  readonly logger?: JobsLogger;
  /** Called after each run, however it ended: the mailer sends the completion mail at once. */
  readonly onRun?: () => void;
  /** How often the idle worker looks for jobs, in seconds; 2 by default. */
  readonly pollingIntervalSeconds?: number;
}

/** The executor of a server process: approved requests go in, runs come out. */
export interface RequestRunner {
  /** Enqueues a run of a request (durably: it survives a restart); again is a no-op. */
  enqueue(requestId: string): Promise<void>;
  /**
   * What a run of the request would do, changing nothing (the console's request page), with
   * connectors of its own. Never beside a run of this process: while one runs, or another dry
   * run, it is refused at once with `server.busy` rather than waiting behind an erasure.
   */
  dryRun(requestId: string): Promise<DryRunOutcome>;
  /**
   * Runs other work that opens the datastores (a retention sweep) in the executor's turn: never
   * beside a run, which could open the same embedded datastore twice.
   */
  inTurn<T>(work: () => Promise<T>): Promise<T>;
}

/** The answer of a dry run. */
export type DryRunOutcome = Extract<RunOutcome, { dryRun: true }>;

/**
 * One holder at a time of this process's connectors: a run waits for its turn, a dry run takes
 * it only when nobody holds it or waits.
 */
class Turn {
  private tail: Promise<void> = Promise.resolve();
  private holders = 0;

  async take<T>(work: () => Promise<T>): Promise<T> {
    this.holders += 1;
    const before = this.tail;
    let done = (): void => undefined;
    this.tail = new Promise((resolve) => {
      done = resolve;
    });
    try {
      await before;
      return await work();
    } finally {
      this.holders -= 1;
      done();
    }
  }

  takeIfFree<T>(work: () => Promise<T>): Promise<T> | undefined {
    return this.holders === 0 ? this.take(work) : undefined;
  }
}

/**
 * Starts running approved requests in the background of this process, from a durable job queue:
 * the approving HTTP call only enqueues and answers at once, the worker runs the request with
 * connectors opened for the run, and a failed run is retried with backoff (the request is
 * `failed` meanwhile, and after the last retry stays so until an operator runs
 * `custodian requests run`). Requests approved or left running while no server listened (a
 * crash, a stop) are enqueued at start.
 *
 * One run at a time in this process: two runs could open the same embedded (PGlite) datastore
 * twice, which PGlite does not survive. Across processes, the run lease keeps runs of the same
 * request apart.
 */
export async function startRequestRunner(options: RequestRunnerOptions): Promise<RequestRunner> {
  const { jobs, db, map, mapDir, secret, signingKey } = options;
  const now = options.now ?? ((): Date => new Date());
  const turn = new Turn();
  const withOpen = <T>(work: (connectors: ReadonlyMap<string, Connector>) => Promise<T>) =>
    withConnectors(map, mapDir, work, options.env);
  await jobs.queue(RUN_QUEUE, QUEUE_SETTINGS);
  await jobs.work<{ requestId?: unknown }>(
    RUN_QUEUE,
    async (job) => {
      const requestId = job.data.requestId;
      if (typeof requestId !== 'string') return;
      try {
        await turn.take(() =>
          withOpen(async (connectors) => {
            await runRequest(
              { db, map, secret, signingKey, now, actor: 'system', connectors },
              requestId,
              options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl },
            );
          }),
        );
      } catch (error) {
        if (error instanceof CustodianError && NOTHING_TO_RUN.includes(error.code)) {
          options.logger?.warn(
            { queue: RUN_QUEUE, job: job.id, requestId, code: error.code },
            'requests: nothing to run',
          );
          return;
        }
        // Retried by the queue's settings; `execution.already_running` too, as the other run
        // may yet fail.
        throw error;
      } finally {
        options.onRun?.();
      }
    },
    {
      localConcurrency: 1,
      batchSize: 1,
      ...(options.pollingIntervalSeconds === undefined
        ? {}
        : { pollingIntervalSeconds: options.pollingIntervalSeconds }),
    },
  );
  const enqueue = async (requestId: string): Promise<void> => {
    await jobs.send(RUN_QUEUE, { requestId }, { singletonKey: requestId });
  };
  const waiting = await db
    .selectFrom('requests')
    .leftJoin('run_leases', 'run_leases.request_id', 'requests.id')
    .select('requests.id')
    .where('requests.status', 'in', ['approved', 'running'])
    .where((eb) =>
      eb.or([
        eb('run_leases.expires_at', 'is', null),
        // Leases run on the wall clock (src/execution/run-lease.ts).
        eb('run_leases.expires_at', '<=', new Date()),
      ]),
    )
    .execute();
  for (const { id } of waiting) await enqueue(id);
  const dryRun = async (requestId: string): Promise<DryRunOutcome> => {
    const outcome = turn.takeIfFree(() =>
      withOpen((connectors) =>
        runRequest({ db, map, secret, signingKey, now, actor: 'system', connectors }, requestId, {
          dryRun: true,
        }),
      ),
    );
    if (outcome === undefined) {
      throw new CustodianError(
        'server.busy',
        'the executor is running a request; the plan can be shown in a moment',
      );
    }
    const answer = await outcome;
    if (!answer.dryRun) throw new Error('a dry run answers with a plan');
    return answer;
  };
  return { enqueue, dryRun, inTurn: (work) => turn.take(work) };
}
