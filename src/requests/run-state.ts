import { assertNoPersonalData } from '../evidence/index.js';
import type { HeldRecords } from '../mail/index.js';
import { notifyPerson } from './notify.js';
import { remedyOf } from './remedy.js';
import {
  lockRequest,
  recordStep,
  requireStatus,
  toRecord,
  type Db,
  type RequestContext,
} from './request-context.js';
import type { RequestRecord } from './types.js';

/**
 * The executor's side of the status machine: it takes an approved request (`markRunning`), and
 * reports how it ended (`markCompleted`, `markFailed`). A failed request may run again.
 */

/** Takes an approved (or failed, for a rerun) request: it becomes `running`. */
export async function markRunning(db: Db, ctx: RequestContext, id: string): Promise<RequestRecord> {
  const row = await db.transaction().execute(async (trx) => {
    const current = await lockRequest(trx, id);
    requireStatus(current, ['approved', 'failed'], 'run');
    const at = ctx.now();
    await trx
      .updateTable('requests')
      .set({ status: 'running', updated_at: at })
      .where('id', '=', current.id)
      .execute();
    await recordStep(trx, ctx, current, {
      kind: 'running',
      status: 'running',
      at,
      details: current.status === 'failed' ? { rerun: true } : {},
    });
    return { ...current, status: 'running', updated_at: at };
  });
  return toRecord(row);
}

/** What the person is sent with the completion notice. */
export interface CompletionNotice {
  /** A one-time download link of an access package. */
  readonly downloadUrl?: string;
  readonly downloadExpiresAt?: Date;
  /** An erasure: the records kept under a legal hold, why and until when (GDPR Art. 17(3)). */
  readonly held?: readonly HeldRecords[];
}

/**
 * Completes a running request with the executor's summary (counts, collections, certificate id;
 * no personal data: it is stored beside the request and copied into the evidence chain, and
 * `evidence.personal_data` refuses one that looks like it holds an email or a phone number). The
 * person is mailed that it is done, with the download link when there is one, and the records
 * kept under a legal hold with what they can do about it.
 */
export async function markCompleted(
  db: Db,
  ctx: RequestContext,
  id: string,
  summary: Readonly<Record<string, unknown>>,
  notice: CompletionNotice = {},
): Promise<RequestRecord> {
  assertNoPersonalData('summary', summary);
  const row = await db.transaction().execute(async (trx) => {
    const current = await lockRequest(trx, id);
    requireStatus(current, ['running'], 'completed');
    const at = ctx.now();
    await trx
      .updateTable('requests')
      .set({
        status: 'completed',
        finished_at: at,
        summary: JSON.stringify(summary),
        updated_at: at,
      })
      .where('id', '=', current.id)
      .execute();
    // GDPR Art. 12(4): keeping records is a refusal in part; the person is told what they can do.
    const held = notice.held ?? [];
    await notifyPerson(
      trx,
      ctx,
      current,
      'completion',
      held.length === 0 ? notice : { ...notice, remedy: remedyOf(ctx.map, current) },
      at,
    );
    await recordStep(trx, ctx, current, {
      kind: 'completed',
      status: 'completed',
      at,
      details: { summary },
    });
    return { ...current, status: 'completed', finished_at: at, summary, updated_at: at };
  });
  return toRecord(row);
}

/**
 * Records that a run stopped: the request becomes `failed` and keeps the failure (an error code
 * and where it stopped; no message, no personal data). Running it again resumes.
 */
export async function markFailed(
  db: Db,
  ctx: RequestContext,
  id: string,
  failure: Readonly<Record<string, unknown>> & { readonly code: string },
): Promise<RequestRecord> {
  assertNoPersonalData('failure', failure);
  const row = await db.transaction().execute(async (trx) => {
    const current = await lockRequest(trx, id);
    requireStatus(current, ['running'], 'failed');
    const at = ctx.now();
    await trx
      .updateTable('requests')
      .set({ status: 'failed', summary: JSON.stringify({ failure }), updated_at: at })
      .where('id', '=', current.id)
      .execute();
    await recordStep(trx, ctx, current, {
      kind: 'failed',
      status: 'failed',
      at,
      details: { failure },
    });
    return { ...current, status: 'failed', summary: { failure }, updated_at: at };
  });
  return toRecord(row);
}
