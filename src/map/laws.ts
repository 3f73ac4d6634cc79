import type { Jurisdiction, Law, Right } from './schema.js';

// GDPR Art. 7(3), 15-22, 77; the UK GDPR mirrors them.
const GDPR_RIGHTS: readonly Right[] = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'objection',
  'withdraw-consent',
  'automated-decisions',
  'complaint',
];

// Va. Code 59.1-577, 59.1-578(C); Colo. Rev. Stat. 6-1-1306; Conn. Gen. Stat. 42-518.
const VCDPA_FAMILY_RIGHTS: readonly Right[] = [
  'know',
  'correct',
  'delete',
  'portability',
  'opt-out-targeted-advertising',
  'opt-out-sale',
  'opt-out-profiling',
  'appeal',
];

/** A period of the calendar: whole months, whole calendar days, or business days (Monday to Friday). */
export type Period =
  { readonly months: number } | { readonly days: number } | { readonly businessDays: number };

/** How long a law gives to answer and to extend once. */
export interface LawClock {
  /** From receipt to the answer. */
  readonly response: Period;
  /** One extension, from the end of the response period, with the reason told to the person. `{ days: 0 }`: none. */
  readonly extension: Period;
  /** Receipt to be confirmed within this many business days (Mon–Fri), when the law asks it. */
  readonly acknowledgeBusinessDays?: number;
  /** A period ending on a weekend or public holiday ends on the next working day. */
  readonly workingDayEnd?: boolean;
  /** The provisions the clock implements. */
  readonly citation: string;
}

/** What one law says about data-subject requests: the one source the checker, notice and clocks read. */
export interface LawFacts {
  /** The rights the law grants, in the order a notice lists them. */
  readonly rights: readonly Right[];
  readonly rightsCitation: string;
  /** Answering a request. The map's `responseTime` may make it earlier (a promise), never later. */
  readonly request: LawClock;
  /** Answering an appeal of a refusal, from receipt of the appeal; absent where the law has none. */
  readonly appeal?: LawClock;
  /**
   * Requests the law answers on a clock of their own and takes without verifying the person (the
   * CCPA's opt-outs); a request of any other type is verified first.
   */
  readonly optOut?: LawClock & { readonly types: readonly Right[] };
}

const GDPR_CLOCK = {
  response: { months: 1 },
  extension: { months: 2 },
  workingDayEnd: true,
} as const;

/** VCDPA family: 45 days of receipt, once extendable by 45 with the reason. */
const US_CLOCK = { response: { days: 45 }, extension: { days: 45 } } as const;

/**
 * The law catalog. Periods follow Reg. (EEC, Euratom) No 1182/71 for the GDPR (src/requests/clock.ts);
 * the US laws count calendar days.
 */
