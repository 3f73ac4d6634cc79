/**
 * The mails Custodian sends to people about their requests, in the person's language (the notice
 * languages: en, nl, fr, de; src/mail/i18n). Each text says who writes, what happened and what
 * comes next; none carries more personal data than the person gave (their own address, which is
 * only the recipient) beyond what the answer itself must tell them: the records kept about them
 * and until when (GDPR Art. 17(3), 12(4)).
 */
import { localize, type Language, type Text } from '../map/index.js';
import { formatDate } from '../publish/index.js';
import { MAIL_STRINGS, type AuthorityName, type MailStrings } from './i18n/index.js';

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
  /** The request type (`access`, `erasure`), named in the mail's language. */
  readonly type: string;
}

/**
 * What a person can do about a refusal, in whole or in part, by the law of the request: complain
 * to a supervisory authority and go to court (GDPR Art. 12(4), 77, 79), appeal to the controller
 * (Va. Code 59.1-578(B)(2), (C) and its siblings), complain to the state Attorney General after a
 * denied appeal (Va. Code 59.1-578(C)), or contact the controller.
 */
export type Remedy =
  | {
      readonly kind: 'complaint';
      /** The controller's supervisory authority, when the map declares one. */
      readonly authority?: { readonly name: Text; readonly url?: string };
    }
  | {
      readonly kind: 'appeal';
      /** The appeal channels the map declares (addresses, links), never channels it does not. */
      readonly channels: readonly string[];
    }
  | { readonly kind: 'attorney-general'; readonly law: string; readonly url?: string }
  | { readonly kind: 'contact' };

/**
 * Records of one collection kept despite an erasure (GDPR Art. 17(3)(b), (e)): where, why, on what
 * rule, how many, and the last day each group is kept (null: not known yet). The shape of the
 * certificate's `holds`, with the datastore named as the map names it.
 */
export interface HeldRecords {
  /** The datastore's name (its id when the map gives none). */
  readonly datastore: string;
  readonly collection: string;
  readonly reason: Text;
  readonly basis?: string;
  readonly rows: number;
  readonly ends: readonly { readonly until: string | null; readonly rows: number }[];
}

/** The values each kind of mail is written from. */
export interface MailValues {
  readonly 'verification-code': Common & {
    readonly code: string;
    readonly expiresAt: Date;
    readonly dueAt: Date;
  };
  readonly received: Common & { readonly dueAt: Date };
  /** The reason is the operator's own words, mailed as written. */
  readonly extension: Common & { readonly reason: string; readonly dueAt: Date };
  readonly denial: Common & {
    /** The operator's own words, mailed as written. */
    readonly reason: string;
    readonly remedy: Remedy;
  };
  readonly completion: Common & {
    /** The link to the page the answer is downloaded from, when there is one (an access package). */
    readonly downloadUrl?: string;
    readonly downloadExpiresAt?: Date;
    /** An erasure: the records kept under a legal hold. */
    readonly held?: readonly HeldRecords[];
    /** What the person can do about the records kept; told when there are any (GDPR Art. 12(4)). */
    readonly remedy?: Remedy;
  };
}

/** A mail ready to send, without its addresses. */
export interface MailText {
  readonly subject: string;
  readonly text: string;
}

/** The subject and body of a mail of `kind`, in `language`. */
export function mailText<K extends MailKind>(
  kind: K,
  values: MailValues[K],
  language: Language = 'en',
): MailText {
  const write = WRITERS[kind] as (values: MailValues[K], words: Words) => MailText;
  return write(values, words(language));
}

/** The strings of a language with its formatting of days, moments and requests. */
interface Words {
  readonly s: MailStrings;
  readonly language: Language;
  day(date: Date): string;
  time(date: Date): string;
  request(values: Common): string;
  body(values: Common, lines: readonly string[]): string;
}

function words(language: Language): Words {
  const s = MAIL_STRINGS[language];
  const day = (date: Date): string => formatDate(date.toISOString().slice(0, 10), language);
  return {
    s,
    language,
    day,
    // Deadlines and expiries are instants; the server knows no one's time zone, so UTC.
    time: (date) => s.time(day(date), date.toISOString().slice(11, 16)),
    request: (values) => s.types[values.type] ?? values.type,
    body: (values, [first = '', ...rest]) =>
      [
        s.greeting,
        '',
        s.opening(first),
        ...rest,
        '',
        s.closing,
        values.organisation,
        '',
        '-- ',
        s.label(s.reference, values.requestId),
        '',
      ].join('\n'),
  };
}

