import type { Row, Value } from '../datastores/connector.js';
import {
  parseDuration,
  type Datastore,
  type DatastoreCollection,
  type Text,
} from '../map/index.js';
import type { Found } from './find-person.js';
import { tupleKey } from './plain-value.js';
import { refKey, type Reference } from './references.js';

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

/** The hold keeping one row: its own collection's, or that of the held row it is part of. */
export interface RowHold {
  readonly reason: Text;
  readonly basis?: string;
  /** YYYY-MM-DD: the last day the row is kept (null: the date the hold counts from is missing). */
  readonly until: string | null;
  /** The collection whose hold keeps the row, when that is not the row's own (`partOf`). */
  readonly keptWith?: string;
}

/**
 * The hold of every row found, by collection (`refKey`) in the order of `found`; undefined for a
 * row that is not held. A row is held by its collection's hold (see `holdStatus`), and a row that
 * is `partOf` a held row found for the person is held with it, with that row's reason, basis and
 * end date (GDPR Art. 17(3)(b): a record the law asks to keep is kept whole, an invoice with its
 * lines and payments), transitively: a refund part of a payment part of an invoice. A row part of
 * a row whose hold has ended follows its own collection's rules. Held by both, a row is kept
 * until the later end. Pure.
 */
export function rowHolds(
  datastores: readonly Datastore[],
  found: Found,
  now: Date,
  references: readonly Reference[],
): Map<string, (RowHold | undefined)[]> {
  const rows = new Map<string, readonly Row[]>();
  const holds = new Map<string, (RowHold | undefined)[]>();
  for (const datastore of datastores) {
    for (const collection of datastore.collections) {
      const key = refKey({ datastore: datastore.id, collection: collection.name });
      const collectionRows = found.collections.find((c) => refKey(c) === key)?.rows ?? [];
      rows.set(key, collectionRows);
      holds.set(
        key,
        collectionRows.map((row) => ownHold(collection.hold, row, now)),
      );
    }
  }
  const parts = references.filter(
    (reference) => reference.partOf && reference.from.datastore === reference.to.datastore,
  );
  // Each change moves a row's end later, so this ends, cycles of `partOf` included.
  for (let changed = true; changed;) {
    changed = false;
    for (const reference of parts) {
      const parentRows = rows.get(refKey(reference.to)) ?? [];
      const parentHolds = holds.get(refKey(reference.to)) ?? [];
      const childRows = rows.get(refKey(reference.from)) ?? [];
      const childHolds = holds.get(refKey(reference.from));
      if (childHolds === undefined) continue;
      const held = new Map<string, RowHold>();
      parentRows.forEach((row, index) => {
        const hold = parentHolds[index];
        const tuple = reference.toFields.map((field) => row[field] ?? null);
        if (hold === undefined || tuple.some((value) => value === null)) return;
        const key = tupleKey(tuple);
        const other = held.get(key);
        if (other === undefined || endsLater(hold.until, other.until)) held.set(key, hold);
      });
      if (held.size === 0) continue;
      childRows.forEach((row, index) => {
        const tuple = reference.fields.map((field) => row[field] ?? null);
        if (tuple.some((value) => value === null)) return;
        const parent = held.get(tupleKey(tuple));
        if (parent === undefined) return;
        const current = childHolds[index];
        if (current !== undefined && !endsLater(parent.until, current.until)) return;
        childHolds[index] = {
          reason: parent.reason,
          ...(parent.basis === undefined ? {} : { basis: parent.basis }),
          until: parent.until,
          keptWith: parent.keptWith ?? reference.to.collection,
        };
        changed = true;
      });
    }
  }
  return holds;
}

function ownHold(hold: DatastoreCollection['hold'], row: Row, now: Date): RowHold | undefined {
  if (hold === undefined) return undefined;
  const status = holdStatus(hold, row, now);
  if (!status.held) return undefined;
  return {
    reason: hold.reason,
    ...(hold.basis === undefined ? {} : { basis: hold.basis }),
    until: status.until,
  };
}

/** Whether a hold ending on `a` ends after one ending on `b`; null (no known end) is latest. */
function endsLater(a: string | null, b: string | null): boolean {
  if (b === null) return false;
  return a === null || a > b;
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
