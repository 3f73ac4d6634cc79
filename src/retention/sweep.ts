import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely, Updateable } from 'kysely';
import {
  COUNT_TUPLES,
  type Change,
  type Condition,
  type Connector,
  type LiveSchema,
  type Row,
  type RowKey,
  type Value,
} from '../datastores/index.js';
import { keyText } from '../datastores/values.js';
import { CustodianError } from '../errors.js';
import { appendEvidence } from '../evidence/index.js';
import {
  erasedValue,
  erasureHashKey,
  fromPlain,
  primaryKey,
  references,
  toPlain,
  type FieldStrategy,
  type PlainValue,
  type Reference,
} from '../execution/index.js';
import { processAlive } from '../execution/run-lease.js';
import { liveTableOf } from '../datastores/live-table.js';
import {
  collectionPeriod,
  type DataMap,
  type Datastore,
  type DatastoreCollection,
} from '../map/index.js';
import type { Database } from '../store/index.js';
import { keptPeople, type KeptPeople } from './kept.js';
import { loadKeys, storeKeys, type StoredKeys } from './pending-keys.js';
import { heldCondition, pastCondition, subtractDuration } from './plan.js';
import { emptyReport, type SweepCollectionReport, type SweepReport } from './report.js';

/** Rows one batch takes at most: the batch shrinks when a batch runs long. */
export const SWEEP_BATCH = 1_000;
/** The longest a batch waits for a row lock the company's application holds (the bound). */
export const SWEEP_LOCK_TIMEOUT_MS = 1_000;
/** The longest one statement of a batch may run, so no batch holds its locks for long. */
export const SWEEP_STATEMENT_TIMEOUT_MS = 1_000;
/** A batch slower than this is halved; one faster than a fifth of it grows back. */
const BATCH_TARGET_MS = 500;
const SMALLEST_BATCH = 10;
/** A run's lease, renewed at a third of it: a run whose process died is resumed after this. */
export const SWEEP_LEASE_MS = 2 * 60 * 1000;
/** How long one page read may run. */
const PAGE_TIMEOUT_MS = 30_000;

export interface SweepContext {
  readonly db: Kysely<Database>;
  readonly secret: Buffer;
  readonly map: DataMap;
  readonly connectors: ReadonlyMap<string, Connector>;
  /** The instant periods count back from, for a new run; a resumed run keeps its own. */
  readonly now: Date;
  /** Who runs it, in evidence: `cli`, `system`. */
  readonly actor: string;
  readonly trigger: 'cli' | 'schedule';
  readonly batchSize?: number;
  readonly lockTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  readonly leaseMs?: number;
  /**
   * Custodian's own records, swept after the datastores with the run's id and instant
   * (src/retention/own-records.ts). Their batches are their own transactions and evidence.
   */
  readonly ownRecords?: (runId: string, at: Date) => Promise<readonly SweepCollectionReport[]>;
  /** Called after each batch is recorded (progress output; tests stop a run here). */
  readonly onBatch?: (batch: BatchDone) => void | Promise<void>;
}

export interface BatchDone {
  readonly runId: string;
  readonly datastore: string;
  readonly collection: string;
  readonly rows: number;
}

/** Per collection, the counts so far and where the run got to (a `retention_progress` row). */
interface Progress {
  report: Mutable<SweepCollectionReport>;
  after: RowKey | undefined;
  /** The batches under way, written before they are applied. */
  pending: Pending | undefined;
  done: boolean;
}

/**
 * A page as a batch: the keys to change, or (a plain delete, `KeyRange`) the range of keys whose
 * due rows to delete; the rows kept; and the key it ends at.
 */
interface Batch {
  keys: RowKey[];
  range?: { after: RowKey | undefined; rows: number };
  restricted: number;
  openRequest: number;
  next: RowKey;
}

/** A batch deleted by range: after `after` (from the first key when absent) through `through`. */
interface PendingRange {
  after: RowKey | undefined;
  through: RowKey;
  /** The rows due in it when it was read. */
  rows: number;
}

/** Batches read but not yet recorded: their keys, or their ranges; ending at `after`. */
interface Pending {
  keys: RowKey[];
  ranges: PendingRange[];
  after: RowKey;
}

/** Batches as the pending ones, ending where the last of them ends. */
function pendingOf(...batches: (Batch | undefined)[]): Pending | undefined {
  const present = batches.filter((batch): batch is Batch => batch !== undefined);
  const keys = present.flatMap((batch) => batch.keys);
  const ranges = present.flatMap((batch) =>
    batch.range === undefined || batch.range.rows === 0
      ? []
      : [{ after: batch.range.after, through: batch.next, rows: batch.range.rows }],
  );
  const last = present.at(-1);
  return (keys.length === 0 && ranges.length === 0) || last === undefined
    ? undefined
    : { keys, ranges, after: last.next };
}

/** `pending` as `retention_progress` stores it. */
function storedPending(pending: Pending | undefined): string | null {
  if (pending === undefined) return null;
  return JSON.stringify({
    keys: storeKeys(pending.keys),
    ...(pending.ranges.length === 0
      ? {}
      : {
          ranges: pending.ranges.map((range) => ({
            after: range.after?.map(toPlain) ?? null,
            through: range.through.map(toPlain),
            rows: range.rows,
          })),
        }),
    after: pending.after.map(toPlain),
  });
}

