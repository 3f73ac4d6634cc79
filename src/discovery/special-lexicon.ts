/**
 * The words and short phrases that reveal special categories of personal data (GDPR Art. 9(1))
 * and criminal convictions and offences (GDPR Art. 10), in English, Dutch, French and German.
 *
 * Spelling: lower case, without diacritics, words separated by one space; an apostrophe or hyphen
 * in the text splits words, so "j'ai" is "j ai" and "burn-out" is "burn out". A word ending in `*`
 * matches every word that starts with it ("gewerkschaft*" matches "gewerkschaftsmitglied"); a word
 * starting with `*` matches every word that ends with it ("*kanker" matches "borstkanker").
 *
 * Strength: `strong` words reveal the category on their own ("diabetes", "vakbondslid"); `medium`
 * words need a person in the sentence ("my", "il", "Kundin"); `weak` words need a second word of
 * the same category in the sentence ("union" with "strike"), because alone they are mostly about
 * something else (a race, a vote in a poll, a flight).
 */

export const SPECIAL_CATEGORY_IDS = [
  'health',
  'religion',
  'political',
  'trade-union',
  'sex-life',
  'ethnic-origin',
  'biometric',
  'genetic',
  'criminal',
] as const;

/** A special category of GDPR Art. 9(1), or criminal data of Art. 10. */
export type SpecialCategory = (typeof SPECIAL_CATEGORY_IDS)[number];

export const SPECIAL_LANGUAGES = ['en', 'nl', 'fr', 'de'] as const;
/** A language the lexicons cover. */
export type SpecialLanguage = (typeof SPECIAL_LANGUAGES)[number];

export type Strength = 'strong' | 'medium' | 'weak';

type Words = Partial<Record<Strength, string>>;

