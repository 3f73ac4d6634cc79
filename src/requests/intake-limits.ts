import { CustodianError } from '../errors.js';
import { countHit, limitKey } from '../store/index.js';
import type { RequestContext, Trx } from './request-context.js';

/**
 * Caps on the mail the intake sends when a request is opened without an operator: the code to
 * confirm it, or, for a CCPA opt-out that needs none, the receipt. Anyone may open a request for
 * any address, so without caps the intake would mail whoever an attacker names, as often as the
 * attacker has client addresses to spread the calls over.
 */
export interface IntakeMailLimits {
  /** Mails to one address per UTC day; false for no cap. */
  readonly perEmail: number | false;
  /** Mails to all addresses together per UTC day; false for no cap. */
  readonly total: number | false;
}

/**
 * Five a day per address: a person who mistypes their address or loses a mail asks again, and
 * five codes are plenty. A thousand a day in all: far above what a company of 50 to 500 people
 * receives in requests, far below a mail cannon.
 */
export const DEFAULT_INTAKE_MAIL_LIMITS: IntakeMailLimits = { perEmail: 5, total: 1000 };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The caps from `CUSTODIAN_MAIL_LIMIT_PER_EMAIL` and `CUSTODIAN_MAIL_LIMIT_TOTAL` (mails a day, or
 * `off`), the defaults where unset; `config.invalid` for another value.
 */
export function intakeMailLimitsFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): IntakeMailLimits {
  return {
    perEmail: dailyCap(env, 'CUSTODIAN_MAIL_LIMIT_PER_EMAIL', DEFAULT_INTAKE_MAIL_LIMITS.perEmail),
    total: dailyCap(env, 'CUSTODIAN_MAIL_LIMIT_TOTAL', DEFAULT_INTAKE_MAIL_LIMITS.total),
  };
}

function dailyCap(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number | false,
): number | false {
  const value = env[name]?.trim().toLowerCase() ?? '';
  if (value === '') return fallback;
  if (value === 'off') return false;
  if (/^\d{1,9}$/.test(value) && Number(value) > 0) return Number(value);
  throw new CustodianError('config.invalid', `${name} must be a number of mails a day, or off`);
}

/**
 * The mailbox an address delivers to, as far as the cap is concerned: a `+tag` is dropped, so
 * `ana+1@…` and `ana+2@…` share Ana's cap. The address itself is used unchanged everywhere else.
 */
function mailbox(email: string): string {
  const at = email.lastIndexOf('@');
  const plus = email.indexOf('+');
  return plus > 0 && plus < at ? `${email.slice(0, plus)}${email.slice(at)}` : email;
}

/**
 * Counts one intake mail to `email` (normalised) against both caps, in the transaction that opens
 * the request, and throws `request.mail_limited` (429) past either. The transaction then rolls
 * back: no request is stored, no mail queued, and the refused call uses up nothing. So every
 * request the intake acknowledges has its mail on the way, and a refused one was never
 * acknowledged and may be made again after `retryAfter`.
 *
 * Both caps answer alike, and both reset at 00:00 UTC, so the answer does not say which cap was
 * reached. Neither depends on whether anyone with the address is known: the intake still answers
 * the same for a customer and a stranger. What a caller can learn is that an address was sent
 * mail several times today, which the person who sent those requests knew already.
 */
export async function countIntakeMail(
  trx: Trx,
  ctx: RequestContext,
  email: string,
  at: Date,
): Promise<void> {
  const limits = ctx.mailLimits ?? DEFAULT_INTAKE_MAIL_LIMITS;
  if (limits.perEmail !== false) {
    const key = limitKey(ctx.secret, 'mail-to', mailbox(email));
    const hit = await countHit(trx, key, { max: limits.perEmail, windowMs: DAY_MS }, at);
    if (!hit.allowed) throw mailLimited(hit.resetsAt, at);
  }
  if (limits.total !== false) {
    const hit = await countHit(trx, 'mail-total', { max: limits.total, windowMs: DAY_MS }, at);
    if (!hit.allowed) throw mailLimited(hit.resetsAt, at);
  }
}

function mailLimited(resetsAt: Date, at: Date): CustodianError {
  const retryAfter = Math.max(1, Math.ceil((resetsAt.getTime() - at.getTime()) / 1000));
  return new CustodianError(
    'request.mail_limited',
    `No more mail can be sent for new requests today; try again after ${resetsAt.toISOString().slice(0, 16)}Z, or write to the organisation's privacy contact.`,
    { details: { retryAfter } },
  );
}
