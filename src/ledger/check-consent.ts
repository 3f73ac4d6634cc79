import { sql, type RawBuilder } from 'kysely';
import { chunksOf, MAX_BATCH } from '../batch.js';
import { CustodianError } from '../errors.js';
import type { Jurisdiction, LegalBasis, Purpose } from '../map/index.js';
import type { SubjectRef } from './identity.js';
import {
  isDirectMarketing,
  legalBasisOf,
  normaliseCountry,
  requirePurpose,
  usJurisdictionsOf,
  type Db,
  type LedgerContext,
} from './ledger-context.js';
import type { IdentityKind } from './identity.js';
import { isSubjectId, subjectKey, type SubjectKey } from './subject.js';
import { EVERY_PURPOSE } from './suppress.js';

/** The most subjects one check takes. */
export const MAX_CHECK_BATCH = MAX_BATCH;

export interface CheckSubject {
  readonly subject: SubjectRef;
  /** The map's subject groups the person belongs to ('customers'), for the soft opt-in. */
  readonly groups?: readonly string[];
  /** Where the person lives (ISO 3166-1 alpha-2); overrides the request's country. */
  readonly country?: string;
}

export interface CheckInput {
  readonly purpose: string;
  readonly subjects: readonly CheckSubject[];
  /** Where the people live when a subject does not say; the default controller's law otherwise. */
  readonly country?: string;
}

/** Why a use is allowed or refused; allowed reasons name the basis relied on. */
export type CheckReason =
  | 'granted'
  | 'granted-after-gpc'
  | 'soft-opt-in'
  | 'legitimate-interests'
  | 'contract'
  | 'legal-obligation'
  | 'vital-interests'
  | 'public-task'
  | 'denied'
  | 'no-consent'
  | 'objected'
  | 'suppressed'
  | 'restricted'
  | 'gpc-opt-out'
  | 'no-legal-basis';

export interface CheckResult {
  readonly index: number;
  readonly allowed: boolean;
  readonly reason: CheckReason;
}

/** What the database knows of one subject, as far as this purpose goes. */
interface SubjectFacts {
  readonly restricted: boolean;
  readonly gpc: boolean;
  readonly status: string | null;
  /** The live grant or refusal was recorded after the first GPC signal. */
  readonly afterGpc: boolean;
  readonly objected: boolean;
  /**
   * For direct marketing: the identifier checked is suppressed (by id: one of the subject's
   * identities is), for every purpose or this one. Known also of people the ledger has no
   * subject for, such as the erased.
   */
  readonly suppressed: boolean;
}

/**
 * The distinct identities (per kind) and ids of a batch. Each group's values are numbered in
 * order, and a group's answers land at its base plus that number, so the query can answer by
 * position alone.
 */
class Lookups {
  readonly groups = new Map<IdentityKind | 'id', Map<string, number>>();

  /** Where a key is in its group; undefined for an id that cannot name a subject. */
  add(key: SubjectKey): { group: IdentityKind | 'id'; position: number } | undefined {
    if ('id' in key && !isSubjectId(key.id)) return undefined;
    const group = 'id' in key ? 'id' : key.kind;
    const value = 'id' in key ? key.id : key.hash;
    let values = this.groups.get(group);
    if (!values) {
      values = new Map();
      this.groups.set(group, values);
    }
    let position = values.get(value);
    if (position === undefined) {
      position = values.size;
      values.set(value, position);
    }
    return { group, position };
  }

  /** The first slot of each group, in the order the groups came. */
  bases(): Map<IdentityKind | 'id', number> {
    const bases = new Map<IdentityKind | 'id', number>();
    let next = 0;
    for (const [group, values] of this.groups) {
      bases.set(group, next);
      next += values.size;
    }
    return bases;
  }

  get size(): number {
    let size = 0;
    for (const values of this.groups.values()) size += values.size;
    return size;
  }
}

/**
 * May this purpose be used for each of these people? Answers in input order, by the map's rules:
 * identities are hashed in memory and each chunk of the batch is answered by one set-based query
 * (unnest of the distinct hashes and ids, joined to identities, subjects, state, objections and,
 * for direct marketing, suppressions), never a query per subject.
 *
 * @throws `consent.unknown_purpose`, `consent.batch_too_large`, `subject.invalid` (with its index).
 */