function loadedPending(stored: unknown): Pending | undefined {
  if (stored === null || stored === undefined) return undefined;
  const pending = stored as {
    keys?: StoredKeys;
    ranges?: { after: PlainValue[] | null; through: PlainValue[]; rows: number }[];
    after: PlainValue[];
  };
  return {
    keys: pending.keys === undefined ? [] : loadKeys(pending.keys),
    ranges: (pending.ranges ?? []).map((range) => ({
      after: range.after === null ? undefined : range.after.map(fromPlain),
      through: range.through.map(fromPlain),
      rows: range.rows,
    })),
    after: pending.after.map(fromPlain),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A collection's report while the run counts into it. */
type Counting = Omit<Mutable<SweepCollectionReport>, 'kept'> & {
  kept: Mutable<SweepCollectionReport['kept']>;
};

interface Run {
  readonly id: string;
  readonly at: Date;
  readonly resumed: boolean;
  readonly startedAt: Date;
  readonly holder: string;
}

/**
 * A retention sweep (GDPR Art. 5(1)(e), 17(1)(a); CCPA 1798.100(a)(3)): in every collection with a
 * retention rule, the rows past their period that nothing keeps are deleted, or anonymised by their
 * fields' strategies where the collection's `erase` is `update`. What the plan counts, done:
 * - rows under a legal hold, or part of a held row, are not touched (GDPR Art. 17(3)(b), (e));
 * - rows of restricted people (Art. 18(1)(c)), by the ledger or the row's restriction flag, and of
 *   people with a request open, are kept (src/retention/kept.ts);
 * - within a datastore, collections that reference others are swept first, and a row that a kept
 *   row still references is kept (`kept.referenced`); rows `partOf` it with no rule of their own go
 *   with it, in the same transaction, as in an erasure.
 *
 * Each batch is a keyset page (in primary-key order, from where the last one stopped), then one
 * short transaction on the datastore that locks the page's rows still due, re-checked against the
 * rule, waiting at most SWEEP_LOCK_TIMEOUT_MS for a lock and SWEEP_STATEMENT_TIMEOUT_MS per
 * statement, and changes them; a plain delete reads only where its page ends and deletes the due
 * rows of that key range in one statement (`rangeWalk`). Its outcome is then one evidence record
 * (counts only) and the new position, committed together. A failure stops that collection, reported with its error;
 * the others carry on.
 *
 * One run at a time, held by a lease. A run that stopped midway (a crash, a kill) is carried on by
 * the next invocation, from each collection's position and with the run's own instant, so it ends
 * in the state an uninterrupted run would have. The keys (or key range) of a batch under way are
 * kept until its outcome is recorded: after a crash, its rows gone are reported (`interrupted`) and
 * the rest are done again. Running again when nothing is due changes nothing.
 */
export async function sweepRetention(ctx: SweepContext): Promise<SweepReport> {
  const leaseMs = ctx.leaseMs ?? SWEEP_LEASE_MS;
  const run = await claimSweep(ctx, leaseMs);
  let lost = false;
  const renew = setInterval(() => {
    void renewLease(ctx.db, run, leaseMs).then(
      (held) => {
        if (!held) lost = true;
      },
      () => undefined,
    );
  }, leaseMs / 3);
  renew.unref();
  try {
    const { kept, down } = await keptAround(ctx);
    const collections: SweepCollectionReport[] = [];
    for (const datastore of ctx.map.datastores) {
      const failed = down.get(datastore.id);
      collections.push(
        ...(failed === undefined
          ? await sweepDatastore(ctx, run, datastore, kept, () => lost)
          : datastore.collections.map((collection) => ({
              ...emptyReport(datastore.id, collection.name, 'failed' as const),
              error: {
                code: failed.code,
                message: `whose rows must be kept cannot be told: ${failed.message}`,
              },
            }))),
      );
    }
    if (ctx.ownRecords !== undefined) collections.push(...(await ctx.ownRecords(run.id, run.at)));
    const finishedAt = new Date();
    const report: SweepReport = {
      runId: run.id,
      at: run.at.toISOString(),
      startedAt: run.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      resumed: run.resumed,
      status: collections.some((c) => c.status === 'failed') ? 'partial' : 'completed',
      collections,
    };
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('retention_runs')
        .set({
          status: report.status,
          finished_at: finishedAt,
          report: JSON.stringify(report),
        })
        .where('id', '=', run.id)
        .where('holder', '=', run.holder)
        .execute();
      await appendEvidence(trx, {
        actor: ctx.actor,
        action: 'retention.swept',
        at: finishedAt,
        details: {
          run: run.id,
          status: report.status,
          resumed: run.resumed,
          deleted: total(collections, (c) => c.deleted + sum(c.withParent)),
          anonymised: total(collections, (c) => c.anonymised),
          failed: collections.filter((c) => c.status === 'failed').length,
          collections: collections.length,
        },
      });
    });
    return report;
  } finally {
    clearInterval(renew);
  }
}

/**
 * The people to keep, found in the datastores that answer. A datastore that fails (down, a
 * renamed column) is left out with the datastores a declared reference links it to, whose people
 * could be told only through it; those are not swept this run.
 */
