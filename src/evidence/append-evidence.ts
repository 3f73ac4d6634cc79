import { sql, type Kysely, type OperationNodeSource, type Transaction } from 'kysely';
import { CustodianError } from '../errors.js';
import type { Database } from '../store/index.js';
import { assertNoPersonalData } from './assert-no-personal-data.js';
import { canonicalJson } from './canonical-json.js';
import { hashParts } from './evidence-hash.js';

/** One processing operation to record. */
export interface EvidenceInput {
  /** Who did it: an API key id, `system`, an admin's id; never an email. */
  readonly actor: string;
  /** What was done, dotted: `consent.recorded`, `request.verified`, `erasure.completed`. */
  readonly action: string;
  /** The pseudonymous subject it concerns (Custodian's subject id), if any. */
  readonly subjectRef?: string | null;
  /** Plain JSON without personal data: ids, purposes, statuses, counts. */
  readonly details?: Record<string, unknown>;
  /** When it happened; stored and hashed at millisecond precision. */
  readonly at: Date;
}

/**
 * Appends a record to the evidence chain and returns its sequence and hash. Inside the caller's
 * transaction when given one, so the record commits or rolls back with the change it proves;
 * otherwise on its own (one statement, atomic by itself).
 *
 * Appends stay linear under concurrent writers: the statement moves the single `evidence_head` row
 * and so holds its row lock until the transaction ends; a concurrent append waits on that lock and
 * then works from the new head. Inside a caller's transaction the lock is held until its commit,
 * so append as the last write of a transaction.
 */
export async function appendEvidence(
  db: Kysely<Database> | Transaction<Database>,
  input: EvidenceInput,
  options: {
    /**
     * A write to the store made in the same statement (a data-modifying `with`), so the two
     * commit together without a transaction's extra round trips: the record and the change it
     * proves, in one.
     */
    readonly alongside?: OperationNodeSource;
  } = {},
): Promise<{ seq: number; hash: string }> {
  const record = prepare(input);
  const parts = hashParts(record, record.detailsJson);
  const alongside =
    options.alongside === undefined ? sql`` : sql`alongside as (${options.alongside}),`;
  // One round trip: move the head (seq + 1, hash of the new record, the old hash kept as
  // prev_hash) and insert the record from what the head returns. The hash is taken in PostgreSQL
  // over the same canonical JSON `evidenceHash` hashes; only seq and the previous hash come from the
  // locked row.
  const result = await sql<{ seq: string | number; hash: string }>`
    with ${alongside} head as (
      update evidence_head
      set seq = seq + 1,
          prev_hash = hash,
          hash = encode(sha256(convert_to(
            ${parts.before}::text || hash || ${parts.between}::text || (seq + 1)::text
            || ${parts.after}::text, 'UTF8')), 'hex')
      where id = 1
      returning seq, prev_hash, hash
    )
    insert into evidence (seq, recorded_at, actor, action, subject_ref, details, prev_hash, hash)
    select seq, ${record.recordedAt.toISOString()}::timestamptz, ${record.actor}, ${record.action},
      ${record.subjectRef}, ${record.detailsJson}::jsonb, prev_hash, hash
    from head
    returning seq, hash`.execute(db);
  const row = result.rows[0];
  if (row === undefined) {
    throw new CustodianError(
      'evidence.no_head',
      'the evidence chain has no head row; migrate first',
    );
  }
  return { seq: Number(row.seq), hash: row.hash };
}

/**
 * Appends several records in order, in one statement: what `appendEvidence` does for each, with
 * the chain carried from one to the next inside PostgreSQL. For a transaction that proves several
 * operations at once (an erasure's last datastore and its completion): one
 * round trip and one wait on the head's lock rather than one per record. Returns each record's
 * sequence and hash, in order.
 */
