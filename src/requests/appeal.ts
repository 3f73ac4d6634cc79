import { timingSafeEqual } from 'node:crypto';
import { CustodianError } from '../errors.js';
import type { Remedy } from '../mail/index.js';
import { requiresAppeal, type Controller, type Jurisdiction, type Law } from '../map/index.js';
import { APPEAL_CLOCKS, dueDates } from './clock.js';
import {
  lockRequest,
  notFound,
  readRequest,
  recordStep,
  type Db,
  type RequestContext,
  type RequestRow,
  type Trx,
} from './request-context.js';
import type { RequestStatus, RequestType } from './types.js';

/** The request an appeal appeals, and who answers the appeal under which law. */
export interface Appealed {
  readonly row: RequestRow;
  readonly controller: Controller;
  readonly jurisdiction: Jurisdiction;
}

/**
 * Where a person whose appeal is denied can complain: the state Attorney General (Va. Code
 * 59.1-578(C): "an online mechanism, if available, or other method through which the consumer may
 * contact the Attorney General to submit a complaint"; Colo. Rev. Stat. 6-1-1306(3)(e); Conn.
 * Gen. Stat. 42-518(d)). The same addresses as the privacy notice's (src/publish/notice.ts).
 */
export const ATTORNEY_GENERAL: Readonly<Partial<Record<Law, { name: string; url: string }>>> = {
  vcdpa: { name: 'the Attorney General of Virginia', url: 'https://www.oag.state.va.us' },
  cpa: { name: 'the Colorado Attorney General', url: 'https://coag.gov' },
  ctdpa: { name: 'the Connecticut Attorney General', url: 'https://portal.ct.gov/ag' },
};

/**
 * The request an appeal names, checked: an appeal must name one (`request.appeal_of_required`),
 * another type must not (`request.appeal_of_unexpected`); it must be the same person's (the keyed
 * hash of the email) — someone else's request answers exactly like an unknown id
 * (`request.not_found`, 404); it must have been refused: denied, or completed with rows kept
 * under a legal hold (a refusal in part), and not itself an appeal — else
 * `request.not_appealable`; its law must provide an
 * appeal (else `request.type_not_granted`, as for any type the law does not grant); and it is
 * appealed once (`request.already_appealed`).
 *
 * Only for someone who has shown they hold the email: an operator who checked the person, or the
 * person once they typed the mailed code (`verifyRequest`). The public intake never calls it, so
 * its answer cannot tell a stranger whether an email owns a request id, nor what state that
 * request is in.
 */
export async function appealedRequest(
  db: Db | Trx,
  ctx: RequestContext,
  type: RequestType,
  appealOf: string,
  emailHash: string,
): Promise<Appealed> {
  if (type !== 'appeal') throw appealOfUnexpected();
  if (appealOf.trim() === '') throw appealOfRequired();
  const row = await readRequest(db, appealOf.trim());
  if (!sameHash(row.email_hash, emailHash)) throw notFound();
  const controller = ctx.map.organisation.controllers.find((c) => c.id === row.controller);
  const jurisdiction = ctx.map.jurisdictions.find(
    (candidate) =>
      candidate.law === row.law &&
      (candidate.controller === undefined || candidate.controller === row.controller),
  );
  if (
    controller === undefined ||
    jurisdiction === undefined ||
    APPEAL_CLOCKS[row.law as Law] === undefined
  ) {
    throw new CustodianError(
      'request.type_not_granted',
      `${row.law} provides no appeal of a request's refusal`,
      {
        details: {
          law: row.law,
          errors: [{ path: '/type', message: `not granted under ${row.law}` }],
        },
      },
    );
  }
  if (!refused(row)) {
    throw new CustodianError(
      'request.not_appealable',
      `a request that is ${row.status} was not refused: only a denied request, or one completed with data kept, can be appealed`,
      { details: { status: row.status } },
    );
  }
  const earlier = await db
    .selectFrom('request_events')
    .select('id')
    .where('request_id', '=', row.id)
    .where('kind', '=', 'appealed')
    .executeTakeFirst();
  if (earlier !== undefined) {
    throw new CustodianError('request.already_appealed', 'this request was appealed already');
  }
  return { row, controller, jurisdiction };
}

/**
 * Takes up an appeal that came in through the public intake, once its requester typed the mailed
 * code: checks the appealed request (`appealedRequest`; it throws, and the verification with it,
 * when the request is unknown, not the person's, or not appealable), moves the appeal to the
 * controller and law of the appealed request with that law's appeal deadline from the day it was
 * received (Va. Code 59.1-578(C): 60 days), and notes the appeal on the appealed request's
 * timeline. Runs in the verifying transaction.
 */
export async function takeUpAppeal(
  trx: Trx,
  ctx: RequestContext,
  appeal: RequestRow,
  at: Date,
): Promise<RequestRow> {
  const appealOf = await appealOfRequest(trx, appeal.id);
  if (appealOf === undefined) throw appealOfRequired();
  // Locked, so two appeals of one request cannot both pass the already-appealed check.
  await lockRequest(trx, appealOf);
  const appealed = await appealedRequest(trx, ctx, 'appeal', appealOf, appeal.email_hash);
  const { controller, jurisdiction } = appealed;
  const { dueAt, acknowledgeBy } = dueDates(jurisdiction.law, 'appeal', appeal.received_at, {
    ...(jurisdiction.responseTime === undefined ? {} : { responseTime: jurisdiction.responseTime }),
    country: controller.address.country,
  });
  const moved = {
    controller: controller.id,
    law: jurisdiction.law,
    country: appealed.row.country,
    region: appealed.row.region,
    due_at: dueAt,
    acknowledge_by: acknowledgeBy,
  };
  await trx.updateTable('requests').set(moved).where('id', '=', appeal.id).execute();
  await recordAppeal(trx, ctx, appealed.row, appeal.id, at);
  return { ...appeal, ...moved };
}

