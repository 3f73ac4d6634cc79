import type { Kysely } from 'kysely';
import { sealJson, unsealJson, type Database } from '../store/index.js';
import type { HeldKeys } from './plan.js';

/** The seal context of a requester's held rows: they open for that subject reference only. */
const heldContext = (subjectRef: string): string => `held_records.rows_sealed:${subjectRef}`;

/**
 * Remembers, for a requester, the rows their erasure kept under a legal hold (GDPR Art. 17(3)(b),
 * (e)): their primary keys and the last day of each, sealed, keyed by the pseudonymous subject
 * reference of the request. Replaces what was remembered before: the erasure's search started
 * from those rows too (`findPerson`'s `seeds`), so its plan holds every row still held. Nothing
 * held: nothing remembered. In the caller's transaction, so it lands with the certificate.
 */
export async function rememberHeld(
  db: Kysely<Database>,
  secret: Buffer,
  subjectRef: string,
  held: readonly HeldKeys[],
  at: Date,
): Promise<void> {
  if (held.length === 0) {
    await db.deleteFrom('held_records').where('subject_ref', '=', subjectRef).execute();
    return;
  }
  const rows_sealed = sealJson(secret, held, heldContext(subjectRef));
  await db
    .insertInto('held_records')
    .values({ subject_ref: subjectRef, rows_sealed, updated_at: at })
    .onConflict((oc) => oc.column('subject_ref').doUpdateSet({ rows_sealed, updated_at: at }))
    .execute();
}

/**
 * The rows an earlier erasure of this requester kept under a hold, by collection; none when no
 * erasure of theirs held anything. A later request reads them again by key: an access request
 * reports them, an erasure holds them again, or erases them once their hold has ended.
 */
export async function rememberedHeld(
  db: Kysely<Database>,
  secret: Buffer,
  subjectRef: string | null | undefined,
): Promise<HeldKeys[]> {
  if (subjectRef === null || subjectRef === undefined) return [];
  const row = await db
    .selectFrom('held_records')
    .select('rows_sealed')
    .where('subject_ref', '=', subjectRef)
    .executeTakeFirst();
  return row === undefined
    ? []
    : unsealJson<HeldKeys[]>(secret, row.rows_sealed, heldContext(subjectRef));
}
