import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { CustodianError } from '../errors.js';
import { identityHash, parseEmail } from '../ledger/index.js';
import type { DataMap, Language } from '../map/index.js';
import { seal, sealJson } from '../store/index.js';
import { afterDuration, dueDates, takenUnverified } from './clock.js';
import { appealedRequest, appealOfRequired, appealOfUnexpected, recordAppeal } from './appeal.js';
import { countIntakeMail } from './intake-limits.js';
import { answeringFor, grantedTypes, requireGranted, type Answering } from './jurisdiction.js';
import { notifyPerson } from './notify.js';
import {
  afterApproval,
  recordStep,
  requestId,
  toRecord,
  type Db,
  type RequestContext,
  type RequestRow,
  type Trx,
} from './request-context.js';
import { SEALED, subjectRefOf, type RequestInput } from './request-subject.js';
import { requireRequestText } from './request-text.js';
import {
  REQUEST_TYPES,
  RIGHTS_OF_TYPE,
  type RequestStatus,
  type RequestType,
  type VerificationMethod,
} from './types.js';

/** What a person (or an operator for them) asks. */
export interface OpenRequestInput {
  readonly type: string;
  readonly email: string;
  /** ISO 3166-1 alpha-2 country of residence: picks the controller and the law. */
  readonly country: string;
  /** A US state (`VA`), which picks the state law among those the map declares. */
  readonly state?: string;
  /**
   * The language to write to the person in: one of the map's notice languages; the first of
   * them when absent. Every mail and the access package's summary use it.
   */
  readonly language?: string;
  /** The person's own words (what they want corrected, which data, …); stored sealed. */
  readonly details?: string;
  /** Rectification: field or identity name → corrected value; stored sealed. */
  readonly changes?: Readonly<Record<string, string>>;
  /**
   * An appeal: the id of the refused request it appeals (Va. Code 59.1-578(C), Colo. Rev. Stat.
   * 6-1-1306(3), Conn. Gen. Stat. 42-518(d)). Required for `appeal`, refused for other types.
   */
  readonly appealOf?: string;
  /**
   * Set when an operator opens the request after checking the person's identity themselves
   * (GDPR Art. 12(6)): no code is mailed and the request counts as verified, method `operator`.
   */
  readonly operator?: boolean;
}

/** What the intake answers: the same for every person, known or not. */
export interface OpenedRequest {
  readonly requestId: string;
  readonly dueAt: Date;
  readonly status: RequestStatus;
}

/** Digits of a verification code. */
const CODE_DIGITS = 6;

/** The keyed hash a verification code is stored as: bound to its request, useless without the secret. */
export function codeHash(secret: Buffer, requestId: string, code: string): string {
  return createHmac('sha256', secret).update(`request-code:${requestId}:${code}`).digest('hex');
}

/** A one-time code of six digits from the system's CSPRNG. */
function newCode(): string {
  return randomInt(0, 10 ** CODE_DIGITS)
    .toString()
    .padStart(CODE_DIGITS, '0');
}

/** Whether requests of this type wait for an operator's approval (the map's `requests.approval`). */
export function needsApproval(ctx: RequestContext, type: RequestType): boolean {
  // Va. Code 59.1-578(C): an appeal is a person asking the controller to look again; a person decides.
  if (type === 'appeal') return true;
  const approval: readonly string[] = ctx.map.requests.approval;
  return RIGHTS_OF_TYPE[type].some((right) => approval.includes(right));
}

/**
 * Opens a data-subject request. The law and the controller follow the person's country; a type
 * that law does not grant is refused (`request.type_not_granted`, 422). The deadline runs from
 * now (src/requests/clock.ts).
 *
 * Public intake: the request waits `unverified` and a six-digit code goes to the email given,
 * whether or not anyone with that email is known, so the answer tells nothing about who is a
 * customer. Opened by an operator: it is verified at once (method `operator`) and goes on to
 * approval or straight to `approved`, and the person is told it was received.
 *
 * Mail the intake sends is capped per address and in all (src/requests/intake-limits.ts): past a
 * cap, `request.mail_limited` (429) and nothing is stored.
 */
