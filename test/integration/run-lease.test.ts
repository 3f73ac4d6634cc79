import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CustodianError } from '../../src/errors.js';
import { claimRun, runRequest, type ExecutionContext } from '../../src/execution/index.js';
import { getRequest } from '../../src/requests/index.js';
import { closeConnectors, harness, layouts, openConnectors, type Harness } from './harness.js';

/**
 * One run of a request at a time: a job retry, a second server and an operator's
 * `requests run` started together must not apply the same erasure twice over. The loser is
 * refused before it touches anything; a lease whose holder died is taken over.
 */

const ANA = 'ana@example.com';

/** The pid of a process that has just exited: no process of this host has it now. */
function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => {
      if (child.pid === undefined) reject(new Error('no pid'));
      else resolve(child.pid);
    });
  });
}

/** One layout per kind of Custodian database: embedded, and PostgreSQL when reachable. */
const stores = [...new Map(layouts().map((l) => [l.layout.shop === 'postgres', l])).values()];

describe.each(stores)('the run lease: $name', ({ layout }) => {
  let h: Harness;

  beforeEach(async () => {
    h = await harness(layout);
  }, 120_000);

  afterEach(async () => {
    await h.close();
  });

  const lease = (fields: { host: string; pid: number; expiresAt: Date }, requestId: string) =>
    h.store.db
      .insertInto('run_leases')
      .values({
        request_id: requestId,
        holder: 'another-run',
        host: fields.host,
        pid: fields.pid,
        taken_at: new Date(),
        expires_at: fields.expiresAt,
      })
      .execute();

  const events = async (requestId: string, kind: string): Promise<number> =>
    (
      await h.store.db
        .selectFrom('request_events')
        .select('id')
        .where('request_id', '=', requestId)
        .where('kind', '=', kind)
        .execute()
    ).length;

  it('runs one of two simultaneous runs and refuses the other, applying each step once', async () => {
    const id = await h.open('erasure', ANA);
    const connectors = await openConnectors(h.map, h.shop.env);
    try {
      const ctx: ExecutionContext = {
        db: h.store.db,
        map: h.map,
        secret: h.secret,
        signingKey: h.signingKey,
        now: () => new Date(),
        actor: 'system',
        connectors,
      };
      const [first, second] = await Promise.allSettled([
        runRequest(ctx, id),
        runRequest({ ...ctx, actor: 'cli:operator' }, id),
      ]);
      const outcomes = [first, second];
      const done = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const refused = outcomes.flatMap((outcome) =>
        outcome.status === 'rejected' ? [outcome.reason as unknown] : [],
      );
      expect(done).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toBeInstanceOf(CustodianError);
      expect((refused[0] as CustodianError).code).toBe('execution.already_running');
      expect((refused[0] as CustodianError).message).not.toContain(ANA);
    } finally {
      await closeConnectors(connectors);
    }
    // The refused run changed nothing: one start, one end, each step checkpointed once.
    const record = await getRequest(h.store.db, id);
    expect(record.status).toBe('completed');
    expect(await events(id, 'running')).toBe(1);
    expect(await events(id, 'completed')).toBe(1);
    expect(await events(id, 'failed')).toBe(0);
    const steps = await h.store.db
      .selectFrom('erasure_steps')
      .select('step')
      .where('request_id', '=', id)
      .execute();
    expect(steps).toHaveLength(Number(record.summary?.['steps']));
    // Released at the end.
    expect(await h.store.db.selectFrom('run_leases').selectAll().execute()).toEqual([]);
  });

  it('refuses a run while another host holds a live lease, and runs once it lapsed', async () => {
    const id = await h.open('access', ANA);
    await lease(
      { host: 'elsewhere.example', pid: process.pid, expiresAt: new Date(Date.now() + 60_000) },
      id,
    );
    await expect(h.run(id)).rejects.toMatchObject({ code: 'execution.already_running' });
    // Refused before it started: the request is still approved, not failed.
    expect((await getRequest(h.store.db, id)).status).toBe('approved');

    await h.store.db
      .updateTable('run_leases')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('request_id', '=', id)
      .execute();
    const outcome = await h.run(id);
    expect(outcome).toMatchObject({ dryRun: false, record: { status: 'completed' } });
  });

  it('takes over at once the lease of a process of this host that died', async () => {
    const id = await h.open('erasure', ANA);
    await lease(
      { host: hostname(), pid: await deadPid(), expiresAt: new Date(Date.now() + 60_000) },
      id,
    );
    const outcome = await h.run(id);
    expect(outcome).toMatchObject({ dryRun: false, record: { status: 'completed' } });
  });

  it('renews a lease while its run lasts, and lets the next run claim it after release', async () => {
    const id = await h.open('access', ANA);
    const held = await claimRun(h.store.db, id, { leaseMs: 3000 });
    const before = await h.store.db
      .selectFrom('run_leases')
      .select('expires_at')
      .executeTakeFirstOrThrow();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await h.store.db
      .selectFrom('run_leases')
      .select('expires_at')
      .executeTakeFirstOrThrow();
    expect(new Date(after.expires_at).getTime()).toBeGreaterThan(
      new Date(before.expires_at).getTime(),
    );
    await expect(claimRun(h.store.db, id)).rejects.toMatchObject({
      code: 'execution.already_running',
    });
    await held.release();
    const next = await claimRun(h.store.db, id);
    await next.release();
  });
});
