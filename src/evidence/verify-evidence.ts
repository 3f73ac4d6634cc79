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
  const batchSize = options.batchSize ?? 5000;
  const head = await readHead(db);
  if (head === undefined) return { ok: false, count: 0, brokenAt: 0, reason: 'head-mismatch' };

  let count = 0;
  let prevHash = GENESIS_HASH;
  const broken = (brokenAt: number, reason: EvidenceBreak): EvidenceVerification => ({
    ok: false,
    count,
    brokenAt,
    reason,
  });

  while (count < head.seq) {
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
      .where('seq', '<=', String(head.seq))
      .orderBy('seq')
      .limit(batchSize)
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
    }
  }
  if (count < head.seq) return broken(count + 1, 'missing');
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
  return { ok: true, count };
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
