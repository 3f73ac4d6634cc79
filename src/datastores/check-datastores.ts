import { CustodianError } from '../errors.js';
import {
  runRules,
  type DataMap,
  type Datastore,
  type DatastoreCollection,
  type Finding,
  type PathSegment,
} from '../map/index.js';
import type { Connector, LiveSchema, LiveTable } from './connector.js';
import { identityLookup, lookupIndexFix } from './identity-lookup.js';
import { liveTableOf } from './live-table.js';
import { openConnector, type OpenConnectorOptions } from './open-connector.js';

const finding = (
  rule: string,
  severity: Finding['severity'],
  path: readonly PathSegment[],
  message: string,
): Finding => ({ rule, severity, path, message });

const sameColumns = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((column, index) => column === b[index]);

/**
 * Compares one datastore's declaration with its live schema: tables and columns that do not
 * exist, keys that differ, declared references that contradict the foreign keys, and foreign
 * keys the declaration does not follow (a request would miss the rows behind them).
 */
export function compareWithLive(map: DataMap, index: number, live: LiveSchema): Finding[] {
  const datastore = map.datastores[index];
  if (datastore === undefined) return [];
  const base: PathSegment[] = ['datastores', index, 'collections'];
  const findings: Finding[] = [];
  const declaredTables = new Map<LiveTable, DatastoreCollection>();

  for (const [c, collection] of datastore.collections.entries()) {
    const at = [...base, c];
    const table = liveTableOf(datastore, collection, live);
    if (table === undefined) {
      findings.push(
        finding(
          'live.missing-table',
          'error',
          [...at, 'name'],
          `datastore "${datastore.id}" has no table "${collection.schema === undefined ? '' : `${collection.schema}.`}${collection.name}"`,
        ),
      );
      continue;
    }
    declaredTables.set(table, collection);
    const columns = new Set(table.columns.map((column) => column.name));
    const declared: [PathSegment[], string][] = [
      ...collection.primaryKey.map((name, i): [PathSegment[], string] => [
        [...at, 'primaryKey', i],
        name,
      ]),
      ...collection.fields.map((field, f): [PathSegment[], string] => [
        [...at, 'fields', f, 'name'],
        field.name,
      ]),
      ...collection.references.flatMap((reference, r) =>
        reference.fields.map((name, i): [PathSegment[], string] => [
          [...at, 'references', r, 'fields', i],
          name,
        ]),
      ),
      ...(collection.restrictionFlag === undefined
        ? []
        : [[[...at, 'restrictionFlag'], collection.restrictionFlag] as [PathSegment[], string]]),
      ...(collection.hold?.field === undefined
        ? []
        : [[[...at, 'hold', 'field'], collection.hold.field] as [PathSegment[], string]]),
    ];
    const reported = new Set<string>();
    for (const [where, name] of declared) {
      if (columns.has(name) || reported.has(name)) continue;
      reported.add(name);
      findings.push(
        finding(
          'live.missing-column',
          'error',
          where,
          `table "${table.name}" has no column "${name}"`,
        ),
      );
    }
    if (
      table.primaryKey.length > 0 &&
      !sameColumns([...table.primaryKey].sort(), [...collection.primaryKey].sort())
    ) {
      findings.push(
        finding(
          'live.primary-key',
          'warning',
          [...at, 'primaryKey'],
          `the primary key of "${table.name}" is (${table.primaryKey.join(', ')}), not (${collection.primaryKey.join(', ')}): rows are addressed by a key that may not be unique`,
        ),
      );
    }
  }

  findings.push(...unindexedLookups(datastore, base, declaredTables));

  // Declared references against the real foreign keys, in both directions.
  for (const [table, collection] of declaredTables) {
    const c = datastore.collections.indexOf(collection);
    for (const [r, reference] of collection.references.entries()) {
      if (reference.to.datastore !== undefined && reference.to.datastore !== datastore.id) continue;
      const fk = table.foreignKeys.find((key) => sameColumns(key.columns, reference.fields));
      if (fk === undefined) continue;
      const parent = datastore.collections.find((other) => other.name === reference.to.collection);
      const parentTable = parent === undefined ? undefined : liveTableOf(datastore, parent, live);
      const points =
        parentTable !== undefined &&
        fk.references.table === parentTable.name &&
        fk.references.schema === parentTable.schema &&
        sameColumns(fk.references.columns, reference.to.fields);
      if (!points) {
        findings.push(
          finding(
            'live.reference',
            'error',
            [...base, c, 'references', r],
            `the reference (${reference.fields.join(', ')}) → ${reference.to.collection}(${reference.to.fields.join(', ')}) contradicts foreign key ${fk.name}, which points to ${fk.references.table}(${fk.references.columns.join(', ')})`,
          ),
        );
      }
    }
    for (const fk of table.foreignKeys) {
      const target = [...declaredTables.keys()].find(
        (candidate) =>
          candidate.name === fk.references.table && candidate.schema === fk.references.schema,
      );
      if (target === undefined) continue;
      const followed = collection.references.some((reference) =>
        sameColumns(reference.fields, fk.columns),
      );
      if (followed) continue;
      findings.push(
        finding(
          'live.undeclared-reference',
          'warning',
          [...base, c, 'name'],
          `foreign key ${fk.name} (${fk.columns.join(', ')}) → ${target.name}(${fk.references.columns.join(', ')}) is not declared as a reference: requests will not follow it`,
        ),
      );
    }
  }
  // Tables nobody declared that point at declared collections may hold the same people's data.
  for (const table of live.tables) {
    if (declaredTables.has(table)) continue;
    for (const fk of table.foreignKeys) {
      const target = [...declaredTables.entries()].find(
        ([candidate]) =>
          candidate.name === fk.references.table && candidate.schema === fk.references.schema,
      );
      if (target === undefined) continue;
      findings.push(
        finding(
          'live.undeclared-table',
          'warning',
          [...base, datastore.collections.indexOf(target[1]), 'name'],
          `table "${table.name}" references "${target[0].name}" (foreign key ${fk.name}) but is not declared: does it hold personal data?`,
        ),
      );
    }
  }
  return findings;
}

