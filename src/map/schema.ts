/**
 * The schema of `privacy.yaml`. Types are inferred from it, and it is exported as JSON Schema
 * (`custodian schema`) so editors complete and check the file.
 *
 * Closed lists of the law are enums; countries are ISO 3166-1 alpha-2 codes; durations are ISO 8601.
 * References between sections are ids (lower-kebab); `map.check` resolves them.
 */
import { z } from 'zod';
import { ISO_DURATION } from './duration.js';
import { COUNTRY_CODES } from './geography.js';
import { SPECIAL_CATEGORY_KINDS } from './taxonomy.js';

export const LANGUAGES = ['en', 'nl', 'fr', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

const id = z
  .string()
  .regex(
    /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/,
    'must be lower-case letters, digits, "-" or "." (e.g. "crm-hosting")',
  )
  .describe('An id, referenced from other sections.');

const ref = z.string().min(1).describe('The id of an item declared elsewhere in the map.');
const refs = z.array(ref);

/** Free text: one string, or one per language. */
export const Text = z
  .union([
    z.string().min(1),
    z
      .strictObject({
        en: z.string().min(1).optional(),
        nl: z.string().min(1).optional(),
        fr: z.string().min(1).optional(),
        de: z.string().min(1).optional(),
      })
      .refine((text) => Object.keys(text).length > 0, 'give the text in at least one language'),
  ])
  .describe('Free text: one string, or an object with one string per language (en, nl, fr, de).');
export type Text = z.infer<typeof Text>;

const COUNTRY_LIST = [...COUNTRY_CODES].sort() as [string, ...string[]];

export const Country = z
  .enum(COUNTRY_LIST, {
    error: 'must be an ISO 3166-1 alpha-2 country code in capitals (e.g. "BE", "US")',
  })
  .describe('ISO 3166-1 alpha-2 country code.');

/** A country code or a region token that expands to countries. */
export const Place = z
  .enum([...COUNTRY_LIST, 'EU', 'EEA'], {
    error: 'must be an ISO 3166-1 alpha-2 country code in capitals, "EU" or "EEA"',
  })
  .describe('ISO 3166-1 alpha-2 country code, or the region "EU" or "EEA".');

export const Duration = z
  .string()
  .regex(ISO_DURATION, 'must be an ISO 8601 duration (e.g. "P2Y", "P6M", "P30D", "PT72H")')
  .describe('ISO 8601 duration.');

/** A promised deadline: a duration, or the law's open standard where no number is promised. */
const Deadline = z
  .union([Duration, z.enum(['without-undue-delay', 'reasonable-time'])])
  .describe('An ISO 8601 duration, "without-undue-delay" or "reasonable-time".');

const IsoDate = z
  .union([z.iso.date(), z.date().transform((date) => date.toISOString().slice(0, 10))])
  .describe('A calendar date, YYYY-MM-DD.');

const Email = z.email('must be an email address');
const Url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

export const Address = z.strictObject({
  street: z.string().min(1),
  postalCode: z.string().min(1).optional(),
  city: z.string().min(1),
  region: z.string().min(1).optional().describe('State, province or county.'),
  country: Country,
});
export type Address = z.infer<typeof Address>;

const Contact = z.strictObject({
  email: Email.optional(),
  phone: z.string().min(3).optional(),
  url: Url.optional(),
  address: Address.optional(),
  attention: z
    .string()
    .optional()
    .describe('Team or person named on postal mail ("attn. Data Protection Team").'),
});

// GDPR Art. 6(1)(a)-(f)
export const LEGAL_BASES = [
  'consent',
  'contract',
  'legal-obligation',
  'vital-interests',
  'public-task',
  'legitimate-interests',
] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

// GDPR Art. 9(2)(a)-(j)
export const ART9_CONDITIONS = [
  'explicit-consent',
  'employment-social-security',
  'vital-interests',
  'not-for-profit-body',
  'made-public-by-subject',
  'legal-claims',
  'substantial-public-interest',
  'health-or-social-care',
  'public-health',
  'archiving-research-statistics',
] as const;

export const SOURCE_TYPES = ['data-subject', 'automatic', 'third-party', 'public'] as const;

export const RETENTION_EVENTS = [
  'collection',
  'last-interaction',
  'contract-end',
  'account-closure',
  'consent-withdrawal',
  'request-closure',
  'end-of-financial-year',
  'event',
] as const;

export const RECIPIENT_TYPES = [
  'processor',
  'joint-controller',
  'controller',
  'authority',
  'group-company',
] as const;

// GDPR Art. 45-49
export const TRANSFER_MECHANISMS = [
  'adequacy',
  'scc',
  'uk-idta',
  'dpf',
  'bcr',
  'code-of-conduct',
  'certification',
  'derogation',
] as const;

// GDPR Art. 49(1)(a)-(g)
export const DEROGATIONS = [
  'explicit-consent',
  'contract-with-subject',
  'contract-in-subject-interest',
  'public-interest',
  'legal-claims',
  'vital-interests',
  'public-register',
  // Art. 49(1) second subparagraph: not repetitive, limited subjects, compelling legitimate interests
  'compelling-legitimate-interests',
] as const;

export const CHANNEL_TYPES = [
  'email',
  'web-form',
  'privacy-center',
  'postal',
  'phone',
  'toll-free-phone',
  'unsubscribe-link',
  'account-settings',
  'cookie-banner',
  'in-person',
] as const;

export const LAWS = ['gdpr', 'uk-gdpr', 'ccpa', 'vcdpa', 'cpa', 'ctdpa', 'ucpa'] as const;
export type Law = (typeof LAWS)[number];
export const US_LAWS: readonly Law[] = ['ccpa', 'vcdpa', 'cpa', 'ctdpa', 'ucpa'];

export const RIGHTS = [
  // GDPR Art. 7(3), 15-22, 77
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'objection',
  'withdraw-consent',
  'automated-decisions',
  'complaint',
  // US state laws
  'know',
  'delete',
  'correct',
  'opt-out-sale',
  'opt-out-sharing',
  'opt-out-targeted-advertising',
  'opt-out-profiling',
  'limit-sensitive',
  'non-discrimination',
  'appeal',
] as const;
export type Right = (typeof RIGHTS)[number];

export const SECURITY_MEASURES = [
  'encryption-in-transit',
  'encryption-at-rest',
  'access-control',
  'authentication',
  'network-security',
  'logging-monitoring',
  'backup',
  'pseudonymisation',
  'confidentiality-agreements',
  'training',
  'physical-security',
  'vendor-management',
  'incident-response',
  'testing',
  'other',
] as const;

const Representative = z.strictObject({
  name: z.string().min(1),
  contact: Contact,
});

const Territory = z
  .strictObject({
    include: z.array(Place).min(1).optional().describe('Where this controller is responsible.'),
    exclude: z.array(Place).optional().describe('Exceptions to include.'),
    default: z
      .boolean()
      .optional()
      .describe(
        'Responsible everywhere no other controller is (seed: "all countries except the US").',
      ),
  })
  .describe('The people this controller is responsible for, by where they live.');

export const Controller = z.strictObject({
  id,
  legalName: z.string().min(1),
  tradingName: z.string().min(1).optional(),
  address: Address,
  companyNumber: z.string().min(1).optional(),
  vatNumber: z.string().min(1).optional(),
  contact: Contact,
  territory: Territory.optional(),
  dpo: Representative.extend({ name: z.string().min(1).optional() })
    .optional()
    .describe('GDPR Art. 37-39: data protection officer.'),
  euRepresentative: Representative.optional().describe(
    'GDPR Art. 27: required when the controller is established outside the EU.',
  ),
  ukRepresentative: Representative.optional().describe('UK GDPR Art. 27.'),
  supervisoryAuthority: ref.optional().describe('The id of the competent supervisory authority.'),
});
export type Controller = z.infer<typeof Controller>;

const Authority = z.strictObject({
  id,
  name: Text,
  country: Country,
  address: Address.optional(),
  email: Email.optional(),
  phone: z.string().optional(),
  url: Url,
});

const ProcessorActivity = z.strictObject({
  id,
  name: Text,
  description: Text.optional().describe('GDPR Art. 30(2)(b): categories of processing.'),
  controllers: Text.describe(
    'The controllers on whose behalf this is done (e.g. "our customers").',
  ),
  subjects: Text.optional(),
  categories: refs.optional(),
  subProcessors: refs.default([]).describe('Recipient ids engaged for this activity.'),
});

const Processor = z
  .strictObject({
    description: Text.describe('What the organisation does as a processor, for whom.'),
    entities: refs
      .optional()
      .describe('Controller ids of the legal entities that act as processor; all when omitted.'),
    agreement: Text.optional().describe('GDPR Art. 28(3): the contract governing it.'),
    activities: z.array(ProcessorActivity).min(1),
    commitments: z
      .strictObject({
        breachNotice: Deadline.optional().describe(
          'GDPR Art. 33(2): notice to the customer within.',
        ),
        requestForwarding: Deadline.optional().describe(
          'Forward data-subject requests to the customer within.',
        ),
        endOfContract: z
          .enum(['delete', 'return', 'delete-or-return'])
          .optional()
          .describe('GDPR Art. 28(3)(g).'),
        auditResponseWorkdays: z
          .number()
          .int()
          .positive()
          .optional()
          .describe("Working days to answer a customer's audit request."),
        auditRemediationWorkdays: z
          .number()
          .int()
          .positive()
          .optional()
          .describe(
            'Working days, after an audit finds a breach of obligations, to tell the customer what will be fixed.',
          ),
        transfersOutsideEea: z.enum(['never', 'with-permission', 'with-safeguards']).optional(),
        subProcessorChanges: z
          .strictObject({
            noticeDays: z.number().int().nonnegative(),
            objection: z.boolean().default(true),
          })
          .optional()
          .describe('GDPR Art. 28(2): notice of changes and a chance to object.'),
      })
      .default({}),
  })
  .describe(
    'Present when the organisation also processes data on behalf of its customers (Art. 28, 30(2)).',
  );

const Organisation = z.strictObject({
  name: z.string().min(1).describe('The name people know the organisation by.'),
  description: Text.optional(),
  website: Url.optional(),
  controllers: z.array(Controller).min(1),
  processor: Processor.optional(),
});

const Subject = z.strictObject({
  id,
  name: Text,
  description: Text.optional(),
  children: z
    .boolean()
    .default(false)
    .describe('Whether this group includes children (GDPR Art. 8).'),
});

const Category = z.strictObject({
  id,
  name: Text,
  description: Text.optional(),
  parent: ref.optional().describe('A built-in or declared category this one refines.'),
  dpv: z
    .string()
    .regex(/^[a-z-]+:[A-Za-z0-9]+$/, 'must be a CURIE such as "pd:Professional"')
    .optional(),
  special: z.enum(SPECIAL_CATEGORY_KINDS).optional().describe('GDPR Art. 9(1) special category.'),
  ccpaSensitive: z.boolean().optional().describe('Cal. Civ. Code 1798.140(ae).'),
});

const Source = z.strictObject({
  id,
  name: Text,
  type: z
    .enum(SOURCE_TYPES)
    .describe('GDPR Art. 14: from the person, observed automatically, or from others.'),
  description: Text.optional(),
  publiclyAccessible: z.boolean().optional().describe('GDPR Art. 14(2)(f).'),
});

const RetentionHold = z
  .strictObject({
    basis: z
      .string()
      .min(1)
      .describe(
        'The law that requires the data to be kept, e.g. "BE WIB 92 art. 315"; datastore collection holds with the same hold.basis enforce it.',
      ),
  })
  .describe(
    'GDPR Art. 17(3)(b): the data is kept because a law requires it, for as long as it does.',
  );

const Retention = z
  .union([
    z.strictObject({
      duration: Duration,
      from: z.enum(RETENTION_EVENTS),
      event: Text.optional().describe('Describes the starting event when from is "event".'),
      reason: Text.optional(),
      thenAnonymise: z
        .boolean()
        .optional()
        .describe('Anonymised instead of deleted where deletion is not possible.'),
      legalHold: RetentionHold.optional(),
    }),
    z.strictObject({
      criteria: z
        .array(Text)
        .min(1)
        .describe('GDPR Art. 13(2)(a): the criteria used to determine the period.'),
      maximum: Duration.optional().describe(
        'GDPR Art. 5(1)(e): the longest the data is kept, whatever the criteria say; required unless legalHold names the law.',
      ),
      thenAnonymise: z
        .boolean()
        .optional()
        .describe('Anonymised instead of deleted where deletion is not possible.'),
      reason: Text.optional(),
      legalHold: RetentionHold.optional(),
    }),
  ])
  .describe('GDPR Art. 13(2)(a): how long, or the criteria that decide it.');

const AutomatedDecisions = z
  .strictObject({
    profiling: z.boolean().describe('GDPR Art. 4(4).'),
    solelyAutomated: z.boolean().describe('Decisions without human involvement.'),
    significantEffect: z
      .boolean()
      .describe('GDPR Art. 22(1): legal or similarly significant effects.'),
    logic: Text.describe('GDPR Art. 13(2)(f): meaningful information about the logic involved.'),
    significance: Text,
    consequences: Text,
    exception: z
      .enum(['contract', 'authorised-by-law', 'explicit-consent'])
      .optional()
      .describe('GDPR Art. 22(2)(a)-(c), when solely automated with significant effect.'),
    safeguards: Text.optional().describe('GDPR Art. 22(3): human review, contest.'),
    inspect: Url.optional().describe('Where a person can see and change what was inferred.'),
  })
  .describe('GDPR Art. 13(2)(f), 22.');

const Requirement = z
  .strictObject({
    type: z.enum(['none', 'statutory', 'contractual', 'contract-prerequisite']),
    consequences: Text.optional().describe('What happens if the person does not provide the data.'),
  })
  .describe('GDPR Art. 13(2)(e).');

export const Purpose = z.strictObject({
  id,
  name: Text,
  description: Text,
  subjects: refs.min(1),
  categories: refs.min(1),
  sources: refs.default([]),
  legalBasis: z.enum(LEGAL_BASES).optional().describe('GDPR Art. 6(1).'),
  legitimateInterest: z
    .strictObject({
      interest: Text,
      balancing: Text.describe(
        "Why the interest is not overridden by the person's interests or rights.",
      ),
    })
    .optional()
    .describe('GDPR Art. 6(1)(f), 13(1)(d).'),
  legalObligation: Text.optional().describe('The law that requires the processing (Art. 6(1)(c)).'),
  consent: z
    .strictObject({
      withdrawal: refs
        .min(1)
        .describe('Channel ids through which consent is withdrawn (Art. 7(3)).'),
      explicit: z.boolean().optional().describe('Explicit consent (Art. 9(2)(a), 49(1)(a)).'),
    })
    .optional(),
  softOptIn: z
    .strictObject({
      subjects: refs.min(1),
      interest: Text,
      balancing: Text,
    })
    .optional()
    .describe(
      'ePrivacy Directive Art. 13(2) soft opt-in: on a consent-based direct-marketing purpose, these subjects (existing customers) receive similar offers under legitimate interest instead, until they object.',
    ),
  special: z
    .strictObject({
      condition: z.enum(ART9_CONDITIONS),
      details: Text.optional(),
    })
    .optional()
    .describe('GDPR Art. 9(2) condition for special categories.'),
  retention: Retention.optional(),
  recipients: refs.default([]),
  directMarketing: z.boolean().default(false),
  objection: refs.optional().describe('Channel ids for objecting (GDPR Art. 21).'),
  automatedDecisions: AutomatedDecisions.optional(),
  requirement: Requirement.optional(),
  controllers: refs.optional().describe('Controller ids; all controllers when omitted.'),
  restrictionExemption: z
    .enum(['storage', 'legal-claims', 'rights-of-others', 'public-interest'])
    .optional()
    .describe(
      'GDPR Art. 18(2): the ground on which this purpose may go on while a person has restricted processing.',
    ),
});
export type Purpose = z.infer<typeof Purpose>;

const Transfer = z.strictObject({
  mechanism: z.enum(TRANSFER_MECHANISMS),
  additional: z
    .array(z.enum(TRANSFER_MECHANISMS))
    .optional()
    .describe('Further mechanisms relied on as fallback (e.g. SCCs beside the DPF).'),
  derogation: z
    .enum(DEROGATIONS)
    .optional()
    .describe('GDPR Art. 49(1) ground when mechanism is derogation.'),
  tia: z
    .union([z.boolean(), IsoDate])
    .optional()
    .describe('Whether (or the date when) a transfer impact assessment was done.'),
  ukAddendum: z
    .boolean()
    .optional()
    .describe('SCCs used with the UK Addendum, so they also cover UK GDPR transfers.'),
  supplementaryMeasures: Text.optional(),
  copy: Text.optional().describe('How to obtain a copy of the safeguards (Art. 13(1)(f)).'),
});

export const Recipient = z.strictObject({
  id,
  name: Text,
  legalName: z.string().min(1).optional(),
  type: z.enum(RECIPIENT_TYPES),
  category: z
    .boolean()
    .default(false)
    .describe('A category of recipients ("IT service providers") rather than one named company.'),
  service: Text.describe('What the recipient does with the data.'),
  condition: Text.optional().describe(
    'When disclosure happens ("only where the law requires it").',
  ),
  countries: z
    .strictObject({
      processing: z.array(Place).min(1),
      storage: z.array(Place).optional().describe('Defaults to the processing countries.'),
    })
    .optional()
    .describe('Where the recipient processes and stores data.'),
  dpa: z
    .strictObject({
      signed: z.boolean(),
      date: IsoDate.optional(),
    })
    .optional()
    .describe('GDPR Art. 28(3): data processing agreement.'),
  dpfCertified: z
    .boolean()
    .optional()
    .describe('Listed as active on the EU-US Data Privacy Framework.'),
  transfer: Transfer.optional().describe(
    'GDPR Art. 44-49: safeguard for processing outside the EEA.',
  ),
  arrangement: Text.optional().describe(
    'GDPR Art. 26(2): the essence of the joint-controller arrangement.',
  ),
  controllers: refs
    .optional()
    .describe(
      'Controller ids that disclose to this recipient; all when omitted. Transfer rules of a regime apply only to disclosures by controllers answering under it.',
    ),
  advertising: z
    .boolean()
    .optional()
    .describe(
      'An advertising platform that uses what it receives for advertising (custom audiences, conversion tracking, retargeting). Receiving identifiers, it makes the map share (Cal. Civ. Code 1798.140(ah)) and process for targeted advertising (Va. Code 59.1-575).',
    ),
  url: Url.optional(),
});
export type Recipient = z.infer<typeof Recipient>;

const Channel = z.strictObject({
  id,
  type: z.enum(CHANNEL_TYPES),
  label: Text.optional(),
  email: Email.optional(),
  url: Url.optional(),
  phone: z.string().optional(),
  address: Address.optional(),
  attention: z.string().optional(),
});

const Sale = z.strictObject({
  sells: z.boolean().describe('Cal. Civ. Code 1798.140(ad).'),
  shares: z
    .boolean()
    .describe('Cal. Civ. Code 1798.140(ah): cross-context behavioural advertising.'),
  targetedAdvertising: z
    .boolean()
    .optional()
    .describe(
      'Va. Code 59.1-575. The notice says there is none when omitted; check shows that as an assumption.',
    ),
  categories: refs.default([]).describe('Category ids sold or shared.'),
  recipients: refs.default([]).describe('Recipient ids they are sold or shared to.'),
  optOut: refs.optional().describe('Channel ids for the opt-out ("Do Not Sell or Share").'),
  minorsUnder16: z
    .boolean()
    .optional()
    .describe(
      'Cal. Civ. Code 1798.120(c): whether data of consumers under 16 is sold or shared. The notice says it is not when omitted; check shows that as an assumption.',
    ),
});

export const Jurisdiction = z.strictObject({
  law: z.enum(LAWS),
  controller: ref.optional().describe('The controller responsible under this law.'),
  rights: z.array(z.enum(RIGHTS)).optional().describe('Defaults to every right the law grants.'),
  channels: refs.min(1).describe('Channel ids to exercise rights.'),
  responseTime: Duration.optional().describe('A promise shorter than the law (e.g. "P30D").'),
  fee: z
    .enum(['none', 'reasonable-if-excessive'])
    .optional()
    .describe(
      'GDPR Art. 12(5). The notice says exercising rights is free of charge when omitted ("none"); check shows that as an assumption.',
    ),
  identityVerification: Text.optional().describe(
    'GDPR Art. 12(6): what is asked to confirm identity. The notice gives a standard sentence when omitted; check shows that as an assumption.',
  ),
  recipientsInformed: z
    .boolean()
    .optional()
    .describe(
      'GDPR Art. 19: each recipient is told of a rectification, erasure or restriction. Assumed true when omitted (check shows the assumption); false is an error, as the duty cannot be declined.',
    ),
  confirmReceipt: z
    .boolean()
    .optional()
    .describe(
      'CCPA (11 CCR 7021(a)): receipt of a request to know, delete or correct is confirmed within 10 business days. Assumed true when omitted (check shows the assumption); false is an error.',
    ),
  authorisedAgents: z
    .boolean()
    .optional()
    .describe(
      'US state laws (11 CCR 7063; Colo. Rev. Stat. 6-1-1306(1)(a)(II)): requests are accepted from an authorised agent. Assumed true when omitted (check shows the assumption); false is an error under the CCPA.',
    ),
  doNotTrack: z
    .boolean()
    .optional()
    .describe(
      'Whether browser Do Not Track signals are honoured; the notice says so either way (Cal. Bus. & Prof. Code 22575(b)(5)).',
    ),
  sale: Sale.optional(),
  gpc: z.boolean().optional().describe('Whether Global Privacy Control is honoured as an opt-out.'),
  sensitiveUse: z
    .enum(['none', 'limited-to-permitted', 'beyond-permitted'])
    .optional()
    .describe('CCPA 1798.121: use of sensitive personal information.'),
  limitUse: refs
    .optional()
    .describe(
      'Channel ids for "Limit the Use of My Sensitive Personal Information"; required when sensitiveUse is beyond-permitted (Cal. Civ. Code 1798.121, 1798.135; 11 CCR 7027).',
    ),
  appeal: refs
    .optional()
    .describe(
      'Channel ids for appeals; required under VCDPA, CPA and CTDPA whatever rights says (Va. Code 59.1-578(C); Colo. Rev. Stat. 6-1-1306(3); Conn. Gen. Stat. 42-518(d)).',
    ),
  financialIncentives: Text.optional().describe('11 CCR 7016.'),
});
export type Jurisdiction = z.infer<typeof Jurisdiction>;

const Cookie = z.strictObject({
  name: z.string().min(1),
  provider: z.string().min(1).describe('Who sets it: the organisation or the company named.'),
  purpose: ref.describe('The purpose id it serves.'),
  strictlyNecessary: z
    .boolean()
    .default(false)
    .describe(
      'ePrivacy Directive Art. 5(3): needed for the service the person asked for, so exempt from consent.',
    ),
  description: Text.optional(),
  duration: z
    .union([Duration, z.literal('session'), z.literal('none')])
    .describe(
      'How long it stays on the device: a duration, "session", or "none" for a pixel that stores nothing.',
    ),
  party: z.enum(['first', 'third']),
  type: z.enum(['cookie', 'local-storage', 'session-storage', 'pixel', 'sdk']).default('cookie'),
});

const Security = z.strictObject({
  measures: z
    .array(
      z.strictObject({
        type: z.enum(SECURITY_MEASURES),
        description: Text.optional(),
      }),
    )
    .min(1)
    .describe('GDPR Art. 30(1)(g), 32.'),
  statement: Text.optional(),
});

const Residency = z.strictObject({
  id,
  within: z.array(Place).min(1).describe('Countries or regions the data stays in.'),
  scope: z.enum(['storage', 'processing']).default('processing'),
  categories: refs.optional().describe('Category ids it covers; all when omitted.'),
  statement: Text.optional(),
});

const Statements = z.strictObject({
  specialCategories: z
    .strictObject({
      processed: z.boolean(),
      onReceipt: z
        .enum(['delete', 'keep'])
        .optional()
        .describe('What happens when such data is received anyway.'),
      statement: Text.optional(),
    })
    .optional(),
  children: z
    .strictObject({
      collected: z.boolean(),
      minimumAge: z
        .number()
        .int()
        .min(13)
        .max(16)
        .optional()
        .describe(
          'GDPR Art. 8(1): the age of digital consent, 16 or as low as 13 where national law says so.',
        ),
      statement: Text.optional(),
    })
    .optional(),
  sale: z
    .strictObject({
      sells: z.boolean(),
      rents: z.boolean().default(false),
      statement: Text.optional(),
    })
    .optional()
    .describe(
      'A promise about selling or renting personal data that holds everywhere, not only under US law.',
    ),
  solelyAutomatedDecisions: z
    .boolean()
    .optional()
    .describe(
      'GDPR Art. 22: whether any decision with legal or similarly significant effect is taken solely by automated processing. When omitted the notice says none is, if no purpose declares one; check shows that as an assumption.',
    ),
  suppressionAfterErasure: z
    .boolean()
    .optional()
    .describe('Erased people go on a suppression list so they are never contacted again.'),
  changes: z
    .strictObject({
      notify: z.boolean(),
      sendCopy: z.boolean().optional().describe('People are sent a copy of the updated notice.'),
      how: Text.optional(),
    })
    .optional()
    .describe('How people learn of changes to the notice.'),
});

const Section = z.strictObject({
  id,
  title: Text,
  body: Text,
});

const Notice = z.strictObject({
  version: z.union([z.string().min(1), z.number()]).transform(String),
  effectiveDate: IsoDate,
  languages: z.array(z.enum(LANGUAGES)).min(1),
  scope: Text.optional().describe('What the notice covers (websites, services).'),
  related: z
    .array(z.strictObject({ title: Text, url: Url }))
    .default([])
    .describe('Related documents: cookie policy, terms.'),
  sections: z.array(Section).default([]).describe('Further statements the notice must carry.'),
});

/** How a field or row is made to no longer identify the person (GDPR Art. 17, CCPA 1798.105). */
export const ERASE_STRATEGIES = ['delete', 'null', 'mask', 'hash', 'generalise', 'keep'] as const;
export type EraseStrategy = (typeof ERASE_STRATEGIES)[number];

/** A column (or API field) name as the datastore spells it; quoted, never interpolated raw. */
const columnName = z
  .string()
  .regex(/^[A-Za-z_][\w$]{0,62}$/, 'must be a plain column name (letters, digits, _ or $)')
  .describe('A column name as the database spells it.');

/** What identifies a person in a field: the ledger's kinds, or the company's own (`customer-id`). */
const IdentityKindName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]*$/,
    'must be lower-case letters, digits or "-" (e.g. "email", "customer-id")',
  )
  .describe('The kind of identifier a field holds: email, phone, account, or a kind of your own.');

