import type { Row, Value } from '../datastores/connector.js';
import { parseDuration, type DatastoreCollection } from '../map/index.js';

type LegalHold = NonNullable<DatastoreCollection['hold']>;

/** Whether one row is held, and the day its hold ends (null when it cannot be told). */
export interface HoldStatus {
  readonly held: boolean;
  /** YYYY-MM-DD: the last day the row is kept for this hold. */
  readonly until: string | null;
}

/**
 * Whether a row is under its collection's legal hold now (GDPR Art. 17(3)(b) legal obligation,
 * 17(3)(e) legal claims): `until` holds every row through that day; `field` + `duration` holds
 * each row until its own date plus the duration (an invoice of 2024-03-05 kept seven years is
 * held through 2031-03-04). A row whose date is missing is held with no known end: the law that
 * asks to keep it does not stop applying because a column is empty.
 */
export function holdStatus(hold: LegalHold, row: Row, now: Date): HoldStatus {
  if (hold.until !== undefined) {
    return { held: isoDay(now) <= hold.until, until: hold.until };
  }
  if (hold.field === undefined || hold.duration === undefined) return { held: false, until: null };
  const start = asDate(row[hold.field] ?? null);
  if (start === undefined) return { held: true, until: null };
  const end = addDuration(start, hold.duration);
  const lastDay = isoDay(new Date(end.getTime() - 1));
  return { held: end.getTime() > now.getTime(), until: lastDay };
}

/**
 * A date plus an ISO 8601 duration, in UTC calendar arithmetic: years and months move the
 * calendar and keep the day, or take the month's last day when it has no such day (31 January
 * plus one month is 28 or 29 February, as Reg. 1182/71 Art. 3 counts periods).
 */
export function addDuration(date: Date, duration: string): Date {
  const parts = parseDuration(duration);
  if (parts === undefined) throw new Error(`not an ISO 8601 duration: ${duration}`);
  const months = parts.years * 12 + parts.months;
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const moved = new Date(date.getTime());
  moved.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDay));
  const days = parts.weeks * 7 + parts.days;
  const milliseconds =
    ((days * 24 + parts.hours) * 60 + parts.minutes) * 60_000 + parts.seconds * 1000;
  return new Date(moved.getTime() + milliseconds);
}

function asDate(value: Value): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'string' && value !== '') {
    const parsed = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
    return Number.isNaN(parsed.getTime()) ? undefined : parsed;
  }
  return undefined;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
