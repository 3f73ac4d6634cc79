import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUN_QUEUE, startRequestRunner } from '../../src/execution/index.js';
import { startJobs, type Jobs, type JobsLogger } from '../../src/jobs/index.js';
import type { DataMap } from '../../src/map/index.js';
import { getRequest, openRequest } from '../../src/requests/index.js';
import { harness, layouts, type Harness } from './harness.js';

/**
 * The executor of `custodian serve`: approved requests wait in a durable queue and a worker of
 * the server runs them; a run that fails leaves the request `failed` for a retry, or for the
 * operator's `requests run`.
 */

const ANA = 'ana@example.com';

/** Polls until the request has the status, or fails after `ms`. */
async function statusOf(h: Harness, id: string, wanted: string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const { status } = await getRequest(h.store.db, id);
    if (status === wanted) return;
    if (Date.now() > until) throw new Error(`request ${id} is ${status}, not ${wanted}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function recordingLogger(): JobsLogger & { readonly lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return {
    lines,
    warn: (details, message) => lines.push({ ...details, logged: message }),
    error: (details, message) => lines.push({ ...details, logged: message }),
  };
}

const stores = [...new Map(layouts().map((l) => [l.layout.shop === 'postgres', l])).values()];

describe.each(stores)('the request runner: $name', ({ layout }) => {
  let h: Harness;
  let jobs: Jobs;
  let logger: ReturnType<typeof recordingLogger>;

  beforeEach(async () => {
    h = await harness(layout);
    logger = recordingLogger();
    jobs = await startJobs(h.store, { logger });
  }, 120_000);

  afterEach(async () => {
    await jobs.stop();
    await h.close();
  });

  const start = (map: DataMap = h.map, onRun?: () => void) =>
    startRequestRunner({
      jobs,
      db: h.store.db,
      map,
      mapDir: '/',
      env: h.shop.env,
      secret: h.secret,
      signingKey: h.signingKey,
      logger,
      pollingIntervalSeconds: 0.5,
      ...(onRun === undefined ? {} : { onRun }),
    });

  const runs = async (id: string): Promise<number> =>
    (
      await h.store.db
        .selectFrom('request_events')
        .select('id')
        .where('request_id', '=', id)
        .where('kind', '=', 'running')
        .execute()
    ).length;

  it('runs requests approved before it started, and each request once however often enqueued', async () => {
    // Approved while no server listened: found at start.
    const waiting = await h.open('access', ANA);
    let ran = 0;
    const runner = await start(h.map, () => (ran += 1));
    const fresh = await h.open('objection', ANA);
    await Promise.all([runner.enqueue(fresh), runner.enqueue(fresh), runner.enqueue(fresh)]);
    await statusOf(h, waiting, 'completed');
    await statusOf(h, fresh, 'completed');
    expect(await runs(waiting)).toBe(1);
    expect(await runs(fresh)).toBe(1);
    // Enqueued again after it completed: there is nothing left to run, and the job ends.
    await runner.enqueue(fresh);
    const settled = Date.now() + 20_000;
    while (ran < 3 && Date.now() < settled) await new Promise((r) => setTimeout(r, 100));
    expect(ran).toBe(3);
    expect(await runs(fresh)).toBe(1);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ requestId: fresh, code: 'request.invalid_state' }),
    );
  });

  it('answers a dry run with the plan, changing nothing, and refuses one beside another', async () => {
    const runner = await start();
    const { requestId } = await openRequest(h.store.db, h.requests, {
      type: 'erasure',
      email: ANA,
      country: 'BE',
      operator: true,
    });
    // The first holds this process's connectors; the second is refused at once, not queued.
    const first = runner.dryRun(requestId);
    await expect(runner.dryRun(requestId)).rejects.toMatchObject({ code: 'server.busy' });
    const plan = await first;
    expect(plan.collections).toContainEqual(
      expect.objectContaining({ collection: 'customers', found: 1, op: 'delete' }),
    );
    expect(plan.holds).toContainEqual(expect.objectContaining({ collection: 'invoices' }));
    expect((await getRequest(h.store.db, requestId)).status).toBe('awaiting-approval');
    // Free again once it answered.
    await expect(runner.dryRun(requestId)).resolves.toMatchObject({ dryRun: true });
  });

  it('marks a run that fails as failed, keeps its job for a retry, and reruns by hand', async () => {
    // A declaration that names a table the database does not have: the search fails.
    const broken: DataMap = {
      ...h.map,
      datastores: h.map.datastores.map((datastore) =>
        datastore.id === 'newsletter'
          ? {
              ...datastore,
              collections: datastore.collections.map((collection) =>
                collection.name === 'subscribers'
                  ? { ...collection, name: 'no_such_table' }
                  : collection,
              ),
            }
          : datastore,
      ),
    };
    const id = await h.open('access', ANA);
    await start(broken);
    await statusOf(h, id, 'failed');
    const record = await getRequest(h.store.db, id);
    expect(record.summary).toEqual({ failure: { code: expect.any(String) as unknown } });
    // The job waits for its retry, with backoff. The request is marked failed inside the job, so
    // the job itself is still active for a moment: wait until pg-boss has recorded its end.
    const jobStates = async (): Promise<string[]> =>
      (
        await sql<{ state: string }>`
          select state from pgboss.job where name = ${RUN_QUEUE}`.execute(h.store.db)
      ).rows.map((row) => row.state);
    let states = await jobStates();
    for (let tries = 0; tries < 200 && states.includes('active'); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      states = await jobStates();
    }
    expect(states).toEqual(['retry']);
    // The failure is logged by name and code, never with a value of the person.
    const until = Date.now() + 10_000;
    let failure: Record<string, unknown> | undefined;
    while (failure === undefined && Date.now() < until) {
      failure = logger.lines.find((line) => line['logged'] === 'jobs: job failed');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { code } = (record.summary as { failure: { code: string } }).failure;
    expect(failure).toMatchObject({ queue: RUN_QUEUE, code });
    expect(JSON.stringify(failure)).not.toContain(ANA);

    // Fixed, the operator runs it again (`custodian requests run`).
    const outcome = await h.run(id);
    expect(outcome).toMatchObject({ dryRun: false, record: { status: 'completed' } });
  });
});