/** How a field purged of special categories is handled: findings reviewed, or also redacted at once. */
export const PURGE_MODES = ['review', 'automatic'] as const;
export type PurgeMode = (typeof PURGE_MODES)[number];

/**
 * `specialCategories: purge` on a free-text field: new rows are scanned on arrival for special
 * categories of data (GDPR Art. 9(1)) and criminal data (Art. 10); findings go to a review list.
 * `{ purge: automatic }` also redacts the passages found at once (docs/discovery-special.md).
 */
const FieldSpecialCategories = z
  .union([
    z.literal('purge'),
    z.strictObject({
      purge: z
        .enum(PURGE_MODES)
        .describe(
          '"review": findings are listed for an operator to redact or dismiss; "automatic": the passages found are also redacted at once.',
        ),
    }),
  ])
  .describe(
    '"purge" (the same as { purge: review }) or { purge: automatic }: scan new rows of this free-text field for special categories of data (GDPR Art. 9(1), 10), to delete them on receipt.',
  );

const DatastoreField = z.strictObject({
  name: columnName,
  identity: IdentityKindName.optional().describe(
    'This field identifies a person: requests start from it, and values found here are looked up in every field of the same kind.',
  ),
  categories: refs.default([]).describe('The data categories the field holds.'),
  erase: z
    .enum(ERASE_STRATEGIES)
    .exclude(['delete'])
    .optional()
    .describe(
      'How this field is erased when its row is kept (collection erase "update" or held parents).',
    ),
  generalise: z
    .strictObject({
      to: z.enum(['year', 'month', 'prefix', 'round']),
      keep: z
        .number()
        .int()
        .min(0)
        .optional()
        .describe('"prefix": characters kept; "round": digits.'),
    })
    .optional()
    .describe('For erase "generalise": what is kept.'),
  rectifiable: z
    .boolean()
    .default(true)
    .describe('GDPR Art. 16: whether a request may correct it.'),
  specialCategories: FieldSpecialCategories.optional(),
});

