import type { Trx } from './ledger-context.js';

/**
 * What a ledger event says happened: a consent given or refused (a refusal after a grant is a
 * withdrawal, GDPR Art. 7(3)), an objection (Art. 21), a suppression, a restriction (Art. 18)
 * applied or lifted.
 */
export type LedgerEventKind =
  'granted' | 'denied' | 'objection' | 'suppressed' | 'restricted' | 'restriction-lifted';

export interface NewLedgerEvent {
  readonly purpose: string | null;
  readonly kind: LedgerEventKind;
  readonly details?: Record<string, unknown>;
}

/**
 * Appends events under one receipt. The ledger only ever inserts into `ledger_events`: the
 * history is the proof of consent GDPR Art. 7(1) asks for, and state is derived beside it.
 *
 * Each refusal is marked a withdrawal (GDPR Art. 7(3)) when the person's previous choice for
 * the purpose, in the ledger or earlier in `events`, was a grant. The caller holds the subject's
 * row lock (`findOrCreateSubject`, `requireSubject`, `lockSubject`), so no other writer adds a
 * choice for this person between the read of the previous one and this insert, and the ids,
 * the ledger's order, are handed out in the order the lock is taken.
 */
export async function appendEvents(
  trx: Trx,
  common: {
    readonly receiptId: string;
    readonly subjectId: string;
    readonly source: string;
    readonly noticeVersion: string | null;
    readonly gpc: boolean;
    readonly at: Date;
  },
  events: readonly NewLedgerEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const previous = await previousChoices(trx, common.subjectId, events);
  await trx
    .insertInto('ledger_events')
    .values(
      events.map((event) => {
        let withdrawal = false;
        if (event.purpose !== null && (event.kind === 'granted' || event.kind === 'denied')) {
          withdrawal = event.kind === 'denied' && previous.get(event.purpose) === 'granted';
          previous.set(event.purpose, event.kind);
        }
        return {
          receipt_id: common.receiptId,
          subject_id: common.subjectId,
          purpose: event.purpose,
          kind: event.kind,
          source: common.source,
          notice_version: common.noticeVersion,
          gpc: common.gpc,
          recorded_at: common.at,
          details: JSON.stringify(event.details ?? {}),
          withdrawal,
        };
      }),
    )
    .execute();
}

/**
 * The subject's latest choice ('granted' or 'denied') per purpose a refusal in `events` is for:
 * one read of the subject's own events, none when `events` refuses nothing.
 */
async function previousChoices(
  trx: Trx,
  subjectId: string,
  events: readonly NewLedgerEvent[],
): Promise<Map<string, string>> {
  const refused = [
    ...new Set(
      events.flatMap((event) =>
        event.kind === 'denied' && event.purpose !== null ? [event.purpose] : [],
      ),
    ),
  ];
  if (refused.length === 0) return new Map();
  const rows = await trx
    .selectFrom('ledger_events')
    .distinctOn('purpose')
    .select(['purpose', 'kind'])
    .where('subject_id', '=', subjectId)
    .where('purpose', 'in', refused)
    .where('kind', 'in', ['granted', 'denied'])
    .orderBy('purpose')
    .orderBy('id', 'desc')
    .execute();
  return new Map(rows.flatMap((row) => (row.purpose === null ? [] : [[row.purpose, row.kind]])));
}