/** Terms per category and language; entries are separated by `|`. */
export const LEXICON: Record<SpecialCategory, Record<SpecialLanguage, Words>> = {
  health: {
    en: {
      strong:
        'diabetes|diabetic|cancer|tumour|tumor|chemotherapy|chemo|pregnant|pregnancy|miscarriage|hiv|epilepsy|epileptic|bipolar|schizophrenia|schizophrenic|autism|autistic|adhd|asthma|migraines|disability|disabled|wheelchair|deaf|dyslexia|dyslexic|medication|insulin|antidepressant*|diagnosed|sick leave|sick note|burnout|burn out|chronic illness|psychiatrist|heart attack|cardiac arrest|multiple sclerosis|parkinson*|alzheimer*|dementia|mental health|blood pressure|medical certificate|doctor s note|hospitalised|hospitalized|anxiety disorder|panic attacks|eating disorder|anorexia|crohn*|hearing aid|surgery|heart condition|heart disease|expecting a baby|expecting a child',
      medium:
        'depression|depressed|hospital|allergy|allergic|therapy|therapist|diagnosis|illness|ill|sick|injury|injured|covid|migraine|blind|stroke|broken leg|prescription|pills|psychologist|physiotherapy|rehab',
      weak: 'operation|treatment|chronic|clinic|doctor|condition',
    },
    nl: {
      strong:
        'diabetes|suikerziekte|diabeet|diabetici|kanker|*kanker|tumor|chemo*|zwanger*|miskraam|hiv|epilepsie|depressie|depressief|burn out|burnout|autisme|autistisch|adhd|astma|gehandicapt|handicap|rolstoel|doof|dyslexie|medicatie|medicijn*|insuline|antidepressiva|gediagnosticeerd|ziekmelding|ziekteverlof|ziekgemeld|ziek gemeld|psychiater|hartaanval|hartinfarct|beroerte|parkinson*|alzheimer*|dementie|hoge bloeddruk|arbeidsongeschikt*|geestelijke gezondheid|gehoorapparaat|opgenomen in het ziekenhuis|chronische ziekte|doktersbriefje|medisch attest|geopereerd|in verwachting|hartziekte',
      medium:
        '*ziekte|ziek|ziekte|ziekenhuis|allergie|allergisch|therapie|diagnose|psycholoog|blind|blessure|gebroken been|kinesist|fysiotherapie|migraine|covid|corona|revalidatie',
      weak: 'operatie|behandeling|chronisch|kliniek|dokter|arts',
    },
    fr: {
      strong:
        'diabete|diabetique|cancer|tumeur|chimio*|grossesse|fausse couche|vih|sida|epilepsie|epileptique|depression|depressif|depressive|burn out|burnout|autisme|autiste|tdah|asthme|handicap|handicape|handicapee|fauteuil roulant|sourd|sourde|dyslexie|dyslexique|medicament*|insuline|antidepresseur*|arret maladie|arret de travail|psychiatre|crise cardiaque|avc|parkinson|alzheimer|demence|tension arterielle|invalidite|hospitalise|hospitalisee|certificat medical|maladie chronique|sante mentale|appareil auditif|opere|operee|maladie cardiaque|attend un bebe|attend un enfant',
      medium:
        'malade|maladie|hopital|allergie|allergique|therapie|diagnostique|diagnostiquee|psychologue|aveugle|blessure|blesse|blessee|jambe cassee|kine|kinesitherapie|migraine|covid|enceinte|reeducation',
      weak: 'operation|traitement|chronique|clinique|medecin|docteur|diagnostic',
    },
    de: {
      strong:
        'diabetes|diabetiker*|zuckerkrank*|krebs|*krebs|tumor|chemo*|schwanger*|fehlgeburt|hiv|aids|epilepsie|epileptiker*|depression*|depressiv*|burnout|burn out|autismus|autist*|adhs|asthma|behindert*|schwerbehindert*|behinderung|rollstuhl|gehorlos|legasthen*|medikament*|insulin|antidepressiva|diagnostiziert|krankgeschrieben|krankschreibung|krankmeldung|psychiater|herzinfarkt|schlaganfall|parkinson|alzheimer|demenz|bluthochdruck|arbeitsunfahig*|horgerat|chronisch krank|psychische erkrankung|attest|operiert|erkrankt|erkrankung|herzkrank*|erwartet ein baby|ein baby erwartet|ein kind erwartet',
      medium:
        '*krankheit|krank|krankheit|krankenhaus|allergie|allergisch|therapie|diagnose|psycholog*|blind|verletzung|verletzt|gebrochen|physiotherapie|migrane|covid|corona|reha',
      weak: 'operation|behandlung|chronisch|klinik|arzt|arztin',
    },
  },
  religion: {
    en: {
      strong:
        'muslim|muslims|catholic|protestant|jewish|hindu|buddhist|sikh|atheist|agnostic|mosque|synagogue|ramadan|islam|islamic|religion|religious|jehovah s witness|jehovah s witnesses|mormon|am a christian|is a christian|christian faith|practising christian|practicing christian|born again|evangelical|my faith|his faith|her faith|my church|his church|her church|attends church|goes to church|shabbat|sabbath|kosher|halal',
      medium: 'faith|pray|prays|praying|prayer|prayers|church|jew|believer',
      // "Christian" is a first name as often as a faith.
      weak: 'god|holy|christian',
    },
    nl: {
      strong:
        'moslim|moslims|moslima|islamitisch|islamitische|islam|katholiek|katholieke|protestant*|joods|joodse|hindoe|boeddhist*|boeddhistisch*|sikh|atheist|agnost*|moskee|synagoge|ramadan|religie|religieus|religieuze|gelovig|gelovige|jehova*|christen|christenen|naar de kerk|mijn geloof|zijn geloof|haar geloof|koosjer|halal|sabbat',
      medium: 'geloof|bidden|bidt|gebed|kerk|christelijk|christelijke|jood',
      weak: 'god|heilig',
    },
    fr: {
      strong:
        'musulman*|islam|islamique|chretien|chretienne|chretiens|catholique*|protestant*|juif|juive|juifs|hindou*|bouddhiste*|sikh|athee|agnostique|mosquee|synagogue|ramadan|religion|religieux|religieuse|croyant|croyante|pratiquant|pratiquante|temoin de jehovah|temoins de jehovah|casher|kasher|halal|sabbat|a la messe|ma foi chretienne',
      medium: 'foi|prier|prie|priere|eglise|culte',
      weak: 'dieu|saint',
    },
    de: {
      strong:
        'muslim*|moslem*|islam*|katholisch*|katholik*|protestant*|judisch*|jude|judin|juden|hindu|buddhist*|sikh|atheist*|agnostiker*|moschee|synagoge|ramadan|religion|religios*|zeugen jehovas|zeuge jehovas|koscher|halal|sabbat|christin|gottesdienst|in die kirche',
      medium: 'glaube|glauben|beten|betet|gebet|kirche|christlich|christliche|glaubig*',
      weak: 'gott|heilig|christ',
    },
  },
  political: {
    en: {
      strong:
        'labour party|conservative party|tory|tories|liberal democrats|lib dems|green party|reform uk|ukip|snp|plaid cymru|sinn fein|party member|party membership|far right|far left|socialist|communist|communists|marxist|fascist|neo nazi|political views|political opinion|political opinions|political beliefs|republican party|democratic party|trump supporter|left wing|right wing',
      medium: 'activist|politics|political|campaigned|canvassing|canvasser',
      weak: 'vote|voting|voted for|votes for|labour|conservative|liberal|green|election|party|republican|democrat',
    },
    nl: {
      strong:
        'vvd|pvv|cda|d66|groenlinks|pvda|n va|vlaams belang|open vld|cd v|ptb|partij van de arbeid|bbb|forum voor democratie|partijlid|partijlidmaatschap|lid van de partij|socialist*|communist*|extreemrechts|extreem rechts|extreemlinks|extreem links|politieke voorkeur|politieke overtuiging|politieke mening',
      medium: 'activist*|politiek|politieke|campagne gevoerd|militant',
      weak: 'stem|stemmen|stemt op|stemde op|gestemd op|stem op|verkiezingen|partij|groen|liberaal|vooruit',
    },
    fr: {
      strong:
        'rassemblement national|front national|france insoumise|insoumis|parti socialiste|les republicains|europe ecologie|parti communiste|reconquete|membre du parti|adherent du parti|adherente du parti|encarte|encartee|socialiste|communiste|extreme droite|extreme gauche|gauchiste|opinions politiques|opinion politique|convictions politiques|militante politique|militant politique|ecolo|ptb|n va|vlaams belang',
      medium: 'politique|politiques|militant|militante|militantisme|activiste',
      weak: 'vote|voter|vote pour|votait pour|voter pour|elections|parti|ecologiste|droite|gauche|renaissance',
    },
    de: {
      strong:
        'cdu|csu|spd|afd|fdp|die grunen|die linke|bundnis 90|bsw|parteimitglied*|parteibuch|sozialdemokrat*|kommunist*|rechtsextrem*|linksextrem*|politische meinung|politische uberzeugung|politische einstellung',
      medium: 'aktivist*|politisch|politische|politik|wahlkampf',
      weak: 'wahl|wahlen|wahlt die|wahle die|gewahlt|partei|grun|links|rechts',
    },
  },
  'trade-union': {
    en: {
      strong:
        'trade union|trades union|labour union|labor union|union member|union members|union membership|union rep|union representative|shop steward|unison|unite the union|gmb|teamsters|afl cio|union dues|unionised|unionized|joined the union|member of the union|on strike|went on strike',
      medium: 'strike|picket line',
      weak: 'union|steward|collective bargaining',
    },
    nl: {
      strong:
        'vakbond*|abvv|acv|aclvb|acod|fnv|cnv|syndicaal afgevaardigde|syndicale afgevaardigde|lid van de bond|staking|staakt|staakte',
      medium: 'syndicaal|syndicale|piketpost|ondernemingsraad',
      weak: 'bond|afgevaardigde',
    },
    fr: {
      strong:
        'syndique|syndiquee|syndicaliste|delegue syndical|deleguee syndicale|affiliation syndicale|cgt|cfdt|fgtb|cgsp|cgslb|force ouvriere|sud rail|en greve|fait greve|gréviste|greviste|membre du syndicat|adherent du syndicat|cotisation syndicale',
      medium: 'syndicat|syndical|syndicale|greve|piquet de greve',
      weak: 'delegue|csc|fo|unsa',
    },
    de: {
      strong:
        'gewerkschaft*|ig metall|ver di|dgb|gew|ig bce|streikt|gestreikt|streikposten|im streik',
      medium: 'streik|betriebsrat|betriebsratin|verdi',
      weak: 'tarifverhandlung*',
    },
  },
  'sex-life': {
    en: {
      strong:
        'gay|lesbian|lesbians|bisexual|homosexual|heterosexual|queer|lgbt*|lgbtq*|same sex partner|same sex relationship|sexual orientation|sex life|sexually transmitted|sex toy|sex toys|sexual partner|sexual partners|his boyfriend|her girlfriend|came out|coming out|asexual|pansexual',
      medium: 'sexual|sexuality',
      weak: 'pride|partner',
    },
    nl: {
      strong:
        'homo|homoseksu*|lesbisch*|lesbienne|biseksu*|heteroseksu*|queer|lhbt*|lgbt*|holebi*|seksuele geaardheid|seksuele voorkeur|seksleven|seksueel overdraagbare|soa|seksspeeltje*|zijn vriend en hij|uit de kast|aseksueel',
      medium: 'seksueel|seksuele|seksualiteit',
      weak: 'partner|pride',
    },
    fr: {
      strong:
        'gay|homosexu*|lesbienne*|bisexu*|heterosexu*|queer|lgbt*|orientation sexuelle|vie sexuelle|sexuellement transmissible|sextoy*|jouet sexuel|coming out|son compagnon et lui|asexuel*',
      medium: 'sexuel|sexuelle|sexualite',
      weak: 'partenaire|fierte',
    },
    de: {
      strong:
        'schwul*|lesbisch*|lesbe|lesben|homosexu*|bisexu*|heterosexu*|queer|lgbt*|sexuelle orientierung|sexuelle ausrichtung|sexualleben|sexuell ubertragbare|sexspielzeug*|coming out|geoutet|asexuell*',
      medium: 'sexuell|sexuelle|sexualitat',
      weak: 'partner|partnerin',
    },
  },
  'ethnic-origin': {
    en: {
      strong:
        'ethnic|ethnicity|ethnically|racial|race and ethnicity|roma|romani|gypsy|aboriginal|hispanic|latino|latina|african american|person of colour|person of color|people of colour|skin colour|skin color|migration background|mixed race|ethnic background|ethnic origin|descent',
      medium: 'race|heritage|traveller community|black|white british',
      weak: 'origin|background|roots',
    },
    nl: {
      strong:
        'etnisch*|etniciteit|afkomst|migratieachtergrond|allochtoon|allochtone|roma|zigeuner*|woonwagenbewoner*|huidskleur|getinte|etnische achtergrond',
      medium: 'herkomst|ras|donker|roots',
      weak: 'achtergrond|origine',
    },
    fr: {
      strong:
        'ethnie|ethnique*|ethniquement|origine ethnique|origines ethniques|racial|raciale|couleur de peau|rom|roms|tsigane*|gitan*|gens du voyage|issu de l immigration|issue de l immigration|maghrebin*|d origine marocaine|d origine algerienne|d origine turque|d origine africaine|metis|metisse',
      medium: 'race|origines|ascendance',
      weak: 'origine|noir|noire',
    },
    de: {
      strong:
        'ethnisch*|ethnie|abstammung|migrationshintergrund|hautfarbe|roma|sinti|volkszugehorigkeit|herkunft aus|turkischer herkunft|arabischer herkunft|afrikanischer herkunft',
      medium: 'rasse|herkunft|wurzeln',
      weak: 'hintergrund|abstammen',
    },
  },
  biometric: {
    en: {
      strong:
        'fingerprint|fingerprints|fingerprinted|facial recognition|face recognition|face scan|iris scan|retina scan|retinal scan|biometric*|voiceprint|voice print|palm vein|facial geometry|face template',
      medium: 'face id|touch id',
      weak: 'scan|template',
    },
    nl: {
      strong:
        'vingerafdruk*|gezichtsherkenning|gezichtsscan|irisscan|iris scan|biometri*|stemafdruk|handpalmscan',
      medium: 'face id|touch id',
      weak: 'scan',
    },
    fr: {
      strong:
        'empreinte digitale|empreintes digitales|reconnaissance faciale|biometri*|scan de l iris|scan facial|empreinte vocale|reconnaissance vocale biometrique|empreinte palmaire',
      medium: 'face id|touch id',
      weak: 'scan|empreinte',
    },
    de: {
      strong:
        'fingerabdruck*|fingerabdrucke|gesichtserkennung|gesichtsscan|irisscan|iris scan|biometri*|stimmabdruck|handvenen*',
      medium: 'face id|touch id',
      weak: 'scan',
    },
  },
  genetic: {
    en: {
      strong:
        'dna|genetic|genetics|genetically|genome|genomic|brca*|hereditary|inherited condition|gene test|genetic test|23andme|ancestrydna|chromosome*|gene mutation',
      medium: 'inherited|heredity',
      weak: 'gene|genes',
    },
    nl: {
      strong:
        'dna|genetisch*|erfelijk*|genoom|brca*|dragerschap|dna test|dna onderzoek|gentest|genmutatie|chromosom*',
      medium: 'gen|genen',
      weak: 'aanleg',
    },
    fr: {
      strong:
        'adn|genetique*|hereditaire|genome|brca*|test genetique|mutation genetique|porteur du gene|porteuse du gene|chromosom*',
      medium: 'heredite',
      weak: 'predisposition|gene|genes',
    },
    de: {
      strong:
        'dna|erbgut|genetisch*|erblich*|erbkrankheit|genom|brca*|gentest|genmutation|chromosom*|erblich bedingt',
      medium: 'gen|gene|veranlagung',
      weak: 'anlage',
    },
  },
  criminal: {
    en: {
      strong:
        'criminal record|convicted|convict|sentenced|jailed|imprisoned|imprisonment|arrested|felony|misdemeanour|misdemeanor|probation|parole|drink driving|drunk driving|dui|charged with|prosecuted|ex offender|served time|restraining order|police record|police caution|criminal conviction|criminal offence|criminal offense|spent conviction|unspent conviction|dbs check|behind bars|custodial sentence',
      // A place of detention is a supplier's customer as often as a person's past: needs a person.
      medium: 'prison|jail|arrest|assault|offence|offender|burglary|court case|criminal',
      weak: 'theft|police|court|conviction|crime|fraud|fine',
    },
    nl: {
      strong:
        'strafblad|veroordeeld|veroordeling|gevangenisstraf|gedetineerd|gearresteerd|arrestatie|misdrijf|strafbaar feit|rijden onder invloed|taakstraf|enkelband|strafregister|uittreksel uit het strafregister|celstraf|voorwaardelijk veroordeeld|in de cel|zat vast|vastgezeten|verdachte|proces verbaal voor',
      medium: 'gevangenis|delict|mishandeling|diefstal|inbraak|opgepakt|crimineel|criminele',
      weak: 'politie|rechtbank|boete|fraude|vog|cel',
    },
    fr: {
      strong:
        'casier judiciaire|condamne|condamnee|condamnation|emprisonne*|incarcere*|garde a vue|delit|conduite en etat d ivresse|sursis|travaux d interet general|bracelet electronique|mis en examen|mise en examen|detenu|detenue|detention|ecroue|ecrouee|interpelle|interpellee|casier',
      medium:
        'prison|crime|agression|cambriolage|vol a l etalage|plainte contre|poursuivi|poursuivie|penal|penale',
      weak: 'police|tribunal|amende|fraude|vol|proces',
    },
    de: {
      strong:
        'vorstrafe*|vorbestraft*|strafregister|verurteilt|verurteilung|haftstrafe|inhaftiert|festgenommen|verhaftet|straftat|straftaten|trunkenheit am steuer|bewahrungsstrafe|bewahrungshelfer*|auf bewahrung|strafanzeige|ermittlungsverfahren|untersuchungshaft|sozialstunden|fussfessel|fuhrungszeugnis mit eintrag|straffallig*|straftater*',
      medium: 'gefangnis|haft|diebstahl|korperverletzung|einbruch|bewahrung|kriminell*|angeklagt',
      weak: 'polizei|gericht|geldstrafe|betrug|fuhrungszeugnis',
    },
  },
};

