import { createHmac } from 'node:crypto';
import { unseal, unsealJson } from '../store/index.js';
import { readRequest, type Db } from './request-context.js';
import { FINAL_STATUSES, type RequestSubject } from './types.js';

/** Where each sealed value of a request lives: it opens only there (GCM additional data). */
export const SEALED = {
  email: (id: string): string => `request:${id}:email`,
  input: (id: string): string => `request:${id}:input`,
  reason: (id: string): string => `request:${id}:reason`,
} as const;

/** What the person sent besides their email, sealed as one JSON value. */
export interface RequestInput {
  readonly details?: string;
  readonly changes?: Readonly<Record<string, string>>;
}

/**
 * The pseudonymous reference the evidence names a requester by (GDPR Art. 4(5)): a keyed hash of
 * the keyed email hash, so it is the same for every request of one person, reveals nothing
 * without the server secret, and is not the hash the suppression list stores.
 */
export function subjectRefOf(secret: Buffer, emailHash: string): string {
  return `rs_${createHmac('sha256', secret).update(`request-subject:${emailHash}`).digest('hex').slice(0, 32)}`;
}

/**
 * The person behind a request, unsealed: their email, the identities to search by, and what they
 * wrote. For the executor and the mailer; never log or return it to anyone but an operator.
 */
export async function requestSubject(db: Db, secret: Buffer, id: string): Promise<RequestSubject> {
  const row = await readRequest(db, id);
  const email = unseal(secret, row.email_sealed, SEALED.email(row.id));
  const input =
    row.input_sealed === null
      ? {}
      : unsealJson<RequestInput>(secret, row.input_sealed, SEALED.input(row.id));
  return {
    email,
    identities: { email: [email] },
    details: input.details ?? null,
    changes: input.changes ?? null,
  };
}

/**
 * The requests still open (any status but a final one) with their requester's email, unsealed:
 * a retention plan keeps the rows of a person whose request is pending, so an access request is
 * not answered after a sweep deleted what it asked for. Never log or return the emails.
 */
export async function openRequestEmails(
  db: Db,
  secret: Buffer,
): Promise<{ readonly id: string; readonly email: string }[]> {
  const rows = await db
    .selectFrom('requests')
    .select(['id', 'email_sealed'])
    .where('status', 'not in', [...FINAL_STATUSES])
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    email: unseal(secret, row.email_sealed, SEALED.email(row.id)),
  }));
}