const DatastoreReference = z.strictObject({
  fields: z.array(columnName).min(1).describe('The referencing columns, in order.'),
  to: z.strictObject({
    datastore: ref.optional().describe('Another datastore; this one when absent.'),
    collection: z.string().min(1),
    fields: z.array(columnName).min(1).describe('The referenced columns, in order.'),
  }),
  follow: z
    .enum(['from-parent', 'both', 'none'])
    .default('from-parent')
    .describe(
      '"from-parent": rows found in the referenced collection lead to the rows referencing them; "both": the referenced row also belongs to the person; "none": the reference links two people (a contact\'s referred_by): requests never follow it, and an erasure nulls it in the other person\'s row.',
    ),
  partOf: z
    .boolean()
    .optional()
    .describe(
      'The referencing row is part of the referenced row (an invoice line of its invoice): it is held while that row is held, with its reason and end date. Same datastore only.',
    ),
});

const LegalHold = z
  .strictObject({
    reason: Text.describe('Why the rows are kept (e.g. "tax law: 7 years").'),
    basis: z
      .string()
      .min(1)
      .optional()
      .describe('The rule it rests on, e.g. "BE WIB 92 art. 315".'),
    until: IsoDate.optional().describe('The day the hold ends for every row.'),
    field: columnName.optional().describe('A date column the hold counts from, per row.'),
    duration: Duration.optional().describe('How long after `field` each row is held.'),
  })
  .refine(
    (hold) => hold.until !== undefined || (hold.field !== undefined && hold.duration !== undefined),
    {
      message: 'give "until", or "field" and "duration"',
    },
  )
  .describe('GDPR Art. 17(3)(b), (e): rows kept despite an erasure request, and until when.');

