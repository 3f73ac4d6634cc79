import type { Kysely } from 'kysely';
import { CustodianError } from '../errors.js';
import { COUNT_TUPLES, type Condition, type Connector, type Value } from '../datastores/index.js';
import {
  collectionPeriod,
  parseDuration,
  type DataMap,
  type Datastore,
  type DatastoreCollection,
  type Text,
} from '../map/index.js';
import { keptPeople, type KeySets } from './kept.js';
import type { Database } from '../store/index.js';

/** What a sweep would do with a row past retention that nothing keeps. */
export type RetentionAction = 'delete' | 'anonymise' | 'keep';

/** A hold that keeps rows of a collection: its own, or that of a row it is part of. */
export interface PlanHold {
  readonly reason: Text;
  readonly basis?: string;
  /** YYYY-MM-DD for a hold ending on one day for every row. */
  readonly until?: string;
  /** Per row: `duration` after the date in `field` (an invoice kept seven years from its date). */
  readonly perRow?: { readonly field: string; readonly duration: string };
  /** The collection whose hold keeps the rows, when not their own (`partOf`). */
  readonly keptWith?: string;
}

/** The plan for one collection: counts only, never a value. */
export interface CollectionPlan {
  readonly datastore: string;
  readonly collection: string;
  /**
   * `planned`: counted; `no-rule`: no retention declared; `unbounded`: a purpose sets no maximum;
   * `failed`: the count failed (a datastore down, a renamed column), the others carry on.
   */
  readonly status: 'planned' | 'no-rule' | 'unbounded' | 'failed';
  readonly purposes?: readonly string[];
  readonly period?: string;
  /** What the period counts from, as the map says it. */
  readonly from?: string;
  /** Rows dated before this instant are past retention. */
  readonly cutoff?: string;
  /** Rows past retention; of those, `held`, `restricted`, `openRequest` are kept and `due` are not. */
  readonly past?: number;
  readonly held?: number;
  readonly restricted?: number;
  readonly openRequest?: number;
  readonly due?: number;
  readonly action?: RetentionAction;
  /** For `anonymise`: each personal field and its strategy, as erasure applies them. */
  readonly fields?: readonly { readonly name: string; readonly strategy: string }[];
  readonly holds?: readonly PlanHold[];
  readonly error?: { readonly code: string; readonly message: string };
}

export interface RetentionPlan {
  readonly at: string;
  readonly collections: readonly CollectionPlan[];
  /** People whose rows are kept: restricted (GDPR Art. 18(1)(c)) and with an open request. */
  readonly people: {
    readonly restricted: number;
    /**
     * Restricted people found in no datastore (src/retention/kept.ts): restricted through the
     * API, so Custodian holds only keyed hashes of their identities, and no email or phone column
     * holds them. Where a collection has a `restrictionFlag`, it still keeps their rows.
     */
    readonly restrictedUnplaced: number;
    readonly openRequests: number;
  };
}

export interface RetentionPlanContext {
  readonly db: Kysely<Database>;
  readonly secret: Buffer;
  readonly map: DataMap;
  readonly connectors: ReadonlyMap<string, Connector>;
  readonly now: Date;
  /** Custodian's own records, counted after the datastores (src/retention/own-records.ts). */
  readonly ownRecords?: () => Promise<readonly CollectionPlan[]>;
}

/**
 * The dry run of a retention sweep (GDPR Art. 5(1)(e), 17(1)(a)): per collection with a retention
 * rule, how many rows are past their period, how many of those are kept (a legal hold, GDPR Art.
 * 17(3)(b), (e), with the rows part of held rows; the person restricted, Art. 18(1)(c); the person
 * has a request open) and how many a sweep would delete or anonymise. Counting queries only: it
 * reads and changes nothing else. The people kept are found as a request finds them.
 */
export async function planRetention(ctx: RetentionPlanContext): Promise<RetentionPlan> {
  const kept = await keptPeople(ctx);
  const collections: CollectionPlan[] = [];
  for (const datastore of ctx.map.datastores) {
    for (const collection of datastore.collections) {
      collections.push(
        await planCollection(ctx, datastore, collection, kept.restricted, kept.openRequest),
      );
    }
  }
  if (ctx.ownRecords !== undefined) collections.push(...(await ctx.ownRecords()));
  return {
    at: ctx.now.toISOString(),
    collections,
    people: {
      restricted: kept.counts.restricted,
      restrictedUnplaced: kept.counts.restrictedUnplaced,
      openRequests: kept.counts.openRequests,
    },
  };
}

