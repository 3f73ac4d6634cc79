/**
 * The mails Custodian sends to people about their requests, in one place so they can be
 * translated later. English only for now. Each text says who writes, what happened and what
 * comes next; none carries more personal data than the person gave (their own address, which is
 * only the recipient).
 */

/** The kinds of mail, as stored in the outbox. */
export const MAIL_KINDS = [
  'verification-code',
  'received',
  'extension',
  'denial',
  'completion',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** What every mail names: who writes, and the request. */
interface Common {
  /** The controller's name as people know it. */
  readonly organisation: string;
  readonly requestId: string;
  /** A readable request type: "access", "erasure". */
  readonly type: string;
}

/** The values each kind of mail is written from. */
export interface MailValues {
  readonly 'verification-code': Common & {
    readonly code: string;
    readonly expiresAt: Date;
    readonly dueAt: Date;
  };
  readonly received: Common & { readonly dueAt: Date };
  readonly extension: Common & { readonly reason: string; readonly dueAt: Date };
  readonly denial: Common & {
    readonly reason: string;
    /** What the person can do next under their law (complain, appeal). */
    readonly remedy: string;
  };
  readonly completion: Common & {
    /** The link to the page the answer is downloaded from, when there is one (an access package). */
    readonly downloadUrl?: string;
    readonly downloadExpiresAt?: Date;
  };
}

/** A mail ready to send, without its addresses. */
export interface MailText {
  readonly subject: string;
  readonly text: string;
}

const day = (date: Date): string =>
  date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

const time = (date: Date): string => `${day(date)}, ${date.toISOString().slice(11, 16)} UTC`;

const signature = (values: Common): string =>
  `\n-- \n${values.organisation}\nRequest reference: ${values.requestId}\n`;

/** The subject and body of a mail of `kind`. */
export function mailText<K extends MailKind>(kind: K, values: MailValues[K]): MailText {
  const write = WRITERS[kind] as (values: MailValues[K]) => MailText;
  return write(values);
}

const WRITERS: { readonly [K in MailKind]: (values: MailValues[K]) => MailText } = {
  'verification-code': (v) => ({
    // Never the code in the subject: it shows in lock-screen notifications and mail-server logs.
    subject: `Your ${v.type} request: confirm it with the code in this mail`,
    text: [
      `We received your ${v.type} request.`,
      '',
      `To confirm that it comes from you, enter this code: ${v.code}`,
      '',
      `The code is valid until ${time(v.expiresAt)}. After five wrong attempts the request is locked.`,
      `Once confirmed, we will answer by ${day(v.dueAt)} at the latest.`,
      '',
      'If you did not make this request, ignore this mail: nothing happens without the code.',
      signature(v),
    ].join('\n'),
  }),
  received: (v) => ({
    subject: `We received your ${v.type} request`,
    text: [
      `We received your ${v.type} request and confirmed your identity.`,
      '',
      `We will answer by ${day(v.dueAt)} at the latest.`,
      signature(v),
    ].join('\n'),
  }),
  extension: (v) => ({
    subject: `Your ${v.type} request: we need more time`,
    text: [
      `We need more time to answer your ${v.type} request, for this reason:`,
      '',
      indent(v.reason),
      '',
      `We will answer by ${day(v.dueAt)} at the latest.`,
      signature(v),
    ].join('\n'),
  }),
  denial: (v) => ({
    subject: `Your ${v.type} request was not granted`,
    text: [
      `We cannot act on your ${v.type} request, for this reason:`,
      '',
      indent(v.reason),
      '',
      v.remedy,
      signature(v),
    ].join('\n'),
  }),
  completion: (v) => ({
    subject: `Your ${v.type} request is complete`,
    text: [
      `We have completed your ${v.type} request.`,
      ...(v.downloadUrl === undefined
        ? []
        : [
            '',
            'Your data is ready. Open this link and press the Download button on the page:',
            v.downloadUrl,
            'Opening the link downloads nothing yet; the button does, once.',
            ...(v.downloadExpiresAt === undefined
              ? []
              : [`The link expires on ${time(v.downloadExpiresAt)}.`]),
          ]),
      signature(v),
    ].join('\n'),
  }),
};

function indent(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `  ${line}`)
    .join('\n');
}