export async function checkConsent(
  db: Db,
  ctx: LedgerContext,
  input: CheckInput,
): Promise<{ results: CheckResult[] }> {
  const purpose = requirePurpose(ctx.map, input.purpose);
  if (input.subjects.length > MAX_CHECK_BATCH) {
    throw new CustodianError('consent.batch_too_large', 'too many subjects in one check', {
      details: { max: MAX_CHECK_BATCH },
    });
  }
  const directMarketing = isDirectMarketing(purpose);
  const basis = legalBasisOf(purpose);
  const gpcCovers = new Map<string | undefined, boolean>();
  const coveredIn = (country: string | undefined): boolean => {
    let covered = gpcCovers.get(country);
    if (covered === undefined) {
      covered = gpcOptOutCovers(purpose, usJurisdictionsOf(ctx.map, country));
      gpcCovers.set(country, covered);
    }
    return covered;
  };
  const requestCountry = normaliseCountry(input.country);

  // CHUNK subjects per query, with a turn of the event loop between two: a check of 50,000
  // never holds the thread (or the embedded database) for more than one chunk.
  const results: CheckResult[] = [];
  for await (const { start, slice } of chunksOf(input.subjects)) {
    const keys = slice.map((entry, offset) =>
      subjectKey(ctx.secret, entry.subject, start + offset),
    );
    // Each distinct identity and id is looked up once; `slot` says where its answer lands.
    const lookups = new Lookups();
    const places = keys.map((key) => lookups.add(key));
    const bases = lookups.bases();
    const slots = places.map((place) =>
      place === undefined ? undefined : (bases.get(place.group) ?? 0) + place.position,
    );
    const facts = await subjectFacts(db, purpose.id, lookups, bases, directMarketing);
    slice.forEach((entry, offset) => {
      const slot = slots[offset];
      const known = slot === undefined ? undefined : facts[slot];
      const country = normaliseCountry(entry.country) ?? requestCountry;
      const [allowed, reason] = decide(purpose, basis, known, {
        groups: entry.groups ?? [],
        gpcCovered: coveredIn(country),
      });
      results.push({ index: start + offset, allowed, reason });
    });
  }
  return { results };
}

/**
 * The rules, in the order they refuse. Each line cites what it implements.
 */
function decide(
  purpose: Purpose,
  basis: LegalBasis | undefined,
  facts: SubjectFacts | undefined,
  context: { groups: readonly string[]; gpcCovered: boolean },
): [boolean, CheckReason] {
  // GDPR Art. 18(2): restricted data is only stored, or processed for legal claims, the rights of
  // others or an important public interest, which the purpose declares (restrictionExemption). Processing
  // the law demands goes on too (Art. 17(3)(b) and 6(1)(c) are not suspended by a restriction).
  if (
    facts?.restricted &&
    basis !== 'legal-obligation' &&
    purpose.restrictionExemption === undefined
  ) {
    return [false, 'restricted'];
  }

  if (isDirectMarketing(purpose)) {
    // GDPR Art. 21(3): after an objection to direct marketing, no more direct marketing, no
    // balancing; ePrivacy Art. 13(2) ends the soft opt-in the same way.
    if (facts?.objected) return [false, 'objected'];
    // Seed 003: an unsubscribed or erased person is never contacted again.
    if (facts?.suppressed) return [false, 'suppressed'];
  }

  // Cal. Civ. Code 1798.120, 1798.135(b), 11 CCR 7025: under US state law a GPC signal is an
  // opt-out of sale, sharing and targeted advertising; an explicit grant recorded after it wins
  // (7025(c)(3)). Outside US law GPC does not override an explicit GDPR consent.
  if (context.gpcCovered && facts?.gpc) {
    if (basis === 'consent' && facts.status === 'granted' && facts.afterGpc) {
      return [true, 'granted-after-gpc'];
    }
    return [false, 'gpc-opt-out'];
  }

  switch (basis) {
    case 'consent':
      // GDPR Art. 6(1)(a), 7(3): only a live grant; a refusal or withdrawal stops the use.
      if (facts?.status === 'granted') return [true, 'granted'];
      if (facts?.status === 'denied') return [false, 'denied'];
      // ePrivacy Directive Art. 13(2) (seed 001): existing customers receive similar offers
      // until they object.
      if (purpose.softOptIn?.subjects.some((group) => context.groups.includes(group))) {
        return [true, 'soft-opt-in'];
      }
      return [false, 'no-consent'];
    case 'legitimate-interests':
    case 'public-task':
      // GDPR Art. 21(1): an objection to processing on Art. 6(1)(e) or (f) stops it; compelling
      // grounds that override it are for a person to decide, not for a batch check.
      if (facts?.objected) return [false, 'objected'];
      return [true, basis];
    case 'contract':
    case 'legal-obligation':
    case 'vital-interests':
      // GDPR Art. 6(1)(b)-(d): no choice of the person switches these off.
      return [true, basis];
    case undefined:
      return [false, 'no-legal-basis'];
  }
}

/**
 * Whether a GPC signal opts a person out of this purpose under these US jurisdictions: direct
 * marketing always (it is targeted advertising or a use of it), and, where the map says the
 * controller sells, shares or targets ads, the purposes a person's choice can switch off
 * (consent and legitimate interests) — only those disclosing to the declared buyers when the map
 * names them. Contract, legal-obligation and vital-interest processing is never a sale the signal
 * stops.
 */
