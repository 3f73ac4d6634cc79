/**
 * Countries, regions and the adequacy decisions that let personal data leave the EEA or the UK
 * without an Art. 46 safeguard. Adequacy is kept as dated data: each decision names its instrument.
 */

/** Every officially assigned ISO 3166-1 alpha-2 code (249). User-assigned codes such as XK are not. */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ ' +
    'BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ ' +
    'DE DJ DK DM DO DZ ' +
    'EC EE EG EH ER ES ET ' +
    'FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY ' +
    'HK HM HN HR HT HU ' +
    'ID IE IL IM IN IO IQ IR IS IT ' +
    'JE JM JO JP ' +
    'KE KG KH KI KM KN KP KR KW KY KZ ' +
    'LA LB LC LI LK LR LS LT LU LV LY ' +
    'MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ ' +
    'NA NC NE NF NG NI NL NO NP NR NU NZ ' +
    'OM ' +
    'PA PE PF PG PH PK PL PM PN PR PS PT PW PY ' +
    'QA ' +
    'RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ ' +
    'TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ ' +
    'UA UG UM US UY UZ ' +
    'VA VC VE VG VI VN VU ' +
    'WF WS ' +
    'YE YT ' +
    'ZA ZM ZW'
  ).split(' '),
);

/** The 27 EU member states (Greece is GR in ISO 3166-1, EL in EU usage). */
// prettier-ignore
export const EU_COUNTRIES: readonly string[] = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU',
  'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
];

/** The EEA: the EU plus Iceland, Liechtenstein and Norway, which apply the GDPR through the EEA Agreement. */
export const EEA_COUNTRIES: readonly string[] = [...EU_COUNTRIES, 'IS', 'LI', 'NO'];

/**
 * Parts of EU member states that have their own ISO code and where EU law, the GDPR included,
 * applies: Åland (TFEU Art. 355(4)) and the French outermost regions (TFEU Art. 349). Overseas
 * countries and territories (e.g. GL, NC, PF, BL) and Svalbard (SJ) are outside.
 */
const EU_TERRITORIES: readonly string[] = ['AX', 'GF', 'GP', 'MF', 'MQ', 'RE', 'YT'];

const EEA_SET: ReadonlySet<string> = new Set([...EEA_COUNTRIES, ...EU_TERRITORIES]);

export type Regime = 'gdpr' | 'uk-gdpr';

/** Adequacy decisions as dated data: GDPR Art. 45 (EU Commission) and UK GDPR Art. 45 / DPA 2018 s.17A (UK regulations). */
export interface AdequacyDecision {
  /** ISO 3166-1 alpha-2 code; for an international organisation (GDPR Art. 45(1)) a token such as 'EPO'. */
  readonly country: string;
  /** The date of the decision (EU) or the date the regulations came into force (UK), YYYY-MM-DD. */
  readonly since: string;
  /** Whom it covers: everyone, commercial organisations only, or only DPF-certified US organisations. */
  readonly scope?: 'commercial' | 'dpf-certified-only' | 'full';
  readonly note?: string;
  /** The legal instrument, e.g. 'Commission Implementing Decision (EU) 2023/1795'. */
  readonly instrument: string;
}

/** International organisations with an adequacy decision; not country codes. */
export const ADEQUATE_ORGANISATIONS: readonly string[] = ['EPO'];

// DPA 2018 Sch. 21 para. 5 kept, for the UK GDPR, the EEA, Gibraltar and the EU adequacy decisions
// in force at the end of the transition period (31 December 2020). Since the Data (Use and Access)
// Act 2025 these count as transfers approved by regulations under UK GDPR Art. 45A.
const UK_CARRIED_OVER =
  'DPA 2018 Sch. 21 para. 5 (EU adequacy decisions in force on 31 December 2020)';
const UK_EXIT_DAY = '2021-01-01';

/**
 * The adequacy decisions each regime's exporters can rely on. `asOf` is the date the list was last
 * checked against the Commission's decisions and the UK regulations; recheck when it ages.
 */
export const ADEQUACY: Readonly<
  Record<Regime, { readonly asOf: string; readonly decisions: readonly AdequacyDecision[] }>
