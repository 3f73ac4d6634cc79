import { sql, type Kysely } from 'kysely';
import { CustodianError } from '../errors.js';
import { appendEvidence } from '../evidence/index.js';
import { unsealJson, type Database } from '../store/index.js';
import { outboxContext, type OutgoingMail } from './outbox.js';
import type { MailTransport } from './transport.js';

/** Attempts per mail before it is given up as `failed`: about four hours of retries in all. */
export const MAX_ATTEMPTS = 10;

/** How long a claimed mail is reserved for the process sending it before another may try. */
const LEASE_MS = 5 * 60_000;

/** The wait before the next attempt after `attempts` failures: 30 s doubling, at most an hour. */
export function retryDelay(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
}

/** What one delivery pass did. */
export interface DeliveryResult {
  readonly sent: number;
  /** Attempts that failed and will be retried. */
  readonly retrying: number;
  /** Mails given up after the last attempt. */
  readonly failed: number;
}

interface Claimed {
  readonly id: string;
  readonly request_id: string | null;
  readonly kind: string;
  readonly message_sealed: string | null;
  readonly attempts: number;
}

/**
 * Sends the mails that are due, up to `batch`. Each is first claimed by moving its next attempt a
 * lease ahead (`for update skip locked`), so several server processes never send one mail twice
 * at once, and no transaction is held open while SMTP talks. A sent mail drops its sealed message
 * (the code or link in it is no longer needed) and its request's timeline and the evidence chain
 * record that it went out (GDPR Art. 12(3): the person was told, and when). A failure is retried
 * with exponential backoff and, after `MAX_ATTEMPTS`, given up and recorded as failed. Errors are
 * kept by code only: an SMTP server's message can quote the address.
 */
export async function deliverOutbox(
  db: Kysely<Database>,
  secret: Buffer,
  transport: MailTransport,
  options: { readonly now?: () => Date; readonly batch?: number } = {},
): Promise<DeliveryResult> {
  const now = options.now ?? ((): Date => new Date());
  const at = now();
  const { rows } = await sql<Claimed>`
    update outbox set next_attempt_at = ${new Date(at.getTime() + LEASE_MS)}
    where id in (
      select id from outbox
      where status = 'pending' and next_attempt_at <= ${at}
      order by next_attempt_at, id
      limit ${options.batch ?? 50}
      for update skip locked)
    returning id, request_id, kind, message_sealed, attempts`.execute(db);
  let sent = 0;
  let retrying = 0;
  let failed = 0;
  for (const row of rows) {
    const error = await attempt(secret, transport, row);
    const attempts = row.attempts + 1;
    const done = now();
    if (error === undefined) {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('outbox')
          .set({ status: 'sent', sent_at: done, attempts, message_sealed: null, last_error: null })
          .where('id', '=', row.id)
          .execute();
        await recordMail(trx, row, 'mail-sent', done, {});
      });
      sent += 1;
    } else if (attempts >= MAX_ATTEMPTS || error === 'seal.invalid') {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('outbox')
          .set({ status: 'failed', attempts, last_error: error })
          .where('id', '=', row.id)
          .execute();
        await recordMail(trx, row, 'mail-failed', done, { attempts, error });
      });
      failed += 1;
    } else {
      await db
        .updateTable('outbox')
        .set({
          attempts,
          last_error: error,
          next_attempt_at: new Date(done.getTime() + retryDelay(attempts)),
        })
        .where('id', '=', row.id)
        .execute();
      retrying += 1;
    }
  }
  return { sent, retrying, failed };
}

/** Sends one claimed mail; undefined when it went out, else the error's code. */
async function attempt(
  secret: Buffer,
  transport: MailTransport,
  row: Claimed,
): Promise<string | undefined> {
  let mail: OutgoingMail;
  try {
    if (row.message_sealed === null) throw new CustodianError('seal.invalid', 'no message');
    mail = unsealJson<OutgoingMail>(secret, row.message_sealed, outboxContext(row.id));
  } catch {
    return 'seal.invalid';
  }
  try {
    await transport.send({
      from: mail.from ?? '',
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
    });
    return undefined;
  } catch (error) {
    return errorCode(error);
  }
}

/** An SMTP or network error by its code and reply code only (`EENVELOPE 550`), never the text. */
function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'error';
  const fields = error as { code?: unknown; responseCode?: unknown };
  const code =
    typeof fields.code === 'string' && /^[A-Z0-9_.]{1,40}$/.test(fields.code)
      ? fields.code
      : 'error';
  return typeof fields.responseCode === 'number' ? `${code} ${fields.responseCode}` : code;
}

/** The request's timeline entry and evidence record for a mail that went out or was given up. */
async function recordMail(
  trx: Kysely<Database>,
  row: Claimed,
  kind: 'mail-sent' | 'mail-failed',
  at: Date,
  extra: Record<string, unknown>,
): Promise<void> {
  if (row.request_id === null) return;
  const request = await trx
    .selectFrom('requests')
    .select(['id', 'status', 'type', 'law', 'subject_ref'])
    .where('id', '=', row.request_id)
    .executeTakeFirst();
  if (!request) return;
  const details = { mail: row.kind, ...extra };
  await trx
    .insertInto('request_events')
    .values({
      request_id: request.id,
      at,
      actor: 'mailer',
      kind,
      status: request.status,
      details: JSON.stringify(details),
    })
    .execute();
  await appendEvidence(trx, {
    actor: 'mailer',
    action: `request.${kind.replace('-', '_')}`,
    subjectRef: request.subject_ref,
    details: { requestId: request.id, type: request.type, law: request.law, ...details },
    at,
  });
}