/**
 * Phrases that look like a category but are not data about a person: a company, product or
 * charity name, a line of business, a term of art. A term inside one of them is dropped.
 * `null` drops terms of every category.
 */
export const SUPPRESSIONS: readonly {
  readonly phrase: string;
  readonly only: SpecialCategory | null;
}[] = [
  // Names of companies, brands and products.
  ...['christian dior', 'christian louboutin', 'christian lacroix', 'christian audigier'].map(
    (phrase) => ({ phrase, only: 'religion' as const }),
  ),
  // Charity names: a donation reveals an interest, not the donor's health (decision, documented).
  ...[
    'diabetes fonds',
    'diabetes liga',
    'diabetes uk',
    'deutsche diabetes',
    'cancer research',
    'cancer research uk',
    'kom op tegen kanker',
    'stichting tegen kanker',
    'ligue contre le cancer',
    'fondation contre le cancer',
    'deutsche krebshilfe',
    'alzheimer nederland',
    'alzheimer liga',
    'ligue alzheimer',
    'parkinson vereniging',
    'epilepsie fonds',
    'astma fonds',
    'kwf kanker',
  ].map((phrase) => ({ phrase, only: null })),
  // Figures of speech: impatience, not illness.
  ...[
    'makes me sick',
    'sick of',
    'sick and tired',
    'ziek van',
    'malade de',
    'rend malade',
    'krank bei',
    'macht mich krank',
  ].map((phrase) => ({ phrase, only: 'health' as const })),
  // A device that reads fingerprints is not a fingerprint.
  ...[
    'fingerprint reader*',
    'fingerprint sensor*',
    'fingerprint scanner*',
    'vingerafdrukscanner*',
    'vingerafdruklezer*',
    'vingerafdruksensor*',
    'lecteur d empreinte*',
    'capteur d empreinte*',
    'fingerabdrucksensor*',
    'fingerabdruckscanner*',
    'fingerabdruckleser*',
  ].map((phrase) => ({ phrase, only: 'biometric' as const })),
  // Lines of business, not a person's condition.
  ...[
    'cancer insurance',
    'disability insurance',
    'disability cover',
    'diabetes care products',
    'assurance invalidite',
    'arbeitsunfahigkeitsversicherung',
    'pregnancy test kits',
    'medication management software',
    'medicatie module',
  ].map((phrase) => ({ phrase, only: 'health' as const })),
  // Union: a political union, a data type, a credit union, a place.
  ...[
    'european union',
    'union europeenne',
    'europese unie',
    'union type',
    'union types',
    'tagged union',
    'sql union',
    'union all',
    'union select',
    'credit union',
    'union square',
    'union station',
    'union jack',
    'union pay',
    'unionpay',
    'syndicat des coproprietaires',
    'syndicat de copropriete',
    'syndicat d initiative',
    'syndic',
  ].map((phrase) => ({ phrase, only: 'trade-union' as const })),
  // Political words used of parties that are celebrations, of software or of teams.
  ...[
    'birthday party',
    'party supplies',
    'party pack',
    'third party',
    'third parties',
    'party favours',
    'partijkorting',
    'dinner party',
    'tea party set',
    'green tea',
    'green colour',
    'groen licht',
    'vote for the best',
    'vote for your favourite',
    'stem op je favoriet',
    'votez pour votre',
    'liberal return policy',
    'links unten',
    'links oben',
    'rechts unten',
    'rechts oben',
    'nach links',
    'nach rechts',
    'a droite',
    'a gauche',
    'sur la droite',
    'sur la gauche',
    'en bas a droite',
  ].map((phrase) => ({ phrase, only: 'political' as const })),
  // Terms of art.
  ...[
    'genetic algorithm*',
    'genetische algoritme*',
    'algorithme* genetique*',
    'genetisch* algorithm*',
    'our dna',
    'company dna',
    'ons dna',
    'notre adn',
    'unsere dna',
    'unserer dna',
    'in our dna',
  ].map((phrase) => ({ phrase, only: 'genetic' as const })),
  ...['homo sapiens', 'black friday', 'black and white', 'white paper', 'race condition'].map(
    (phrase) => ({ phrase, only: 'ethnic-origin' as const }),
  ),
  ...[
    'criminal minds',
    'prison break',
    'jail break',
    'jailbreak',
    'get out of jail',
    'parking fine',
    'fine print',
    'just fine',
    'cardiac arrest',
    'customs jail',
    'vol retarde',
    'vol annule',
    'numero de vol',
    'mon vol',
    'votre vol',
    'le vol',
    'cel nummer',
  ].map((phrase) => ({ phrase, only: 'criminal' as const })),
  ...[
    'de bonne foi',
    'ma foi',
    'saint valentin',
    'saint nicolas',
    'sint maarten',
    'oh my god',
    'thank god',
    'gott sei dank',
    'mon dieu',
  ].map((phrase) => ({ phrase, only: 'religion' as const })),
  ...['scan to pay', 'scan the qr', 'face id login'].map((phrase) => ({
    phrase,
    only: 'biometric' as const,
  })),
];

