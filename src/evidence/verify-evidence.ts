import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/index.js';
import { evidenceHash, GENESIS_HASH } from './evidence-hash.js';
import { readHead } from './evidence-head.js';

/**
 * How a chain breaks, at the first sequence where it does:
 * - `missing`: that sequence is absent (a record was deleted, or the tail cut off);
 * - `reordered`: the record there does not link to the hash of the one before it (rows swapped or
 *   moved, or a predecessor rewritten together with its own hash);
 * - `altered`: the record's content no longer gives its hash;
 * - `head-mismatch`: the head row disagrees with the last record, or a record lies beyond it.
 */
export type EvidenceBreak = 'altered' | 'missing' | 'reordered' | 'head-mismatch';

/** The outcome of a verification; `count` is the number of records that verified before a break. */
export type EvidenceVerification =
  | { readonly ok: true; readonly count: number }
  | {
      readonly ok: false;
      readonly count: number;
      readonly brokenAt: number;
      readonly reason: EvidenceBreak;
    };

/** A point of the chain: a sequence and the hash of its record (seq 0: the genesis hash). */
export interface EvidencePoint {
  readonly seq: number;
  readonly hash: string;
}

/**
 * The outcome of verifying part of the chain: `verified` is the last record that verified (the
 * starting point when none did), `headSeq` the head's sequence when the walk began. `complete`
 * says the walk reached the head and checked it; otherwise it stopped at its bound.
 */
export type EvidenceRangeVerification =
  | {
      readonly ok: true;
      readonly verified: EvidencePoint;
      readonly headSeq: number;
      readonly complete: boolean;
    }
  | {
      readonly ok: false;
      readonly verified: EvidencePoint;
      readonly headSeq: number;
      readonly brokenAt: number;
      readonly reason: EvidenceBreak;
    };

/**
 * Walks the chain in sequence order, in batches (it may hold millions of records), recomputing
 * every hash and link, and checks the head against the last record. Reports the first break.
 *
 * Runs without a long transaction, so appends go on meanwhile: it reads the head first and checks
 * the records up to it. That is exact because a record and the head that names it commit together,
 * and each append waits for the one before it to commit.
 */
export async function verifyEvidence(
  db: Kysely<Database>,
  options: { batchSize?: number } = {},
): Promise<EvidenceVerification> {
  const result = await verifyEvidenceFrom(
    db,
    { seq: 0, hash: GENESIS_HASH },
    options.batchSize === undefined ? {} : { batchSize: options.batchSize },
  );
  return result.ok
    ? { ok: true, count: result.verified.seq }
    : { ok: false, count: result.verified.seq, brokenAt: result.brokenAt, reason: result.reason };
}

/**
 * What `verifyEvidence` does, from a point already verified (a checkpoint) instead of the genesis,
 * and bounded: it stops after `maxRecords` records, or at the end of the batch in which
 * `deadline` (a `performance.now()` value) passed, with `complete: false`. Trusts `from`: records
 * up to it are not read, except that the next record must link to its hash, and the head must
 * carry it when nothing came after it.
 */
export async function verifyEvidenceFrom(
  db: Kysely<Database>,
  from: EvidencePoint,
  options: { batchSize?: number; maxRecords?: number; deadline?: number } = {},
): Promise<EvidenceRangeVerification> {
  const batchSize = options.batchSize ?? 5000;
  const head = await readHead(db);
  let verified = from;
  const broken = (brokenAt: number, reason: EvidenceBreak): EvidenceRangeVerification => ({
    ok: false,
    verified,
    headSeq: head?.seq ?? 0,
    brokenAt,
    reason,
  });
  if (head === undefined) return broken(0, 'head-mismatch');
  // A starting point past the head: the head was moved back over records once verified.
  if (from.seq > head.seq) return broken(head.seq, 'head-mismatch');

  const stop = Math.min(head.seq, from.seq + (options.maxRecords ?? Number.POSITIVE_INFINITY));
  let count = from.seq;
  let prevHash = from.hash;
  let timedOut = false;
  while (count < stop) {
    if (
      options.deadline !== undefined &&
      count > from.seq &&
      performance.now() > options.deadline
    ) {
      timedOut = true;
      break;
    }
    const rows = await db
      .selectFrom('evidence')
      .select([
        'seq',
        'recorded_at',
        'actor',
        'action',
        'subject_ref',
        'details',
        'prev_hash',
        'hash',
        // A Date keeps milliseconds only: microseconds written in by hand would pass unseen.
        sql<boolean>`date_trunc('milliseconds', recorded_at) <> recorded_at`.as('sub_millisecond'),
      ])
      .where('seq', '>', String(count))
      .where('seq', '<=', String(stop))
      .orderBy('seq')
      .limit(Math.min(batchSize, stop - count))
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      const expected = count + 1;
      if (seq !== expected) return broken(expected, 'missing');
      if (row.prev_hash !== prevHash) return broken(seq, 'reordered');
      if (row.sub_millisecond || recompute(seq, row) !== row.hash) return broken(seq, 'altered');
      prevHash = row.hash;
      count = seq;
      verified = { seq, hash: row.hash };
    }
  }
  // The records ran out before the bound: the next one is absent.
  if (count < stop && !timedOut) return broken(count + 1, 'missing');
  if (count < head.seq) return { ok: true, verified, headSeq: head.seq, complete: false };
  if (head.hash !== prevHash) return broken(head.seq, 'head-mismatch');

  // A record past the head is tampering, unless the head has moved on since it was read.
  const beyond = await db
    .selectFrom('evidence')
    .select('seq')
    .where('seq', '>', String(head.seq))
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  if (beyond !== undefined) {
    const now = await readHead(db);
    if (now === undefined || Number(beyond.seq) > now.seq) {
      return broken(Number(beyond.seq), 'head-mismatch');
    }
  }
  return { ok: true, verified, headSeq: head.seq, complete: true };
}
/** The hash a stored row should carry; undefined when its content cannot be hashed at all. */
function recompute(
  seq: number,
  row: {
    recorded_at: Date;
    actor: string;
    action: string;
    subject_ref: string | null;
    details: Record<string, unknown>;
    prev_hash: string;
  },
): string | undefined {
  try {
    return evidenceHash({
      seq,
      recordedAt: row.recorded_at,
      actor: row.actor,
      action: row.action,
      subjectRef: row.subject_ref,
      details: row.details,
      prevHash: row.prev_hash,
    });
  } catch {
    // A time edited to 'infinity' has no ISO form: the record was altered.
    return undefined;
  }
}
