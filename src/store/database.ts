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

export interface Database {
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
}