export async function openRequest(
  db: Db,
  ctx: RequestContext,
  input: OpenRequestInput,
): Promise<OpenedRequest> {
  const type = requestType(input.type);
  // The one parser the intake route's schema uses too; its value is the normal form.
  const parsed = parseEmail(input.email);
  if (!parsed.ok) {
    throw new CustodianError(
      'request.invalid_email',
      `the email is not an address: ${parsed.issues}`,
      {
        details: {
          errors: [
            { path: '/subject/email', message: `must be an email address: ${parsed.issues}` },
          ],
        },
      },
    );
  }
  const email = parsed.value;
  const language = requestLanguage(ctx.map, input.language);
  requireRequestText(input.details, input.changes);
  const emailHash = identityHash(ctx.secret, { email }).hash;
  if (input.appealOf !== undefined && type !== 'appeal') throw appealOfUnexpected();
  // An appeal is answered by the controller, under the law, of the request it appeals. Only an
  // operator, who checked the person, learns about that request here; the public intake answers
  // by the person's own law and checks the appealed request once the mailed code proves the
  // email is theirs (verifyRequest), so its answer is the same for every request id.
  const appealed =
    type === 'appeal' && input.operator === true
      ? await appealedRequest(db, ctx, type, requiredAppealOf(input.appealOf), emailHash)
      : undefined;
  const { controller, jurisdiction } =
    appealed ??
    (type === 'appeal'
      ? appealAnswering(ctx.map, input.country, input.state)
      : answeringFor(ctx.map, input.country, input.state));
  requireGranted(jurisdiction, type);
  const appealOf = type === 'appeal' ? requiredAppealOf(input.appealOf) : undefined;
  const receivedAt = ctx.now();
  const { dueAt, acknowledgeBy } = dueDates(jurisdiction.law, type, receivedAt, {
    ...(jurisdiction.responseTime === undefined ? {} : { responseTime: jurisdiction.responseTime }),
    country: controller.address.country,
  });
  const id = randomUUID();
  const given: RequestInput = {
    ...(input.details === undefined || input.details.trim() === ''
      ? {}
      : { details: input.details }),
    ...(input.changes === undefined || Object.keys(input.changes).length === 0
      ? {}
      : { changes: input.changes }),
  };
  const row: RequestRow = {
    id,
    type,
    law: jurisdiction.law,
    controller: controller.id,
    country: appealed?.row.country ?? input.country.trim().toUpperCase(),
    region:
      appealed !== undefined
        ? appealed.row.region
        : input.state === undefined
          ? null
          : input.state.trim().toUpperCase(),
    language,
    status: 'unverified',
    subject_ref: subjectRefOf(ctx.secret, emailHash),
    email_hash: emailHash,
    email_sealed: seal(ctx.secret, email, SEALED.email(id)),
    input_sealed:
      Object.keys(given).length === 0 ? null : sealJson(ctx.secret, given, SEALED.input(id)),
    verification: null,
    received_at: receivedAt,
    acknowledge_by: acknowledgeBy,
    due_at: dueAt,
    extended_at: null,
    verified_at: null,
    decided_at: null,
    finished_at: null,
    reason_sealed: null,
    summary: null,
    updated_at: receivedAt,
  };
  const opened = await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('requests')
      .values({ ...row, summary: null })
      .execute();
    await recordStep(trx, ctx, row, {
      kind: 'received',
      status: 'unverified',
      at: receivedAt,
      details: {
        controller: controller.id,
        dueAt: dueAt.toISOString(),
        ...(acknowledgeBy === null ? {} : { acknowledgeBy: acknowledgeBy.toISOString() }),
        // Never the email or the person's words: only whether there were any.
        input: Object.keys(given),
        ...(appealOf === undefined ? {} : { appealOf }),
      },
    });
    if (appealed !== undefined) await recordAppeal(trx, ctx, appealed.row, id, receivedAt);
    if (input.operator === true) return verifiedBy(trx, ctx, row, 'operator', receivedAt);
    // Every other way on mails the address given (a code, or an opt-out's receipt): capped.
    await countIntakeMail(trx, ctx, email, receivedAt);
    // 11 CCR 7026(d), 7027(e): a CCPA opt-out needs no verifiable request; asking for one is barred.
    if (takenUnverified(jurisdiction.law, type)) {
      return verifiedBy(trx, ctx, row, 'not-required', receivedAt);
    }
    await sendCode(trx, ctx, row, receivedAt);
    return row;
  });
  const record = toRecord(opened);
  await afterApproval(db, ctx, record);
  return { requestId: id, dueAt, status: record.status };
}