export async function appendEvidenceRecords(
  db: Kysely<Database> | Transaction<Database>,
  inputs: readonly EvidenceInput[],
): Promise<{ seq: number; hash: string }[]> {
  if (inputs.length === 0) return [];
  if (inputs.length === 1 && inputs[0] !== undefined) return [await appendEvidence(db, inputs[0])];
  const records = inputs.map(prepare);
  const parts = records.map((record) => hashParts(record, record.detailsJson));
  // The head row is locked first (`head`); each record's hash is taken over its canonical JSON
  // with the previous record's hash and seq (`chain`); the head moves to the last record.
  const result = await sql<{ seq: string | number; hash: string }>`
    with recursive
      input as (
        select * from unnest(
          ${parts.map((part) => part.before)}::text[],
          ${parts.map((part) => part.between)}::text[],
          ${parts.map((part) => part.after)}::text[],
          ${records.map((record) => record.recordedAt.toISOString())}::text[],
          ${records.map((record) => record.actor)}::text[],
          ${records.map((record) => record.action)}::text[],
          ${records.map((record) => record.subjectRef)}::text[],
          ${records.map((record) => record.detailsJson)}::text[]
        ) with ordinality as i (before, between, after, recorded_at, actor, action, subject_ref,
          details, n)
      ),
      head as (select seq, hash from evidence_head where id = 1 for update),
      chain as (
        select i.n, h.seq + 1 as seq, h.hash as prev_hash,
               encode(sha256(convert_to(
                 i.before || h.hash || i.between || (h.seq + 1)::text || i.after, 'UTF8')), 'hex')
                 as hash
          from head h join input i on i.n = 1
        union all
        select i.n, c.seq + 1, c.hash,
               encode(sha256(convert_to(
                 i.before || c.hash || i.between || (c.seq + 1)::text || i.after, 'UTF8')), 'hex')
          from chain c join input i on i.n = c.n + 1
      ),
      last as (select seq, prev_hash, hash from chain order by n desc limit 1),
      moved as (
        update evidence_head h set seq = last.seq, prev_hash = last.prev_hash, hash = last.hash
          from last where h.id = 1
        returning h.seq
      )
    insert into evidence (seq, recorded_at, actor, action, subject_ref, details, prev_hash, hash)
    select c.seq, i.recorded_at::timestamptz, i.actor, i.action, i.subject_ref, i.details::jsonb,
           c.prev_hash, c.hash
      from chain c join input i using (n)
     where exists (select 1 from moved)
     order by c.seq
    returning seq, hash`.execute(db);
  if (result.rows.length !== records.length) {
    throw new CustodianError(
      'evidence.no_head',
      'the evidence chain has no head row; migrate first',
    );
  }
  return result.rows
    .map((row) => ({ seq: Number(row.seq), hash: row.hash }))
    .sort((a, b) => a.seq - b.seq);
}

interface Prepared {
  readonly recordedAt: Date;
  readonly actor: string;
  readonly action: string;
  readonly subjectRef: string | null;
  readonly details: Record<string, unknown>;
  readonly detailsJson: string;
}

/** Checks the input before any lock is taken, and fixes the exact values that get hashed. */
function prepare(input: EvidenceInput): Prepared {
  if (!(input.at instanceof Date) || Number.isNaN(input.at.getTime())) {
    throw new CustodianError('evidence.invalid_input', 'an evidence record needs a valid time');
  }
  if (input.actor === '' || input.action === '') {
    throw new CustodianError(
      'evidence.invalid_input',
      'an evidence record needs an actor and an action',
    );
  }
  const subjectRef = input.subjectRef ?? null;
  const details = input.details ?? {};
  assertNoPersonalData('actor', input.actor);
  assertNoPersonalData('action', input.action);
  assertNoPersonalData('subjectRef', subjectRef);
  assertNoPersonalData('details', details);
  // Stored and hashed as this one text: jsonb gives back what it says and nothing else.
  const detailsJson = canonicalJson(details);
  // Text fields follow the rule details do (no NUL, no lone surrogate): stored and hashed unchanged.
  canonicalJson([input.actor, input.action, subjectRef]);
  return {
    recordedAt: new Date(input.at.getTime()),
    actor: input.actor,
    action: input.action,
    subjectRef,
    details,
    detailsJson,
  };
}
