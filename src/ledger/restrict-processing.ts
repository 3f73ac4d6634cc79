import { randomUUID } from 'node:crypto';
import { CustodianError } from '../errors.js';
import { appendEvidence } from '../evidence/index.js';
import type { SubjectRef } from './identity.js';
import { appendEvents } from './ledger-event.js';
import type { Db, LedgerContext } from './ledger-context.js';
import type { Receipt } from './record-consent.js';
import { findOrCreateSubject, requireSubject, subjectKey } from './subject.js';

/** GDPR Art. 18(1)(a)-(d): the grounds on which a person obtains restriction. */
export const RESTRICTION_REASONS = [
  'accuracy-contested',
  'unlawful-processing',
  'legal-claims',
  'objection-pending',
] as const;
export type RestrictionReason = (typeof RESTRICTION_REASONS)[number];

export interface RestrictionInput {
  readonly subject: SubjectRef;
  readonly reason: RestrictionReason;
  readonly source: string;
}

/**
 * Restricts processing of a person's data (GDPR Art. 18): from now on checks refuse every purpose
 * but those the law requires. Restricting again keeps the original start and takes the new reason.
 *
 * @throws `restriction.invalid_reason`, `subject.invalid`, `subject.not_found` (unknown id).
 */
export async function restrictProcessing(
  db: Db,
  ctx: LedgerContext,
  input: RestrictionInput,
): Promise<Receipt> {
  if (!RESTRICTION_REASONS.includes(input.reason)) {
    throw new CustodianError('restriction.invalid_reason', 'not a ground of GDPR Art. 18(1)', {
      details: { reasons: RESTRICTION_REASONS },
    });
  }
  const key = subjectKey(ctx.secret, input.subject);
  return db.transaction().execute(async (trx) => {
    const at = ctx.now();
    const subjectId = await findOrCreateSubject(trx, key, at);
    const receiptId = randomUUID();
    await appendEvents(
      trx,
      { receiptId, subjectId, source: input.source, noticeVersion: null, gpc: false, at },
      [{ purpose: null, kind: 'restricted', details: { reason: input.reason } }],
    );
    await trx
      .updateTable('subjects')
      .set((eb) => ({
        restricted_at: eb.fn.coalesce('restricted_at', eb.val(at)),
        restriction_reason: input.reason,
      }))
      .where('id', '=', subjectId)
      .execute();
    await appendEvidence(trx, {
      actor: ctx.actor,
      action: 'restriction.applied',
      subjectRef: subjectId,
      details: { receiptId, reason: input.reason, source: input.source },
      at,
    });
    return { receiptId, subjectId, recordedAt: at.toISOString() };
  });
}

/**
 * Lifts a restriction. GDPR Art. 18(3): the person is told before it is lifted; that message is
 * the caller's to send (requests), this records that it happened.
 *
 * @throws `subject.invalid`, `subject.not_found` (the ledger does not know this person).
 */
export async function liftRestriction(
  db: Db,
  ctx: LedgerContext,
  input: { readonly subject: SubjectRef; readonly source: string },
): Promise<Receipt> {
  const key = subjectKey(ctx.secret, input.subject);
  return db.transaction().execute(async (trx) => {
    const at = ctx.now();
    const subjectId = await requireSubject(trx, key);
    const receiptId = randomUUID();
    await appendEvents(
      trx,
      { receiptId, subjectId, source: input.source, noticeVersion: null, gpc: false, at },
      [{ purpose: null, kind: 'restriction-lifted' }],
    );
    await trx
      .updateTable('subjects')
      .set({ restricted_at: null, restriction_reason: null })
      .where('id', '=', subjectId)
      .execute();
    await appendEvidence(trx, {
      actor: ctx.actor,
      action: 'restriction.lifted',
      subjectRef: subjectId,
      details: { receiptId, source: input.source },
      at,
    });
    return { receiptId, subjectId, recordedAt: at.toISOString() };
  });
}

/** A person whose processing is restricted now, and where each restriction of theirs came from. */
export interface RestrictedSubject {
  readonly subjectId: string;
  /** The `source` of each restriction event (`request:<id>` when a request restricted them). */
  readonly sources: readonly string[];
}

/**
 * Everyone restricted now (GDPR Art. 18), with the sources of their restrictions: a retention
 * plan keeps their rows (Art. 18(1)(c)) and finds them through the request that restricted them.
 * Pseudonymous: the ledger holds no plain identity.
 */
export async function restrictedSubjects(db: Db): Promise<RestrictedSubject[]> {
  const rows = await db
    .selectFrom('subjects')
    .leftJoin('ledger_events', (join) =>
      join
        .onRef('ledger_events.subject_id', '=', 'subjects.id')
        .on('ledger_events.kind', '=', 'restricted'),
    )
    .select(['subjects.id as subjectId', 'ledger_events.source as source'])
    .where('subjects.restricted_at', 'is not', null)
    .orderBy('subjects.id')
    .execute();
  const bySubject = new Map<string, string[]>();
  for (const row of rows) {
    const sources = bySubject.get(row.subjectId) ?? [];
    if (row.source !== null && !sources.includes(row.source)) sources.push(row.source);
    bySubject.set(row.subjectId, sources);
  }
  return [...bySubject].map(([subjectId, sources]) => ({ subjectId, sources }));
}
