import type { Strings } from './strings.js';

const SPECIAL =
  'Daten, aus denen die rassische oder ethnische Herkunft, politische Meinungen, religiöse oder weltanschauliche Überzeugungen oder die Gewerkschaftszugehörigkeit hervorgehen, genetische Daten, biometrische Daten zur eindeutigen Identifizierung einer Person, Gesundheitsdaten sowie Daten zum Sexualleben oder zur sexuellen Orientierung einer Person';

/**
 * German (the terms of the German text of the GDPR). Durations follow "nach", "höchstens" or
 * "spätestens", never "innerhalb von", so that they stay in the nominative ("2 Jahre").
 */
export const de: Strings = {
  format: {
    units: {
      year: ['Jahr', 'Jahre'],
      month: ['Monat', 'Monate'],
      week: ['Woche', 'Wochen'],
      day: ['Tag', 'Tage'],
      hour: ['Stunde', 'Stunden'],
      minute: ['Minute', 'Minuten'],
      second: ['Sekunde', 'Sekunden'],
    },
    session: 'Sitzung',
    noStorage: 'Keine Speicherung',
    months: [
      'Januar',
      'Februar',
      'März',
      'April',
      'Mai',
      'Juni',
      'Juli',
      'August',
      'September',
      'Oktober',
      'November',
      'Dezember',
    ],
    date: (day, month, year) => `${day}. ${month} ${year}`,
    and: 'und',
    yes: 'Ja',
    no: 'Nein',
    notStated: 'Nicht angegeben',
    notDeclared: (what) => `NICHT ANGEGEBEN: ${what}`,
  },
  gaps: {
    appealChannel: 'Kanal für den Einspruch',
    optOutChannel: 'Kanal für den Widerspruch (Opt-out)',
    limitUseChannel: 'Kanal zur Einschränkung der Nutzung sensibler personenbezogener Daten',
    withdrawalChannel: 'Kanal für den Widerruf der Einwilligung',
    objectionChannel: 'Kanal für den Widerspruch',
    legalBasis: 'Rechtsgrundlage',
    retention: 'Speicherdauer',
  },
  headings: {
    controllers: 'Wer für Ihre Daten verantwortlich ist',
    processor: 'Wenn wir für unsere Kunden tätig sind',
    data: 'Welche personenbezogenen Daten wir verarbeiten',
    specialCategories: 'Besondere Kategorien personenbezogener Daten',
    children: 'Kinder',
    sources: 'Woher Ihre Daten stammen',
    purposes: 'Warum wir Ihre Daten verarbeiten und auf welcher Rechtsgrundlage',
    recipients: 'Wer Ihre Daten erhält',
    transfers: 'Übermittlungen außerhalb des Europäischen Wirtschaftsraums',
    residency: 'Wo Ihre Daten bleiben',
    retention: 'Wie lange wir Ihre Daten speichern',
    rights: 'Ihre Rechte',
    exercise: 'Wie Sie Ihre Rechte ausüben',
    withdrawConsent: 'Widerruf Ihrer Einwilligung',
    objection: 'Ihr Widerspruchsrecht',
    complaint: 'Ihr Beschwerderecht',
    automated: 'Automatisierte Entscheidungen und Profiling',
    requirements: 'Müssen Sie Ihre Daten bereitstellen?',
    cookies: 'Cookies und ähnliche Technologien',
    security: 'Wie wir Ihre Daten schützen',
    us: 'Zusätzliche Informationen für Einwohner der Vereinigten Staaten',
    usCollected: 'Personenbezogene Informationen, die wir erheben',
    usSale: 'Verkauf und Weitergabe personenbezogener Informationen',
    usSensitive: 'Sensible personenbezogene Informationen',
    usRetention: 'Speicherdauer',
    usRights: 'Ihre Rechte nach den Datenschutzgesetzen von US-Bundesstaaten',
    usRequests: 'Wie Sie einen Antrag stellen',
    usAppeal: 'Einspruch',
    changes: 'Änderungen dieser Erklärung',
  },
  labels: {
    version: 'Version',
    effectiveDate: 'Gültig ab',
    name: 'Name',
    address: 'Anschrift',
    companyNumber: 'Unternehmensnummer',
    vatNumber: 'USt-IdNr.',
    email: 'E-Mail',
    phone: 'Telefon',
    website: 'Website',
    postalAddress: 'Postanschrift',
    responsibleFor: 'Zuständig für',
    dpo: 'Datenschutzbeauftragter',
    euRepresentative: 'Vertreter in der EU (Art. 27 DSGVO)',
    ukRepresentative: 'Vertreter im Vereinigten Königreich (Art. 27 UK-DSGVO)',
    subjects: 'Betroffene Personen',
    categories: 'Personenbezogene Daten',
    sources: 'Quellen',
    legalBasis: 'Rechtsgrundlage',
    legitimateInterest: 'Unser berechtigtes Interesse',
    balancing: 'Interessenabwägung',
    legalObligation: 'Rechtliche Verpflichtung',
    specialCondition: 'Bedingung für besondere Kategorien',
    withdrawal: 'Widerruf der Einwilligung',
    objection: 'Widerspruch',
    recipients: 'Empfänger',
    controllers: 'Verantwortlicher',
    requirement: 'Pflicht zur Bereitstellung',
    automated: 'Automatisierte Entscheidungen',
    softOptIn: 'Bestandskunden',
    softOptInInterest: 'Unser berechtigtes Interesse (Bestandskunden)',
    softOptInBalancing: 'Interessenabwägung (Bestandskunden)',
    recipient: 'Empfänger',
    recipientType: 'Rolle',
    service: 'Leistung',
    processingCountries: 'Länder der Verarbeitung',
    storageCountries: 'Länder der Speicherung',
    safeguard: 'Garantie für die Übermittlung',
    purpose: 'Zweck',
    retentionPeriod: 'Speicherdauer',
    retentionReason: 'Begründung',
    cookieName: 'Name',
    provider: 'Anbieter',
    duration: 'Laufzeit',
    party: 'Erst- oder Drittanbieter',
    cookieType: 'Art',
    ccpaCategory: 'Kategorie',
    examples: 'Beispiele',
    businessPurposes: 'Geschäftliche oder kommerzielle Zwecke',
    disclosedTo: 'Zu Geschäftszwecken offengelegt an',
    profiling: 'Profiling',
    solelyAutomated: 'Ausschließlich automatisierte Entscheidung',
    significantEffect: 'Rechtliche Wirkung oder ähnlich erhebliche Beeinträchtigung',
    logic: 'Involvierte Logik',
    significance: 'Tragweite',
    consequences: 'Angestrebte Auswirkungen',
    art22Exception: 'Herangezogene Ausnahme (Art. 22 Abs. 2 DSGVO)',
    safeguards: 'Schutzmaßnahmen',
    inspect: 'Abgeleitete Daten einsehen und ändern',
    financialIncentives: 'Finanzielle Anreize',
  },
  legalBases: {
    consent: 'Ihre Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)',
    contract:
      'Erfüllung eines Vertrags mit Ihnen oder Durchführung vorvertraglicher Maßnahmen auf Ihre Anfrage (Art. 6 Abs. 1 lit. b DSGVO)',
    'legal-obligation': 'Erfüllung einer rechtlichen Verpflichtung (Art. 6 Abs. 1 lit. c DSGVO)',
    'vital-interests':
      'Schutz Ihrer lebenswichtigen Interessen oder derjenigen einer anderen Person (Art. 6 Abs. 1 lit. d DSGVO)',
    'public-task':
      'Wahrnehmung einer Aufgabe im öffentlichen Interesse oder in Ausübung öffentlicher Gewalt (Art. 6 Abs. 1 lit. e DSGVO)',
    'legitimate-interests': 'Unsere berechtigten Interessen (Art. 6 Abs. 1 lit. f DSGVO)',
  },
  art9Conditions: {
    'explicit-consent': 'Ihre ausdrückliche Einwilligung (Art. 9 Abs. 2 lit. a DSGVO)',
    'employment-social-security':
      'Pflichten und Rechte aus dem Arbeitsrecht und dem Recht der sozialen Sicherheit und des Sozialschutzes (Art. 9 Abs. 2 lit. b DSGVO)',
    'vital-interests':
      'Schutz lebenswichtiger Interessen, wenn Sie nicht in der Lage sind, Ihre Einwilligung zu geben (Art. 9 Abs. 2 lit. c DSGVO)',
    'not-for-profit-body':
      'Rechtmäßige Tätigkeiten einer Organisation ohne Gewinnerzielungsabsicht mit politischer, weltanschaulicher, religiöser oder gewerkschaftlicher Ausrichtung in Bezug auf ihre Mitglieder (Art. 9 Abs. 2 lit. d DSGVO)',
    'made-public-by-subject':
      'Daten, die Sie offensichtlich öffentlich gemacht haben (Art. 9 Abs. 2 lit. e DSGVO)',
    'legal-claims':
      'Geltendmachung, Ausübung oder Verteidigung von Rechtsansprüchen (Art. 9 Abs. 2 lit. f DSGVO)',
    'substantial-public-interest':
      'Gründe eines erheblichen öffentlichen Interesses auf gesetzlicher Grundlage (Art. 9 Abs. 2 lit. g DSGVO)',
    'health-or-social-care':
      'Gesundheitsvorsorge oder Arbeitsmedizin, medizinische Diagnostik, Versorgung oder Behandlung im Gesundheits- oder Sozialbereich (Art. 9 Abs. 2 lit. h DSGVO)',
    'public-health':
      'Gründe des öffentlichen Interesses im Bereich der öffentlichen Gesundheit (Art. 9 Abs. 2 lit. i DSGVO)',
    'archiving-research-statistics':
      'Im öffentlichen Interesse liegende Archivzwecke, wissenschaftliche oder historische Forschungszwecke oder statistische Zwecke (Art. 9 Abs. 2 lit. j DSGVO)',
  },
  art22Exceptions: {
    contract:
      'Erforderlich für den Abschluss oder die Erfüllung eines Vertrags mit Ihnen (Art. 22 Abs. 2 lit. a DSGVO)',
    'authorised-by-law':
      'Durch Rechtsvorschriften zulässig, mit angemessenen Schutzmaßnahmen (Art. 22 Abs. 2 lit. b DSGVO)',
    'explicit-consent': 'Ihre ausdrückliche Einwilligung (Art. 22 Abs. 2 lit. c DSGVO)',
  },
  sourceTypes: {
    'data-subject': 'Von Ihnen',
    automatic: 'Automatisch erhoben',
    'third-party': 'Von Dritten',
    public: 'Aus öffentlich zugänglichen Quellen',
  },
  retentionEvents: {
    collection: 'der Erhebung',
    'last-interaction': 'unserem letzten Kontakt mit Ihnen',
    'contract-end': 'dem Ende des Vertrags',
    'account-closure': 'der Schließung Ihres Kontos',
    'consent-withdrawal': 'dem Widerruf Ihrer Einwilligung',
    'request-closure': 'dem Abschluss Ihres Antrags',
    'end-of-financial-year': 'dem Ende des Geschäftsjahres',
    event: 'dem betreffenden Ereignis',
  },
  ownRecords: {
    closedRequests: {
      what: 'Aufzeichnungen über Ihre Datenschutzanträge an uns',
      event: 'dem Abschluss Ihres Antrags',
      reason:
        'Um zeigen zu können, wie wir Ihren Antrag bearbeitet haben, und auf eine Beschwerde dazu zu antworten (Art. 5 Abs. 2, Art. 12 DSGVO).',
    },
    deliveredMail: {
      what: 'E-Mails, die wir Ihnen zu Ihren Anträgen senden',
      event: 'dem Versand',
      reason:
        'Um zeigen zu können, dass wir Ihnen geantwortet haben. Text und Adresse der E-Mail löschen wir, sobald sie versandt ist.',
    },
    consentProof: {
      what: 'Eine Einwilligungsentscheidung, die Sie später geändert haben',
      event: 'der Änderung',
      reason:
        'Um nachweisen zu können, dass die Verarbeitung, solange die Entscheidung galt, rechtmäßig war (Art. 7 Abs. 1 DSGVO). Ihre aktuellen Entscheidungen bewahren wir auf, solange sie gelten.',
    },
  },
  recipientTypes: {
    processor: 'Auftragsverarbeiter',
    'joint-controller': 'Gemeinsam Verantwortlicher',
    controller: 'Eigenständiger Verantwortlicher',
    authority: 'Behörde',
    'group-company': 'Konzernunternehmen',
  },
  transferMechanisms: {
    adequacy: 'Angemessenheitsbeschluss der Europäischen Kommission (Art. 45 DSGVO)',
    scc: 'Von der Europäischen Kommission erlassene Standardvertragsklauseln (Art. 46 Abs. 2 lit. c DSGVO)',
    'uk-idta': 'Britisches International Data Transfer Agreement oder Addendum (Art. 46 UK-DSGVO)',
    dpf: 'EU-US-Datenschutzrahmen (Data Privacy Framework; Angemessenheitsbeschluss, Art. 45 DSGVO)',
    bcr: 'Verbindliche interne Datenschutzvorschriften (Art. 47 DSGVO)',
    'code-of-conduct':
      'Genehmigte Verhaltensregeln mit verbindlichen Verpflichtungen (Art. 46 Abs. 2 lit. e DSGVO)',
    certification:
      'Genehmigter Zertifizierungsmechanismus mit verbindlichen Verpflichtungen (Art. 46 Abs. 2 lit. f DSGVO)',
    derogation: 'Ausnahme für bestimmte Fälle (Art. 49 DSGVO)',
  },
  derogations: {
    'explicit-consent':
      'Ihre ausdrückliche Einwilligung, nachdem Sie über die möglichen Risiken unterrichtet wurden (Art. 49 Abs. 1 lit. a DSGVO)',
    'contract-with-subject':
      'erforderlich für die Erfüllung eines Vertrags mit Ihnen (Art. 49 Abs. 1 lit. b DSGVO)',
    'contract-in-subject-interest':
      'erforderlich für einen in Ihrem Interesse geschlossenen Vertrag (Art. 49 Abs. 1 lit. c DSGVO)',
    'public-interest':
      'aus wichtigen Gründen des öffentlichen Interesses notwendig (Art. 49 Abs. 1 lit. d DSGVO)',
    'legal-claims':
      'erforderlich zur Geltendmachung, Ausübung oder Verteidigung von Rechtsansprüchen (Art. 49 Abs. 1 lit. e DSGVO)',
    'vital-interests':
      'erforderlich zum Schutz lebenswichtiger Interessen, wenn keine Einwilligung gegeben werden kann (Art. 49 Abs. 1 lit. f DSGVO)',
    'public-register': 'aus einem öffentlichen Register (Art. 49 Abs. 1 lit. g DSGVO)',
    'compelling-legitimate-interests':
      'erforderlich für unsere zwingenden berechtigten Interessen, bei einer nicht wiederholten Übermittlung, die nur eine begrenzte Zahl von Personen betrifft, unter Unterrichtung der Aufsichtsbehörde (Art. 49 Abs. 1 UAbs. 2 DSGVO)',
  },
  channelTypes: {
    email: 'E-Mail',
    'web-form': 'Webformular',
    'privacy-center': 'Datenschutzcenter',
    postal: 'Post',
    phone: 'Telefon',
    'toll-free-phone': 'Gebührenfreie Rufnummer',
    'unsubscribe-link': 'Abmeldelink',
    'account-settings': 'Kontoeinstellungen',
    'cookie-banner': 'Cookie-Einstellungen',
    'in-person': 'Persönlich',
  },
  channelDefaults: {
    email: 'Per E-Mail',
    'web-form': 'Unser Webformular',
    'privacy-center': 'Unser Datenschutzcenter',
    postal: 'Per Post',
    phone: 'Telefonisch',
    'toll-free-phone': 'Über unsere gebührenfreie Rufnummer',
    'unsubscribe-link': 'Der Abmeldelink in jeder Nachricht, die wir senden',
    'account-settings': 'Die Einstellungen Ihres Kontos',
    'cookie-banner': 'Die Cookie-Einstellungen auf unserer Website',
    'in-person': 'Persönlich in unseren Büros',
  },
  rights: {
    access: {
      name: 'Auskunftsrecht (Art. 15 DSGVO)',
      explanation:
        'Sie können erfahren, ob wir Ihre personenbezogenen Daten verarbeiten, und in diesem Fall eine Kopie davon erhalten, zusammen mit den Zwecken, Kategorien, Empfängern, der Speicherdauer, der Herkunft und Ihren Rechten; die erste Kopie ist unentgeltlich.',
    },
    rectification: {
      name: 'Recht auf Berichtigung (Art. 16 DSGVO)',
      explanation:
        'Sie können unrichtige personenbezogene Daten über Sie unverzüglich berichtigen und unvollständige Daten vervollständigen lassen.',
    },
    erasure: {
      name: 'Recht auf Löschung (Art. 17 DSGVO)',
      explanation:
        'Sie können Ihre personenbezogenen Daten löschen lassen, etwa wenn sie nicht mehr benötigt werden, wenn Sie Ihre Einwilligung widerrufen oder Widerspruch einlegen oder wenn sie unrechtmäßig verarbeitet wurden, es sei denn, wir müssen sie aufbewahren, etwa zur Erfüllung einer rechtlichen Verpflichtung oder für Rechtsansprüche.',
    },
    restriction: {
      name: 'Recht auf Einschränkung der Verarbeitung (Art. 18 DSGVO)',
      explanation:
        'Sie können die Verarbeitung einschränken lassen, sodass wir Ihre Daten nur noch speichern: solange Sie deren Richtigkeit bestreiten, wenn die Verarbeitung unrechtmäßig ist und Sie die Einschränkung der Löschung vorziehen, wenn wir die Daten nicht mehr benötigen, Sie sie aber für Rechtsansprüche brauchen, oder solange wir Ihren Widerspruch prüfen.',
    },
    portability: {
      name: 'Recht auf Datenübertragbarkeit (Art. 20 DSGVO)',
      explanation:
        'Sie können die Daten, die Sie uns bereitgestellt haben und die wir auf Grundlage Ihrer Einwilligung oder eines Vertrags automatisiert verarbeiten, in einem strukturierten, gängigen und maschinenlesbaren Format erhalten und, soweit technisch machbar, direkt an einen anderen Verantwortlichen übermitteln lassen.',
    },
    objection: {
      name: 'Widerspruchsrecht (Art. 21 DSGVO)',
      explanation:
        'Sie können aus Gründen, die sich aus Ihrer besonderen Situation ergeben, jederzeit einer Verarbeitung widersprechen, die auf unseren berechtigten Interessen oder einer Aufgabe im öffentlichen Interesse beruht; Ihr Widerspruch gegen Direktwerbung gilt uneingeschränkt, ist kostenlos und bedarf keiner Begründung.',
    },
    'withdraw-consent': {
      name: 'Recht auf Widerruf der Einwilligung (Art. 7 Abs. 3 DSGVO)',
      explanation:
        'Wenn wir uns auf Ihre Einwilligung stützen, können Sie sie jederzeit so einfach widerrufen, wie Sie sie erteilt haben, ohne dass die Rechtmäßigkeit der bis zum Widerruf erfolgten Verarbeitung berührt wird.',
    },
    'automated-decisions': {
      name: 'Rechte bei automatisierten Entscheidungen (Art. 22 DSGVO)',
      explanation:
        'Sie haben das Recht, nicht einer ausschließlich auf einer automatisierten Verarbeitung – einschließlich Profiling – beruhenden Entscheidung unterworfen zu werden, die Ihnen gegenüber rechtliche Wirkung entfaltet oder Sie in ähnlicher Weise erheblich beeinträchtigt, und, wo eine solche Entscheidung zulässig ist, das Eingreifen einer Person zu erwirken, Ihren Standpunkt darzulegen und die Entscheidung anzufechten.',
    },
    complaint: {
      name: 'Beschwerderecht (Art. 77 DSGVO)',
      explanation:
        'Sie können sich bei einer Aufsichtsbehörde beschweren, insbesondere in dem Mitgliedstaat Ihres Aufenthaltsorts, Ihres Arbeitsplatzes oder des Orts des mutmaßlichen Verstoßes.',
    },
    know: {
      name: 'Recht auf Auskunft',
      explanation:
        'Sie können verlangen, dass wir Ihnen die Kategorien und die konkreten personenbezogenen Informationen, die wir über Sie erhoben haben, die Kategorien der Quellen, die geschäftlichen oder kommerziellen Zwecke und die Kategorien der Dritten, an die wir sie offenlegen, mitteilen.',
    },
    delete: {
      name: 'Recht auf Löschung',
      explanation:
        'Sie können verlangen, dass wir die personenbezogenen Informationen löschen, die wir bei Ihnen erhoben haben, vorbehaltlich der gesetzlichen Ausnahmen.',
    },
    correct: {
      name: 'Recht auf Berichtigung',
      explanation:
        'Sie können verlangen, dass wir unrichtige personenbezogene Informationen über Sie berichtigen.',
    },
    'opt-out-sale': {
      name: 'Recht auf Widerspruch gegen den Verkauf',
      explanation:
        'Sie können uns anweisen, Ihre personenbezogenen Informationen nicht zu verkaufen.',
    },
    'opt-out-sharing': {
      name: 'Recht auf Widerspruch gegen die Weitergabe',
      explanation:
        'Sie können uns anweisen, Ihre personenbezogenen Informationen nicht für kontextübergreifende verhaltensbasierte Werbung weiterzugeben.',
    },
    'opt-out-targeted-advertising': {
      name: 'Recht auf Widerspruch gegen zielgerichtete Werbung',
      explanation:
        'Sie können der Verarbeitung Ihrer personenbezogenen Daten für zielgerichtete Werbung widersprechen.',
    },
    'opt-out-profiling': {
      name: 'Recht auf Widerspruch gegen Profiling',
      explanation:
        'Sie können einem Profiling widersprechen, das Entscheidungen mit rechtlichen oder ähnlich erheblichen Auswirkungen für Sie dient.',
    },
    'limit-sensitive': {
      name: 'Recht auf Beschränkung der Nutzung sensibler personenbezogener Informationen',
      explanation:
        'Sie können uns anweisen, die Nutzung und Offenlegung Ihrer sensiblen personenbezogenen Informationen auf das zu beschränken, was zur Erbringung der von Ihnen gewünschten Waren oder Leistungen erforderlich ist.',
    },
    'non-discrimination': {
      name: 'Recht auf Nichtdiskriminierung',
      explanation: 'Wir benachteiligen Sie nicht, weil Sie eines Ihrer Rechte ausüben.',
    },
    appeal: {
      name: 'Einspruchsrecht',
      explanation:
        'Wenn wir Ihren Antrag ablehnen, können Sie gegen unsere Entscheidung Einspruch einlegen.',
    },
  },
  usPortability: {
    name: 'Recht auf Datenübertragbarkeit',
    explanation:
      'Sie können die personenbezogenen Daten, die Sie uns bereitgestellt haben, in einem übertragbaren und, soweit technisch machbar, unmittelbar nutzbaren Format erhalten, das Ihnen die Übermittlung an eine andere Stelle ermöglicht.',
  },
  laws: {
    gdpr: 'Datenschutz-Grundverordnung (DSGVO, Verordnung (EU) 2016/679)',
    'uk-gdpr': 'Datenschutz-Grundverordnung des Vereinigten Königreichs (UK-DSGVO)',
    ccpa: 'California Consumer Privacy Act in der durch den California Privacy Rights Act geänderten Fassung (CCPA)',
    vcdpa: 'Virginia Consumer Data Protection Act (VCDPA)',
    cpa: 'Colorado Privacy Act (CPA)',
    ctdpa: 'Connecticut Data Privacy Act (CTDPA)',
    ucpa: 'Utah Consumer Privacy Act (UCPA)',
  },
  lawShort: {
    gdpr: 'DSGVO',
    'uk-gdpr': 'UK-DSGVO',
    ccpa: 'CCPA',
    vcdpa: 'VCDPA',
    cpa: 'CPA',
    ctdpa: 'CTDPA',
    ucpa: 'UCPA',
  },
  attorneyGeneral: {
    vcdpa: 'den Attorney General von Virginia',
    cpa: 'den Attorney General von Colorado',
    ctdpa: 'den Attorney General von Connecticut',
  },
  securityMeasures: {
    'encryption-in-transit': 'Verschlüsselung bei der Übertragung',
    'encryption-at-rest': 'Verschlüsselung bei der Speicherung',
    'access-control': 'Zugriffskontrolle',
    authentication: 'Authentifizierung',
    'network-security': 'Netzwerksicherheit',
    'logging-monitoring': 'Protokollierung und Überwachung',
    backup: 'Datensicherungen',
    pseudonymisation: 'Pseudonymisierung',
    'confidentiality-agreements': 'Vertraulichkeitsverpflichtungen',
    training: 'Schulung der Mitarbeitenden',
    'physical-security': 'Physische Sicherheit',
    'vendor-management': 'Steuerung von Dienstleistern',
    'incident-response': 'Vorfallmanagement',
    testing: 'Regelmäßige Überprüfung unserer Sicherheit',
    other: 'Weitere Maßnahmen',
  },
  requirementTypes: {
    none: 'Sie sind nicht verpflichtet, diese Daten bereitzustellen.',
    statutory: 'Die Bereitstellung dieser Daten ist gesetzlich vorgeschrieben.',
    contractual: 'Die Bereitstellung dieser Daten ist vertraglich vorgeschrieben.',
    'contract-prerequisite':
      'Die Bereitstellung dieser Daten ist für einen Vertragsabschluss mit uns erforderlich.',
  },
  cookieParties: {
    first: 'Erstanbieter',
    third: 'Drittanbieter',
  },
  cookieTypes: {
    cookie: 'Cookie',
    'local-storage': 'Lokaler Speicher',
    'session-storage': 'Sitzungsspeicher',
    pixel: 'Pixel',
    sdk: 'Software Development Kit (SDK)',
  },
  regions: {
    EU: 'Europäische Union',
    EEA: 'Europäischer Wirtschaftsraum',
  },
  specialCategoriesList: SPECIAL,
  text: {
    title: (organisation) => `Datenschutzerklärung von ${organisation}`,
    draftBanner:
      'ENTWURF, nicht zur Veröffentlichung. Die Datenkarte, aus der diese Erklärung erstellt wurde, enthält Fehler; jede fehlende Angabe ist mit NICHT ANGEGEBEN markiert.',
    intro: (organisation) =>
      `Diese Erklärung beschreibt, welche personenbezogenen Daten ${organisation} verarbeitet, warum und auf welcher Rechtsgrundlage, wer sie erhält, wie lange sie gespeichert werden, welche Rechte Sie haben und wie Sie diese ausüben.`,
    relatedIntro: 'Bitte lesen Sie diese Erklärung zusammen mit:',

    oneController: (controller) =>
      `${controller} ist Verantwortlicher für Ihre personenbezogenen Daten und entscheidet, warum und wie Ihre Daten verarbeitet werden.`,
    severalControllers:
      'Die folgenden Gesellschaften sind Verantwortliche für Ihre personenbezogenen Daten. Soweit es davon abhängt, wo Sie wohnen, ist unten angegeben, welche Gesellschaft für Sie zuständig ist.',
    peopleIn: (places, count) =>
      count === 1
        ? `Personen mit Wohnsitz in folgendem Land oder folgender Region: ${places}`
        : `Personen mit Wohnsitz in folgenden Ländern oder Regionen: ${places}`,
    peopleInExcept: (places, except) =>
      `Personen mit Wohnsitz in folgenden Ländern oder Regionen: ${places}; ausgenommen: ${except}`,
    everyoneOutside: (places, count) =>
      count === 1
        ? `alle Personen mit Wohnsitz außerhalb des folgenden Landes oder der folgenden Region: ${places}`
        : `alle Personen mit Wohnsitz außerhalb der folgenden Länder oder Regionen: ${places}`,
    everyoneElse: 'alle übrigen Personen',
    attention: (who) => `z. Hd. ${who}`,
    dpoRole:
      'Der Datenschutzbeauftragte überwacht die Einhaltung des Datenschutzrechts und ist Ihr Ansprechpartner für alle Fragen zur Verarbeitung Ihrer Daten und zur Ausübung Ihrer Rechte (Art. 38 Abs. 4 und Art. 39 DSGVO).',
    processorIntro: (organisation) =>
      `Soweit ${organisation} personenbezogene Daten im Auftrag von Kunden verarbeitet, ist ${organisation} deren Auftragsverarbeiter (Art. 28 DSGVO) und sind die Kunden die Verantwortlichen. Diese Erklärung gilt nicht für diese Verarbeitung; dafür gilt die Datenschutzerklärung des jeweiligen Kunden.`,
    processorAgreement: (agreement) => `Maßgeblicher Vertrag: ${agreement}`,

    dataIntro:
      'Wir verarbeiten die folgenden Kategorien personenbezogener Daten. Bei jedem Zweck unten geben wir an, welche davon wir nutzen.',
    specialNote: (kind) => `besondere Kategorie personenbezogener Daten (Art. 9 DSGVO): ${kind}`,
    criminalNote: 'Daten über strafrechtliche Verurteilungen und Straftaten (Art. 10 DSGVO)',
    specialNotProcessed: `Wir verarbeiten keine besonderen Kategorien personenbezogener Daten (Art. 9 Abs. 1 DSGVO), also keine ${SPECIAL}.`,
    specialDeleted:
      'Wenn Sie uns dennoch solche Daten übermitteln, verwenden wir sie nicht und löschen sie.',
    specialKept:
      'Wenn Sie uns dennoch solche Daten übermitteln, speichern wir sie nur, soweit eine Bedingung des Art. 9 Abs. 2 DSGVO dies erlaubt.',
    specialProcessed:
      'Wir verarbeiten die folgenden besonderen Kategorien personenbezogener Daten, jeweils nur aufgrund einer beim Zweck angegebenen Bedingung des Art. 9 Abs. 2 DSGVO:',
    childrenNotCollected: 'Wir erheben nicht wissentlich personenbezogene Daten von Kindern.',
    childrenNotCollectedUnder: (age) =>
      `Wir erheben nicht wissentlich personenbezogene Daten von Kindern unter ${age} Jahren.`,
    childrenCollected:
      'Unter den Personen, deren personenbezogene Daten wir verarbeiten, können sich Kinder befinden.',
    childrenConsentAge: (age) =>
      `Stützen wir uns bei einem Online-Dienst, der einem Kind unter ${age} Jahren direkt angeboten wird, auf eine Einwilligung, holen wir die Einwilligung des Trägers der elterlichen Verantwortung ein (Art. 8 Abs. 1 DSGVO).`,
    sourcesIntro:
      'Wir erhalten personenbezogene Daten aus den folgenden Quellen (Art. 14 Abs. 2 lit. f DSGVO):',
    publiclyAccessible: 'öffentlich zugänglich',
    notPubliclyAccessible: 'nicht öffentlich zugänglich',

    purposesIntro:
      'Wir verarbeiten personenbezogene Daten nur zu den folgenden Zwecken, jeweils auf einer Rechtsgrundlage des Art. 6 Abs. 1 DSGVO.',
    withdrawVia: (channels) =>
      `Sie können Ihre Einwilligung jederzeit widerrufen über: ${channels}.`,
    objectVia: (channels) => `Sie können jederzeit widersprechen über: ${channels}.`,
    objectMarketingVia: (channels) =>
      `Sie können jederzeit und kostenlos widersprechen über: ${channels}. Wir hören dann sofort damit auf.`,
    softOptIn: (subjects) =>
      `Ohne vorherige Einwilligung können wir Informationen über Produkte und Leistungen, die den bereits erworbenen ähnlich sind, senden an: ${subjects}. Dies beruht auf unserem berechtigten Interesse (Art. 6 Abs. 1 lit. f DSGVO, Art. 13 Abs. 2 ePrivacy-Richtlinie); Sie können jederzeit und kostenlos widersprechen, auch in jeder Nachricht.`,
    seeAutomated:
      'Ja: Dieser Zweck umfasst automatisierte Entscheidungen oder Profiling, erläutert unter „Automatisierte Entscheidungen und Profiling“.',

    recipientsIntro:
      'Wir geben personenbezogene Daten nur an die unten genannten Empfänger weiter, und nur soweit diese sie für die Zwecke benötigen, für die sie sie erhalten.',
    processorsBound:
      'Unsere Auftragsverarbeiter handeln ausschließlich auf unsere dokumentierte Weisung, auf Grundlage eines Auftragsverarbeitungsvertrags, der Art. 28 Abs. 3 DSGVO entspricht.',
    noRecipients:
      'Wir geben Ihre personenbezogenen Daten an niemanden außerhalb unserer Organisation weiter.',
    conditionsIntro: 'Einige Empfänger erhalten Daten nur in bestimmten Fällen:',
    jointController: (recipient, arrangement) =>
      `Wir sind mit ${recipient} gemeinsam Verantwortliche (Art. 26 DSGVO). Das Wesentliche unserer Vereinbarung: ${arrangement}`,
    categoryOfRecipients: 'Kategorie von Empfängern',

    noTransfers:
      'Wir übermitteln Ihre personenbezogenen Daten nicht in Länder außerhalb des Europäischen Wirtschaftsraums (EWR).',
    noTransfersUk:
      'Wir übermitteln Ihre personenbezogenen Daten nicht in Länder außerhalb des Vereinigten Königreichs und des Europäischen Wirtschaftsraums.',
    transfersIntro:
      'Einige Empfänger verarbeiten personenbezogene Daten in Ländern außerhalb des Europäischen Wirtschaftsraums (EWR). Wir übermitteln Daten dorthin nur mit einer der Garantien des Kapitels V der DSGVO:',
    adequacy: 'Angemessenheitsbeschluss der Europäischen Kommission (Art. 45 DSGVO)',
    adequacyUk: 'Britische Angemessenheitsregelung (Art. 45 UK-DSGVO)',
    noSafeguardNeeded: 'Nicht erforderlich: keine Übermittlung außerhalb des EWR',
    tiaDone: 'Eine Transfer-Folgenabschätzung (Transfer Impact Assessment) wurde durchgeführt.',
    tiaDoneOn: (date) =>
      `Eine Transfer-Folgenabschätzung (Transfer Impact Assessment) wurde am ${date} durchgeführt.`,
    ukRegime: 'nach der UK-DSGVO',
    copyOfSafeguards: (channels) =>
      `Eine Kopie dieser Garantien oder Auskunft darüber, wo sie verfügbar sind, erhalten Sie über: ${channels}.`,

    allPersonalData: 'Alle personenbezogenen Daten',
    residencyProcessing: (places) =>
      `Werden nur in folgenden Ländern oder Regionen verarbeitet und gespeichert: ${places}`,
    residencyStorage: (places) =>
      `Werden nur in folgenden Ländern oder Regionen gespeichert: ${places}`,

    retentionIntro:
      'Wir speichern personenbezogene Daten nur so lange, wie es für den Zweck, zu dem wir sie verarbeiten, erforderlich ist (Art. 5 Abs. 1 lit. e DSGVO), und löschen oder anonymisieren sie danach.',
    retentionFor: (duration, event) => `${duration} nach ${event}`,
    retentionMaximum: (duration) => `In jedem Fall höchstens ${duration}.`,
    thenAnonymised: 'danach anonymisiert',
    anonymisedWhereNotDeletable: 'Anonymisiert, wo eine Löschung nicht möglich ist.',
    legalHold: (basis) => `Aufbewahrt, solange es gesetzlich vorgeschrieben ist: ${basis}.`,
    fallbackMechanisms: (mechanisms) => `mit, als Rückfallebene, ${mechanisms}`,
    withUkAddendum: 'mit dem UK-Addendum',
    noSale: 'Wir verkaufen keine personenbezogenen Daten.',
    noSaleOrRent: 'Wir verkaufen oder vermieten keine personenbezogenen Daten.',
    disclosedOnlyBy: (controllers) =>
      `Keine Übermittlung im Sinne der DSGVO: nur offengelegt durch ${controllers}`,
    suppression:
      'Wenn Sie uns bitten, Ihre Daten zu löschen, behalten wir nur das Nötigste, etwa Ihre E-Mail-Adresse, auf einer Sperrliste, damit wir Sie nie wieder kontaktieren.',

    rightsUnder: (laws) => `Nach der ${laws} haben Sie folgende Rechte:`,
    exerciseIntro: 'Um Ihre Rechte auszuüben, wenden Sie sich an uns über:',
    exerciseFor: (controller) => `Für ${controller}:`,
    responseTime: (period, extension) =>
      `Wir antworten unverzüglich, spätestens jedoch ${period} nach Eingang Ihres Antrags. Bei komplexen oder zahlreichen Anträgen können wir diese Frist um weitere ${extension} verlängern; in diesem Fall teilen wir Ihnen dies innerhalb des ersten Monats unter Angabe der Gründe mit (Art. 12 Abs. 3 DSGVO).`,
    notActing:
      'Werden wir auf Ihren Antrag hin nicht tätig, teilen wir Ihnen innerhalb eines Monats die Gründe mit und weisen Sie darauf hin, dass Sie bei einer Aufsichtsbehörde Beschwerde und einen gerichtlichen Rechtsbehelf einlegen können (Art. 12 Abs. 4 DSGVO).',
    feeNone: 'Die Ausübung Ihrer Rechte ist unentgeltlich.',
    feeExcessive:
      'Die Ausübung Ihrer Rechte ist unentgeltlich. Bei offenkundig unbegründeten oder – insbesondere im Fall häufiger Wiederholung – exzessiven Anträgen können wir ein angemessenes Entgelt verlangen, das die Verwaltungskosten berücksichtigt, oder uns weigern, tätig zu werden (Art. 12 Abs. 5 DSGVO).',
    identityDefault:
      'Haben wir begründete Zweifel an Ihrer Identität, können wir zusätzliche Informationen anfordern, die zu deren Bestätigung erforderlich sind (Art. 12 Abs. 6 DSGVO).',
    recipientsInformed:
      'Wir teilen jedem Empfänger jede Berichtigung, Löschung oder Einschränkung mit, es sei denn, dies ist unmöglich oder mit einem unverhältnismäßigen Aufwand verbunden, und nennen Ihnen diese Empfänger auf Verlangen (Art. 19 DSGVO).',
    withdrawIntro:
      'Wenn wir Ihre Daten auf Grundlage Ihrer Einwilligung verarbeiten, können Sie diese jederzeit so einfach widerrufen, wie Sie sie erteilt haben. Der Widerruf berührt nicht die Rechtmäßigkeit der aufgrund der Einwilligung bis zum Widerruf erfolgten Verarbeitung (Art. 7 Abs. 3 DSGVO). Sie können Ihre Einwilligung widerrufen für:',
    objectionIntro:
      'Wenn wir Ihre Daten auf Grundlage unserer berechtigten Interessen verarbeiten, können Sie aus Gründen, die sich aus Ihrer besonderen Situation ergeben, jederzeit widersprechen. Wir beenden die Verarbeitung dann, es sei denn, wir können zwingende schutzwürdige Gründe nachweisen, die Ihre Interessen, Rechte und Freiheiten überwiegen, oder wir benötigen die Daten zur Geltendmachung, Ausübung oder Verteidigung von Rechtsansprüchen (Art. 21 Abs. 1 DSGVO). Sie können widersprechen bei:',
    directMarketingIntro:
      'Sie können der Verwendung Ihrer Daten für Direktwerbung, einschließlich eines damit verbundenen Profilings, jederzeit kostenlos und ohne Begründung widersprechen. Wir verwenden Ihre Daten dann sofort nicht mehr für Direktwerbung (Art. 21 Abs. 2 und 3 DSGVO). Sie können widersprechen bei:',
    complaintIntro:
      'Sie haben das Recht, sich bei einer Aufsichtsbehörde zu beschweren, insbesondere in dem EU-Mitgliedstaat Ihres Aufenthaltsorts, Ihres Arbeitsplatzes oder des Orts des mutmaßlichen Verstoßes (Art. 77 DSGVO).',
    complaintAuthority: 'Die für uns zuständige Aufsichtsbehörde ist:',

    noAutomated:
      'Wir treffen keine ausschließlich auf einer automatisierten Verarbeitung – einschließlich Profiling – beruhenden Entscheidungen über Sie, die Ihnen gegenüber rechtliche Wirkung entfalten oder Sie in ähnlicher Weise erheblich beeinträchtigen (Art. 22 DSGVO).',
    automatedIntro:
      'Wir nutzen die unten beschriebene automatisierte Verarbeitung. Für jede erläutern wir die involvierte Logik sowie ihre Tragweite und die angestrebten Auswirkungen für Sie (Art. 13 Abs. 2 lit. f DSGVO).',
    art22Rights:
      'Bei dieser Entscheidung haben Sie das Recht, das Eingreifen einer Person zu erwirken, Ihren Standpunkt darzulegen und die Entscheidung anzufechten (Art. 22 Abs. 3 DSGVO).',

    requirementsIntro:
      'Ob Sie verpflichtet sind, Ihre personenbezogenen Daten bereitzustellen, und welche Folgen es hat, wenn Sie dies nicht tun (Art. 13 Abs. 2 lit. e DSGVO):',

    cookiesIntro:
      'Wir und die unten genannten Anbieter speichern Informationen auf Ihrem Endgerät oder lesen sie von dort aus. Ohne Ihre Einwilligung tun wir dies nur, wenn es für den von Ihnen gewünschten Dienst unbedingt erforderlich ist; für alles andere bitten wir zuerst um Ihre Einwilligung (Art. 5 Abs. 3 ePrivacy-Richtlinie).',
    cookiesChoice: (channels) =>
      `Sie können Ihre Auswahl jederzeit ändern oder widerrufen über: ${channels}.`,
    strictlyNecessary: 'unbedingt erforderlich',

    securityIntro:
      'Wir treffen geeignete technische und organisatorische Maßnahmen zum Schutz Ihrer personenbezogenen Daten (Art. 32 DSGVO), darunter:',

    usIntro: (laws) =>
      `Dieser Abschnitt ergänzt diese Erklärung für Einwohner der US-Bundesstaaten, deren Datenschutzgesetze auf uns anwendbar sind. Er erfolgt nach den folgenden Gesetzen: ${laws}.`,
    usController: (controller) =>
      `Für Einwohner der Vereinigten Staaten ist ${controller} das für Ihre personenbezogenen Informationen verantwortliche Unternehmen (Business).`,
    usCollectedIntro:
      'In den letzten 12 Monaten haben wir die folgenden Kategorien personenbezogener Informationen aus den angegebenen Quellen und zu den angegebenen geschäftlichen oder kommerziellen Zwecken erhoben und zu Geschäftszwecken an die angegebenen Kategorien von Empfängern offengelegt:',
    usOtherCategory: 'Sonstige personenbezogene Informationen',
    usNoSale:
      'Wir verkaufen personenbezogene Informationen nicht und geben sie nicht weiter (Sharing), und wir haben dies auch in den letzten 12 Monaten nicht getan.',
    usSells: (categories, recipients) =>
      `In den letzten 12 Monaten haben wir folgende Kategorien personenbezogener Informationen verkauft: ${categories}; an folgende Kategorien von Dritten: ${recipients}.`,
    usShares: (categories, recipients) =>
      `In den letzten 12 Monaten haben wir folgende Kategorien personenbezogener Informationen für kontextübergreifende verhaltensbasierte Werbung weitergegeben: ${categories}; an folgende Kategorien von Dritten: ${recipients}.`,
    usOptOut: (channels) =>
      `Sie können dem Verkauf und der Weitergabe Ihrer personenbezogenen Informationen jederzeit widersprechen („Do Not Sell or Share My Personal Information“) über: ${channels}.`,
    usNoMinors:
      'Wir haben keine tatsächliche Kenntnis davon, dass wir personenbezogene Informationen von Verbrauchern unter 16 Jahren verkaufen oder weitergeben.',
    usMinors:
      'Wir verkaufen oder teilen personenbezogene Informationen von Verbrauchern unter 16 Jahren nur mit deren ausdrücklicher Zustimmung oder, bei Verbrauchern unter 13 Jahren, mit der Zustimmung eines Elternteils oder Vormunds.',
    usTargetedAdvertising:
      'Wir verarbeiten personenbezogene Daten für zielgerichtete Werbung; Sie können dem wie unten beschrieben widersprechen.',
    usOptOutTargetedAdvertising: (channels) =>
      `Sie können der Verarbeitung Ihrer personenbezogenen Daten für zielgerichtete Werbung jederzeit widersprechen über: ${channels}.`,
    usNoTargetedAdvertising:
      'Wir verarbeiten keine personenbezogenen Daten für zielgerichtete Werbung.',
    usSensitiveCollected: (categories) =>
      `Wir erheben folgende sensible personenbezogene Informationen: ${categories}.`,
    usSensitiveNone: 'Wir nutzen und offenbaren keine sensiblen personenbezogenen Informationen.',
    usSensitiveLimited:
      'Wir nutzen und offenbaren sensible personenbezogene Informationen nur zu den Zwecken, die die CCPA-Verordnungen erlauben (Cal. Code Regs. tit. 11, § 7027(m)), etwa zur Erbringung der von Ihnen gewünschten Waren oder Leistungen und zur Gewährleistung von Sicherheit und Integrität, und nicht, um auf Ihre Eigenschaften zu schließen.',
    usSensitiveBeyond: (channels) =>
      `Wir nutzen sensible personenbezogene Informationen auch zu anderen Zwecken. Sie können uns anweisen, ihre Nutzung und Offenlegung auf das gesetzlich Erlaubte zu beschränken („Limit the Use of My Sensitive Personal Information“) über: ${channels}.`,
    usRetention:
      'Wir speichern jede Kategorie personenbezogener Informationen für die Dauer, die unter „Wie lange wir Ihre Daten speichern“ für den jeweiligen Zweck angegeben ist.',
    usRequestsIntro: 'Um Ihre Rechte auszuüben, wenden Sie sich an uns über:',
    usConfirmReceipt: (days) =>
      `Wir bestätigen den Eingang eines Antrags auf Auskunft, Löschung oder Berichtigung innerhalb von ${days} Werktagen.`,
    usResponse: (period, extension) =>
      `Wir antworten spätestens ${period} nach Eingang Ihres Antrags. Benötigen wir mehr Zeit, können wir die Frist einmal um ${extension} verlängern; dies teilen wir Ihnen dann innerhalb der ersten Frist unter Angabe der Gründe mit.`,
    usVerification:
      'Bevor wir einen Antrag auf Auskunft, Löschung oder Berichtigung bearbeiten, prüfen wir Ihre Identität, indem wir Ihre Angaben mit den bei uns vorhandenen Informationen abgleichen. Widersprüche (Opt-out) erfordern keine Identitätsprüfung.',
    usAgent:
      'Sie können einen bevollmächtigten Vertreter (Authorized Agent) beauftragen, einen Antrag in Ihrem Namen zu stellen. Wir können vom Vertreter einen Nachweis Ihrer unterzeichneten Vollmacht verlangen und Sie bitten, Ihre Identität direkt bei uns zu bestätigen.',
    usGpc:
      'Wir behandeln ein Global-Privacy-Control-Signal (GPC) Ihres Browsers als gültigen Widerspruch gegen den Verkauf und die Weitergabe Ihrer personenbezogenen Informationen und gegen zielgerichtete Werbung, für diesen Browser und jedes damit verknüpfte Profil.',
    usNoGpc: 'Wir reagieren derzeit nicht auf Global-Privacy-Control-Signale (GPC).',
    dntHonoured: 'Wir beachten Do-Not-Track-Signale (DNT) Ihres Browsers.',
    dntNotHonoured: 'Wir reagieren nicht auf Do-Not-Track-Signale (DNT) Ihres Browsers.',
    usNonDiscrimination:
      'Wir benachteiligen Sie nicht, weil Sie Ihre Rechte ausüben: Wir verweigern Ihnen deshalb keine Waren oder Leistungen, berechnen Ihnen keine anderen Preise und bieten Ihnen kein anderes Niveau und keine andere Qualität von Waren oder Leistungen.',
    usAppeal: (law, channels, period) =>
      `${law}: Wenn wir Ihren Antrag ablehnen, können Sie gegen unsere Entscheidung Einspruch einlegen über: ${channels}. Wir beantworten Ihren Einspruch schriftlich spätestens ${period} nach Eingang, unter Angabe der Gründe für unsere Entscheidung.`,
    usAppealAttorneyGeneral: (attorneyGeneral, url) =>
      `Weisen wir Ihren Einspruch zurück, können Sie sich mit einer Beschwerde an ${attorneyGeneral} wenden: ${url}`,

    changesGeneral:
      'Wir können diese Erklärung aktualisieren, wenn sich unsere Verarbeitungen ändern. Version und Datum des Inkrafttretens oben zeigen, welche Fassung gilt.',
    changesNotify: 'Wenn wir wesentliche Änderungen vornehmen, informieren wir Sie darüber.',
    changesSendCopy: 'Wir senden Ihnen außerdem eine Kopie der aktualisierten Erklärung.',
  },
};
