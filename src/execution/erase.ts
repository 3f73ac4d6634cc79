import type { Transaction } from 'kysely';
import type { Change } from '../datastores/connector.js';
import { appendEvidence } from '../evidence/index.js';
import { normaliseEmail, normalisePhone, suppression, type Identifier } from '../ledger/index.js';
import { seal, unsealJson, type Database } from '../store/index.js';
import {
  certificateBody,
  signCertificate,
  type CertificateBody,
  type ErasureCertificate,
} from './certificate.js';
import { ledgerContext, type ExecutionContext } from './execution-context.js';
import { connectorOf } from './find-person.js';
import type { ErasurePlan, PlanStep } from './plan.js';
import { fromPlain } from './plain-value.js';

/** The seal context of a frozen plan: a plan sealed for one request does not open for another. */
const planContext = (requestId: string): string => `erasure_plans.plan_sealed:${requestId}`;

/**
 * Freezes a request's erasure plan: stores it sealed, unless one is stored already, and returns
 * the stored one. A rerun after a crash therefore applies the first plan's steps, not a new
 * search's (which would no longer find the rows already deleted), and reports the same counts.
 */
export async function freezePlan(
  ctx: Pick<ExecutionContext, 'db' | 'secret' | 'now'>,
  requestId: string,
  plan: ErasurePlan,
): Promise<ErasurePlan> {
  const json = JSON.stringify(plan);
  const inserted = await ctx.db
    .insertInto('erasure_plans')
    .values({
      request_id: requestId,
      plan_sealed: seal(ctx.secret, json, planContext(requestId)),
      created_at: ctx.now(),
    })
    .onConflict((oc) => oc.column('request_id').doNothing())
    .returning('request_id')
    .executeTakeFirst();
  // Stored now: the plan as a rerun will unseal it, without reading it back.
  if (inserted !== undefined) return JSON.parse(json) as ErasurePlan;
  const stored = await frozenPlan(ctx, requestId);
  if (stored === undefined) throw new Error('a frozen plan was stored and is gone');
  return stored;
}

/** The frozen plan of a request, or undefined when none was frozen yet. */
export async function frozenPlan(
  ctx: Pick<ExecutionContext, 'db' | 'secret'>,
  requestId: string,
): Promise<ErasurePlan | undefined> {
  const row = await ctx.db
    .selectFrom('erasure_plans')
    .select('plan_sealed')
    .where('request_id', '=', requestId)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : unsealJson<ErasurePlan>(ctx.secret, row.plan_sealed, planContext(requestId));
}

export interface ErasureOptions {
  /** The pseudonymous subject the evidence names, if the request has one. */
  readonly subjectRef?: string | null;
  /** Stop after applying the steps of this many datastores in this run (tests of the rerun). */
  readonly stopAfter?: number;
}

export interface ErasureResult {
  /** Steps applied in this run; the others were checkpointed before. */
  readonly applied: number;
  readonly skipped: number;
  /** The signed certificate; undefined when the run stopped early (`stopAfter`). */
  readonly certificate?: ErasureCertificate;
}

/** A datastore's steps not checkpointed yet, with their places in the plan. */
interface Batch {
  readonly datastore: string;
  readonly steps: readonly { readonly index: number; readonly step: PlanStep }[];
}

/**
 * Carries out a frozen erasure plan (GDPR Art. 17(1), CCPA 1798.105), a datastore at a time: its
 * steps not checkpointed yet in one connector `apply` (one transaction in that datastore, children
 * before parents as the plan orders them), then a checkpoint per step and one evidence record of
 * them in one Custodian transaction. A rerun skips checkpointed steps and applies again those whose
 * checkpoint is missing: a crash between a datastore's commit and its checkpoints only repeats
 * deletes of deleted rows and writes of values already written, which the connector contract
 * makes harmless, so the rerun ends in the same state with the same certificate. Held rows are in
 * no step. The last datastore's checkpoints share their transaction with the end of the erasure:
 * the person's emails and phone numbers on the suppression list (unless the map says it keeps no
 * such list) and the signed certificate, stored once. So a crash leaves either a datastore to
 * apply again or a finished erasure, and a rerun of a finished one hands back its certificate.
 */
export async function applyErasure(
  ctx: ExecutionContext,
  requestId: string,
  plan: ErasurePlan,
  options: ErasureOptions = {},
): Promise<ErasureResult> {
  const checkpoints = await ctx.db
    .selectFrom('erasure_steps')
    .select(['step', 'done_at'])
    .where('request_id', '=', requestId)
    .execute();
  const done = new Set(checkpoints.map((row) => row.step));
  let lastDone = checkpoints.reduce<Date | undefined>(
    (last, row) => later(last, row.done_at),
    undefined,
  );
  const subjectRef = options.subjectRef ?? null;
  const todo = batches(plan, done);
  let applied = 0;
  for (const [count, batch] of todo.entries()) {
    if (options.stopAfter !== undefined && count >= options.stopAfter) {
      return { applied, skipped: done.size };
    }
    const touched = await connectorOf(ctx.connectors, batch.datastore).apply(
      batch.steps.map(({ step }) => change(step)),
    );
    applied += batch.steps.length;
    const applying = { batch, touched };
    if (count < todo.length - 1) {
      const at = ctx.now();
      await ctx.db
        .transaction()
        .execute((trx) => checkpoint(trx, ctx, requestId, plan, applying, subjectRef, at));
      lastDone = later(lastDone, at);
      continue;
    }
    const certificate = await finish(ctx, requestId, plan, subjectRef, { lastDone, applying });
    return { applied, skipped: done.size, certificate };
  }
  // Every step was checkpointed by an earlier run: finished then, or cut off before the end.
  const stored = await storedCertificate(ctx, requestId);
  const certificate = stored ?? (await finish(ctx, requestId, plan, subjectRef, { lastDone }));
  return { applied, skipped: done.size, certificate };
}

