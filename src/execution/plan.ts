import type { LiveColumn, LiveTable, Row, Value } from '../datastores/connector.js';
import { CustodianError } from '../errors.js';
import type { Datastore, DatastoreCollection, Text } from '../map/index.js';
import { erasedValue, type FieldStrategy } from './erase-strategy.js';
import { primaryKey, type Found, type FoundLink } from './find-person.js';
import { rowHolds, type RowHold } from './hold.js';
import { toPlain, tupleKey, type PlainValue } from './plain-value.js';
import { liveTable, refKey, references, type LiveSchemas, type Reference } from './references.js';

/** What the plan does to a collection's rows as a whole (the collection's declared `erase`). */
export type CollectionErase = 'delete' | 'update' | 'keep';

/**
 * One step of an erasure: one change to one collection, applied by its connector in the one
 * transaction of its datastore's steps and checkpointed. `unlink` nulls references to break a cycle before the deletes;
 * `anonymise` updates rows that cannot be deleted because a kept row still references them;
 * `detach` nulls the reference of another person's row to a row about to be deleted (their row
 * stays, losing only the link).
 */
export interface PlanStep {
  readonly datastore: string;
  readonly collection: string;
  readonly op: 'delete' | 'update';
  readonly purpose: 'erase' | 'anonymise' | 'unlink' | 'detach';
  /** Primary keys of the rows, in the collection's `primaryKey` order. */
  readonly keys: readonly (readonly PlainValue[])[];
  /** Values every row gets (nulls). */
  readonly set?: Readonly<Record<string, PlainValue>>;
  /** Values per row, in the order of `keys` (masks, hashes, generalised values). */
  readonly perRow?: readonly Readonly<Record<string, PlainValue>>[];
  readonly count: number;
  /** The strategy per field of an update; empty for a delete. */
  readonly strategies: Readonly<Record<string, FieldStrategy>>;
}

/** What the plan found and does in one collection, in counts. */
export interface PlanCollection {
  readonly datastore: string;
  readonly collection: string;
  readonly erase: CollectionErase;
  readonly found: number;
  readonly held: number;
  readonly deleted: number;
  readonly anonymised: number;
  readonly kept: number;
  /** The strategy per field for rows updated in place. */
  readonly strategies: Readonly<Record<string, FieldStrategy>>;
}

/**
 * Rows of one collection kept under one legal hold, with the days their holds end: the
 * collection's own hold, or (`keptWith`) the hold of the collection whose held rows they are part
 * of (`partOf`), whose reason, basis and end dates they take.
 */
export interface PlanHold {
  readonly datastore: string;
  readonly collection: string;
  readonly reason: Text;
  readonly basis?: string;
  readonly rows: number;
  /** The last day each group of rows is held (null: the row's date is missing), latest last. */
  readonly ends: readonly { readonly until: string | null; readonly rows: number }[];
  /** The collection (same datastore) whose held rows these rows are part of and kept with. */
  readonly keptWith?: string;
}

/**
 * The primary keys of the rows one collection keeps under a hold, with the last day of each
 * (null: unknown): what Custodian remembers for the person, so a later request finds them even
 * where the search no longer reaches them (see `rememberHeld`).
 */
export interface HeldKeys {
  readonly datastore: string;
  readonly collection: string;
  readonly keys: readonly (readonly PlainValue[])[];
  readonly until: readonly (string | null)[];
}

/**
 * An erasure, computed once and frozen: the steps a rerun applies again after a crash, and what
 * the certificate reports. Plain JSON (dates and bytes tagged, see `PlainValue`); it holds primary
 * keys and identifiers, so it is stored sealed.
 */
export interface ErasurePlan {
  readonly version: 1;
  readonly computedAt: string;
  readonly collections: readonly PlanCollection[];
  readonly holds: readonly PlanHold[];
  /** The keys of the held rows (absent in plans frozen before it was recorded). */
  readonly held?: readonly HeldKeys[];
  readonly steps: readonly PlanStep[];
  /** Emails and phone numbers reached, for the suppression list after the erasure. */
  readonly identities: Readonly<Record<'email' | 'phone', readonly string[]>>;
}

