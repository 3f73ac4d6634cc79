import type { Language, Law, Right } from '../map/index.js';

/**
 * What a person may ask for. GDPR Art. 15-22 and 7(3); the US state laws' know, delete, correct,
 * opt-outs and appeal (Cal. Civ. Code 1798.100-.125, Va. Code 59.1-577, 59.1-578(C)).
 */
export const REQUEST_TYPES = [
  'access',
  'portability',
  'rectification',
  'erasure',
  'restriction',
  'objection',
  'automated-decisions',
  'withdraw-consent',
  'know',
  'delete',
  'correct',
  'opt-out-sale',
  'limit-sensitive',
  'appeal',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/**
 * The map's rights (src/map/schema.ts RIGHTS) a request type exercises: the type is granted when
 * the jurisdiction grants any of them. Opting out of sale covers sharing for cross-context
 * behavioural advertising too (Cal. Civ. Code 1798.120, 1798.135) and targeted advertising under
 * the VCDPA family (Va. Code 59.1-577(A)(5)).
 */
export const RIGHTS_OF_TYPE: Readonly<Record<RequestType, readonly Right[]>> = {
  access: ['access'],
  portability: ['portability'],
  rectification: ['rectification'],
  erasure: ['erasure'],
  restriction: ['restriction'],
  objection: ['objection'],
  'automated-decisions': ['automated-decisions'],
  'withdraw-consent': ['withdraw-consent'],
  know: ['know'],
  delete: ['delete'],
  correct: ['correct'],
  'opt-out-sale': ['opt-out-sale', 'opt-out-sharing', 'opt-out-targeted-advertising'],
  'limit-sensitive': ['limit-sensitive'],
  appeal: ['appeal'],
};

/**
 * Where a request stands.
 *
 * `unverified` → `verified` → `awaiting-approval` → `approved` → `running` → `completed`, or
 * `denied` (with a reason), `locked` (five wrong codes), `expired` (the code ran out), `failed`
 * (the execution stopped; running it again resumes). `verified` is passed through in the same
 * transaction as the step after it; the timeline keeps it.
 */
export const REQUEST_STATUSES = [
  'unverified',
  'verified',
  'awaiting-approval',
  'approved',
  'running',
  'completed',
  'failed',
  'denied',
  'locked',
  'expired',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Statuses after which nothing more happens to a request. */
export const FINAL_STATUSES: readonly RequestStatus[] = [
  'completed',
  'denied',
  'locked',
  'expired',
];

/**
 * How the person's identity was verified: a code mailed to them, an operator who checked, or not
 * at all where the law forbids asking (CCPA opt-outs, 11 CCR 7026(d)).
 */
export type VerificationMethod = 'email' | 'operator' | 'not-required';

/** A request as the operator and the executor see it: no personal data but its id and type. */
export interface RequestRecord {
  readonly id: string;
  readonly type: RequestType;
  readonly law: Law;
  /** The id of the controller answering it (seed 000: by the person's country). */
  readonly controller: string;
  readonly country: string;
  /** A US state the person gave, which picks the state law. */
  readonly region: string | null;
  /**
   * The language the person is written to in: mails, the access package's summary. Null for a
   * request opened before languages were recorded: the map's first notice language.
   */
  readonly language: Language | null;
  readonly status: RequestStatus;
  /** The pseudonymous reference evidence records name the person by. */
  readonly subjectRef: string;
  readonly verification: VerificationMethod | null;
  readonly receivedAt: Date;
  /** CCPA 11 CCR 7021(a): receipt to be confirmed by; null under other laws. */
  readonly acknowledgeBy: Date | null;
  /** When the answer is due (after an extension, the extended date). */
  readonly dueAt: Date;
  readonly extendedAt: Date | null;
  readonly verifiedAt: Date | null;
  readonly decidedAt: Date | null;
  readonly finishedAt: Date | null;
  /** What the execution reported when it completed or failed; no personal data. */
  readonly summary: Readonly<Record<string, unknown>> | null;
  readonly updatedAt: Date;
}

/** What the person gave, unsealed: for the executor to search with and the mailer to write to. */
export interface RequestSubject {
  readonly email: string;
  /** Identity kind → values, the start of the search (`{ email: ['ana@example.com'] }`). */
  readonly identities: Readonly<Record<string, readonly string[]>>;
  /** The person's own words, if any. */
  readonly details: string | null;
  /** Rectification: field or identity name → the corrected value. */
  readonly changes: Readonly<Record<string, string>> | null;
}

/** One entry of a request's timeline. */
export interface RequestEvent {
  readonly at: Date;
  readonly actor: string;
  /** `received`, `code-sent`, `wrong-code`, `verified`, `approved`, `mail-sent`, … */
  readonly kind: string;
  /** The status after it. */
  readonly status: RequestStatus;
  readonly details: Readonly<Record<string, unknown>>;
}
