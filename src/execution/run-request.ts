import type { LiveSchema } from '../datastores/connector.js';
import { CustodianError } from '../errors.js';
import type { HeldRecords } from '../mail/index.js';
import type { DataMap } from '../map/index.js';
import {
  afterDuration,
  getRequest,
  languageOf,
  markCompleted,
  markFailed,
  markRunning,
  requestSubject,
  type RequestRecord,
  type RequestType,
} from '../requests/index.js';
import { accessPackage } from './access.js';
import { applyErasure, freezeAndApply, frozenPlan, type ErasureResult } from './erase.js';
import { erasureHashKey } from './erase-strategy.js';
import type { ExecutionContext } from './execution-context.js';
import { findPerson, type Found } from './find-person.js';
import { rememberedHeld } from './held-records.js';
import { rowHolds } from './hold.js';
import { storePackage } from './package-store.js';
import { foundHolds, planErasure, type ErasurePlan, type PlanHold } from './plan.js';
import { recordChoices, type ChoiceType } from './record-choices.js';
import { erasedFields, foundFields, recipientsToInform } from './recipients-to-inform.js';
import { declared, rectify } from './rectify.js';
import { restrict } from './restrict.js';
import { claimRun } from './run-lease.js';
import { references, refKey, type LiveSchemas } from './references.js';

/** What `requests run` does for each type. */
const KIND: Readonly<
  Record<RequestType, 'package' | 'erase' | 'rectify' | 'restrict' | 'choice' | 'operator'>
> = {
  access: 'package',
  know: 'package',
  portability: 'package',
  erasure: 'erase',
  delete: 'erase',
  rectification: 'rectify',
  correct: 'rectify',
  restriction: 'restrict',
  objection: 'choice',
  'automated-decisions': 'choice',
  'withdraw-consent': 'choice',
  'opt-out-sale': 'choice',
  'limit-sensitive': 'choice',
  // An appeal is a person asking an operator to look again; there is nothing to run.
  appeal: 'operator',
};

export interface RunOptions {
  /** Show what would be done, with counts only; change nothing. */
  readonly dryRun?: boolean;
  /** The base URL of download links; `CUSTODIAN_PUBLIC_URL`, else the server's default address. */
  readonly publicUrl?: string;
  /** Restriction: the GDPR Art. 18(1) ground; `accuracy-contested` when absent. */
  readonly restrictionReason?: string;
  /** Erasure: stop after the steps of this many datastores (tests of the resumed run). */
  readonly stopAfter?: number;
}

/** One collection in a dry run: counts, the operation and the strategies, never values. */
export interface DryRunCollection {
  readonly datastore: string;
  readonly collection: string;
  readonly found: number;
  readonly held: number;
  /** `delete`, `update`, `keep`, `export`, `flag` or `none`. */
  readonly op: string;
  readonly rows: number;
  readonly strategies: Readonly<Record<string, string>>;
}

export type RunOutcome =
  | {
      readonly dryRun: true;
      readonly requestId: string;
      readonly type: RequestType;
      readonly collections: readonly DryRunCollection[];
      readonly steps: number;
      /**
       * The rows a legal hold keeps, by collection and hold, with reason, basis, end dates and
       * (`keptWith`) the collection whose held rows they are part of.
       */
      readonly holds?: readonly PlanHold[];
    }
  | {
      readonly dryRun: false;
      readonly record: RequestRecord;
      readonly summary: Readonly<Record<string, unknown>>;
      /** An access package's one-time link. */
      readonly downloadUrl?: string;
    };

/**
 * Carries out a request (`requests run`, or the approved hook): searches the person's data and,
 * by type, packages it, erases it by a frozen plan, corrects it, restricts it, or records their
 * choice in the ledger; then completes the request with a summary of counts (no personal data)
 * and mails the person. A failure marks the request failed with the error's code; running it
 * again resumes (an erasure skips the steps it checkpointed). A request left `running` by a
 * process that died is resumed too. Two runs of one request never overlap: the second is
 * refused with `execution.already_running` while the first holds its lease (`claimRun`).
 *
 * With `dryRun`, nothing changes: the answer says, per collection, how many rows were found and
 * held and what would be done to them.
 */
