import { sql } from 'kysely';
import { CHUNK, chunksOf, MAX_BATCH } from '../batch.js';
import { CustodianError } from '../errors.js';
import { appendEvidence, type EvidenceInput } from '../evidence/index.js';
import type { Identifier } from './identity.js';
import { requirePurpose, type Db, type LedgerContext, type Trx } from './ledger-context.js';
import { subjectKey } from './subject.js';

/** The reason on suppressions a person's own unsubscribe created; a later grant lifts them. */
export const UNSUBSCRIBED = 'unsubscribed';

/** Suppression of every purpose. */
export const EVERY_PURPOSE = '*';

/** Rows per statement: larger batches go to the database in slices of this many. */
const SLICE = CHUNK;

export interface SuppressInput {
  readonly identifiers: readonly Identifier[];
  /** Why, for the operator ("erased", "hard bounce"); stored beside the hash, never in evidence. */
  readonly reason: string;
  /** A purpose id, or '*' (the default) for every purpose. */
  readonly scope?: string;
}

/**
 * Puts identifiers on the suppression list, stored only as keyed hashes of their normal form (seed
 * 003: an erased person goes on a blacklist so they are never contacted or imported again).
 * Idempotent: `count` is the distinct identifiers now suppressed, `added` those that were not yet.
 *
 * Every identifier is checked and hashed before anything is written. Up to MAX_BATCH identifiers,
 * written in transactions of CHUNK, each with its own `suppression.added` record, so that a large
 * import never holds the embedded database's one connection for long; an import a failure stops
 * half-way has the chunks before it written and recorded, and running it again is harmless.
 *
 * @throws `suppression.batch_too_large`, `suppression.no_reason`, `consent.unknown_purpose`,
 *   `subject.invalid` (with its index).
 */
export async function suppress(
  db: Db,
  ctx: LedgerContext,
  input: SuppressInput,
): Promise<{ count: number; added: number }> {
  refuseLargeBatch(input.identifiers.length);
  const prepared = await prepareSuppressionInChunks(ctx, input);
  const hashes = [...prepared.tombstones.keys()];
  let added = 0;
  for await (const { slice } of chunksOf(hashes)) {
    const tombstones = new Map(slice.map((hash) => [hash, prepared.tombstones.get(hash) ?? '']));
    added += await db.transaction().execute(async (trx) => {
      const at = ctx.now();
      const inserted = await insertSuppressions(
        trx,
        tombstones,
        prepared.scope,
        prepared.reason,
        at,
      );
      await appendEvidence(
        trx,
        suppressionEvidence(ctx, { ...prepared, tombstones }, inserted, at),
      );
      return inserted;
    });
  }
  return { count: prepared.tombstones.size, added };
}

function refuseLargeBatch(size: number): void {
  if (size > MAX_BATCH) {
    throw new CustodianError('suppression.batch_too_large', 'too many identifiers in one request', {
      details: { max: MAX_BATCH },
    });
  }
}

/** As prepareSuppression, hashing CHUNK identifiers between two turns of the event loop. */
async function prepareSuppressionInChunks(
  ctx: LedgerContext,
  input: SuppressInput,
): Promise<PreparedSuppression> {
  const scope = checkedScope(ctx, input);
  const tombstones = new Map<string, string>();
  for await (const { start, slice } of chunksOf(input.identifiers)) {
    for (const { hash, kind } of hashIdentifiers(ctx.secret, slice, start)) {
      tombstones.set(hash, kind);
    }
  }
  return prepared(ctx, scope, input.reason, tombstones);
}

/** A suppression checked and hashed, ready to be written: by `suppress`, or within an erasure. */
export interface PreparedSuppression {
  /** Keyed hash → kind (`email`, `phone`, …), one per normal form. */
  readonly tombstones: ReadonlyMap<string, string>;
  readonly scope: string;
  readonly reason: string;
  /** The `suppression.added` record, once it is known how many were new. */
  evidence(added: number, at: Date): EvidenceInput;
}