export interface PlanOptions {
  readonly now: Date;
  /** The key `hash` strategies take their HMAC with (`erasureHashKey`). */
  readonly hashKey: Buffer;
  readonly schemas?: LiveSchemas;
}

type Status = 'held' | 'keep' | 'delete' | 'update';

interface Entry {
  readonly datastore: Datastore;
  readonly collection: DatastoreCollection;
  readonly rows: readonly Row[];
  readonly status: Status[];
  /** Rows updated because a kept row references them, not because the collection says so. */
  readonly blocked: Set<number>;
  readonly holds: readonly (RowHold | undefined)[];
  readonly table: LiveTable | undefined;
  readonly strategies: Readonly<Record<string, FieldStrategy>>;
}

/**
 * Plans the erasure of what the search found (GDPR Art. 17(1), CCPA 1798.105). Pure: the same
 * rows, map, clock and key give the same plan.
 *
 * - Rows under a legal hold stay untouched (Art. 17(3)(b), (e)); the plan lists them with the day
 *   their hold ends.
 * - Other rows are deleted, updated by their field strategies, or kept, as their collection says.
 * - A row to delete that a kept row still references through a foreign key is updated by its
 *   field strategies instead (anonymised): deleting it would fail, or cascade into the kept row.
 * - Per datastore, children are erased before the parents they reference (a topological sort of
 *   the declared references and the foreign keys). A cycle of foreign keys is broken by first
 *   nulling a nullable reference column of the rows about to be deleted; a cycle with no nullable
 *   column is `plan.unbreakable_cycle`.
 * - Another person's row that references a row to delete through a foreign key the map does not
 *   declare (`found.links`) loses that reference first (a `detach` step), when its columns
 *   accept null; when they do not, the plan is refused (`plan.foreign_reference`) before
 *   anything changes: deleting would fail, or cascade into that person's row.
 */
export function planErasure(
  datastores: readonly Datastore[],
  found: Found,
  options: PlanOptions,
): ErasurePlan {
  const schemas: LiveSchemas = options.schemas ?? new Map();
  const graph = references(datastores, schemas).filter(
    (reference) => reference.from.datastore === reference.to.datastore,
  );
  const entries = new Map<string, Entry>();
  const held = rowHolds(datastores, found, options.now, graph);
  for (const datastore of datastores) {
    for (const collection of datastore.collections) {
      const key = refKey({ datastore: datastore.id, collection: collection.name });
      const rows = found.collections.find((c) => refKey(c) === key)?.rows ?? [];
      const holds = held.get(key) ?? [];
      const table = liveTable(schemas.get(datastore.id), collection);
      entries.set(key, {
        datastore,
        collection,
        rows,
        status: rows.map((_, index) => (holds[index] === undefined ? collection.erase : 'held')),
        blocked: new Set(),
        holds,
        table,
        strategies: fieldStrategies(collection, table),
      });
    }
  }
  blockReferencedParents(entries, graph);

  const detaches = detachSteps(entries, found.links ?? []);
  const steps: PlanStep[] = [];
  for (const datastore of datastores) {
    steps.push(...detaches.filter((step) => step.datastore === datastore.id));
    steps.push(...datastoreSteps(datastore, entries, graph, options));
  }
  return {
    version: 1,
    computedAt: options.now.toISOString(),
    collections: [...entries.values()].map(summary),
    holds: [...entries.values()].flatMap((entry) =>
      holdOf(entry.datastore.id, entry.collection.name, entry.holds),
    ),
    held: [...entries.values()].flatMap(heldKeys),
    steps,
    identities: {
      email: strings(found.identities['email']),
      phone: strings(found.identities['phone']),
    },
  };
}

/**
 * The strategy of each declared field, for rows updated in place. A field without one is nulled,
 * or masked where the live schema says the column refuses null; primary key columns are never
 * changed (they name the row the checkpoint and the certificate count).
 */
