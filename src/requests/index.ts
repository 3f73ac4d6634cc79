/**
 * Data-subject requests: a person asks to see, take, correct, limit or delete their data, and
 * the request is verified, approved where the map wants it, run, and answered on time.
 *
 * Request = one ask of one type (access, erasure, know, delete, …) by one person, answered by the
 * controller and under the law their country picks. Clock = the law's deadline for it (GDPR one
 * month, CCPA 45 days, …), extendable once with a reason. Verification = a six-digit code mailed
 * to the person, or an operator who checked their identity. Timeline = the request's own
 * append-only events; evidence = the same steps in the tamper-evident chain, without personal data.
 * Subject reference = the pseudonym evidence names the person by. Sealed = encrypted with a key
 * from the server secret (src/store/seal.ts): the email and the person's words are stored so.
 * Language = one of the notice languages, given at intake (the first by default): every mail
 * about the request and the access package's summary are written in it.
 * Intake mail = what opening a request without an operator mails to the address given (the code,
 * or an opt-out's receipt), capped per address and in all per day.
 *
 * For the executor (src/execution): plug into `RequestContext.onApproved`, read the person with
 * `requestSubject`, and report with `markRunning`, then `markCompleted` or `markFailed`.
 * Requests approved while no executor listened are found with `listRequests({ status: 'approved' })`.
 */
export {
  addBusinessDays,
  addDays,
  addMonths,
  afterDuration,
  APPEAL_CLOCKS,
  CCPA_OPT_OUT_CLOCK,
  CCPA_OPT_OUTS,
  clockOf,
  CLOCKS,
  dueDates,
  endOfDay,
  endOfPeriod,
  extendedDueDate,
  takenUnverified,
  utcDate,
  type CalendarDate,
  type ClockOptions,
  type Deadlines,
  type LawClock,
  type Period,
} from './clock.js';
export { appealOfRequest, appealStanding, type AppealStanding } from './appeal.js';
export { approveRequest, denyRequest, extendRequest, MAX_REASON_LENGTH } from './decide-request.js';
export {
  DEFAULT_INTAKE_MAIL_LIMITS,
  intakeMailLimitsFromEnv,
  type IntakeMailLimits,
} from './intake-limits.js';
export {
  answeringFor,
  countryCode,
  grantedTypes,
  requireGranted,
  STATE_LAWS,
  statesWithOwnLaw,
  type Answering,
} from './jurisdiction.js';
export {
  getRequest,
  isOverdue,
  listRequests,
  requestDetail,
  type RequestDetail,
  type RequestFilter,
} from './list-requests.js';
export {
  needsApproval,
  openRequest,
  requestLanguage,
  type OpenedRequest,
  type OpenRequestInput,
} from './open-request.js';
export { languageOf, organisationOf } from './notify.js';
export type { RequestContext } from './request-context.js';
export { openRequestEmails, requestSubject } from './request-subject.js';
export {
  closedRequestsKept,
  deleteClosedRequests,
  openRequestEmailHashes,
} from './delete-closed-requests.js';
export { MAX_CHANGE_LENGTH, MAX_CHANGES, MAX_DETAILS_LENGTH } from './request-text.js';
export { markCompleted, markFailed, markRunning, type CompletionNotice } from './run-state.js';
export {
  FINAL_STATUSES,
  REQUEST_STATUSES,
  REQUEST_TYPES,
  RIGHTS_OF_TYPE,
  type RequestEvent,
  type RequestRecord,
  type RequestStatus,
  type RequestSubject,
  type RequestType,
  type VerificationMethod,
} from './types.js';
export {
  expireUnverified,
  MAX_CODE_ATTEMPTS,
  startExpirySweep,
  verifyRequest,
} from './verify-request.js';
export { isNonWorkingDay, onWorkingDay } from './working-days.js';