/** Checks a suppression and hashes its identifiers; nothing is written. */
export function prepareSuppression(ctx: LedgerContext, input: SuppressInput): PreparedSuppression {
  const scope = checkedScope(ctx, input);
  const tombstones = new Map<string, string>();
  for (const { hash, kind } of hashIdentifiers(ctx.secret, input.identifiers, 0)) {
    tombstones.set(hash, kind);
  }
  return prepared(ctx, scope, input.reason, tombstones);
}

/** The scope of a suppression ('*' when absent), once it and the reason are valid. */
function checkedScope(ctx: LedgerContext, input: SuppressInput): string {
  const scope = input.scope ?? EVERY_PURPOSE;
  if (scope !== EVERY_PURPOSE) requirePurpose(ctx.map, scope);
  if (typeof input.reason !== 'string' || input.reason.trim() === '') {
    throw new CustodianError('suppression.no_reason', 'a suppression needs a reason');
  }
  return scope;
}

function prepared(
  ctx: LedgerContext,
  scope: string,
  reason: string,
  tombstones: ReadonlyMap<string, string>,
): PreparedSuppression {
  const part = { tombstones, scope, reason };
  return { ...part, evidence: (added, at) => suppressionEvidence(ctx, part, added, at) };
}

/** The `suppression.added` record of tombstones written: counts and kinds, never a hash. */
function suppressionEvidence(
  ctx: LedgerContext,
  written: Pick<PreparedSuppression, 'tombstones' | 'scope'>,
  added: number,
  at: Date,
): EvidenceInput {
  const kinds: Record<string, number> = {};
  for (const kind of written.tombstones.values()) kinds[kind] = (kinds[kind] ?? 0) + 1;
  return {
    actor: ctx.actor,
    action: 'suppression.added',
    subjectRef: null,
    details: { scope: written.scope, count: written.tombstones.size, added, kinds },
    at,
  };
}

/** Inserts tombstones (hash → kind) for one scope, keeping existing ones; returns how many were new. */
export async function insertSuppressions(
  trx: Trx,
  tombstones: ReadonlyMap<string, string>,
  scope: string,
  reason: string,
  at: Date,
): Promise<number> {
  const hashes = [...tombstones.keys()];
  let added = 0;
  for (let start = 0; start < hashes.length; start += SLICE) {
    const slice = hashes.slice(start, start + SLICE);
    const kinds = slice.map((hash) => tombstones.get(hash) ?? '');
    const result = await sql`
      insert into suppressions (hash, scope, kind, reason, created_at)
      select t.hash, ${scope}, t.kind, ${reason}, ${at}::timestamptz
      from unnest(${slice}::text[], ${kinds}::text[]) as t (hash, kind)
      on conflict (hash, scope) do nothing`.execute(trx);
    added += Number(result.numAffectedRows ?? 0n);
  }
  return added;
}

export interface SuppressionCheckInput {
  readonly identifiers: readonly Identifier[];
  /**
   * The purpose about to be used: suppressions of every purpose and of this one count. Without
   * it, any suppression counts: a sender that does not say why it writes is not told it may.
   */
  readonly purpose?: string;
}

export interface SuppressionResult {
  readonly index: number;
  readonly suppressed: boolean;
  /** The reason stored with the suppression (one of every purpose first), or null. */
  readonly reason: string | null;
}

/**
 * Whether each identifier is suppressed, in input order. Set-based: identifiers are hashed in
 * memory and matched against the list by primary key, one statement per CHUNK of them, never a
 * query each; between two chunks the event loop runs what waits. Up to MAX_BATCH identifiers.
 *
 * @throws `suppression.batch_too_large`, `consent.unknown_purpose`, `subject.invalid`.
 */