function fieldStrategies(
  collection: DatastoreCollection,
  table: LiveTable | undefined,
): Record<string, FieldStrategy> {
  const strategies: Record<string, FieldStrategy> = {};
  for (const field of collection.fields) {
    if (collection.primaryKey.includes(field.name)) continue;
    const column = table?.columns.find((candidate) => candidate.name === field.name);
    strategies[field.name] = field.erase ?? (column?.nullable === false ? 'mask' : 'null');
  }
  return strategies;
}

/**
 * Marks for anonymisation every row to delete that a row staying behind (held, kept, or updated
 * without nulling the reference) references through a foreign key; repeated until nothing
 * changes, since an anonymised row stays behind too.
 */
function blockReferencedParents(entries: Map<string, Entry>, graph: readonly Reference[]): void {
  for (let changed = true; changed;) {
    changed = false;
    for (const reference of graph) {
      if (!reference.enforced) continue;
      const child = entries.get(refKey(reference.from));
      const parent = entries.get(refKey(reference.to));
      if (child === undefined || parent === undefined) continue;
      const staying = new Set<string>();
      child.rows.forEach((row, index) => {
        const status = child.status[index];
        if (status === 'delete') return;
        if (
          status === 'update' &&
          reference.fields.every((field) => child.strategies[field] === 'null')
        ) {
          return;
        }
        const tuple = reference.fields.map((field) => row[field] ?? null);
        if (tuple.every((value) => value !== null)) staying.add(tupleKey(tuple));
      });
      parent.rows.forEach((row, index) => {
        if (parent.status[index] !== 'delete') return;
        const tuple = reference.toFields.map((field) => row[field] ?? null);
        if (staying.has(tupleKey(tuple))) {
          parent.status[index] = 'update';
          parent.blocked.add(index);
          changed = true;
        }
      });
    }
  }
}

/**
 * The `detach` steps: per foreign key, the other people's rows referencing rows this plan deletes
 * get the referencing columns nulled. Their values never enter the error: it names the table and
 * the columns only.
 */
function detachSteps(entries: Map<string, Entry>, links: readonly FoundLink[]): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const { reference, rows } of links) {
    const from = entries.get(refKey(reference.from));
    const to = entries.get(refKey(reference.to));
    if (from === undefined || to === undefined) continue;
    const deleted = new Set<string>();
    to.rows.forEach((row, index) => {
      if (to.status[index] !== 'delete') return;
      deleted.add(tupleKey(reference.toFields.map((field) => row[field] ?? null)));
    });
    const detached = rows.filter((row) =>
      deleted.has(tupleKey(reference.fields.map((field) => row[field] ?? null))),
    );
    if (detached.length === 0) continue;
    if (!reference.nullable) {
      throw new CustodianError(
        'plan.foreign_reference',
        `rows of another person in "${reference.from.datastore}.${reference.from.collection}" reference rows to erase in "${reference.to.collection}" through the foreign key column${reference.fields.length === 1 ? '' : 's'} ${reference.fields.map((field) => `"${field}"`).join(', ')}, which cannot be null: declare the reference, or make the column nullable`,
        {
          details: {
            datastore: reference.from.datastore,
            collection: reference.from.collection,
            columns: reference.fields,
            references: reference.to.collection,
            rows: detached.length,
          },
        },
      );
    }
    steps.push({
      datastore: reference.from.datastore,
      collection: reference.from.collection,
      op: 'update',
      purpose: 'detach',
      keys: detached.map((row) => primaryKey(from.collection, row).map(toPlain)),
      set: Object.fromEntries(reference.fields.map((field) => [field, null])),
      count: detached.length,
      strategies: Object.fromEntries(reference.fields.map((field) => [field, 'null' as const])),
    });
  }
  return steps;
}

