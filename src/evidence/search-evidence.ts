import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/index.js';

/** One record as the console lists it: everything but the hashes. */
export interface EvidenceRecord {
  readonly seq: number;
  readonly recordedAt: Date;
  readonly actor: string;
  readonly action: string;
  readonly subjectRef: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * The records of one request (`details.requestId`) and/or one subject (`subject_ref`), newest
 * first, `limit` at a time: `before` is the sequence the previous page ended at (keyset
 * pagination), and `next` the one to ask for the page after this, if there is one. Each filter has
 * its partial index (migration 0013), so a page reads about `limit` rows however long the chain.
 */
export async function searchEvidence(
  db: Kysely<Database>,
  query: {
    readonly requestId?: string;
    readonly subjectRef?: string;
    readonly before?: number;
    readonly limit: number;
  },
): Promise<{ records: EvidenceRecord[]; next: number | undefined }> {
  let select = db
    .selectFrom('evidence')
    .select(['seq', 'recorded_at', 'actor', 'action', 'subject_ref', 'details']);
  if (query.requestId !== undefined) {
    select = select.where(sql<string>`details ->> 'requestId'`, '=', query.requestId);
  }
  if (query.subjectRef !== undefined) select = select.where('subject_ref', '=', query.subjectRef);
  if (query.before !== undefined) select = select.where('seq', '<', String(query.before));
  const rows = await select
    .orderBy('seq', 'desc')
    .limit(query.limit + 1)
    .execute();
  const records = rows.slice(0, query.limit).map((row) => ({
    seq: Number(row.seq),
    recordedAt: row.recorded_at,
    actor: row.actor,
    action: row.action,
    subjectRef: row.subject_ref,
    details: row.details,
  }));
  return {
    records,
    next: rows.length > query.limit ? records.at(-1)?.seq : undefined,
  };
}
