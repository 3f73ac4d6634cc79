/**
 * Carrying out data-subject requests across the company's own datastores.
 *
 * Search = breadth-first from a person's identifiers through identity fields and references.
 * Found = every row reached, per collection, once per primary key. Hold = a legal reason to keep
 * a row despite an erasure (GDPR Art. 17(3)), with the day it ends. Plan = the ordered steps of an
 * erasure (children before parents, cycles broken by nulling a reference), computed once and
 * frozen. Step = one change to one collection, one transaction, one checkpoint. Strategy = how a
 * field of a kept row stops identifying the person (null, mask, keyed hash, generalise, keep).
 * Package = the zip an access request answers with, downloadable once. Certificate = the signed
 * statement of an erasure, without personal data.
 */
export { accessPackage, accessSummary, csv, type AccessPackageOptions } from './access.js';
export {
  certificateBody,
  certificateKey,
  signCertificate,
  verifyCertificate,
  type CertificateBody,
  type CertificateKey,
  type ErasureCertificate,
} from './certificate.js';
export {
  applyErasure,
  freezeAndApply,
  freezePlan,
  frozenPlan,
  stepChange,
  storedCertificate,
  type ErasureOptions,
  type ErasureResult,
} from './erase.js';
export { erasedValue, erasureHashKey, MASK, type FieldStrategy } from './erase-strategy.js';
export { ledgerContext, type ExecutionContext } from './execution-context.js';
export {
  findPerson,
  primaryKey,
  type FindOptions,
  type Found,
  type FoundCollection,
  type FoundLink,
  type Identities,
  type Seed,
} from './find-person.js';
export { rememberedHeld, rememberHeld } from './held-records.js';
export { addDuration, holdStatus, rowHolds, type HoldStatus, type RowHold } from './hold.js';
export {
  claimPackage,
  livePackage,
  packageLink,
  packageToken,
  startPackageSweep,
  storePackage,
  sweepPackages,
  verifyPackageToken,
  type PackageClaim,
  type PackageLink,
  type StoredPackage,
} from './package-store.js';
export {
  foundHolds,
  planErasure,
  type CollectionErase,
  type HeldKeys,
  type ErasurePlan,
  type PlanCollection,
  type PlanHold,
  type PlanOptions,
  type PlanStep,
} from './plan.js';
export { fromPlain, toJsonSafe, toPlain, type PlainValue } from './plain-value.js';
export { references, type LiveSchemas, type Reference } from './references.js';
export {
  CHOICE_TYPES,
  recordChoices,
  type ChoiceResult,
  type ChoiceType,
} from './record-choices.js';
export {
  erasedFields,
  foundFields,
  recipientsToInform,
  type RecipientToInform,
  type TouchedFields,
} from './recipients-to-inform.js';
export { rectify, type RectificationResult } from './rectify.js';
export { restrict, type RestrictionResult } from './restrict.js';
export { claimRun, RUN_LEASE_MS, type LeaseOptions, type RunLease } from './run-lease.js';
export {
  RUN_QUEUE,
  startRequestRunner,
  type DryRunOutcome,
  type RequestRunner,
  type RequestRunnerOptions,
} from './run-queue.js';
export {
  liveSchemas,
  runRequest,
  type DryRunCollection,
  type RunOptions,
  type RunOutcome,
} from './run-request.js';
export { runOnApproval, withConnectors } from './open-connectors.js';
