import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { sealJson, type Database } from '../store/index.js';
import type { MailKind, MailText } from './texts.js';

/** A mail as the outbox keeps it (sealed): addresses and text. */
export interface OutgoingMail extends MailText {
  readonly to: string;
  /** The controller's address; the mailer's `CUSTODIAN_MAIL_FROM` when absent. */
  readonly from?: string;
}

/** The sealing context of an outbox message: it opens only in its own row. */
export function outboxContext(id: string): string {
  return `outbox:${id}`;
}

/**
 * Puts a mail in the outbox, inside the caller's transaction: it exists if and only if the change
 * it tells about commits, and the mailer delivers it with retries after that. The message (the
 * address, and a code or a link in the text) is stored sealed. Returns the outbox id.
 */
export async function enqueueMail(
  db: Kysely<Database> | Transaction<Database>,
  secret: Buffer,
  input: {
    readonly kind: MailKind;
    readonly requestId: string | null;
    readonly mail: OutgoingMail;
    readonly at: Date;
  },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('outbox')
    .values({
      id,
      request_id: input.requestId,
      kind: input.kind,
      message_sealed: sealJson(secret, input.mail, outboxContext(id)),
      status: 'pending',
      next_attempt_at: input.at,
      created_at: input.at,
    })
    .execute();
  return id;
}

/** How many outbox rows were sent before `before`: what `deleteSentMail` would delete. */
export async function sentMailBefore(db: Kysely<Database>, before: Date): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'sent')
    .where('sent_at', '<', before)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Deletes up to `limit` outbox rows sent before `before` (GDPR Art. 5(1)(e); map
 * `records.deliveredMail`): a sent row has already lost its message, and keeps only to whom, by
 * its request, and when. Pending and failed mail stays for the mailer and the operator. Inside the
 * caller's transaction; returns how many were deleted.
 */
export async function deleteSentMail(
  trx: Transaction<Database>,
  before: Date,
  limit: number,
): Promise<number> {
  const result = await trx
    .deleteFrom('outbox')
    .where(
      sql<boolean>`id in (
        select id from outbox
        where status = 'sent' and sent_at < ${before}
        limit ${limit}
        for update skip locked)`,
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