/**
 * Words that put a person in the sentence: a first- or third-person pronoun or a role the texts
 * speak of ("customer", "candidate"). A medium term with one of them nearby scores as strong.
 */
export const PERSON_CUES: readonly string[] = [
  // en
  'i',
  'im',
  'my',
  'me',
  'he',
  'she',
  'his',
  'her',
  'him',
  'hes',
  'shes',
  'patient',
  'customer',
  'client',
  'candidate',
  'applicant',
  'employee',
  'caller',
  'mother',
  'father',
  'son',
  'daughter',
  'wife',
  'husband',
  'colleague',
  // nl
  'ik',
  'mijn',
  'mij',
  'hij',
  'zij',
  'ze',
  'haar',
  'hem',
  'klant',
  'kandidaat',
  'sollicitant',
  'medewerker',
  'werknemer',
  'moeder',
  'vader',
  'zoon',
  'dochter',
  'vrouw',
  'collega',
  // fr
  'je',
  'j',
  'moi',
  'mon',
  'ma',
  'mes',
  'il',
  'elle',
  'son',
  'sa',
  'ses',
  'lui',
  'cliente',
  'patiente',
  'candidat',
  'candidate',
  'salarie',
  'salariee',
  'employe',
  'employee',
  'mere',
  'pere',
  'fils',
  'fille',
  'femme',
  'mari',
  // de
  'ich',
  'mein',
  'meine',
  'meinen',
  'meiner',
  'mir',
  'mich',
  'er',
  'sein',
  'seine',
  'seiner',
  'ihre',
  'ihrer',
  'ihm',
  'kunde',
  'kundin',
  'patientin',
  'bewerber',
  'bewerberin',
  'mitarbeiter',
  'mitarbeiterin',
  'mutter',
  'vater',
  'sohn',
  'tochter',
  'kollege',
  'kollegin',
];

