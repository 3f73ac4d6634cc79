import { randomUUID } from 'node:crypto';
import { CustodianError } from '../errors.js';
import { appendEvidence } from '../evidence/index.js';
import type { SubjectRef } from './identity.js';
import { appendEvents } from './ledger-event.js';
import {
  CHOICES,
  legalBasisOf,
  normaliseCountry,
  requirePurposes,
  type Choice,
  type Db,
  type LedgerContext,
  type Trx,
} from './ledger-context.js';
import { findOrCreateSubject, identitiesOf, subjectKey } from './subject.js';
import { UNSUBSCRIBED } from './suppress.js';

export interface ConsentInput {
  readonly subject: SubjectRef;
  /** Purpose id → the person's choice. */
  readonly choices: Readonly<Record<string, Choice>>;
  /** The channel the choice came through ('cookie-banner', 'signup-form', ...). */
  readonly source: string;
  /** The notice version the person was shown; the map's current version when absent. */
  readonly noticeVersion?: string;
  /** A Global Privacy Control signal (`Sec-GPC: 1`) accompanied the choice. */
  readonly gpc?: boolean;
  /** Where the person lives (ISO 3166-1 alpha-2): decides the controller named on the receipt. */
  readonly country?: string;
}

/** What a recorded change hands back: the receipt that proves it. */
export interface Receipt {
  readonly receiptId: string;
  readonly subjectId: string;
  readonly recordedAt: string;
}

/**
 * Records a person's consent choices: one append-only event per choice under one receipt, the
 * current state, and an evidence record, in one transaction (GDPR Art. 7(1): the controller can
 * show who consented to what, when, on which notice and how).
 *
 * @throws `consent.no_choices`, `consent.invalid_choice`, `consent.unknown_purpose`,
 *   `consent.not_consent_basis`, `subject.invalid`, `subject.not_found`.
 */
export async function recordConsent(
  db: Db,
  ctx: LedgerContext,
  input: ConsentInput,
): Promise<Receipt> {
  const entries = Object.entries(input.choices);
  if (entries.length === 0) {
    throw new CustodianError('consent.no_choices', 'a consent record needs at least one choice');
  }
  const invalid = entries.filter(([, choice]) => !CHOICES.includes(choice)).map(([id]) => id);
  if (invalid.length > 0) {
    throw new CustodianError('consent.invalid_choice', 'a choice is "granted" or "denied"', {
      details: { purposes: invalid },
    });
  }
  const purposes = requirePurposes(
    ctx.map,
    entries.map(([id]) => id),
  );
  // GDPR Art. 6(1)(a): consent is recorded only where consent is the basis; a contract or a
  // legitimate interest is not switched on or off by a checkbox.
  const notConsent = purposes.filter((purpose) => legalBasisOf(purpose) !== 'consent');
  if (notConsent.length > 0) {
    throw new CustodianError(
      'consent.not_consent_basis',
      'consent can only be recorded for purposes whose legal basis is consent',
      { details: { purposes: notConsent.map((purpose) => purpose.id) } },
    );
  }
  const key = subjectKey(ctx.secret, input.subject);
  const noticeVersion = input.noticeVersion ?? ctx.map.notice.version;
  const gpc = input.gpc === true;
  const country = normaliseCountry(input.country);

  return db.transaction().execute(async (trx) => {
    const at = ctx.now();
    const subjectId = await findOrCreateSubject(trx, key, at);
    const receiptId = randomUUID();
    await appendEvents(
      trx,
      { receiptId, subjectId, source: input.source, noticeVersion, gpc, at },
      entries.map(([purpose, choice]) => ({
        purpose,
        kind: choice,
        details: country === undefined ? {} : { country },
      })),
    );
    await trx
      .insertInto('consent_state')
      .values(
        entries.map(([purpose, status]) => ({
          subject_id: subjectId,
          purpose,
          status,
          receipt_id: receiptId,
          updated_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['subject_id', 'purpose']).doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          receipt_id: eb.ref('excluded.receipt_id'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();

    const granted = entries.filter(([, choice]) => choice === 'granted').map(([id]) => id);
    const lifted = await liftOptOuts(trx, subjectId, granted);

    if (gpc) {
      // The opt-out runs from the first signal; a grant recorded after it is the later explicit
      // choice that 11 CCR 7025(c)(3) lets win. Keeping the latest signal instead would let a
      // browser that always sends GPC make that choice impossible.
      await trx
        .updateTable('subjects')
        .set((eb) => ({ gpc_at: eb.fn.coalesce('gpc_at', eb.val(at)) }))
        .where('id', '=', subjectId)
        .execute();
    }

    await appendEvidence(trx, {
      actor: ctx.actor,
      action: 'consent.recorded',
      subjectRef: subjectId,
      details: {
        receiptId,
        choices: Object.fromEntries(entries),
        source: input.source,
        gpc,
        objectionsLifted: lifted.objections,
        suppressionsLifted: lifted.suppressions,
      },
      at,
    });
    return { receiptId, subjectId, recordedAt: at.toISOString() };
  });
}

/**
 * A new grant re-authorises what an earlier objection stopped (seed 001: "you may reauthorize
 * direct marketing through the same channels"): it ends the live objection to those purposes
 * and the suppressions their own unsubscribe scoped to them. Suppressions an operator added, and
 * those of every purpose ('*', such as after erasure), stay.
 */
async function liftOptOuts(
  trx: Trx,
  subjectId: string,
  purposes: readonly string[],
): Promise<{ objections: number; suppressions: number }> {
  if (purposes.length === 0) return { objections: 0, suppressions: 0 };
  const objections = await trx
    .deleteFrom('objections')
    .where('subject_id', '=', subjectId)
    .where('purpose', 'in', purposes)
    .executeTakeFirst();
  const hashes = (await identitiesOf(trx, subjectId)).map((identity) => identity.hash);
  const suppressions =
    hashes.length === 0
      ? { numDeletedRows: 0n }
      : await trx
          .deleteFrom('suppressions')
          .where('hash', 'in', hashes)
          .where('scope', 'in', purposes)
          .where('reason', '=', UNSUBSCRIBED)
          .executeTakeFirst();
  return {
    objections: Number(objections.numDeletedRows),
    suppressions: Number(suppressions.numDeletedRows),
  };
}
