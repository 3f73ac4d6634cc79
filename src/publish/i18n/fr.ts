import type { Strings } from './strings.js';

const SPECIAL =
  'les données qui révèlent l’origine raciale ou ethnique, les opinions politiques, les convictions religieuses ou philosophiques ou l’appartenance syndicale, les données génétiques, les données biométriques aux fins d’identifier une personne, les données concernant la santé et les données concernant la vie sexuelle ou l’orientation sexuelle d’une personne';

/** French (the terms of the French text of the GDPR, as used in Belgium and France). */
export const fr: Strings = {
  format: {
    units: {
      year: ['an', 'ans'],
      month: ['mois', 'mois'],
      week: ['semaine', 'semaines'],
      day: ['jour', 'jours'],
      hour: ['heure', 'heures'],
      minute: ['minute', 'minutes'],
      second: ['seconde', 'secondes'],
    },
    session: 'Session',
    noStorage: "Rien n'est stocké",
    months: [
      'janvier',
      'février',
      'mars',
      'avril',
      'mai',
      'juin',
      'juillet',
      'août',
      'septembre',
      'octobre',
      'novembre',
      'décembre',
    ],
    // French writes the first day of a month as an ordinal: "1er mars 2026".
    date: (day, month, year) => `${day === 1 ? '1er' : day} ${month} ${year}`,
    and: 'et',
    yes: 'Oui',
    no: 'Non',
    notStated: 'Non précisé',
    notDeclared: (what) => `NON DÉCLARÉ : ${what}`,
  },
  gaps: {
    appealChannel: 'canal de recours',
    optOutChannel: 'canal de refus (opt-out)',
    limitUseChannel: "canal pour limiter l'utilisation des informations personnelles sensibles",
    withdrawalChannel: 'canal de retrait du consentement',
    objectionChannel: 'canal d’opposition',
    legalBasis: 'base juridique',
    retention: 'durée de conservation',
  },
  headings: {
    controllers: 'Qui est responsable de vos données ?',
    processor: 'Lorsque nous agissons pour nos clients',
    data: 'Les données personnelles que nous traitons',
    specialCategories: 'Catégories particulières de données personnelles',
    children: 'Enfants',
    sources: 'D’où proviennent vos données',
    purposes: 'Pourquoi nous traitons vos données et sur quelle base juridique',
    recipients: 'Qui reçoit vos données',
    transfers: 'Transferts hors de l’Espace économique européen',
    residency: 'Où vos données sont conservées',
    retention: 'Combien de temps nous conservons vos données',
    rights: 'Vos droits',
    exercise: 'Comment exercer vos droits',
    withdrawConsent: 'Retirer votre consentement',
    objection: 'Votre droit d’opposition',
    complaint: 'Votre droit d’introduire une réclamation',
    automated: 'Décisions automatisées et profilage',
    requirements: 'Êtes-vous tenu de fournir vos données ?',
    cookies: 'Cookies et technologies similaires',
    security: 'Comment nous protégeons vos données',
    us: 'Informations complémentaires pour les résidents des États-Unis',
    usCollected: 'Informations personnelles que nous collectons',
    usSale: 'Vente et partage d’informations personnelles',
    usSensitive: 'Informations personnelles sensibles',
    usRetention: 'Conservation',
    usRights: 'Vos droits en vertu des lois des États américains sur la vie privée',
    usRequests: 'Comment introduire une demande',
    usAppeal: 'Recours',
    changes: 'Modifications de la présente déclaration',
  },
  labels: {
    version: 'Version',
    effectiveDate: 'Date d’entrée en vigueur',
    name: 'Nom',
    address: 'Adresse',
    companyNumber: 'Numéro d’entreprise',
    vatNumber: 'Numéro de TVA',
    email: 'E-mail',
    phone: 'Téléphone',
    website: 'Site web',
    postalAddress: 'Adresse postale',
    responsibleFor: 'Responsable pour',
    dpo: 'Délégué à la protection des données',
    euRepresentative: 'Représentant dans l’UE (art. 27 RGPD)',
    ukRepresentative: 'Représentant au Royaume-Uni (art. 27 UK GDPR)',
    subjects: 'Personnes concernées',
    categories: 'Données personnelles',
    sources: 'Sources',
    legalBasis: 'Base juridique',
    legitimateInterest: 'Notre intérêt légitime',
    balancing: 'Mise en balance des intérêts',
    legalObligation: 'Obligation légale',
    specialCondition: 'Condition pour les catégories particulières',
    withdrawal: 'Retrait du consentement',
    objection: 'Opposition',
    recipients: 'Destinataires',
    controllers: 'Responsable du traitement',
    requirement: 'Obligation de fournir les données',
    automated: 'Décisions automatisées',
    softOptIn: 'Clients existants',
    softOptInInterest: 'Notre intérêt légitime (clients existants)',
    softOptInBalancing: 'Mise en balance des intérêts (clients existants)',
    recipient: 'Destinataire',
    recipientType: 'Rôle',
    service: 'Service',
    processingCountries: 'Pays de traitement',
    storageCountries: 'Pays de stockage',
    safeguard: 'Garantie de transfert',
    purpose: 'Finalité',
    retentionPeriod: 'Durée de conservation',
    retentionReason: 'Pourquoi',
    cookieName: 'Nom',
    provider: 'Fournisseur',
    duration: 'Durée',
    party: 'Propriétaire ou tiers',
    cookieType: 'Type',
    ccpaCategory: 'Catégorie',
    examples: 'Exemples',
    businessPurposes: 'Finalités professionnelles ou commerciales',
    disclosedTo: 'Communiquées à des fins professionnelles à',
    profiling: 'Profilage',
    solelyAutomated: 'Décision exclusivement automatisée',
    significantEffect: 'Effets juridiques ou effets similaires importants',
    logic: 'Logique sous-jacente',
    significance: 'Importance',
    consequences: 'Conséquences envisagées',
    art22Exception: 'Exception invoquée (art. 22.2 RGPD)',
    safeguards: 'Garanties',
    inspect: 'Consulter et modifier ce qui a été déduit',
    financialIncentives: 'Incitations financières',
  },
  legalBases: {
    consent: 'Votre consentement (art. 6.1.a RGPD)',
    contract:
      'Exécution d’un contrat conclu avec vous, ou de mesures précontractuelles prises à votre demande (art. 6.1.b RGPD)',
    'legal-obligation': 'Respect d’une obligation légale (art. 6.1.c RGPD)',
    'vital-interests':
      'Sauvegarde de vos intérêts vitaux ou de ceux d’une autre personne (art. 6.1.d RGPD)',
    'public-task':
      'Exécution d’une mission d’intérêt public ou relevant de l’exercice de l’autorité publique (art. 6.1.e RGPD)',
    'legitimate-interests': 'Nos intérêts légitimes (art. 6.1.f RGPD)',
  },
  art9Conditions: {
    'explicit-consent': 'Votre consentement explicite (art. 9.2.a RGPD)',
    'employment-social-security':
      'Obligations et droits en matière de droit du travail, de la sécurité sociale et de la protection sociale (art. 9.2.b RGPD)',
    'vital-interests':
      'Sauvegarde des intérêts vitaux lorsque vous êtes dans l’incapacité de donner votre consentement (art. 9.2.c RGPD)',
    'not-for-profit-body':
      'Activités légitimes d’un organisme à but non lucratif poursuivant une finalité politique, philosophique, religieuse ou syndicale, concernant ses membres (art. 9.2.d RGPD)',
    'made-public-by-subject':
      'Données que vous avez manifestement rendues publiques (art. 9.2.e RGPD)',
    'legal-claims': 'Constatation, exercice ou défense d’un droit en justice (art. 9.2.f RGPD)',
    'substantial-public-interest':
      'Motifs d’intérêt public important, sur la base du droit (art. 9.2.g RGPD)',
    'health-or-social-care':
      'Médecine préventive ou médecine du travail, diagnostics médicaux, prise en charge sanitaire ou sociale (art. 9.2.h RGPD)',
    'public-health':
      'Motifs d’intérêt public dans le domaine de la santé publique (art. 9.2.i RGPD)',
    'archiving-research-statistics':
      'Archivage dans l’intérêt public, recherche scientifique ou historique ou fins statistiques (art. 9.2.j RGPD)',
  },
  art22Exceptions: {
    contract:
      'Nécessaire à la conclusion ou à l’exécution d’un contrat avec vous (art. 22.2.a RGPD)',
    'authorised-by-law': 'Autorisée par la loi, avec des garanties appropriées (art. 22.2.b RGPD)',
    'explicit-consent': 'Votre consentement explicite (art. 22.2.c RGPD)',
  },
  sourceTypes: {
    'data-subject': 'Auprès de vous',
    automatic: 'Collectées automatiquement',
    'third-party': 'Auprès de tiers',
    public: 'Sources accessibles au public',
  },
  retentionEvents: {
    collection: 'la collecte',
    'last-interaction': 'notre dernier contact avec vous',
    'contract-end': 'la fin du contrat',
    'account-closure': 'la clôture de votre compte',
    'consent-withdrawal': 'le retrait de votre consentement',
    'request-closure': 'la clôture de votre demande',
    'end-of-financial-year': 'la fin de l’exercice comptable',
    event: 'l’événement concerné',
  },
  ownRecords: {
    closedRequests: {
      what: 'Les données de vos demandes relatives à vos données personnelles',
      event: 'la clôture de votre demande',
      reason:
        'Pour pouvoir montrer comment nous avons traité votre demande et répondre à une réclamation à son sujet (art. 5.2 et 12 RGPD).',
    },
    deliveredMail: {
      what: 'Les e-mails que nous vous envoyons au sujet de vos demandes',
      event: 'leur envoi',
      reason:
        'Pour pouvoir montrer que nous vous avons répondu. Le texte de l’e-mail et votre adresse sont effacés dès son envoi.',
    },
    consentProof: {
      what: 'Un choix de consentement que vous avez modifié ensuite',
      event: 'sa modification',
      reason:
        'Pour pouvoir prouver que ce que nous avons fait tant qu’il s’appliquait était licite (art. 7.1 RGPD). Vos choix actuels sont conservés tant qu’ils s’appliquent.',
    },
  },
  recipientTypes: {
    processor: 'Sous-traitant',
    'joint-controller': 'Responsable conjoint du traitement',
    controller: 'Responsable du traitement indépendant',
    authority: 'Autorité publique',
    'group-company': 'Société du groupe',
  },
  transferMechanisms: {
    adequacy: 'Décision d’adéquation de la Commission européenne (art. 45 RGPD)',
    scc: 'Clauses contractuelles types adoptées par la Commission européenne (art. 46.2.c RGPD)',
    'uk-idta': 'International Data Transfer Agreement ou Addendum britannique (art. 46 UK GDPR)',
    dpf: 'Cadre de protection des données UE–États-Unis (Data Privacy Framework ; décision d’adéquation, art. 45 RGPD)',
    bcr: 'Règles d’entreprise contraignantes (art. 47 RGPD)',
    'code-of-conduct':
      'Code de conduite approuvé assorti d’engagements contraignants (art. 46.2.e RGPD)',
    certification:
      'Mécanisme de certification approuvé assorti d’engagements contraignants (art. 46.2.f RGPD)',
    derogation: 'Dérogation pour une situation particulière (art. 49 RGPD)',
  },
  derogations: {
    'explicit-consent':
      'votre consentement explicite, après avoir été informé des risques possibles (art. 49.1.a RGPD)',
    'contract-with-subject':
      'nécessaire à l’exécution d’un contrat conclu avec vous (art. 49.1.b RGPD)',
    'contract-in-subject-interest':
      'nécessaire à un contrat conclu dans votre intérêt (art. 49.1.c RGPD)',
    'public-interest': 'nécessaire pour des motifs importants d’intérêt public (art. 49.1.d RGPD)',
    'legal-claims':
      'nécessaire à la constatation, à l’exercice ou à la défense de droits en justice (art. 49.1.e RGPD)',
    'vital-interests':
      'nécessaire à la sauvegarde des intérêts vitaux lorsque le consentement ne peut être donné (art. 49.1.f RGPD)',
    'public-register': 'effectué au départ d’un registre public (art. 49.1.g RGPD)',
    'compelling-legitimate-interests':
      'nécessaire aux fins de nos intérêts légitimes impérieux, pour un transfert non répétitif ne touchant qu’un nombre limité de personnes, l’autorité de contrôle en étant informée (art. 49.1, deuxième alinéa, RGPD)',
  },
  channelTypes: {
    email: 'E-mail',
    'web-form': 'Formulaire web',
    'privacy-center': 'Centre de confidentialité',
    postal: 'Courrier',
    phone: 'Téléphone',
    'toll-free-phone': 'Numéro gratuit',
    'unsubscribe-link': 'Lien de désinscription',
    'account-settings': 'Paramètres du compte',
    'cookie-banner': 'Paramètres des cookies',
    'in-person': 'En personne',
  },
  channelDefaults: {
    email: 'Par e-mail',
    'web-form': 'Notre formulaire web',
    'privacy-center': 'Notre centre de confidentialité',
    postal: 'Par courrier',
    phone: 'Par téléphone',
    'toll-free-phone': 'Par notre numéro gratuit',
    'unsubscribe-link': 'Le lien de désinscription présent dans chacun de nos messages',
    'account-settings': 'Les paramètres de votre compte',
    'cookie-banner': 'Les paramètres des cookies sur notre site web',
    'in-person': 'En personne, dans nos bureaux',
  },
  rights: {
    access: {
      name: 'Droit d’accès (art. 15 RGPD)',
      explanation:
        'Vous pouvez demander si nous traitons vos données personnelles et, le cas échéant, en obtenir une copie, accompagnée des finalités, des catégories, des destinataires, de la durée de conservation, de la source et de vos droits ; la première copie est gratuite.',
    },
    rectification: {
      name: 'Droit de rectification (art. 16 RGPD)',
      explanation:
        'Vous pouvez faire rectifier dans les meilleurs délais les données inexactes vous concernant et faire compléter les données incomplètes.',
    },
    erasure: {
      name: 'Droit à l’effacement (art. 17 RGPD)',
      explanation:
        'Vous pouvez faire effacer vos données personnelles, par exemple lorsqu’elles ne sont plus nécessaires, lorsque vous retirez votre consentement ou vous opposez au traitement, ou lorsqu’elles ont fait l’objet d’un traitement illicite, sauf si nous devons les conserver, par exemple pour respecter une obligation légale ou pour la défense de droits en justice.',
    },
    restriction: {
      name: 'Droit à la limitation du traitement (art. 18 RGPD)',
      explanation:
        'Vous pouvez obtenir la limitation du traitement, de sorte que nous ne fassions plus que conserver vos données, pendant que vous en contestez l’exactitude, lorsque le traitement est illicite et que vous préférez la limitation à l’effacement, lorsque nous n’avons plus besoin des données mais que vous en avez besoin pour la défense de droits en justice, ou pendant que nous examinons votre opposition.',
    },
    portability: {
      name: 'Droit à la portabilité des données (art. 20 RGPD)',
      explanation:
        'Vous pouvez recevoir les données que vous nous avez fournies, lorsque nous les traitons par des moyens automatisés sur la base de votre consentement ou d’un contrat, dans un format structuré, couramment utilisé et lisible par machine, et les faire transmettre directement à un autre responsable du traitement lorsque cela est techniquement possible.',
    },
    objection: {
      name: 'Droit d’opposition (art. 21 RGPD)',
      explanation:
        'Vous pouvez vous opposer à tout moment, pour des raisons tenant à votre situation particulière, à un traitement fondé sur nos intérêts légitimes ou sur une mission d’intérêt public ; votre opposition à la prospection est absolue, gratuite et ne doit pas être motivée.',
    },
    'withdraw-consent': {
      name: 'Droit de retirer votre consentement (art. 7.3 RGPD)',
      explanation:
        'Lorsque nous nous fondons sur votre consentement, vous pouvez le retirer à tout moment, aussi simplement que vous l’avez donné, sans que cela compromette la licéité du traitement effectué avant ce retrait.',
    },
    'automated-decisions': {
      name: 'Droits relatifs à la prise de décision automatisée (art. 22 RGPD)',
      explanation:
        'Vous avez le droit de ne pas faire l’objet d’une décision fondée exclusivement sur un traitement automatisé, y compris le profilage, produisant des effets juridiques vous concernant ou vous affectant de manière significative de façon similaire et, lorsqu’une telle décision est permise, d’obtenir une intervention humaine, d’exprimer votre point de vue et de contester la décision.',
    },
    complaint: {
      name: 'Droit d’introduire une réclamation (art. 77 RGPD)',
      explanation:
        'Vous pouvez introduire une réclamation auprès d’une autorité de contrôle, en particulier dans l’État membre où vous résidez ou travaillez ou dans lequel la violation présumée a eu lieu.',
    },
    know: {
      name: 'Droit de savoir et d’accès',
      explanation:
        'Vous pouvez nous demander de vous communiquer les catégories et les éléments précis d’informations personnelles que nous avons collectés à votre sujet, les catégories de sources, les finalités professionnelles ou commerciales et les catégories de tiers auxquels nous les communiquons.',
    },
    delete: {
      name: 'Droit de suppression',
      explanation:
        'Vous pouvez nous demander de supprimer les informations personnelles que nous avons collectées auprès de vous, sous réserve des exceptions prévues par la loi.',
    },
    correct: {
      name: 'Droit de correction',
      explanation:
        'Vous pouvez nous demander de corriger les informations personnelles inexactes vous concernant.',
    },
    'opt-out-sale': {
      name: 'Droit de refuser la vente',
      explanation: 'Vous pouvez nous demander de ne pas vendre vos informations personnelles.',
    },
    'opt-out-sharing': {
      name: 'Droit de refuser le partage',
      explanation:
        'Vous pouvez nous demander de ne pas partager vos informations personnelles à des fins de publicité comportementale intercontextuelle.',
    },
    'opt-out-targeted-advertising': {
      name: 'Droit de refuser la publicité ciblée',
      explanation:
        'Vous pouvez refuser le traitement de vos données personnelles à des fins de publicité ciblée.',
    },
    'opt-out-profiling': {
      name: 'Droit de refuser le profilage',
      explanation:
        'Vous pouvez refuser le profilage servant à des décisions qui produisent des effets juridiques ou des effets similaires importants vous concernant.',
    },
    'limit-sensitive': {
      name: 'Droit de limiter l’utilisation des informations personnelles sensibles',
      explanation:
        'Vous pouvez nous demander de limiter l’utilisation et la communication de vos informations personnelles sensibles à ce qui est nécessaire pour fournir les biens ou services que vous demandez.',
    },
    'non-discrimination': {
      name: 'Droit à la non-discrimination',
      explanation:
        'Nous ne vous traiterons pas de manière discriminatoire parce que vous exercez l’un de vos droits.',
    },
    appeal: {
      name: 'Droit de recours',
      explanation:
        'Si nous refusons de donner suite à votre demande, vous pouvez former un recours contre notre décision.',
    },
  },
  usPortability: {
    name: 'Droit à la portabilité des données',
    explanation:
      'Vous pouvez obtenir les données personnelles que vous nous avez fournies dans un format portable et, dans la mesure où cela est techniquement possible, directement utilisable, qui vous permet de les transmettre à une autre entité.',
  },
  laws: {
    gdpr: 'Règlement général sur la protection des données (RGPD, règlement (UE) 2016/679)',
    'uk-gdpr': 'Règlement général sur la protection des données du Royaume-Uni (UK GDPR)',
    ccpa: 'California Consumer Privacy Act, tel que modifié par le California Privacy Rights Act (CCPA)',
    vcdpa: 'Virginia Consumer Data Protection Act (VCDPA)',
    cpa: 'Colorado Privacy Act (CPA)',
    ctdpa: 'Connecticut Data Privacy Act (CTDPA)',
    ucpa: 'Utah Consumer Privacy Act (UCPA)',
  },
  lawShort: {
    gdpr: 'RGPD',
    'uk-gdpr': 'UK GDPR',
    ccpa: 'CCPA',
    vcdpa: 'VCDPA',
    cpa: 'CPA',
    ctdpa: 'CTDPA',
    ucpa: 'UCPA',
  },
  attorneyGeneral: {
    vcdpa: 'l’Attorney General de Virginie',
    cpa: 'l’Attorney General du Colorado',
    ctdpa: 'l’Attorney General du Connecticut',
  },
  securityMeasures: {
    'encryption-in-transit': 'Chiffrement en transit',
    'encryption-at-rest': 'Chiffrement au repos',
    'access-control': 'Contrôle d’accès',
    authentication: 'Authentification',
    'network-security': 'Sécurité du réseau',
    'logging-monitoring': 'Journalisation et surveillance',
    backup: 'Sauvegardes',
    pseudonymisation: 'Pseudonymisation',
    'confidentiality-agreements': 'Obligations de confidentialité',
    training: 'Formation du personnel',
    'physical-security': 'Sécurité physique',
    'vendor-management': 'Gestion des fournisseurs',
    'incident-response': 'Gestion des incidents',
    testing: 'Tests réguliers de notre sécurité',
    other: 'Autres mesures',
  },
  requirementTypes: {
    none: 'Vous n’êtes pas tenu de fournir ces données.',
    statutory: 'La fourniture de ces données est une exigence réglementaire.',
    contractual: 'La fourniture de ces données est une exigence contractuelle.',
    'contract-prerequisite':
      'La fourniture de ces données conditionne la conclusion d’un contrat avec nous.',
  },
  cookieParties: {
    first: 'Propriétaire',
    third: 'Tiers',
  },
  cookieTypes: {
    cookie: 'Cookie',
    'local-storage': 'Stockage local',
    'session-storage': 'Stockage de session',
    pixel: 'Pixel',
    sdk: 'Kit de développement logiciel (SDK)',
  },
  regions: {
    EU: 'Union européenne',
    EEA: 'Espace économique européen',
  },
  specialCategoriesList: SPECIAL,
  text: {
    title: (organisation) => `Déclaration de confidentialité de ${organisation}`,
    draftBanner:
      'PROJET, à ne pas publier. La cartographie des données dont cette déclaration est issue contient des erreurs ; chaque information qui y manque est signalée par NON DÉCLARÉ.',
    intro: (organisation) =>
      `La présente déclaration explique quelles données personnelles ${organisation} traite, pourquoi et sur quelle base juridique, qui les reçoit, combien de temps elles sont conservées, ainsi que les droits dont vous disposez et la manière de les exercer.`,
    relatedIntro: 'Lisez la présente déclaration avec :',

    oneController: (controller) =>
      `${controller} est le responsable du traitement de vos données personnelles et détermine pourquoi et comment vos données sont traitées.`,
    severalControllers:
      'Les sociétés suivantes sont responsables du traitement de vos données personnelles. Lorsque cela dépend de votre lieu de résidence, la société responsable pour vous est indiquée ci-dessous.',
    peopleIn: (places, count) =>
      count === 1
        ? `les personnes résidant dans le pays ou la région suivants : ${places}`
        : `les personnes résidant dans les pays ou régions suivants : ${places}`,
    peopleInExcept: (places, except) =>
      `les personnes résidant dans les pays ou régions suivants : ${places} ; à l’exception de : ${except}`,
    everyoneOutside: (places, count) =>
      count === 1
        ? `toutes les personnes résidant en dehors du pays ou de la région suivants : ${places}`
        : `toutes les personnes résidant en dehors des pays ou régions suivants : ${places}`,
    everyoneElse: 'toutes les autres personnes',
    attention: (who) => `à l’attention de ${who}`,
    dpoRole:
      'Le délégué à la protection des données contrôle le respect de la législation sur la protection des données et est votre point de contact pour toute question relative au traitement de vos données et à l’exercice de vos droits (art. 38.4 et 39 RGPD).',
    processorIntro: (organisation) =>
      `Lorsque ${organisation} traite des données personnelles pour le compte de clients, il agit en qualité de sous-traitant (art. 28 RGPD) et les clients sont les responsables du traitement. La présente déclaration ne couvre pas ce traitement ; c’est la déclaration de confidentialité du client qui s’applique.`,
    processorAgreement: (agreement) => `Contrat applicable : ${agreement}`,

    dataIntro:
      'Nous traitons les catégories de données personnelles suivantes. Pour chaque finalité ci-dessous, nous indiquons celles que nous utilisons.',
    specialNote: (kind) => `catégorie particulière de données personnelles (art. 9 RGPD) : ${kind}`,
    criminalNote: 'données relatives aux condamnations pénales et aux infractions (art. 10 RGPD)',
    specialNotProcessed: `Nous ne traitons pas de catégories particulières de données personnelles (art. 9.1 RGPD), à savoir ${SPECIAL}.`,
    specialDeleted:
      'Si vous nous communiquez malgré tout de telles données, nous ne les utilisons pas et nous les supprimons.',
    specialKept:
      'Si vous nous communiquez malgré tout de telles données, nous ne les conservons que lorsqu’une condition de l’art. 9.2 RGPD le permet.',
    specialProcessed:
      'Nous traitons les catégories particulières de données personnelles suivantes, chacune uniquement sur la base d’une condition de l’art. 9.2 RGPD indiquée pour la finalité concernée :',
    childrenNotCollected: 'Nous ne collectons pas sciemment de données personnelles d’enfants.',
    childrenNotCollectedUnder: (age) =>
      `Nous ne collectons pas sciemment de données personnelles d’enfants de moins de ${age} ans.`,
    childrenCollected:
      'Certaines des personnes dont nous traitons les données personnelles peuvent être des enfants.',
    childrenConsentAge: (age) =>
      `Lorsque nous nous fondons sur le consentement pour un service en ligne proposé directement à un enfant de moins de ${age} ans, nous demandons le consentement du titulaire de la responsabilité parentale (art. 8.1 RGPD).`,
    sourcesIntro:
      'Nous obtenons des données personnelles auprès des sources suivantes (art. 14.2.f RGPD) :',
    publiclyAccessible: 'accessible au public',
    notPubliclyAccessible: 'non accessible au public',

    purposesIntro:
      'Nous traitons des données personnelles uniquement pour les finalités ci-dessous, chacune sur une base juridique de l’art. 6.1 RGPD.',
    withdrawVia: (channels) =>
      `Vous pouvez retirer votre consentement à tout moment via : ${channels}.`,
    objectVia: (channels) => `Vous pouvez vous y opposer à tout moment via : ${channels}.`,
    objectMarketingVia: (channels) =>
      `Vous pouvez vous y opposer à tout moment et gratuitement via : ${channels}. Nous arrêtons alors immédiatement.`,
    softOptIn: (subjects) =>
      `Sans demander d’abord votre consentement, nous pouvons envoyer des informations sur des produits et services similaires à ceux déjà achetés à : ${subjects}. Cet envoi repose sur notre intérêt légitime (art. 6.1.f RGPD, art. 13.2 de la directive vie privée et communications électroniques) ; vous pouvez vous y opposer à tout moment et gratuitement, y compris dans chaque message.`,
    seeAutomated:
      'Oui : cette finalité implique une prise de décision automatisée ou un profilage, expliqués sous « Décisions automatisées et profilage ».',

    recipientsIntro:
      'Nous ne communiquons des données personnelles qu’aux destinataires ci-dessous, et uniquement dans la mesure où ils en ont besoin pour les finalités pour lesquelles ils les reçoivent.',
    processorsBound:
      'Nos sous-traitants agissent uniquement sur nos instructions documentées, en vertu d’un contrat de sous-traitance conforme à l’art. 28.3 RGPD.',
    noRecipients:
      'Nous ne communiquons vos données personnelles à personne en dehors de notre organisation.',
    conditionsIntro:
      'Certains destinataires ne reçoivent des données que dans des cas particuliers :',
    jointController: (recipient, arrangement) =>
      `Nous sommes responsables conjoints du traitement avec ${recipient} (art. 26 RGPD). Les grandes lignes de notre accord : ${arrangement}`,
    categoryOfRecipients: 'catégorie de destinataires',

    noTransfers:
      'Nous ne transférons pas vos données personnelles vers des pays situés en dehors de l’Espace économique européen (EEE).',
    noTransfersUk:
      'Nous ne transférons pas vos données personnelles vers des pays situés en dehors du Royaume-Uni et de l’Espace économique européen.',
    transfersIntro:
      'Certains destinataires traitent des données personnelles dans des pays situés en dehors de l’Espace économique européen (EEE). Nous n’y transférons des données qu’avec l’une des garanties prévues au chapitre V du RGPD :',
    adequacy: 'Décision d’adéquation de la Commission européenne (art. 45 RGPD)',
    adequacyUk: 'Réglementation britannique d’adéquation (art. 45 UK GDPR)',
    noSafeguardNeeded: 'Pas nécessaire : aucun transfert hors de l’EEE',
    tiaDone: 'Une analyse d’impact des transferts (transfer impact assessment) a été réalisée.',
    tiaDoneOn: (date) =>
      `Une analyse d’impact des transferts (transfer impact assessment) a été réalisée le ${date}.`,
    ukRegime: 'en vertu du UK GDPR',
    copyOfSafeguards: (channels) =>
      `Vous pouvez obtenir une copie de ces garanties, ou savoir où elles sont disponibles, en nous contactant via : ${channels}.`,

    allPersonalData: 'Toutes les données personnelles',
    residencyProcessing: (places) =>
      `Traitées et stockées uniquement dans les pays ou régions suivants : ${places}`,
    residencyStorage: (places) =>
      `Stockées uniquement dans les pays ou régions suivants : ${places}`,

    retentionIntro:
      'Nous ne conservons les données personnelles que le temps nécessaire à la finalité pour laquelle nous les traitons (art. 5.1.e RGPD), puis nous les supprimons ou les anonymisons.',
    retentionFor: (duration, event) => `${duration} après ${event}`,
    retentionMaximum: (duration) => `En tout état de cause, ${duration} au maximum.`,
    thenAnonymised: 'puis anonymisées',
    anonymisedWhereNotDeletable: "Anonymisées lorsque l'effacement n'est pas possible.",
    legalHold: (basis) => `Conservées aussi longtemps que la loi l’exige : ${basis}.`,
    fallbackMechanisms: (mechanisms) => `avec, en solution de repli, ${mechanisms}`,
    withUkAddendum: "avec l'addendum britannique",
    noSale: 'Nous ne vendons pas de données personnelles.',
    noSaleOrRent: 'Nous ne vendons ni ne louons de données personnelles.',
    disclosedOnlyBy: (controllers) =>
      `Pas de transfert au sens du RGPD : communiqué uniquement par ${controllers}`,
    suppression:
      'Si vous nous demandez d’effacer vos données, nous ne conservons que le strict nécessaire, par exemple votre adresse e-mail, sur une liste d’exclusion, afin de ne plus jamais vous contacter.',

    rightsUnder: (laws) => `En vertu du ${laws}, vous disposez des droits suivants :`,
    exerciseIntro: 'Pour exercer vos droits, contactez-nous via :',
    exerciseFor: (controller) => `Pour ${controller} :`,
    responseTime: (period, extension) =>
      `Nous répondons dans les meilleurs délais et au plus tard dans un délai de ${period} à compter de la réception de votre demande. Pour des demandes complexes ou nombreuses, nous pouvons prolonger ce délai de ${extension} ; nous vous en informons alors dans le premier mois, en indiquant les motifs (art. 12.3 RGPD).`,
    notActing:
      'Si nous ne donnons pas suite à votre demande, nous vous en indiquons les motifs dans un délai d’un mois et vous informons de la possibilité d’introduire une réclamation auprès d’une autorité de contrôle et de former un recours juridictionnel (art. 12.4 RGPD).',
    feeNone: 'L’exercice de vos droits est gratuit.',
    feeExcessive:
      'L’exercice de vos droits est gratuit. Si une demande est manifestement infondée ou excessive, notamment en raison de son caractère répétitif, nous pouvons exiger le paiement de frais raisonnables tenant compte des coûts administratifs, ou refuser d’y donner suite (art. 12.5 RGPD).',
    identityDefault:
      'Si nous avons des doutes raisonnables quant à votre identité, nous pouvons vous demander les informations supplémentaires nécessaires pour la confirmer (art. 12.6 RGPD).',
    recipientsInformed:
      'Nous notifions à chaque destinataire toute rectification, tout effacement ou toute limitation, à moins qu’une telle communication se révèle impossible ou exige des efforts disproportionnés, et nous vous indiquons ces destinataires si vous en faites la demande (art. 19 RGPD).',
    withdrawIntro:
      'Lorsque nous traitons vos données sur la base de votre consentement, vous pouvez le retirer à tout moment, aussi simplement que vous l’avez donné. Le retrait ne compromet pas la licéité du traitement fondé sur le consentement effectué avant ce retrait (art. 7.3 RGPD). Vous pouvez retirer votre consentement pour :',
    objectionIntro:
      'Lorsque nous traitons vos données sur la base de nos intérêts légitimes, vous pouvez vous y opposer à tout moment, pour des raisons tenant à votre situation particulière. Nous cessons alors le traitement, à moins de démontrer des motifs légitimes et impérieux qui prévalent sur vos intérêts, droits et libertés, ou d’avoir besoin des données pour la constatation, l’exercice ou la défense de droits en justice (art. 21.1 RGPD). Vous pouvez vous opposer à :',
    directMarketingIntro:
      'Vous pouvez vous opposer à tout moment, gratuitement et sans devoir vous justifier, à l’utilisation de vos données à des fins de prospection, y compris au profilage lié à cette prospection. Nous cessons alors immédiatement d’utiliser vos données à ces fins (art. 21.2 et 21.3 RGPD). Vous pouvez vous opposer à :',
    complaintIntro:
      'Vous avez le droit d’introduire une réclamation auprès d’une autorité de contrôle, en particulier dans l’État membre de l’UE où vous résidez ou travaillez ou dans lequel la violation présumée a eu lieu (art. 77 RGPD).',
    complaintAuthority: 'L’autorité de contrôle compétente à notre égard est :',

    noAutomated:
      'Nous ne prenons à votre sujet aucune décision fondée exclusivement sur un traitement automatisé, y compris le profilage, produisant des effets juridiques vous concernant ou vous affectant de manière significative de façon similaire (art. 22 RGPD).',
    automatedIntro:
      'Nous utilisons le traitement automatisé décrit ci-dessous. Pour chacun, nous expliquons la logique sous-jacente ainsi que l’importance et les conséquences envisagées pour vous (art. 13.2.f RGPD).',
    art22Rights:
      'Pour cette décision, vous avez le droit d’obtenir une intervention humaine, d’exprimer votre point de vue et de contester la décision (art. 22.3 RGPD).',

    requirementsIntro:
      'Si vous êtes tenu de fournir vos données personnelles, et ce qui se passe si vous ne le faites pas (art. 13.2.e RGPD) :',

    cookiesIntro:
      'Nous et les fournisseurs ci-dessous stockons des informations sur votre appareil ou y accédons. Sans votre consentement, nous ne le faisons que lorsque c’est strictement nécessaire au service que vous avez demandé ; pour tout le reste, nous demandons d’abord votre consentement (art. 5.3 de la directive vie privée et communications électroniques).',
    cookiesChoice: (channels) =>
      `Vous pouvez modifier ou retirer votre choix à tout moment via : ${channels}.`,
    strictlyNecessary: 'strictement nécessaire',

    securityIntro:
      'Nous prenons des mesures techniques et organisationnelles appropriées pour protéger vos données personnelles (art. 32 RGPD), notamment :',

    usIntro: (laws) =>
      `Cette section complète la présente déclaration pour les résidents des États américains dont les lois sur la vie privée nous sont applicables. Elle est fournie en vertu des lois suivantes : ${laws}.`,
    usController: (controller) =>
      `Pour les résidents des États-Unis, l’entreprise (business) responsable de vos informations personnelles est ${controller}.`,
    usCollectedIntro:
      'Au cours des 12 derniers mois, nous avons collecté les catégories d’informations personnelles suivantes, auprès des sources et pour les finalités professionnelles ou commerciales indiquées, et les avons communiquées à des fins professionnelles aux catégories de destinataires indiquées :',
    usOtherCategory: 'Autres informations personnelles',
    usNoSale:
      'Nous ne vendons ni ne partageons d’informations personnelles, et ne l’avons pas fait au cours des 12 derniers mois.',
    usSells: (categories, recipients) =>
      `Au cours des 12 derniers mois, nous avons vendu les catégories d’informations personnelles suivantes : ${categories} ; aux catégories de tiers suivantes : ${recipients}.`,
    usShares: (categories, recipients) =>
      `Au cours des 12 derniers mois, nous avons partagé à des fins de publicité comportementale intercontextuelle les catégories d’informations personnelles suivantes : ${categories} ; avec les catégories de tiers suivantes : ${recipients}.`,
    usOptOut: (channels) =>
      `Vous pouvez refuser à tout moment la vente et le partage de vos informations personnelles (« Do Not Sell or Share My Personal Information ») via : ${channels}.`,
    usNoMinors:
      'Nous n’avons pas connaissance effective de vendre ou de partager des informations personnelles de consommateurs de moins de 16 ans.',
    usMinors:
      'Nous ne vendons ou ne partageons des informations personnelles de consommateurs de moins de 16 ans qu’avec leur autorisation expresse, ou celle d’un parent ou tuteur pour les consommateurs de moins de 13 ans.',
    usTargetedAdvertising:
      'Nous traitons des données personnelles à des fins de publicité ciblée ; vous pouvez vous y opposer comme décrit ci-dessous.',
    usOptOutTargetedAdvertising: (channels) =>
      `Vous pouvez vous opposer à tout moment au traitement de vos données personnelles à des fins de publicité ciblée via : ${channels}.`,
    usNoTargetedAdvertising:
      'Nous ne traitons pas de données personnelles à des fins de publicité ciblée.',
    usSensitiveCollected: (categories) =>
      `Nous collectons les informations personnelles sensibles suivantes : ${categories}.`,
    usSensitiveNone: 'Nous n’utilisons ni ne communiquons d’informations personnelles sensibles.',
    usSensitiveLimited:
      'Nous n’utilisons et ne communiquons des informations personnelles sensibles qu’aux fins autorisées par la réglementation CCPA (Cal. Code Regs. tit. 11, § 7027(m)), comme la fourniture des biens ou services que vous demandez et la garantie de la sécurité et de l’intégrité, et non pour déduire des caractéristiques vous concernant.',
    usSensitiveBeyond: (channels) =>
      `Nous utilisons également des informations personnelles sensibles à d’autres fins. Vous pouvez nous demander d’en limiter l’utilisation et la communication à ce que la loi autorise (« Limit the Use of My Sensitive Personal Information ») via : ${channels}.`,
    usRetention:
      'Nous conservons chaque catégorie d’informations personnelles pendant la durée indiquée sous « Combien de temps nous conservons vos données » pour la finalité qu’elle sert.',
    usRequestsIntro: 'Pour exercer vos droits, contactez-nous via :',
    usConfirmReceipt: (days) =>
      `Nous accusons réception d’une demande de savoir, de suppression ou de correction dans un délai de ${days} jours ouvrables.`,
    usResponse: (period, extension) =>
      `Nous répondons dans un délai de ${period} à compter de la réception de votre demande. Si nous avons besoin de plus de temps, nous pouvons prolonger ce délai une fois de ${extension} ; nous vous en informons alors, avec les motifs, dans le premier délai.`,
    usVerification:
      'Avant de donner suite à une demande de savoir, de suppression ou de correction, nous vérifions votre identité en comparant les informations que vous nous fournissez avec celles dont nous disposons. Les demandes d’opposition ne nécessitent aucune vérification.',
    usAgent:
      'Vous pouvez mandater un agent autorisé (authorized agent) pour introduire une demande en votre nom. Nous pouvons demander à l’agent la preuve de votre autorisation signée et vous demander de confirmer directement votre identité auprès de nous.',
    usGpc:
      'Nous considérons un signal Global Privacy Control (GPC) envoyé par votre navigateur comme une demande valable de refus de la vente et du partage de vos informations personnelles et de la publicité ciblée, pour ce navigateur et tout profil que nous y associons.',
    usNoGpc: 'Nous ne donnons actuellement pas suite aux signaux Global Privacy Control (GPC).',
    dntHonoured: 'Nous respectons les signaux Do Not Track (DNT) envoyés par votre navigateur.',
    dntNotHonoured:
      'Nous ne donnons pas suite aux signaux Do Not Track (DNT) envoyés par votre navigateur.',
    usNonDiscrimination:
      'Nous ne vous traiterons pas de manière discriminatoire parce que vous exercez vos droits : nous ne vous refuserons pas de biens ou de services, ne vous appliquerons pas de prix différents et ne vous fournirons pas un niveau ou une qualité de biens ou de services différents pour cette raison.',
    usAppeal: (law, channels, period) =>
      `${law} : si nous refusons de donner suite à votre demande, vous pouvez former un recours contre notre décision via : ${channels}. Nous répondons à votre recours par écrit dans un délai de ${period}, en motivant notre décision.`,
    usAppealAttorneyGeneral: (attorneyGeneral, url) =>
      `Si nous rejetons votre recours, vous pouvez introduire une plainte auprès de ${attorneyGeneral} : ${url}`,

    changesGeneral:
      'Nous pouvons mettre à jour la présente déclaration lorsque nos traitements changent. La version et la date d’entrée en vigueur indiquées en haut montrent quelle version s’applique.',
    changesNotify: 'Si nous apportons des modifications importantes, nous vous en informerons.',
    changesSendCopy: 'Nous vous enverrons également une copie de la déclaration mise à jour.',
  },
};
