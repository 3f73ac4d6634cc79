/**
 * What the notice commits the organisation to, and where each commitment comes from.
 *
 * Commitment = a sentence of the notice with legal weight ("exercising your rights is free of
 * charge"). Each one reads a field of the map; where the field is omitted the notice uses the
 * documented default below, and `check` reports that default as an assumption, so the author sees
 * every sentence the notice commits them to.
 */
import type { PathSegment } from './finding.js';
import { LAW_CATALOG, rightsOf } from './laws.js';
import type { Rule, RuleHit } from './rules.js';
import {
  LAWS,
  type DataMap,
  type Jurisdiction,
  type Law,
  type Purpose,
  type Recipient,
} from './schema.js';
import { isUsLaw, isWithinCategory } from './views.js';

/** The defaults the notice uses for omitted fields; docs/data-map.md lists them. */
export const COMMITMENT_DEFAULTS = {
  fee: 'none',
  recipientsInformed: true,
  confirmReceipt: true,
  authorisedAgents: true,
  gpc: false,
  minorsUnder16: false,
  targetedAdvertising: false,
} as const;

/**
 * The laws under which a controller must offer an appeal (Va. Code 59.1-578(C) and its copies):
 * those whose entry in the law catalog has an appeal clock.
 */
export const APPEAL_LAWS: readonly Law[] = LAWS.filter(
  (law) => LAW_CATALOG[law].appeal !== undefined,
);

/** Where each appeal duty is written. */
export const APPEAL_CITATION: Readonly<Partial<Record<Law, string>>> = {
  vcdpa: 'Va. Code 59.1-578(C)',
  cpa: 'Colo. Rev. Stat. 6-1-1306(3)',
  ctdpa: 'Conn. Gen. Stat. 42-518(d)',
};

/** Whether a law requires an appeal process, whatever the jurisdiction's rights list says. */
export function requiresAppeal(law: Law): boolean {
  return APPEAL_LAWS.includes(law);
}

/** Identifiers that let an advertising platform single a person out ("email, phone, device ids"). */
const ADVERTISING_IDENTIFIERS = [
  'contact.email',
  'contact.phone',
  'online.device-id',
  'online.cookie-id',
] as const;

/** A recipient that receives identifiers for advertising, and why the map says so. */
export interface AdvertisingDisclosure {
  readonly recipient: Recipient;
  /** The purpose that discloses, or undefined for a cookie or pixel the recipient sets. */
  readonly purpose?: Purpose;
  /** The identifiers received: category ids, or the cookie's name. */
  readonly identifiers: readonly string[];
}

/**
 * Advertising platforms (`recipients[].advertising`) that receive identifiers: from a purpose that
 * lists them with an identifier category, or through a cookie or pixel they set. Under the CCPA
 * that is sharing (Cal. Civ. Code 1798.140(ah)); under the VCDPA family, targeted advertising
 * (Va. Code 59.1-575), whatever `sale` says.
 */
export function advertisingDisclosures(map: DataMap): AdvertisingDisclosure[] {
  const found: AdvertisingDisclosure[] = [];
  for (const recipient of map.recipients) {
    if (recipient.advertising !== true) continue;
    for (const purpose of map.purposes) {
      if (!purpose.recipients.includes(recipient.id)) continue;
      const identifiers = purpose.categories.filter((category) => isIdentifier(map, category));
      if (identifiers.length > 0) found.push({ recipient, purpose, identifiers });
    }
    const cookies = map.cookies.filter((cookie) => cookie.provider === recipient.id);
    if (cookies.length > 0) {
      found.push({ recipient, identifiers: cookies.map((cookie) => cookie.name) });
    }
  }
  return found;
}

/** A category that is, or contains, an advertising identifier. */
function isIdentifier(map: DataMap, category: string): boolean {
  return ADVERTISING_IDENTIFIERS.some(
    (identifier) =>
      isWithinCategory(map, category, identifier) || isWithinCategory(map, identifier, category),
  );
}

/** What a US jurisdiction sells or shares, declared or inferred from advertising recipients. */
export interface EffectiveSale {
  readonly sells: boolean;
  /** CCPA sharing for cross-context behavioural advertising. */
  readonly shares: boolean;
  /** Targeted advertising under the VCDPA family. */
  readonly targetedAdvertising: boolean;
  readonly categories: readonly string[];
  readonly recipients: readonly string[];
  /** Advertising recipients that make the map share or advertise though `sale` does not say so. */
  readonly inferred: readonly AdvertisingDisclosure[];
}

