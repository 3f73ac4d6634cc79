import type { Kysely } from 'kysely';
import { keyText } from '../datastores/values.js';
import type { Connector, Row, Value } from '../datastores/index.js';
import { findPerson, primaryKey } from '../execution/index.js';
import { hashNormalised, normalise } from '../ledger/identity.js';
import { restrictedSubjects } from '../ledger/index.js';
import type { DataMap } from '../map/index.js';
import { openRequestEmails, requestSubject } from '../requests/index.js';
import type { Database } from '../store/index.js';

/** Primary keys of rows, by `datastore/collection`, each under its `keyText`. */
export type KeySets = Map<string, Map<string, Value[]>>;

/** The rows a retention sweep must keep because of who they belong to. */
export interface KeptPeople {
  /** Rows of restricted people (GDPR Art. 18(1)(c)): kept, only stored. */
  readonly restricted: KeySets;
  /** Rows of people with a request open, other than the restricted: the request decides. */
  readonly openRequest: KeySets;
  readonly counts: {
    readonly restricted: number;
    /**
     * Restricted people found in no datastore: restricted through the API (Custodian holds only a
     * keyed hash of their identity) and held by no email or phone column of a datastore that can
     * be read page by page. A `restrictionFlag` column still keeps their rows where they are.
     */
    readonly restrictedUnplaced: number;
    readonly openRequests: number;
  };
}

export interface KeptContext {
  readonly db: Kysely<Database>;
  readonly secret: Buffer;
  readonly map: DataMap;
  readonly connectors: ReadonlyMap<string, Connector>;
}

/** Identity columns read per page when looking for people known by a hash only. */
const PLACE_PAGE = 5_000;
const PLACE_TIMEOUT_MS = 30_000;

/**
 * Finds the rows of the people whose data retention must not touch: restricted people and people
 * with an open request, as a request finds a person (from their email, through references).
 *
 * A person restricted from a request is found by the request's email. One restricted through the
 * API is known by the keyed hashes of their identities only: they are looked for in every email
 * and phone column of the datastores, page by page, each value hashed the way the ledger hashes
 * it; the plain value found is used for the search and then dropped. That reads whole identity
 * columns, so it is done only while such people exist.
 */
export async function keptPeople(ctx: KeptContext): Promise<KeptPeople> {
  const restrictedPeople = await restrictedSubjects(ctx.db);
  const open = await openRequestEmails(ctx.db, ctx.secret);
  const requestEmails = new Map(open.map((request) => [request.id, request.email]));
  const restrictedEmails: string[] = [];
  const unplaced: string[] = [];
  for (const person of restrictedPeople) {
    const found: string[] = [];
    for (const source of person.sources) {
      if (!source.startsWith('request:')) continue;
      const id = source.slice('request:'.length);
      const email = requestEmails.get(id) ?? (await closedRequestEmail(ctx, id));
      if (email !== undefined) found.push(email);
    }
    if (found.length === 0) unplaced.push(person.subjectId);
    restrictedEmails.push(...found);
  }
  const placed =
    unplaced.length === 0 ? new Map<string, Identities>() : await placeByHash(ctx, unplaced);
  const restricted = await keysOf(ctx, [
    ...restrictedEmails.map((email) => ({ email: [email] })),
    ...[...placed.values()],
  ]);
  const openRequest = await keysOf(
    ctx,
    open.map((request) => ({ email: [request.email] })),
  );
  // A row of a restricted person with an open request counts once, as restricted.
  for (const [collection, keys] of openRequest) {
    for (const key of restricted.get(collection)?.keys() ?? []) keys.delete(key);
  }
  return {
    restricted,
    openRequest,
    counts: {
      restricted: restrictedPeople.length,
      restrictedUnplaced: unplaced.length - placed.size,
      openRequests: open.length,
    },
  };
}

async function closedRequestEmail(ctx: KeptContext, id: string): Promise<string | undefined> {
  try {
    return (await requestSubject(ctx.db, ctx.secret, id)).email;
  } catch {
    return undefined;
  }
}

type Identities = Record<string, string[]>;

/**
 * The identities, by subject, of the restricted people known by hash only, read from the email
 * and phone columns of the datastores that can be paged.
 */
async function placeByHash(
  ctx: KeptContext,
  subjects: readonly string[],
): Promise<Map<string, Identities>> {
  const hashes = await ctx.db
    .selectFrom('subject_identities')
    .select(['subject_id', 'kind', 'hash'])
    .where('subject_id', 'in', [...subjects])
    .where('kind', 'in', ['email', 'phone'])
    .execute();
  const subjectOf = new Map(hashes.map((row) => [`${row.kind}:${row.hash}`, row.subject_id]));
  const placed = new Map<string, Identities>();
  if (subjectOf.size === 0) return placed;
  for (const datastore of ctx.map.datastores) {
    const connector = ctx.connectors.get(datastore.id);
    if (connector?.page === undefined) continue;
    for (const collection of datastore.collections) {
      for (const field of collection.fields) {
        const kind = field.identity;
        if (kind !== 'email' && kind !== 'phone') continue;
        let after: Value[] | undefined;
        for (;;) {
          const rows: Row[] = await connector.page(collection, {
            where: { kind: 'not', of: { kind: 'isNull', column: field.name } },
            ...(after === undefined ? {} : { after }),
            limit: PLACE_PAGE,
            columns: [field.name],
            timeoutMs: PLACE_TIMEOUT_MS,
          });
          for (const row of rows) {
            const value = row[field.name];
            if (typeof value !== 'string' || value.trim() === '') continue;
            const normal = normalise(kind === 'email' ? { email: value } : { phone: value });
            const subject = subjectOf.get(
              `${kind}:${hashNormalised(ctx.secret, kind, normal.value)}`,
            );
            if (subject === undefined) continue;
            const identities = placed.get(subject) ?? {};
            identities[kind] = [...new Set([...(identities[kind] ?? []), value])];
            placed.set(subject, identities);
          }
          const last = rows.at(-1);
          if (last === undefined || rows.length < PLACE_PAGE) break;
          after = primaryKey(collection, last);
        }
      }
    }
  }
  return placed;
}

/** The primary keys of every row of these people, by collection (`datastore/collection`). */
async function keysOf(ctx: KeptContext, people: readonly Identities[]): Promise<KeySets> {
  const sets: KeySets = new Map();
  const seen = new Set<string>();
  for (const identities of people) {
    const text = JSON.stringify(identities);
    if (seen.has(text)) continue;
    seen.add(text);
    const found = await findPerson(ctx.map.datastores, ctx.connectors, identities);
    for (const entry of found.collections) {
      const collection = ctx.map.datastores
        .find((datastore) => datastore.id === entry.datastore)
        ?.collections.find((candidate) => candidate.name === entry.collection);
      if (collection === undefined) continue;
      const name = `${entry.datastore}/${entry.collection}`;
      const keys = sets.get(name) ?? new Map<string, Value[]>();
      for (const row of entry.rows) {
        const key = primaryKey(collection, row);
        keys.set(keyText(key), key);
      }
      sets.set(name, keys);
    }
  }
  return sets;
}
