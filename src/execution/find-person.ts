import { domainToUnicode } from 'node:url';
import type { Connector, FindRead, Match, Row, Value } from '../datastores/connector.js';
import { CustodianError } from '../errors.js';
import { normaliseEmail, normalisePhone } from '../ledger/index.js';
import { crossingArcs, type Datastore, type DatastoreCollection } from '../map/index.js';
import { compareTuples, fromPlain, tupleKey, valueKey, type PlainValue } from './plain-value.js';
import { refKey, references, type LiveSchemas, type Reference } from './references.js';

/** A person's identifiers by kind (`email`, `phone`, `customer-id`, …), as the request gives them. */
export type Identities = Readonly<Record<string, readonly Value[]>>;

/** The rows of one collection that belong to the person. */
export interface FoundCollection {
  readonly datastore: string;
  readonly collection: string;
  /** Distinct by primary key, ordered by it. */
  readonly rows: readonly Row[];
}

/** Everything the search reached. */
export interface Found {
  /** Every declared collection, in declared order, with the rows found there (often none). */
  readonly collections: readonly FoundCollection[];
  /** Every identifier reached, by kind: the request's and those read from identity fields. */
  readonly identities: Identities;
  /** Rounds of the breadth-first search, for the dry run. */
  readonly rounds: number;
  /**
   * Other people's rows that point at this person's rows through a foreign key the map does not
   * declare (Bob, `customers.referred_by` Ana). Not the person's data, so never in a package; an
   * erasure must break the link before it can delete the row pointed at. Keys and the
   * referencing columns only.
   */
  readonly links?: readonly FoundLink[];
}

/** Rows of `reference.from` that are not the person's and reference rows of theirs. */
export interface FoundLink {
  readonly reference: Reference;
  /** The primary key columns and the referencing columns of each such row, nothing else. */
  readonly rows: readonly Row[];
}

export interface FindOptions {
  /** Live schemas, whose foreign keys are followed like declared references. */
  readonly schemas?: LiveSchemas;
  /** A guard against a runaway search; far above what a real person needs. */
  readonly maxRounds?: number;
  /**
   * Rows the search starts from besides the identities, by primary key: those an earlier erasure
   * kept under a hold (`rememberedHeld`), which the identities may no longer reach.
   */
  readonly seeds?: readonly Seed[];
}

/** Rows of one collection to read by primary key (in `primaryKey` order, tagged plain values). */
export interface Seed {
  readonly datastore: string;
  readonly collection: string;
  readonly keys: readonly (readonly PlainValue[])[];
}

interface CollectionState {
  readonly datastore: Datastore;
  readonly collection: DatastoreCollection;
  readonly rows: Map<string, Row>;
  /** Rows found in the last round, whose references the next round follows. */
  fresh: Row[];
}

/**
 * Finds every row of a person, breadth-first from their identifiers (GDPR Art. 15(1): a copy of
 * all the personal data undergoing processing). Each round reads, per collection, in one query:
 * rows whose identity fields hold an identifier not searched yet; rows referencing rows found in
 * the last round (declared references and foreign keys); and, for references that say
 * `follow: both`, the rows that rows found in the last round reference. Identity fields of the rows
 * found add identifiers (a person's second email address reaches the newsletter database). The
 * search ends when a round finds nothing new. Rows are kept once per primary key. `seeds` are read
 * by primary key in the first round and followed like any row found. A round's reads
 * do not depend on each other, so they go to a datastore together (see `readConcurrently`).
 *
 * Identities are kept in the ledger's normal form, once each: emails are searched by that form
 * and compared case-insensitively in every email field (`Some.One@Example.com` is
 * `some.one@example.com`), so case variants are one identity; phones by their normal form and the
 * forms found. References are followed as `searchGraph` allows: never from one person's row to
 * another person's.
 */
