import { sql } from 'kysely';
import type { Law } from '../map/index.js';
import { unseal } from '../store/index.js';
import {
  notFound,
  readRequest,
  requestId,
  toRecord,
  type Db,
  type RequestRow,
} from './request-context.js';
import { requestSubject, SEALED } from './request-subject.js';
import {
  FINAL_STATUSES,
  type RequestEvent,
  type RequestRecord,
  type RequestStatus,
  type RequestSubject,
  type RequestType,
} from './types.js';

/** Filters of the operator's list. */
export interface RequestFilter {
  readonly status?: RequestStatus;
  readonly type?: RequestType;
  readonly law?: Law;
  /** Only requests past their deadline and not finished. */
  readonly overdue?: boolean;
  /** The moment `overdue` is judged at. */
  readonly now: Date;
  /** At most this many, oldest deadline first; 100 by default. */
  readonly limit?: number;
  /** Keyset paging: only requests after this one in the order (due date, then id). */
  readonly after?: { readonly dueAt: Date; readonly id: string };
}

/** Statuses whose deadline no longer runs: the answer was given (or there is none to give). */
const STOPPED: readonly string[] = [...FINAL_STATUSES];

/**
 * The requests as they stand at `now`, without writing: an unverified request whose code ran out
 * is shown `expired`, finished when its code ran out, before `expireUnverified` (the server's
 * sweep, or a verification attempt) records it so. Reading a list must never change it.
 */
function shownAt(db: Db, now: Date) {
  const lapsed = sql<boolean>`requests.status = 'unverified' and code.expires_at < ${now}`;
  const status = sql<string>`case when ${lapsed} then 'expired' else requests.status end`;
  return {
    status,
    query: db
      .selectFrom('requests')
      .leftJoin('verification_codes as code', 'code.request_id', 'requests.id')
      .selectAll('requests')
      .select([
        status.as('shown_status'),
        sql<Date | null>`case when ${lapsed} then code.expires_at else requests.finished_at end`.as(
          'shown_finished_at',
        ),
      ]),
  };
}

/** The record of a row as `shownAt` shows it. */
function shownRecord(
  row: RequestRow & { shown_status: string; shown_finished_at: Date | null },
): RequestRecord {
  return toRecord({ ...row, status: row.shown_status, finished_at: row.shown_finished_at });
}

/** The requests matching `filter`, nearest deadline first, as they stand at `filter.now`. */
export async function listRequests(db: Db, filter: RequestFilter): Promise<RequestRecord[]> {
  const shown = shownAt(db, filter.now);
  let query = shown.query;
  if (filter.status !== undefined) {
    // The stored status narrows first (its index); `unverified` may show as `expired`.
    const stored = ['unverified', 'expired'].includes(filter.status)
      ? ['unverified', 'expired']
      : [filter.status];
    query = query.where('requests.status', 'in', stored).where(shown.status, '=', filter.status);
  }
  if (filter.type !== undefined) query = query.where('requests.type', '=', filter.type);
  if (filter.law !== undefined) query = query.where('requests.law', '=', filter.law);
  if (filter.after !== undefined) {
    const { dueAt, id } = filter.after;
    query = query.where((eb) =>
      eb.or([
        eb('requests.due_at', '>', dueAt),
        eb.and([eb('requests.due_at', '=', dueAt), eb('requests.id', '>', id)]),
      ]),
    );
  }
  if (filter.overdue === true) {
    query = query.where('requests.due_at', '<', filter.now).where(shown.status, 'not in', STOPPED);
  }
  const rows = await query
    .orderBy('requests.due_at')
    .orderBy('requests.id')
    .limit(filter.limit ?? 100)
    .execute();
  return rows.map(shownRecord);
}

/** A request by id, without personal data; `request.not_found` when there is none. */
export async function getRequest(db: Db, id: string): Promise<RequestRecord> {
  return toRecord(await readRequest(db, id));
}

/** Whether a request is past its deadline without an answer. */
export function isOverdue(request: RequestRecord, now: Date): boolean {
  return !STOPPED.includes(request.status) && request.dueAt.getTime() < now.getTime();
}

/** What an operator sees of one request: the record, the timeline, and the person. */
export interface RequestDetail {
  readonly request: RequestRecord;
  readonly events: readonly RequestEvent[];
  readonly subject: RequestSubject;
  /** The reason of a denial or extension, as sent to the person. */
  readonly reason: string | null;
  /** An appeal: the request it appeals (from its `received` entry); else null. */
  readonly appealOf: string | null;
  /** The appeals of this request (from its `appealed` entries). */
  readonly appeals: readonly string[];
}

/**
 * One request for an operator: its record, its timeline oldest first, and the person's email and
 * words unsealed (an operator handling the request needs them). `request.not_found` when unknown.
 * With `now`, the record is shown as it stands then, as `listRequests` shows it.
 */
export async function requestDetail(
  db: Db,
  secret: Buffer,
  id: string,
  now?: Date,
): Promise<RequestDetail> {
  const row = await readRequest(db, id);
  const shown =
    now === undefined
      ? undefined
      : await shownAt(db, now).query.where('requests.id', '=', row.id).executeTakeFirst();
  const events = await db
    .selectFrom('request_events')
    .select(['at', 'actor', 'kind', 'status', 'details'])
    .where('request_id', '=', requestId(id))
    .orderBy('id')
    .execute();
  if (events.length === 0) throw notFound();
  return {
    request: shown === undefined ? toRecord(row) : shownRecord(shown),
    events: events.map((event) => ({
      at: new Date(event.at),
      actor: event.actor,
      kind: event.kind,
      status: event.status as RequestStatus,
      details: event.details,
    })),
    subject: await requestSubject(db, secret, row.id),
    reason:
      row.reason_sealed === null ? null : unseal(secret, row.reason_sealed, SEALED.reason(row.id)),
    appealOf: idIn(events.find((event) => event.kind === 'received')?.details['appealOf']) ?? null,
    appeals: events.flatMap((event) => {
      const id = event.kind === 'appealed' ? idIn(event.details['appeal']) : undefined;
      return id === undefined ? [] : [id];
    }),
  };
}

function idIn(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