/**
 * Identity lookups no index serves: every request reads the whole table for them. An email field
 * is looked up case-insensitively (`identityLookup`), so a plain index on a case-sensitive column
 * does not serve it; other identity fields are compared as they are.
 */
function unindexedLookups(
  datastore: Datastore,
  base: readonly PathSegment[],
  declaredTables: ReadonlyMap<LiveTable, DatastoreCollection>,
): Finding[] {
  const findings: Finding[] = [];
  for (const [table, collection] of declaredTables) {
    const c = datastore.collections.indexOf(collection);
    for (const [f, field] of collection.fields.entries()) {
      if (field.identity === undefined) continue;
      if (!table.columns.some((column) => column.name === field.name)) continue;
      const lookup = identityLookup(table, field.name, field.identity === 'email');
      if (lookup.indexed !== false) continue;
      const compared = lookup.comparison === 'lower' ? `lower(${field.name})` : field.name;
      findings.push(
        finding(
          'live.unindexed-identity',
          'warning',
          [...base, c, 'fields', f, 'name'],
          `datastore "${datastore.id}", collection "${collection.name}": the ${field.identity} lookup compares ${compared} and no index serves it, so every request reads the whole table; add ${lookupIndexFix(datastore.type === 'http' ? 'postgres' : datastore.type, table, field.name, lookup)}`,
        ),
      );
    }
  }
  return findings;
}

export interface CheckDatastoresOptions extends OpenConnectorOptions {
  /** Opens a connector; tests and the CLI pass their own. */
  readonly open?: (datastore: Datastore, options: OpenConnectorOptions) => Promise<Connector>;
}

/**
 * `custodian datastores check`: the map's datastore rules, plus every database compared with its
 * live schema. A datastore that cannot be opened is an error finding naming why (the variable that
 * is not set, the code the driver gave), never its URL.
 */
export async function checkDatastores(
  map: DataMap,
  options: CheckDatastoresOptions,
): Promise<Finding[]> {
  const open = options.open ?? openConnector;
  const findings: Finding[] = runRules(map).filter((found) => found.path[0] === 'datastores');
  for (const [d, datastore] of map.datastores.entries()) {
    if (datastore.type === 'http') continue;
    let connector: Connector | undefined;
    try {
      connector = await open(datastore, options);
      const live = await connector.introspect?.();
      if (live !== undefined) findings.push(...compareWithLive(map, d, live));
    } catch (error) {
      if (!(error instanceof CustodianError)) throw error;
      findings.push(
        finding('live.connection', 'error', ['datastores', d, 'connection'], error.message),
      );
    } finally {
      await connector?.close().catch(() => undefined);
    }
  }
  return findings;
}