/** The steps of one datastore: unlinks that break cycles, then children before parents. */
function datastoreSteps(
  datastore: Datastore,
  entries: Map<string, Entry>,
  graph: readonly Reference[],
  options: PlanOptions,
): PlanStep[] {
  const nodes = datastore.collections
    .map((collection) =>
      entries.get(refKey({ datastore: datastore.id, collection: collection.name })),
    )
    .filter(
      (entry): entry is Entry =>
        entry !== undefined && entry.status.some((s) => s === 'delete' || s === 'update'),
    );
  const names = new Set(nodes.map((entry) => entry.collection.name));
  let edges = graph.filter(
    (reference) =>
      reference.from.datastore === datastore.id &&
      names.has(reference.from.collection) &&
      names.has(reference.to.collection),
  );
  const unlinks: PlanStep[] = [];
  const unlink = (reference: Reference): void => {
    const entry = entries.get(refKey(reference.from));
    if (entry === undefined) return;
    const rows = entry.rows.filter((_, index) => entry.status[index] === 'delete');
    if (rows.length === 0) return;
    unlinks.push({
      datastore: datastore.id,
      collection: entry.collection.name,
      op: 'update',
      purpose: 'unlink',
      keys: rows.map((row) => primaryKey(entry.collection, row).map(toPlain)),
      set: Object.fromEntries(reference.fields.map((field) => [field, null])),
      count: rows.length,
      strategies: Object.fromEntries(reference.fields.map((field) => [field, 'null' as const])),
    });
  };
  // A row referencing a row of its own collection: null the reference first where it can be,
  // since MySQL checks foreign keys row by row within one statement.
  for (const reference of edges) {
    if (reference.from.collection === reference.to.collection && reference.enforced) {
      if (reference.nullable) unlink(reference);
    }
  }
  edges = edges.filter((reference) => reference.from.collection !== reference.to.collection);

  const order: Entry[] = [];
  const remaining = [...nodes];
  while (remaining.length > 0) {
    const left = new Set(remaining.map((entry) => entry.collection.name));
    const live = edges.filter(
      (reference) => left.has(reference.from.collection) && left.has(reference.to.collection),
    );
    const ready = remaining.find(
      (entry) => !live.some((reference) => reference.to.collection === entry.collection.name),
    );
    if (ready !== undefined) {
      order.push(ready);
      remaining.splice(remaining.indexOf(ready), 1);
      continue;
    }
    // A cycle. A reference the database does not enforce constrains nothing: drop it first.
    const loose = live.find((reference) => !reference.enforced);
    const breakable = loose ?? live.find((reference) => reference.nullable);
    if (breakable === undefined) {
      throw new CustodianError(
        'plan.unbreakable_cycle',
        'the foreign keys between these collections form a cycle with no nullable column to break it',
        { details: { datastore: datastore.id, collections: [...left] } },
      );
    }
    if (breakable.enforced) unlink(breakable);
    edges = edges.filter((reference) => reference !== breakable);
  }

  const steps: PlanStep[] = [...unlinks];
  for (const entry of order) steps.push(...collectionSteps(entry, options));
  return steps;
}

/** The update (anonymisation) and delete steps of one collection. */
function collectionSteps(entry: Entry, options: PlanOptions): PlanStep[] {
  const steps: PlanStep[] = [];
  const table = { datastore: entry.datastore.id, collection: entry.collection.name };
  const updating = entry.rows.flatMap((row, index) =>
    entry.status[index] === 'update' ? [{ row, index }] : [],
  );
  if (updating.length > 0) {
    const set: Record<string, PlainValue> = {};
    const perRowFields = Object.entries(entry.strategies).filter(
      ([, strategy]) => strategy !== 'keep' && strategy !== 'null',
    );
    for (const [field, strategy] of Object.entries(entry.strategies)) {
      if (strategy === 'null') set[field] = null;
    }
    const perRow =
      perRowFields.length === 0
        ? undefined
        : updating.map(({ row }) =>
            Object.fromEntries(
              perRowFields.map(([field, strategy]) => [
                field,
                toPlain(
                  erasedValue(strategy, row[field] ?? null, {
                    hashKey: options.hashKey,
                    field:
                      entry.collection.fields.find((candidate) => candidate.name === field) ?? {},
                    ...columnOf(entry.table, field),
                  }),
                ),
              ]),
            ),
          );
    const anonymise = updating.some(({ index }) => entry.blocked.has(index));
    steps.push({
      ...table,
      op: 'update',
      purpose: anonymise ? 'anonymise' : 'erase',
      keys: updating.map(({ row }) => primaryKey(entry.collection, row).map(toPlain)),
      ...(Object.keys(set).length === 0 ? {} : { set }),
      ...(perRow === undefined ? {} : { perRow }),
      count: updating.length,
      strategies: entry.strategies,
    });
  }
  const deleting = entry.rows.filter((_, index) => entry.status[index] === 'delete');
  if (deleting.length > 0) {
    steps.push({
      ...table,
      op: 'delete',
      purpose: 'erase',
      keys: deleting.map((row) => primaryKey(entry.collection, row).map(toPlain)),
      count: deleting.length,
      strategies: {},
    });
  }
  return steps;
}