export async function runRequest(
  ctx: ExecutionContext,
  requestId: string,
  options: RunOptions = {},
): Promise<RunOutcome> {
  const request = await getRequest(ctx.db, requestId);
  const kind = KIND[request.type];
  if (kind === 'operator') {
    throw new CustodianError('execution.not_runnable', 'an appeal is answered by an operator', {
      details: { type: request.type },
    });
  }
  if (options.dryRun === true) return dryRun(ctx, request);
  // One run at a time (a job retry beside an operator's rerun would apply steps twice); the
  // status is read again under the lease, as the run before may just have finished.
  const lease = await claimRun(ctx.db, request.id);
  try {
    return await runClaimed(ctx, await getRequest(ctx.db, request.id), options);
  } finally {
    await lease.release();
  }
}

/** The run itself, by the holder of its lease. */
async function runClaimed(
  ctx: ExecutionContext,
  request: RequestRecord,
  options: RunOptions,
): Promise<RunOutcome> {
  if (request.status !== 'running') await markRunning(ctx.db, ctx, request.id);
  try {
    const { summary, downloadUrl, expiresAt, held } = await execute(ctx, request, options);
    if (options.stopAfter !== undefined && summary['stopped'] === true) {
      return { dryRun: false, record: await getRequest(ctx.db, request.id), summary };
    }
    const record = await markCompleted(ctx.db, ctx, request.id, summary, {
      ...(downloadUrl === undefined || expiresAt === undefined
        ? {}
        : { downloadUrl, downloadExpiresAt: expiresAt }),
      ...(held === undefined ? {} : { held }),
    });
    return {
      dryRun: false,
      record,
      summary,
      ...(downloadUrl === undefined ? {} : { downloadUrl }),
    };
  } catch (error) {
    const code = error instanceof CustodianError ? error.code : 'execution.failed';
    await markFailed(ctx.db, ctx, request.id, { code });
    throw error;
  }
}

async function execute(
  ctx: ExecutionContext,
  request: RequestRecord,
  options: RunOptions,
): Promise<{
  summary: Record<string, unknown>;
  downloadUrl?: string;
  expiresAt?: Date;
  held?: readonly HeldRecords[];
}> {
  const subject = await requestSubject(ctx.db, ctx.secret, request.id);
  const search = (): Promise<Found> => searchPerson(ctx, subject.identities, request.subjectRef);
  switch (KIND[request.type]) {
    case 'package': {
      const schemas = await liveSchemas(ctx);
      const found = await searchPerson(ctx, subject.identities, request.subjectRef, schemas);
      const now = ctx.now();
      const holds = foundHolds(ctx.map.datastores, found, now, schemas);
      const zip = accessPackage(ctx.map, found, {
        requestId: request.id,
        generatedAt: now,
        country: request.country,
        language: languageOf(ctx.map, request.language),
        holds,
      });
      const expiresAt = afterDuration(now, ctx.map.requests.packageExpiry);
      if (expiresAt === undefined) throw new Error('packageExpiry is a duration by the schema');
      const stored = await storePackage(ctx, {
        requestId: request.id,
        zip,
        expiresAt,
        subjectRef: request.subjectRef,
      });
      const base = withoutTrailingSlashes(
        options.publicUrl ??
          nonEmpty(process.env['CUSTODIAN_PUBLIC_URL']) ??
          'http://127.0.0.1:8080',
      );
      return {
        summary: {
          packageId: stored.packageId,
          bytes: stored.bytes,
          expiresAt: expiresAt.toISOString(),
          ...counts(found),
          ...heldSummary(holds),
        },
        // The page of the package (GET); its button downloads it (POST).
        downloadUrl: `${base}/v1/packages/${stored.token}`,
        expiresAt,
      };
    }
    case 'erase': {
      const erasing = {
        subjectRef: request.subjectRef,
        ...(options.stopAfter === undefined ? {} : { stopAfter: options.stopAfter }),
      };
      const stored = await frozenPlan(ctx, request.id);
      let plan: ErasurePlan;
      let result: ErasureResult;
      if (stored === undefined) {
        const schemas = await liveSchemas(ctx);
        const found = await searchPerson(ctx, subject.identities, request.subjectRef, schemas);
        // Frozen while the first datastore's changes run, and before they commit.
        ({ plan, result } = await freezeAndApply(
          ctx,
          request.id,
          newPlan(ctx, found, schemas),
          erasing,
        ));
      } else {
        plan = stored;
        result = await applyErasure(ctx, request.id, plan, erasing);
      }
      if (result.certificate === undefined)
        return { summary: { stopped: true, applied: result.applied } };
      return {
        summary: {
          ...erasureSummary(plan, result.certificate.keyId),
          // GDPR Art. 19; CCPA 1798.105(c)(1): whom the operator tells of the erasure.
          recipients: recipientsToInform(ctx.map, erasedFields(ctx.map.datastores, plan)),
        },
        // GDPR Art. 17(3), 12(4): the person is told what was kept, why and until when.
        held: heldRecords(ctx.map, plan.holds),
      };
    }
    case 'rectify': {
      const result = await rectify(
        ctx,
        request.id,
        await search(),
        subject.changes ?? {},
        request.subjectRef,
      );
      // GDPR Art. 19: whom the operator tells of the rectification.
      const recipients = recipientsToInform(ctx.map, result.collections);
      return { summary: { ...result, recipients } };
    }
    case 'restrict': {
      const found = await search();
      const result = await restrict(ctx, request.id, {
        email: subject.email,
        found,
        ...(options.restrictionReason === undefined ? {} : { reason: options.restrictionReason }),
        subjectRef: request.subjectRef,
      });
      // GDPR Art. 19: whom the operator tells of the restriction.
      const recipients = recipientsToInform(ctx.map, foundFields(ctx.map.datastores, found));
      return { summary: { ...result, recipients } };
    }
    case 'choice': {
      const result = await recordChoices(ctx, {
        type: request.type as ChoiceType,
        email: subject.email,
        controller: request.controller,
        law: request.law,
        requestId: request.id,
      });
      return { summary: { ...result } };
    }
    case 'operator':
      throw new CustodianError('execution.not_runnable', 'an appeal is answered by an operator');
  }
}

