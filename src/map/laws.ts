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

/** The rights each law grants, in the order a notice lists them. */
export const RIGHTS_BY_LAW: Readonly<Record<Law, readonly Right[]>> = {
  gdpr: GDPR_RIGHTS,
  'uk-gdpr': GDPR_RIGHTS,
  // Cal. Civ. Code 1798.100-.125
  ccpa: [
    'know',
    'delete',
    'correct',
    'opt-out-sale',
    'opt-out-sharing',
    'limit-sensitive',
    'non-discrimination',
  ],
  // Va. Code 59.1-577, 59.1-578(C)
  vcdpa: VCDPA_FAMILY_RIGHTS,
  // Colo. Rev. Stat. 6-1-1306
  cpa: VCDPA_FAMILY_RIGHTS,
  // Conn. Gen. Stat. 42-518
  ctdpa: VCDPA_FAMILY_RIGHTS,
  // Utah Code 13-61-201
  ucpa: ['know', 'delete', 'portability', 'opt-out-targeted-advertising', 'opt-out-sale'],
};

/** Statutory answer periods, for the notice; the requests module computes actual due dates. */
export const RESPONSE_PERIOD: Readonly<Record<Law, string>> = {
  gdpr: 'P1M', // GDPR Art. 12(3)
  'uk-gdpr': 'P1M',
  ccpa: 'P45D', // Cal. Civ. Code 1798.130(a)(2)
  vcdpa: 'P45D', // Va. Code 59.1-578(B)(1)
  cpa: 'P45D',
  ctdpa: 'P45D',
  ucpa: 'P45D',
};

/** The rights a jurisdiction in the map grants: declared, or the law's full set. */
export function rightsOf(jurisdiction: Jurisdiction): readonly Right[] {
  return jurisdiction.rights ?? RIGHTS_BY_LAW[jurisdiction.law];
}