export async function checkSuppression(
  db: Db,
  ctx: LedgerContext,
  input: SuppressionCheckInput,
): Promise<{ results: SuppressionResult[] }> {
  if (input.purpose !== undefined) requirePurpose(ctx.map, input.purpose);
  refuseLargeBatch(input.identifiers.length);
  const results: SuppressionResult[] = [];
  for await (const { start, slice } of chunksOf(input.identifiers)) {
    const hashes = hashIdentifiers(ctx.secret, slice, start).map((key) => key.hash);
    // Repeats are harmless: each stored suppression answers once.
    const reasons = await suppressedHashes(db, hashes, input.purpose);
    hashes.forEach((hash, offset) => {
      const reason = reasons.get(hash)?.reason;
      results.push({
        index: start + offset,
        suppressed: reason !== undefined,
        reason: reason ?? null,
      });
    });
  }
  return { results };
}

/**
 * The suppressed hashes among `hashes`, with the reason to show: that of a suppression of every
 * purpose first, else of the first scope by name. With a purpose, only '*' and that purpose count.
 */
async function suppressedHashes(
  db: Db,
  hashes: readonly string[],
  purpose: string | undefined,
): Promise<Map<string, { scope: string; reason: string }>> {
  const found = new Map<string, { scope: string; reason: string }>();
  const scope = purpose === undefined ? sql`true` : sql`sp.scope in (${EVERY_PURPOSE}, ${purpose})`;
  // One index probe per hash, whatever the planner believes of the table: the lateral subquery
  // with `offset 0` is not flattened into a join. Without statistics (the embedded database has no
  // autovacuum to gather them, and a fresh import has none yet) `hash = any(…)` is planned as a
  // scan of the whole list, ~160 ms per chunk against a million suppressions instead of ~12 ms.
  const { rows } = await sql<{ hash: string; scope: string; reason: string }>`
    select t.hash, sp.scope, sp.reason
    from unnest(${hashes}::text[]) as t (hash)
    cross join lateral (
      select sp.scope, sp.reason from suppressions sp where sp.hash = t.hash and ${scope} offset 0
    ) sp`.execute(db);
  for (const row of rows) {
    const seen = found.get(row.hash);
    if (seen === undefined || precedes(row.scope, seen.scope)) found.set(row.hash, row);
  }
  return found;
}

function precedes(scope: string, other: string): boolean {
  if (other === EVERY_PURPOSE) return false;
  return scope === EVERY_PURPOSE || scope < other;
}

/**
 * Keyed hashes of identifiers, in order; `subject.invalid` (with its index in the request, the
 * slice's `start` added) for a bad one.
 */
function hashIdentifiers(
  secret: Buffer,
  identifiers: readonly Identifier[],
  start: number,
): { kind: string; hash: string }[] {
  return identifiers.map((identifier, offset) => {
    const index = start + offset;
    const key = subjectKey(secret, identifier, index);
    if ('id' in key) {
      throw new CustodianError(
        'subject.invalid',
        'suppression takes an email, phone or accountId',
        {
          details: { index },
        },
      );
    }
    return key;
  });
}

/** One entry of the suppression list for an identifier: its scope, why, and since when. */
export interface SuppressionEntry {
  /** A purpose id, or '*' for every purpose. */
  readonly scope: string;
  readonly reason: string;
  readonly since: Date;
}

/**
 * The suppression list's entries for one identifier, found by its keyed hash (the identifier is
 * hashed in memory and goes no further), oldest first; none when it is not suppressed. For the
 * console's lookup: the caller neither stores nor logs the identifier.
 */
export async function suppressionsOf(
  db: Db,
  secret: Buffer,
  identifier: Identifier,
): Promise<SuppressionEntry[]> {
  const [key] = hashIdentifiers(secret, [identifier], 0);
  if (key === undefined) return [];
  const rows = await db
    .selectFrom('suppressions')
    .select(['scope', 'reason', 'created_at'])
    .where('hash', '=', key.hash)
    .orderBy('created_at')
    .orderBy('scope')
    .execute();
  return rows.map((row) => ({
    scope: row.scope,
    reason: row.reason,
    since: new Date(row.created_at),
  }));
}
