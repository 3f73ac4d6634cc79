import type { SubjectRef } from './identity.js';
import type { LedgerEventKind } from './ledger-event.js';
import type { Choice, Db, LedgerContext } from './ledger-context.js';
import { findSubject, subjectKey } from './subject.js';
import { CustodianError } from '../errors.js';

/** One event of a person's history, as ISO/IEC TS 27560 lists status changes. */
export interface ConsentEvent {
  readonly receiptId: string;
  /** Null for events about the person rather than a purpose (restriction). */
  readonly purpose: string | null;
  readonly kind: LedgerEventKind;
  /** The channel it came through. */
  readonly source: string;
  readonly noticeVersion: string | null;
  /** A Global Privacy Control signal accompanied it. */
  readonly gpc: boolean;
  readonly recordedAt: string;
}

/** What the ledger holds about one person: current state per purpose and the full history. */
export interface ConsentState {
  readonly subjectId: string | null;
  readonly purposes: readonly {
    readonly purpose: string;
    readonly status: Choice;
    readonly receiptId: string;
    readonly updatedAt: string;
  }[];
  readonly objections: readonly {
    readonly purpose: string;
    readonly receiptId: string;
    readonly createdAt: string;
  }[];
  /** GDPR Art. 18: since when processing is restricted, and on which ground. */
  readonly restricted: { readonly since: string; readonly reason: string | null } | null;
  /** A GPC signal accompanied one of the person's choices. */
  readonly gpc: boolean;
  /** Oldest first. */
  readonly events: readonly ConsentEvent[];
}

const EMPTY: ConsentState = {
  subjectId: null,
  purposes: [],
  objections: [],
  restricted: null,
  gpc: false,
  events: [],
};

/** A timestamp column as ISO 8601 (drivers give a Date; a string is passed through Date). */
export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/**
 * The current consent state of a person and their history (GDPR Art. 7(1), 15: what they agreed
 * to, when and how). A person the ledger has never seen has an empty state.
 *
 * @throws `subject.invalid`, `subject.not_found` (an `{ id }` that does not exist).
 */
export async function consentState(
  db: Db,
  ctx: LedgerContext,
  subject: SubjectRef,
): Promise<ConsentState> {
  const key = subjectKey(ctx.secret, subject);
  const subjectId = await findSubject(db, key);
  if (subjectId === null) {
    if ('id' in key)
      throw new CustodianError('subject.not_found', 'the ledger knows no such subject');
    return EMPTY;
  }
  const person = await db
    .selectFrom('subjects')
    .select(['restricted_at', 'restriction_reason', 'gpc_at'])
    .where('id', '=', subjectId)
    .executeTakeFirst();
  if (!person) return EMPTY;
  const states = await db
    .selectFrom('consent_state')
    .select(['purpose', 'status', 'receipt_id', 'updated_at'])
    .where('subject_id', '=', subjectId)
    .orderBy('purpose')
    .execute();
  const objections = await db
    .selectFrom('objections')
    .select(['purpose', 'receipt_id', 'created_at'])
    .where('subject_id', '=', subjectId)
    .orderBy('purpose')
    .execute();
  const events = await db
    .selectFrom('ledger_events')
    .select(['receipt_id', 'purpose', 'kind', 'source', 'notice_version', 'gpc', 'recorded_at'])
    .where('subject_id', '=', subjectId)
    .orderBy('id')
    .execute();
  return {
    subjectId,
    purposes: states.map((row) => ({
      purpose: row.purpose,
      status: row.status as Choice,
      receiptId: row.receipt_id,
      updatedAt: iso(row.updated_at),
    })),
    objections: objections.map((row) => ({
      purpose: row.purpose,
      receiptId: row.receipt_id,
      createdAt: iso(row.created_at),
    })),
    restricted:
      person.restricted_at === null
        ? null
        : { since: iso(person.restricted_at), reason: person.restriction_reason },
    gpc: person.gpc_at !== null,
    events: events.map((row) => ({
      receiptId: row.receipt_id,
      purpose: row.purpose,
      kind: row.kind as LedgerEventKind,
      source: row.source,
      noticeVersion: row.notice_version,
      gpc: row.gpc,
      recordedAt: iso(row.recorded_at),
    })),
  };
}
