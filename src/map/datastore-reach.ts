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

/** One reference as a search sees it: collections named `datastore/collection`. */
export interface SearchEdge {
  /** The referencing collection. */
  readonly from: string;
  /** The referenced collection. */
  readonly to: string;
  readonly follow: 'from-parent' | 'both' | 'none';
}

/**
 * One way of following an edge: `down` from the referenced rows to the rows referencing them,
 * `up` (only with `follow: both`) from a referencing row to the row it references.
 */
export interface SearchArc {
  readonly edge: number;
  readonly direction: 'down' | 'up';
}

/**
 * The arcs a search must not follow because they lead from one person's row to another person's
 * row of the same collection (issue 10: "a draft never leads from one person to another"):
 *
 * - both ways of a self-reference (a contact's `referred_by` names another contact: Bob, referred
 *   by Ana, is not Ana's data);
 * - in every other cycle of arcs, one arc per cycle, until none is left: a `both` arc going up
 *   first (a referral row found from its referrer leads up, through `referred_id`, to another
 *   contact), else the arc leading into a collection with identity fields of its own (its rows are
 *   found by who they name, never by a chain back into them), else the arc into the collection
 *   declared first. Going down an edge and back up the same edge is no cycle: it returns to the
 *   row it left, or, from a referencing row, to its siblings, which `both` says are the person's.
 *
 * `identified(collection)` says whether a collection has identity fields; `rank(collection)` its
 * place in the map. Edges that say `follow: none` have no arcs. Deterministic: the same edges give
 * the same arcs.
 */
export function crossingArcs(
  edges: readonly SearchEdge[],
  identified: (collection: string) => boolean,
  rank: (collection: string) => number,
): SearchArc[] {
  const ends = (arc: SearchArc): { from: string; to: string } => {
    const edge = edges[arc.edge] as SearchEdge;
    return arc.direction === 'down'
      ? { from: edge.to, to: edge.from }
      : { from: edge.from, to: edge.to };
  };
  const refused: SearchArc[] = [];
  let active: SearchArc[] = [];
  for (const [index, edge] of edges.entries()) {
    if (edge.follow === 'none') continue;
    const arcs: SearchArc[] = [{ edge: index, direction: 'down' }];
    if (edge.follow === 'both') arcs.push({ edge: index, direction: 'up' });
    if (edge.from === edge.to) refused.push(...arcs);
    else active.push(...arcs);
  }
  // Whether `arc` lies on a cycle of the active arcs other than its own edge taken back.
  const onCycle = (arc: SearchArc): boolean => {
    const { from, to } = ends(arc);
    const seen = new Set<string>([to]);
    const queue = [to];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      for (const other of active) {
        if (other.edge === arc.edge) continue;
        const step = ends(other);
        if (step.from !== next || seen.has(step.to)) continue;
        if (step.to === from) return true;
        seen.add(step.to);
        queue.push(step.to);
      }
    }
    return false;
  };
  const weight = (arc: SearchArc): [number, number] => {
    const into = ends(arc).to;
    return [arc.direction === 'up' ? 0 : identified(into) ? 1 : 2, rank(into)];
  };
  for (;;) {
    const cycling = active.filter(onCycle);
    if (cycling.length === 0) break;
    const [first, ...rest] = cycling;
    let chosen = first as SearchArc;
    for (const arc of rest) {
      const [a, b] = [weight(arc), weight(chosen)];
      if (a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])) chosen = arc;
    }
    refused.push(chosen);
    active = active.filter((arc) => arc !== chosen);
  }
  return refused.sort((a, b) => a.edge - b.edge || a.direction.localeCompare(b.direction));
}

/** A declared reference by its place in the map, and the way a search will not follow it. */
export interface ReferenceAt extends CollectionAt {
  readonly reference: number;
  readonly direction: 'down' | 'up';
}

/** The map's declared references, as search edges, each with its place. */
function mapEdges(map: DataMap): { edges: SearchEdge[]; places: Omit<ReferenceAt, 'direction'>[] } {
  const edges: SearchEdge[] = [];
  const places: Omit<ReferenceAt, 'direction'>[] = [];
  for (const [d, datastore] of map.datastores.entries()) {
    for (const [c, collection] of datastore.collections.entries()) {
      for (const [r, reference] of collection.references.entries()) {
        edges.push({
          from: nameOf(datastore.id, collection.name),
          to: nameOf(reference.to.datastore ?? datastore.id, reference.to.collection),
          follow: reference.follow,
        });
        places.push({ datastore: d, collection: c, reference: r });
      }
    }
  }
  return { edges, places };
}

/** Identity and rank of the map's collections, for `crossingArcs`. */
function collectionFacts(map: DataMap): {
  identified: (name: string) => boolean;
  rank: (name: string) => number;
} {
  const ranks = new Map<string, number>();
  const withIdentity = new Set<string>();
  for (const datastore of map.datastores) {
    for (const collection of datastore.collections) {
      const name = nameOf(datastore.id, collection.name);
      ranks.set(name, ranks.size);
      if (collection.fields.some((field) => field.identity !== undefined)) withIdentity.add(name);
    }
  }
  return {
    identified: (name) => withIdentity.has(name),
    rank: (name) => ranks.get(name) ?? ranks.size,
  };
}

/**
 * The declared references a request will not follow (one way or both) because they lead from
 * one person's row to another person's (see `crossingArcs`); `follow: none` says so and is not
 * listed.
 */
export function crossingReferences(map: DataMap): ReferenceAt[] {
  const { edges, places } = mapEdges(map);
  const facts = collectionFacts(map);
  // One per reference: a self-reference's two ways are one finding (its `down`).
  const seen = new Set<number>();
  return crossingArcs(edges, facts.identified, facts.rank).flatMap((arc) => {
    const place = places[arc.edge];
    if (place === undefined || seen.has(arc.edge)) return [];
    seen.add(arc.edge);
    return [{ ...place, direction: arc.direction }];
  });
}

/**
 * Collections holding personal data that a request cannot reach: no identity field of their own,
 * and no chain of declared references leading to one. A request starts from identity fields;
 * rows found in a collection lead to the rows referencing them, and, with `follow: both`, a
 * referencing row leads to the row it references; arcs that lead to another person
 * (`crossingReferences`) lead nowhere. A collection nobody can reach would be left out of every
 * access and erasure (GDPR Art. 15, 17) without anyone noticing.
 */
export function unreachableCollections(map: DataMap): CollectionAt[] {
  const reached = new Set<string>();
  const edges = new Map<string, string[]>();
  const edge = (from: string, to: string): void => {
    edges.set(from, [...(edges.get(from) ?? []), to]);
  };
  const graph = mapEdges(map);
  const facts = collectionFacts(map);
  const refused = new Set(
    crossingArcs(graph.edges, facts.identified, facts.rank).map(
      (arc) => `${arc.edge}:${arc.direction}`,
    ),
  );
  for (const datastore of map.datastores) {
    for (const collection of datastore.collections) {
      const self = nameOf(datastore.id, collection.name);
      if (collection.fields.some((field) => field.identity !== undefined)) reached.add(self);
    }
  }
  for (const [index, { from, to, follow }] of graph.edges.entries()) {
    if (follow === 'none') continue;
    if (!refused.has(`${index}:down`)) edge(to, from);
    if (follow === 'both' && !refused.has(`${index}:up`)) edge(from, to);
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
