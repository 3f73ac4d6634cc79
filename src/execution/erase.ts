import { sql, type Transaction } from 'kysely';
import type { Change } from '../datastores/connector.js';
import { CustodianError } from '../errors.js';
import { appendEvidence, appendEvidenceRecords, type EvidenceInput } from '../evidence/index.js';
import {
  normaliseEmail,
  normalisePhone,
  prepareSuppression,
  type Identifier,
  type PreparedSuppression,
} from '../ledger/index.js';
import { seal, unsealJson, type Database } from '../store/index.js';
import {
  certificateBody,
  signCertificate,
  type CertificateBody,
  type ErasureCertificate,
} from './certificate.js';
import { ledgerContext, type ExecutionContext } from './execution-context.js';
import { connectorOf } from './find-person.js';
import { rememberHeld } from './held-records.js';
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
  if (inserted !== undefined) {
    const stored = JSON.parse(json) as ErasurePlan;
    frozenNow.add(stored);
    return stored;
  }
  const stored = await frozenPlan(ctx, requestId);
  if (stored === undefined) throw new Error('a frozen plan was stored and is gone');
  return stored;
}

/**
 * Plans `freezePlan` stored in this process's call, which no run can have checkpointed yet: their
 * first `applyErasure` need not read the checkpoints. Taken once. A plan wrongly taken for fresh
 * would only apply its steps again, which is harmless, and its checkpoints would conflict, which
 * `finish` handles.
 */
const frozenNow = new WeakSet<ErasurePlan>();

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
 * such list), the keys of the rows held for the person (`rememberHeld`, for their later requests)
 * and the signed certificate, stored once. So a crash leaves either a datastore to
 * apply again or a finished erasure, and a rerun of a finished one hands back its certificate.
 */
export async function applyErasure(
  ctx: ExecutionContext,
  requestId: string,
  plan: ErasurePlan,
  options: ErasureOptions = {},
): Promise<ErasureResult> {
  return await apply(ctx, requestId, plan, options, frozenNow.delete(plan) ? {} : undefined);
}

/**
 * Freezes a plan just computed and carries it out, storing the plan while the first datastore's
 * changes run: they commit only once the plan is stored (`beforeCommit`), so a crash still finds
 * the plan before any change, and the store's round trip costs no time of its own. Should another
 * run have frozen a plan for the request first, the changes roll back and that plan is carried
 * out instead. Returns the plan carried out, as stored.
 */
export async function freezeAndApply(
  ctx: ExecutionContext,
  requestId: string,
  plan: ErasurePlan,
  options: ErasureOptions = {},
): Promise<{ plan: ErasurePlan; result: ErasureResult }> {
  const freezing = freezePlan(ctx, requestId, plan);
  // Awaited below on every path; this only keeps a failure from counting as unhandled meanwhile.
  freezing.catch(() => undefined);
  const frozen = async (): Promise<ErasurePlan> => {
    const stored = await freezing;
    if (!frozenNow.delete(stored)) {
      throw new CustodianError(
        'plan.frozen_elsewhere',
        'another run froze a plan for this request first',
      );
    }
    return stored;
  };
  try {
    let stored: ErasurePlan | undefined;
    const result = await apply(ctx, requestId, plan, options, {
      stored: async () => (stored ??= await frozen()),
    });
    return { plan: stored ?? (await frozen()), result };
  } catch (error) {
    if (error instanceof CustodianError && error.code === 'plan.frozen_elsewhere') {
      const stored = await freezing;
      return { plan: stored, result: await applyErasure(ctx, requestId, stored, options) };
    }
    // The first failure is the one to report; the freeze has settled either way.
    await freezing.catch(() => undefined);
    throw error;
  }
}

/**
 * `applyErasure`'s work. `fresh`: the plan was frozen just now, so nothing is checkpointed; with
 * `stored`, the plan is being frozen meanwhile, and nothing commits before it is stored.
 */