> = {
  // GDPR Art. 45(3); decisions under Directive 95/46/EC Art. 25(6) stay in force by Art. 45(9).
  gdpr: {
    asOf: '2026-11-22',
    decisions: [
      {
        country: 'AD',
        since: '2010-10-19',
        scope: 'full',
        instrument: 'Commission Decision 2010/625/EU',
      },
      {
        country: 'AR',
        since: '2003-06-30',
        scope: 'full',
        instrument: 'Commission Decision 2003/490/EC',
      },
      {
        country: 'CA',
        since: '2001-12-20',
        scope: 'commercial',
        note: 'Recipients subject to PIPEDA.',
        instrument: 'Commission Decision 2002/2/EC',
      },
      {
        country: 'FO',
        since: '2010-03-05',
        scope: 'full',
        note: 'Recipients subject to the Faroese Act on Processing of Personal Data.',
        instrument: 'Commission Decision 2010/146/EU',
      },
      {
        country: 'GG',
        since: '2003-11-21',
        scope: 'full',
        instrument: 'Commission Decision 2003/821/EC',
      },
      {
        country: 'IL',
        since: '2011-01-31',
        scope: 'full',
        instrument: 'Commission Decision 2011/61/EU',
      },
      {
        country: 'IM',
        since: '2004-04-28',
        scope: 'full',
        instrument: 'Commission Decision 2004/411/EC',
      },
      {
        country: 'JP',
        since: '2019-01-23',
        scope: 'commercial',
        note: 'Personal information handling business operators under the APPI.',
        instrument: 'Commission Implementing Decision (EU) 2019/419',
      },
      {
        country: 'JE',
        since: '2008-05-08',
        scope: 'full',
        instrument: 'Commission Decision 2008/393/EC',
      },
      {
        country: 'NZ',
        since: '2012-12-19',
        scope: 'full',
        instrument: 'Commission Implementing Decision 2013/65/EU',
      },
      {
        country: 'KR',
        since: '2021-12-17',
        scope: 'full',
        note: 'Recipients subject to the Personal Information Protection Act.',
        instrument: 'Commission Implementing Decision (EU) 2022/254',
      },
      {
        country: 'CH',
        since: '2000-07-26',
        scope: 'full',
        instrument: 'Commission Decision 2000/518/EC',
      },
      {
        country: 'GB',
        since: '2021-06-28',
        scope: 'full',
        note: 'Renewed on 2025-12-19 until 2031-12-27. Excludes transfers for UK immigration control.',
        instrument: 'Commission Implementing Decision (EU) 2021/1772',
      },
      {
        country: 'UY',
        since: '2012-08-21',
        scope: 'full',
        instrument: 'Commission Implementing Decision 2012/484/EU',
      },
      {
        country: 'US',
        since: '2023-07-10',
        scope: 'dpf-certified-only',
        note: 'EU-US Data Privacy Framework: only organisations on the DPF list.',
        instrument: 'Commission Implementing Decision (EU) 2023/1795',
      },
      {
        country: 'EPO',
        since: '2025-07-15',
        scope: 'full',
        note: 'The European Patent Organisation, an international organisation.',
        instrument: 'Commission Implementing Decision (EU) 2025/1382',
      },
      {
        country: 'BR',
        since: '2026-01-26',
        scope: 'full',
        note: 'Recipients subject to the LGPD.',
        instrument: 'Commission Implementing Decision (EU) 2026/179',
      },
    ],
  },
  // UK GDPR Art. 45 and DPA 2018 s.17A (Art. 45A since the Data (Use and Access) Act 2025).
  'uk-gdpr': {
    asOf: '2026-11-22',
    decisions: [
      ...EEA_COUNTRIES.map((country): AdequacyDecision => ({
        country,
        since: UK_EXIT_DAY,
        scope: 'full',
        note: 'EEA state.',
        instrument: 'DPA 2018 Sch. 21 para. 5',
      })),
      { country: 'GI', since: UK_EXIT_DAY, scope: 'full', instrument: 'DPA 2018 Sch. 21 para. 5' },
      { country: 'AD', since: UK_EXIT_DAY, scope: 'full', instrument: UK_CARRIED_OVER },
      { country: 'AR', since: UK_EXIT_DAY, scope: 'full', instrument: UK_CARRIED_OVER },
      {
        country: 'CA',
        since: UK_EXIT_DAY,
        scope: 'commercial',
        note: 'Recipients subject to PIPEDA.',
        instrument: UK_CARRIED_OVER,
      },
      { country: 'FO', since: UK_EXIT_DAY, scope: 'full', instrument: UK_CARRIED_OVER },
      { country: 'GG', since: UK_EXIT_DAY, scope: 'full', instrument: UK_CARRIED_OVER },
      { country: 'IL', since: UK_EXIT_DAY, scope: 'full', instrument: UK_CARRIED_OVER },
      { country: 'IM', since: UK_EXIT_DAY, scope: 'full', instrument: UK_CARRIED_OVER },
      {
        country: 'JP',
        since: UK_EXIT_DAY,
        scope: 'commercial',
        note: 'Data subject to the APPI.',
        instrument: UK_CARRIED_OVER,
      },
      { country: 'JE', since: UK_EXIT_DAY, scope: 'full', instrument: UK_CARRIED_OVER },
      { country: 'NZ', since: UK_EXIT_DAY, scope: 'full', instrument: UK_CARRIED_OVER },
      { country: 'CH', since: UK_EXIT_DAY, scope: 'full', instrument: UK_CARRIED_OVER },
      { country: 'UY', since: UK_EXIT_DAY, scope: 'full', instrument: UK_CARRIED_OVER },
      {
        country: 'KR',
        since: '2022-12-19',
        scope: 'full',
        note: 'Recipients subject to the Personal Information Protection Act.',
        instrument:
          'The Data Protection (Adequacy) (Republic of Korea) Regulations 2022 (SI 2022/1213)',
      },
      {
        country: 'US',
        since: '2023-10-12',
        scope: 'dpf-certified-only',
        note: 'UK Extension to the EU-US Data Privacy Framework: only organisations certified for it.',
        instrument:
          'The Data Protection (Adequacy) (United States of America) Regulations 2023 (SI 2023/1028)',
      },
    ],
  },
};

