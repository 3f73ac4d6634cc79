import { sql, type RawBuilder } from 'kysely';
import type { Db, Trx } from './request-context.js';
import { FINAL_STATUSES } from './types.js';

const FINAL = sql.join([...FINAL_STATUSES]);

/**
 * The request id a timeline entry's details name under `key`, as a uuid (null when it is not
 * one), so the join goes through the primary key. Fixed-length pattern: no backtracking.
 */
function uuidIn(key: 'appeal' | 'appealOf'): RawBuilder<string | null> {
  const value = sql`t.details ->> ${key}`;
  return sql<
    string | null
  >`case when ${value} ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    then (${value})::uuid end`;
}

/**
 * Closed before `before`: a final status, and neither the row nor its timeline changed since
 * (an appeal's outcome is noted on the request it appeals, later than its own close).
 */
function closedBefore(before: Date): RawBuilder<boolean> {
  // received_at is never after updated_at: it bounds the scan through requests_received.
  return sql<boolean>`r.received_at < ${before}
    and r.status in (${FINAL})
    and r.updated_at < ${before}
    and not exists (
      select 1 from request_events t where t.request_id = r.id and t.at >= ${before})`;
}

/** An appeal of the request is still open: the appeal may yet change its answer. */
const APPEAL_OPEN = sql<boolean>`exists (
  select 1 from request_events t join requests a on a.id = ${uuidIn('appeal')}
  where t.request_id = r.id and t.kind = 'appealed' and a.status not in (${FINAL}))`;

/**
 * The request is an appeal of a request still kept: the appealed request's page reads its
 * appeal, so an appeal goes after (or with) the request it appeals, never before.
 */
const APPEALED_KEPT = sql<boolean>`(r.type = 'appeal' and exists (
  select 1 from request_events t join requests o on o.id = ${uuidIn('appealOf')}
  where t.request_id = r.id and t.kind = 'received'))`;

/**
 * Deletes up to `limit` requests that closed before `before` (GDPR Art. 5(1)(e)), with what
 * hangs on them: timeline, verification code, erasure plan and steps, access package, certificate
 * and run lease go by their foreign keys, and outbox rows lose their link. Requests still open are
 * never touched, nor one whose appeal is open or an appeal whose appealed request is kept; rows
 * another transaction holds (an appeal being recorded) are skipped until the next run. Inside the
 * caller's transaction; returns how many requests were deleted.
 */
export async function deleteClosedRequests(trx: Trx, before: Date, limit: number): Promise<number> {
  const result = await trx
    .deleteFrom('requests')
    .where(
      sql<boolean>`id in (
        select r.id from requests r
        where ${closedBefore(before)} and not ${APPEAL_OPEN} and not ${APPEALED_KEPT}
        limit ${limit}
        for update of r skip locked)`,
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Requests closed before `before` (`past`), and of those the ones kept: `appealOpen`, an appeal of
 * theirs is open; `appealedKept`, they appeal a request that is kept. Counts only.
 */
export async function closedRequestsKept(
  db: Db,
  before: Date,
): Promise<{ past: number; appealOpen: number; appealedKept: number }> {
  const result = await sql<{
    past: string | number;
    appeal_open: string | number;
    appealed_kept: string | number;
  }>`
    select
      count(*) as past,
      count(*) filter (where ${APPEAL_OPEN}) as appeal_open,
      count(*) filter (where not ${APPEAL_OPEN} and ${APPEALED_KEPT}) as appealed_kept
    from requests r
    where ${closedBefore(before)}`.execute(db);
  const row = result.rows[0];
  return {
    past: Number(row?.past ?? 0),
    appealOpen: Number(row?.appeal_open ?? 0),
    appealedKept: Number(row?.appealed_kept ?? 0),
  };
}

/**
 * The keyed hashes of the emails of every request still open (the ledger's identity hash of the
 * email): whose records a sweep keeps until the request decides. Never log them.
 */
export async function openRequestEmailHashes(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('requests')
    .select('email_hash')
    .distinct()
    .where('status', 'not in', [...FINAL_STATUSES])
    .execute();
  return rows.map((row) => row.email_hash);
}