async function planCollection(
  ctx: RetentionPlanContext,
  datastore: Datastore,
  collection: DatastoreCollection,
  restrictedKeys: KeySets,
  openKeys: KeySets,
): Promise<CollectionPlan> {
  const base = { datastore: datastore.id, collection: collection.name };
  const rule = collection.retention;
  const resolved = collectionPeriod(ctx.map, collection);
  // An unknown purpose, or one stating no retention, is a check error: no period to count.
  if (rule === undefined || resolved === undefined || resolved.kind === 'unknown') {
    return { ...base, status: 'no-rule' };
  }
  const described = {
    ...base,
    purposes: rule.purposes,
    from: fromText(rule.from),
    ...actionOf(collection),
    holds: holdsOf(datastore, collection, new Set()),
  };
  if (resolved.kind !== 'period') return { ...described, status: 'unbounded' };
  const cutoff = subtractDuration(ctx.now, resolved.period);
  const planned = { ...described, period: resolved.period, cutoff: cutoff.toISOString() };
  try {
    const connector = ctx.connectors.get(datastore.id);
    if (connector?.count === undefined) {
      throw new CustodianError(
        'datastore.query_failed',
        `datastore "${datastore.id}" cannot count rows (a ${datastore.type} connector)`,
      );
    }
    const count = (where: Condition): Promise<number> =>
      (connector.count as NonNullable<Connector['count']>)(collection, where);
    const past = pastCondition(datastore, collection, cutoff);
    const held = heldCondition(datastore, collection, ctx.now, new Set());
    const flag = collection.restrictionFlag;
    const unflagged: Condition =
      flag === undefined
        ? { kind: 'all' }
        : {
            kind: 'or',
            of: [
              { kind: 'isNull', column: flag },
              { kind: 'not', of: { kind: 'isTrue', column: flag } },
            ],
          };
    const kept: Condition = { kind: 'and', of: [past, { kind: 'not', of: held }] };
    const pastCount = await count(past);
    const heldCount = await count({ kind: 'and', of: [past, held] });
    const flagged =
      flag === undefined
        ? 0
        : await count({ kind: 'and', of: [kept, { kind: 'isTrue', column: flag }] });
    const name = `${datastore.id}/${collection.name}`;
    const ofPeople = async (keys: Map<string, Value[]> | undefined): Promise<number> => {
      const tuples = [...(keys?.values() ?? [])];
      let total = 0;
      for (let start = 0; start < tuples.length; start += COUNT_TUPLES) {
        total += await count({
          kind: 'and',
          of: [
            kept,
            unflagged,
            {
              kind: 'in',
              columns: collection.primaryKey,
              tuples: tuples.slice(start, start + COUNT_TUPLES),
            },
          ],
        });
      }
      return total;
    };
    const restricted = flagged + (await ofPeople(restrictedKeys.get(name)));
    const openRequest = await ofPeople(openKeys.get(name));
    return {
      ...planned,
      status: 'planned',
      past: pastCount,
      held: heldCount,
      restricted,
      openRequest,
      due: pastCount - heldCount - restricted - openRequest,
    };
  } catch (error) {
    // Driver messages never reach here: connectors wrap them in CustodianErrors carrying the
    // driver's code only, since a message can quote a row's values.
    if (!(error instanceof CustodianError)) throw error;
    return { ...planned, status: 'failed', error: { code: error.code, message: error.message } };
  }
}

export function fromText(from: NonNullable<DatastoreCollection['retention']>['from']): string {
  if (from === 'lastActivity') return 'lastActivity';
  return 'reference' in from ? `${from.reference}.${from.column}` : from.column;
}

export function actionOf(
  collection: DatastoreCollection,
): Pick<CollectionPlan, 'action' | 'fields'> {
  if (collection.erase === 'keep') return { action: 'keep' };
  if (collection.erase === 'delete') return { action: 'delete' };
  // As erasure updates a kept row: each personal field by its strategy, null when none is given.
  return {
    action: 'anonymise',
    fields: collection.fields
      .filter((field) => !collection.primaryKey.includes(field.name))
      .filter((field) => field.identity !== undefined || field.categories.length > 0)
      .map((field) => ({ name: field.name, strategy: field.erase ?? 'null' })),
  };
}

/** The `partOf` references of a collection within its datastore. */
function partsOf(datastore: Datastore, collection: DatastoreCollection) {
  return collection.references.filter(
    (reference) =>
      reference.partOf === true && (reference.to.datastore ?? datastore.id) === datastore.id,
  );
}

export function holdsOf(
  datastore: Datastore,
  collection: DatastoreCollection,
  seen: Set<string>,
  keptWith?: string,
): PlanHold[] {
  if (seen.has(collection.name)) return [];
  seen.add(collection.name);
  const holds: PlanHold[] = [];
  const hold = collection.hold;
  if (hold !== undefined) {
    holds.push({
      reason: hold.reason,
      ...(hold.basis === undefined ? {} : { basis: hold.basis }),
      ...(hold.until === undefined ? {} : { until: hold.until }),
      ...(hold.field !== undefined && hold.duration !== undefined && hold.until === undefined
        ? { perRow: { field: hold.field, duration: hold.duration } }
        : {}),
      ...(keptWith === undefined ? {} : { keptWith }),
    });
  }
  for (const reference of partsOf(datastore, collection)) {
    const parent = datastore.collections.find((c) => c.name === reference.to.collection);
    if (parent !== undefined) holds.push(...holdsOf(datastore, parent, seen, parent.name));
  }
  return holds;
}