/**
 * The date a collection's retention counts from: a date column of the row, a date column of the
 * row it references (a contract's end date for its lines), or the person's last activity across
 * the collections of the datastore that declare an `activity` column.
 */
const RetentionStart = z
  .union([
    z.literal('lastActivity'),
    z.strictObject({ column: columnName.describe('A date column of the row.') }),
    z.strictObject({
      reference: z
        .string()
        .min(1)
        .describe('The collection this one references (one of its references, same datastore).'),
      column: columnName.describe('A date column of the referenced row.'),
    }),
  ])
  .describe(
    '"lastActivity", { column }, or { reference, column }: the date the retention period counts from.',
  );

const CollectionRetention = z
  .strictObject({
    purposes: refs
      .min(1)
      .describe(
        'The purpose ids its rows serve: the longest of their retention maxima is the period.',
      ),
    from: RetentionStart,
    period: Duration.optional().describe(
      'A shorter period than the purposes allow; never longer (rule datastore.retention-period).',
    ),
  })
  .describe(
    'GDPR Art. 5(1)(e), 17(1)(a): how long rows are kept, for retention sweeps (custodian retention plan).',
  );

const DatastoreCollection = z.strictObject({
  name: z.string().min(1).describe("The table (or the HTTP connector's collection) name."),
  schema: z
    .string()
    .min(1)
    .optional()
    .describe("PostgreSQL schema; the connection's default when absent."),
  primaryKey: z.array(columnName).min(1).describe('The columns that identify one row.'),
  fields: z
    .array(DatastoreField)
    .default([])
    .describe('The columns holding personal data or identities.'),
  references: z.array(DatastoreReference).default([]),
  erase: z
    .enum(['delete', 'update', 'keep'])
    .default('delete')
    .describe('Delete the row, update its fields by their own strategies, or keep it.'),
  hold: LegalHold.optional(),
  restrictionFlag: columnName
    .optional()
    .describe(
      "GDPR Art. 18: a boolean column set true while the person's processing is restricted.",
    ),
  retention: CollectionRetention.optional(),
  activity: columnName
    .optional()
    .describe(
      "A date column recording the person's activity here: the latest across collections is their last activity (retention from lastActivity).",
    ),
});