/**
 * The search, with the live schemas of the datastores that can tell them (their foreign keys),
 * starting also from the rows an earlier erasure of the same requester kept under a hold.
 */
async function searchPerson(
  ctx: ExecutionContext,
  identities: Readonly<Record<string, readonly string[]>>,
  subjectRef: string | null,
  schemas?: LiveSchemas,
): Promise<Found> {
  return findPerson(ctx.map.datastores, ctx.connectors, identities, {
    schemas: schemas ?? (await liveSchemas(ctx)),
    seeds: await rememberedHeld(ctx.db, ctx.secret, subjectRef),
  });
}

/** Introspects every connector that can; each datastore's schema is read once per run. */
export async function liveSchemas(ctx: Pick<ExecutionContext, 'connectors'>): Promise<LiveSchemas> {
  const schemas = new Map<string, LiveSchema>();
  for (const [id, connector] of ctx.connectors) {
    if (connector.introspect !== undefined) schemas.set(id, await connector.introspect());
  }
  return schemas;
}

function newPlan(ctx: ExecutionContext, found: Found, schemas: LiveSchemas): ErasurePlan {
  return planErasure(ctx.map.datastores, found, {
    now: ctx.now(),
    hashKey: erasureHashKey(ctx.secret),
    schemas,
  });
}

