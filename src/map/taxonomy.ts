/**
 * The built-in taxonomy of personal-data categories a data map can use without declaring them.
 *
 * Each category carries its display name in the notice languages, the closest term of the W3C Data
 * Privacy Vocabulary (DPV 2.x and its personal-data extension `pd:`), its GDPR Art. 9(1) / Art. 10
 * status and its statutory CCPA category. DPV terms were checked against the DPV 2.1 and 2.2
 * releases (`pd/pd.csv`, `dpv/modules/personal_data.csv`); where DPV has no term for a category the
 * closest broader term is used and the line says so.
 */

export type Language = 'en' | 'nl' | 'fr' | 'de';
export type Translations = Readonly<Record<Language, string>>;

/** GDPR Art. 9(1) special categories. */
export const SPECIAL_CATEGORY_KINDS = [
  'racial-ethnic-origin',
  'political-opinions',
  'religious-beliefs',
  'trade-union-membership',
  'genetic',
  'biometric',
  'health',
  'sex-life-orientation',
] as const;
export type SpecialCategoryKind = (typeof SPECIAL_CATEGORY_KINDS)[number];

/** Cal. Civ. Code 1798.140(v)(1) categories of personal information, used for the CCPA notice. */
export const CCPA_CATEGORIES = [
  'identifiers', // (A)
  'customer-records', // (B), the categories of 1798.80(e)
  'protected-classifications', // (C)
  'commercial', // (D)
  'biometric', // (E)
  'internet-activity', // (F)
  'geolocation', // (G)
  'sensory', // (H)
  'professional', // (I)
  'education', // (J)
  'inferences', // (K)
  'sensitive', // (L), defined in 1798.140(ae)
] as const;
export type CcpaCategory = (typeof CCPA_CATEGORIES)[number];

export interface CategoryDefinition {
  /** Dotted, lower-kebab segments: 'contact', 'contact.email'. */
  readonly id: string;
  readonly name: Translations;
  /** A CURIE: 'pd:EmailAddress' (see DPV_PREFIXES). */
  readonly dpv: string;
  readonly parent?: string;
  /** GDPR Art. 9(1). */
  readonly special?: SpecialCategoryKind;
  /** GDPR Art. 10. */
  readonly criminal?: boolean;
  /** The statutory category a CCPA notice lists this under (Cal. Civ. Code 1798.140(v)(1)). */
  readonly ccpa: CcpaCategory;
  /** Cal. Civ. Code 1798.140(ae) sensitive personal information. */
  readonly ccpaSensitive?: boolean;
}

const t = (en: string, nl: string, fr: string, de: string): Translations => ({ en, nl, fr, de });

/** CURIE prefixes of the DPV namespaces the taxonomy uses. */
export const DPV_PREFIXES: Readonly<Record<string, string>> = {
  dpv: 'https://w3id.org/dpv#',
  pd: 'https://w3id.org/dpv/pd#',
};

/**
 * The full IRI of a CURIE: `expandCurie('pd:EmailAddress')` is `https://w3id.org/dpv/pd#EmailAddress`.
 * A CURIE with a prefix not in DPV_PREFIXES, or a full IRI, is returned unchanged.
 */
export function expandCurie(curie: string): string {
  const colon = curie.indexOf(':');
  if (colon <= 0) return curie;
  const namespace = DPV_PREFIXES[curie.slice(0, colon)];
  return namespace === undefined ? curie : namespace + curie.slice(colon + 1);
}