const DatastoreConnection = z
  .strictObject({
    urlEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name')
      .optional()
      .describe(
        'The environment variable holding the connection URL; secrets never go in the file.',
      ),
    dataDir: z
      .string()
      .min(1)
      .optional()
      .describe('PGlite: the data directory, relative to the map.'),
    url: Url.optional().describe('HTTP connector: the endpoint; no credentials in it.'),
    tokenEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name')
      .optional()
      .describe('HTTP connector: the environment variable holding the bearer token.'),
  })
  .describe('Where the datastore is; secrets come from environment variables.');

/** The connection keys each type of datastore needs. */
const CONNECTION_NEEDS = {
  postgres: ['urlEnv'],
  mysql: ['urlEnv'],
  pglite: ['dataDir'],
  http: ['url'],
} as const;

export const Datastore = z
  .strictObject({
    id,
    name: z.string().min(1).optional(),
    type: z
      .enum(['postgres', 'mysql', 'pglite', 'http'])
      .describe(
        'postgres and mysql (MySQL, MariaDB) connect with urlEnv; pglite opens dataDir; http calls url.',
      ),
    connection: DatastoreConnection,
    collections: z.array(DatastoreCollection).min(1),
  })
  .superRefine((datastore, context) => {
    for (const key of CONNECTION_NEEDS[datastore.type]) {
      if (datastore.connection[key] === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['connection', key],
          message: `a ${datastore.type} datastore needs connection.${key}`,
        });
      }
    }
  })
  .describe('A database or service holding personal data, for data-subject requests.');

