import { sql, type Kysely, type Transaction } from 'kysely';
import { COUNT_TIMEOUT_MS } from '../datastores/count.js';
import { CustodianError } from '../errors.js';
import { appendEvidence } from '../evidence/index.js';
import {
  deleteReplacedChoices,
  lastLedgerEventId,
  replacedChoicesBefore,
  replacedChoicesKept,
  type ReplacedChoicesKeep,
} from '../ledger/index.js';
import { deleteSentMail, sentMailBefore } from '../mail/index.js';
import type { DataMap } from '../map/index.js';
import {
  closedRequestsKept,
  deleteClosedRequests,
  openRequestEmailHashes,
} from '../requests/index.js';
import type { Database } from '../store/index.js';
import { subtractDuration, type CollectionPlan } from './plan.js';
import { emptyReport, OWN_RECORDS, type SweepCollectionReport } from './report.js';

/** Rows one batch deletes at most: one short transaction each. */
export const OWN_RECORDS_BATCH = 500;

export interface OwnRecordsContext {
  readonly db: Kysely<Database>;
  readonly map: DataMap;
  /** Every period counts back from this instant. */
  readonly now: Date;
  /** The sweep run each batch's evidence record names. */
  readonly runId: string;
  /** Who sweeps, for the evidence chain: 'system', 'cli'. */
  readonly actor: string;
  readonly batchSize?: number;
  /** When each batch is recorded as done; the wall clock by default. */
  readonly clock?: () => Date;
}

type Kept = SweepCollectionReport['kept'];
const NOTHING_KEPT: Kept = { restricted: 0, openRequest: 0, referenced: 0 };

/** How one collection of Custodian's own store is swept, for a cutoff. */
interface OwnSweep {
  /** Deletes one batch inside `trx`; returns how many rows. */
  readonly batch: (trx: Transaction<Database>) => Promise<number>;
  /** Whether another batch may find rows, after one that deleted `deleted`. */
  readonly more: (deleted: number) => boolean;
  /** The rows past the cutoff that stay, once the sweep is done. */
  readonly kept: () => Promise<Kept>;
  /** Reads what the batches need, once per run, before the first. */
  readonly prepare?: () => Promise<void>;
}

/**
 * Sweeps Custodian's own records past the periods of the map's `records` (GDPR Art. 5(1)(e)):
 * requests closed longer than `closedRequests` with everything hanging on them, outbox mail sent
 * longer ago than `deliveredMail`, and consent choices replaced longer ago than `consentProof`
 * (Art. 7(1)). A key left out keeps its records (`no-rule`). Never touched: open requests, the
 * choice in force and its receipt, objections, suppressions, restrictions, the events of a
 * restricted person (Art. 18(1)) or of one with a request open, and the evidence chain.
 *
 * In batches of `batchSize`, each one transaction that deletes and then appends one evidence
 * record `retention.batch` with counts only (`{ run, datastore: 'custodian', collection,
 * action: 'delete', rows }`). What is left is the checkpoint: a run stopped midway and run again
 * carries on, and a second run finds nothing. One report per collection; a failure stops its
 * collection only, with what was done before it counted.
 */
export async function sweepOwnRecords(ctx: OwnRecordsContext): Promise<SweepCollectionReport[]> {
  const limit = ctx.batchSize ?? OWN_RECORDS_BATCH;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`batchSize must be a positive integer, not ${String(limit)}`);
  }
  const records = ctx.map.records ?? {};
  const reports: SweepCollectionReport[] = [];
  // Sent mail first: what is left of the outbox is what deleting a request updates.
  reports.push(
    await sweepCollection(ctx, 'outbox', records.deliveredMail, (before) => ({
      batch: (trx) => deleteSentMail(trx, before, limit),
      more: (deleted) => deleted === limit,
      kept: () => Promise.resolve(NOTHING_KEPT),
    })),
  );
  reports.push(
    await sweepCollection(ctx, 'requests', records.closedRequests, (before) => ({
      batch: (trx) => deleteClosedRequests(trx, before, limit),
      more: (deleted) => deleted === limit,
      kept: async () => {
        const kept = await closedRequestsKept(ctx.db, before);
        // An open appeal is a request still open about these; an appeal waits for its request.
        return { restricted: 0, openRequest: kept.appealOpen, referenced: kept.appealedKept };
      },
    })),
  );
  reports.push(await sweepConsent(ctx, records.consentProof, limit));
  return reports;
}

async function sweepConsent(
  ctx: OwnRecordsContext,
  period: string | undefined,
  limit: number,
): Promise<SweepCollectionReport> {
  return sweepCollection(ctx, 'ledger_events', period, (before) => {
    let keep: ReplacedChoicesKeep = { emailHashes: [] };
    let after = 0;
    let upTo = 0;
    return {
      // Read once per run: who has a request open, and where the ledger ends now.
      prepare: async () => {
        keep = { emailHashes: await openRequestEmailHashes(ctx.db) };
        upTo = await lastLedgerEventId(ctx.db);
      },
      batch: async (trx) => {
        const done = await deleteReplacedChoices(trx, { before, after, upTo, limit, keep });
        after = done.next;
        return done.deleted;
      },
      more: () => after < upTo,
      kept: async () => ({ ...NOTHING_KEPT, ...(await replacedChoicesKept(ctx.db, before, keep)) }),
    };
  });
}