/** Display names of the CCPA statutory categories (Cal. Civ. Code 1798.140(v)(1)(A)-(L)). */
export const CCPA_CATEGORY_NAMES: Readonly<Record<CcpaCategory, Translations>> = {
  identifiers: t('Identifiers', 'Identificatiegegevens', 'Identifiants', 'Kennungen'),
  'customer-records': t(
    'Personal information in customer records',
    'Persoonsgegevens in klantendossiers',
    'Informations personnelles figurant dans les dossiers clients',
    'Personenbezogene Daten in Kundenunterlagen',
  ),
  'protected-classifications': t(
    'Characteristics of protected classifications',
    'Kenmerken van wettelijk beschermde groepen',
    'Caractéristiques de catégories protégées par la loi',
    'Merkmale gesetzlich geschützter Gruppen',
  ),
  commercial: t(
    'Commercial information',
    'Commerciële gegevens',
    'Informations commerciales',
    'Kommerzielle Informationen',
  ),
  biometric: t(
    'Biometric information',
    'Biometrische gegevens',
    'Informations biométriques',
    'Biometrische Informationen',
  ),
  'internet-activity': t(
    'Internet or other electronic network activity',
    'Activiteit op internet of andere elektronische netwerken',
    'Activité sur internet ou sur d’autres réseaux électroniques',
    'Aktivitäten im Internet oder in anderen elektronischen Netzwerken',
  ),
  geolocation: t(
    'Geolocation data',
    'Geolocatiegegevens',
    'Données de géolocalisation',
    'Geolokalisierungsdaten',
  ),
  sensory: t(
    'Audio, electronic, visual, thermal, olfactory or similar information',
    'Audio-, elektronische, visuele, thermische, olfactorische of vergelijkbare gegevens',
    'Informations sonores, électroniques, visuelles, thermiques, olfactives ou similaires',
    'Akustische, elektronische, visuelle, thermische, olfaktorische oder ähnliche Informationen',
  ),
  professional: t(
    'Professional or employment-related information',
    'Beroeps- of arbeidsgerelateerde gegevens',
    'Informations professionnelles ou liées à l’emploi',
    'Berufs- oder beschäftigungsbezogene Informationen',
  ),
  education: t(
    'Education information',
    'Onderwijsgegevens',
    'Informations relatives à l’éducation',
    'Informationen zur Ausbildung',
  ),
  inferences: t(
    'Inferences drawn to create a profile',
    'Afleidingen om een profiel op te stellen',
    'Déductions tirées pour établir un profil',
    'Ableitungen zur Erstellung eines Profils',
  ),
  sensitive: t(
    'Sensitive personal information',
    'Gevoelige persoonsgegevens',
    'Informations personnelles sensibles',
    'Sensible personenbezogene Daten',
  ),
};

/** Display names of the GDPR Art. 9(1) special categories, in the wording of the official texts. */
export const SPECIAL_CATEGORY_NAMES: Readonly<Record<SpecialCategoryKind, Translations>> = {
  'racial-ethnic-origin': t(
    'Racial or ethnic origin',
    'Ras of etnische afkomst',
    'Origine raciale ou ethnique',
    'Rassische oder ethnische Herkunft',
  ),
  'political-opinions': t(
    'Political opinions',
    'Politieke opvattingen',
    'Opinions politiques',
    'Politische Meinungen',
  ),
  'religious-beliefs': t(
    'Religious or philosophical beliefs',
    'Religieuze of levensbeschouwelijke overtuigingen',
    'Convictions religieuses ou philosophiques',
    'Religiöse oder weltanschauliche Überzeugungen',
  ),
  'trade-union-membership': t(
    'Trade union membership',
    'Lidmaatschap van een vakbond',
    'Appartenance syndicale',
    'Gewerkschaftszugehörigkeit',
  ),
  genetic: t('Genetic data', 'Genetische gegevens', 'Données génétiques', 'Genetische Daten'),
  biometric: t(
    'Biometric data to uniquely identify a person',
    'Biometrische gegevens voor de unieke identificatie van een persoon',
    'Données biométriques aux fins d’identifier une personne de manière unique',
    'Biometrische Daten zur eindeutigen Identifizierung einer Person',
  ),
  health: t(
    'Health data',
    'Gezondheidsgegevens',
    'Données concernant la santé',
    'Gesundheitsdaten',
  ),
  'sex-life-orientation': t(
    'Sex life or sexual orientation',
    'Seksueel gedrag of seksuele gerichtheid',
    'Vie sexuelle ou orientation sexuelle',
    'Sexualleben oder sexuelle Orientierung',
  ),
};

/**
 * The built-in categories, parents before children. CCPA categories follow 1798.140(v)(1): where
 * an item fits one of (A)-(K) it is filed there and `ccpaSensitive` adds (L); `sensitive` is used
 * only where (L) is the one category that fits.
 */
