import type { Datastore, DatastoreCollection } from '../map/index.js';
import type { LiveSchema, LiveTable } from './connector.js';

/** The live table a declared collection names; PostgreSQL's default schema is `public`. */
export function liveTableOf(
  datastore: Datastore,
  collection: DatastoreCollection,
  live: LiveSchema,
): LiveTable | undefined {
  const named = live.tables.filter((table) => table.name === collection.name);
  if (collection.schema !== undefined) {
    return named.find((table) => table.schema === collection.schema);
  }
  if (datastore.type === 'mysql') return named[0];
  return (
    named.find((table) => table.schema === 'public') ?? (named.length === 1 ? named[0] : undefined)
  );
}