export function gpcOptOutCovers(purpose: Purpose, jurisdictions: readonly Jurisdiction[]): boolean {
  if (jurisdictions.length === 0) return false;
  if (isDirectMarketing(purpose)) return true;
  const basis = legalBasisOf(purpose);
  if (basis !== 'consent' && basis !== 'legitimate-interests') return false;
  return jurisdictions.some((jurisdiction) => {
    const sale = jurisdiction.sale;
    if (!sale || !(sale.sells || sale.shares || sale.targetedAdvertising)) return false;
    return (
      sale.recipients.length === 0 ||
      purpose.recipients.some((recipient) => sale.recipients.includes(recipient))
    );
  });
}

/**
 * The facts of a row, packed into one integer by the query: PGlite parses every column of every
 * row in JavaScript, so six booleans cost 100k rows six parses each (the bench showed a third of
 * the check's time going there).
 */
const FACT = {
  known: 1,
  restricted: 2,
  gpc: 4,
  afterGpc: 8,
  objected: 16,
  suppressed: 32,
} as const;

/** `case when <condition> then <bit> else 0 end`, summed into the row's flags. */
function bit(condition: RawBuilder<unknown>, value: number): RawBuilder<unknown> {
  return sql`(case when ${condition} then ${sql.lit(value)} else 0 end)`;
}

/**
 * One query for the whole batch: a branch per identity kind and one for ids, each an unnest of the
 * batch's values joined to identities, subjects, state and objections, answering by slot. Rows
 * with nothing to say (no subject, not suppressed) carry flags 0 and are skipped.
 */
async function subjectFacts(
  db: Db,
  purpose: string,
  lookups: Lookups,
  bases: ReadonlyMap<IdentityKind | 'id', number>,
  directMarketing: boolean,
): Promise<(SubjectFacts | undefined)[]> {
  const facts = new Array<SubjectFacts | undefined>(lookups.size);
  if (lookups.size === 0) return facts;
  const scope = sql`in (${EVERY_PURPOSE}, ${purpose})`;
  const subjectFlags = sql`
      ${bit(sql`s.id is not null`, FACT.known)}
      + ${bit(sql`s.restricted_at is not null`, FACT.restricted)}
      + ${bit(sql`s.gpc_at is not null`, FACT.gpc)}
      + ${bit(sql`cs.updated_at > s.gpc_at`, FACT.afterGpc)}
      + ${bit(sql`o.subject_id is not null`, FACT.objected)}`;
  const joins = sql`
      left join consent_state cs on cs.subject_id = s.id and cs.purpose = ${purpose}
      left join objections o on o.subject_id = s.id and o.purpose = ${purpose}`;
  const branches = [];
  for (const [group, values] of lookups.groups) {
    // Slots are 0-based, ordinality 1-based.
    const slot = sql`t.ord + ${(bases.get(group) ?? 0) - 1}`;
    if (group === 'id') {
      const suppressed = directMarketing
        ? bit(
            sql`exists (
              select 1 from subject_identities si
              join suppressions sp on sp.hash = si.hash and sp.scope ${scope}
              where si.subject_id = s.id)`,
            FACT.suppressed,
          )
        : sql`0`;
      branches.push(sql`
        select ${slot} as slot, cs.status, ${subjectFlags} + ${suppressed} as flags
        from unnest(${[...values.keys()]}::uuid[]) with ordinality as t (id, ord)
        join subjects s on s.id = t.id
        ${joins}`);
      continue;
    }
    // Direct marketing also answers for identifiers the ledger has no subject for: a
    // suppression outlives the person's erasure.
    const outer = directMarketing ? sql`left join` : sql`join`;
    const suppressed = directMarketing
      ? bit(
          sql`exists (select 1 from suppressions sp where sp.hash = t.hash and sp.scope ${scope})`,
          FACT.suppressed,
        )
      : sql`0`;
    branches.push(sql`
      select ${slot} as slot, cs.status, ${subjectFlags} + ${suppressed} as flags
      from unnest(${[...values.keys()]}::text[]) with ordinality as t (hash, ord)
      ${outer} subject_identities si on si.kind = ${group} and si.hash = t.hash
      ${outer} subjects s on s.id = si.subject_id
      ${joins}`);
  }
  const { rows } = await sql<{ slot: number | string; status: string | null; flags: number }>`
    ${sql.join(branches, sql` union all `)}`.execute(db);
  for (const row of rows) {
    const flags = row.flags;
    if (flags === 0) continue;
    facts[Number(row.slot)] = {
      restricted: (flags & FACT.restricted) !== 0,
      gpc: (flags & FACT.gpc) !== 0,
      status: row.status,
      afterGpc: (flags & FACT.afterGpc) !== 0,
      objected: (flags & FACT.objected) !== 0,
      suppressed: (flags & FACT.suppressed) !== 0,
    };
  }
  return facts;
}