/**
 * The sale, sharing and targeted advertising of a US jurisdiction: what `sale` declares, plus what
 * advertising recipients imply. Undefined when nothing is declared or implied.
 */
export function effectiveSale(map: DataMap, jurisdiction: Jurisdiction): EffectiveSale | undefined {
  const sale = jurisdiction.sale;
  const disclosures = advertisingDisclosures(map);
  // Cal. Civ. Code 1798.140(ah): sharing; Va. Code 59.1-575 and its copies: targeted advertising.
  const ccpa = jurisdiction.law === 'ccpa';
  const declared = ccpa ? sale?.shares === true : sale?.targetedAdvertising === true;
  const inferred = declared ? [] : disclosures;
  if (sale === undefined && disclosures.length === 0) return undefined;
  const extra = disclosures.map((disclosure) => disclosure.recipient.id);
  return {
    sells: sale?.sells ?? false,
    shares: (sale?.shares ?? false) || (ccpa && disclosures.length > 0),
    targetedAdvertising:
      (sale?.targetedAdvertising ?? COMMITMENT_DEFAULTS.targetedAdvertising) ||
      (!ccpa && disclosures.length > 0),
    categories: unique([
      ...(sale?.categories ?? []),
      ...disclosures.flatMap((disclosure) =>
        disclosure.purpose === undefined ? [] : disclosure.identifiers,
      ),
    ]),
    recipients: unique([...(sale?.recipients ?? []), ...extra]),
    inferred,
  };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

const isEuropean = (law: Law): boolean => law === 'gdpr' || law === 'uk-gdpr';

const assumed = (
  path: readonly PathSegment[],
  sentence: string,
  field: string,
  fallback: string,
): RuleHit => ({
  path,
  message: `the notice states "${sentence}" because ${field} is not declared (default: ${fallback}); declare it to confirm`,
});

/**
 * The sentences the notice states from a default. Each is an `assumption` finding of `check`, at
 * the place the fact would be declared.
 */
export const ASSUMPTION_RULES: readonly Rule[] = [
  {
    id: 'notice.fee',
    severity: 'assumption',
    law: 'GDPR Art. 12(5)',
    summary: 'The notice says exercising rights is free of charge unless `fee` says otherwise.',
    *check(map) {
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        if (isEuropean(jurisdiction.law) && jurisdiction.fee === undefined) {
          yield assumed(
            ['jurisdictions', j],
            'Exercising your rights is free of charge.',
            'fee',
            COMMITMENT_DEFAULTS.fee,
          );
        }
      }
    },
  },
  {
    id: 'notice.recipients-informed',
    severity: 'assumption',
    law: 'GDPR Art. 19',
    summary:
      'The notice says each recipient is told of a rectification, erasure or restriction unless `recipientsInformed` is declared.',
    *check(map) {
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        const rights = rightsOf(jurisdiction);
        if (
          isEuropean(jurisdiction.law) &&
          jurisdiction.recipientsInformed === undefined &&
          rights.some((right) => ['rectification', 'erasure', 'restriction'].includes(right))
        ) {
          yield assumed(
            ['jurisdictions', j],
            'We inform each recipient of any rectification, erasure or restriction…',
            'recipientsInformed',
            String(COMMITMENT_DEFAULTS.recipientsInformed),
          );
        }
      }
    },
  },
  {
    id: 'notice.identity-verification',
    severity: 'assumption',
    law: 'GDPR Art. 12(6)',
    summary:
      'The notice gives a standard sentence on confirming identity unless `identityVerification` says what is asked.',
    *check(map) {
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        if (isEuropean(jurisdiction.law) && jurisdiction.identityVerification === undefined) {
          yield assumed(
            ['jurisdictions', j],
            'If we have reasonable doubts about your identity, we may ask for the additional information needed to confirm it.',
            'identityVerification',
            'that sentence',
          );
        }
      }
    },
  },
  {
    id: 'notice.automated-decisions',
    severity: 'assumption',
    law: 'GDPR Art. 13(2)(f), 22',
    summary:
      'The notice says no decision with significant effect is solely automated, when no purpose declares one, unless `statements.solelyAutomatedDecisions` is declared.',
    *check(map) {
      if (map.statements.solelyAutomatedDecisions !== undefined) return;
      const declared = map.purposes.some(
        (purpose) =>
          purpose.automatedDecisions?.solelyAutomated === true &&
          purpose.automatedDecisions.significantEffect,
      );
      if (declared) return;
      yield assumed(
        ['statements'],
        'We do not take decisions about you based solely on automated processing…',
        'statements.solelyAutomatedDecisions',
        'false, as no purpose declares such decisions',
      );
    },
  },
  {
    id: 'notice.confirm-receipt',
    severity: 'assumption',
    law: '11 CCR 7021(a)',
    summary:
      'The notice says receipt of a CCPA request is confirmed within 10 business days unless `confirmReceipt` is declared.',
    *check(map) {
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        if (jurisdiction.law === 'ccpa' && jurisdiction.confirmReceipt === undefined) {
          yield assumed(
            ['jurisdictions', j],
            'We confirm receipt of a request to know, delete or correct within 10 business days.',
            'confirmReceipt',
            String(COMMITMENT_DEFAULTS.confirmReceipt),
          );
        }
      }
    },
  },
  {
    id: 'notice.authorised-agents',
    severity: 'assumption',
    law: '11 CCR 7063; Colo. Rev. Stat. 6-1-1306(1)(a)(II)',
    summary:
      'The notice says requests are accepted from authorised agents unless `authorisedAgents` is declared.',
    *check(map) {
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        if (isUsLaw(jurisdiction.law) && jurisdiction.authorisedAgents === undefined) {
          yield assumed(
            ['jurisdictions', j],
            'You may use an authorised agent to submit a request on your behalf…',
            'authorisedAgents',
            String(COMMITMENT_DEFAULTS.authorisedAgents),
          );
        }
      }
    },
  },
  {
    id: 'notice.gpc',
    severity: 'assumption',
    law: 'Cal. Civ. Code 1798.135(e)',
    summary:
      'The notice says Global Privacy Control signals are not honoured unless `gpc` is declared.',
    *check(map) {
      // The notice says GPC is honoured when any US jurisdiction says so.
      const us = map.jurisdictions.filter((jurisdiction) => isUsLaw(jurisdiction.law));
      if (us.some((jurisdiction) => jurisdiction.gpc === true)) return;
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        if (isUsLaw(jurisdiction.law) && jurisdiction.gpc === undefined) {
          yield assumed(
            ['jurisdictions', j],
            'We do not currently respond to Global Privacy Control (GPC) signals.',
            'gpc',
            String(COMMITMENT_DEFAULTS.gpc),
          );
        }
      }
    },
  },
  {
    id: 'notice.minors',
    severity: 'assumption',
    law: 'Cal. Civ. Code 1798.120(c)',
    summary:
      'The notice says no personal information of consumers under 16 is knowingly sold or shared unless `sale.minorsUnder16` is declared.',
    *check(map) {
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        if (!isUsLaw(jurisdiction.law) || effectiveSale(map, jurisdiction) === undefined) continue;
        if (jurisdiction.sale?.minorsUnder16 === undefined) {
          yield assumed(
            ['jurisdictions', j, ...(jurisdiction.sale === undefined ? [] : ['sale'])],
            'We have no actual knowledge that we sell or share personal information of consumers under 16 years of age.',
            'sale.minorsUnder16',
            String(COMMITMENT_DEFAULTS.minorsUnder16),
          );
        }
      }
    },
  },
  {
    id: 'notice.targeted-advertising',
    severity: 'assumption',
    law: 'Va. Code 59.1-578(D)',
    summary:
      'Under the VCDPA and its copies the notice says there is no targeted advertising unless `sale.targetedAdvertising` is declared.',
    *check(map) {
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        if (!isUsLaw(jurisdiction.law) || jurisdiction.law === 'ccpa') continue;
        const sale = effectiveSale(map, jurisdiction);
        if (sale === undefined || sale.targetedAdvertising) continue;
        if (jurisdiction.sale?.targetedAdvertising === undefined) {
          yield assumed(
            ['jurisdictions', j, ...(jurisdiction.sale === undefined ? [] : ['sale'])],
            'We do not process personal data for targeted advertising.',
            'sale.targetedAdvertising',
            String(COMMITMENT_DEFAULTS.targetedAdvertising),
          );
        }
      }
    },
  },
];