/** The later of two times; either may be missing. */
function later(a: Date | undefined, b: Date | string): Date {
  const time = new Date(b);
  return a === undefined || time > a ? time : a;
}

/**
 * Ends an erasure in one transaction: the last datastore's checkpoints (when it was just
 * applied), the suppression, and the certificate with its evidence. The certificate is signed
 * before the transaction, from what the run knows: `completedAt` is the time of the last
 * checkpoint, the same on every rerun. Should another run have checkpointed the same steps
 * meanwhile, that run's times stand, and the certificate is made from what is stored.
 */
async function finish(
  ctx: ExecutionContext,
  requestId: string,
  plan: ErasurePlan,
  subjectRef: string | null,
  state: { readonly lastDone: Date | undefined; readonly applying?: Applying },
): Promise<ErasureCertificate> {
  const at = ctx.now();
  const { applying } = state;
  const suppressing = suppressionOf(ctx, plan);
  const lastDone = applying === undefined ? state.lastDone : later(state.lastDone, at);
  const body = certificateBody(
    requestId,
    plan,
    lastDone?.toISOString() ?? plan.computedAt,
    suppressing.counts,
  );
  const signed = await signCertificate(ctx.db, body);
  const stored = await ctx.db.transaction().execute(async (trx) => {
    if (applying !== undefined) {
      const recorded = await checkpoint(trx, ctx, requestId, plan, applying, subjectRef, at);
      // Another run checkpointed some of these steps: its times stand, so not this certificate.
      if (recorded < applying.batch.steps.length) return false;
    }
    await suppressing.write?.(trx);
    return await recordCertificate(trx, ctx, signed, subjectRef, at);
  });
  if (stored) return JSON.parse(JSON.stringify(signed)) as ErasureCertificate;
  const other = await storedCertificate(ctx, requestId);
  return (
    other ??
    (await finish(ctx, requestId, plan, subjectRef, {
      lastDone: await lastCheckpoint(ctx, requestId),
    }))
  );
}

/** The time of the request's last checkpoint, as stored. */
async function lastCheckpoint(ctx: ExecutionContext, requestId: string): Promise<Date | undefined> {
  const row = await ctx.db
    .selectFrom('erasure_steps')
    .select((eb) => eb.fn.max('done_at').as('last'))
    .where('request_id', '=', requestId)
    .executeTakeFirst();
  // No checkpoint (nothing to change): the aggregate is null.
  const last = row?.last as Date | string | null | undefined;
  return last === undefined || last === null ? undefined : new Date(last);
}

/**
 * The steps still to apply, grouped by datastore in plan order. The plan lists a datastore's
 * steps together; should it ever interleave them, each run of one datastore's steps stays its own
 * batch, so no step moves before one it followed.
 */
function batches(plan: ErasurePlan, done: ReadonlySet<number>): Batch[] {
  const out: { datastore: string; steps: { index: number; step: PlanStep }[] }[] = [];
  for (const [index, step] of plan.steps.entries()) {
    if (done.has(index)) continue;
    const last = out.at(-1);
    if (last?.datastore === step.datastore) last.steps.push({ index, step });
    else out.push({ datastore: step.datastore, steps: [{ index, step }] });
  }
  return out;
}

/** A batch just applied, with the rows each of its steps touched. */
interface Applying {
  readonly batch: Batch;
  readonly touched: readonly number[];
}

/**
 * Records, in the caller's transaction, that a datastore's steps committed: a checkpoint per step
 * and one `erasure.applied` evidence record for the datastore's transaction, listing per step the
 * collection, operation, strategies and counts. A crash leaves all of them or none (and the rerun
 * applies the batch again). Steps another run checkpointed meanwhile keep that run's record.
 * Returns how many steps this call checkpointed.
 */
