import type { Kysely } from 'kysely';
import { CustodianError } from '../errors.js';
import type { Database } from '../store/index.js';

/**
 * The head of the chain: the last sequence and its hash (seq 0 and 64 zeros before the first
 * record). Publishing it somewhere the database's administrators cannot write (a signed mail, a
 * ticket, a transparency log) anchors everything recorded up to it.
 */
export async function evidenceHead(db: Kysely<Database>): Promise<{ seq: number; hash: string }> {
  const head = await readHead(db);
  if (head === undefined) {
    throw new CustodianError(
      'evidence.no_head',
      'the evidence chain has no head row; migrate first',
    );
  }
  return head;
}

/** The head row, or undefined when it was removed. */
export async function readHead(
  db: Kysely<Database>,
): Promise<{ seq: number; hash: string } | undefined> {
  const row = await db
    .selectFrom('evidence_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return row === undefined ? undefined : { seq: Number(row.seq), hash: row.hash };
}
