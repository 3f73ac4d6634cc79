import { CustodianError } from '../errors.js';
import { seal } from '../store/index.js';
import { recordAppealOutcome } from './appeal.js';
import { extendedDueDate } from './clock.js';
import { notifyPerson } from './notify.js';
import { remedyOf } from './remedy.js';
import {
  afterApproval,
  lockRequest,
  recordStep,
  requireStatus,
  toRecord,
  type Db,
  type RequestContext,
  type RequestRow,
  type Trx,
} from './request-context.js';
import { SEALED } from './request-subject.js';
import { requireText } from './request-text.js';
import {
  FINAL_STATUSES,
  type RequestRecord,
  type RequestStatus,
  type RequestType,
} from './types.js';

/** The longest reason accepted: a paragraph or two, as it is mailed to the person. */
export const MAX_REASON_LENGTH = 2000;

/**
 * Approves a request that waits for an operator (the map's `requests.approval`). It becomes
 * `approved` and the executor is told (`onApproved`). An appeal has nothing to run: granting it
 * completes it, the person is mailed, and the appealed request's timeline says so (Va. Code
 * 59.1-578(C): the controller informs the consumer in writing of any action taken); the operator
 * then acts on the original request's subject anew.
 */
export async function approveRequest(
  db: Db,
  ctx: RequestContext,
  id: string,
): Promise<RequestRecord> {
  const row = await db.transaction().execute(async (trx) => {
    const current = await lockRequest(trx, id);
    requireStatus(current, ['awaiting-approval'], 'approved');
    const at = ctx.now();
    if (current.type === 'appeal') return grantAppeal(trx, ctx, current, at);
    await trx
      .updateTable('requests')
      .set({ status: 'approved', decided_at: at, updated_at: at })
      .where('id', '=', current.id)
      .execute();
    await recordStep(trx, ctx, current, {
      kind: 'approved',
      status: 'approved',
      at,
      details: { by: 'operator' },
    });
    return { ...current, status: 'approved', decided_at: at, updated_at: at };
  });
  const record = toRecord(row);
  await afterApproval(db, ctx, record);
  return record;
}

/** Statuses a request can be denied in: any before it runs, and after a failed run. */
const DENIABLE: readonly RequestStatus[] = [
  'unverified',
  'verified',
  'awaiting-approval',
  'approved',
  'failed',
];

/**
 * Refuses a request, with the reason, which is mailed to the person together with what they can
 * do next (GDPR Art. 12(4): the reasons and the right to complain to a supervisory authority and
 * to seek a judicial remedy; Va. Code 59.1-578(B)(2) and its siblings: the reasons and how to
 * appeal). The reason is stored sealed and never enters the evidence chain.
 */
export async function denyRequest(
  db: Db,
  ctx: RequestContext,
  id: string,
  reason: string,
): Promise<RequestRecord> {
  const text = requireReason(reason);
  const row = await db.transaction().execute(async (trx) => {
    const current = await lockRequest(trx, id);
    requireStatus(current, DENIABLE, 'denied');
    const at = ctx.now();
    await trx
      .updateTable('requests')
      .set({
        status: 'denied',
        decided_at: at,
        finished_at: at,
        reason_sealed: seal(ctx.secret, text, SEALED.reason(current.id)),
        updated_at: at,
      })
      .where('id', '=', current.id)
      .execute();
    await trx.deleteFrom('verification_codes').where('request_id', '=', current.id).execute();
    await notifyPerson(
      trx,
      ctx,
      current,
      'denial',
      { reason: text, remedy: remedyOf(ctx.map, current) },
      at,
    );
    await recordStep(trx, ctx, current, { kind: 'denied', status: 'denied', at });
    if (current.type === 'appeal') await recordAppealOutcome(trx, ctx, current, 'denied', at);
    return { ...current, status: 'denied', decided_at: at, finished_at: at, updated_at: at };
  });
  return toRecord(row);
}