export const BUILT_IN_CATEGORIES: readonly CategoryDefinition[] = [
  // Identity
  {
    id: 'identity',
    name: t('Identity data', 'Identiteitsgegevens', 'Données d’identité', 'Identitätsdaten'),
    dpv: 'pd:Identifying',
    ccpa: 'identifiers',
  },
  {
    id: 'identity.name',
    name: t('Name', 'Naam', 'Nom', 'Name'),
    dpv: 'pd:Name',
    parent: 'identity',
    ccpa: 'identifiers', // 1798.140(v)(1)(A): "a real name, alias"
  },
  {
    id: 'identity.gender',
    name: t('Gender', 'Geslacht', 'Genre', 'Geschlecht'),
    dpv: 'pd:Gender',
    parent: 'identity',
    ccpa: 'protected-classifications', // sex and gender are protected classifications
  },
  {
    id: 'identity.date-of-birth',
    name: t('Date of birth', 'Geboortedatum', 'Date de naissance', 'Geburtsdatum'),
    dpv: 'pd:BirthDate',
    parent: 'identity',
    ccpa: 'protected-classifications', // age is a protected classification
  },
  {
    id: 'identity.age',
    name: t('Age', 'Leeftijd', 'Âge', 'Alter'),
    dpv: 'pd:Age',
    parent: 'identity',
    ccpa: 'protected-classifications',
  },
  {
    id: 'identity.nationality',
    name: t('Nationality', 'Nationaliteit', 'Nationalité', 'Staatsangehörigkeit'),
    dpv: 'pd:Nationality',
    parent: 'identity',
    ccpa: 'protected-classifications',
    ccpaSensitive: true, // 1798.140(ae)(1)(D): citizenship or immigration status
  },
  {
    id: 'identity.official-id',
    name: t(
      'Identity document or national identification number',
      'Identiteitsbewijs of rijksregisternummer',
      'Pièce d’identité ou numéro national d’identification',
      'Ausweisdokument oder nationale Kennnummer',
    ),
    dpv: 'pd:OfficialID',
    parent: 'identity',
    ccpa: 'identifiers', // 1798.140(v)(1)(A): social security, driver's license, passport number
    ccpaSensitive: true, // 1798.140(ae)(1)(A)
  },
  {
    id: 'identity.photo',
    name: t('Photo', 'Foto', 'Photo', 'Foto'),
    dpv: 'pd:Picture',
    parent: 'identity',
    // 1798.140(v)(1)(H). A photo processed to recognise faces is biometric: use special.biometric.
    ccpa: 'sensory',
  },

  // Contact
  {
    id: 'contact',
    name: t('Contact details', 'Contactgegevens', 'Coordonnées', 'Kontaktdaten'),
    dpv: 'pd:Contact',
    ccpa: 'identifiers',
  },
  {
    id: 'contact.email',
    name: t('Email address', 'E-mailadres', 'Adresse e-mail', 'E-Mail-Adresse'),
    dpv: 'pd:EmailAddress',
    parent: 'contact',
    ccpa: 'identifiers', // 1798.140(v)(1)(A): "email address"
  },
  {
    id: 'contact.phone',
    name: t('Telephone number', 'Telefoonnummer', 'Numéro de téléphone', 'Telefonnummer'),
    dpv: 'pd:TelephoneNumber',
    parent: 'contact',
    ccpa: 'customer-records', // 1798.80(e): "telephone number"
  },
  {
    id: 'contact.postal-address',
    name: t('Postal address', 'Postadres', 'Adresse postale', 'Postanschrift'),
    dpv: 'pd:PhysicalAddress',
    parent: 'contact',
    ccpa: 'identifiers', // 1798.140(v)(1)(A): "postal address"
  },

  // Account
  {
    id: 'account',
    name: t('Account data', 'Accountgegevens', 'Données de compte', 'Benutzerkontodaten'),
    dpv: 'dpv:PersonalData', // DPV has no term for an account as a whole
    ccpa: 'identifiers',
  },
  {
    id: 'account.username',
    name: t('Username', 'Gebruikersnaam', 'Nom d’utilisateur', 'Benutzername'),
    dpv: 'pd:Username',
    parent: 'account',
    ccpa: 'identifiers', // 1798.140(v)(1)(A): "account name"
  },
  {
    id: 'account.credentials',
    name: t(
      'Login credentials (such as a password hash)',
      'Inloggegevens (zoals een wachtwoordhash)',
      'Identifiants de connexion (tel qu’un mot de passe haché)',
      'Zugangsdaten (etwa ein Passwort-Hash)',
    ),
    dpv: 'pd:Authenticating', // parent of pd:Password, pd:PINCode, pd:SecretText
    parent: 'account',
    ccpa: 'identifiers',
    ccpaSensitive: true, // 1798.140(ae)(1)(B): account log-in with password or credentials
  },
  {
    id: 'account.account-id',
    name: t(
      'Account or customer number',
      'Account- of klantnummer',
      'Numéro de compte ou de client',
      'Konto- oder Kundennummer',
    ),
    dpv: 'pd:UID',
    parent: 'account',
    ccpa: 'identifiers', // 1798.140(v)(1)(A): "unique personal identifier"
  },

  // Professional
  {
    id: 'professional',
    name: t('Professional data', 'Beroepsgegevens', 'Données professionnelles', 'Berufliche Daten'),
    dpv: 'pd:Professional',
    ccpa: 'professional',
  },
  {
    id: 'professional.employer',
    name: t('Employer', 'Werkgever', 'Employeur', 'Arbeitgeber'),
    dpv: 'pd:CurrentEmployment',
    parent: 'professional',
    ccpa: 'professional',
  },
  {
    id: 'professional.job-title',
    name: t('Job title', 'Functietitel', 'Fonction', 'Berufsbezeichnung'),
    dpv: 'pd:Job',
    parent: 'professional',
    ccpa: 'professional',
  },
  {
    id: 'professional.department',
    name: t('Department', 'Afdeling', 'Service', 'Abteilung'),
    dpv: 'pd:Job', // no term for a department; closest is the job
    parent: 'professional',
    ccpa: 'professional',
  },
  {
    id: 'professional.industry',
    name: t('Industry', 'Sector', 'Secteur d’activité', 'Branche'),
    dpv: 'pd:Professional', // no term for an industry; parent term
    parent: 'professional',
    ccpa: 'professional',
  },
  {
    id: 'professional.work-history',
    name: t(
      'Work history and CV',
      'Loopbaan en cv',
      'Parcours professionnel et CV',
      'Berufserfahrung und Lebenslauf',
    ),
    dpv: 'pd:EmploymentHistory',
    parent: 'professional',
    ccpa: 'professional',
  },
  {
    id: 'professional.education',
    name: t(
      'Education and qualifications',
      'Opleiding en diploma’s',
      'Formation et diplômes',
      'Ausbildung und Abschlüsse',
    ),
    dpv: 'pd:Education',
    parent: 'professional',
    ccpa: 'education', // 1798.140(v)(1)(J)
  },

  // Financial
  {
    id: 'financial',
    name: t('Financial data', 'Financiële gegevens', 'Données financières', 'Finanzdaten'),
    dpv: 'pd:Financial',
    ccpa: 'customer-records', // 1798.80(e): "other financial information"
  },
  {
    id: 'financial.bank-account',
    name: t(
      'Bank account number',
      'Bankrekeningnummer',
      'Numéro de compte bancaire',
      'Bankverbindung',
    ),
    dpv: 'pd:BankAccount',
    parent: 'financial',
    ccpa: 'customer-records', // 1798.80(e): "bank account number"
    ccpaSensitive: true, // 1798.140(ae)(1)(B): financial account
  },
  {
    id: 'financial.payment-card',
    name: t(
      'Payment card details',
      'Betaalkaartgegevens',
      'Données de carte de paiement',
      'Zahlungskartendaten',
    ),
    dpv: 'pd:PaymentCard',
    parent: 'financial',
    ccpa: 'customer-records', // 1798.80(e): "credit card number, debit card number"
    ccpaSensitive: true, // 1798.140(ae)(1)(B)
  },
  {
    id: 'financial.billing',
    name: t(
      'Billing and invoice data',
      'Facturatiegegevens',
      'Données de facturation',
      'Rechnungsdaten',
    ),
    dpv: 'pd:Transactional', // no term for invoices; parent of purchases and transactions
    parent: 'financial',
    ccpa: 'customer-records',
  },
  {
    id: 'financial.transactions',
    name: t(
      'Payment transactions',
      'Betalingstransacties',
      'Transactions de paiement',
      'Zahlungsvorgänge',
    ),
    dpv: 'pd:Transaction',
    parent: 'financial',
    ccpa: 'commercial', // 1798.140(v)(1)(D): records of products or services purchased
  },
  {
    id: 'financial.purchase-history',
    name: t('Purchase history', 'Aankoopgeschiedenis', 'Historique d’achats', 'Kaufhistorie'),
    dpv: 'pd:Purchase',
    parent: 'financial',
    ccpa: 'commercial', // 1798.140(v)(1)(D): purchasing or consuming histories
  },

  // Online and device
  {
    id: 'online',
    name: t(
      'Online and device data',
      'Online- en apparaatgegevens',
      'Données en ligne et de l’appareil',
      'Online- und Gerätedaten',
    ),
    dpv: 'pd:Tracking',
    ccpa: 'internet-activity',
  },
  {
    id: 'online.ip-address',
    name: t('IP address', 'IP-adres', 'Adresse IP', 'IP-Adresse'),
    dpv: 'pd:IPAddress',
    parent: 'online',
    ccpa: 'identifiers', // 1798.140(v)(1)(A): "Internet Protocol address"
  },
  {
    id: 'online.device-id',
    name: t('Device identifier', 'Apparaat-ID', 'Identifiant de l’appareil', 'Gerätekennung'),
    dpv: 'pd:DeviceBased', // no device-identifier term; parent of pd:IPAddress and pd:MACAddress
    parent: 'online',
    ccpa: 'identifiers', // 1798.140(aj): a unique identifier includes a device identifier
  },
  {
    id: 'online.device-info',
    name: t(
      'Device and browser information',
      'Apparaat- en browsergegevens',
      'Informations sur l’appareil et le navigateur',
      'Geräte- und Browserinformationen',
    ),
    dpv: 'pd:UserAgent', // browser, operating system and device type as a user agent reports them
    parent: 'online',
    ccpa: 'internet-activity',
  },
  {
    id: 'online.cookie-id',
    name: t('Cookie identifiers', 'Cookie-ID’s', 'Identifiants de cookies', 'Cookie-Kennungen'),
    dpv: 'pd:Identifier', // no cookie term; an identifier used to track
    parent: 'online',
    ccpa: 'identifiers', // 1798.140(aj): persistent identifiers such as cookies
  },
  {
    id: 'online.browsing',
    name: t(
      'Browsing behaviour (pages visited)',
      'Surfgedrag (bezochte pagina’s)',
      'Comportement de navigation (pages consultées)',
      'Surfverhalten (besuchte Seiten)',
    ),
    dpv: 'pd:BrowsingBehavior',
    parent: 'online',
    ccpa: 'internet-activity', // 1798.140(v)(1)(F): browsing history
  },
  {
    id: 'online.referrer',
    name: t('Referring page', 'Verwijzende pagina', 'Page de provenance', 'Verweisende Seite'),
    dpv: 'pd:BrowsingReferral',
    parent: 'online',
    ccpa: 'internet-activity',
  },
  {
    id: 'online.usage',
    name: t(
      'Usage and log data',
      'Gebruiks- en loggegevens',
      'Données d’utilisation et journaux',
      'Nutzungs- und Protokolldaten',
    ),
    dpv: 'pd:ServiceConsumptionBehavior',
    parent: 'online',
    ccpa: 'internet-activity', // 1798.140(v)(1)(F): interaction with a website or application
  },

  // Location
  {
    id: 'location',
    name: t('Location', 'Locatie', 'Localisation', 'Standort'),
    dpv: 'pd:Location',
    ccpa: 'geolocation',
  },
  {
    id: 'location.approximate',
    name: t(
      'Approximate location (city or region)',
      'Geschatte locatie (stad of regio)',
      'Localisation approximative (ville ou région)',
      'Ungefährer Standort (Stadt oder Region)',
    ),
    dpv: 'pd:Location', // DPV does not distinguish precision; parent term
    parent: 'location',
    ccpa: 'geolocation',
  },
  {
    id: 'location.precise',
    name: t('Precise location', 'Precieze locatie', 'Localisation précise', 'Genauer Standort'),
    dpv: 'pd:GPSCoordinate', // closest term for a position within metres
    parent: 'location',
    ccpa: 'geolocation',
    ccpaSensitive: true, // 1798.140(ae)(1)(C); precise means within 1,850 feet, 1798.140(w)
  },

  // Communications
  {
    id: 'communications',
    name: t('Communications', 'Communicatie', 'Communications', 'Kommunikation'),
    dpv: 'pd:Communication',
    ccpa: 'commercial',
  },
  {
    id: 'communications.correspondence',
    name: t(
      'Correspondence with us',
      'Correspondentie met ons',
      'Correspondance avec nous',
      'Korrespondenz mit uns',
    ),
    dpv: 'pd:Communication',
    parent: 'communications',
    // Not sensitive: 1798.140(ae)(1)(E) excepts messages of which the business is the intended recipient.
    ccpa: 'commercial',
  },
  {
    id: 'communications.support-tickets',
    name: t('Support requests', 'Supportaanvragen', 'Demandes d’assistance', 'Supportanfragen'),
    dpv: 'pd:Communication',
    parent: 'communications',
    ccpa: 'commercial',
  },
  {
    id: 'communications.message-content',
    name: t(
      'Contents of mail, email and text messages between others',
      'Inhoud van brieven, e-mails en sms-berichten tussen anderen',
      'Contenu de courriers, d’e-mails et de SMS échangés entre tiers',
      'Inhalt von Briefen, E-Mails und Textnachrichten zwischen Dritten',
    ),
    dpv: 'pd:Communication', // pd:EmailContent covers email only
    parent: 'communications',
    ccpa: 'sensitive',
    ccpaSensitive: true, // 1798.140(ae)(1)(E): unless the business is the intended recipient
  },
  {
    id: 'communications.call-recordings',
    name: t(
      'Call recordings',
      'Gespreksopnames',
      'Enregistrements d’appels',
      'Gesprächsaufzeichnungen',
    ),
    dpv: 'pd:VoiceCommunicationRecording',
    parent: 'communications',
    ccpa: 'sensory', // 1798.140(v)(1)(H): audio information
  },

  // Preferences
  {
    id: 'preferences',
    name: t('Preferences', 'Voorkeuren', 'Préférences', 'Präferenzen'),
    dpv: 'pd:Preference',
    ccpa: 'commercial', // 1798.140(v)(1)(D): products considered, consuming tendencies
  },
  {
    id: 'preferences.interests',
    name: t('Interests', 'Interesses', 'Centres d’intérêt', 'Interessen'),
    dpv: 'pd:Interest',
    parent: 'preferences',
    ccpa: 'commercial',
  },
  {
    id: 'preferences.marketing',
    name: t(
      'Marketing preferences',
      'Marketingvoorkeuren',
      'Préférences en matière de marketing',
      'Werbepräferenzen',
    ),
    dpv: 'pd:PrivacyPreference', // choices about being contacted; closest term
    parent: 'preferences',
    ccpa: 'commercial',
  },
  {
    id: 'preferences.language',
    name: t('Preferred language', 'Voorkeurstaal', 'Langue préférée', 'Bevorzugte Sprache'),
    dpv: 'pd:Language',
    parent: 'preferences',
    ccpa: 'commercial', // no statutory category fits better; a service preference
  },

  // Profiling
  {
    id: 'profiling',
    name: t(
      'Profiles and inferences',
      'Profielen en afgeleide gegevens',
      'Profils et déductions',
      'Profile und abgeleitete Daten',
    ),
    dpv: 'dpv:InferredPersonalData',
    ccpa: 'inferences', // 1798.140(v)(1)(K)
  },
  {
    id: 'profiling.segments',
    name: t(
      'Audience segments',
      'Doelgroepsegmenten',
      'Segments d’audience',
      'Zielgruppensegmente',
    ),
    dpv: 'pd:GroupProfile',
    parent: 'profiling',
    ccpa: 'inferences',
  },
  {
    id: 'profiling.scores',
    name: t(
      'Scores and ratings',
      'Scores en beoordelingen',
      'Scores et évaluations',
      'Scores und Bewertungen',
    ),
    dpv: 'pd:IndividualProfile',
    parent: 'profiling',
    ccpa: 'inferences',
  },

  // Engagement
  {
    id: 'engagement',
    name: t('Engagement data', 'Interactiegegevens', 'Données d’interaction', 'Interaktionsdaten'),
    dpv: 'pd:Behavioral',
    ccpa: 'internet-activity',
  },
  {
    id: 'engagement.email',
    name: t(
      'Email opens and clicks',
      'Openen van en klikken in e-mails',
      'Ouvertures et clics des e-mails',
      'Öffnungen und Klicks in E-Mails',
    ),
    dpv: 'pd:Behavioral', // pd:LinkClicked covers clicks only
    parent: 'engagement',
    ccpa: 'internet-activity', // 1798.140(v)(1)(F): interaction with an advertisement
  },
  {
    id: 'engagement.events',
    name: t(
      'Event registration and attendance',
      'Inschrijving voor en deelname aan evenementen',
      'Inscription et participation aux événements',
      'Anmeldung und Teilnahme an Veranstaltungen',
    ),
    dpv: 'pd:Behavioral', // no term for attendance; parent term
    parent: 'engagement',
    ccpa: 'commercial', // 1798.140(v)(1)(D): services obtained
  },

  // GDPR Art. 9(1) special categories: one category per kind.
  {
    id: 'special',
    name: t(
      'Special categories of personal data',
      'Bijzondere categorieën van persoonsgegevens',
      'Catégories particulières de données à caractère personnel',
      'Besondere Kategorien personenbezogener Daten',
    ),
    dpv: 'dpv:SpecialCategoryPersonalData',
    ccpa: 'sensitive',
    ccpaSensitive: true,
  },
  {
    id: 'special.racial-ethnic-origin',
    name: SPECIAL_CATEGORY_NAMES['racial-ethnic-origin'],
    dpv: 'pd:EthnicOrigin',
    parent: 'special',
    special: 'racial-ethnic-origin',
    ccpa: 'protected-classifications', // race, national origin
    ccpaSensitive: true, // 1798.140(ae)(1)(D)
  },
  {
    id: 'special.political-opinions',
    name: SPECIAL_CATEGORY_NAMES['political-opinions'],
    dpv: 'pd:PoliticalOpinion',
    parent: 'special',
    special: 'political-opinions',
    // California protects political affiliation (Lab. Code 1101-1102); 1798.140(ae) does not list it.
    ccpa: 'protected-classifications',
  },
  {
    id: 'special.religious-beliefs',
    name: SPECIAL_CATEGORY_NAMES['religious-beliefs'],
    dpv: 'pd:ReligiousBelief', // pd:PhilosophicalBelief is its sibling
    parent: 'special',
    special: 'religious-beliefs',
    ccpa: 'protected-classifications', // religion, creed
    ccpaSensitive: true, // 1798.140(ae)(1)(D): religious or philosophical beliefs
  },
  {
    id: 'special.trade-union-membership',
    name: SPECIAL_CATEGORY_NAMES['trade-union-membership'],
    dpv: 'pd:TradeUnionMembership',
    parent: 'special',
    special: 'trade-union-membership',
    ccpa: 'sensitive',
    ccpaSensitive: true, // 1798.140(ae)(1)(D): union membership
  },
  {
    id: 'special.genetic',
    name: SPECIAL_CATEGORY_NAMES.genetic,
    dpv: 'pd:Genetic',
    parent: 'special',
    special: 'genetic',
    ccpa: 'biometric', // 1798.140(c): biometric information includes DNA
    ccpaSensitive: true, // 1798.140(ae)(1)(F): genetic data
  },
  {
    id: 'special.biometric',
    name: SPECIAL_CATEGORY_NAMES.biometric,
    dpv: 'pd:Biometric',
    parent: 'special',
    special: 'biometric',
    ccpa: 'biometric',
    ccpaSensitive: true, // 1798.140(ae)(2)(A): processed to uniquely identify a consumer
  },
  {
    id: 'special.health',
    name: SPECIAL_CATEGORY_NAMES.health,
    dpv: 'pd:MedicalHealth', // GDPR Art. 4(15) includes health care; parent of pd:Health, pd:HealthRecord
    parent: 'special',
    special: 'health',
    ccpa: 'customer-records', // 1798.80(e): medical or health insurance information
    ccpaSensitive: true, // 1798.140(ae)(2)(B)
  },
  {
    id: 'special.sex-life-orientation',
    name: SPECIAL_CATEGORY_NAMES['sex-life-orientation'],
    dpv: 'pd:Sexual',
    parent: 'special',
    special: 'sex-life-orientation',
    ccpa: 'protected-classifications', // sexual orientation
    ccpaSensitive: true, // 1798.140(ae)(2)(C)
  },

  // GDPR Art. 10
  {
    id: 'criminal',
    name: t(
      'Criminal convictions and offences',
      'Strafrechtelijke veroordelingen en strafbare feiten',
      'Condamnations pénales et infractions',
      'Strafrechtliche Verurteilungen und Straftaten',
    ),
    dpv: 'pd:Criminal',
    criminal: true,
    // Not sensitive under 1798.140(ae); usually collected in background checks.
    ccpa: 'professional',
  },
];

const BY_ID: ReadonlyMap<string, CategoryDefinition> = new Map(
  BUILT_IN_CATEGORIES.map((category) => [category.id, category]),
);

/** The built-in category with this id, if there is one. */
export function builtInCategory(id: string): CategoryDefinition | undefined {
  return BY_ID.get(id);
}
