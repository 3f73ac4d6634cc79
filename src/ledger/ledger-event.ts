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
  await trx
    .insertInto('ledger_events')
    .values(
      events.map((event) => ({
        receipt_id: common.receiptId,
        subject_id: common.subjectId,
        purpose: event.purpose,
        kind: event.kind,
        source: common.source,
        notice_version: common.noticeVersion,
        gpc: common.gpc,
        recorded_at: common.at,
        details: JSON.stringify(event.details ?? {}),
      })),
    )
    .execute();
}
