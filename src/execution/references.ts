import type { LiveSchema, LiveTable } from '../datastores/connector.js';
import type { Datastore, DatastoreCollection } from '../map/index.js';

/** A collection named across datastores. */
export interface CollectionRef {
  readonly datastore: string;
  readonly collection: string;
}

/**
 * One reference between collections: rows of `from` hold `fields` whose values are those of
 * `toFields` in a row of `to`. Declared in the map, or read from a foreign key of the live schema.
 */
export interface Reference {
  readonly from: CollectionRef;
  readonly fields: readonly string[];
  readonly to: CollectionRef;
  readonly toFields: readonly string[];
  /**
   * `both`: the referenced row belongs to the person too; `from-parent`: only the referencing;
   * `none`: the reference links two people and is never followed.
   */
  readonly follow: 'from-parent' | 'both' | 'none';
  /**
   * The database enforces it with a foreign key: the referenced row cannot be deleted while a
   * referencing row is kept. Only introspection can tell; references across datastores never are.
   */
  readonly enforced: boolean;
  /** Every referencing column accepts null, so the reference can be broken by nulling it. */
  readonly nullable: boolean;
  /** Declared in the map; false for a foreign key only introspection found. */
  readonly declared: boolean;
  /** Declared `partOf`: a row of `from` is part of the row of `to` it references (held with it). */
  readonly partOf: boolean;
}

/** The live schemas of the datastores that can tell them, by datastore id. */
export type LiveSchemas = ReadonlyMap<string, LiveSchema>;

/** The live table a declared collection is, matched by name (and schema when declared). */
export function liveTable(
  schema: LiveSchema | undefined,
  collection: DatastoreCollection,
): LiveTable | undefined {
  if (schema === undefined) return undefined;
  return schema.tables.find(
    (table) =>
      table.name === collection.name &&
      (collection.schema === undefined || table.schema === collection.schema),
  );
}

/**
 * Every reference among the declared collections: the declared ones, and the foreign keys the
 * live schemas hold between declared collections that no declaration names (so a forgotten
 * reference does not leave rows behind or make a delete fail). Declared order, then foreign keys.
 */
export function references(datastores: readonly Datastore[], schemas: LiveSchemas): Reference[] {
  const found: Reference[] = [];
  for (const datastore of datastores) {
    const schema = schemas.get(datastore.id);
    for (const collection of datastore.collections) {
      const table = liveTable(schema, collection);
      const from = { datastore: datastore.id, collection: collection.name };
      for (const reference of collection.references) {
        const toDatastore = reference.to.datastore ?? datastore.id;
        const sameStore = toDatastore === datastore.id;
        const target = sameStore
          ? datastore.collections.find((c) => c.name === reference.to.collection)
          : undefined;
        const foreignKey =
          sameStore && table !== undefined && target !== undefined
            ? table.foreignKeys.find(
                (key) =>
                  sameColumns(key.columns, reference.fields) &&
                  sameColumns(key.references.columns, reference.to.fields) &&
                  key.references.table === target.name &&
                  (target.schema === undefined || key.references.schema === target.schema),
              )
            : undefined;
        found.push({
          from,
          fields: reference.fields,
          to: { datastore: toDatastore, collection: reference.to.collection },
          toFields: reference.to.fields,
          follow: reference.follow,
          enforced: foreignKey !== undefined,
          nullable: nullable(table, reference.fields),
          declared: true,
          partOf: reference.partOf === true,
        });
      }
    }
    if (schema === undefined) continue;
    for (const collection of datastore.collections) {
      const table = liveTable(schema, collection);
      if (table === undefined) continue;
      for (const key of table.foreignKeys) {
        const target = datastore.collections.find(
          (candidate) => liveTable(schema, candidate) === liveTableNamed(schema, key.references),
        );
        if (target === undefined) continue;
        const declared = found.some(
          (reference) =>
            reference.from.datastore === datastore.id &&
            reference.from.collection === collection.name &&
            reference.to.datastore === datastore.id &&
            reference.to.collection === target.name &&
            sameColumns(reference.fields, key.columns) &&
            sameColumns(reference.toFields, key.references.columns),
        );
        if (declared) continue;
        found.push({
          from: { datastore: datastore.id, collection: collection.name },
          fields: key.columns,
          to: { datastore: datastore.id, collection: target.name },
          toFields: key.references.columns,
          follow: 'from-parent',
          enforced: true,
          nullable: nullable(table, key.columns),
          declared: false,
          partOf: false,
        });
      }
    }
  }
  return found;
}

function liveTableNamed(
  schema: LiveSchema,
  name: { readonly schema: string; readonly table: string },
): LiveTable | undefined {
  return schema.tables.find((table) => table.name === name.table && table.schema === name.schema);
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((column, index) => column === b[index]);
}

/** Whether every column accepts null; unknown without a live schema, so false. */
function nullable(table: LiveTable | undefined, columns: readonly string[]): boolean {
  if (table === undefined) return false;
  return columns.every(
    (name) => table.columns.find((column) => column.name === name)?.nullable === true,
  );
}

/** The key of a collection in maps: `datastore/collection`. */
export function refKey(ref: CollectionRef): string {
  return `${ref.datastore}/${ref.collection}`;
}