async function sweepCollection(
  ctx: OwnRecordsContext,
  collection: 'requests' | 'outbox' | 'ledger_events',
  period: string | undefined,
  define: (before: Date) => OwnSweep,
): Promise<SweepCollectionReport> {
  // No period declared: kept for ever (rule records.retention warns).
  if (period === undefined) return emptyReport(OWN_RECORDS, collection, 'no-rule');
  const cutoff = subtractDuration(ctx.now, period);
  const own = define(cutoff);
  const clock = ctx.clock ?? (() => new Date());
  let deleted = 0;
  let batches = 0;
  const base = { action: 'delete' as const, cutoff: cutoff.toISOString() };
  try {
    await own.prepare?.();
    for (;;) {
      const rows = await ctx.db.transaction().execute(async (trx) => {
        const n = await own.batch(trx);
        // The evidence record is the transaction's last write: it holds the chain's head lock.
        if (n > 0) {
          await appendEvidence(trx, {
            actor: ctx.actor,
            action: 'retention.batch',
            details: {
              run: ctx.runId,
              datastore: OWN_RECORDS,
              collection,
              action: 'delete',
              rows: n,
            },
            at: clock(),
          });
        }
        return n;
      });
      deleted += rows;
      if (rows > 0) batches += 1;
      if (!own.more(rows)) break;
    }
    return {
      ...emptyReport(OWN_RECORDS, collection, 'swept'),
      ...base,
      deleted,
      batches,
      kept: await own.kept(),
    };
  } catch (error) {
    const failure = failureOf(error, `sweeping Custodian's ${collection}`);
    return {
      ...emptyReport(OWN_RECORDS, collection, 'failed'),
      ...base,
      deleted,
      batches,
      error: failure,
    };
  }
}

/** What the plan counts of one of Custodian's own collections, past its cutoff. */
interface OwnCount {
  readonly past: number;
  readonly held?: number;
  readonly restricted?: number;
  readonly openRequest?: number;
}

/**
 * The dry run of `sweepOwnRecords` for `custodian retention plan`: per collection of Custodian's
 * own records, how many are past the map's `records` period, how many of those are kept (a
 * restricted person's, Art. 18(1); a person's with a request open; a request whose appeal is open,
 * and an appeal while the request it appeals is kept, `held` with it) and how many a sweep would
 * delete. Counting queries only.
 */
export async function planOwnRecords(ctx: {
  readonly db: Kysely<Database>;
  readonly map: DataMap;
  readonly now: Date;
}): Promise<CollectionPlan[]> {
  const records = ctx.map.records ?? {};
  return [
    await planCollection(ctx, 'outbox', records.deliveredMail, 'sent', async (db, before) => ({
      past: await sentMailBefore(db, before),
    })),
    await planCollection(ctx, 'requests', records.closedRequests, 'closed', async (db, before) => {
      const counts = await closedRequestsKept(db, before);
      return {
        past: counts.past,
        openRequest: counts.appealOpen,
        held: counts.appealedKept,
      };
    }),
    await planCollection(
      ctx,
      'ledger_events',
      records.consentProof,
      'replaced',
      async (db, before) => {
        const keep = { emailHashes: await openRequestEmailHashes(db) };
        const kept = await replacedChoicesKept(db, before, keep);
        return { past: await replacedChoicesBefore(db, before), ...kept };
      },
    ),
  ];
}

async function planCollection(
  ctx: { readonly db: Kysely<Database>; readonly now: Date },
  collection: 'requests' | 'outbox' | 'ledger_events',
  period: string | undefined,
  from: string,
  count: (db: Transaction<Database>, before: Date) => Promise<OwnCount>,
): Promise<CollectionPlan> {
  const base = { datastore: OWN_RECORDS, collection };
  // No period declared: kept for ever (rule records.retention warns).
  if (period === undefined) return { ...base, status: 'no-rule' };
  const cutoff = subtractDuration(ctx.now, period);
  const planned = {
    ...base,
    period,
    from,
    cutoff: cutoff.toISOString(),
    action: 'delete' as const,
    ...(collection === 'requests'
      ? {
          holds: [
            { reason: 'an appeal is kept while the request it appeals is', keptWith: 'requests' },
          ],
        }
      : {}),
  };
  try {
    // Counting only, and bounded as a datastore's counts are: a read-only transaction whose
    // statements are cancelled after COUNT_TIMEOUT_MS.
    const counted = await ctx.db.transaction().execute(async (trx) => {
      await sql`select set_config('transaction_read_only', 'on', true), set_config('statement_timeout', ${String(COUNT_TIMEOUT_MS)}, true)`.execute(
        trx,
      );
      return await count(trx, cutoff);
    });
    const held = counted.held ?? 0;
    const restricted = counted.restricted ?? 0;
    const openRequest = counted.openRequest ?? 0;
    return {
      ...planned,
      status: 'planned',
      past: counted.past,
      held,
      restricted,
      openRequest,
      due: counted.past - held - restricted - openRequest,
    };
  } catch (error) {
    return {
      ...planned,
      status: 'failed',
      error: failureOf(error, `counting Custodian's ${collection}`, COUNT_TIMEOUT_MS),
    };
  }
}

/**
 * What a report or plan says of a failure: a CustodianError as it is; a driver's error by what was
 * being done only, since its message can quote values.
 */
function failureOf(
  error: unknown,
  doing: string,
  timeoutMs?: number,
): { code: string; message: string } {
  if (error instanceof CustodianError) return { code: error.code, message: error.message };
  // PostgreSQL's query_canceled: the statement ran past the timeout it was given.
  if (timeoutMs !== undefined && (error as { code?: unknown }).code === '57014') {
    return { code: 'store.failed', message: `${doing} took longer than ${timeoutMs / 1000} s` };
  }
  return { code: 'store.failed', message: `${doing} failed` };
}
