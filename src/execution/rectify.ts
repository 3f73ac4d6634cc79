import type { Change, Value } from '../datastores/connector.js';
import { appendEvidence } from '../evidence/index.js';
import type { Datastore, DatastoreCollection } from '../map/index.js';
import type { ExecutionContext } from './execution-context.js';
import { connectorOf, primaryKey, type Found } from './find-person.js';
import { rowHolds } from './hold.js';
import { references, refKey } from './references.js';

export interface RectificationResult {
  readonly collections: readonly {
    readonly datastore: string;
    readonly collection: string;
    readonly rows: number;
    readonly fields: readonly string[];
  }[];
  /** Rows left as they were because a legal hold keeps them as recorded. */
  readonly held: number;
  /** Names in the request that no rectifiable field answers to (field or identity names only). */
  readonly unmatched: readonly string[];
}

/**
 * Corrects a person's data where it lives (GDPR Art. 16, CCPA 1798.106): each change names a
 * field (`name`) or an identity kind (`email`, for every field of that kind), and is written to
 * every row found whose collection declares that field `rectifiable`. One connector transaction
 * per collection. Rows under a legal hold stay as recorded (an invoice is evidence of what was
 * invoiced, Art. 17(3)(b)), with the rows that are part of them (`partOf`), and are counted.
 */
export async function rectify(
  ctx: ExecutionContext,
  requestId: string,
  found: Found,
  changes: Readonly<Record<string, string>>,
  subjectRef: string | null = null,
): Promise<RectificationResult> {
  const names = Object.keys(changes);
  const used = new Set<string>();
  const collections: { datastore: string; collection: string; rows: number; fields: string[] }[] =
    [];
  let held = 0;
  // Declared references carry `partOf`; the foreign keys only introspection finds never do.
  const holds = rowHolds(
    ctx.map.datastores,
    found,
    ctx.now(),
    references(ctx.map.datastores, new Map()),
  );
  for (const entry of found.collections) {
    const collection = declared(ctx.map.datastores, entry.datastore, entry.collection);
    if (collection === undefined || entry.rows.length === 0) continue;
    const set: Record<string, Value> = {};
    for (const field of collection.fields) {
      if (!field.rectifiable || collection.primaryKey.includes(field.name)) continue;
      const name = names.find((n) => n === field.name || n === field.identity);
      if (name === undefined) continue;
      set[field.name] = changes[name] ?? null;
      used.add(name);
    }
    if (Object.keys(set).length === 0) continue;
    const entryHolds = holds.get(refKey(entry)) ?? [];
    const rows = entry.rows.filter((_, index) => entryHolds[index] === undefined);
    held += entry.rows.length - rows.length;
    if (rows.length === 0) continue;
    const change: Change = {
      op: 'update',
      collection: collection.name,
      keys: rows.map((row) => primaryKey(collection, row)),
      set,
    };
    await connectorOf(ctx.connectors, entry.datastore).apply([change]);
    collections.push({
      datastore: entry.datastore,
      collection: entry.collection,
      rows: rows.length,
      fields: Object.keys(set),
    });
  }
  const result = { collections, held, unmatched: names.filter((name) => !used.has(name)) };
  await appendEvidence(ctx.db, {
    actor: ctx.actor,
    action: 'rectification.applied',
    subjectRef,
    details: { requestId, ...result },
    at: ctx.now(),
  });
  return result;
}

/** The declared collection of a found one. */
export function declared(
  datastores: readonly Datastore[],
  datastore: string,
  collection: string,
): DatastoreCollection | undefined {
  return datastores
    .find((candidate) => candidate.id === datastore)
    ?.collections.find((candidate) => candidate.name === collection);
}