async function keptAround(
  ctx: SweepContext,
): Promise<{ kept: KeptPeople; down: Map<string, CustodianError> }> {
  const down = new Map<string, CustodianError>();
  for (;;) {
    const datastores = ctx.map.datastores.filter((datastore) => !down.has(datastore.id));
    try {
      return { kept: await keptPeople({ ...ctx, map: { ...ctx.map, datastores } }), down };
    } catch (error) {
      if (!(error instanceof CustodianError)) throw error;
      const id = error.details['datastore'];
      if (typeof id !== 'string' || !datastores.some((datastore) => datastore.id === id)) {
        throw error;
      }
      down.set(id, error);
      for (const datastore of datastores) {
        const linked = datastore.collections.some((collection) =>
          collection.references.some((reference) => reference.to.datastore === id),
        );
        const linking = ctx.map.datastores
          .find((candidate) => candidate.id === id)
          ?.collections.some((collection) =>
            collection.references.some((reference) => reference.to.datastore === datastore.id),
          );
        if (linked || linking === true) down.set(datastore.id, error);
      }
    }
  }
}

function total(
  collections: readonly SweepCollectionReport[],
  of: (c: SweepCollectionReport) => number,
): number {
  return collections.reduce((n, c) => n + of(c), 0);
}

function sum(counts: Readonly<Record<string, number>> | undefined): number {
  return Object.values(counts ?? {}).reduce((n, c) => n + c, 0);
}

/**
 * Takes the one running sweep: a new run, or one whose holder stopped (its lease ran out, or its
 * process on this host is gone). A live holder's run is refused with `retention.already_running`.
 */
async function claimSweep(ctx: SweepContext, leaseMs: number): Promise<Run> {
  const holder = { holder: randomUUID(), host: hostname(), pid: process.pid };
  const wall = new Date();
  const expires = new Date(wall.getTime() + leaseMs);
  const running = await ctx.db
    .selectFrom('retention_runs')
    .selectAll()
    .where('status', '=', 'running')
    .executeTakeFirst();
  if (running !== undefined) {
    const dead =
      new Date(running.expires_at).getTime() <= wall.getTime() ||
      (running.host === holder.host && !processAlive(running.pid));
    if (dead) {
      const taken = await ctx.db
        .updateTable('retention_runs')
        .set({ ...holder, expires_at: expires })
        .where('id', '=', running.id)
        .where('holder', '=', running.holder)
        .executeTakeFirst();
      if (taken.numUpdatedRows > 0n) {
        return {
          id: running.id,
          at: new Date(running.at),
          resumed: true,
          startedAt: new Date(running.started_at),
          holder: holder.holder,
        };
      }
    }
    throw alreadyRunning();
  }
  const id = randomUUID();
  try {
    await ctx.db
      .insertInto('retention_runs')
      .values({
        id,
        at: ctx.now,
        started_at: wall,
        status: 'running',
        trigger: ctx.trigger,
        ...holder,
        expires_at: expires,
      })
      .execute();
  } catch (error) {
    // Two runs starting at once: the partial unique index lets one in.
    if ((error as { code?: unknown }).code === '23505') throw alreadyRunning();
    throw error;
  }
  return { id, at: ctx.now, resumed: false, startedAt: wall, holder: holder.holder };
}

function alreadyRunning(): CustodianError {
  return new CustodianError(
    'retention.already_running',
    'a retention sweep is running in another process; this one can run once it ends',
  );
}

