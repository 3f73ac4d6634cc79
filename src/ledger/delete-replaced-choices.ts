import { sql, type RawBuilder } from 'kysely';
import type { Db, Trx } from './ledger-context.js';

/** How many ledger ids one batch looks at, per row it may delete: bounds each statement's scan. */
const SCAN_PER_ROW = 8;

/** What keeps a person's replaced choices besides the ledger's own state. */
export interface ReplacedChoicesKeep {
  /**
   * The keyed email hashes (`identityHash`) of people with a request open: their records stay
   * until the request decides.
   */
  readonly emailHashes: readonly string[];
}

/**
 * A consent choice replaced before `before`: a later choice of the same person for the same
 * purpose was made before `before` (GDPR Art. 7(1): a choice proves the processing done while it
 * was in force, and must be shown for as long as that can be questioned, which the period counts
 * from its end). The latest choice per purpose has none and is never replaced, however old.
 * Kept too: every event of a receipt the current state or an objection points to, so that receipt
 * reads the same; objections, suppressions and restrictions (not choices).
 */
function replacedBefore(before: Date): RawBuilder<boolean> {
  return sql<boolean>`e.kind in ('granted', 'denied')
    and e.purpose is not null
    and e.recorded_at < ${before}
    and exists (
      select 1 from ledger_events n
      where n.subject_id = e.subject_id and n.id > e.id and n.purpose = e.purpose
        and n.kind in ('granted', 'denied') and n.recorded_at < ${before})
    and not exists (
      select 1 from consent_state c
      where c.subject_id = e.subject_id and c.receipt_id = e.receipt_id)
    and not exists (
      select 1 from objections o
      where o.subject_id = e.subject_id and o.receipt_id = e.receipt_id)`;
}

function openRequest(keep: ReplacedChoicesKeep): RawBuilder<boolean> {
  if (keep.emailHashes.length === 0) return sql<boolean>`false`;
  return sql<boolean>`exists (
    select 1 from subject_identities i
    where i.subject_id = e.subject_id and i.kind = 'email'
      and i.hash in (${sql.join([...keep.emailHashes])}))`;
}

/** The last ledger event id now: a sweep looks no further, what comes after is new. */
export async function lastLedgerEventId(db: Db): Promise<number> {
  const row = await db
    .selectFrom('ledger_events')
    .select((eb) => eb.fn.max('id').as('last'))
    .executeTakeFirst();
  return Number(row?.last ?? 0);
}

/**
 * Deletes the consent choices replaced before `before` (see above) among the ledger events with
 * ids in (`after`, `upTo`], at most `limit` of them and looking at no more than `limit` times 8
 * ids, so one call is a few short statements (GDPR Art. 5(1)(e)). A person whose processing is
 * restricted (GDPR Art. 18(1): their data is only stored) or who has a request open keeps every
 * event. The people whose events go are share-locked first, by primary key, so a restriction
 * being applied waits for this transaction or is seen by it. Inside the caller's transaction.
 * Returns how many were deleted and where the next call starts; `next` is `upTo` once the range
 * is done.
 */
export async function deleteReplacedChoices(
  trx: Trx,
  input: {
    readonly before: Date;
    readonly after: number;
    readonly upTo: number;
    readonly limit: number;
    readonly keep: ReplacedChoicesKeep;
  },
): Promise<{ deleted: number; next: number }> {
  const end = Math.min(input.upTo, input.after + input.limit * SCAN_PER_ROW);
  // Through the primary key's range, probing each person's own events: no scan of `subjects`.
  const found = await sql<{ id: string | number; subject_id: string }>`
    select e.id, e.subject_id from ledger_events e
    where e.id > ${input.after} and e.id <= ${end}
      and ${replacedBefore(input.before)}
      and not ${openRequest(input.keep)}
    order by e.id
    limit ${input.limit}`.execute(trx);
  const candidates = found.rows.map((row) => ({ id: String(row.id), subject: row.subject_id }));
  // A full batch may have left rows of the range: carry on after the last one looked at.
  const last = candidates.at(-1);
  const next = candidates.length === input.limit && last !== undefined ? Number(last.id) : end;
  if (candidates.length === 0) return { deleted: 0, next };
  const free = await trx
    .selectFrom('subjects')
    .select('id')
    .where('id', 'in', [...new Set(candidates.map((candidate) => candidate.subject))])
    .where('restricted_at', 'is', null)
    .forShare()
    .execute();
  const allowed = new Set(free.map((row) => row.id));
  const ids = candidates
    .filter((candidate) => allowed.has(candidate.subject))
    .map((candidate) => candidate.id);
  if (ids.length === 0) return { deleted: 0, next };
  const result = await trx.deleteFrom('ledger_events').where('id', 'in', ids).executeTakeFirst();
  return { deleted: Number(result.numDeletedRows), next };
}

/** How many consent choices were replaced before `before`, kept or not. Counts only. */
export async function replacedChoicesBefore(db: Db, before: Date): Promise<number> {
  const result = await sql<{ n: string | number }>`
    select count(*) as n from ledger_events e where ${replacedBefore(before)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * Consent choices replaced before `before` that are kept: `restricted`, their person's
 * processing is restricted (GDPR Art. 18(1)); `openRequest`, their person has a request open.
 * Counts only; restricted people are few, so this reads their events, not the ledger.
 */
export async function replacedChoicesKept(
  db: Db,
  before: Date,
  keep: ReplacedChoicesKeep,
): Promise<{ restricted: number; openRequest: number }> {
  const restricted = await sql<{ n: string | number }>`
    select count(*) as n from ledger_events e
    join subjects s on s.id = e.subject_id and s.restricted_at is not null
    where ${replacedBefore(before)}`.execute(db);
  const open =
    keep.emailHashes.length === 0
      ? 0
      : Number(
          (
            await sql<{ n: string | number }>`
              select count(*) as n from ledger_events e
              join subjects s on s.id = e.subject_id and s.restricted_at is null
              where e.subject_id in (
                  select i.subject_id from subject_identities i
                  where i.kind = 'email' and i.hash in (${sql.join([...keep.emailHashes])}))
                and ${replacedBefore(before)}`.execute(db)
          ).rows[0]?.n ?? 0,
        );
  return { restricted: Number(restricted.rows[0]?.n ?? 0), openRequest: open };
}