/** Stop words per language, to pick the language of a redaction marker. */
export const LANGUAGE_HINTS: Record<SpecialLanguage, readonly string[]> = {
  en: ['the', 'and', 'is', 'of', 'to', 'with', 'for', 'my', 'i', 'has', 'have', 'was', 'please'],
  nl: [
    'de',
    'het',
    'een',
    'en',
    'is',
    'van',
    'met',
    'voor',
    'ik',
    'heeft',
    'niet',
    'mijn',
    'graag',
  ],
  fr: [
    'le',
    'la',
    'les',
    'et',
    'est',
    'de',
    'des',
    'pour',
    'avec',
    'je',
    'il',
    'elle',
    'pas',
    'merci',
  ],
  de: [
    'der',
    'die',
    'das',
    'und',
    'ist',
    'mit',
    'fur',
    'ich',
    'nicht',
    'ein',
    'eine',
    'hat',
    'bitte',
  ],
};

/** The marker that replaces a passage, per language: `[removed: health]`. */
export const REDACTION_MARKERS: Record<
  SpecialLanguage,
  { word: string; names: Record<SpecialCategory, string> }
> = {
  en: {
    word: 'removed',
    names: {
      health: 'health',
      religion: 'religion or belief',
      political: 'political opinion',
      'trade-union': 'trade union membership',
      'sex-life': 'sex life or sexual orientation',
      'ethnic-origin': 'racial or ethnic origin',
      biometric: 'biometric data',
      genetic: 'genetic data',
      criminal: 'criminal offences',
    },
  },
  nl: {
    word: 'verwijderd',
    names: {
      health: 'gezondheid',
      religion: 'religie of levensbeschouwing',
      political: 'politieke opvatting',
      'trade-union': 'vakbondslidmaatschap',
      'sex-life': 'seksueel gedrag of seksuele gerichtheid',
      'ethnic-origin': 'ras of etnische afkomst',
      biometric: 'biometrische gegevens',
      genetic: 'genetische gegevens',
      criminal: 'strafrechtelijke gegevens',
    },
  },
  fr: {
    word: 'supprimé',
    names: {
      health: 'santé',
      religion: 'religion ou convictions',
      political: 'opinion politique',
      'trade-union': 'appartenance syndicale',
      'sex-life': 'vie ou orientation sexuelle',
      'ethnic-origin': 'origine raciale ou ethnique',
      biometric: 'données biométriques',
      genetic: 'données génétiques',
      criminal: 'infractions pénales',
    },
  },
  de: {
    word: 'entfernt',
    names: {
      health: 'Gesundheit',
      religion: 'Religion oder Weltanschauung',
      political: 'politische Meinung',
      'trade-union': 'Gewerkschaftszugehörigkeit',
      'sex-life': 'Sexualleben oder sexuelle Orientierung',
      'ethnic-origin': 'rassische oder ethnische Herkunft',
      biometric: 'biometrische Daten',
      genetic: 'genetische Daten',
      criminal: 'Straftaten',
    },
  },
};