/**
 * Rows held now: by their collection's hold (as `holdStatus` of src/execution tells it per row: a
 * fixed `until`, or `duration` after the row's date, a missing date holding the row), or part of
 * a held row (`partOf`, transitively), as erasure holds them (GDPR Art. 17(3)(b), (e)).
 */
export function heldCondition(
  datastore: Datastore,
  collection: DatastoreCollection,
  now: Date,
  seen: Set<string>,
): Condition {
  if (seen.has(collection.name)) return { kind: 'none' };
  const inner = new Set(seen).add(collection.name);
  const of: Condition[] = [];
  const hold = collection.hold;
  if (hold !== undefined) {
    if (hold.until !== undefined) {
      of.push({ kind: now.toISOString().slice(0, 10) <= hold.until ? 'all' : 'none' });
    } else if (hold.field !== undefined && hold.duration !== undefined) {
      // Held while date + duration is after now: the date is after now - duration.
      of.push({ kind: 'isNull', column: hold.field });
      of.push({ kind: 'after', column: hold.field, at: subtractDuration(now, hold.duration) });
    }
  }
  for (const reference of partsOf(datastore, collection)) {
    const parent = datastore.collections.find((c) => c.name === reference.to.collection);
    if (parent === undefined) continue;
    of.push({
      kind: 'exists',
      collection: parent,
      link: reference.fields.map((field, i) => [field, reference.to.fields[i] ?? field] as const),
      where: heldCondition(datastore, parent, now, inner),
    });
  }
  return { kind: 'or', of };
}

/** Rows whose retention started before `cutoff`; a row with no start date is not past. */
export function pastCondition(
  datastore: Datastore,
  collection: DatastoreCollection,
  cutoff: Date,
): Condition {
  const from = collection.retention?.from;
  if (from === undefined) return { kind: 'none' };
  if (from !== 'lastActivity' && !('reference' in from)) {
    return { kind: 'before', column: from.column, at: cutoff };
  }
  if (from !== 'lastActivity') {
    const reference = collection.references.find(
      (candidate) =>
        candidate.to.collection === from.reference &&
        (candidate.to.datastore ?? datastore.id) === datastore.id,
    );
    const parent = datastore.collections.find((c) => c.name === from.reference);
    if (reference === undefined || parent === undefined) return { kind: 'none' };
    return {
      kind: 'exists',
      collection: parent,
      link: reference.fields.map((field, i) => [field, reference.to.fields[i] ?? field] as const),
      where: { kind: 'before', column: from.column, at: cutoff },
    };
  }
  // The person's last activity: the latest activity date in the collections of this datastore
  // that identify people by the same kind. Past when some activity is known and none is recent.
  const any: Condition[] = [];
  const recent: Condition[] = [];
  for (const field of collection.fields) {
    if (field.identity === undefined) continue;
    for (const other of datastore.collections) {
      const activity = other.activity;
      const same = other.fields.find((candidate) => candidate.identity === field.identity);
      if (activity === undefined || same === undefined) continue;
      const link = [[field.name, same.name] as const];
      any.push({
        kind: 'exists',
        collection: other,
        link,
        where: { kind: 'not', of: { kind: 'isNull', column: activity } },
      });
      recent.push({
        kind: 'exists',
        collection: other,
        link,
        where: { kind: 'atOrAfter', column: activity, at: cutoff },
      });
    }
  }
  if (any.length === 0) return { kind: 'none' };
  return {
    kind: 'and',
    of: [
      { kind: 'or', of: any },
      { kind: 'not', of: { kind: 'or', of: recent } },
    ],
  };
}

/**
 * `date` minus an ISO 8601 duration, in the UTC calendar arithmetic of `addDuration`
 * (src/execution/hold.ts): years and months move the calendar and keep the day, or take the
 * month's last day.
 */
export function subtractDuration(date: Date, duration: string): Date {
  const parts = parseDuration(duration);
  if (parts === undefined) throw new Error(`not an ISO 8601 duration: ${duration}`);
  const months = parts.years * 12 + parts.months;
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const moved = new Date(date.getTime());
  moved.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDay));
  const days = parts.weeks * 7 + parts.days;
  const milliseconds =
    ((days * 24 + parts.hours) * 60 + parts.minutes) * 60_000 + parts.seconds * 1000;
  return new Date(moved.getTime() - milliseconds);
}