async function checkpoint(
  trx: Transaction<Database>,
  ctx: ExecutionContext,
  requestId: string,
  plan: ErasurePlan,
  { batch, touched }: Applying,
  subjectRef: string | null,
  at: Date,
): Promise<number> {
  const inserted = await trx
    .insertInto('erasure_steps')
    .values(
      batch.steps.map(({ index, step }, position) => ({
        request_id: requestId,
        step: index,
        datastore: step.datastore,
        collection: step.collection,
        op: step.op,
        touched: touched[position] ?? 0,
        done_at: at,
      })),
    )
    .onConflict((oc) => oc.columns(['request_id', 'step']).doNothing())
    .returning('step')
    .execute();
  const recorded = new Set(inserted.map((row) => row.step));
  const steps = batch.steps.flatMap(({ index, step }, position) =>
    recorded.has(index)
      ? [
          {
            step: index,
            collection: step.collection,
            op: step.op,
            purpose: step.purpose,
            rows: step.count,
            touched: touched[position] ?? 0,
            strategies: step.strategies,
          },
        ]
      : [],
  );
  if (steps.length === 0) return 0;
  // One record per datastore transaction, not per step: each append takes the chain's lock,
  // and the record stands for what committed together.
  await appendEvidence(trx, {
    actor: ctx.actor,
    action: 'erasure.applied',
    subjectRef,
    details: { requestId, datastore: batch.datastore, planSteps: plan.steps.length, steps },
    at,
  });
  return steps.length;
}

/** The change a step makes, as the connector takes it. */
function change(step: PlanStep): Change {
  const keys = step.keys.map((key) => key.map(fromPlain));
  if (step.op === 'delete') return { op: 'delete', collection: step.collection, keys };
  return {
    op: 'update',
    collection: step.collection,
    keys,
    ...(step.set === undefined
      ? {}
      : {
          set: Object.fromEntries(
            Object.entries(step.set).map(([field, value]) => [field, fromPlain(value)]),
          ),
        }),
    ...(step.perRow === undefined
      ? {}
      : {
          perRow: step.perRow.map((values) =>
            Object.fromEntries(
              Object.entries(values).map(([field, value]) => [field, fromPlain(value)]),
            ),
          ),
        }),
  };
}

/**
 * Seed 003: an erased person goes on the suppression list so they are never contacted or
 * imported again; only keyed hashes are stored. Idempotent. A map that states it keeps no such
 * list (`statements.suppressionAfterErasure: false`) is taken at its word. The counts, as the
 * list keeps them (one per normal form), go in the certificate; `write` adds them in the caller's
 * transaction.
 */
function suppressionOf(
  ctx: ExecutionContext,
  plan: ErasurePlan,
): {
  counts: { email: number; phone: number };
  write?: (trx: Transaction<Database>) => Promise<unknown>;
} {
  if (ctx.map.statements.suppressionAfterErasure === false)
    return { counts: { email: 0, phone: 0 } };
  const email = [
    ...new Set(plan.identities.email.filter((v) => v.trim() !== '').map(normaliseEmail)),
  ];
  const phone = [...new Set(plan.identities.phone.filter((v) => /\d/.test(v)).map(normalisePhone))];
  const identifiers: Identifier[] = [
    ...email.map((value) => ({ email: value })),
    ...phone.map((value) => ({ phone: value })),
  ];
  const counts = { email: email.length, phone: phone.length };
  if (identifiers.length === 0) return { counts };
  return { counts, write: suppression(ledgerContext(ctx), { identifiers, reason: 'erased' }) };
}

/**
 * Stores a signed certificate and its `erasure.completed` evidence in the caller's transaction,
 * unless the request has one already. Returns whether this one was stored.
 */
async function recordCertificate(
  trx: Transaction<Database>,
  ctx: ExecutionContext,
  certificate: ErasureCertificate,
  subjectRef: string | null,
  at: Date,
): Promise<boolean> {
  const { body } = certificate;
  const inserted = await trx
    .insertInto('certificates')
    .values({
      request_id: body.requestId,
      body: JSON.stringify(body),
      signature: certificate.signature,
      key_id: certificate.keyId,
      created_at: at,
    })
    .onConflict((oc) => oc.column('request_id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
  const sum = (pick: (c: CertificateBody['datastores'][number]['collections'][number]) => number) =>
    body.datastores.reduce(
      (total, datastore) => total + datastore.collections.reduce((s, c) => s + pick(c), 0),
      0,
    );
  await appendEvidence(trx, {
    actor: ctx.actor,
    action: 'erasure.completed',
    subjectRef,
    details: {
      requestId: body.requestId,
      steps: body.steps.length,
      collections: body.datastores.flatMap((d) => d.collections.map((c) => `${d.id}/${c.name}`)),
      deleted: sum((c) => c.deleted),
      anonymised: sum((c) => c.anonymised),
      kept: sum((c) => c.kept),
      held: sum((c) => c.held),
      suppressed: body.suppressed,
      keyId: certificate.keyId,
    },
    at,
  });
  return true;
}

/** The stored certificate of a request, or undefined. */
export async function storedCertificate(
  ctx: Pick<ExecutionContext, 'db'>,
  requestId: string,
): Promise<ErasureCertificate | undefined> {
  const row = await ctx.db
    .selectFrom('certificates')
    .select(['body', 'signature', 'key_id'])
    .where('request_id', '=', requestId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    body: row.body as unknown as CertificateBody,
    algorithm: 'Ed25519',
    keyId: row.key_id,
    signature: row.signature,
  };
}