async function apply(
  ctx: ExecutionContext,
  requestId: string,
  plan: ErasurePlan,
  options: ErasureOptions,
  fresh: { readonly stored?: () => Promise<ErasurePlan> } | undefined,
): Promise<ErasureResult> {
  const checkpoints =
    fresh !== undefined
      ? []
      : await ctx.db
          .selectFrom('erasure_steps')
          .select(['step', 'done_at'])
          .where('request_id', '=', requestId)
          .execute();
  const done = new Set(checkpoints.map((row) => row.step));
  let lastDone = checkpoints.reduce<Date | undefined>(
    (last, row) => later(last, row.done_at),
    undefined,
  );
  // The plan as stored, once it is: what the records are made from, as a rerun would make them.
  const stored = async (): Promise<ErasurePlan> => (await fresh?.stored?.()) ?? plan;
  const subjectRef = options.subjectRef ?? null;
  const todo = batches(plan, done);
  let applied = 0;
  for (const [count, batch] of todo.entries()) {
    if (options.stopAfter !== undefined && count >= options.stopAfter) {
      await stored();
      return { applied, skipped: done.size };
    }
    const touched = await connectorOf(ctx.connectors, batch.datastore).apply(
      batch.steps.map(({ step }) => stepChange(step)),
      {
        beforeCommit: async () => {
          await stored();
        },
      },
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
    const certificate = await finish(ctx, requestId, await stored(), subjectRef, {
      lastDone,
      applying,
    });
    return { applied, skipped: done.size, certificate };
  }
  const record = await stored();
  // Every step was checkpointed by an earlier run (finished then, or cut off before the end), or
  // the plan has nothing to change.
  const certificate =
    (fresh === undefined ? await storedCertificate(ctx, requestId) : undefined) ??
    (await finish(ctx, requestId, record, subjectRef, { lastDone }));
  return { applied, skipped: done.size, certificate };
}

/** The later of two times; either may be missing. */
function later(a: Date | undefined, b: Date | string): Date {
  const time = new Date(b);
  return a === undefined || time > a ? time : a;
}

/**
 * Ends an erasure in one transaction: first the keys of the rows held for the person, when the
 * request names one (`rememberHeld`); then one statement writing the last datastore's
 * checkpoints (when it was just applied), the suppression and the certificate, and one appending
 * their evidence (`erasure.applied` for the datastore, and `erasure.completed`, which carries the
 * suppression's counts as the certificate does). The certificate is signed before the
 * transaction, from what the run knows: `completedAt` is the time of the last checkpoint, the same
 * on every rerun. Should another run have checkpointed the same steps meanwhile, this transaction
 * rolls back: that run's times stand, and the certificate is made from what is stored.
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
  const suppression = suppressionOf(ctx, plan);
  const lastDone = applying === undefined ? state.lastDone : later(state.lastDone, at);
  const body = certificateBody(
    requestId,
    plan,
    lastDone?.toISOString() ?? plan.computedAt,
    suppression.counts,
  );
  const signed = signCertificate(ctx.signingKey, body);
  const steps = applying?.batch.steps ?? [];
  const tombstones = [...(suppression.prepared?.tombstones ?? new Map<string, string>())];
  const raced = new Error('another run checkpointed these steps');
  const stored = await ctx.db
    .transaction()
    .execute(async (trx) => {
      // A plan frozen before held rows were recorded leaves what was remembered as it was.
      if (subjectRef !== null && plan.held !== undefined) {
        await rememberHeld(trx, ctx.secret, subjectRef, plan.held, at);
      }
      const written = await sql<{ steps: number; certified: number }>`
        with steps as (
          insert into erasure_steps (request_id, step, datastore, collection, op, touched, done_at)
          select ${requestId}::uuid, s.step, s.datastore, s.collection, s.op, s.touched,
                 ${at}::timestamptz
            from unnest(
              ${steps.map(({ index }) => index)}::int[],
              ${steps.map(({ step }) => step.datastore)}::text[],
              ${steps.map(({ step }) => step.collection)}::text[],
              ${steps.map(({ step }) => step.op)}::text[],
              ${steps.map((_, position) => applying?.touched[position] ?? 0)}::int[]
            ) as s (step, datastore, collection, op, touched)
          on conflict (request_id, step) do nothing
          returning 1
        ),
        suppressed as (
          insert into suppressions (hash, scope, kind, reason, created_at)
          select t.hash, ${suppression.prepared?.scope ?? ''}, t.kind,
                 ${suppression.prepared?.reason ?? ''}, ${at}::timestamptz
            from unnest(
              ${tombstones.map(([hash]) => hash)}::text[],
              ${tombstones.map(([, kind]) => kind)}::text[]
            ) as t (hash, kind)
          on conflict (hash, scope) do nothing
          returning 1
        ),
        certified as (
          insert into certificates (request_id, body, signature, key_id, created_at)
          values (${requestId}::uuid, ${JSON.stringify(body)}::jsonb, ${signed.signature},
                  ${signed.keyId}, ${at}::timestamptz)
          on conflict (request_id) do nothing
          returning 1
        )
        select (select count(*) from steps)::int as steps,
               (select count(*) from certified)::int as certified`.execute(trx);
      const counts = written.rows[0] ?? { steps: 0, certified: 0 };
      // Another run checkpointed some of these steps: its times stand, so not this certificate.
      if (counts.steps < steps.length) throw raced;
      if (counts.certified === 0) return false;
      await appendEvidenceRecords(trx, [
        ...(applying === undefined
          ? []
          : [appliedEvidence(ctx, requestId, plan, applying, subjectRef, at)]),
        completedEvidence(ctx, signed, subjectRef, at),
      ]);
      return true;
    })
    .catch((error: unknown) => {
      if (error === raced) return false;
      throw error;
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
 * and one `erasure.applied` evidence record for the datastore's transaction. A crash leaves all of
 * them or none (and the rerun applies the batch again). Steps another run checkpointed meanwhile
 * keep that run's record.
 */
async function checkpoint(
  trx: Transaction<Database>,
  ctx: ExecutionContext,
  requestId: string,
  plan: ErasurePlan,
  applying: Applying,
  subjectRef: string | null,
  at: Date,
): Promise<void> {
  const inserted = await trx
    .insertInto('erasure_steps')
    .values(
      applying.batch.steps.map(({ index, step }, position) => ({
        request_id: requestId,
        step: index,
        datastore: step.datastore,
        collection: step.collection,
        op: step.op,
        touched: applying.touched[position] ?? 0,
        done_at: at,
      })),
    )
    .onConflict((oc) => oc.columns(['request_id', 'step']).doNothing())
    .returning('step')
    .execute();
  const recorded = new Set(inserted.map((row) => row.step));
  if (recorded.size === 0) return;
  await appendEvidence(
    trx,
    appliedEvidence(ctx, requestId, plan, applying, subjectRef, at, recorded),
  );
}

/**
 * The `erasure.applied` record of a datastore's transaction: per step (all, or those `recorded`)
 * the collection, operation, purpose, strategies and counts. One record per datastore
 * transaction, not per step: it stands for what committed together.
 */
function appliedEvidence(
  ctx: ExecutionContext,
  requestId: string,
  plan: ErasurePlan,
  { batch, touched }: Applying,
  subjectRef: string | null,
  at: Date,
  recorded?: ReadonlySet<number>,
): EvidenceInput {
  const steps = batch.steps.flatMap(({ index, step }, position) =>
    recorded === undefined || recorded.has(index)
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
  return {
    actor: ctx.actor,
    action: 'erasure.applied',
    subjectRef,
    details: { requestId, datastore: batch.datastore, planSteps: plan.steps.length, steps },
    at,
  };
}

/** The change a step makes, as the connector takes it. */
export function stepChange(step: PlanStep): Change {
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
 * list keeps them (one per normal form), go in the certificate.
 */
function suppressionOf(
  ctx: ExecutionContext,
  plan: ErasurePlan,
): { counts: { email: number; phone: number }; prepared?: PreparedSuppression } {
  if (ctx.map.statements.suppressionAfterErasure === false) {
    return { counts: { email: 0, phone: 0 } };
  }
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
  return {
    counts,
    prepared: prepareSuppression(ledgerContext(ctx), { identifiers, reason: 'erased' }),
  };
}

/** The `erasure.completed` record: the certificate's counts and names, never values. */
function completedEvidence(
  ctx: ExecutionContext,
  { body, keyId }: ErasureCertificate,
  subjectRef: string | null,
  at: Date,
): EvidenceInput {
  const sum = (pick: (c: CertificateBody['datastores'][number]['collections'][number]) => number) =>
    body.datastores.reduce(
      (total, datastore) => total + datastore.collections.reduce((s, c) => s + pick(c), 0),
      0,
    );
  return {
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
      keyId,
    },
    at,
  };
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
