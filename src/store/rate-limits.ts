import { createHmac } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';

/**
 * Rate limits kept in the database, so every server process on it counts against the same limit
 * and a restart forgets nothing. A window is a fixed slice of time aligned on the Unix epoch (a
 * minute limit resets on the minute, a day limit at 00:00 UTC); each key has one row holding the
 * hits of its current window.
 */

/** At most `max` hits in each window of `windowMs`. */
export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

/** One counted hit: whether it is within the limit, and when the window ends. */
export interface LimitHit {
  readonly allowed: boolean;
  /** Hits in this window, this one included. */
  readonly hits: number;
  readonly resetsAt: Date;
}

/** Expired rows a new window removes: more than one, so the table shrinks back after a burst. */
const PRUNE_BATCH = 32;

/**
 * The key a limit counts `value` under: the limit's name, then the keyed hash of the value
 * (HMAC-SHA256 with the server secret, as identity hashes are), so the table names no address or
 * email, and without the secret its keys cannot be matched to a list of them.
 */
export function limitKey(secret: Buffer, limit: string, value: string): string {
  const hash = createHmac('sha256', secret).update(`rate-limit:${limit}:${value}`).digest('hex');
  return `${limit}:${hash}`;
}

/** The end of the window `at` falls in. */
function windowEnd(limit: RateLimit, at: Date): Date {
  return new Date((Math.floor(at.getTime() / limit.windowMs) + 1) * limit.windowMs);
}

/**
 * Counts one hit of `key` and tells whether it is within `limit`. One statement (insert … on
 * conflict do update … returning), so hits from any number of processes are counted exactly; a
 * row of an ended window starts again at one. Of two clocks that disagree, the later window wins,
 * so a process a second behind cannot reset a window that another has begun.
 *
 * Counted in the caller's transaction, the hit is undone if the transaction rolls back. Each
 * window that begins removes up to `PRUNE_BATCH` rows of ended windows through the index on
 * `window_ends_at` (skipping rows another transaction holds): no sweep, no full scan, and the
 * table stays about as large as the windows that are live.
 */
export async function countHit(
  db: Kysely<Database>,
  key: string,
  limit: RateLimit,
  at: Date,
): Promise<LimitHit> {
  const ends = windowEnd(limit, at);
  const { rows } = await sql<{ hits: number; window_ends_at: Date | string }>`
    insert into rate_limits as r (key, hits, window_ends_at) values (${key}, 1, ${ends})
    on conflict (key) do update set
      hits = case when excluded.window_ends_at > r.window_ends_at then 1 else r.hits + 1 end,
      window_ends_at = greatest(r.window_ends_at, excluded.window_ends_at)
    returning hits, window_ends_at`.execute(db);
  const row = rows[0];
  if (row === undefined) throw new Error('the rate limit upsert returned no row');
  const { hits } = row;
  if (hits === 1) await pruneEnded(db, at);
  return { allowed: hits <= limit.max, hits, resetsAt: new Date(row.window_ends_at) };
}

/** Deletes up to `PRUNE_BATCH` rows whose window ended by `at`, oldest first. */
async function pruneEnded(db: Kysely<Database>, at: Date): Promise<void> {
  // The outer condition is checked again on a row another process just moved to a new window.
  await sql`
    delete from rate_limits
    where window_ends_at <= ${at} and key in (
      select key from rate_limits where window_ends_at <= ${at}
      order by window_ends_at limit ${PRUNE_BATCH}
      for update skip locked)`.execute(db);
}
