import { randomUUID } from 'node:crypto';
import { CustodianError } from '../errors.js';
import { appendEvidence } from '../evidence/index.js';
import type { Purpose } from '../map/index.js';
import type { SubjectRef } from './identity.js';
import { appendEvents, type NewLedgerEvent } from './ledger-event.js';
import {
  isDirectMarketing,
  legalBasisOf,
  requirePurpose,
  type Db,
  type LedgerContext,
  type Trx,
} from './ledger-context.js';
import type { Receipt } from './record-consent.js';
import { findOrCreateSubject, subjectKey } from './subject.js';

export interface ObjectionInput {
  readonly subject: SubjectRef;
  readonly purpose: string;
  readonly source: string;
}

/**
 * Whether a person can object to a purpose: GDPR Art. 21(1) for processing on a public task or a
 * legitimate interest, Art. 21(2) for direct marketing on any basis, and, for consent, the
 * objection is a withdrawal (Art. 7(3)).
 */
export function isObjectable(purpose: Purpose): boolean {
  const basis = legalBasisOf(purpose);
  return (
    isDirectMarketing(purpose) ||
    basis === 'legitimate-interests' ||
    basis === 'public-task' ||
    basis === 'consent'
  );
}

/**
 * Records an objection (GDPR Art. 21): an event, the live objection, and for a consent purpose a
 * withdrawal (state 'denied'), with an evidence record, in one transaction. A person unknown to
 * the ledger is created, so that the objection holds when they are first checked. Re-authorising
 * later is a new grant (seed 001).
 *
 * @throws `consent.unknown_purpose`, `objection.not_applicable` (contract, legal obligation or
 *   vital interests: Art. 21 gives no right to object), `subject.invalid`, `subject.not_found`.
 */
export async function recordObjection(
  db: Db,
  ctx: LedgerContext,
  input: ObjectionInput,
): Promise<Receipt> {
  const purpose = requirePurpose(ctx.map, input.purpose);
  if (!isObjectable(purpose)) {
    throw new CustodianError(
      'objection.not_applicable',
      'GDPR Art. 21 gives no right to object to processing on this legal basis',
      { details: { purpose: purpose.id, legalBasis: legalBasisOf(purpose) ?? null } },
    );
  }
  const key = subjectKey(ctx.secret, input.subject);
  return db.transaction().execute(async (trx) => {
    const at = ctx.now();
    const subjectId = await findOrCreateSubject(trx, key, at);
    const receiptId = randomUUID();
    const withdrawal = legalBasisOf(purpose) === 'consent';
    await applyObjection(
      trx,
      { receiptId, subjectId, purpose: purpose.id, withdrawal, at },
      {
        source: input.source,
      },
    );
    await appendEvidence(trx, {
      actor: ctx.actor,
      action: 'objection.recorded',
      subjectRef: subjectId,
      details: { receiptId, purpose: purpose.id, withdrawal, source: input.source },
      at,
    });
    return { receiptId, subjectId, recordedAt: at.toISOString() };
  });
}

/**
 * Writes an objection inside a transaction: the events, the live objection (kept from the first
 * time if one is live), and for a consent purpose the withdrawal.
 */
export async function applyObjection(
  trx: Trx,
  objection: {
    readonly receiptId: string;
    readonly subjectId: string;
    readonly purpose: string;
    readonly withdrawal: boolean;
    readonly at: Date;
  },
  options: { readonly source: string; readonly extra?: readonly NewLedgerEvent[] },
): Promise<void> {
  const { receiptId, subjectId, purpose, withdrawal, at } = objection;
  await appendEvents(
    trx,
    { receiptId, subjectId, source: options.source, noticeVersion: null, gpc: false, at },
    [
      ...(withdrawal ? [{ purpose, kind: 'denied' as const }] : []),
      { purpose, kind: 'objection' as const },
      ...(options.extra ?? []),
    ],
  );
  if (withdrawal) {
    // GDPR Art. 7(3): withdrawing is as easy as giving; the state follows at once.
    await trx
      .insertInto('consent_state')
      .values({
        subject_id: subjectId,
        purpose,
        status: 'denied',
        receipt_id: receiptId,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc.columns(['subject_id', 'purpose']).doUpdateSet({
          status: 'denied',
          receipt_id: receiptId,
          updated_at: at,
        }),
      )
      .execute();
  }
  await trx
    .insertInto('objections')
    .values({ subject_id: subjectId, purpose, receipt_id: receiptId, created_at: at })
    .onConflict((oc) => oc.columns(['subject_id', 'purpose']).doNothing())
    .execute();
}
