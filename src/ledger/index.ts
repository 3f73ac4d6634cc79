/**
 * The consent ledger: what people agreed to, objected to and opted out of, and whether a purpose
 * may be used for them now.
 *
 * Subject = a person, known by an opaque id and by identities (email, phone, account id) stored
 * only as keyed hashes. Consent event = one append-only record of a choice, objection,
 * suppression or restriction, under a receipt id; consent state = the current choice per
 * purpose, derived beside it. Objection = GDPR Art. 21. Restriction = GDPR Art. 18.
 * Suppression = a keyed hash that says "never contact or re-import" (for every purpose, '*', or
 * one). Receipt = what a person can be handed about one recorded change (ISO/IEC TS 27560).
 * Check = the answer, per person, to "may this purpose be used for them now?".
 *
 * Plain functions over the database; every change is one transaction with its evidence record.
 */
export { checkConsent, gpcOptOutCovers, MAX_CHECK_BATCH } from './check-consent.js';
export type { CheckInput, CheckReason, CheckResult, CheckSubject } from './check-consent.js';
export { consentActivity, MAX_ACTIVITY_DAYS, type ConsentActivity } from './consent-activity.js';
export { consentReceipt } from './consent-receipt.js';
export type {
  ConsentReceipt,
  ConsentStatus,
  ReceiptEvent,
  ReceiptParty,
  ReceiptPurpose,
} from './consent-receipt.js';
export { consentState } from './consent-state.js';
export {
  deleteReplacedChoices,
  lastLedgerEventId,
  replacedChoicesBefore,
  replacedChoicesKept,
  type ReplacedChoicesKeep,
} from './delete-replaced-choices.js';
export { MAX_EMAIL_LENGTH, parseEmail, type EmailIssue } from './email-address.js';
export type { ConsentEvent, ConsentState } from './consent-state.js';
export {
  identityHash,
  normalise,
  normaliseEmail,
  normalisePhone,
  type Identifier,
  type IdentityKind,
  type SubjectRef,
} from './identity.js';
export type { LedgerEventKind } from './ledger-event.js';
export { CHOICES, type Choice, type LedgerContext } from './ledger-context.js';
export { recordConsent, type ConsentInput, type Receipt } from './record-consent.js';
export { isObjectable, recordObjection, type ObjectionInput } from './record-objection.js';
export {
  liftRestriction,
  restrictedSubjects,
  restrictProcessing,
  RESTRICTION_REASONS,
  type RestrictedSubject,
  type RestrictionInput,
  type RestrictionReason,
} from './restrict-processing.js';
export {
  checkSuppression,
  EVERY_PURPOSE,
  prepareSuppression,
  suppress,
  suppressionsOf,
  UNSUBSCRIBED,
  type PreparedSuppression,
  type SuppressInput,
  type SuppressionCheckInput,
  type SuppressionEntry,
  type SuppressionResult,
} from './suppress.js';
export {
  linkSubject,
  unsubscribe,
  unsubscribeToken,
  verifyUnsubscribeToken,
} from './unsubscribe.js';
