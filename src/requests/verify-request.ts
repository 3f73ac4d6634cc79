import { timingSafeEqual } from 'node:crypto';
import { CustodianError } from '../errors.js';
import { startPeriodic } from '../periodic.js';
import { takeUpAppeal } from './appeal.js';
import { codeHash, verifiedBy } from './open-request.js';
import {
  afterApproval,
  lockRequest,
  recordStep,
  toRecord,
  type Db,
  type RequestContext,
  type RequestRow,
  type Trx,
} from './request-context.js';
import type { RequestStatus } from './types.js';

/** Wrong codes a request takes before it locks: a six-digit code then has a 1 in 200,000 chance. */
export const MAX_CODE_ATTEMPTS = 5;

/** What the verification decided; errors are thrown after the transaction commits. */
type Outcome =
  | { readonly kind: 'verified'; readonly row: RequestRow }
  | { readonly kind: 'wrong'; readonly triesLeft: number }
  | { readonly kind: 'locked' }
  | { readonly kind: 'expired' };

/**
 * Checks the code the person received (GDPR Art. 12(6): confirm the identity of the person
 * asking). The right code verifies the request and moves it on (to approval, or approved); a
 * wrong one counts, and the fifth locks the request for good; an expired code expires the request.
 *
 * Throws `request.not_found` (404) for an unknown id, `request.wrong_code` (422, with the tries
 * left), `request.locked` (409), `request.code_expired` (410), and `request.already_verified`
 * (409) once the request has moved on. An appeal's right code also checks the request appealed
 * (`takeUpAppeal`), and throws what that check finds, leaving the appeal unverified.
 */
export async function verifyRequest(
  db: Db,
  ctx: RequestContext,
  id: string,
  code: string,
): Promise<{ status: RequestStatus }> {
  const outcome = await db.transaction().execute(async (trx): Promise<Outcome> => {
    const row = await lockRequest(trx, id);
    if (row.status === 'locked') return { kind: 'locked' };
    if (row.status === 'expired') return { kind: 'expired' };
    if (row.status !== 'unverified') {
      throw new CustodianError('request.already_verified', 'this request is already verified', {
        details: { status: row.status },
      });
    }
    const stored = await trx
      .selectFrom('verification_codes')
      .selectAll()
      .where('request_id', '=', row.id)
      .forUpdate()
      .executeTakeFirst();
    const at = ctx.now();
    if (!stored || stored.locked) return { kind: 'locked' };
    if (new Date(stored.expires_at).getTime() < at.getTime()) {
      await end(trx, ctx, row, 'expired', at);
      return { kind: 'expired' };
    }
    if (matches(codeHash(ctx.secret, row.id, code.trim()), stored.hash)) {
      // Only now, with the email shown to be theirs, may the person learn about the request
      // they appeal; a failed check rolls this verification back and answers why.
      const verified = row.type === 'appeal' ? await takeUpAppeal(trx, ctx, row, at) : row;
      await trx.deleteFrom('verification_codes').where('request_id', '=', row.id).execute();
      return { kind: 'verified', row: await verifiedBy(trx, ctx, verified, 'email', at) };
    }
    const attempts = stored.attempts + 1;
    const locked = attempts >= MAX_CODE_ATTEMPTS;
    await trx
      .updateTable('verification_codes')
      .set({ attempts, locked })
      .where('request_id', '=', row.id)
      .execute();
    await recordStep(trx, ctx, row, {
      kind: 'wrong-code',
      status: 'unverified',
      at,
      details: { attempts },
    });
    if (locked) {
      await end(trx, ctx, row, 'locked', at);
      return { kind: 'locked' };
    }
    return { kind: 'wrong', triesLeft: MAX_CODE_ATTEMPTS - attempts };
  });
  switch (outcome.kind) {
    case 'verified': {
      const record = toRecord(outcome.row);
      await afterApproval(db, ctx, record);
      return { status: record.status };
    }
    case 'wrong':
      throw new CustodianError(
        'request.wrong_code',
        `the code is not right; ${outcome.triesLeft} ${outcome.triesLeft === 1 ? 'try' : 'tries'} left`,
        {
          details: {
            triesLeft: outcome.triesLeft,
            errors: [{ path: '/code', message: 'wrong code' }],
          },
        },
      );
    case 'locked':
      throw new CustodianError(
        'request.locked',
        'too many wrong codes: this request is locked; make a new request',
      );
    case 'expired':
      throw new CustodianError(
        'request.code_expired',
        'the code has expired: this request can no longer be verified; make a new request',
      );
  }
}

/** Ends an unverified request as `locked` or `expired`; its code is kept only as a locked hash. */
async function end(
  trx: Trx,
  ctx: RequestContext,
  row: RequestRow,
  status: 'locked' | 'expired',
  at: Date,
): Promise<void> {
  await trx
    .updateTable('requests')
    .set({ status, finished_at: at, updated_at: at })
    .where('id', '=', row.id)
    .execute();
  await trx
    .updateTable('verification_codes')
    .set({ locked: true })
    .where('request_id', '=', row.id)
    .execute();
  await recordStep(trx, ctx, row, { kind: status, status, at });
}

/**
 * Expires every unverified request whose code ran out, with its timeline entry and evidence.
 * Returns how many. Run by the server's sweep (`startExpirySweep`) and the CLI's `requests list`;
 * lists show such requests as expired before it runs, without writing.
 */
export async function expireUnverified(db: Db, ctx: RequestContext): Promise<number> {
  const at = ctx.now();
  const stale = await db
    .selectFrom('verification_codes')
    .innerJoin('requests', 'requests.id', 'verification_codes.request_id')
    .select('requests.id')
    .where('requests.status', '=', 'unverified')
    .where('verification_codes.expires_at', '<', at)
    .execute();
  let expired = 0;
  for (const { id } of stale) {
    await db.transaction().execute(async (trx) => {
      const row = await lockRequest(trx, id);
      if (row.status !== 'unverified') return;
      await end(trx, ctx, row, 'expired', at);
      expired += 1;
    });
  }
  return expired;
}

/**
 * Expires lapsed unverified requests now and then every `intervalMs` (a quarter of an hour by
 * default) in this process, so the timeline and the evidence say so even when nobody tries the
 * code. Safe from several processes at once (each request is expired under its row lock, once).
 * `stop` ends it.
 */
export function startExpirySweep(
  db: Db,
  ctx: RequestContext & { readonly onError?: (error: unknown) => void },
  intervalMs = 15 * 60 * 1000,
): { stop: () => Promise<void> } {
  return startPeriodic(() => expireUnverified(db, ctx), intervalMs, ctx);
}

function matches(hash: string, stored: string): boolean {
  const a = Buffer.from(hash, 'hex');
  const b = Buffer.from(stored, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
