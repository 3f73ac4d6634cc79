import type { Strings } from './strings.js';

const SPECIAL =
  'gegevens waaruit ras of etnische afkomst, politieke opvattingen, religieuze of levensbeschouwelijke overtuigingen of het lidmaatschap van een vakbond blijken, genetische gegevens, biometrische gegevens om een persoon te identificeren, gegevens over gezondheid, en gegevens over iemands seksueel gedrag of seksuele gerichtheid';

/** Dutch, in Belgian usage (the terms of the Dutch text of the GDPR and of the GBA). */
export const nl: Strings = {
  format: {
    units: {
      year: ['jaar', 'jaar'],
      month: ['maand', 'maanden'],
      week: ['week', 'weken'],
      day: ['dag', 'dagen'],
      hour: ['uur', 'uur'],
      minute: ['minuut', 'minuten'],
      second: ['seconde', 'seconden'],
    },
    session: 'Sessie',
    noStorage: 'Niets opgeslagen',
    months: [
      'januari',
      'februari',
      'maart',
      'april',
      'mei',
      'juni',
      'juli',
      'augustus',
      'september',
      'oktober',
      'november',
      'december',
    ],
    date: (day, month, year) => `${day} ${month} ${year}`,
    and: 'en',
    yes: 'Ja',
    no: 'Nee',
    notStated: 'Niet vermeld',
    notDeclared: (what) => `NIET OPGEGEVEN: ${what}`,
  },
  gaps: {
    appealChannel: 'kanaal voor beroep',
    optOutChannel: 'kanaal om te weigeren (opt-out)',
    limitUseChannel: 'kanaal om het gebruik van gevoelige persoonsgegevens te beperken',
    withdrawalChannel: 'kanaal om toestemming in te trekken',
    objectionChannel: 'kanaal om bezwaar te maken',
    legalBasis: 'rechtsgrond',
    retention: 'bewaartermijn',
  },
  headings: {
    controllers: 'Wie is verantwoordelijk voor uw gegevens?',
    processor: 'Wanneer wij voor onze klanten optreden',
    data: 'Welke persoonsgegevens wij verwerken',
    specialCategories: 'Bijzondere categorieën van persoonsgegevens',
    children: 'Kinderen',
    sources: 'Waar uw gegevens vandaan komen',
    purposes: 'Waarom wij uw gegevens verwerken en op welke rechtsgrond',
    recipients: 'Wie uw gegevens ontvangt',
    transfers: 'Doorgiften buiten de Europese Economische Ruimte',
    residency: 'Waar uw gegevens blijven',
    retention: 'Hoelang wij uw gegevens bewaren',
    rights: 'Uw rechten',
    exercise: 'Hoe u uw rechten uitoefent',
    withdrawConsent: 'Uw toestemming intrekken',
    objection: 'Uw recht van bezwaar',
    complaint: 'Uw recht om een klacht in te dienen',
    automated: 'Geautomatiseerde besluitvorming en profilering',
    requirements: 'Bent u verplicht uw gegevens te verstrekken?',
    cookies: 'Cookies en vergelijkbare technologieën',
    security: 'Hoe wij uw gegevens beveiligen',
    us: 'Aanvullende informatie voor inwoners van de Verenigde Staten',
    usCollected: 'Persoonsgegevens die wij verzamelen',
    usSale: 'Verkoop en delen van persoonsgegevens',
    usSensitive: 'Gevoelige persoonsgegevens',
    usRetention: 'Bewaring',
    usRights: 'Uw rechten onder de privacywetten van Amerikaanse staten',
    usRequests: 'Hoe u een verzoek indient',
    usAppeal: 'Beroep',
    changes: 'Wijzigingen in deze verklaring',
  },
  labels: {
    version: 'Versie',
    effectiveDate: 'Van toepassing vanaf',
    name: 'Naam',
    address: 'Adres',
    companyNumber: 'Ondernemingsnummer',
    vatNumber: 'Btw-nummer',
    email: 'E-mail',
    phone: 'Telefoon',
    website: 'Website',
    postalAddress: 'Postadres',
    responsibleFor: 'Verantwoordelijk voor',
    dpo: 'Functionaris voor gegevensbescherming',
    euRepresentative: 'Vertegenwoordiger in de EU (art. 27 AVG)',
    ukRepresentative: 'Vertegenwoordiger in het Verenigd Koninkrijk (art. 27 UK GDPR)',
    subjects: 'Van wie',
    categories: 'Persoonsgegevens',
    sources: 'Bronnen',
    legalBasis: 'Rechtsgrond',
    legitimateInterest: 'Ons gerechtvaardigd belang',
    balancing: 'Belangenafweging',
    legalObligation: 'Wettelijke verplichting',
    specialCondition: 'Voorwaarde voor bijzondere categorieën',
    withdrawal: 'Toestemming intrekken',
    objection: 'Bezwaar maken',
    recipients: 'Ontvangers',
    controllers: 'Verwerkingsverantwoordelijke',
    requirement: 'Verplichting tot verstrekking',
    automated: 'Geautomatiseerde besluitvorming',
    softOptIn: 'Bestaande klanten',
    softOptInInterest: 'Ons gerechtvaardigd belang (bestaande klanten)',
    softOptInBalancing: 'Belangenafweging (bestaande klanten)',
    recipient: 'Ontvanger',
    recipientType: 'Rol',
    service: 'Dienst',
    processingCountries: 'Landen van verwerking',
    storageCountries: 'Landen van opslag',
    safeguard: 'Waarborg voor doorgifte',
    purpose: 'Doel',
    retentionPeriod: 'Bewaartermijn',
    retentionReason: 'Waarom',
    cookieName: 'Naam',
    provider: 'Aanbieder',
    duration: 'Duur',
    party: 'Eerste of derde partij',
    cookieType: 'Soort',
    ccpaCategory: 'Categorie',
    examples: 'Voorbeelden',
    businessPurposes: 'Zakelijke of commerciële doeleinden',
    disclosedTo: 'Voor een zakelijk doel verstrekt aan',
    profiling: 'Profilering',
    solelyAutomated: 'Uitsluitend geautomatiseerd besluit',
    significantEffect: 'Rechtsgevolgen of vergelijkbare aanmerkelijke gevolgen',
    logic: 'Onderliggende logica',
    significance: 'Belang',
    consequences: 'Verwachte gevolgen',
    art22Exception: 'Toegepaste uitzondering (art. 22.2 AVG)',
    safeguards: 'Waarborgen',
    inspect: 'Bekijk en wijzig wat werd afgeleid',
    financialIncentives: 'Financiële stimulansen',
  },
  legalBases: {
    consent: 'Uw toestemming (art. 6.1.a AVG)',
    contract:
      'Uitvoering van een overeenkomst met u, of op uw verzoek te nemen maatregelen voorafgaand aan het sluiten ervan (art. 6.1.b AVG)',
    'legal-obligation': 'Nakoming van een wettelijke verplichting (art. 6.1.c AVG)',
    'vital-interests':
      'Bescherming van uw vitale belangen of die van een andere persoon (art. 6.1.d AVG)',
    'public-task':
      'Vervulling van een taak van algemeen belang of van een taak in het kader van de uitoefening van het openbaar gezag (art. 6.1.e AVG)',
    'legitimate-interests': 'Onze gerechtvaardigde belangen (art. 6.1.f AVG)',
  },
  art9Conditions: {
    'explicit-consent': 'Uw uitdrukkelijke toestemming (art. 9.2.a AVG)',
    'employment-social-security':
      'Verplichtingen en rechten op het gebied van het arbeidsrecht, de sociale zekerheid en de sociale bescherming (art. 9.2.b AVG)',
    'vital-interests':
      'Bescherming van vitale belangen wanneer u niet in staat bent uw toestemming te geven (art. 9.2.c AVG)',
    'not-for-profit-body':
      'Gerechtvaardigde activiteiten van een instantie zonder winstoogmerk die op politiek, levensbeschouwelijk, godsdienstig of vakbondsgebied werkzaam is, met betrekking tot haar leden (art. 9.2.d AVG)',
    'made-public-by-subject':
      'Gegevens die u kennelijk zelf openbaar hebt gemaakt (art. 9.2.e AVG)',
    'legal-claims':
      'Instelling, uitoefening of onderbouwing van een rechtsvordering (art. 9.2.f AVG)',
    'substantial-public-interest':
      'Redenen van zwaarwegend algemeen belang, op grond van de wet (art. 9.2.g AVG)',
    'health-or-social-care':
      'Preventieve of arbeidsgeneeskunde, medische diagnosen, gezondheidszorg of sociale diensten (art. 9.2.h AVG)',
    'public-health':
      'Redenen van algemeen belang op het gebied van de volksgezondheid (art. 9.2.i AVG)',
    'archiving-research-statistics':
      'Archivering in het algemeen belang, wetenschappelijk of historisch onderzoek of statistische doeleinden (art. 9.2.j AVG)',
  },
  art22Exceptions: {
    contract:
      'Noodzakelijk voor het sluiten of uitvoeren van een overeenkomst met u (art. 22.2.a AVG)',
    'authorised-by-law': 'Toegestaan bij wet, met passende waarborgen (art. 22.2.b AVG)',
    'explicit-consent': 'Uw uitdrukkelijke toestemming (art. 22.2.c AVG)',
  },
  sourceTypes: {
    'data-subject': 'Van uzelf',
    automatic: 'Automatisch verzameld',
    'third-party': 'Van derden',
    public: 'Uit openbaar toegankelijke bronnen',
  },
  retentionEvents: {
    collection: 'de verzameling',
    'last-interaction': 'ons laatste contact met u',
    'contract-end': 'het einde van de overeenkomst',
    'account-closure': 'de afsluiting van uw account',
    'consent-withdrawal': 'de intrekking van uw toestemming',
    'request-closure': 'de afhandeling van uw verzoek',
    'end-of-financial-year': 'het einde van het boekjaar',
    event: 'de betrokken gebeurtenis',
  },
  ownRecords: {
    closedRequests: {
      what: 'Gegevens over de privacyverzoeken die u ons stuurt',
      event: 'de afhandeling van uw verzoek',
      reason:
        'Om te kunnen tonen hoe wij uw verzoek hebben behandeld en op een klacht daarover te antwoorden (art. 5.2 en 12 AVG).',
    },
    deliveredMail: {
      what: 'E-mails die wij u over uw verzoeken sturen',
      event: 'de verzending',
      reason:
        'Om te kunnen tonen dat wij u hebben geantwoord. De tekst van de e-mail en uw adres wissen wij zodra hij verzonden is.',
    },
    consentProof: {
      what: 'Een toestemmingskeuze die u later hebt gewijzigd',
      event: 'de wijziging',
      reason:
        'Om te kunnen aantonen dat wat wij deden zolang die keuze gold, rechtmatig was (art. 7.1 AVG). Uw huidige keuzes bewaren wij zolang ze gelden.',
    },
  },
  recipientTypes: {
    processor: 'Verwerker',
    'joint-controller': 'Gezamenlijke verwerkingsverantwoordelijke',
    controller: 'Zelfstandige verwerkingsverantwoordelijke',
    authority: 'Overheidsinstantie',
    'group-company': 'Groepsvennootschap',
  },
  transferMechanisms: {
    adequacy: 'Adequaatheidsbesluit van de Europese Commissie (art. 45 AVG)',
    scc: 'Standaardcontractbepalingen vastgesteld door de Europese Commissie (art. 46.2.c AVG)',
    'uk-idta': 'Britse International Data Transfer Agreement of Addendum (art. 46 UK GDPR)',
    dpf: 'EU-VS-kader voor gegevensbescherming (Data Privacy Framework; adequaatheidsbesluit, art. 45 AVG)',
    bcr: 'Bindende bedrijfsvoorschriften (art. 47 AVG)',
    'code-of-conduct': 'Goedgekeurde gedragscode met bindende toezeggingen (art. 46.2.e AVG)',
    certification:
      'Goedgekeurd certificeringsmechanisme met bindende toezeggingen (art. 46.2.f AVG)',
    derogation: 'Afwijking voor een specifieke situatie (art. 49 AVG)',
  },
  derogations: {
    'explicit-consent':
      'uw uitdrukkelijke toestemming, nadat u over de mogelijke risico’s bent ingelicht (art. 49.1.a AVG)',
    'contract-with-subject':
      'noodzakelijk voor de uitvoering van een overeenkomst met u (art. 49.1.b AVG)',
    'contract-in-subject-interest':
      'noodzakelijk voor een in uw belang gesloten overeenkomst (art. 49.1.c AVG)',
    'public-interest': 'noodzakelijk om gewichtige redenen van algemeen belang (art. 49.1.d AVG)',
    'legal-claims':
      'noodzakelijk voor de instelling, uitoefening of onderbouwing van een rechtsvordering (art. 49.1.e AVG)',
    'vital-interests':
      'noodzakelijk ter bescherming van vitale belangen wanneer geen toestemming kan worden gegeven (art. 49.1.f AVG)',
    'public-register': 'verricht vanuit een openbaar register (art. 49.1.g AVG)',
    'compelling-legitimate-interests':
      'noodzakelijk voor onze dwingende gerechtvaardigde belangen, voor een doorgifte die niet repetitief is en slechts een beperkt aantal personen betreft, met kennisgeving aan de toezichthoudende autoriteit (art. 49.1, tweede alinea, AVG)',
  },
  channelTypes: {
    email: 'E-mail',
    'web-form': 'Webformulier',
    'privacy-center': 'Privacycentrum',
    postal: 'Post',
    phone: 'Telefoon',
    'toll-free-phone': 'Gratis telefoonnummer',
    'unsubscribe-link': 'Afmeldlink',
    'account-settings': 'Accountinstellingen',
    'cookie-banner': 'Cookie-instellingen',
    'in-person': 'Persoonlijk',
  },
  channelDefaults: {
    email: 'Per e-mail',
    'web-form': 'Ons webformulier',
    'privacy-center': 'Ons privacycentrum',
    postal: 'Per post',
    phone: 'Telefonisch',
    'toll-free-phone': 'Via ons gratis telefoonnummer',
    'unsubscribe-link': 'De afmeldlink in elk bericht dat wij sturen',
    'account-settings': 'De instellingen van uw account',
    'cookie-banner': 'De cookie-instellingen op onze website',
    'in-person': 'Persoonlijk, in onze kantoren',
  },
  rights: {
    access: {
      name: 'Recht van inzage (art. 15 AVG)',
      explanation:
        'U kunt vragen of wij uw persoonsgegevens verwerken en, zo ja, een kopie ervan krijgen, samen met de doeleinden, categorieën, ontvangers, bewaartermijn, bron en uw rechten; de eerste kopie is kosteloos.',
    },
    rectification: {
      name: 'Recht op rectificatie (art. 16 AVG)',
      explanation:
        'U kunt onjuiste persoonsgegevens over u onverwijld laten verbeteren en onvolledige gegevens laten aanvullen.',
    },
    erasure: {
      name: 'Recht op gegevenswissing (art. 17 AVG)',
      explanation:
        'U kunt uw persoonsgegevens laten wissen, bijvoorbeeld wanneer ze niet langer nodig zijn, wanneer u uw toestemming intrekt of bezwaar maakt, of wanneer ze onrechtmatig werden verwerkt, tenzij wij ze moeten bewaren, bijvoorbeeld om een wettelijke verplichting na te komen of voor een rechtsvordering.',
    },
    restriction: {
      name: 'Recht op beperking van de verwerking (art. 18 AVG)',
      explanation:
        'U kunt de verwerking laten beperken, zodat wij uw gegevens enkel nog bewaren, zolang u de juistheid ervan betwist, wanneer de verwerking onrechtmatig is en u beperking verkiest boven wissing, wanneer wij de gegevens niet meer nodig hebben maar u ze nodig hebt voor een rechtsvordering, of zolang wij uw bezwaar onderzoeken.',
    },
    portability: {
      name: 'Recht op overdraagbaarheid van gegevens (art. 20 AVG)',
      explanation:
        'U kunt de gegevens die u ons hebt verstrekt en die wij op basis van uw toestemming of een overeenkomst geautomatiseerd verwerken, in een gestructureerde, gangbare en machineleesbare vorm ontvangen en, wanneer dat technisch mogelijk is, rechtstreeks laten doorzenden aan een andere verwerkingsverantwoordelijke.',
    },
    objection: {
      name: 'Recht van bezwaar (art. 21 AVG)',
      explanation:
        'U kunt op elk moment, om redenen die verband houden met uw specifieke situatie, bezwaar maken tegen een verwerking op grond van onze gerechtvaardigde belangen of een taak van algemeen belang; uw bezwaar tegen direct marketing is absoluut, kosteloos en hoeft niet gemotiveerd te worden.',
    },
    'withdraw-consent': {
      name: 'Recht om uw toestemming in te trekken (art. 7.3 AVG)',
      explanation:
        'Wanneer wij op uw toestemming steunen, kunt u die op elk moment even gemakkelijk intrekken als u ze gaf, zonder dat dit afbreuk doet aan de rechtmatigheid van de verwerking vóór de intrekking.',
    },
    'automated-decisions': {
      name: 'Rechten bij geautomatiseerde besluitvorming (art. 22 AVG)',
      explanation:
        'U hebt het recht niet te worden onderworpen aan een uitsluitend op geautomatiseerde verwerking, waaronder profilering, gebaseerd besluit dat rechtsgevolgen voor u heeft of u anderszins in aanmerkelijke mate treft, en wanneer zo’n besluit toegestaan is, menselijke tussenkomst te verkrijgen, uw standpunt kenbaar te maken en het besluit aan te vechten.',
    },
    complaint: {
      name: 'Recht om een klacht in te dienen (art. 77 AVG)',
      explanation:
        'U kunt een klacht indienen bij een toezichthoudende autoriteit, met name in de lidstaat waar u woont of werkt of waar de vermeende inbreuk plaatsvond.',
    },
    know: {
      name: 'Recht op kennisname en inzage',
      explanation:
        'U kunt ons vragen welke categorieën en welke specifieke persoonsgegevens wij over u hebben verzameld, uit welke categorieën van bronnen, voor welke zakelijke of commerciële doeleinden, en aan welke categorieën van derden wij ze verstrekken.',
    },
    delete: {
      name: 'Recht op verwijdering',
      explanation:
        'U kunt ons vragen de persoonsgegevens die wij van u hebben verzameld te verwijderen, behoudens de uitzonderingen die de wet bepaalt.',
    },
    correct: {
      name: 'Recht op correctie',
      explanation: 'U kunt ons vragen onjuiste persoonsgegevens over u te corrigeren.',
    },
    'opt-out-sale': {
      name: 'Recht om verkoop te weigeren',
      explanation: 'U kunt ons opdragen uw persoonsgegevens niet te verkopen.',
    },
    'opt-out-sharing': {
      name: 'Recht om delen te weigeren',
      explanation:
        'U kunt ons opdragen uw persoonsgegevens niet te delen voor contextoverschrijdende gedragsgerichte reclame.',
    },
    'opt-out-targeted-advertising': {
      name: 'Recht om gerichte reclame te weigeren',
      explanation: 'U kunt de verwerking van uw persoonsgegevens voor gerichte reclame weigeren.',
    },
    'opt-out-profiling': {
      name: 'Recht om profilering te weigeren',
      explanation:
        'U kunt profilering weigeren die dient voor besluiten met rechtsgevolgen of vergelijkbare aanmerkelijke gevolgen voor u.',
    },
    'limit-sensitive': {
      name: 'Recht om het gebruik van gevoelige persoonsgegevens te beperken',
      explanation:
        'U kunt ons opdragen het gebruik en de verstrekking van uw gevoelige persoonsgegevens te beperken tot wat nodig is om de goederen of diensten te leveren die u vraagt.',
    },
    'non-discrimination': {
      name: 'Recht op non-discriminatie',
      explanation: 'Wij zullen u niet discrimineren omdat u een van uw rechten uitoefent.',
    },
    appeal: {
      name: 'Recht op beroep',
      explanation:
        'Als wij geen gevolg geven aan uw verzoek, kunt u tegen onze beslissing in beroep gaan.',
    },
  },
  usPortability: {
    name: 'Recht op overdraagbaarheid van gegevens',
    explanation:
      'U kunt de persoonsgegevens die u ons hebt verstrekt, verkrijgen in een overdraagbare en, voor zover technisch mogelijk, direct bruikbare vorm waarmee u ze aan een andere entiteit kunt doorgeven.',
  },
  laws: {
    gdpr: 'Algemene Verordening Gegevensbescherming (AVG, Verordening (EU) 2016/679)',
    'uk-gdpr': 'Britse Algemene Verordening Gegevensbescherming (UK GDPR)',
    ccpa: 'California Consumer Privacy Act, zoals gewijzigd door de California Privacy Rights Act (CCPA)',
    vcdpa: 'Virginia Consumer Data Protection Act (VCDPA)',
    cpa: 'Colorado Privacy Act (CPA)',
    ctdpa: 'Connecticut Data Privacy Act (CTDPA)',
    ucpa: 'Utah Consumer Privacy Act (UCPA)',
  },
  lawShort: {
    gdpr: 'AVG',
    'uk-gdpr': 'UK GDPR',
    ccpa: 'CCPA',
    vcdpa: 'VCDPA',
    cpa: 'CPA',
    ctdpa: 'CTDPA',
    ucpa: 'UCPA',
  },
  attorneyGeneral: {
    vcdpa: 'de Attorney General van Virginia',
    cpa: 'de Attorney General van Colorado',
    ctdpa: 'de Attorney General van Connecticut',
  },
  securityMeasures: {
    'encryption-in-transit': 'Versleuteling tijdens overdracht',
    'encryption-at-rest': 'Versleuteling bij opslag',
    'access-control': 'Toegangscontrole',
    authentication: 'Authenticatie',
    'network-security': 'Netwerkbeveiliging',
    'logging-monitoring': 'Logging en monitoring',
    backup: 'Back-ups',
    pseudonymisation: 'Pseudonimisering',
    'confidentiality-agreements': 'Vertrouwelijkheidsverplichtingen',
    training: 'Opleiding van medewerkers',
    'physical-security': 'Fysieke beveiliging',
    'vendor-management': 'Leveranciersbeheer',
    'incident-response': 'Incidentbeheer',
    testing: 'Regelmatige tests van onze beveiliging',
    other: 'Andere maatregelen',
  },
  requirementTypes: {
    none: 'U bent niet verplicht deze gegevens te verstrekken.',
    statutory: 'Het verstrekken van deze gegevens is een wettelijke verplichting.',
    contractual: 'Het verstrekken van deze gegevens is een contractuele verplichting.',
    'contract-prerequisite':
      'Het verstrekken van deze gegevens is noodzakelijk om een overeenkomst met ons te sluiten.',
  },
  cookieParties: {
    first: 'Eerste partij',
    third: 'Derde partij',
  },
  cookieTypes: {
    cookie: 'Cookie',
    'local-storage': 'Lokale opslag',
    'session-storage': 'Sessieopslag',
    pixel: 'Pixel',
    sdk: 'Softwareontwikkelingskit (SDK)',
  },
  regions: {
    EU: 'Europese Unie',
    EEA: 'Europese Economische Ruimte',
  },
  specialCategoriesList: SPECIAL,
  text: {
    title: (organisation) => `Privacyverklaring van ${organisation}`,
    draftBanner:
      'CONCEPT, niet voor publicatie. De gegevenskaart waaruit deze verklaring is gemaakt, bevat fouten; elk gegeven dat ontbreekt, is gemarkeerd met NIET OPGEGEVEN.',
    intro: (organisation) =>
      `Deze verklaring legt uit welke persoonsgegevens ${organisation} verwerkt, waarom en op welke rechtsgrond, wie ze ontvangt, hoelang ze worden bewaard, en welke rechten u hebt en hoe u ze uitoefent.`,
    relatedIntro: 'Lees deze verklaring samen met:',

    oneController: (controller) =>
      `${controller} is de verwerkingsverantwoordelijke voor uw persoonsgegevens en bepaalt waarom en hoe uw gegevens worden verwerkt.`,
    severalControllers:
      'De volgende vennootschappen zijn verwerkingsverantwoordelijke voor uw persoonsgegevens. Wanneer het afhangt van waar u woont, staat hieronder welke vennootschap voor u verantwoordelijk is.',
    peopleIn: (places, count) =>
      count === 1
        ? `personen die wonen in het volgende land of de volgende regio: ${places}`
        : `personen die wonen in de volgende landen of regio’s: ${places}`,
    peopleInExcept: (places, except) =>
      `personen die wonen in de volgende landen of regio’s: ${places}; met uitzondering van: ${except}`,
    everyoneOutside: (places, count) =>
      count === 1
        ? `iedereen die buiten het volgende land of de volgende regio woont: ${places}`
        : `iedereen die buiten de volgende landen of regio’s woont: ${places}`,
    everyoneElse: 'alle andere personen',
    attention: (who) => `t.a.v. ${who}`,
    dpoRole:
      'De functionaris voor gegevensbescherming ziet toe op de naleving van de gegevensbeschermingswetgeving en is uw aanspreekpunt voor alle vragen over de verwerking van uw gegevens en de uitoefening van uw rechten (art. 38.4 en 39 AVG).',
    processorIntro: (organisation) =>
      `Wanneer ${organisation} persoonsgegevens verwerkt in opdracht van klanten, treedt het op als hun verwerker (art. 28 AVG) en zijn de klanten de verwerkingsverantwoordelijken. Deze verklaring geldt niet voor die verwerking; daarvoor geldt de privacyverklaring van de klant.`,
    processorAgreement: (agreement) => `Toepasselijke overeenkomst: ${agreement}`,

    dataIntro:
      'Wij verwerken de volgende categorieën van persoonsgegevens. Bij elk doel hieronder staat welke wij daarvoor gebruiken.',
    specialNote: (kind) => `bijzondere categorie van persoonsgegevens (art. 9 AVG): ${kind}`,
    criminalNote:
      'persoonsgegevens betreffende strafrechtelijke veroordelingen en strafbare feiten (art. 10 AVG)',
    specialNotProcessed: `Wij verwerken geen bijzondere categorieën van persoonsgegevens (art. 9.1 AVG), namelijk ${SPECIAL}.`,
    specialDeleted:
      'Bezorgt u ons toch zulke gegevens, dan gebruiken wij ze niet en wissen wij ze.',
    specialKept:
      'Bezorgt u ons toch zulke gegevens, dan bewaren wij ze alleen wanneer een voorwaarde van art. 9.2 AVG dat toelaat.',
    specialProcessed:
      'Wij verwerken de volgende bijzondere categorieën van persoonsgegevens, telkens alleen op grond van een voorwaarde van art. 9.2 AVG die bij het doel vermeld staat:',
    childrenNotCollected: 'Wij verzamelen niet bewust persoonsgegevens van kinderen.',
    childrenNotCollectedUnder: (age) =>
      `Wij verzamelen niet bewust persoonsgegevens van kinderen jonger dan ${age} jaar.`,
    childrenCollected:
      'Sommige personen van wie wij persoonsgegevens verwerken, kunnen kinderen zijn.',
    childrenConsentAge: (age) =>
      `Wanneer wij voor een onlinedienst die rechtstreeks aan een kind jonger dan ${age} jaar wordt aangeboden op toestemming steunen, vragen wij de toestemming van de persoon die de ouderlijke verantwoordelijkheid draagt (art. 8.1 AVG).`,
    sourcesIntro: 'Wij verkrijgen persoonsgegevens uit de volgende bronnen (art. 14.2.f AVG):',
    publiclyAccessible: 'openbaar toegankelijk',
    notPubliclyAccessible: 'niet openbaar toegankelijk',

    purposesIntro:
      'Wij verwerken persoonsgegevens alleen voor de onderstaande doeleinden, telkens op een rechtsgrond van art. 6.1 AVG.',
    withdrawVia: (channels) => `U kunt uw toestemming op elk moment intrekken via: ${channels}.`,
    objectVia: (channels) => `U kunt op elk moment bezwaar maken via: ${channels}.`,
    objectMarketingVia: (channels) =>
      `U kunt op elk moment en kosteloos bezwaar maken via: ${channels}. Wij stoppen dan onmiddellijk.`,
    softOptIn: (subjects) =>
      `Zonder eerst om toestemming te vragen, kunnen wij informatie over producten en diensten die vergelijkbaar zijn met wat al werd aangekocht, sturen aan: ${subjects}. Dit steunt op ons gerechtvaardigd belang (art. 6.1.f AVG, art. 13.2 e-privacyrichtlijn); u kunt op elk moment en kosteloos bezwaar maken, ook in elk bericht.`,
    seeAutomated:
      'Ja: dit doel omvat geautomatiseerde besluitvorming of profilering, toegelicht onder ‘Geautomatiseerde besluitvorming en profilering’.',

    recipientsIntro:
      'Wij verstrekken persoonsgegevens alleen aan de onderstaande ontvangers, en alleen voor zover zij ze nodig hebben voor de doeleinden waarvoor zij ze ontvangen.',
    processorsBound:
      'Onze verwerkers handelen uitsluitend op basis van onze schriftelijke instructies, op grond van een verwerkersovereenkomst die voldoet aan art. 28.3 AVG.',
    noRecipients: 'Wij verstrekken uw persoonsgegevens aan niemand buiten onze organisatie.',
    conditionsIntro: 'Sommige ontvangers krijgen alleen in bepaalde gevallen gegevens:',
    jointController: (recipient, arrangement) =>
      `Wij zijn gezamenlijke verwerkingsverantwoordelijken met ${recipient} (art. 26 AVG). De wezenlijke inhoud van onze regeling: ${arrangement}`,
    categoryOfRecipients: 'categorie van ontvangers',

    noTransfers:
      'Wij geven uw persoonsgegevens niet door aan landen buiten de Europese Economische Ruimte (EER).',
    noTransfersUk:
      'Wij geven uw persoonsgegevens niet door aan landen buiten het Verenigd Koninkrijk en de Europese Economische Ruimte.',
    transfersIntro:
      'Sommige ontvangers verwerken persoonsgegevens in landen buiten de Europese Economische Ruimte (EER). Wij geven gegevens daarheen alleen door met een van de waarborgen van hoofdstuk V van de AVG:',
    adequacy: 'Adequaatheidsbesluit van de Europese Commissie (art. 45 AVG)',
    adequacyUk: 'Britse adequaatheidsregeling (art. 45 UK GDPR)',
    noSafeguardNeeded: 'Niet nodig: geen doorgifte buiten de EER',
    tiaDone: 'Er werd een doorgiftebeoordeling (transfer impact assessment) uitgevoerd.',
    tiaDoneOn: (date) =>
      `Er werd op ${date} een doorgiftebeoordeling (transfer impact assessment) uitgevoerd.`,
    ukRegime: 'onder de UK GDPR',
    copyOfSafeguards: (channels) =>
      `U kunt een kopie van deze waarborgen verkrijgen, of vernemen waar ze beschikbaar zijn, door contact met ons op te nemen via: ${channels}.`,

    allPersonalData: 'Alle persoonsgegevens',
    residencyProcessing: (places) =>
      `Worden alleen verwerkt en opgeslagen in de volgende landen of regio’s: ${places}`,
    residencyStorage: (places) =>
      `Worden alleen opgeslagen in de volgende landen of regio’s: ${places}`,

    retentionIntro:
      'Wij bewaren persoonsgegevens niet langer dan nodig voor het doel waarvoor wij ze verwerken (art. 5.1.e AVG) en wissen of anonimiseren ze daarna.',
    retentionFor: (duration, event) => `${duration} na ${event}`,
    retentionMaximum: (duration) => `In elk geval hoogstens ${duration}.`,
    thenAnonymised: 'daarna geanonimiseerd',
    anonymisedWhereNotDeletable: 'Geanonimiseerd waar wissen niet mogelijk is.',
    legalHold: (basis) => `Bewaard zo lang als de wet vereist: ${basis}.`,
    fallbackMechanisms: (mechanisms) => `met als terugvaloptie ${mechanisms}`,
    withUkAddendum: 'met het VK-addendum',
    noSale: 'Wij verkopen geen persoonsgegevens.',
    noSaleOrRent: 'Wij verkopen of verhuren geen persoonsgegevens.',
    disclosedOnlyBy: (controllers) =>
      `Geen doorgifte onder de AVG: alleen verstrekt door ${controllers}`,
    suppression:
      'Als u ons vraagt uw gegevens te wissen, bewaren wij alleen het strikt noodzakelijke, zoals uw e-mailadres, op een blokkeerlijst, zodat wij u nooit meer contacteren.',

    rightsUnder: (laws) => `Op grond van de ${laws} hebt u de volgende rechten:`,
    exerciseIntro: 'Om uw rechten uit te oefenen, neemt u contact met ons op via:',
    exerciseFor: (controller) => `Voor ${controller}:`,
    responseTime: (period, extension) =>
      `Wij antwoorden zonder onredelijke vertraging en uiterlijk binnen ${period} na ontvangst van uw verzoek. Voor complexe of talrijke verzoeken kunnen wij die termijn met nog ${extension} verlengen; in dat geval laten wij u dat binnen de eerste maand weten, met de redenen (art. 12.3 AVG).`,
    notActing:
      'Als wij geen gevolg geven aan uw verzoek, laten wij u binnen een maand weten waarom, en dat u een klacht kunt indienen bij een toezichthoudende autoriteit en beroep kunt instellen bij de rechter (art. 12.4 AVG).',
    feeNone: 'Het uitoefenen van uw rechten is kosteloos.',
    feeExcessive:
      'Het uitoefenen van uw rechten is kosteloos. Is een verzoek kennelijk ongegrond of buitensporig, met name door het repetitieve karakter ervan, dan kunnen wij een redelijke vergoeding aanrekenen op basis van de administratieve kosten, of weigeren gevolg te geven aan het verzoek (art. 12.5 AVG).',
    identityDefault:
      'Hebben wij redelijke twijfels over uw identiteit, dan kunnen wij u om de aanvullende informatie vragen die nodig is om die te bevestigen (art. 12.6 AVG).',
    recipientsInformed:
      'Wij stellen elke ontvanger in kennis van elke rectificatie, wissing of beperking, tenzij dat onmogelijk blijkt of onevenredig veel inspanning vergt, en wij laten u op verzoek weten wie die ontvangers zijn (art. 19 AVG).',
    withdrawIntro:
      'Wanneer wij uw gegevens op basis van uw toestemming verwerken, kunt u die op elk moment intrekken, even gemakkelijk als u ze gaf. De intrekking doet geen afbreuk aan de rechtmatigheid van de verwerking op basis van toestemming vóór de intrekking (art. 7.3 AVG). U kunt uw toestemming intrekken voor:',
    objectionIntro:
      'Wanneer wij uw gegevens op basis van onze gerechtvaardigde belangen verwerken, kunt u op elk moment bezwaar maken om redenen die verband houden met uw specifieke situatie. Wij stoppen dan, tenzij wij dwingende gerechtvaardigde gronden aantonen die zwaarder wegen dan uw belangen, rechten en vrijheden, of de gegevens nodig hebben voor de instelling, uitoefening of onderbouwing van een rechtsvordering (art. 21.1 AVG). U kunt bezwaar maken tegen:',
    directMarketingIntro:
      'U kunt op elk moment, kosteloos en zonder motivering, bezwaar maken tegen het gebruik van uw gegevens voor direct marketing, met inbegrip van profilering die daarmee verband houdt. Wij stoppen dan onmiddellijk met het gebruik van uw gegevens voor direct marketing (art. 21.2 en 21.3 AVG). U kunt bezwaar maken tegen:',
    complaintIntro:
      'U hebt het recht een klacht in te dienen bij een toezichthoudende autoriteit, met name in de EU-lidstaat waar u woont of werkt of waar de vermeende inbreuk plaatsvond (art. 77 AVG).',
    complaintAuthority: 'De voor ons bevoegde toezichthoudende autoriteit is:',

    noAutomated:
      'Wij nemen over u geen besluiten die uitsluitend gebaseerd zijn op geautomatiseerde verwerking, waaronder profilering, en die rechtsgevolgen voor u hebben of u anderszins in aanmerkelijke mate treffen (art. 22 AVG).',
    automatedIntro:
      'Wij gebruiken de onderstaande geautomatiseerde verwerking. Telkens lichten wij de onderliggende logica toe, en het belang en de verwachte gevolgen ervan voor u (art. 13.2.f AVG).',
    art22Rights:
      'Voor dit besluit hebt u het recht op menselijke tussenkomst, het recht uw standpunt kenbaar te maken en het recht het besluit aan te vechten (art. 22.3 AVG).',

    requirementsIntro:
      'Of u verplicht bent uw persoonsgegevens te verstrekken, en wat er gebeurt als u dat niet doet (art. 13.2.e AVG):',

    cookiesIntro:
      'Wij en de onderstaande aanbieders slaan informatie op uw toestel op of lezen ze daarvan uit. Zonder uw toestemming doen wij dat alleen wanneer het strikt noodzakelijk is voor de dienst die u vroeg; voor al het andere vragen wij eerst uw toestemming (art. 5.3 e-privacyrichtlijn).',
    cookiesChoice: (channels) =>
      `U kunt uw keuze op elk moment wijzigen of intrekken via: ${channels}.`,
    strictlyNecessary: 'strikt noodzakelijk',

    securityIntro:
      'Wij nemen passende technische en organisatorische maatregelen om uw persoonsgegevens te beschermen (art. 32 AVG), waaronder:',

    usIntro: (laws) =>
      `Dit deel vult de rest van deze verklaring aan voor inwoners van de Amerikaanse staten waarvan de privacywetgeving op ons van toepassing is. Het wordt gegeven op grond van de volgende wetten: ${laws}.`,
    usController: (controller) =>
      `Voor inwoners van de Verenigde Staten is ${controller} de onderneming (business) die verantwoordelijk is voor uw persoonsgegevens.`,
    usCollectedIntro:
      'In de afgelopen 12 maanden hebben wij de volgende categorieën van persoonsgegevens verzameld, uit de vermelde bronnen en voor de vermelde zakelijke of commerciële doeleinden, en voor een zakelijk doel verstrekt aan de vermelde categorieën van ontvangers:',
    usOtherCategory: 'Andere persoonsgegevens',
    usNoSale:
      'Wij verkopen of delen geen persoonsgegevens, en hebben dat in de afgelopen 12 maanden ook niet gedaan.',
    usSells: (categories, recipients) =>
      `In de afgelopen 12 maanden hebben wij de volgende categorieën van persoonsgegevens verkocht: ${categories}; aan de volgende categorieën van derden: ${recipients}.`,
    usShares: (categories, recipients) =>
      `In de afgelopen 12 maanden hebben wij de volgende categorieën van persoonsgegevens gedeeld voor contextoverschrijdende gedragsgerichte reclame: ${categories}; met de volgende categorieën van derden: ${recipients}.`,
    usOptOut: (channels) =>
      `U kunt de verkoop en het delen van uw persoonsgegevens op elk moment weigeren (“Do Not Sell or Share My Personal Information”) via: ${channels}.`,
    usNoMinors:
      'Wij hebben geen daadwerkelijke kennis dat wij persoonsgegevens verkopen of delen van consumenten jonger dan 16 jaar.',
    usMinors:
      'Wij verkopen of delen persoonsgegevens van consumenten jonger dan 16 jaar alleen met hun uitdrukkelijke toestemming, of die van een ouder of voogd voor consumenten jonger dan 13 jaar.',
    usTargetedAdvertising:
      'Wij verwerken persoonsgegevens voor gerichte reclame; u kunt dat weigeren zoals hieronder beschreven.',
    usOptOutTargetedAdvertising: (channels) =>
      `U kunt de verwerking van uw persoonsgegevens voor gerichte reclame op elk moment weigeren via: ${channels}.`,
    usNoTargetedAdvertising: 'Wij verwerken geen persoonsgegevens voor gerichte reclame.',
    usSensitiveCollected: (categories) =>
      `Wij verzamelen de volgende gevoelige persoonsgegevens: ${categories}.`,
    usSensitiveNone: 'Wij gebruiken of verstrekken geen gevoelige persoonsgegevens.',
    usSensitiveLimited:
      'Wij gebruiken en verstrekken gevoelige persoonsgegevens alleen voor de doeleinden die de CCPA-regelgeving toestaat (Cal. Code Regs. tit. 11, § 7027(m)), zoals het leveren van de goederen of diensten die u vraagt en het waarborgen van veiligheid en integriteit, en niet om kenmerken over u af te leiden.',
    usSensitiveBeyond: (channels) =>
      `Wij gebruiken gevoelige persoonsgegevens ook voor andere doeleinden. U kunt ons opdragen het gebruik en de verstrekking ervan te beperken tot wat de wet toestaat (“Limit the Use of My Sensitive Personal Information”) via: ${channels}.`,
    usRetention:
      'Wij bewaren elke categorie van persoonsgegevens gedurende de termijn die onder ‘Hoelang wij uw gegevens bewaren’ vermeld staat voor het doel waarvoor ze dient.',
    usRequestsIntro: 'Om uw rechten uit te oefenen, neemt u contact met ons op via:',
    usConfirmReceipt: (days) =>
      `Wij bevestigen de ontvangst van een verzoek tot kennisname, verwijdering of correctie binnen ${days} werkdagen.`,
    usResponse: (period, extension) =>
      `Wij antwoorden binnen ${period} na ontvangst van uw verzoek. Hebben wij meer tijd nodig, dan kunnen wij die termijn eenmaal met ${extension} verlengen; wij laten u dat dan binnen de eerste termijn weten, met de redenen.`,
    usVerification:
      'Voordat wij gevolg geven aan een verzoek tot kennisname, verwijdering of correctie, controleren wij uw identiteit door de informatie die u ons geeft te vergelijken met de informatie waarover wij beschikken. Voor een verzoek om verkoop of delen te weigeren is geen verificatie nodig.',
    usAgent:
      'U kunt een gemachtigde (authorized agent) een verzoek namens u laten indienen. Wij kunnen de gemachtigde om een bewijs van uw ondertekende machtiging vragen, en u vragen uw identiteit rechtstreeks bij ons te bevestigen.',
    usGpc:
      'Wij behandelen een Global Privacy Control-signaal (GPC) van uw browser als een geldig verzoek om de verkoop en het delen van uw persoonsgegevens en gerichte reclame te weigeren, voor die browser en elk profiel dat wij eraan koppelen.',
    usNoGpc: 'Wij reageren momenteel niet op Global Privacy Control-signalen (GPC).',
    dntHonoured: 'Wij respecteren Do Not Track-signalen (DNT) van uw browser.',
    dntNotHonoured: 'Wij reageren niet op Do Not Track-signalen (DNT) van uw browser.',
    usNonDiscrimination:
      'Wij zullen u niet discrimineren omdat u uw rechten uitoefent: wij zullen u daarom geen goederen of diensten weigeren, geen andere prijzen aanrekenen en geen ander niveau of andere kwaliteit van goederen of diensten bieden.',
    usAppeal: (law, channels, period) =>
      `${law}: als wij geen gevolg geven aan uw verzoek, kunt u tegen onze beslissing in beroep gaan via: ${channels}. Wij beantwoorden uw beroep schriftelijk binnen ${period}, met de redenen voor onze beslissing.`,
    usAppealAttorneyGeneral: (attorneyGeneral, url) =>
      `Wijzen wij uw beroep af, dan kunt u een klacht indienen bij ${attorneyGeneral}: ${url}`,

    changesGeneral:
      'Wij kunnen deze verklaring bijwerken wanneer onze verwerkingen veranderen. De versie en de datum van inwerkingtreding bovenaan tonen welke versie van toepassing is.',
    changesNotify:
      'Als wij belangrijke wijzigingen aanbrengen, brengen wij u daarvan op de hoogte.',
    changesSendCopy: 'We bezorgen u dan ook een kopie van de bijgewerkte verklaring.',
  },
};
