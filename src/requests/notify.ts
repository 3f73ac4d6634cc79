import { enqueueMail, mailText, type MailKind, type MailValues } from '../mail/index.js';
import type { DataMap, Language } from '../map/index.js';
import { unseal } from '../store/index.js';
import type { RequestContext, RequestRow, Trx } from './request-context.js';
import { SEALED } from './request-subject.js';

/** The address mail about a request is sent from: its controller's contact address, if any. */
export function senderOf(map: DataMap, controllerId: string): string | undefined {
  const controller = map.organisation.controllers.find((c) => c.id === controllerId);
  return controller?.contact.email ?? controller?.dpo?.contact.email;
}

/** The name people know the answering controller by. */
export function organisationOf(map: DataMap, controllerId: string): string {
  const controller = map.organisation.controllers.find((c) => c.id === controllerId);
  return controller?.tradingName ?? map.organisation.name;
}

/** The language a request is answered in: its own, else the map's first notice language. */
export function languageOf(map: DataMap, language: string | null): Language {
  const offered = map.notice.languages;
  return offered.find((candidate) => candidate === language) ?? offered[0] ?? 'en';
}

/**
 * Writes a mail to the person behind a request into the outbox, in the request's language, in the
 * caller's transaction: the mail goes out if and only if the step it tells about commits.
 */
export async function notifyPerson<K extends MailKind>(
  trx: Trx,
  ctx: RequestContext,
  row: Pick<RequestRow, 'id' | 'type' | 'controller' | 'email_sealed' | 'language'>,
  kind: K,
  values: Omit<MailValues[K], 'organisation' | 'requestId' | 'type'>,
  at: Date,
): Promise<void> {
  const to = unseal(ctx.secret, row.email_sealed, SEALED.email(row.id));
  const text = mailText(
    kind,
    {
      ...values,
      organisation: organisationOf(ctx.map, row.controller),
      requestId: row.id,
      type: row.type,
    } as MailValues[K],
    languageOf(ctx.map, row.language),
  );
  const from = senderOf(ctx.map, row.controller);
  await enqueueMail(trx, ctx.secret, {
    kind,
    requestId: row.id,
    mail: { to, ...(from === undefined ? {} : { from }), ...text },
    at,
  });
}
