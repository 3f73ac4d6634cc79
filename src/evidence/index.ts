/**
 * The evidence chain: a tamper-evident record of processing operations.
 *
 * Evidence record = one link: sequence, time, actor, action, pseudonymous subject reference,
 * details without personal data, previous hash, hash. Head = the last sequence and its hash, one row
 * every append locks. Genesis = the previous hash of record 1, 64 zeros.
 * Verify = recompute every hash and link in order and report the first break.
 *
 * What it proves and what it does not: docs/evidence.md.
 */
export { appendEvidence, appendEvidenceRecords, type EvidenceInput } from './append-evidence.js';
export { assertNoPersonalData, personalDataIn } from './assert-no-personal-data.js';
export { canonicalJson } from './canonical-json.js';
export { evidenceHash, GENESIS_HASH, type HashedRecord } from './evidence-hash.js';
export { evidenceHead } from './evidence-head.js';
export {
  verifyEvidence,
  type EvidenceBreak,
  type EvidenceVerification,
} from './verify-evidence.js';