export async function findPerson(
  datastores: readonly Datastore[],
  connectors: ReadonlyMap<string, Connector>,
  start: Identities,
  options: FindOptions = {},
): Promise<Found> {
  const all = references(datastores, options.schemas ?? new Map());
  const graph = searchGraph(datastores, all);
  const states = new Map<string, CollectionState>();
  for (const datastore of datastores) {
    for (const collection of datastore.collections) {
      states.set(refKey({ datastore: datastore.id, collection: collection.name }), {
        datastore,
        collection,
        rows: new Map(),
        fresh: [],
      });
    }
  }
  // Identities reached, by kind, each once in its normal form; and the forms searched so far.
  const known = new Map<string, Map<string, Value>>();
  const searched = new Set<string>();
  let pending = new Map<string, Value[]>();
  const learn = (kind: string, value: Value): void => {
    if (value === null || value === '') return;
    const normal = normalIdentity(kind, value);
    const values = known.get(kind) ?? new Map<string, Value>();
    known.set(kind, values);
    values.set(valueKey(normal), normal);
    for (const form of searchForms(kind, value, normal)) {
      const key = `${kind}\u0000${valueKey(form)}`;
      if (searched.has(key)) continue;
      searched.add(key);
      pending.set(kind, [...(pending.get(kind) ?? []), form]);
    }
  };
  for (const [kind, values] of Object.entries(start)) {
    for (const value of values) learn(kind, value);
  }

  const maxRounds = options.maxRounds ?? 100;
  let rounds = 0;
  let seeds = options.seeds ?? [];
  for (;;) {
    const searching = pending;
    pending = new Map();
    const matches = new Map<string, Match[]>();
    const add = (key: string, match: Match): void => {
      if (match.values.length > 0) matches.set(key, [...(matches.get(key) ?? []), match]);
    };
    for (const seed of seeds) {
      const key = refKey(seed);
      const state = states.get(key);
      // A collection the map no longer declares is not searched.
      if (state === undefined) continue;
      add(key, {
        fields: state.collection.primaryKey,
        values: seed.keys
          .filter((tuple) => tuple.length === state.collection.primaryKey.length)
          .map((tuple) => tuple.map(fromPlain)),
      });
    }
    seeds = [];
    for (const [key, state] of states) {
      for (const field of state.collection.fields) {
        const values = field.identity === undefined ? undefined : searching.get(field.identity);
        if (values !== undefined) {
          add(key, {
            fields: [field.name],
            values: values.map((value) => [value]),
            // An address is the same whatever the case it was stored in (RFC 5321 leaves the local
            // part's case to the receiving host; every mail host in use ignores it).
            ...(field.identity === 'email' ? { caseInsensitive: true } : {}),
          });
        }
      }
    }
    for (const { reference, down, up } of graph) {
      const from = states.get(refKey(reference.from));
      const to = states.get(refKey(reference.to));
      if (from === undefined || to === undefined) continue;
      if (down) {
        add(refKey(reference.from), {
          fields: reference.fields,
          values: tuples(to.fresh, reference.toFields),
        });
      }
      if (up) {
        add(refKey(reference.to), {
          fields: reference.toFields,
          values: tuples(from.fresh, reference.fields),
        });
      }
    }
    for (const state of states.values()) state.fresh = [];
    if (matches.size === 0) break;
    rounds += 1;
    if (rounds > maxRounds) {
      throw new CustodianError('plan.search_too_deep', 'the search for the person did not end', {
        details: { rounds: maxRounds },
      });
    }
    const reads = [...matches].flatMap(([key, collectionMatches]) => {
      const state = states.get(key);
      return state === undefined ? [] : [{ state, matches: collectionMatches }];
    });
    const results = await readConcurrently(connectors, reads);
    // Taken in the order the reads were listed, whatever order they finished in: the identities
    // learnt, and so the next round's reads, are the same on every run.
    for (const [index, { state }] of reads.entries()) {
      for (const row of results[index] ?? []) {
        const primary = tupleKey(primaryKey(state.collection, row));
        if (state.rows.has(primary)) continue;
        state.rows.set(primary, row);
        state.fresh.push(row);
        for (const field of state.collection.fields) {
          if (field.identity !== undefined) learn(field.identity, row[field.name] ?? null);
        }
      }
    }
  }

  const collections: FoundCollection[] = [...states.values()].map((state) => ({
    datastore: state.datastore.id,
    collection: state.collection.name,
    rows: [...state.rows.values()].sort((a, b) =>
      compareTuples(primaryKey(state.collection, a), primaryKey(state.collection, b)),
    ),
  }));
  const identities: Record<string, Value[]> = {};
  for (const [kind, values] of known) identities[kind] = [...values.values()];
  // Other people's rows pointing at this person's through a reference the search does not follow
  // down: the erasure detaches them. A declared one too when it can be nulled (referred_by).
  const followedDown = new Set(graph.filter(({ down }) => down).map(({ reference }) => reference));
  const links = await findLinks(
    connectors,
    states,
    all.filter(
      (reference) =>
        !followedDown.has(reference) &&
        reference.from.datastore === reference.to.datastore &&
        (reference.enforced || (reference.declared && reference.nullable)),
    ),
  );
  return { collections, identities, rounds, ...(links.length === 0 ? {} : { links }) };
}