/** A datastore declared in a file of its own; `loadFile` reads it in place of the path. */
const DatastoreInclude = z
  .string()
  .regex(/\.ya?ml$/, 'must be the path of a .yaml file')
  .describe('The path, relative to the map, of a YAML file holding one datastore declaration.');

const DatastoreEntry = z.union([Datastore, DatastoreInclude]).transform((entry, context) => {
  if (typeof entry !== 'string') return entry;
  context.issues.push({
    code: 'custom',
    input: entry,
    message: `included file "${entry}" was not read (the map must be loaded from a file)`,
  });
  return z.NEVER;
});
export type Datastore = z.infer<typeof Datastore>;
export type DatastoreCollection = z.infer<typeof DatastoreCollection>;
export type DatastoreField = z.infer<typeof DatastoreField>;
export type DatastoreReference = z.infer<typeof DatastoreReference>;

/** How a field is purged of special categories on arrival (`specialCategories`), if it is. */
export function purgeMode(field: DatastoreField): PurgeMode | undefined {
  const declared = field.specialCategories;
  if (declared === undefined) return undefined;
  return declared === 'purge' ? 'review' : declared.purge;
}
export type LegalHold = z.infer<typeof LegalHold>;
export type CollectionRetention = z.infer<typeof CollectionRetention>;
export type RetentionStart = z.infer<typeof RetentionStart>;