export const LAW_CATALOG: Readonly<Record<Law, LawFacts>> = {
  gdpr: {
    rights: GDPR_RIGHTS,
    rightsCitation: 'GDPR Art. 7(3), 15-22, 77',
    // One month of receipt, extendable by two further months; Reg. 1182/71 Art. 3(4): an end on
    // a weekend or public holiday moves to the next working day.
    request: { ...GDPR_CLOCK, citation: 'GDPR Art. 12(3); Reg. 1182/71 Art. 3(4)' },
  },
  'uk-gdpr': {
    rights: GDPR_RIGHTS,
    rightsCitation: 'UK GDPR Art. 7(3), 15-22, 77',
    // As the GDPR; the ICO counts to the next working day likewise.
    request: { ...GDPR_CLOCK, citation: 'UK GDPR Art. 12(3)' },
  },
  ccpa: {
    rights: [
      'know',
      'delete',
      'correct',
      'opt-out-sale',
      'opt-out-sharing',
      'limit-sensitive',
      'non-discrimination',
    ],
    rightsCitation: 'Cal. Civ. Code 1798.100-.125',
    // Confirm within 10 business days; answer within 45 calendar days, once extendable by 45
    // (90 in all) with notice.
    request: {
      ...US_CLOCK,
      acknowledgeBusinessDays: 10,
      citation: '11 CCR 7021(a)-(b); Cal. Civ. Code 1798.130(a)(2)',
    },
    // Opt-outs of sale or sharing and limits on sensitive data: honoured within 15 business days,
    // no extension; no verified identity (7026(d), 7027(e)).
    optOut: {
      response: { businessDays: 15 },
      extension: { days: 0 },
      types: ['opt-out-sale', 'limit-sensitive'],
      citation: '11 CCR 7026(d), 7026(f)(1), 7027(e), 7027(g)(1)',
    },
  },
  vcdpa: {
    rights: VCDPA_FAMILY_RIGHTS,
    rightsCitation: 'Va. Code 59.1-577, 59.1-578(C)',
    request: { ...US_CLOCK, citation: 'Va. Code 59.1-578(B)(1)' },
    // Within 60 days of receipt of an appeal, no extension.
    appeal: { response: { days: 60 }, extension: { days: 0 }, citation: 'Va. Code 59.1-578(C)' },
  },
  cpa: {
    rights: VCDPA_FAMILY_RIGHTS,
    rightsCitation: 'Colo. Rev. Stat. 6-1-1306',
    request: { ...US_CLOCK, citation: 'Colo. Rev. Stat. 6-1-1306(2)' },
    // Within 45 days, extendable by 60 further days.
    appeal: {
      response: { days: 45 },
      extension: { days: 60 },
      citation: 'Colo. Rev. Stat. 6-1-1306(3)(b)',
    },
  },
  ctdpa: {
    rights: VCDPA_FAMILY_RIGHTS,
    rightsCitation: 'Conn. Gen. Stat. 42-518',
    request: { ...US_CLOCK, citation: 'Conn. Gen. Stat. 42-518(c)(1)' },
    // Within 60 days of receipt of an appeal, no extension.
    appeal: {
      response: { days: 60 },
      extension: { days: 0 },
      citation: 'Conn. Gen. Stat. 42-518(d)',
    },
  },
  ucpa: {
    rights: ['know', 'delete', 'portability', 'opt-out-targeted-advertising', 'opt-out-sale'],
    rightsCitation: 'Utah Code 13-61-201',
    request: { ...US_CLOCK, citation: 'Utah Code 13-61-203' },
  },
};

/** The rights each law grants, in the order a notice lists them. */
export const RIGHTS_BY_LAW: Readonly<Record<Law, readonly Right[]>> = mapLaws(
  (facts) => facts.rights,
);

/** A period as an ISO 8601 duration (`P1M`, `P45D`), for the notice and the checker. */
export function isoPeriod(period: Period): string {
  if ('months' in period) return `P${period.months}M`;
  if ('days' in period) return `P${period.days}D`;
  // ISO 8601 has no business days; the notice says them in words.
  throw new RangeError('a period of business days has no ISO 8601 duration');
}

/** Statutory answer periods as ISO 8601 durations, for the notice and the checker. */
export const RESPONSE_PERIOD: Readonly<Record<Law, string>> = mapLaws((facts) =>
  isoPeriod(facts.request.response),
);

/** Whether a clock allows an extension. */
export function extendable(clock: LawClock): boolean {
  return !('days' in clock.extension && clock.extension.days === 0);
}

/** The rights a jurisdiction in the map grants: declared, or the law's full set. */
export function rightsOf(jurisdiction: Jurisdiction): readonly Right[] {
  return jurisdiction.rights ?? RIGHTS_BY_LAW[jurisdiction.law];
}

function mapLaws<T>(read: (facts: LawFacts) => T): Record<Law, T> {
  const entries = Object.entries(LAW_CATALOG) as [Law, LawFacts][];
  return Object.fromEntries(entries.map(([law, facts]) => [law, read(facts)])) as Record<Law, T>;
}

/** The period to answer an appeal as an ISO 8601 duration; undefined where the law has no appeal. */
export function appealPeriod(law: Law): string | undefined {
  const appeal = LAW_CATALOG[law].appeal;
  return appeal === undefined ? undefined : isoPeriod(appeal.response);
}