/**
 * Runs one round's reads, each datastore's in one `findMany` where its connector has one (one
 * statement on PostgreSQL and PGlite), else as many at a time as the connector can run side by
 * side (`readsAtOnce`, a pool's connections), and returns their rows in the order of `reads`. A
 * failed read fails the round once every read started has settled, so no read is still running on
 * a connector the caller goes on to close.
 */
async function readConcurrently(
  connectors: ReadonlyMap<string, Connector>,
  reads: readonly { readonly state: CollectionState; readonly matches: readonly Match[] }[],
): Promise<Row[][]> {
  const results: Row[][] = reads.map(() => []);
  const byDatastore = new Map<string, { index: number; read: FindRead }[]>();
  for (const [index, { state, matches }] of reads.entries()) {
    const id = state.datastore.id;
    const list = byDatastore.get(id) ?? [];
    byDatastore.set(id, list);
    list.push({ index, read: { collection: state.collection, matches } });
  }
  const failures: unknown[] = [];
  const settle = async (work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      failures.push(error);
    }
  };
  const lanes = [...byDatastore].flatMap(([id, list]) => {
    const connector = connectorOf(connectors, id);
    if (connector.findMany !== undefined) {
      return [
        settle(async () => {
          const rows = (await connector.findMany?.(list.map(({ read }) => read))) ?? [];
          for (const [position, { index }] of list.entries()) results[index] = rows[position] ?? [];
        }),
      ];
    }
    let next = 0;
    const lane = async (): Promise<void> => {
      for (
        let item = list[next++];
        item !== undefined && failures.length === 0;
        item = list[next++]
      ) {
        const { index, read } = item;
        await settle(async () => {
          results[index] = await connector.find(read.collection, read.matches);
        });
      }
    };
    const width = Math.max(1, Math.min(connector.readsAtOnce ?? 1, list.length));
    return Array.from({ length: width }, () => lane());
  });
  await Promise.all(lanes);
  if (failures.length > 0) throw failures[0];
  return results;
}

/**
 * The rows of other people that reference the person's rows through the foreign keys the search
 * did not follow (see `ownsRows`): one read per such key whose referenced collection has rows of
 * the person, keeping only keys and the referencing columns.
 */
async function findLinks(
  connectors: ReadonlyMap<string, Connector>,
  states: ReadonlyMap<string, CollectionState>,
  unfollowed: readonly Reference[],
): Promise<FoundLink[]> {
  const links: FoundLink[] = [];
  for (const reference of unfollowed) {
    const from = states.get(refKey(reference.from));
    const to = states.get(refKey(reference.to));
    if (from === undefined || to === undefined || to.rows.size === 0) continue;
    const values = tuples([...to.rows.values()], reference.toFields);
    if (values.length === 0) continue;
    const connector = connectorOf(connectors, from.datastore.id);
    const rows = await connector.find(from.collection, [{ fields: reference.fields, values }]);
    const columns = [...new Set([...from.collection.primaryKey, ...reference.fields])];
    const others = rows
      .filter((row) => !from.rows.has(tupleKey(primaryKey(from.collection, row))))
      .map((row) => Object.fromEntries(columns.map((column) => [column, row[column] ?? null])));
    if (others.length > 0) links.push({ reference, rows: others });
  }
  return links;
}

/** A reference and the ways the search follows it. */
interface SearchStep {
  readonly reference: Reference;
  /** From rows found in `to` to the rows of `from` referencing them. */
  readonly down: boolean;
  /** From rows found in `from` to the rows of `to` they reference (`follow: both`). */
  readonly up: boolean;
}

/**
 * The references the search follows, and which ways: declared ones as they say, foreign keys only
 * introspection found unless they lead into rows of their own (`ownsRows`), never `follow: none`,
 * and never a way that leads from one person's row to another person's row of the same collection
 * (`crossingArcs`: a self-reference, a chain back into the collection), whatever the map says.
 * GDPR Art. 15(4): a copy must not adversely affect the rights of others; Art. 17: an erasure
 * erases the person's data, not the people they referred.
 */
