import { appendEvidence } from '../evidence/index.js';
import {
  restrictProcessing,
  RESTRICTION_REASONS,
  type RestrictionReason,
} from '../ledger/index.js';
import { CustodianError } from '../errors.js';
import { ledgerContext, type ExecutionContext } from './execution-context.js';
import { connectorOf, primaryKey, type Found } from './find-person.js';
import { declared } from './rectify.js';

export interface RestrictionResult {
  readonly receiptId: string;
  readonly reason: RestrictionReason;
  readonly collections: readonly {
    readonly datastore: string;
    readonly collection: string;
    readonly rows: number;
  }[];
}

/**
 * Restricts processing of a person's data (GDPR Art. 18): the ledger marks them restricted, so
 * consent checks refuse every purpose but those Art. 18(2) allows, and every row found in a
 * collection that declares a `restrictionFlag` column gets it set true, so the company's own
 * systems can see it too. Held rows are flagged as well: restriction is about use, not deletion.
 */
export async function restrict(
  ctx: ExecutionContext,
  requestId: string,
  input: {
    readonly email: string;
    readonly found: Found;
    readonly reason?: string;
    readonly subjectRef?: string | null;
  },
): Promise<RestrictionResult> {
  const reason = (input.reason ?? 'accuracy-contested') as RestrictionReason;
  if (!RESTRICTION_REASONS.includes(reason)) {
    throw new CustodianError('restriction.invalid_reason', 'not a ground of GDPR Art. 18(1)', {
      details: { reasons: RESTRICTION_REASONS },
    });
  }
  const receipt = await restrictProcessing(ctx.db, ledgerContext(ctx), {
    subject: { email: input.email },
    reason,
    source: `request:${requestId}`,
  });
  const collections: { datastore: string; collection: string; rows: number }[] = [];
  for (const entry of input.found.collections) {
    const collection = declared(ctx.map.datastores, entry.datastore, entry.collection);
    const flag = collection?.restrictionFlag;
    if (collection === undefined || flag === undefined || entry.rows.length === 0) continue;
    await connectorOf(ctx.connectors, entry.datastore).apply([
      {
        op: 'update',
        collection: collection.name,
        keys: entry.rows.map((row) => primaryKey(collection, row)),
        set: { [flag]: true },
      },
    ]);
    collections.push({
      datastore: entry.datastore,
      collection: entry.collection,
      rows: entry.rows.length,
    });
  }
  await appendEvidence(ctx.db, {
    actor: ctx.actor,
    action: 'restriction.flagged',
    subjectRef: input.subjectRef ?? null,
    details: { requestId, receiptId: receipt.receiptId, reason, collections },
    at: ctx.now(),
  });
  return { receiptId: receipt.receiptId, reason, collections };
}
