import type { Kysely, Selectable, Transaction } from 'kysely';
import { CustodianError } from '../errors.js';
import { appendEvidence } from '../evidence/index.js';
import type { DataMap, Language, Law } from '../map/index.js';
import type { Database, RequestsTable } from '../store/index.js';
import type { IntakeMailLimits } from './intake-limits.js';
import type { RequestRecord, RequestStatus, RequestType, VerificationMethod } from './types.js';

/** What every request function needs: the map, the server secret, a clock, who acts, and hooks. */
export interface RequestContext {
  readonly map: DataMap;
  /** The server secret: keys identity and code hashes, and seals what the person gave. */
  readonly secret: Buffer;
  readonly now: () => Date;
  /** Who acts, for the timeline and the evidence: `public`, `api-key:<id>`, `cli:<name>`. */
  readonly actor: string;
  /**
   * Called once a request has become `approved` and that change is committed: the executor
   * plugs in here (see src/requests/index.ts). A hook that fails leaves the request approved
   * and notes it on the timeline; `requests run` (or the next start) picks it up.
   */
  readonly onApproved?: (requestId: string) => void | Promise<void>;
  /** Caps on the mail the intake sends (src/requests/intake-limits.ts); the defaults when absent. */
  readonly mailLimits?: IntakeMailLimits;
}

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
export type RequestRow = Selectable<RequestsTable>;

/** The one error for a request id that is not known, or not the caller's to know. */
export function notFound(): CustodianError {
  return new CustodianError('request.not_found', 'no request with this id');
}

/** The record of a row. */
export function toRecord(row: RequestRow): RequestRecord {
  const date = (value: Date | string | null): Date | null =>
    value === null ? null : new Date(value);
  return {
    id: row.id,
    type: row.type as RequestType,
    law: row.law as Law,
    controller: row.controller,
    country: row.country,
    region: row.region,
    language: row.language as Language | null,
    status: row.status as RequestStatus,
    subjectRef: row.subject_ref,
    verification: row.verification as VerificationMethod | null,
    receivedAt: new Date(row.received_at),
    acknowledgeBy: date(row.acknowledge_by),
    dueAt: new Date(row.due_at),
    extendedAt: date(row.extended_at),
    verifiedAt: date(row.verified_at),
    decidedAt: date(row.decided_at),
    finishedAt: date(row.finished_at),
    summary: row.summary,
    updatedAt: new Date(row.updated_at),
  };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A request id in its stored form, or `request.not_found` for text that cannot be one. */
export function requestId(id: string): string {
  if (!UUID.test(id)) throw notFound();
  return id.toLowerCase();
}

/** The row of a request, locked for the transaction; `request.not_found` when there is none. */
export async function lockRequest(trx: Trx, id: string): Promise<RequestRow> {
  const row = await trx
    .selectFrom('requests')
    .selectAll()
    .where('id', '=', requestId(id))
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** The row of a request; `request.not_found` when there is none. */
export async function readRequest(db: Db | Trx, id: string): Promise<RequestRow> {
  const row = await db
    .selectFrom('requests')
    .selectAll()
    .where('id', '=', requestId(id))
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** Refuses a step from a status it cannot start from: `request.invalid_state` (409). */
export function requireStatus(
  row: RequestRow,
  allowed: readonly RequestStatus[],
  step: string,
): void {
  if ((allowed as readonly string[]).includes(row.status)) return;
  throw new CustodianError(
    'request.invalid_state',
    `a request that is ${row.status} cannot be ${step}`,
    { details: { status: row.status, allowed } },
  );
}

/**
 * Records one step: the timeline entry and the evidence record (action `request.<step>`, the
 * request id, the pseudonymous subject reference; never the email or the person's words).
 * Evidence goes last in the transaction, as `appendEvidence` asks.
 */
export async function recordStep(
  trx: Trx,
  ctx: RequestContext,
  row: Pick<RequestRow, 'id' | 'type' | 'law' | 'subject_ref'>,
  step: {
    readonly kind: string;
    readonly status: RequestStatus;
    readonly at: Date;
    readonly details?: Record<string, unknown>;
    /** The evidence action; `request.<kind>` when absent. */
    readonly action?: string;
  },
): Promise<void> {
  const details = step.details ?? {};
  await trx
    .insertInto('request_events')
    .values({
      request_id: row.id,
      at: step.at,
      actor: ctx.actor,
      kind: step.kind,
      status: step.status,
      details: JSON.stringify(details),
    })
    .execute();
  await appendEvidence(trx, {
    actor: ctx.actor,
    action: step.action ?? `request.${step.kind.replace(/-/g, '_')}`,
    subjectRef: row.subject_ref,
    details: { requestId: row.id, type: row.type, law: row.law, status: step.status, ...details },
    at: step.at,
  });
}

/**
 * Runs the approved hook after the commit. A failing hook does not undo the approval: the
 * request stays `approved`, the timeline says the run did not start (by error name and code, no
 * message), and the executor can be run again by hand.
 */
export async function afterApproval(
  db: Db,
  ctx: RequestContext,
  record: RequestRecord,
): Promise<void> {
  if (record.status !== 'approved' || ctx.onApproved === undefined) return;
  try {
    await ctx.onApproved(record.id);
  } catch (error) {
    const fields = (typeof error === 'object' && error !== null ? error : {}) as {
      name?: unknown;
      code?: unknown;
    };
    await db
      .insertInto('request_events')
      .values({
        request_id: record.id,
        at: ctx.now(),
        actor: ctx.actor,
        kind: 'run-not-started',
        status: 'approved',
        details: JSON.stringify({
          ...(typeof fields.name === 'string' ? { error: fields.name } : {}),
          ...(typeof fields.code === 'string' ? { code: fields.code } : {}),
        }),
      })
      .execute();
  }
}
