import type { Kysely } from 'kysely';
import { startPeriodic } from '../periodic.js';
import type { Database } from '../store/index.js';
import { GENESIS_HASH } from './evidence-hash.js';
import { verifyEvidenceFrom, type EvidenceBreak, type EvidencePoint } from './verify-evidence.js';

/** Records one check verifies at most: a chain of millions is walked over several checks. */
export const CHECK_MAX_RECORDS = 100_000;

/** Time one check spends at most (it stops at the end of a batch), well inside a request's time. */
export const CHECK_BUDGET_MS = 10_000;

/** Where the chain stands after a check. */
export interface EvidenceStatus {
  /** Records 1..verifiedSeq verified (by this check and the ones before it since `passStartedAt`). */
  readonly verifiedSeq: number;
  /** The head's sequence when the check began. */
  readonly headSeq: number;
  /** Where this check started: 0 from the genesis, else the stored checkpoint. */
  readonly startedAt: number;
  /** The first bad record this check found, at or after `startedAt + 1`. */
  readonly broken?: { readonly at: number; readonly reason: EvidenceBreak };
  /** When the walk that verified records 1..verifiedSeq started from the genesis. */
  readonly passStartedAt: Date | null;
  /** When a walk from the genesis last reached the head, and that head's sequence. */
  readonly genesisVerifiedAt: Date | null;
  readonly genesisVerifiedSeq: number | null;
}

/**
 * Verifies the chain from the stored checkpoint onwards (or from the genesis when `fromGenesis`),
 * at most `maxRecords` records and about `budgetMs`, and moves the checkpoint to the last record
 * that verified, unless `persist` is false. The console's page view checks what was appended since
 * the checkpoint without moving it (opening a page changes nothing); its POST, and the periodic
 * check of `serve` (startEvidenceCheck), move it.
 *
 * The checkpoint is a cache, not a proof: whoever can write the database can rewrite it with the
 * chain. Records up to it are trusted, except that the next record must still link to its hash.
 * `verifyEvidence` (the CLI) never reads it; verifying from the genesis here walks the whole chain
 * again, over as many checks as it needs. Concurrent checks are safe: the checkpoint moves only
 * from the value a check started from.
 */
export async function checkEvidence(
  db: Kysely<Database>,
  options: {
    readonly now: Date;
    readonly fromGenesis?: boolean;
    readonly maxRecords?: number;
    readonly budgetMs?: number;
    /** Store where the check reached (default); false to only look. */
    readonly persist?: boolean;
  },
): Promise<EvidenceStatus> {
  const row = await db
    .selectFrom('evidence_checkpoint')
    .selectAll()
    .where('id', '=', 1)
    .executeTakeFirst();
  const stored: EvidencePoint =
    row === undefined ? { seq: 0, hash: GENESIS_HASH } : { seq: Number(row.seq), hash: row.hash };
  const from: EvidencePoint =
    options.fromGenesis === true ? { seq: 0, hash: GENESIS_HASH } : stored;
  const result = await verifyEvidenceFrom(db, from, {
    maxRecords: options.maxRecords ?? CHECK_MAX_RECORDS,
    deadline: performance.now() + (options.budgetMs ?? CHECK_BUDGET_MS),
  });

  // A walk from the genesis starts a new pass; it completes when it first reaches the head.
  const passStartedAt = from.seq === 0 ? options.now : (toDate(row?.pass_started_at) ?? null);
  let genesisVerifiedAt = toDate(row?.genesis_verified_at) ?? null;
  let genesisVerifiedSeq =
    row?.genesis_verified_seq == null ? null : Number(row.genesis_verified_seq);
  const passDone =
    genesisVerifiedAt !== null && passStartedAt !== null && genesisVerifiedAt >= passStartedAt;
  if (result.ok && result.complete && passStartedAt !== null && !passDone) {
    genesisVerifiedAt = options.now;
    genesisVerifiedSeq = result.verified.seq;
  }

  const values = {
    seq: String(result.verified.seq),
    hash: result.verified.hash,
    pass_started_at: passStartedAt,
    genesis_verified_at: genesisVerifiedAt,
    genesis_verified_seq: genesisVerifiedSeq === null ? null : String(genesisVerifiedSeq),
    updated_at: options.now,
  };
  if (options.persist === false) {
    // Only looked: nothing stored.
  } else if (row === undefined) {
    await db
      .insertInto('evidence_checkpoint')
      .values({ id: 1, ...values })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute();
  } else {
    // Compare and set: a check that ran meanwhile (or a reset to the genesis) wins.
    await db
      .updateTable('evidence_checkpoint')
      .set(values)
      .where('id', '=', 1)
      .where('seq', '=', row.seq)
      .where('hash', '=', row.hash)
      .execute();
  }

  return {
    verifiedSeq: result.verified.seq,
    headSeq: result.headSeq,
    startedAt: from.seq,
    ...(result.ok ? {} : { broken: { at: result.brokenAt, reason: result.reason } }),
    passStartedAt,
    genesisVerifiedAt,
    genesisVerifiedSeq,
  };
}

function toDate(value: Date | string | null | undefined): Date | undefined {
  if (value === null || value === undefined) return undefined;
  return value instanceof Date ? value : new Date(value);
}

/**
 * Moves the console's checkpoint along the chain now and then every `intervalMs` (a quarter of an
 * hour by default), one bounded check at a time, so the evidence page opens on a recent status
 * without writing anything itself. Safe from several processes at once (compare and set). `stop`
 * ends it.
 */
export function startEvidenceCheck(
  db: Kysely<Database>,
  options: {
    readonly now: () => Date;
    readonly intervalMs?: number;
    readonly onError?: (error: unknown) => void;
    readonly onSuccess?: () => void;
    /** A check found a bad record: the operator must hear of it, not only the console's readers. */
    readonly onBroken?: (broken: NonNullable<EvidenceStatus['broken']>) => void;
  },
): { stop: () => Promise<void> } {
  return startPeriodic(
    async () => {
      const status = await checkEvidence(db, { now: options.now() });
      if (status.broken !== undefined) options.onBroken?.(status.broken);
    },
    options.intervalMs ?? 15 * 60_000,
    options,
  );
}
