import type { Language } from '../../map/index.js';

export type { Language };

/** A supervisory authority named in a mail, as the map declares it (already in the mail's language). */
export interface AuthorityName {
  readonly name: string;
  readonly url?: string;
}

/**
 * Every fixed text of the mails to people in one language. Sentences with parameters are
 * functions; the parameters are already formatted (dates in words, the request named).
 */
export interface MailStrings {
  /** Each request type as a noun phrase after "your" (en "access request", de "Antrag auf Auskunft"). */
  readonly types: Readonly<Record<string, string>>;
  readonly greeting: string;
  /** The first line after the greeting, as the language writes it (German: "wir", not "Wir"). */
  readonly opening: (line: string) => string;
  readonly closing: string;
  /** A label and its value: "Why: …" (French puts a space before the colon). */
  readonly label: (label: string, value: string) => string;
  /** "Request reference", before the request id in the signature. */
  readonly reference: string;
  /** A moment: the day in words and the UTC time of day ("14:05"). */
  readonly time: (day: string, clock: string) => string;

  readonly code: {
    readonly subject: (request: string) => string;
    readonly received: (request: string) => string;
    readonly enter: (code: string) => string;
    readonly validUntil: (time: string) => string;
    readonly locked: string;
    readonly answerBy: (day: string) => string;
    readonly notYou: string;
  };
  readonly received: {
    readonly subject: (request: string) => string;
    readonly body: (request: string) => string;
  };
  /** The deadline of the answer, shared by several mails. */
  readonly answerBy: (day: string) => string;
  readonly extension: {
    readonly subject: (request: string) => string;
    readonly intro: (request: string) => string;
  };
  readonly denial: {
    readonly subject: (request: string) => string;
    readonly intro: (request: string) => string;
  };
  readonly completion: {
    readonly subject: (request: string) => string;
    readonly done: (request: string) => string;
    readonly ready: string;
    readonly once: string;
    readonly expires: (time: string) => string;
    /** Before the list of records kept despite an erasure (GDPR Art. 17(3)). */
    readonly heldIntro: string;
    /** One kept group: where it is and how many records. */
    readonly heldWhat: (where: string, rows: number) => string;
    readonly why: string;
    readonly basis: string;
    /** The label of how long a group is kept. */
    readonly kept: string;
    /** The last day a group is kept, the day in words: "up to and including 15 March 2033". */
    readonly endDay: (day: string) => string;
    /** The end of a hold that cannot be told yet (the row's date is missing). */
    readonly untilUnknown: string;
    /** One end of a group with several: "up to and including 15 March 2033 (2 records)". */
    readonly part: (end: string, rows: number) => string;
  };
  /** What a person can do about a refusal, in whole or in part. */
  readonly remedies: {
    /** GDPR Art. 77, 79. */
    readonly complaint: (authority: AuthorityName | undefined) => string;
    /** Va. Code 59.1-578(B)(2), (C) and its siblings. */
    /** Appeal through the declared channels; none declared: through the privacy notice. */
    readonly appeal: (channels: readonly string[]) => string;
    /** Va. Code 59.1-578(C): a denied appeal names the Attorney General. */
    readonly attorneyGeneral: (authority: AuthorityName | undefined) => string;
    /** The state Attorneys General, by law, as named inside `attorneyGeneral`. */
    readonly attorneyGenerals: Readonly<Record<string, string>>;
    readonly contact: string;
  };
}