const RequestSettings = z
  .strictObject({
    approval: z
      .array(z.enum(RIGHTS))
      .default(['erasure', 'delete', 'rectification', 'correct'])
      .describe('Request types an operator approves before they run; the rest run once verified.'),
    verificationExpiry: Duration.default('PT24H').describe('How long an emailed code is valid.'),
    packageExpiry: Duration.default('P7D').describe(
      'How long an access package can be downloaded.',
    ),
  })
  .describe('How data-subject requests are handled.');

/**
 * How long Custodian keeps its own records of people (GDPR Art. 5(1)(e)): the same rule as for
 * the company's datastores. Each key unset keeps those records for ever (rule `records.retention`
 * warns). What proves a choice still in force, a suppression, a restriction, an open request and
 * the evidence chain are never swept, whatever these say.
 */
const OwnRecords = z
  .strictObject({
    closedRequests: Duration.optional().describe(
      'How long a request is kept after it closed (completed, denied, locked or expired): its sealed identity and words, timeline, code, plans, access package and certificate go together. GDPR Art. 5(1)(e), 5(2), 12(3)-(4): long enough to answer a complaint or a claim about how it was handled (a limitation period, e.g. "P3Y"); the evidence chain keeps the record of each step after.',
    ),
    deliveredMail: Duration.optional().describe(
      'How long an outbox message is kept after it was sent (its text and address are dropped once sent; the row says to whom, by its request, and when). Pending and failed mail is kept. GDPR Art. 5(1)(e), e.g. "P30D".',
    ),
    consentProof: Duration.optional().describe(
      'How long a consent choice is kept after a later choice of the person for the same purpose replaced it: the proof that processing while it was in force was lawful. GDPR Art. 5(2), 7(1): the limitation period for claims about that processing, e.g. "P5Y". The choice in force is kept as long as it is (it proves the consent now), with every event of its receipt.',
    ),
  })
  .describe(
    "GDPR Art. 5(1)(e): how long Custodian's own records of people are kept (custodian retention sweep).",
  );

