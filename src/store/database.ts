import type { ColumnType, Generated } from 'kysely';

/** A timestamp column: written as a Date or ISO string, read as a Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Hashes of API keys; the key itself is shown once and never stored. */
export interface ApiKeysTable {
  id: string;
  name: string;
  hash: string;
  scopes: string[];
  created_at: ColumnType<Date, Date | string | undefined, never>;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** Server-wide settings, such as the generated signing secret of an embedded install. */
export interface SettingsTable {
  key: string;
  value: string;
}

/** A person the ledger knows, by an opaque id; no name or address is kept here. */
export interface SubjectsTable {
  id: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  /** GDPR Art. 18: processing restricted since. */
  restricted_at: Timestamp | null;
  restriction_reason: string | null;
  /** The first time a Global Privacy Control signal accompanied one of this person's choices. */
  gpc_at: Timestamp | null;
}

/** An identity of a subject (email, phone, account id) as a keyed hash of its normalised value. */
export interface SubjectIdentitiesTable {
  kind: string;
  hash: string;
  subject_id: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** Append-only: every consent, objection, restriction and signal, as it happened. */
export interface LedgerEventsTable {
  id: Generated<string>;
  receipt_id: string;
  subject_id: string;
  purpose: string | null;
  kind: string;
  source: string;
  notice_version: string | null;
  gpc: boolean;
  recorded_at: Timestamp;
  details: ColumnType<Record<string, unknown>, string, string>;
  /**
   * A refusal ('denied') whose previous choice for the same subject and purpose was a grant: a
   * withdrawal (GDPR Art. 7(3)). Decided when the event is written (src/ledger/ledger-event.ts),
   * for the console's consent charts; migration 0015 filled it in for the events before it.
   */
  withdrawal: ColumnType<boolean, boolean | undefined, boolean>;
}

/** The current consent per subject and purpose, derived from the events. */
export interface ConsentStateTable {
  subject_id: string;
  purpose: string;
  status: string;
  receipt_id: string;
  updated_at: Timestamp;
}

/** Live objections (GDPR Art. 21) per subject and purpose. */
export interface ObjectionsTable {
  subject_id: string;
  purpose: string;
  receipt_id: string;
  created_at: Timestamp;
}

/** Keyed hashes of identifiers never to be contacted or re-imported; `scope` is '*' or a purpose. */
export interface SuppressionsTable {
  hash: string;
  scope: string;
  kind: string;
  reason: string;
  created_at: Timestamp;
}

/** The head of the evidence chain: one row, locked by each append so appends stay linear. */
export interface EvidenceHeadTable {
  id: number;
  seq: string;
  hash: string;
  /** The hash before `hash` (the previous record's); null before the first append. */
  prev_hash: string | null;
}

/**
 * The console's verified checkpoint (one row): records 1..seq verified, record seq has `hash`. A
 * cache, not a proof: whoever can write the database can write it too.
 */
export interface EvidenceCheckpointTable {
  id: number;
  seq: string;
  hash: string;
  /** When the walk that verified the records up to `seq` started from the genesis. */
  pass_started_at: Timestamp | null;
  /** When a walk from the genesis last reached the head, and the head's sequence then. */
  genesis_verified_at: Timestamp | null;
  genesis_verified_seq: string | null;
  updated_at: Timestamp | null;
}

/** One link of the hash chain. */
export interface EvidenceTable {
  seq: string;
  recorded_at: Timestamp;
  actor: string;
  action: string;
  subject_ref: string | null;
  details: ColumnType<Record<string, unknown>, string, string>;
  prev_hash: string;
  hash: string;
}

/** A data-subject request (src/requests); the email and the person's own words only sealed. */
export interface RequestsTable {
  id: string;
  type: string;
  /** The law it is answered under (`gdpr`, `ccpa`, …) and the controller answering. */
  law: string;
  controller: string;
  country: string;
  /** A US state (`CA`, `VA`) when the person gave one. */
  region: string | null;
  /** The language mails are written in (`en`, `nl`, …); null: the map's first notice language. */
  language: string | null;
  status: string;
  /** The pseudonymous reference evidence records name the person by. */
  subject_ref: string;
  /** Keyed hash of the normalised email (src/ledger/identity.ts), to find a person's requests. */
  email_hash: string;
  email_sealed: string;
  /** Sealed JSON of what the person sent besides the email (free text, corrections). */
  input_sealed: string | null;
  /** How identity was verified: `email` (a code) or `operator`; null until verified. */
  verification: string | null;
  received_at: Timestamp;
  /** CCPA 11 CCR 7021(a): confirm receipt by. */
  acknowledge_by: Timestamp | null;
  due_at: Timestamp;
  extended_at: Timestamp | null;
  verified_at: Timestamp | null;
  /** When approved or denied. */
  decided_at: Timestamp | null;
  /** When completed, or when it ended otherwise (locked, expired, denied). */
  finished_at: Timestamp | null;
  /** Sealed reason of a denial or extension, as it was sent to the person. */
  reason_sealed: string | null;
  /** What the execution reported (counts, collections); no personal data. */
  summary: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  updated_at: Timestamp;
}

/** The timeline of a request, append-only. */
export interface RequestEventsTable {
  id: Generated<string>;
  request_id: string;
  at: Timestamp;
  actor: string;
  kind: string;
  /** The status after the event. */
  status: string;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

/** The one-time code of an unverified request, as a keyed hash. */
export interface VerificationCodesTable {
  request_id: string;
  hash: string;
  expires_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  locked: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

/** Mail waiting to go out, or sent; the message sealed, and dropped once delivered. */
export interface OutboxTable {
  id: string;
  request_id: string | null;
  kind: string;
  message_sealed: string | null;
  /** `pending`, `sent` or `failed` (gave up after the last retry). */
  status: string;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  /** The error code of the last failed attempt (never the server's message). */
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

/** The frozen plan of an erasure (src/execution), sealed: it holds primary keys and identifiers. */
export interface ErasurePlansTable {
  request_id: string;
  plan_sealed: string;
  created_at: Timestamp;
}

/** The rows an erasure kept under a hold, per requester: their keys and ends, sealed. */
export interface HeldRecordsTable {
  subject_ref: string;
  rows_sealed: string;
  updated_at: Timestamp;
}

/** A checkpoint per applied erasure step: a rerun skips the steps listed here. */
export interface ErasureStepsTable {
  request_id: string;
  step: number;
  datastore: string;
  collection: string;
  op: string;
  /** Rows the connector reported changed when the step was applied (0 on a re-application). */
  touched: number;
  done_at: Timestamp;
}

/** An access package: the sealed zip until it is downloaded or expires, then only the record. */
export interface PackagesTable {
  id: string;
  request_id: string;
  content_sealed: string | null;
  bytes: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  downloaded_at: Timestamp | null;
  deleted_at: Timestamp | null;
  /** The download sending it now (a random id), while `claimed_until` is in the future. */
  claimed_by: string | null;
  claimed_until: Timestamp | null;
}

/** A signed erasure certificate; the body holds no personal data. */
export interface CertificatesTable {
  request_id: string;
  body: ColumnType<Record<string, unknown>, string, string>;
  signature: string;
  key_id: string;
  created_at: Timestamp;
}

/** Who runs a request now: one holder at a time, until `expires_at` unless renewed. */
export interface RunLeasesTable {
  request_id: string;
  /** A random id per run, so only that run renews or releases it. */
  holder: string;
  /** The holder's host and process id: a lease of a dead process on this host is taken over. */
  host: string;
  pid: number;
  taken_at: Timestamp;
  expires_at: Timestamp;
}

/**
 * A rate limit's count in its current window (src/store/rate-limits.ts). The key is the limit's
 * name and a keyed hash of what it counts (a client address, an email): no personal data in clear.
 */
export interface RateLimitsTable {
  key: string;
  hits: number;
  window_ends_at: Timestamp;
}

/** Staff accounts of the admin console (src/staff); the password only as its scrypt hash. */
export interface UsersTable {
  id: string;
  email: string;
  role: string;
  password_hash: string;
  failed_attempts: ColumnType<number, number | undefined, number>;
  locked_until: Timestamp | null;
  disabled_at: Timestamp | null;
  /** The TOTP secret, sealed with the server secret (src/store/seal.ts). */
  totp_secret: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  totp_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  /** The time step of the last TOTP code accepted: a code is accepted once. */
  totp_last_step: ColumnType<string | number | null, number | null | undefined, number | null>;
  /** A sign-in whose password was right and whose code is awaited: the SHA-256 of its id. */
  pending_sign_in_hash: string | null;
  pending_sign_in_until: Timestamp | null;
  last_sign_in_at: Timestamp | null;
}

/** Console sessions: the SHA-256 of the cookie's id, never the id. */
export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
}

/**
 * A published notice (src/publications): one row per change of what people are shown, in order.
 * `notices` is the JSON of the rendered notice per language, `map` the canonical JSON of the map.
 */
export interface NoticePublicationsTable {
  seq: number;
  version: string;
  effective_date: string;
  published_at: Timestamp;
  languages: string[];
  notice_hash: string;
  map_hash: string;
  notices: string;
  map: string;
}

/** A retention sweep (src/retention/sweep.ts); `report` is its SweepReport when it ended. */
export interface RetentionRunsTable {
  id: string;
  at: Timestamp;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  status: string;
  trigger: string;
  holder: string;
  host: string;
  pid: number;
  expires_at: Timestamp;
  report: unknown;
}

/** Where a run got to in one collection: the last key done, the batch under way, the counts. */
export interface RetentionProgressTable {
  run_id: string;
  datastore: string;
  collection: string;
  after: unknown;
  pending: unknown;
  done: Generated<boolean>;
  report: unknown;
}

/**
 * The review list of `specialCategories: purge` (src/discovery/arrivals.ts): a row of a company's
 * datastore whose field revealed special categories of data (GDPR Art. 9(1), 10) on arrival. The
 * row is named by its primary key values (`row_key`, a JSON array, see `encodeRowKey`); the text
 * itself is never stored.
 */
export interface SpecialFindingsTable {
  id: string;
  datastore: string;
  collection: string;
  field: string;
  row_key: ColumnType<unknown, string, string>;
  categories: string[];
  passages: number;
  status: ColumnType<'open' | 'redacted' | 'dismissed', string | undefined, string>;
  found_at: Timestamp;
  decided_at: Timestamp | null;
  /** `system` for an automatic redaction, `cli`, `cli:<operator>` or a staff id otherwise. */
  decided_by: string | null;
  /** Why a finding was dismissed, in the operator's words; never copied into evidence. */
  reason: string | null;
  /** What found it: `arrivals`. */
  source: string;
}

/** Per purged field, the primary key of the last row scanned: the next pass starts after it. */
export interface SpecialWatermarksTable {
  datastore: string;
  collection: string;
  field: string;
  last_key: ColumnType<unknown, string, string>;
  rows_scanned: ColumnType<string | number, number | undefined, number>;
  scanned_at: Timestamp;
}

export interface Database {
  retention_runs: RetentionRunsTable;
  retention_progress: RetentionProgressTable;
  notice_publications: NoticePublicationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  settings: SettingsTable;
  subjects: SubjectsTable;
  subject_identities: SubjectIdentitiesTable;
  ledger_events: LedgerEventsTable;
  consent_state: ConsentStateTable;
  objections: ObjectionsTable;
  suppressions: SuppressionsTable;
  evidence_head: EvidenceHeadTable;
  evidence: EvidenceTable;
  evidence_checkpoint: EvidenceCheckpointTable;
  requests: RequestsTable;
  request_events: RequestEventsTable;
  verification_codes: VerificationCodesTable;
  outbox: OutboxTable;
  erasure_plans: ErasurePlansTable;
  erasure_steps: ErasureStepsTable;
  held_records: HeldRecordsTable;
  packages: PackagesTable;
  certificates: CertificatesTable;
  run_leases: RunLeasesTable;
  rate_limits: RateLimitsTable;
  special_findings: SpecialFindingsTable;
  special_watermarks: SpecialWatermarksTable;
}
