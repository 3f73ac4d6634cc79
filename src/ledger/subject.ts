import { randomUUID } from 'node:crypto';
import { CustodianError } from '../errors.js';
import { hashNormalised, normalise, type IdentityKind, type SubjectRef } from './identity.js';
import type { Db, Trx } from './ledger-context.js';

/** How a subject reference is looked up: by Custodian's id, or by the keyed hash of an identity. */
export type SubjectKey =
  { readonly id: string } | { readonly kind: IdentityKind; readonly hash: string };

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` can be a subject id (a uuid); anything else names no subject. */
export function isSubjectId(value: string): boolean {
  return UUID.test(value);
}

function invalid(details: Record<string, unknown> = {}): CustodianError {
  return new CustodianError(
    'subject.invalid',
    'a subject is named by one email, phone, accountId or id',
    {
      details,
    },
  );
}

/**
 * The lookup key of a subject reference: identities are normalised and hashed here, so the plain
 * value goes no further. Throws `subject.invalid` for a malformed or empty reference.
 */
export function subjectKey(secret: Buffer, ref: SubjectRef, index?: number): SubjectKey {
  const details = index === undefined ? {} : { index };
  if (typeof ref !== 'object' || (ref as unknown) === null) throw invalid(details);
  const keys = Object.keys(ref);
  if (keys.length !== 1) throw invalid(details);
  if ('id' in ref) {
    if (typeof ref.id !== 'string') throw invalid(details);
    return { id: ref.id.toLowerCase() };
  }
  const value: unknown = 'email' in ref ? ref.email : 'phone' in ref ? ref.phone : ref.accountId;
  if (typeof value !== 'string') throw invalid(details);
  const normal = normalise(ref);
  if (normal.value === '' || normal.value === '+') throw invalid(details);
  return { kind: normal.kind, hash: hashNormalised(secret, normal.kind, normal.value) };
}

function notFound(): CustodianError {
  return new CustodianError('subject.not_found', 'the ledger knows no such subject');
}

/** The id of the subject a key names, or null when the ledger does not know them. */
export async function findSubject(db: Db, key: SubjectKey): Promise<string | null> {
  if ('id' in key) {
    if (!isSubjectId(key.id)) return null;
    const row = await db
      .selectFrom('subjects')
      .select('id')
      .where('id', '=', key.id)
      .executeTakeFirst();
    return row?.id ?? null;
  }
  const row = await db
    .selectFrom('subject_identities')
    .select('subject_id')
    .where('kind', '=', key.kind)
    .where('hash', '=', key.hash)
    .executeTakeFirst();
  return row?.subject_id ?? null;
}

/**
 * Locks the subject's row for the rest of the transaction, so changes to one person are applied
 * one after the other; false when there is no such subject.
 */
export async function lockSubject(trx: Trx, id: string): Promise<boolean> {
  if (!isSubjectId(id)) return false;
  const row = await trx
    .selectFrom('subjects')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

/** The existing subject of a key, locked; `subject.not_found` for an unknown id. */
export async function requireSubject(trx: Trx, key: SubjectKey): Promise<string> {
  const id = await findSubject(trx, key);
  if (id === null || !(await lockSubject(trx, id))) throw notFound();
  return id;
}

/**
 * The subject of a key, created on first sight of an identity (only its keyed hash is stored), and
 * locked. An unknown `{ id }` is `subject.not_found`: ids are Custodian's to hand out.
 */
export async function findOrCreateSubject(trx: Trx, key: SubjectKey, at: Date): Promise<string> {
  if ('id' in key) return requireSubject(trx, key);
  const existing = await findSubject(trx, key);
  if (existing !== null && (await lockSubject(trx, existing))) return existing;
  const id = randomUUID();
  await trx.insertInto('subjects').values({ id, created_at: at }).execute();
  const inserted = await trx
    .insertInto('subject_identities')
    .values({ kind: key.kind, hash: key.hash, subject_id: id, created_at: at })
    .onConflict((oc) => oc.columns(['kind', 'hash']).doNothing())
    .returning('subject_id')
    .executeTakeFirst();
  if (inserted) {
    await lockSubject(trx, id);
    return id;
  }
  // Another writer created this person between our look-up and our insert: use theirs.
  await trx.deleteFrom('subjects').where('id', '=', id).execute();
  return requireSubject(trx, key);
}

/** Every identity hash of a subject, for suppressing all the ways to reach them at once. */
export async function identitiesOf(
  db: Db,
  subjectId: string,
): Promise<{ kind: string; hash: string }[]> {
  return db
    .selectFrom('subject_identities')
    .select(['kind', 'hash'])
    .where('subject_id', '=', subjectId)
    .orderBy('kind')
    .orderBy('hash')
    .execute();
}