/** Whether `code` is an officially assigned ISO 3166-1 alpha-2 code, in capitals. */
export function isCountryCode(code: string): boolean {
  return COUNTRY_CODES.has(code);
}

/** Whether the GDPR applies in `code` as home territory: an EEA state or an EU territory with its own code. */
export function isInEea(code: string): boolean {
  return EEA_SET.has(code);
}

/** The adequacy decision `regime` has for `country`, if any (the free-flow area has none). */
export function adequacyDecision(regime: Regime, country: string): AdequacyDecision | undefined {
  return ADEQUACY[regime].decisions.find((decision) => decision.country === country);
}

/**
 * Whether data may flow from `regime` territory to `country` without an Art. 46 safeguard. US is
 * adequate only for DPF-certified recipients: pass dpfCertified. A decision limited to commercial
 * organisations counts as adequate; its `scope` tells the reader the limit.
 */
export function isAdequate(
  regime: Regime,
  country: string,
  options: { dpfCertified?: boolean } = {},
): boolean {
  // GDPR Art. 1(3) and the EEA Agreement: no transfer within the EEA. UK GDPR: the UK is home.
  if (isInEea(country) || (regime === 'uk-gdpr' && country === 'GB')) return true;
  const decision = adequacyDecision(regime, country);
  if (decision === undefined) return false;
  // GDPR Art. 45(1): the DPF decision covers only organisations on the DPF list.
  return decision.scope === 'dpf-certified-only' ? options.dpfCertified === true : true;
}

const displayNames = new Map<string, Intl.DisplayNames>();

/** The name of a country in `language` (`countryName('BE', 'nl')` is 'België'); the code if unknown. */
export function countryName(code: string, language: 'en' | 'nl' | 'fr' | 'de'): string {
  if (!isCountryCode(code)) return code;
  let names = displayNames.get(language);
  if (names === undefined) {
    names = new Intl.DisplayNames([language], { type: 'region', fallback: 'code' });
    displayNames.set(language, names);
  }
  return names.of(code) ?? code;
}

/** Region tokens usable in the data map besides country codes: 'EU', 'EEA'. Unknown tokens expand to nothing. */
export function expandRegion(token: string): readonly string[] {
  if (token === 'EU') return EU_COUNTRIES;
  if (token === 'EEA') return EEA_COUNTRIES;
  return isCountryCode(token) ? [token] : [];
}
