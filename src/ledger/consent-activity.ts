import { sql } from 'kysely';
import type { Db } from './ledger-context.js';

/** The longest period `consentActivity` aggregates, in days. */
export const MAX_ACTIVITY_DAYS = 366;

const DAY_MS = 86_400_000;

/** What happened to one purpose on one day (UTC). */
export interface ConsentActivity {
  /** The UTC day, `YYYY-MM-DD`. */
  readonly day: string;
  readonly purpose: string;
  /** Consents given. */
  readonly granted: number;
  /** Consents refused by someone whose last choice for the purpose was not a grant. */
  readonly refused: number;
  /** Consents withdrawn: refused by someone whose last choice for the purpose was a grant. */
  readonly withdrawn: number;
  /** Refusals and withdrawals recorded with a Global Privacy Control signal. */
  readonly gpcOptOuts: number;
}

/**
 * Grants, refusals and withdrawals (GDPR Art. 7(3)) per UTC day and purpose between `from`
 * (inclusive) and `to` (exclusive), aggregated in the database: one grouped scan of the period's
 * ledger events, one row per day and purpose; days without events are absent. Whether a refusal
 * withdrew a grant, however long before the period, was decided when it was written (the
 * `withdrawal` column, src/ledger/ledger-event.ts), so nothing outside the period is read.
 */
export async function consentActivity(
  db: Db,
  options: { readonly purposes: readonly string[]; readonly from: Date; readonly to: Date },
): Promise<ConsentActivity[]> {
  const { purposes, from, to } = options;
  if (purposes.length === 0 || to <= from) return [];
  if (to.getTime() - from.getTime() > MAX_ACTIVITY_DAYS * DAY_MS) {
    throw new Error(`consentActivity aggregates at most ${MAX_ACTIVITY_DAYS} days`);
  }
  // The period's events through ledger_events_recorded (or a scan, when the period is most of
  // the ledger), one group per day, purpose, kind and withdrawal: a plain count per group is
  // cheaper than a count per kind with filters. The day as a number (days since 1970-01-01 UTC):
  // cheaper to group by than text, and a date difference, not extract(epoch ...), which
  // computes in numeric. No ORDER BY: it makes the planner sort the period's events to group
  // them (on disk, for a year of a large ledger) instead of hashing; the few groups are sorted
  // here.
  const { rows } = await sql<{
    day: string | number;
    purpose: string;
    kind: string;
    withdrawal: boolean;
    events: string | number;
    gpc: string | number;
  }>`
    select (recorded_at at time zone 'UTC')::date - date '1970-01-01' as day, purpose, kind,
      withdrawal, count(*) as events, count(*) filter (where gpc) as gpc
    from ledger_events
    where recorded_at >= ${from.toISOString()}::timestamptz
      and recorded_at < ${to.toISOString()}::timestamptz
      and kind in ('granted', 'denied')
      and purpose = any(${[...purposes]}::text[])
    group by 1, 2, 3, 4`.execute(db);

  const byKey = new Map<string, Mutable<ConsentActivity>>();
  for (const row of rows) {
    const day = new Date(Number(row.day) * DAY_MS).toISOString().slice(0, 10);
    const key = `${day} ${row.purpose}`;
    let bucket = byKey.get(key);
    if (bucket === undefined) {
      bucket = {
        day,
        purpose: row.purpose,
        granted: 0,
        refused: 0,
        withdrawn: 0,
        gpcOptOuts: 0,
      };
      byKey.set(key, bucket);
    }
    const events = Number(row.events);
    if (row.kind === 'granted') bucket.granted += events;
    else {
      if (row.withdrawal) bucket.withdrawn += events;
      else bucket.refused += events;
      bucket.gpcOptOuts += Number(row.gpc);
    }
  }
  // Oldest day first, then by purpose.
  return [...byKey.values()].sort((a, b) =>
    a.day === b.day ? compare(a.purpose, b.purpose) : compare(a.day, b.day),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