async function dryRun(ctx: ExecutionContext, request: RequestRecord): Promise<RunOutcome> {
  const allowed = ['verified', 'awaiting-approval', 'approved', 'running', 'failed'];
  if (!allowed.includes(request.status)) {
    throw new CustodianError(
      'request.invalid_state',
      `a request that is ${request.status} cannot be run, even dry`,
      { details: { status: request.status, allowed } },
    );
  }
  const subject = await requestSubject(ctx.db, ctx.secret, request.id);
  const kind = KIND[request.type];
  if (kind === 'erase') {
    let plan = await frozenPlan(ctx, request.id);
    if (plan === undefined) {
      const schemas = await liveSchemas(ctx);
      plan = newPlan(
        ctx,
        await searchPerson(ctx, subject.identities, request.subjectRef, schemas),
        schemas,
      );
    }
    return {
      dryRun: true,
      requestId: request.id,
      type: request.type,
      steps: plan.steps.length,
      collections: plan.collections.map((collection) => ({
        datastore: collection.datastore,
        collection: collection.collection,
        found: collection.found,
        held: collection.held,
        op:
          collection.found === collection.held
            ? 'none'
            : collection.anonymised > 0
              ? collection.deleted > 0
                ? 'delete+update'
                : 'update'
              : collection.deleted > 0
                ? 'delete'
                : 'keep',
        rows: collection.deleted + collection.anonymised,
        strategies: collection.anonymised > 0 ? collection.strategies : {},
      })),
      ...(plan.holds.length === 0 ? {} : { holds: plan.holds }),
    };
  }
  const schemas = await liveSchemas(ctx);
  const found = await searchPerson(ctx, subject.identities, request.subjectRef, schemas);
  const now = ctx.now();
  const changes = Object.keys(subject.changes ?? {});
  const holds = rowHolds(ctx.map.datastores, found, now, references(ctx.map.datastores, schemas));
  const collections = found.collections.map((entry): DryRunCollection => {
    const collection = declared(ctx.map.datastores, entry.datastore, entry.collection);
    const held = (holds.get(refKey(entry)) ?? []).filter((hold) => hold !== undefined).length;
    const base = {
      datastore: entry.datastore,
      collection: entry.collection,
      found: entry.rows.length,
      held,
    };
    if (entry.rows.length === 0) return { ...base, op: 'none', rows: 0, strategies: {} };
    switch (kind) {
      case 'package':
        return { ...base, op: 'export', rows: entry.rows.length, strategies: {} };
      case 'rectify': {
        const fields = (collection?.fields ?? []).filter(
          (field) =>
            field.rectifiable &&
            changes.some((name) => name === field.name || name === field.identity),
        );
        return fields.length === 0
          ? { ...base, op: 'none', rows: 0, strategies: {} }
          : {
              ...base,
              op: 'update',
              rows: entry.rows.length - held,
              strategies: Object.fromEntries(fields.map((field) => [field.name, 'rectify'])),
            };
      }
      case 'restrict':
        return collection?.restrictionFlag === undefined
          ? { ...base, op: 'none', rows: 0, strategies: {} }
          : {
              ...base,
              op: 'flag',
              rows: entry.rows.length,
              strategies: { [collection.restrictionFlag]: 'true' },
            };
      default:
        return { ...base, op: 'none', rows: 0, strategies: {} };
    }
  });
  const planHolds = foundHolds(ctx.map.datastores, found, now, schemas);
  return {
    dryRun: true,
    requestId: request.id,
    type: request.type,
    collections,
    steps: 0,
    ...(planHolds.length === 0 ? {} : { holds: planHolds }),
  };
}

function counts(found: Found): Record<string, unknown> {
  const collections = found.collections.filter((collection) => collection.rows.length > 0);
  return {
    collections: collections.map((c) => ({
      datastore: c.datastore,
      collection: c.collection,
      rows: c.rows.length,
    })),
    rows: collections.reduce((sum, collection) => sum + collection.rows.length, 0),
  };
}

function erasureSummary(plan: ErasurePlan, keyId: string): Record<string, unknown> {
  const sum = (pick: (c: ErasurePlan['collections'][number]) => number): number =>
    plan.collections.reduce((total, collection) => total + pick(collection), 0);
  return {
    steps: plan.steps.length,
    deleted: sum((c) => c.deleted),
    anonymised: sum((c) => c.anonymised),
    kept: sum((c) => c.kept),
    held: sum((c) => c.held),
    holds: summaryHolds(plan.holds),
    certificate: { keyId },
  };
}

/**
 * The holds as a request's summary lists them: per collection and hold, the rows, the last day
 * the last of them is kept, the reason and basis, and the collection they are kept with.
 */
function summaryHolds(holds: readonly PlanHold[]): Record<string, unknown>[] {
  return holds.map((hold) => ({
    datastore: hold.datastore,
    collection: hold.collection,
    rows: hold.rows,
    until: hold.ends.at(-1)?.until ?? null,
    reason: hold.reason,
    ...(hold.basis === undefined ? {} : { basis: hold.basis }),
    ...(hold.keptWith === undefined ? {} : { keptWith: hold.keptWith }),
  }));
}

/**
 * An access request's summary: the held records it reports, when there are any. No `held` count:
 * that names rows an erasure refused to delete, which makes a request appealable (appeal.ts).
 */
function heldSummary(holds: readonly PlanHold[]): Record<string, unknown> {
  return holds.length === 0 ? {} : { holds: summaryHolds(holds) };
}

/** The holds of a plan as the completion mail names them: datastores by the map's name. */
function heldRecords(map: DataMap, holds: readonly PlanHold[]): HeldRecords[] {
  return holds.map((hold) => ({
    datastore: map.datastores.find((store) => store.id === hold.datastore)?.name ?? hold.datastore,
    collection: hold.collection,
    reason: hold.reason,
    ...(hold.basis === undefined ? {} : { basis: hold.basis }),
    rows: hold.rows,
    ends: hold.ends,
  }));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** A base URL without the slashes it ends with; a loop, where `/\/+$/` would rescan (quadratic). */
function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 0x2f) end -= 1;
  return url.slice(0, end);
}