const WRITERS: {
  readonly [K in MailKind]: (values: MailValues[K], words: Words) => MailText;
} = {
  'verification-code': (v, w) => ({
    // Never the code in the subject: it shows in lock-screen notifications and mail-server logs.
    subject: w.s.code.subject(w.request(v)),
    text: w.body(v, [
      w.s.code.received(w.request(v)),
      '',
      w.s.code.enter(v.code),
      '',
      `${w.s.code.validUntil(w.time(v.expiresAt))} ${w.s.code.locked}`,
      w.s.code.answerBy(w.day(v.dueAt)),
      '',
      w.s.code.notYou,
    ]),
  }),
  received: (v, w) => ({
    subject: w.s.received.subject(w.request(v)),
    text: w.body(v, [w.s.received.body(w.request(v)), '', w.s.answerBy(w.day(v.dueAt))]),
  }),
  extension: (v, w) => ({
    subject: w.s.extension.subject(w.request(v)),
    text: w.body(v, [
      w.s.extension.intro(w.request(v)),
      '',
      indent(v.reason),
      '',
      w.s.answerBy(w.day(v.dueAt)),
    ]),
  }),
  denial: (v, w) => ({
    subject: w.s.denial.subject(w.request(v)),
    text: w.body(v, [
      w.s.denial.intro(w.request(v)),
      '',
      indent(v.reason),
      '',
      remedyText(v.remedy, w),
    ]),
  }),
  completion: (v, w) => {
    const c = w.s.completion;
    const held = v.held ?? [];
    return {
      subject: c.subject(w.request(v)),
      text: w.body(v, [
        c.done(w.request(v)),
        ...(v.downloadUrl === undefined
          ? []
          : [
              '',
              c.ready,
              v.downloadUrl,
              c.once,
              ...(v.downloadExpiresAt === undefined
                ? []
                : [c.expires(w.time(v.downloadExpiresAt))]),
            ]),
        // GDPR Art. 17(3), 12(4): what was kept, why, on what rule and until when.
        ...(held.length === 0 ? [] : ['', c.heldIntro, ...held.flatMap((h) => heldLines(h, w))]),
        ...(held.length === 0 || v.remedy === undefined ? [] : ['', remedyText(v.remedy, w)]),
      ]),
    };
  },
};

/** One group of held records as lines of the completion mail. */
function heldLines(held: HeldRecords, w: Words): string[] {
  const c = w.s.completion;
  const end = (until: string | null): string =>
    until === null ? c.untilUnknown : c.endDay(formatDate(until, w.language));
  const only = held.ends.length === 1 ? held.ends[0] : undefined;
  const kept =
    only !== undefined
      ? end(only.until)
      : held.ends.map((group) => c.part(end(group.until), group.rows)).join('; ');
  return [
    '',
    `- ${c.heldWhat(`${held.datastore} (${held.collection})`, held.rows)}`,
    `  ${w.s.label(c.why, localize(held.reason, w.language))}`,
    ...(held.basis === undefined ? [] : [`  ${w.s.label(c.basis, held.basis)}`]),
    `  ${w.s.label(c.kept, kept)}`,
  ];
}

function remedyText(remedy: Remedy, w: Words): string {
  const r = w.s.remedies;
  switch (remedy.kind) {
    case 'complaint':
      return r.complaint(
        remedy.authority === undefined
          ? undefined
          : authorityName(localize(remedy.authority.name, w.language), remedy.authority.url),
      );
    case 'appeal':
      return r.appeal(remedy.channels);
    case 'attorney-general': {
      const name = r.attorneyGenerals[remedy.law];
      return r.attorneyGeneral(name === undefined ? undefined : authorityName(name, remedy.url));
    }
    case 'contact':
      return r.contact;
  }
}

function authorityName(name: string, url: string | undefined): AuthorityName {
  return url === undefined ? { name } : { name, url };
}

function indent(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `  ${line}`)
    .join('\n');
}