/** Stores a fresh code for an unverified request and mails it to the person. */
async function sendCode(trx: Trx, ctx: RequestContext, row: RequestRow, at: Date): Promise<void> {
  const code = newCode();
  const expiresAt =
    afterDuration(at, ctx.map.requests.verificationExpiry) ?? new Date(at.getTime() + 86_400_000);
  await trx
    .insertInto('verification_codes')
    .values({
      request_id: row.id,
      hash: codeHash(ctx.secret, row.id, code),
      expires_at: expiresAt,
      created_at: at,
    })
    .execute();
  await notifyPerson(
    trx,
    ctx,
    row,
    'verification-code',
    { code, expiresAt, dueAt: new Date(row.due_at) },
    at,
  );
}

/**
 * Marks a request verified and moves it on in the same transaction: to `awaiting-approval` when
 * the map wants an operator to approve its type, else to `approved`. Unless the person just typed
 * the mailed code, they are mailed that the request was received (11 CCR 7021(a): confirm receipt).
 */
export async function verifiedBy(
  trx: Trx,
  ctx: RequestContext,
  row: RequestRow,
  method: VerificationMethod,
  at: Date,
): Promise<RequestRow> {
  const type = row.type as RequestType;
  const next: RequestStatus = needsApproval(ctx, type) ? 'awaiting-approval' : 'approved';
  const updated: RequestRow = {
    ...row,
    status: next,
    verification: method,
    verified_at: at,
    decided_at: next === 'approved' ? at : row.decided_at,
    updated_at: at,
  };
  await trx
    .updateTable('requests')
    .set({
      status: updated.status,
      verification: method,
      verified_at: at,
      decided_at: updated.decided_at,
      updated_at: at,
    })
    .where('id', '=', row.id)
    .execute();
  await recordStep(trx, ctx, row, {
    kind: 'verified',
    status: 'verified',
    at,
    details: { method },
  });
  if (method !== 'email') {
    await notifyPerson(trx, ctx, row, 'received', { dueAt: new Date(row.due_at) }, at);
  }
  await recordStep(trx, ctx, row, {
    kind: next,
    status: next,
    at,
    // Approved by the map's rule, not by a person.
    details: next === 'approved' ? { by: 'map' } : {},
  });
  return updated;
}

/**
 * Who answers an appeal until its code is typed and the appealed request is known: the person's
 * own law when it provides an appeal, else a law of the same controller that does (a US resident
 * who gave no state); `takeUpAppeal` moves it to the appealed request's law once verified.
 */
function appealAnswering(map: DataMap, country: string, state: string | undefined): Answering {
  const answering = answeringFor(map, country, state);
  if (grantedTypes(answering.jurisdiction).includes('appeal')) return answering;
  const other = map.jurisdictions.find(
    (jurisdiction) =>
      (jurisdiction.controller === undefined ||
        jurisdiction.controller === answering.controller.id) &&
      grantedTypes(jurisdiction).includes('appeal'),
  );
  return other === undefined ? answering : { ...answering, jurisdiction: other };
}

/** The id of the request an appeal appeals, in canonical form; `request.appeal_of_required` without one. */
function requiredAppealOf(appealOf: string | undefined): string {
  if (appealOf === undefined || appealOf.trim() === '') throw appealOfRequired();
  return requestId(appealOf.trim());
}

/**
 * The language of a request: one the notice is published in, as people were told in it (GDPR
 * Art. 12(1): concise, intelligible, in clear and plain language); the map's first when none is
 * given. Another is `request.unsupported_language` (400).
 */
export function requestLanguage(map: DataMap, language: string | undefined): Language {
  const offered = map.notice.languages;
  if (language === undefined) return offered[0] ?? 'en';
  const wanted = language.trim().toLowerCase();
  const match = offered.find((candidate) => candidate === wanted);
  if (match !== undefined) return match;
  throw new CustodianError(
    'request.unsupported_language',
    `unsupported language; the languages are ${offered.join(', ')}`,
    {
      details: { errors: [{ path: '/language', message: `must be one of ${offered.join(', ')}` }] },
    },
  );
}

function requestType(type: string): RequestType {
  if ((REQUEST_TYPES as readonly string[]).includes(type)) return type as RequestType;
  throw new CustodianError(
    'request.unknown_type',
    `unknown request type; the types are ${REQUEST_TYPES.join(', ')}`,
    { details: { errors: [{ path: '/type', message: 'not a request type' }] } },
  );
}