/**
 * Extends the deadline of a request once, up to the law's limit (GDPR Art. 12(3): two further
 * months; 11 CCR 7021(b), Va. Code 59.1-578(B)(1) and their siblings: 45 days), and mails the
 * person the reason and the new date. The law wants the person told within the first period, so
 * an extension after the original deadline is refused (`request.extension_too_late`); a second
 * one is refused too (`request.already_extended`).
 */
export async function extendRequest(
  db: Db,
  ctx: RequestContext,
  id: string,
  reason: string,
): Promise<RequestRecord> {
  const text = requireReason(reason);
  const row = await db.transaction().execute(async (trx) => {
    const current = await lockRequest(trx, id);
    if ((FINAL_STATUSES as readonly string[]).includes(current.status)) {
      requireStatus(current, [], 'extended');
    }
    if (current.extended_at !== null) {
      throw new CustodianError('request.already_extended', 'a request is extended only once', {
        details: { extendedAt: new Date(current.extended_at).toISOString() },
      });
    }
    const at = ctx.now();
    // GDPR Art. 12(3): the person is told of an extension "within one month of receipt".
    if (at.getTime() > new Date(current.due_at).getTime()) {
      throw new CustodianError(
        'request.extension_too_late',
        'the deadline has passed: the law allows an extension only within the first period',
      );
    }
    const country = ctx.map.organisation.controllers.find((c) => c.id === current.controller)
      ?.address.country;
    const limit = extendedDueDate(
      current.law as Parameters<typeof extendedDueDate>[0],
      current.type as RequestType,
      new Date(current.received_at),
      country === undefined ? {} : { country },
    );
    if (limit === undefined) {
      throw new CustodianError(
        'request.not_extendable',
        `${current.law} allows no extension for a request of type ${current.type}`,
      );
    }
    await trx
      .updateTable('requests')
      .set({
        due_at: limit,
        extended_at: at,
        reason_sealed: seal(ctx.secret, text, SEALED.reason(current.id)),
        updated_at: at,
      })
      .where('id', '=', current.id)
      .execute();
    await notifyPerson(trx, ctx, current, 'extension', { reason: text, dueAt: limit }, at);
    await recordStep(trx, ctx, current, {
      kind: 'extended',
      status: current.status as RequestStatus,
      at,
      details: { from: new Date(current.due_at).toISOString(), dueAt: limit.toISOString() },
    });
    return { ...current, due_at: limit, extended_at: at, updated_at: at };
  });
  return toRecord(row);
}

/** Completes a granted appeal in the caller's transaction (see `approveRequest`). */
async function grantAppeal(
  trx: Trx,
  ctx: RequestContext,
  current: RequestRow,
  at: Date,
): Promise<RequestRow> {
  const appealOf = await recordAppealOutcome(trx, ctx, current, 'granted', at);
  const summary = { outcome: 'granted', ...(appealOf === undefined ? {} : { appealOf }) };
  await trx
    .updateTable('requests')
    .set({
      status: 'completed',
      decided_at: at,
      finished_at: at,
      summary: JSON.stringify(summary),
      updated_at: at,
    })
    .where('id', '=', current.id)
    .execute();
  await recordStep(trx, ctx, current, {
    kind: 'approved',
    status: 'approved',
    at,
    details: { by: 'operator' },
  });
  await notifyPerson(trx, ctx, current, 'completion', {}, at);
  await recordStep(trx, ctx, current, {
    kind: 'completed',
    status: 'completed',
    at,
    details: summary,
  });
  return {
    ...current,
    status: 'completed',
    decided_at: at,
    finished_at: at,
    summary,
    updated_at: at,
  };
}

/** A reason as given, or `request.reason_required` (422) when empty or too long. */
function requireReason(reason: string): string {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text === '' || text.length > MAX_REASON_LENGTH) {
    throw new CustodianError(
      'request.reason_required',
      `give a reason of 1 to ${MAX_REASON_LENGTH} characters; it is sent to the person`,
      { details: { errors: [{ path: '/reason', message: 'required' }] } },
    );
  }
  // Mailed as written: line breaks and tabs, no other controls (src/text).
  requireText('/reason', text, 'lines', MAX_REASON_LENGTH);
  return text;
}
