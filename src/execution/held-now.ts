import type { Datastore } from '../map/index.js';
import type { Found } from './find-person.js';
import { holdStatus } from './hold.js';
import type { PlanHold } from './plan.js';

/**
 * The person's rows that a legal hold keeps now, per collection, grouped by the last day they are
 * kept (null, listed last: the row's date is missing): what an erasure would keep, in the shape
 * of the plan's holds, for the access package's summary (GDPR Art. 15(1)(d), 17(3)). Pure.
 */
export function heldNow(datastores: readonly Datastore[], found: Found, now: Date): PlanHold[] {
  const holds: PlanHold[] = [];
  for (const entry of found.collections) {
    const collection = datastores
      .find((datastore) => datastore.id === entry.datastore)
      ?.collections.find((candidate) => candidate.name === entry.collection);
    const hold = collection?.hold;
    if (hold === undefined) continue;
    const ends = new Map<string | null, number>();
    for (const row of entry.rows) {
      const status = holdStatus(hold, row, now);
      if (status.held) ends.set(status.until, (ends.get(status.until) ?? 0) + 1);
    }
    if (ends.size === 0) continue;
    holds.push({
      datastore: entry.datastore,
      collection: entry.collection,
      reason: hold.reason,
      ...(hold.basis === undefined ? {} : { basis: hold.basis }),
      rows: [...ends.values()].reduce((sum, rows) => sum + rows, 0),
      ends: [...ends.entries()]
        .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
        .map(([until, rows]) => ({ until, rows })),
    });
  }
  return holds;
}