async function renewLease(db: Kysely<Database>, run: Run, leaseMs: number): Promise<boolean> {
  const result = await db
    .updateTable('retention_runs')
    .set({ expires_at: new Date(Date.now() + leaseMs) })
    .where('id', '=', run.id)
    .where('holder', '=', run.holder)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

async function sweepDatastore(
  ctx: SweepContext,
  run: Run,
  datastore: Datastore,
  kept: Awaited<ReturnType<typeof keptPeople>>,
  leaseLost: () => boolean,
): Promise<SweepCollectionReport[]> {
  const connector = ctx.connectors.get(datastore.id);
  let live: LiveSchema | undefined;
  let schemaError: CustodianError | undefined;
  try {
    live = await connector?.introspect?.();
  } catch (error) {
    if (!(error instanceof CustodianError)) throw error;
    schemaError = error;
  }
  const graph = references([datastore], new Map(live === undefined ? [] : [[datastore.id, live]]));
  const reports: SweepCollectionReport[] = [];
  for (const collection of childrenFirst(datastore, graph)) {
    const progress = await loadProgress(ctx.db, run, datastore, collection);
    if (progress.done) {
      reports.push(progress.report);
      continue;
    }
    if (leaseLost()) {
      throw new CustodianError(
        'retention.lease_lost',
        'another process took this retention sweep over; this one stopped',
      );
    }
    const sweep = new CollectionSweep(ctx, run, datastore, collection, {
      connector,
      live,
      schemaError,
      graph,
      kept,
      progress,
    });
    reports.push(await sweep.run());
  }
  return reports;
}

/**
 * The collections of a datastore, each after every collection that references it (children
 * before parents, as an erasure deletes them); declared order otherwise. A cycle is cut where
 * it is met.
 */
export function childrenFirst(
  datastore: Datastore,
  graph: readonly Reference[],
): DatastoreCollection[] {
  const order: DatastoreCollection[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (collection: DatastoreCollection): void => {
    if (state.has(collection.name)) return;
    state.set(collection.name, 'visiting');
    for (const reference of graph) {
      if (reference.to.datastore !== datastore.id) continue;
      if (reference.to.collection !== collection.name) continue;
      if (reference.from.datastore !== datastore.id) continue;
      const child = datastore.collections.find((c) => c.name === reference.from.collection);
      if (child !== undefined && child !== collection) visit(child);
    }
    state.set(collection.name, 'done');
    order.push(collection);
  };
  for (const collection of datastore.collections) visit(collection);
  return order;
}

async function loadProgress(
  db: Kysely<Database>,
  run: Run,
  datastore: Datastore,
  collection: DatastoreCollection,
): Promise<Progress> {
  const row = await db
    .selectFrom('retention_progress')
    .selectAll()
    .where('run_id', '=', run.id)
    .where('datastore', '=', datastore.id)
    .where('collection', '=', collection.name)
    .executeTakeFirst();
  if (row === undefined) {
    const report = emptyReport(datastore.id, collection.name, 'swept');
    await db
      .insertInto('retention_progress')
      .values({
        run_id: run.id,
        datastore: datastore.id,
        collection: collection.name,
        report: JSON.stringify(report),
      })
      .execute();
    return { report, after: undefined, pending: undefined, done: false };
  }
  return {
    report: row.report as Mutable<SweepCollectionReport>,
    after: row.after === null ? undefined : (row.after as PlainValue[]).map(fromPlain),
    pending: loadedPending(row.pending),
    done: row.done,
  };
}

/** How a plain delete walks by key range (`rangeWalk`). */
interface RangeWalk {
  /** The rule, and not a kept person's row. */
  readonly due: Condition;
  /** Keys of the rows of restricted people, and of people with a request open. */
  readonly restricted: Value[][];
  readonly open: Value[][];
}

interface CollectionDeps {
  readonly connector: Connector | undefined;
  readonly live: LiveSchema | undefined;
  readonly schemaError: CustodianError | undefined;
  readonly graph: readonly Reference[];
  readonly kept: Awaited<ReturnType<typeof keptPeople>>;
  readonly progress: Progress;
}

/** One collection's part of a run. */
class CollectionSweep {
  private readonly report: Counting;
  private readonly name: string;
  private batch: number;

  constructor(
    private readonly ctx: SweepContext,
    private readonly sweepRun: Run,
    private readonly datastore: Datastore,
    private readonly collection: DatastoreCollection,
    private readonly deps: CollectionDeps,
  ) {
    this.report = { ...deps.progress.report, kept: { ...deps.progress.report.kept } };
    this.name = `${datastore.id}/${collection.name}`;
    this.batch = Math.max(1, ctx.batchSize ?? SWEEP_BATCH);
  }

  async run(): Promise<SweepCollectionReport> {
    const { collection, datastore } = this;
    const rule = collection.retention;
    const resolved = collectionPeriod(this.ctx.map, collection);
    if (rule === undefined || resolved === undefined || resolved.kind === 'unknown') {
      return this.finish({ status: 'no-rule' });
    }
    if (resolved.kind !== 'period') return this.finish({ status: 'unbounded' });
    const action =
      collection.erase === 'keep' ? 'keep' : collection.erase === 'delete' ? 'delete' : 'anonymise';
    const cutoff = subtractDuration(this.sweepRun.at, resolved.period);
    Object.assign(this.report, { action, cutoff: cutoff.toISOString() });
    if (action === 'keep') return this.finish({ status: 'keep' });
    try {
      if (this.deps.schemaError !== undefined) throw this.deps.schemaError;
      const connector = this.deps.connector;
      if (connector?.page === undefined || connector.lockAndApply === undefined) {
        throw new CustodianError(
          'retention.unsupported',
          `datastore "${datastore.id}" cannot be swept (a ${datastore.type} connector reads no pages); its rows stay until erasure`,
          { details: { datastore: datastore.id } },
        );
      }
      const due = this.dueCondition(cutoff, action);
      const walk = action === 'delete' ? this.rangeWalk(connector, due) : undefined;
      await this.resolvePending(connector, walk?.due ?? due);
      await this.sweep(connector, due, action, walk);
      if (walk !== undefined) await this.countKeptPeople(connector, due, walk);
      await this.countKept(connector, cutoff);
      return await this.finish({ status: 'swept' });
    } catch (error) {
      if (!(error instanceof CustodianError)) throw error;
      if (error.code === 'retention.lease_lost') throw error;
      return await this.finish({
        status: 'failed',
        error: { code: error.code, message: error.message },
      });
    }
  }

  /**
   * Past retention, not held, not flagged restricted; for a delete, also referenced by no row of
   * another collection that stays (the referencing collections were swept first).
   */
  private dueCondition(cutoff: Date, action: 'delete' | 'anonymise'): Condition {
    const { datastore, collection } = this;
    const flag = collection.restrictionFlag;
    const of: Condition[] = [
      pastCondition(datastore, collection, cutoff),
      { kind: 'not', of: heldCondition(datastore, collection, this.sweepRun.at, new Set()) },
    ];
    if (flag !== undefined) {
      of.push({
        kind: 'or',
        of: [
          { kind: 'isNull', column: flag },
          { kind: 'not', of: { kind: 'isTrue', column: flag } },
        ],
      });
    }
    if (action === 'delete') {
      for (const reference of this.referencing()) {
        const child = this.collectionNamed(reference.from.collection);
        if (child === undefined || this.isDependent(reference, child)) continue;
        of.push({
          kind: 'not',
          of: {
            kind: 'exists',
            collection: child,
            link: reference.toFields.map(
              (field, i) => [field, reference.fields[i] ?? field] as const,
            ),
            where: { kind: 'all' },
          },
        });
      }
    }
    return { kind: 'and', of };
  }

  /** References from collections of this datastore to this one. */
  private referencing(): Reference[] {
    return this.deps.graph.filter(
      (reference) =>
        reference.to.datastore === this.datastore.id &&
        reference.to.collection === this.collection.name &&
        reference.from.datastore === this.datastore.id,
    );
  }

  private collectionNamed(name: string): DatastoreCollection | undefined {
    return this.datastore.collections.find((candidate) => candidate.name === name);
  }

  /** A row part of this one (`partOf`) that has no retention of its own goes with it. */
  private isDependent(reference: Reference, child: DatastoreCollection): boolean {
    return reference.partOf && child.retention === undefined && child !== this.collection;
  }

  private dependents() {
    return this.referencing().flatMap((reference) => {
      const child = this.collectionNamed(reference.from.collection);
      return child !== undefined && this.isDependent(reference, child)
        ? [{ collection: child, fields: reference.fields, toFields: reference.toFields }]
        : [];
    });
  }

  /**
   * A batch whose outcome was never recorded (the process stopped between applying it and
   * recording it): its rows still due are locked and left as they are; those gone were deleted
   * by it, and are reported now. The rest are done again by the pages that follow.
   */
  private async resolvePending(connector: Connector, due: Condition): Promise<void> {
    const pending = this.deps.progress.pending;
    if (pending === undefined) return;
    let gone = 0;
    if (pending.keys.length > 0 && connector.lockAndApply !== undefined) {
      const still = await connector.lockAndApply({
        collection: this.collection,
        keys: pending.keys,
        // Every row that still exists, due or not: only those gone were deleted by the batch.
        where: { kind: 'all' },
        columns: [],
        changes: () => [],
        lockTimeoutMs: this.ctx.lockTimeoutMs ?? SWEEP_LOCK_TIMEOUT_MS,
        statementTimeoutMs: this.ctx.statementTimeoutMs ?? SWEEP_STATEMENT_TIMEOUT_MS,
      });
      gone += pending.keys.length - still.locked.length;
    }
    // A range deleted its due rows: those due when it was read and due no longer are gone.
    const count = connector.count?.bind(connector);
    for (const range of pending.ranges) {
      if (count === undefined) break;
      const still = await count(this.collection, this.inRange(due, range.after, range.through));
      gone += Math.max(0, range.rows - still);
    }
    const action = this.report.action;
    if (action !== 'delete') gone = 0;
    this.report.deleted += gone;
    await this.record({ rows: gone, interrupted: true, after: this.deps.progress.after });
  }

  /**
   * A plain delete walks by key range: a batch is where its page ends (`bound`) and one delete of
   * the due rows up to there, so no keys travel to Custodian and back, as in a hand-written
   * batched delete. The rows of people kept are left out of the rule by their keys, when few
   * enough to name; else, and where rows go with their parent (`dependents`), pages of keys.
   */
  private rangeWalk(connector: Connector, due: Condition): RangeWalk | undefined {
    if (connector.bound === undefined || connector.deleteWhere === undefined) return undefined;
    if (this.dependents().length > 0) return undefined;
    const restrictedKeys = this.deps.kept.restricted.get(this.name);
    const restricted = [...(restrictedKeys?.values() ?? [])];
    // A restricted person with a request open counts as restricted, as in pages of keys.
    const open = [...(this.deps.kept.openRequest.get(this.name)?.entries() ?? [])]
      .filter(([text]) => restrictedKeys?.has(text) !== true)
      .map(([, key]) => key);
    if (restricted.length > COUNT_TUPLES || open.length > COUNT_TUPLES) return undefined;
    const columns = this.collection.primaryKey;
    const of: Condition[] = [due];
    // GDPR Art. 18(1)(c): a restricted person's rows are only stored; a request decides what
    // happens to its person's rows.
    for (const tuples of [restricted, open]) {
      if (tuples.length > 0) of.push({ kind: 'not', of: { kind: 'in', columns, tuples } });
    }
    return { due: of.length === 1 ? due : { kind: 'and', of }, restricted, open };
  }

  /** The rows of kept people a range walk left out, counted once. */
  private async countKeptPeople(connector: Connector, due: Condition, walk: RangeWalk) {
    const count = connector.count?.bind(connector);
    if (count === undefined) return;
    const columns = this.collection.primaryKey;
    const among = (tuples: Value[][]): Condition => ({
      kind: 'and',
      of: [due, { kind: 'in', columns, tuples }],
    });
    if (walk.restricted.length > 0) {
      this.report.kept.restricted += await count(this.collection, among(walk.restricted));
    }
    if (walk.open.length > 0) {
      this.report.kept.openRequest += await count(this.collection, among(walk.open));
    }
  }

  /** `due` within the keys after `after` (from the first when absent) through `through`. */
  private inRange(due: Condition, after: RowKey | undefined, through: RowKey): Condition {
    const columns = this.collection.primaryKey;
    const of: Condition[] = [due, { kind: 'keyAtMost', columns, key: through }];
    if (after !== undefined) of.push({ kind: 'keyAfter', columns, key: after });
    return { kind: 'and', of };
  }

  private async sweep(
    connector: Connector,
    due: Condition,
    action: 'delete' | 'anonymise',
    walk: RangeWalk | undefined,
  ): Promise<void> {
    const page = connector.page?.bind(connector);
    const lockAndApply = connector.lockAndApply?.bind(connector);
    const bound = connector.bound?.bind(connector);
    const deleteWhere = connector.deleteWhere?.bind(connector);
    if (page === undefined || lockAndApply === undefined) return;
    const strategies = action === 'anonymise' ? this.strategies() : {};
    const columns = Object.keys(strategies);
    const dependents = action === 'delete' ? this.dependents() : [];
    const hashKey = erasureHashKey(this.ctx.secret);
    const restricted = this.deps.kept.restricted.get(this.name);
    const open = this.deps.kept.openRequest.get(this.name);
    const anyKept = (restricted?.size ?? 0) + (open?.size ?? 0) > 0;
    /** A page read from `after`: its rows to change, those kept, and where it ends. */
    const read = (after: RowKey | undefined): Promise<Batch | undefined> => {
      if (walk !== undefined && bound !== undefined) {
        const bounding = bound(this.collection, {
          where: walk.due,
          ...(after === undefined ? {} : { after }),
          limit: this.batch,
          timeoutMs: PAGE_TIMEOUT_MS,
        }).then((end): Batch | undefined =>
          end === undefined
            ? undefined
            : {
                keys: [],
                range: { after, rows: end.rows },
                restricted: 0,
                openRequest: 0,
                next: end.through,
              },
        );
        bounding.catch(() => undefined);
        return bounding;
      }
      const reading = page(this.collection, {
        where: due,
        ...(after === undefined ? {} : { after }),
        limit: this.batch,
        columns,
        timeoutMs: PAGE_TIMEOUT_MS,
      }).then((rows): Batch | undefined => {
        const last = rows.at(-1);
        if (last === undefined) return undefined;
        const batch: Batch = { keys: [], restricted: 0, openRequest: 0, next: [] };
        for (const row of rows) {
          const key = primaryKey(this.collection, row);
          if (!anyKept) {
            batch.keys.push(key);
            continue;
          }
          const text = keyText(key);
          // GDPR Art. 18(1)(c): a restricted person's rows are only stored; a request decides
          // what happens to its person's rows.
          if (restricted?.has(text) === true) batch.restricted += 1;
          else if (open?.has(text) === true) batch.openRequest += 1;
          else batch.keys.push(key);
        }
        return { ...batch, next: primaryKey(this.collection, last) };
      });
      // Read ahead while a batch is applied: a failure is seen where the page is awaited.
      reading.catch(() => undefined);
      return reading;
    };
    const apply = async (batch: Batch): Promise<{ counts: number[]; dependents: number[] }> => {
      if (batch.range !== undefined && walk !== undefined && deleteWhere !== undefined) {
        const deleted = await deleteWhere({
          collection: this.collection,
          where: this.inRange(walk.due, batch.range.after, batch.next),
          lockTimeoutMs: this.ctx.lockTimeoutMs ?? SWEEP_LOCK_TIMEOUT_MS,
          statementTimeoutMs: this.ctx.statementTimeoutMs ?? SWEEP_STATEMENT_TIMEOUT_MS,
        });
        return { counts: [deleted], dependents: [] };
      }
      return await lockAndApply({
        collection: this.collection,
        keys: batch.keys,
        where: due,
        columns,
        dependents,
        deletesLocked: action === 'delete' && dependents.length === 0,
        changes: (locked) => this.changesOf(locked, action, strategies, hashKey),
        lockTimeoutMs: this.ctx.lockTimeoutMs ?? SWEEP_LOCK_TIMEOUT_MS,
        statementTimeoutMs: this.ctx.statementTimeoutMs ?? SWEEP_STATEMENT_TIMEOUT_MS,
      });
    };
    /*
     * A pipeline: while batch k is applied on the datastore, the record of batch k-1 is written
     * to the store and page k+2 is read. Each record keeps, as pending, the two batches after it
     * (keys, or key ranges); a batch is applied only once a record (or the first save) holding it
     * is durable. So a run stopped anywhere finds every batch applied but not recorded among the
     * pending ones (resolvePending), and the store's commits overlap the datastore's.
     */
    let after = this.deps.progress.after;
    for (;;) {
      let current = await read(after);
      if (current === undefined) return;
      let next = await read(current.next);
      await this.savePending(pendingOf(current, next));
      let recording: Promise<void> = Promise.resolve();
      let restart = false;
      while (current !== undefined) {
        const batch: Batch = current;
        const ahead = next === undefined ? Promise.resolve(undefined) : read(next.next);
        let changed = 0;
        const withParent: Record<string, number> = {};
        if (batch.keys.length > 0 || (batch.range?.rows ?? 0) > 0) {
          const started = performance.now();
          let result: Awaited<ReturnType<typeof apply>>;
          try {
            result = await apply(batch);
          } catch (error) {
            await recording;
            await ahead.catch(() => undefined);
            // The datastore refused the batch and rolled it back: nothing of it was applied, and
            // nothing after it.
            if (error instanceof CustodianError && ROLLED_BACK.has(error.code)) {
              await this.savePending(undefined);
              // A batch cancelled by its time limit is tried again smaller, down to a few rows.
              if (error.code === 'datastore.timeout' && this.batch > SMALLEST_BATCH) {
                this.batch = Math.max(SMALLEST_BATCH, Math.floor(this.batch / 2));
                restart = true;
                break;
              }
            }
            throw error;
          }
          this.adapt(performance.now() - started);
          changed = result.counts.reduce((n, c) => n + c, 0);
          dependents.forEach((dependent, index) => {
            const count = result.dependents[index] ?? 0;
            if (count > 0) withParent[dependent.collection.name] = count;
          });
        }
        await recording;
        const following = await ahead;
        // GDPR Art. 18(1)(c): a restricted person's rows are only stored; a request decides
        // what happens to its person's rows.
        this.report.kept.restricted += batch.restricted;
        this.report.kept.openRequest += batch.openRequest;
        if (action === 'delete') this.report.deleted += changed;
        else this.report.anonymised += changed;
        if (Object.keys(withParent).length > 0) {
          const merged: Record<string, number> = { ...(this.report.withParent ?? {}) };
          for (const [name, count] of Object.entries(withParent)) {
            merged[name] = (merged[name] ?? 0) + count;
          }
          this.report.withParent = merged;
        }
        after = batch.next;
        const recorded = this.record({
          rows: changed,
          withParent,
          after,
          pending: pendingOf(next, following),
        }).then(() =>
          changed === 0
            ? undefined
            : this.ctx.onBatch?.({
                runId: this.sweepRun.id,
                datastore: this.datastore.id,
                collection: this.collection.name,
                rows: changed,
              }),
        );
        // Awaited before the next record, or when the pipeline ends or stops; handled now so a
        // failure meanwhile is not taken for an unhandled one.
        recording = recorded.then(() => undefined);
        recording.catch(() => undefined);
        current = next;
        next = following;
      }
      await recording;
      if (!restart) return;
    }
  }

  /** Grows the batch back after quick ones, halves it after a slow one. */
  private adapt(elapsedMs: number): void {
    const most = Math.max(1, this.ctx.batchSize ?? SWEEP_BATCH);
    if (elapsedMs > BATCH_TARGET_MS) {
      this.batch = Math.max(SMALLEST_BATCH, Math.floor(this.batch / 2));
    } else if (elapsedMs < BATCH_TARGET_MS / 5 && this.batch < most) {
      this.batch = Math.min(most, this.batch * 2);
    }
  }

  /**
   * The strategy of each personal field of an anonymised row, as erasure chooses it: the declared
   * one, else null, or a mask where the column refuses null. Key columns are never changed.
   */
  private strategies(): Record<string, FieldStrategy> {
    const table = liveTableOf(this.datastore, this.collection, this.deps.live ?? { tables: [] });
    const strategies: Record<string, FieldStrategy> = {};
    for (const field of this.collection.fields) {
      if (this.collection.primaryKey.includes(field.name)) continue;
      if (field.identity === undefined && field.categories.length === 0) continue;
      const column = table?.columns.find((candidate) => candidate.name === field.name);
      strategies[field.name] = field.erase ?? (column?.nullable === false ? 'mask' : 'null');
    }
    return strategies;
  }

  private changesOf(
    locked: readonly Row[],
    action: 'delete' | 'anonymise',
    strategies: Record<string, FieldStrategy>,
    hashKey: Buffer,
  ): Change[] {
    const name = this.collection.name;
    if (locked.length === 0) return [];
    if (action === 'delete') {
      return [
        {
          op: 'delete',
          collection: name,
          keys: locked.map((row) => primaryKey(this.collection, row)),
        },
      ];
    }
    const table = liveTableOf(this.datastore, this.collection, this.deps.live ?? { tables: [] });
    const keys: RowKey[] = [];
    const perRow: Record<string, Value>[] = [];
    for (const row of locked) {
      const values: Record<string, Value> = {};
      for (const [column, strategy] of Object.entries(strategies)) {
        const field = this.collection.fields.find((candidate) => candidate.name === column);
        const live = table?.columns.find((candidate) => candidate.name === column);
        const value = erasedValue(strategy, row[column] ?? null, {
          hashKey,
          ...(field === undefined ? {} : { field }),
          ...(live === undefined ? {} : { column: live }),
        });
        // An anonymised row is left alone: its values are already what the strategies write.
        if (!alreadyErased(strategy, row[column] ?? null, value, live?.maxLength)) {
          values[column] = value;
        }
      }
      if (Object.keys(values).length === 0) continue;
      keys.push(primaryKey(this.collection, row));
      perRow.push(values);
    }
    return keys.length === 0 ? [] : [{ op: 'update', collection: name, keys, perRow }];
  }

  /** Rows past retention kept by their restriction flag or by rows referencing them, counted once. */
  private async countKept(connector: Connector, cutoff: Date): Promise<void> {
    const count = connector.count?.bind(connector);
    if (count === undefined) return;
    const { datastore, collection } = this;
    const past = pastCondition(datastore, collection, cutoff);
    const notHeld: Condition = {
      kind: 'not',
      of: heldCondition(datastore, collection, this.sweepRun.at, new Set()),
    };
    const flag = collection.restrictionFlag;
    if (flag !== undefined) {
      this.report.kept.restricted += await count(collection, {
        kind: 'and',
        of: [past, notHeld, { kind: 'isTrue', column: flag }],
      });
    }
    if (this.report.action !== 'delete') return;
    const referenced: Condition[] = [];
    for (const reference of this.referencing()) {
      const child = this.collectionNamed(reference.from.collection);
      if (child === undefined || this.isDependent(reference, child)) continue;
      referenced.push({
        kind: 'exists',
        collection: child,
        link: reference.toFields.map((field, i) => [field, reference.fields[i] ?? field] as const),
        where: { kind: 'all' },
      });
    }
    if (referenced.length === 0) return;
    const unflagged: Condition =
      flag === undefined
        ? { kind: 'all' }
        : {
            kind: 'or',
            of: [
              { kind: 'isNull', column: flag },
              { kind: 'not', of: { kind: 'isTrue', column: flag } },
            ],
          };
    this.report.kept.referenced += await count(collection, {
      kind: 'and',
      of: [past, notHeld, unflagged, { kind: 'or', of: referenced }],
    });
  }

  /** An update of this collection's `retention_progress` row, to execute or to run alongside. */
  private progress(set: Updateable<Database['retention_progress']>) {
    return this.ctx.db
      .updateTable('retention_progress')
      .set(set)
      .where('run_id', '=', this.sweepRun.id)
      .where('datastore', '=', this.datastore.id)
      .where('collection', '=', this.collection.name);
  }

  private async savePending(pending: Pending | undefined): Promise<void> {
    await this.progress({ pending: storedPending(pending) }).execute();
  }

  /**
   * The batch's outcome, committed at once: the position and counts, and (when it changed rows)
   * its evidence record, with counts only.
   */
  private async record(batch: {
    rows: number;
    after: RowKey | undefined;
    withParent?: Record<string, number>;
    interrupted?: boolean;
    /** The next batch's keys, kept until its outcome is recorded. */
    pending?: Pending | undefined;
  }): Promise<void> {
    const changed = batch.rows > 0 || sum(batch.withParent) > 0;
    if (changed) this.report.batches += 1;
    // The counts as they stand now: the next batch may add to them while this is written.
    const report = JSON.stringify(this.report);
    const action = this.report.action ?? 'delete';
    const position = this.progress({
      after: batch.after === undefined ? null : JSON.stringify(batch.after.map(toPlain)),
      pending: storedPending(batch.pending),
      report,
    });
    if (!changed && batch.interrupted !== true) {
      await position.execute();
      return;
    }
    // GDPR Art. 5(2): what the sweep did, provable; counts only, never a key or a value. The
    // record and the new position in one statement: they commit together, in one round trip.
    await appendEvidence(
      this.ctx.db,
      {
        actor: this.ctx.actor,
        action: 'retention.batch',
        at: new Date(),
        details: {
          run: this.sweepRun.id,
          datastore: this.datastore.id,
          collection: this.collection.name,
          action,
          rows: batch.rows,
          ...(batch.withParent === undefined || Object.keys(batch.withParent).length === 0
            ? {}
            : { withParent: batch.withParent }),
          ...(batch.interrupted === true ? { interrupted: true } : {}),
        },
      },
      { alongside: position },
    );
  }

  private async finish(
    outcome: Pick<SweepCollectionReport, 'status'> & Partial<Pick<SweepCollectionReport, 'error'>>,
  ): Promise<SweepCollectionReport> {
    this.report.status = outcome.status;
    if (outcome.error !== undefined) this.report.error = outcome.error;
    await this.progress({ done: true, report: JSON.stringify(this.report) }).execute();
    return { ...this.report };
  }
}

/**
 * Whether a field already holds what its strategy writes, so a second sweep leaves the row alone.
 * Null, mask and generalise give the same value again; a keyed hash would hash the hash, so a
 * text of lower-case hex as long as the hash (cut to the column) is taken as one already. A hashed
 * number or byte string cannot be told apart and is hashed again (still anonymous, counted again).
 */
function alreadyErased(
  strategy: FieldStrategy,
  current: Value,
  erased: Value,
  maxLength: number | undefined,
): boolean {
  if (keyText([current]) === keyText([erased])) return true;
  if (strategy !== 'hash' || typeof current !== 'string') return false;
  return current.length === Math.min(64, maxLength ?? 64) && HEX.test(current);
}

const HEX = /^[0-9a-f]+$/;

/** Errors that come back before a commit: the datastore rolled the batch back. */
const ROLLED_BACK = new Set([
  'datastore.locked',
  'datastore.timeout',
  'datastore.query_failed',
  'datastore.undeclared_column',
  'datastore.change_invalid',
]);

/** The sweeps recorded so far, newest first. */
export async function sweepRuns(
  db: Kysely<Database>,
  limit = 20,
): Promise<
  {
    id: string;
    at: Date;
    startedAt: Date;
    finishedAt: Date | null;
    status: string;
    trigger: string;
    report: SweepReport | null;
  }[]
> {
  const rows = await db
    .selectFrom('retention_runs')
    .selectAll()
    .orderBy('started_at', 'desc')
    .limit(Math.max(1, Math.min(1000, limit)))
    .execute();
  return rows.map((row) => ({
    id: row.id,
    at: new Date(row.at),
    startedAt: new Date(row.started_at),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
    status: row.status,
    trigger: row.trigger,
    report: (row.report ?? null) as SweepReport | null,
  }));
}