/** `request.appeal_of_unexpected` (422): only an appeal names a request. */
export function appealOfUnexpected(): CustodianError {
  return new CustodianError('request.appeal_of_unexpected', 'only an appeal names a request', {
    details: { errors: [{ path: '/appealOf', message: 'only for type appeal' }] },
  });
}

/** `request.appeal_of_required` (422): an appeal must name the request it appeals. */
export function appealOfRequired(): CustodianError {
  return new CustodianError('request.appeal_of_required', 'an appeal names the request appealed', {
    details: { errors: [{ path: '/appealOf', message: 'required for an appeal' }] },
  });
}

/**
 * Notes on the appealed request's timeline that it was appealed, by which request (evidence
 * action `request.appealed`), in the transaction that opens the appeal.
 */
export async function recordAppeal(
  trx: Trx,
  ctx: RequestContext,
  appealed: RequestRow,
  appealId: string,
  at: Date,
): Promise<void> {
  await recordStep(trx, ctx, appealed, {
    kind: 'appealed',
    status: appealed.status as RequestStatus,
    at,
    details: { appeal: appealId },
  });
}

/**
 * Notes the outcome of an appeal on the appealed request's timeline (`appeal-granted`,
 * `appeal-denied`), read from the appeal's own `received` entry.
 */
export async function recordAppealOutcome(
  trx: Trx,
  ctx: RequestContext,
  appeal: RequestRow,
  outcome: 'granted' | 'denied',
  at: Date,
): Promise<string | undefined> {
  const appealOf = await appealOfRequest(trx, appeal.id);
  if (appealOf === undefined) return undefined;
  const appealed = await readRequest(trx, appealOf);
  await recordStep(trx, ctx, appealed, {
    kind: `appeal-${outcome}`,
    status: appealed.status as RequestStatus,
    at,
    details: { appeal: appeal.id },
  });
  return appealOf;
}

/** The id of the request an appeal appeals, from its `received` timeline entry. */
export async function appealOfRequest(db: Db | Trx, id: string): Promise<string | undefined> {
  const received = await db
    .selectFrom('request_events')
    .select('details')
    .where('request_id', '=', id)
    .where('kind', '=', 'received')
    .executeTakeFirst();
  const details = (
    typeof received?.details === 'string' ? JSON.parse(received.details) : received?.details
  ) as { appealOf?: unknown } | undefined;
  return typeof details?.appealOf === 'string' ? details.appealOf : undefined;
}

/**
 * What a person whose appeal is denied is told: the Attorney General they can complain to
 * (Va. Code 59.1-578(C); Colo. Rev. Stat. 6-1-1306(3)(e); Conn. Gen. Stat. 42-518(d)).
 */
export function appealRemedy(law: string): Remedy {
  const ag = ATTORNEY_GENERAL[law as Law];
  return ag === undefined
    ? { kind: 'attorney-general', law }
    : { kind: 'attorney-general', law, url: ag.url };
}

/** Where a request stands as to an appeal: whether the person may appeal it, and its appeal if made. */
export interface AppealStanding {
  /**
   * Refused (denied, or completed with data kept) under a law that requires an appeal process
   * (Va. Code 59.1-578(C), Colo. Rev. Stat. 6-1-1306(3), Conn. Gen. Stat. 42-518(d)), not itself
   * an appeal, and not appealed yet.
   */
  readonly appealable: boolean;
  /** The appeal taken up for this request (once its requester confirmed the code), if any. */
  readonly appeal?: RequestRow;
}

/** Whether a request can be appealed, and the appeal taken up for it: reading only. */
export async function appealStanding(db: Db | Trx, row: RequestRow): Promise<AppealStanding> {
  const event = await db
    .selectFrom('request_events')
    .select('details')
    .where('request_id', '=', row.id)
    .where('kind', '=', 'appealed')
    .executeTakeFirst();
  const details = (
    typeof event?.details === 'string' ? JSON.parse(event.details) : event?.details
  ) as { appeal?: unknown } | undefined;
  const appeal =
    typeof details?.appeal === 'string' ? await readRequest(db, details.appeal) : undefined;
  const appealable =
    appeal === undefined &&
    event === undefined &&
    requiresAppeal(row.law as Law) &&
    APPEAL_CLOCKS[row.law as Law] !== undefined &&
    refused(row);
  return appeal === undefined ? { appealable } : { appealable, appeal };
}

/**
 * Denied, or completed with rows kept under a legal hold: a refusal in whole or in part. An
 * appeal's own refusal is not appealed again: the Attorney General is the next step.
 */
function refused(row: RequestRow): boolean {
  if (row.type === 'appeal') return false;
  if (row.status === 'denied') return true;
  if (row.status !== 'completed') return false;
  const summary = (
    typeof row.summary === 'string' ? JSON.parse(row.summary) : row.summary
  ) as Record<string, unknown> | null;
  return typeof summary?.['held'] === 'number' && summary['held'] > 0;
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
