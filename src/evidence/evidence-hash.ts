import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** The previous hash of the first record: 64 zeros, as migration 0001 seeds the chain head. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a record's hash covers: everything in the record but the hash itself. */
export interface HashedRecord {
  readonly seq: number;
  /** Hashed as `toISOString()`: UTC at millisecond precision, exactly as stored. */
  readonly recordedAt: Date;
  readonly actor: string;
  readonly action: string;
  readonly subjectRef: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  readonly prevHash: string;
}

/**
 * The hash of an evidence record: SHA-256, in lower-case hex, of the UTF-8 bytes of the canonical
 * JSON (keys sorted, no whitespace) of `{ action, actor, details, prevHash, recordedAt, seq,
 * subjectRef }`. docs/evidence.md spells it out so anyone can recompute it without Custodian.
 */
export function evidenceHash(record: HashedRecord): string {
  const text = canonicalJson({
    seq: record.seq,
    recordedAt: record.recordedAt.toISOString(),
    actor: record.actor,
    action: record.action,
    subjectRef: record.subjectRef,
    details: record.details,
    prevHash: record.prevHash,
  });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The canonical JSON of a record cut around the two values only the database knows at append time:
 * `before + prevHash + between + seq + after` is the text `evidenceHash` hashes, for a prevHash of
 * hex digits (no escaping needed) and an integer seq. Appends hash it in PostgreSQL from these
 * parts; verification recomputes it with `evidenceHash`, and a test holds the two together.
 */
export function hashParts(
  record: Omit<HashedRecord, 'seq' | 'prevHash'>,
  /** The canonical JSON of `record.details`, when the caller has it already. */
  detailsJson: string = canonicalJson(record.details),
): {
  readonly before: string;
  readonly between: string;
  readonly after: string;
} {
  // Keys in sorted order: action, actor, details, prevHash, recordedAt, seq, subjectRef.
  return {
    before: `{"action":${canonicalJson(record.action)},"actor":${canonicalJson(record.actor)},"details":${detailsJson},"prevHash":"`,
    between: `","recordedAt":${canonicalJson(record.recordedAt.toISOString())},"seq":`,
    after: `,"subjectRef":${canonicalJson(record.subjectRef)}}`,
  };
}