function searchGraph(datastores: readonly Datastore[], all: readonly Reference[]): SearchStep[] {
  const candidates = all.filter(
    (reference) =>
      reference.follow !== 'none' && (reference.declared || !ownsRows(datastores, reference)),
  );
  const ranks = new Map<string, number>();
  const identified = new Set<string>();
  for (const datastore of datastores) {
    for (const collection of datastore.collections) {
      const key = refKey({ datastore: datastore.id, collection: collection.name });
      ranks.set(key, ranks.size);
      if (collection.fields.some((field) => field.identity !== undefined)) identified.add(key);
    }
  }
  const refused = new Set(
    crossingArcs(
      candidates.map((reference) => ({
        from: refKey(reference.from),
        to: refKey(reference.to),
        follow: reference.follow,
      })),
      (key) => identified.has(key),
      (key) => ranks.get(key) ?? ranks.size,
    ).map((arc) => `${arc.edge}:${arc.direction}`),
  );
  return candidates.map((reference, index) => ({
    reference,
    down: !refused.has(`${index}:down`),
    up: reference.follow === 'both' && !refused.has(`${index}:up`),
  }));
}

/**
 * Whether a foreign key only introspection found leads into rows that belong to whoever their own
 * identity fields name: a self-reference (`customers.referred_by`) or a collection with identity
 * fields. Following it would take another person's rows for this one's (Bob, referred by Ana, is
 * not Ana's data); the map declares such a reference when it does mean it.
 */
function ownsRows(datastores: readonly Datastore[], reference: Reference): boolean {
  if (refKey(reference.from) === refKey(reference.to)) return true;
  const from = datastores
    .find((datastore) => datastore.id === reference.from.datastore)
    ?.collections.find((collection) => collection.name === reference.from.collection);
  return from?.fields.some((field) => field.identity !== undefined) ?? false;
}

/**
 * An identity in the normal form the ledger keeps (src/ledger/identity.ts): an email by
 * `normaliseEmail` (NFKC, trimmed, lower case, the domain in ASCII), a phone by `normalisePhone`
 * (`+` and digits); other kinds as they are. Case and format variants of one identity are one.
 */
function normalIdentity(kind: string, value: Value): Value {
  if (typeof value !== 'string') return value;
  if (kind === 'email') return normaliseEmail(value);
  if (kind === 'phone') return normalisePhone(value);
  return value;
}

/**
 * The forms an identity is searched by: an email by its normal form only, every email field
 * comparing case-insensitively (the form the person typed is never needed); a phone by its normal
 * form and the form it was found in, since phone columns compare exactly and a company stores
 * `+32 470 12 34 56` as often as `+32470123456`; other kinds as they are.
 */
function searchForms(kind: string, value: Value, normal: Value): Value[] {
  if (kind === 'email' && typeof normal === 'string') {
    // A domain stored as its Unicode self (`exämple.com`) is the same domain as its ASCII form.
    const at = normal.lastIndexOf('@');
    const unicode =
      at < 1 ? normal : `${normal.slice(0, at)}@${domainToUnicode(normal.slice(at + 1))}`;
    return unicode === normal || unicode.endsWith('@') ? [normal] : [normal, unicode];
  }
  return value === normal ? [normal] : [normal, value];
}

/** The primary key of a row, in the collection's declared order. */
export function primaryKey(collection: DatastoreCollection, row: Row): Value[] {
  return collection.primaryKey.map((column) => row[column] ?? null);
}

/** The connector of a datastore, or `datastore.not_connected`. */
export function connectorOf(connectors: ReadonlyMap<string, Connector>, id: string): Connector {
  const connector = connectors.get(id);
  if (connector === undefined) {
    throw new CustodianError('datastore.not_connected', 'no connector is open for a datastore', {
      details: { datastore: id },
    });
  }
  return connector;
}

/** Distinct tuples of `fields` from `rows`; a tuple with a null references nothing. */
function tuples(rows: readonly Row[], fields: readonly string[]): Value[][] {
  const seen = new Map<string, Value[]>();
  for (const row of rows) {
    const tuple = fields.map((field) => row[field] ?? null);
    if (tuple.some((value) => value === null)) continue;
    seen.set(tupleKey(tuple), tuple);
  }
  return [...seen.values()];
}
