import type { DataMap, DatastoreCollection } from './schema.js';

/** A collection named by its datastore and its place in the map. */
export interface CollectionAt {
  readonly datastore: number;
  readonly collection: number;
}

/** `datastore/collection`: a collection's name across the map. */
const nameOf = (datastore: string, collection: string): string => `${datastore}/${collection}`;

/** Whether a collection holds personal data: an identity, or a field in a category. */
export function holdsPersonalData(collection: DatastoreCollection): boolean {
  return collection.fields.some(
    (field) => field.identity !== undefined || field.categories.length > 0,
  );
}

/**
 * Collections holding personal data that a request cannot reach: no identity field of their own,
 * and no chain of declared references leading to one. A request starts from identity fields;
 * rows found in a collection lead to the rows referencing them, and, with `follow: both`, a
 * referencing row leads to the row it references. A collection nobody can reach would be left
 * out of every access and erasure (GDPR Art. 15, 17) without anyone noticing.
 */
export function unreachableCollections(map: DataMap): CollectionAt[] {
  const reached = new Set<string>();
  const edges = new Map<string, string[]>();
  const edge = (from: string, to: string): void => {
    edges.set(from, [...(edges.get(from) ?? []), to]);
  };
  for (const datastore of map.datastores) {
    for (const collection of datastore.collections) {
      const self = nameOf(datastore.id, collection.name);
      if (collection.fields.some((field) => field.identity !== undefined)) reached.add(self);
      for (const reference of collection.references) {
        const parent = nameOf(reference.to.datastore ?? datastore.id, reference.to.collection);
        edge(parent, self);
        if (reference.follow === 'both') edge(self, parent);
      }
    }
  }
  const queue = [...reached];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const target of edges.get(next) ?? []) {
      if (reached.has(target)) continue;
      reached.add(target);
      queue.push(target);
    }
  }
  const out: CollectionAt[] = [];
  for (const [d, datastore] of map.datastores.entries()) {
    for (const [c, collection] of datastore.collections.entries()) {
      if (holdsPersonalData(collection) && !reached.has(nameOf(datastore.id, collection.name))) {
        out.push({ datastore: d, collection: c });
      }
    }
  }
  return out;
}
