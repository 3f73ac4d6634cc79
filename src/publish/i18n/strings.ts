import type {
  ART9_CONDITIONS,
  CHANNEL_TYPES,
  DataMap,
  OwnRecords,
  DEROGATIONS,
  Language,
  Law,
  LegalBasis,
  Purpose,
  RECIPIENT_TYPES,
  RETENTION_EVENTS,
  Right,
  SECURITY_MEASURES,
  SOURCE_TYPES,
  TRANSFER_MECHANISMS,
} from '../../map/index.js';

export type { Language };

export type Art9Condition = (typeof ART9_CONDITIONS)[number];
export type SourceType = (typeof SOURCE_TYPES)[number];
export type RetentionEvent = (typeof RETENTION_EVENTS)[number];
export type RecipientType = (typeof RECIPIENT_TYPES)[number];
export type TransferMechanism = (typeof TRANSFER_MECHANISMS)[number];
export type Derogation = (typeof DEROGATIONS)[number];
export type ChannelType = (typeof CHANNEL_TYPES)[number];
export type SecurityMeasure = (typeof SECURITY_MEASURES)[number];
export type RequirementType = NonNullable<Purpose['requirement']>['type'];
export type Art22Exception = NonNullable<NonNullable<Purpose['automatedDecisions']>['exception']>;
export type CookieParty = DataMap['cookies'][number]['party'];
export type CookieType = DataMap['cookies'][number]['type'];
/** The US state laws with an appeal process (Va. Code 59.1-578(C), C.R.S. 6-1-1306(3), Conn. Gen. Stat. 42-518(d)). */
export type AppealLaw = 'vcdpa' | 'cpa' | 'ctdpa';
export type DurationUnit = 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second';

/** Facts the notice needs that a map with errors may lack; a draft marks each gap by name. */
export type GapKey =
  | 'appealChannel'
  | 'optOutChannel'
  | 'limitUseChannel'
  | 'withdrawalChannel'
  | 'objectionChannel'
  | 'legalBasis'
  | 'retention';

/** A right as the notice lists it: its name and a one-sentence explanation. */
export interface RightText {
  readonly name: string;
  readonly explanation: string;
}

/** Headings of the notice's sections, in the order they appear. */
export type HeadingKey =
  | 'controllers'
  | 'processor'
  | 'data'
  | 'specialCategories'
  | 'children'
  | 'sources'
  | 'purposes'
  | 'recipients'
  | 'transfers'
  | 'residency'
  | 'retention'
  | 'rights'
  | 'exercise'
  | 'withdrawConsent'
  | 'objection'
  | 'complaint'
  | 'automated'
  | 'requirements'
  | 'cookies'
  | 'security'
  | 'us'
  | 'usCollected'
  | 'usSale'
  | 'usSensitive'
  | 'usRetention'
  | 'usRights'
  | 'usRequests'
  | 'usAppeal'
  | 'changes';

/** Labels of fields and table columns. */
export type LabelKey =
  | 'version'
  | 'effectiveDate'
  | 'name'
  | 'address'
  | 'companyNumber'
  | 'vatNumber'
  | 'email'
  | 'phone'
  | 'website'
  | 'postalAddress'
  | 'responsibleFor'
  | 'dpo'
  | 'euRepresentative'
  | 'ukRepresentative'
  | 'subjects'
  | 'categories'
  | 'sources'
  | 'legalBasis'
  | 'legitimateInterest'
  | 'balancing'
  | 'legalObligation'
  | 'specialCondition'
  | 'withdrawal'
  | 'objection'
  | 'recipients'
  | 'controllers'
  | 'requirement'
  | 'automated'
  | 'softOptIn'
  | 'softOptInInterest'
  | 'softOptInBalancing'
  | 'recipient'
  | 'recipientType'
  | 'service'
  | 'processingCountries'
  | 'storageCountries'
  | 'safeguard'
  | 'purpose'
  | 'retentionPeriod'
  | 'retentionReason'
  | 'cookieName'
  | 'provider'
  | 'duration'
  | 'party'
  | 'cookieType'
  | 'ccpaCategory'
  | 'examples'
  | 'businessPurposes'
  | 'disclosedTo'
  | 'profiling'
  | 'solelyAutomated'
  | 'significantEffect'
  | 'logic'
  | 'significance'
  | 'consequences'
  | 'art22Exception'
  | 'safeguards'
  | 'inspect'
  | 'financialIncentives';

/**
 * Every fixed text of the published notice in one language. Sentences with parameters are functions;
 * parameters are already localised (names, lists, durations) and never contain markup.
 */