function summary(entry: Entry): PlanCollection {
  const count = (status: Status): number => entry.status.filter((s) => s === status).length;
  return {
    datastore: entry.datastore.id,
    collection: entry.collection.name,
    erase: entry.collection.erase,
    found: entry.rows.length,
    held: count('held'),
    deleted: count('delete'),
    anonymised: count('update'),
    kept: count('keep'),
    strategies: entry.strategies,
  };
}

/**
 * The holds on the rows found, as an erasure plan lists them, for a request that changes nothing
 * (an access request reports what is kept and why). Pure.
 */
export function foundHolds(
  datastores: readonly Datastore[],
  found: Found,
  now: Date,
  schemas: LiveSchemas = new Map(),
): PlanHold[] {
  const graph = references(datastores, schemas);
  const held = rowHolds(datastores, found, now, graph);
  return datastores.flatMap((datastore) =>
    datastore.collections.flatMap((collection) =>
      holdOf(
        datastore.id,
        collection.name,
        held.get(refKey({ datastore: datastore.id, collection: collection.name })) ?? [],
      ),
    ),
  );
}

/**
 * The holds of one collection's rows: its own hold first, then one per collection whose held
 * rows some of its rows are part of, by that collection's name.
 */
function holdOf(
  datastore: string,
  collection: string,
  holds: readonly (RowHold | undefined)[],
): PlanHold[] {
  const groups = new Map<string, { hold: RowHold; ends: Map<string | null, number> }>();
  for (const hold of holds) {
    if (hold === undefined) continue;
    const key = hold.keptWith ?? '';
    const group = groups.get(key) ?? { hold, ends: new Map<string | null, number>() };
    groups.set(key, group);
    group.ends.set(hold.until, (group.ends.get(hold.until) ?? 0) + 1);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, { hold, ends }]) => ({
      datastore,
      collection,
      reason: hold.reason,
      ...(hold.basis === undefined ? {} : { basis: hold.basis }),
      rows: [...ends.values()].reduce((sum, rows) => sum + rows, 0),
      ends: [...ends.entries()]
        .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
        .map(([until, rows]) => ({ until, rows })),
      ...(hold.keptWith === undefined ? {} : { keptWith: hold.keptWith }),
    }));
}

/** The primary keys of one collection's held rows, with their ends. */
function heldKeys(entry: Entry): HeldKeys[] {
  const keys: PlainValue[][] = [];
  const until: (string | null)[] = [];
  entry.rows.forEach((row, index) => {
    const hold = entry.holds[index];
    if (hold === undefined) return;
    keys.push(primaryKey(entry.collection, row).map(toPlain));
    until.push(hold.until);
  });
  if (keys.length === 0) return [];
  return [{ datastore: entry.datastore.id, collection: entry.collection.name, keys, until }];
}

function strings(values: readonly Value[] | undefined): string[] {
  return (values ?? []).filter((value): value is string => typeof value === 'string');
}

function columnOf(table: LiveTable | undefined, name: string): { column?: LiveColumn } {
  const column = table?.columns.find((candidate) => candidate.name === name);
  return column === undefined ? {} : { column };
}