export type OwnRecords = z.infer<typeof OwnRecords>;

/** The keys of `records`, in the order the map reference lists them. */
export const OWN_RECORD_KEYS = ['closedRequests', 'deliveredMail', 'consentProof'] as const;

const RuleOff = z.strictObject({
  rule: z.string().min(1),
  reason: z.string().min(10, 'give a reason of at least a sentence'),
  at: z
    .string()
    .min(1)
    .optional()
    .describe('Limit to findings at this path prefix, e.g. "recipients.azure".'),
});

export const DataMap = z
  .strictObject({
    custodian: z.literal(1).describe('The format version of this file.'),
    notice: Notice,
    organisation: Organisation,
    authorities: z.array(Authority).default([]),
    subjects: z.array(Subject).min(1),
    categories: z.array(Category).default([]).describe('Categories beyond the built-in taxonomy.'),
    sources: z.array(Source).default([]),
    purposes: z.array(Purpose).min(1),
    recipients: z.array(Recipient).default([]),
    channels: z.array(Channel).min(1),
    jurisdictions: z.array(Jurisdiction).min(1),
    cookies: z.array(Cookie).default([]),
    security: Security.optional(),
    residency: z.array(Residency).default([]),
    statements: Statements.default({}),
    datastores: z
      .array(DatastoreEntry)
      .default([])
      .describe('The databases and services that hold personal data, for data-subject requests.'),
    requests: RequestSettings.default({
      approval: ['erasure', 'delete', 'rectification', 'correct'],
      verificationExpiry: 'PT24H',
      packageExpiry: 'P7D',
    }),
    records: OwnRecords.optional(),
    checks: z
      .strictObject({ off: z.array(RuleOff).default([]) })
      .default({ off: [] })
      .describe('Rules switched off for this file, each with its reason.'),
  })
  .describe('Custodian data map (privacy.yaml).');

export type DataMap = z.infer<typeof DataMap>;
export type DataMapInput = z.input<typeof DataMap>;