export interface Strings {
  readonly format: {
    /** Singular and plural of each ISO 8601 duration unit, for "2 years". */
    readonly units: Readonly<Record<DurationUnit, readonly [one: string, many: string]>>;
    /** A cookie that lasts for the browser session. */
    readonly session: string;
    /** A cookie duration for a pixel that stores nothing. */
    readonly noStorage: string;
    /** January to December. */
    readonly months: readonly string[];
    readonly date: (day: number, month: string, year: number) => string;
    /** The word joining the last two items of a list: "and". */
    readonly and: string;
    readonly yes: string;
    readonly no: string;
    /** Shown in an empty table cell or field when the map declares nothing. */
    readonly notStated: string;
    /** Marks a fact the map must declare and does not: "NOT DECLARED: appeal channel". */
    readonly notDeclared: (what: string) => string;
  };
  /** The facts a draft marks as missing, named for `format.notDeclared`. */
  readonly gaps: Readonly<Record<GapKey, string>>;
  readonly headings: Readonly<Record<HeadingKey, string>>;
  readonly labels: Readonly<Record<LabelKey, string>>;
  /** GDPR Art. 6(1)(a)-(f), with the article. */
  readonly legalBases: Readonly<Record<LegalBasis, string>>;
  /** GDPR Art. 9(2)(a)-(j), with the article. */
  readonly art9Conditions: Readonly<Record<Art9Condition, string>>;
  /** GDPR Art. 22(2)(a)-(c). */
  readonly art22Exceptions: Readonly<Record<Art22Exception, string>>;
  readonly sourceTypes: Readonly<Record<SourceType, string>>;
  /** The event a retention period starts from, as used in `text.retentionFor`. */
  readonly retentionEvents: Readonly<Record<RetentionEvent, string>>;
  /**
   * Custodian's own records of people, each a row of the retention table (map `records`): what
   * they are, the event their period counts from (as in `text.retentionFor`), and why they are
   * kept that long.
   */
  readonly ownRecords: Readonly<
    Record<
      keyof OwnRecords,
      { readonly what: string; readonly event: string; readonly reason: string }
    >
  >;
  readonly recipientTypes: Readonly<Record<RecipientType, string>>;
  /** GDPR Art. 45-49, with the article. */
  readonly transferMechanisms: Readonly<Record<TransferMechanism, string>>;
  /** GDPR Art. 49(1)(a)-(g), with the article. */
  readonly derogations: Readonly<Record<Derogation, string>>;
  /** Short names of channel types, used before the address: "Email: privacy@example.com". */
  readonly channelTypes: Readonly<Record<ChannelType, string>>;
  /** A channel that has neither label nor address, described in full. */
  readonly channelDefaults: Readonly<Record<ChannelType, string>>;
  readonly rights: Readonly<Record<Right, RightText>>;
  /** Portability as the US state laws grant it (a copy in a portable format). */
  readonly usPortability: RightText;
  /** Full names of the laws. */
  readonly laws: Readonly<Record<Law, string>>;
  /** Short names used inside sentences ("GDPR", "AVG", "RGPD", "DSGVO"). */
  readonly lawShort: Readonly<Record<Law, string>>;
  /** The state Attorney General an appeal can be escalated to. */
  readonly attorneyGeneral: Readonly<Record<AppealLaw, string>>;
  readonly securityMeasures: Readonly<Record<SecurityMeasure, string>>;
  /** GDPR Art. 13(2)(e): whether the person must provide the data. */
  readonly requirementTypes: Readonly<Record<RequirementType, string>>;
  readonly cookieParties: Readonly<Record<CookieParty, string>>;
  readonly cookieTypes: Readonly<Record<CookieType, string>>;
  /** Region tokens of the data map, as names without article. */
  readonly regions: { readonly EU: string; readonly EEA: string };
  /** Special categories of personal data (GDPR Art. 9(1)), named in full. */
  readonly specialCategoriesList: string;
  readonly text: {
    readonly title: (organisation: string) => string;
    /** At the top of a draft rendered from a map with errors. */
    readonly draftBanner: string;
    readonly intro: (organisation: string) => string;
    readonly relatedIntro: string;

    readonly oneController: (controller: string) => string;
    readonly severalControllers: string;
    readonly peopleIn: (places: string, count: number) => string;
    readonly peopleInExcept: (places: string, except: string) => string;
    readonly everyoneOutside: (places: string, count: number) => string;
    readonly everyoneElse: string;
    readonly attention: (who: string) => string;
    readonly dpoRole: string;
    readonly processorIntro: (organisation: string) => string;
    readonly processorAgreement: (agreement: string) => string;

    readonly dataIntro: string;
    readonly specialNote: (kind: string) => string;
    readonly criminalNote: string;
    readonly specialNotProcessed: string;
    readonly specialDeleted: string;
    readonly specialKept: string;
    readonly specialProcessed: string;
    readonly childrenNotCollected: string;
    readonly childrenNotCollectedUnder: (age: number) => string;
    readonly childrenCollected: string;
    readonly childrenConsentAge: (age: number) => string;
    readonly sourcesIntro: string;
    readonly publiclyAccessible: string;
    readonly notPubliclyAccessible: string;

    readonly purposesIntro: string;
    readonly withdrawVia: (channels: string) => string;
    readonly objectVia: (channels: string) => string;
    readonly objectMarketingVia: (channels: string) => string;
    readonly softOptIn: (subjects: string) => string;
    readonly seeAutomated: string;

    readonly recipientsIntro: string;
    readonly processorsBound: string;
    readonly noRecipients: string;
    readonly conditionsIntro: string;
    readonly jointController: (recipient: string, arrangement: string) => string;
    readonly categoryOfRecipients: string;

    readonly noTransfers: string;
    readonly noTransfersUk: string;
    readonly transfersIntro: string;
    readonly adequacy: string;
    readonly adequacyUk: string;
    readonly noSafeguardNeeded: string;
    readonly tiaDone: string;
    readonly tiaDoneOn: (date: string) => string;
    readonly ukRegime: string;
    readonly copyOfSafeguards: (channels: string) => string;

    readonly allPersonalData: string;
    readonly residencyProcessing: (places: string) => string;
    readonly residencyStorage: (places: string) => string;

    readonly retentionIntro: string;
    readonly retentionFor: (duration: string, event: string) => string;
    readonly retentionMaximum: (duration: string) => string;
    readonly thenAnonymised: string;
    /** Criteria-based retention: anonymised where deletion is not possible. */
    readonly anonymisedWhereNotDeletable: string;
    /** Retention under a legal hold: the law that requires the data to be kept. */
    readonly legalHold: (basis: string) => string;
    /** Transfer safeguard relied on beside the main one. */
    readonly fallbackMechanisms: (mechanisms: string) => string;
    /** SCCs extended to UK GDPR transfers. */
    readonly withUkAddendum: string;
    /** A promise not to sell (or rent) personal data, wherever the person lives. */
    readonly noSale: string;
    readonly noSaleOrRent: string;
    /** A recipient abroad that only a controller outside the GDPR's reach discloses to. */
    readonly disclosedOnlyBy: (controllers: string) => string;
    readonly suppression: string;

    readonly rightsUnder: (laws: string) => string;
    readonly exerciseIntro: string;
    readonly exerciseFor: (controller: string) => string;
    readonly responseTime: (period: string, extension: string) => string;
    readonly notActing: string;
    readonly feeNone: string;
    readonly feeExcessive: string;
    readonly identityDefault: string;
    readonly recipientsInformed: string;
    readonly withdrawIntro: string;
    readonly objectionIntro: string;
    readonly directMarketingIntro: string;
    readonly complaintIntro: string;
    readonly complaintAuthority: string;

    readonly noAutomated: string;
    readonly automatedIntro: string;
    readonly art22Rights: string;

    readonly requirementsIntro: string;

    readonly cookiesIntro: string;
    readonly cookiesChoice: (channels: string) => string;
    readonly strictlyNecessary: string;

    readonly securityIntro: string;

    readonly usIntro: (laws: string) => string;
    readonly usController: (controller: string) => string;
    readonly usCollectedIntro: string;
    readonly usOtherCategory: string;
    readonly usNoSale: string;
    readonly usSells: (categories: string, recipients: string) => string;
    readonly usShares: (categories: string, recipients: string) => string;
    readonly usOptOut: (channels: string) => string;
    readonly usNoMinors: string;
    readonly usMinors: string;
    readonly usTargetedAdvertising: string;
    /** Where to opt out of targeted advertising (Va. Code 59.1-578(D)). */
    readonly usOptOutTargetedAdvertising: (channels: string) => string;
    readonly usNoTargetedAdvertising: string;
    readonly usSensitiveCollected: (categories: string) => string;
    readonly usSensitiveNone: string;
    readonly usSensitiveLimited: string;
    readonly usSensitiveBeyond: (channels: string) => string;
    readonly usRetention: string;
    readonly usRequestsIntro: string;
    readonly usConfirmReceipt: (businessDays: number) => string;
    readonly usResponse: (period: string, extension: string) => string;
    readonly usVerification: string;
    readonly usAgent: string;
    readonly usGpc: string;
    readonly usNoGpc: string;
    /** Cal. Bus. & Prof. Code 22575(b)(5): how Do Not Track signals are handled. */
    readonly dntHonoured: string;
    readonly dntNotHonoured: string;
    readonly usNonDiscrimination: string;
    readonly usAppeal: (law: string, channels: string, period: string) => string;
    readonly usAppealAttorneyGeneral: (attorneyGeneral: string, url: string) => string;

    readonly changesGeneral: string;
    readonly changesNotify: string;
    readonly changesSendCopy: string;
  };
}
