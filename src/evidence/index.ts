/**
 * The evidence chain: a tamper-evident record of processing operations.
 *
 * Evidence record = one link: sequence, time, actor, action, pseudonymous subject reference,
 * details without personal data, previous hash, hash. Head = the last sequence and its hash, one row
 * every append locks. Genesis = the previous hash of record 1, 64 zeros.
 * Verify = recompute every hash and link in order and report the first break.
 * Checkpoint = the last record the console verified, so a page view checks only what came after;
 * a cache, never a proof (`custodian evidence verify` ignores it).
 *
 * What it proves and what it does not: docs/evidence.md.
 */
export { appendEvidence, appendEvidenceRecords, type EvidenceInput } from './append-evidence.js';
export { assertNoPersonalData, personalDataIn } from './assert-no-personal-data.js';
export { canonicalJson } from './canonical-json.js';
export { evidenceHash, GENESIS_HASH, type HashedRecord } from './evidence-hash.js';
export {
  CHECK_BUDGET_MS,
  CHECK_MAX_RECORDS,
  checkEvidence,
  startEvidenceCheck,
  type EvidenceStatus,
} from './evidence-checkpoint.js';
export { evidenceHead } from './evidence-head.js';
export { searchEvidence, type EvidenceRecord } from './search-evidence.js';
export {
  verifyEvidence,
  verifyEvidenceFrom,
  type EvidenceBreak,
  type EvidencePoint,
  type EvidenceRangeVerification,
  type EvidenceVerification,
} from './verify-evidence.js';
