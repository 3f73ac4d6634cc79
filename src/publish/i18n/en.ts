import type { Strings } from './strings.js';

const SPECIAL =
  'data revealing racial or ethnic origin, political opinions, religious or philosophical beliefs or trade union membership, genetic data, biometric data used to identify a person, data concerning health, and data concerning a person’s sex life or sexual orientation';

/** English. */
export const en: Strings = {
  format: {
    units: {
      year: ['year', 'years'],
      month: ['month', 'months'],
      week: ['week', 'weeks'],
      day: ['day', 'days'],
      hour: ['hour', 'hours'],
      minute: ['minute', 'minutes'],
      second: ['second', 'seconds'],
    },
    session: 'Session',
    noStorage: 'Nothing stored',
    months: [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ],
    date: (day, month, year) => `${day} ${month} ${year}`,
    and: 'and',
    yes: 'Yes',
    no: 'No',
    notStated: 'Not stated',
    notDeclared: (what) => `NOT DECLARED: ${what}`,
  },
  gaps: {
    appealChannel: 'appeal channel',
    optOutChannel: 'opt-out channel',
    limitUseChannel: 'channel to limit the use of sensitive personal information',
    withdrawalChannel: 'channel to withdraw consent',
    objectionChannel: 'channel to object',
    legalBasis: 'legal basis',
    retention: 'retention period',
  },
  headings: {
    controllers: 'Who is responsible for your data',
    processor: 'When we act for our customers',
    data: 'The personal data we process',
    specialCategories: 'Special categories of personal data',
    children: 'Children',
    sources: 'Where your data comes from',
    purposes: 'Why we process your data and on what legal basis',
    recipients: 'Who receives your data',
    transfers: 'Transfers outside the European Economic Area',
    residency: 'Where your data is kept',
    retention: 'How long we keep your data',
    rights: 'Your rights',
    exercise: 'How to exercise your rights',
    withdrawConsent: 'Withdrawing your consent',
    objection: 'Your right to object',
    complaint: 'Your right to lodge a complaint',
    automated: 'Automated decisions and profiling',
    requirements: 'Do you have to provide your data?',
    cookies: 'Cookies and similar technologies',
    security: 'How we protect your data',
    us: 'Additional information for residents of the United States',
    usCollected: 'Personal information we collect',
    usSale: 'Sale and sharing of personal information',
    usSensitive: 'Sensitive personal information',
    usRetention: 'Retention',
    usRights: 'Your rights under US state privacy laws',
    usRequests: 'How to submit a request',
    usAppeal: 'Appeals',
    changes: 'Changes to this notice',
  },
  labels: {
    version: 'Version',
    effectiveDate: 'Effective date',
    name: 'Name',
    address: 'Address',
    companyNumber: 'Company number',
    vatNumber: 'VAT number',
    email: 'Email',
    phone: 'Telephone',
    website: 'Website',
    postalAddress: 'Postal address',
    responsibleFor: 'Responsible for',
    dpo: 'Data protection officer',
    euRepresentative: 'Representative in the EU (GDPR Art. 27)',
    ukRepresentative: 'Representative in the UK (UK GDPR Art. 27)',
    subjects: 'Whose data',
    categories: 'Personal data',
    sources: 'Sources',
    legalBasis: 'Legal basis',
    legitimateInterest: 'Our legitimate interest',
    balancing: 'Why it does not override your interests',
    legalObligation: 'Legal obligation',
    specialCondition: 'Condition for special categories',
    withdrawal: 'Withdrawing consent',
    objection: 'Objecting',
    recipients: 'Recipients',
    controllers: 'Controller',
    requirement: 'Obligation to provide',
    automated: 'Automated decisions',
    softOptIn: 'Existing customers',
    softOptInInterest: 'Our legitimate interest (existing customers)',
    softOptInBalancing: 'Why it does not override their interests',
    recipient: 'Recipient',
    recipientType: 'Role',
    service: 'Service',
    processingCountries: 'Countries of processing',
    storageCountries: 'Countries of storage',
    safeguard: 'Transfer safeguard',
    purpose: 'Purpose',
    retentionPeriod: 'Retention period',
    retentionReason: 'Why',
    cookieName: 'Name',
    provider: 'Provider',
    duration: 'Duration',
    party: 'First or third party',
    cookieType: 'Type',
    ccpaCategory: 'Category',
    examples: 'Examples',
    businessPurposes: 'Business or commercial purposes',
    disclosedTo: 'Disclosed for a business purpose to',
    profiling: 'Profiling',
    solelyAutomated: 'Solely automated decision',
    significantEffect: 'Legal or similarly significant effect',
    logic: 'Logic involved',
    significance: 'Significance',
    consequences: 'Envisaged consequences',
    art22Exception: 'Exception relied on (GDPR Art. 22(2))',
    safeguards: 'Safeguards',
    inspect: 'See and change what was inferred',
    financialIncentives: 'Financial incentives',
  },
  legalBases: {
    consent: 'Your consent (GDPR Art. 6(1)(a))',
    contract:
      'Performance of a contract with you, or steps at your request before entering into one (GDPR Art. 6(1)(b))',
    'legal-obligation': 'Compliance with a legal obligation (GDPR Art. 6(1)(c))',
    'vital-interests':
      'Protection of your vital interests or those of another person (GDPR Art. 6(1)(d))',
    'public-task':
      'Performance of a task carried out in the public interest or in the exercise of official authority (GDPR Art. 6(1)(e))',
    'legitimate-interests': 'Our legitimate interests (GDPR Art. 6(1)(f))',
  },
  art9Conditions: {
    'explicit-consent': 'Your explicit consent (GDPR Art. 9(2)(a))',
    'employment-social-security':
      'Obligations and rights in employment, social security and social protection law (GDPR Art. 9(2)(b))',
    'vital-interests':
      'Protection of vital interests where you are incapable of giving consent (GDPR Art. 9(2)(c))',
    'not-for-profit-body':
      'Legitimate activities of a not-for-profit body with a political, philosophical, religious or trade union aim, concerning its members (GDPR Art. 9(2)(d))',
    'made-public-by-subject': 'Data you have manifestly made public (GDPR Art. 9(2)(e))',
    'legal-claims': 'Establishment, exercise or defence of legal claims (GDPR Art. 9(2)(f))',
    'substantial-public-interest':
      'Reasons of substantial public interest, on the basis of law (GDPR Art. 9(2)(g))',
    'health-or-social-care':
      'Preventive or occupational medicine, medical diagnosis, health or social care (GDPR Art. 9(2)(h))',
    'public-health': 'Reasons of public interest in the area of public health (GDPR Art. 9(2)(i))',
    'archiving-research-statistics':
      'Archiving in the public interest, scientific or historical research or statistics (GDPR Art. 9(2)(j))',
  },
  art22Exceptions: {
    contract: 'Necessary for entering into or performing a contract with you (GDPR Art. 22(2)(a))',
    'authorised-by-law': 'Authorised by law, with suitable safeguards (GDPR Art. 22(2)(b))',
    'explicit-consent': 'Your explicit consent (GDPR Art. 22(2)(c))',
  },
  sourceTypes: {
    'data-subject': 'From you',
    automatic: 'Collected automatically',
    'third-party': 'From third parties',
    public: 'From publicly accessible sources',
  },
  retentionEvents: {
    collection: 'collection',
    'last-interaction': 'our last interaction with you',
    'contract-end': 'the end of the contract',
    'account-closure': 'the closure of your account',
    'consent-withdrawal': 'the withdrawal of your consent',
    'request-closure': 'the closure of your request',
    'end-of-financial-year': 'the end of the financial year',
    event: 'the event concerned',
  },
  ownRecords: {
    closedRequests: {
      what: 'Records of the privacy requests you make to us',
      event: 'the closure of your request',
      reason:
        'To show how we handled your request and to answer a complaint about it (GDPR Art. 5(2), 12).',
    },
    deliveredMail: {
      what: 'Emails we send you about your requests',
      event: 'they are sent',
      reason:
        'To show that we answered you. The text of the email and your address are deleted as soon as it is sent.',
    },
    consentProof: {
      what: 'A consent choice you later changed',
      event: 'you changed it',
      reason:
        'To prove that what we did while it applied was lawful (GDPR Art. 7(1)). Your current choices are kept for as long as they apply.',
    },
  },
  recipientTypes: {
    processor: 'Processor',
    'joint-controller': 'Joint controller',
    controller: 'Independent controller',
    authority: 'Public authority',
    'group-company': 'Group company',
  },
  transferMechanisms: {
    adequacy: 'Adequacy decision of the European Commission (GDPR Art. 45)',
    scc: 'Standard Contractual Clauses adopted by the European Commission (GDPR Art. 46(2)(c))',
    'uk-idta': 'UK International Data Transfer Agreement or Addendum (UK GDPR Art. 46)',
    dpf: 'EU-US Data Privacy Framework (adequacy decision, GDPR Art. 45)',
    bcr: 'Binding corporate rules (GDPR Art. 47)',
    'code-of-conduct': 'Approved code of conduct with binding commitments (GDPR Art. 46(2)(e))',
    certification: 'Approved certification with binding commitments (GDPR Art. 46(2)(f))',
    derogation: 'Derogation for a specific situation (GDPR Art. 49)',
  },
  derogations: {
    'explicit-consent':
      'your explicit consent, after being informed of the possible risks (GDPR Art. 49(1)(a))',
    'contract-with-subject':
      'necessary for the performance of a contract with you (GDPR Art. 49(1)(b))',
    'contract-in-subject-interest':
      'necessary for a contract concluded in your interest (GDPR Art. 49(1)(c))',
    'public-interest': 'necessary for important reasons of public interest (GDPR Art. 49(1)(d))',
    'legal-claims':
      'necessary for the establishment, exercise or defence of legal claims (GDPR Art. 49(1)(e))',
    'vital-interests':
      'necessary to protect vital interests where consent cannot be given (GDPR Art. 49(1)(f))',
    'public-register': 'made from a public register (GDPR Art. 49(1)(g))',
    'compelling-legitimate-interests':
      'necessary for our compelling legitimate interests, for a transfer that is not repetitive and concerns a limited number of people, with the supervisory authority informed (GDPR Art. 49(1), second subparagraph)',
  },
  channelTypes: {
    email: 'Email',
    'web-form': 'Web form',
    'privacy-center': 'Privacy centre',
    postal: 'Post',
    phone: 'Telephone',
    'toll-free-phone': 'Toll-free telephone',
    'unsubscribe-link': 'Unsubscribe link',
    'account-settings': 'Account settings',
    'cookie-banner': 'Cookie settings',
    'in-person': 'In person',
  },
  channelDefaults: {
    email: 'By email',
    'web-form': 'Our web form',
    'privacy-center': 'Our privacy centre',
    postal: 'By post',
    phone: 'By telephone',
    'toll-free-phone': 'By toll-free telephone',
    'unsubscribe-link': 'The unsubscribe link in every message we send',
    'account-settings': 'The settings of your account',
    'cookie-banner': 'The cookie settings on our website',
    'in-person': 'In person, at our offices',
  },
  rights: {
    access: {
      name: 'Right of access (GDPR Art. 15)',
      explanation:
        'You can ask whether we process your personal data and, if we do, obtain a copy of it together with the purposes, categories, recipients, retention period, source and your rights; the first copy is free of charge.',
    },
    rectification: {
      name: 'Right to rectification (GDPR Art. 16)',
      explanation:
        'You can have inaccurate personal data about you corrected without undue delay, and incomplete data completed.',
    },
    erasure: {
      name: 'Right to erasure (GDPR Art. 17)',
      explanation:
        'You can have your personal data erased, for example when it is no longer needed, when you withdraw your consent or object, or when it was processed unlawfully, unless we must keep it, for instance to comply with a legal obligation or for legal claims.',
    },
    restriction: {
      name: 'Right to restriction of processing (GDPR Art. 18)',
      explanation:
        'You can have the processing restricted, so that we only store your data, while you contest its accuracy, when the processing is unlawful and you prefer restriction to erasure, when we no longer need the data but you need it for legal claims, or while we verify your objection.',
    },
    portability: {
      name: 'Right to data portability (GDPR Art. 20)',
      explanation:
        'You can receive the data you provided to us, where we process it by automated means on the basis of your consent or a contract, in a structured, commonly used and machine-readable format, and have it transmitted directly to another controller where technically feasible.',
    },
    objection: {
      name: 'Right to object (GDPR Art. 21)',
      explanation:
        'You can object at any time to processing based on our legitimate interests or a public task, on grounds relating to your particular situation; your objection to direct marketing is absolute, free of charge and needs no reason.',
    },
    'withdraw-consent': {
      name: 'Right to withdraw consent (GDPR Art. 7(3))',
      explanation:
        'Where we rely on your consent, you can withdraw it at any time, as easily as you gave it, without affecting the lawfulness of the processing before the withdrawal.',
    },
    'automated-decisions': {
      name: 'Rights related to automated decision-making (GDPR Art. 22)',
      explanation:
        'You have the right not to be subject to a decision based solely on automated processing, including profiling, that produces legal effects concerning you or similarly significantly affects you, and where such a decision is allowed, to obtain human intervention, express your point of view and contest it.',
    },
    complaint: {
      name: 'Right to lodge a complaint (GDPR Art. 77)',
      explanation:
        'You can lodge a complaint with a supervisory authority, in particular in the member state where you live or work or where the alleged infringement took place.',
    },
    know: {
      name: 'Right to know and access',
      explanation:
        'You can ask us to disclose the categories and specific pieces of personal information we have collected about you, the categories of sources, the business or commercial purposes, and the categories of third parties to whom we disclose it.',
    },
    delete: {
      name: 'Right to delete',
      explanation:
        'You can ask us to delete the personal information we have collected from you, subject to the exceptions the law provides.',
    },
    correct: {
      name: 'Right to correct',
      explanation: 'You can ask us to correct inaccurate personal information about you.',
    },
    'opt-out-sale': {
      name: 'Right to opt out of sale',
      explanation: 'You can direct us not to sell your personal information.',
    },
    'opt-out-sharing': {
      name: 'Right to opt out of sharing',
      explanation:
        'You can direct us not to share your personal information for cross-context behavioural advertising.',
    },
    'opt-out-targeted-advertising': {
      name: 'Right to opt out of targeted advertising',
      explanation:
        'You can opt out of the processing of your personal data for targeted advertising.',
    },
    'opt-out-profiling': {
      name: 'Right to opt out of profiling',
      explanation:
        'You can opt out of profiling in furtherance of decisions that produce legal or similarly significant effects concerning you.',
    },
    'limit-sensitive': {
      name: 'Right to limit the use of sensitive personal information',
      explanation:
        'You can direct us to limit the use and disclosure of your sensitive personal information to what is necessary to provide the goods or services you request.',
    },
    'non-discrimination': {
      name: 'Right to non-discrimination',
      explanation: 'We will not discriminate against you for exercising any of your rights.',
    },
    appeal: {
      name: 'Right to appeal',
      explanation: 'If we decline to take action on your request, you can appeal our decision.',
    },
  },
  usPortability: {
    name: 'Right to data portability',
    explanation:
      'You can obtain the personal data you provided to us in a portable and, to the extent technically feasible, readily usable format that allows you to transmit it to another entity.',
  },
  laws: {
    gdpr: 'General Data Protection Regulation (GDPR, Regulation (EU) 2016/679)',
    'uk-gdpr': 'UK General Data Protection Regulation (UK GDPR)',
    ccpa: 'California Consumer Privacy Act, as amended by the California Privacy Rights Act (CCPA)',
    vcdpa: 'Virginia Consumer Data Protection Act (VCDPA)',
    cpa: 'Colorado Privacy Act (CPA)',
    ctdpa: 'Connecticut Data Privacy Act (CTDPA)',
    ucpa: 'Utah Consumer Privacy Act (UCPA)',
  },
  lawShort: {
    gdpr: 'GDPR',
    'uk-gdpr': 'UK GDPR',
    ccpa: 'CCPA',
    vcdpa: 'VCDPA',
    cpa: 'CPA',
    ctdpa: 'CTDPA',
    ucpa: 'UCPA',
  },
  attorneyGeneral: {
    vcdpa: 'the Attorney General of Virginia',
    cpa: 'the Colorado Attorney General',
    ctdpa: 'the Connecticut Attorney General',
  },
  securityMeasures: {
    'encryption-in-transit': 'Encryption in transit',
    'encryption-at-rest': 'Encryption at rest',
    'access-control': 'Access control',
    authentication: 'Authentication',
    'network-security': 'Network security',
    'logging-monitoring': 'Logging and monitoring',
    backup: 'Backups',
    pseudonymisation: 'Pseudonymisation',
    'confidentiality-agreements': 'Confidentiality obligations',
    training: 'Staff training',
    'physical-security': 'Physical security',
    'vendor-management': 'Supplier management',
    'incident-response': 'Incident response',
    testing: 'Regular testing of our security',
    other: 'Other measures',
  },
  requirementTypes: {
    none: 'You are not obliged to provide this data.',
    statutory: 'Providing this data is a statutory requirement.',
    contractual: 'Providing this data is a contractual requirement.',
    'contract-prerequisite': 'Providing this data is necessary to enter into a contract with us.',
  },
  cookieParties: {
    first: 'First party',
    third: 'Third party',
  },
  cookieTypes: {
    cookie: 'Cookie',
    'local-storage': 'Local storage',
    'session-storage': 'Session storage',
    pixel: 'Pixel',
    sdk: 'Software development kit (SDK)',
  },
  regions: {
    EU: 'European Union',
    EEA: 'European Economic Area',
  },
  specialCategoriesList: SPECIAL,
  text: {
    title: (organisation) => `${organisation} privacy notice`,
    draftBanner:
      'DRAFT, not for publication. The data map this notice was generated from has errors; every fact it lacks is marked NOT DECLARED.',
    intro: (organisation) =>
      `This notice explains which personal data ${organisation} processes, why and on what legal basis, who receives it, how long it is kept, and which rights you have and how to exercise them.`,
    relatedIntro: 'Read this notice together with:',

    oneController: (controller) =>
      `${controller} is the controller of your personal data: it decides why and how your data is processed, and is responsible for it.`,
    severalControllers:
      'The following companies are controllers of your personal data. Where it depends on where you live, the company responsible for you is stated below.',
    peopleIn: (places, count) =>
      count === 1
        ? `people living in the following country or region: ${places}`
        : `people living in the following countries or regions: ${places}`,
    peopleInExcept: (places, except) =>
      `people living in the following countries or regions: ${places}; with the exception of: ${except}`,
    everyoneOutside: (places, count) =>
      count === 1
        ? `everyone living outside the following country or region: ${places}`
        : `everyone living outside the following countries or regions: ${places}`,
    everyoneElse: 'everyone else',
    attention: (who) => `attn. ${who}`,
    dpoRole:
      'The data protection officer monitors our compliance with data protection law and is your point of contact for every question about the processing of your data and the exercise of your rights (GDPR Art. 38(4) and 39).',
    processorIntro: (organisation) =>
      `When ${organisation} processes personal data on behalf of its customers, it acts as their processor (GDPR Art. 28) and the customers are the controllers. This notice does not cover that processing; the customer’s own privacy notice does.`,
    processorAgreement: (agreement) => `Governing agreement: ${agreement}`,

    dataIntro:
      'We process the following categories of personal data. For each purpose below we state which of them we use.',
    specialNote: (kind) => `special category of personal data (GDPR Art. 9): ${kind}`,
    criminalNote: 'data relating to criminal convictions and offences (GDPR Art. 10)',
    specialNotProcessed: `We do not process special categories of personal data (GDPR Art. 9(1)), that is ${SPECIAL}.`,
    specialDeleted: 'If you send us such data anyway, we do not use it and we delete it.',
    specialKept:
      'If you send us such data anyway, we keep it only where a condition of GDPR Art. 9(2) allows us to.',
    specialProcessed:
      'We process the following special categories of personal data, each only under a condition of GDPR Art. 9(2) that is stated with the purpose:',
    childrenNotCollected: 'We do not knowingly collect personal data of children.',
    childrenNotCollectedUnder: (age) =>
      `We do not knowingly collect personal data of children under ${age}.`,
    childrenCollected: 'Some of the people whose personal data we process may be children.',
    childrenConsentAge: (age) =>
      `Where we rely on consent for an online service offered directly to a child under ${age}, we ask for the consent of the holder of parental responsibility (GDPR Art. 8(1)).`,
    sourcesIntro: 'We obtain personal data from the following sources (GDPR Art. 14(2)(f)):',
    publiclyAccessible: 'publicly accessible',
    notPubliclyAccessible: 'not publicly accessible',

    purposesIntro:
      'We process personal data only for the purposes below, each on a legal basis of GDPR Art. 6(1).',
    withdrawVia: (channels) => `You can withdraw your consent at any time via: ${channels}.`,
    objectVia: (channels) => `You can object at any time via: ${channels}.`,
    objectMarketingVia: (channels) =>
      `You can object at any time, free of charge, via: ${channels}. We then stop at once.`,
    softOptIn: (subjects) =>
      `Without asking for consent first, we may send information about products and services similar to those already purchased to: ${subjects}. This rests on our legitimate interest (GDPR Art. 6(1)(f), ePrivacy Directive Art. 13(2)); you can object at any time, free of charge, including in every message.`,
    seeAutomated:
      'Yes: this purpose involves automated decision-making or profiling, explained under “Automated decisions and profiling”.',

    recipientsIntro:
      'We disclose personal data only to the recipients below, and only as far as they need it for the purposes for which they receive it.',
    processorsBound:
      'Our processors act only on our documented instructions, under a data processing agreement that meets GDPR Art. 28(3).',
    noRecipients: 'We do not disclose your personal data to anyone outside our organisation.',
    conditionsIntro: 'Some recipients receive data only in particular cases:',
    jointController: (recipient, arrangement) =>
      `We are joint controllers with ${recipient} (GDPR Art. 26). The essence of our arrangement: ${arrangement}`,
    categoryOfRecipients: 'category of recipients',

    noTransfers:
      'We do not transfer your personal data to countries outside the European Economic Area (EEA).',
    noTransfersUk:
      'We do not transfer your personal data to countries outside the United Kingdom and the European Economic Area.',
    transfersIntro:
      'Some recipients process personal data in countries outside the European Economic Area (EEA). We transfer data there only with one of the safeguards of Chapter V of the GDPR:',
    adequacy: 'Adequacy decision of the European Commission (GDPR Art. 45)',
    adequacyUk: 'UK adequacy regulations (UK GDPR Art. 45)',
    noSafeguardNeeded: 'Not needed: no transfer outside the EEA',
    tiaDone: 'A transfer impact assessment was carried out.',
    tiaDoneOn: (date) => `A transfer impact assessment was carried out on ${date}.`,
    ukRegime: 'under the UK GDPR',
    copyOfSafeguards: (channels) =>
      `You can obtain a copy of these safeguards, or find out where they are available, by contacting us via: ${channels}.`,

    allPersonalData: 'All personal data',
    residencyProcessing: (places) =>
      `Processed and stored only in the following countries or regions: ${places}`,
    residencyStorage: (places) => `Stored only in the following countries or regions: ${places}`,

    retentionIntro:
      'We keep personal data only as long as needed for the purpose for which we process it (GDPR Art. 5(1)(e)), and then delete or anonymise it.',
    retentionFor: (duration, event) => `${duration} after ${event}`,
    retentionMaximum: (duration) => `In any case at most ${duration}.`,
    thenAnonymised: 'then anonymised',
    anonymisedWhereNotDeletable: 'Anonymised where deletion is not possible.',
    legalHold: (basis) => `Kept for as long as the law requires: ${basis}.`,
    fallbackMechanisms: (mechanisms) => `with, as a fallback, ${mechanisms}`,
    withUkAddendum: 'with the UK Addendum',
    noSale: 'We do not sell personal data.',
    noSaleOrRent: 'We do not sell or rent personal data.',
    disclosedOnlyBy: (controllers) =>
      `Not a transfer under the GDPR: disclosed only by ${controllers}`,
    suppression:
      'If you ask us to erase your data, we keep only the minimum needed, such as your email address, on a suppression list, so that we never contact you again.',

    rightsUnder: (laws) => `Under the ${laws}, you have the following rights:`,
    exerciseIntro: 'To exercise your rights, contact us via:',
    exerciseFor: (controller) => `For ${controller}:`,
    responseTime: (period, extension) =>
      `We answer without undue delay and at the latest within ${period} of receiving your request. For complex or numerous requests we may extend this by a further ${extension}; we then tell you so within the first month, with the reasons (GDPR Art. 12(3)).`,
    notActing:
      'If we do not act on your request, we tell you why within one month, and that you can lodge a complaint with a supervisory authority and seek a judicial remedy (GDPR Art. 12(4)).',
    feeNone: 'Exercising your rights is free of charge.',
    feeExcessive:
      'Exercising your rights is free of charge. If a request is manifestly unfounded or excessive, in particular because it is repetitive, we may charge a reasonable fee based on our administrative costs or refuse to act on it (GDPR Art. 12(5)).',
    identityDefault:
      'If we have reasonable doubts about your identity, we may ask for the additional information needed to confirm it (GDPR Art. 12(6)).',
    recipientsInformed:
      'We inform each recipient of any rectification, erasure or restriction, unless this proves impossible or involves disproportionate effort, and tell you who they are if you ask (GDPR Art. 19).',
    withdrawIntro:
      'Where we process your data on the basis of your consent, you can withdraw it at any time, as easily as you gave it. Withdrawing does not affect the lawfulness of the processing based on consent before its withdrawal (GDPR Art. 7(3)). You can withdraw your consent for:',
    objectionIntro:
      'Where we process your data on the basis of our legitimate interests, you can object at any time, on grounds relating to your particular situation. We then stop, unless we demonstrate compelling legitimate grounds that override your interests, rights and freedoms, or need the data for the establishment, exercise or defence of legal claims (GDPR Art. 21(1)). You can object to:',
    directMarketingIntro:
      'You can object at any time, free of charge and without giving reasons, to the use of your data for direct marketing, including profiling related to it. We then stop using your data for direct marketing at once (GDPR Art. 21(2) and (3)). You can object to:',
    complaintIntro:
      'You have the right to lodge a complaint with a supervisory authority, in particular in the EU member state where you live or work or where the alleged infringement took place (GDPR Art. 77).',
    complaintAuthority: 'The supervisory authority competent for us is:',

    noAutomated:
      'We do not take decisions about you based solely on automated processing, including profiling, that produce legal effects concerning you or similarly significantly affect you (GDPR Art. 22).',
    automatedIntro:
      'We use the automated processing below. For each, we explain the logic involved and its significance and envisaged consequences for you (GDPR Art. 13(2)(f)).',
    art22Rights:
      'For this decision you have the right to obtain human intervention, to express your point of view and to contest the decision (GDPR Art. 22(3)).',

    requirementsIntro:
      'Whether you have to provide your personal data, and what happens if you do not (GDPR Art. 13(2)(e)):',

    cookiesIntro:
      'We and the providers below store information on your device or read it from there. Without your consent we do so only where it is strictly necessary for the service you asked for; for everything else we ask for your consent first (ePrivacy Directive Art. 5(3)).',
    cookiesChoice: (channels) =>
      `You can change or withdraw your choice at any time via: ${channels}.`,
    strictlyNecessary: 'strictly necessary',

    securityIntro:
      'We take appropriate technical and organisational measures to protect your personal data (GDPR Art. 32), including:',

    usIntro: (laws) =>
      `This section supplements the rest of this notice for residents of the US states whose privacy laws apply to us. It is given under the following laws: ${laws}.`,
    usController: (controller) =>
      `For residents of the United States, the business responsible for your personal information is ${controller}.`,
    usCollectedIntro:
      'In the last 12 months we have collected the following categories of personal information, from the sources and for the business or commercial purposes shown, and disclosed them for a business purpose to the categories of recipients shown:',
    usOtherCategory: 'Other personal information',
    usNoSale:
      'We do not sell or share personal information, and we have not done so in the last 12 months.',
    usSells: (categories, recipients) =>
      `In the last 12 months we have sold the following categories of personal information: ${categories}; to the following categories of third parties: ${recipients}.`,
    usShares: (categories, recipients) =>
      `In the last 12 months we have shared the following categories of personal information for cross-context behavioural advertising: ${categories}; with the following categories of third parties: ${recipients}.`,
    usOptOut: (channels) =>
      `You can opt out of the sale and sharing of your personal information at any time (“Do Not Sell or Share My Personal Information”) via: ${channels}.`,
    usNoMinors:
      'We have no actual knowledge that we sell or share personal information of consumers under 16 years of age.',
    usMinors:
      'We sell or share personal information of consumers under 16 only with their affirmative authorisation, or that of a parent or guardian for consumers under 13.',
    usTargetedAdvertising:
      'We process personal data for targeted advertising; you can opt out as described below.',
    usOptOutTargetedAdvertising: (channels) =>
      `You can opt out of the processing of your personal data for targeted advertising at any time via: ${channels}.`,
    usNoTargetedAdvertising: 'We do not process personal data for targeted advertising.',
    usSensitiveCollected: (categories) =>
      `We collect the following sensitive personal information: ${categories}.`,
    usSensitiveNone: 'We do not use or disclose sensitive personal information.',
    usSensitiveLimited:
      'We use and disclose sensitive personal information only for the purposes the CCPA regulations permit (Cal. Code Regs. tit. 11, § 7027(m)), such as providing the goods or services you request and ensuring security and integrity, and not to infer characteristics about you.',
    usSensitiveBeyond: (channels) =>
      `We also use sensitive personal information for other purposes. You can direct us to limit its use and disclosure to what the law permits (“Limit the Use of My Sensitive Personal Information”) via: ${channels}.`,
    usRetention:
      'We keep each category of personal information for the period stated for the purpose it serves under “How long we keep your data”.',
    usRequestsIntro: 'To exercise your rights, contact us via:',
    usConfirmReceipt: (days) =>
      `We confirm receipt of a request to know, delete or correct within ${days} business days.`,
    usResponse: (period, extension) =>
      `We answer within ${period} of receiving your request. If we need more time, we may extend this once by another ${extension}; we then tell you so, with the reasons, within the first period.`,
    usVerification:
      'Before we act on a request to know, delete or correct, we verify your identity by matching the information you give us with the information we hold. Requests to opt out need no verification.',
    usAgent:
      'You may use an authorised agent to submit a request on your behalf. We may ask the agent for proof of your signed permission and ask you to verify your identity with us directly.',
    usGpc:
      'We treat a Global Privacy Control (GPC) signal sent by your browser as a valid request to opt out of the sale and sharing of your personal information and of targeted advertising, for that browser and any profile we associate with it.',
    usNoGpc: 'We do not currently respond to Global Privacy Control (GPC) signals.',
    dntHonoured: 'We honour Do Not Track (DNT) signals sent by your browser.',
    dntNotHonoured: 'We do not respond to Do Not Track (DNT) signals sent by your browser.',
    usNonDiscrimination:
      'We will not discriminate against you for exercising your rights: we will not deny you goods or services, charge you different prices or provide a different level or quality of goods or services because you did.',
    usAppeal: (law, channels, period) =>
      `${law}: if we decline to take action on your request, you can appeal our decision via: ${channels}. We answer your appeal in writing within ${period}, with the reasons for our decision.`,
    usAppealAttorneyGeneral: (attorneyGeneral, url) =>
      `If we deny your appeal, you can submit a complaint to ${attorneyGeneral}: ${url}`,

    changesGeneral:
      'We may update this notice when our processing changes. The version and effective date at the top show which version applies.',
    changesNotify: 'If we make significant changes, we will inform you.',
    changesSendCopy: 'We will also send you a copy of the updated notice.',
  },
};
