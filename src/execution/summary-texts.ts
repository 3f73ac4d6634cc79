import type { Language } from '../map/index.js';

/**
 * The fixed texts of an access package's summary (`summary.html`) in one language. Names of
 * legal bases, rights, sources, transfer mechanisms and retention events come from the notice's
 * texts (src/publish/i18n), so the summary names them as the notice does.
 */
export interface SummaryStrings {
  readonly title: (organisation: string) => string;
  readonly labels: {
    readonly controller: string;
    readonly request: string;
    readonly prepared: string;
    readonly contact: string;
    readonly dpo: string;
  };
  readonly headings: {
    readonly data: string;
    readonly purposes: string;
    readonly categories: string;
    readonly recipients: string;
    readonly retention: string;
    readonly held: string;
    readonly sources: string;
    readonly automated: string;
    readonly rights: string;
  };
  readonly dataIntro: string;
  readonly dataTable: readonly [where: string, table: string, records: string];
  readonly noRecords: string;
  readonly legalBasis: (basis: string) => string;
  readonly noPurpose: string;
  readonly noCategories: string;
  readonly transferredTo: (countries: string) => string;
  readonly under: (mechanism: string) => string;
  readonly copy: (text: string) => string;
  readonly noRecipients: string;
  readonly retentionDefault: string;
  readonly heldIntro: string;
  readonly heldTable: readonly [
    where: string,
    why: string,
    basis: string,
    records: string,
    until: string,
  ];
  /** The last day a group is kept, the day in words. */
  readonly endDay: (day: string) => string;
  readonly untilUnknown: string;
  readonly fromYou: string;
  readonly noAutomated: string;
  readonly askUs: string;
  readonly complain: (authority: string, url: string) => string;
}

const en: SummaryStrings = {
  title: (organisation) => `Your personal data at ${organisation}`,
  labels: {
    controller: 'Controller',
    request: 'Request',
    prepared: 'Prepared',
    contact: 'Contact',
    dpo: 'Data protection officer',
  },
  headings: {
    data: 'The data we hold about you',
    purposes: 'Why we process it',
    categories: 'Kinds of data',
    recipients: 'Who receives it',
    retention: 'How long we keep it',
    held: 'What the law makes us keep',
    sources: 'Where it came from',
    automated: 'Automated decisions',
    rights: 'Your rights',
  },
  dataIntro:
    'A copy of every record is in data.json (machine-readable) and, one file per table, in the csv folder. In the CSV files, a text that starts with =, +, - or @ begins with an apostrophe, so that a spreadsheet shows it as text instead of running it; data.json has every value exactly.',
  dataTable: ['Where', 'Table', 'Records'],
  noRecords: 'We found no records about you.',
  legalBasis: (basis) => `(legal basis: ${basis})`,
  noPurpose: 'No purpose of our records concerns this data.',
  noCategories: 'None recorded.',
  transferredTo: (countries) => `transferred to ${countries}`,
  under: (mechanism) => `under: ${mechanism}`,
  copy: (text) => `copy: ${text}`,
  noRecipients: 'Nobody outside our organisation.',
  retentionDefault: 'As long as the purposes above need it.',
  heldIntro:
    'If you ask us to erase your data, the law obliges or entitles us to keep these records for now, for the reason given and until the day shown.',
  heldTable: ['Where', 'Why', 'Legal basis', 'Records', 'Kept'],
  endDay: (day) => `up to and including ${day}`,
  untilUnknown: 'until the date can be determined',
  fromYou: 'From you.',
  noAutomated: 'We make no decisions about you by automated means alone.',
  askUs: 'Ask us.',
  complain: (authority, url) => `You may complain to ${authority}: ${url}`,
};

const nl: SummaryStrings = {
  title: (organisation) => `Uw persoonsgegevens bij ${organisation}`,
  labels: {
    controller: 'Verwerkingsverantwoordelijke',
    request: 'Verzoek',
    prepared: 'Opgesteld op',
    contact: 'Contact',
    dpo: 'Functionaris voor gegevensbescherming',
  },
  headings: {
    data: 'De gegevens die wij over u bewaren',
    purposes: 'Waarom wij ze verwerken',
    categories: 'Soorten gegevens',
    recipients: 'Wie ze ontvangt',
    retention: 'Hoe lang wij ze bewaren',
    held: 'Wat wij volgens de wet moeten bewaren',
    sources: 'Waar ze vandaan komen',
    automated: 'Geautomatiseerde besluiten',
    rights: 'Uw rechten',
  },
  dataIntro:
    'Een kopie van elk record staat in data.json (machineleesbaar) en, één bestand per tabel, in de map csv. In de CSV-bestanden begint een tekst die met =, +, - of @ begint met een apostrof, zodat een spreadsheet hem als tekst toont in plaats van hem uit te voeren; data.json bevat elke waarde precies.',
  dataTable: ['Waar', 'Tabel', 'Records'],
  noRecords: 'Wij hebben geen records over u gevonden.',
  legalBasis: (basis) => `(rechtsgrond: ${basis})`,
  noPurpose: 'Geen van onze doeleinden betreft deze gegevens.',
  noCategories: 'Niets vastgelegd.',
  transferredTo: (countries) => `doorgegeven naar ${countries}`,
  under: (mechanism) => `op grond van: ${mechanism}`,
  copy: (text) => `kopie: ${text}`,
  noRecipients: 'Niemand buiten onze organisatie.',
  retentionDefault: 'Zolang de doeleinden hierboven dat vereisen.',
  heldIntro:
    'Vraagt u ons uw gegevens te wissen, dan verplicht de wet ons of staat de wet ons toe deze records voorlopig te bewaren, om de vermelde reden en tot de vermelde dag.',
  heldTable: ['Waar', 'Reden', 'Rechtsgrond', 'Records', 'Bewaard'],
  endDay: (day) => `tot en met ${day}`,
  untilUnknown: 'totdat de datum kan worden vastgesteld',
  fromYou: 'Van uzelf.',
  noAutomated:
    'Wij nemen geen besluiten over u die uitsluitend op geautomatiseerde verwerking berusten.',
  askUs: 'Vraag het ons.',
  complain: (authority, url) => `U kunt een klacht indienen bij ${authority}: ${url}`,
};

const fr: SummaryStrings = {
  title: (organisation) => `Vos données personnelles chez ${organisation}`,
  labels: {
    controller: 'Responsable du traitement',
    request: 'Demande',
    prepared: 'Établi le',
    contact: 'Contact',
    dpo: 'Délégué à la protection des données',
  },
  headings: {
    data: 'Les données que nous détenons à votre sujet',
    purposes: 'Pourquoi nous les traitons',
    categories: 'Catégories de données',
    recipients: 'Qui les reçoit',
    retention: 'Combien de temps nous les conservons',
    held: 'Ce que la loi nous impose de conserver',
    sources: 'D’où elles proviennent',
    automated: 'Décisions automatisées',
    rights: 'Vos droits',
  },
  dataIntro:
    'Une copie de chaque enregistrement figure dans data.json (lisible par machine) et, un fichier par table, dans le dossier csv. Dans les fichiers CSV, un texte qui commence par =, +, - ou @ est précédé d’une apostrophe, afin qu’un tableur l’affiche comme texte au lieu de l’exécuter ; data.json contient chaque valeur telle quelle.',
  dataTable: ['Où', 'Table', 'Enregistrements'],
  noRecords: 'Nous n’avons trouvé aucun enregistrement vous concernant.',
  legalBasis: (basis) => `(base juridique : ${basis})`,
  noPurpose: 'Aucune de nos finalités ne concerne ces données.',
  noCategories: 'Aucune enregistrée.',
  transferredTo: (countries) => `transférées vers : ${countries}`,
  under: (mechanism) => `sur la base de : ${mechanism}`,
  copy: (text) => `copie : ${text}`,
  noRecipients: 'Personne en dehors de notre organisation.',
  retentionDefault: 'Aussi longtemps que les finalités ci-dessus l’exigent.',
  heldIntro:
    'Si vous nous demandez d’effacer vos données, la loi nous oblige ou nous autorise à conserver pour l’instant ces enregistrements, pour le motif indiqué et jusqu’au jour indiqué.',
  heldTable: ['Où', 'Motif', 'Base juridique', 'Enregistrements', 'Conservation'],
  endDay: (day) => `jusqu’au ${day} inclus`,
  untilUnknown: 'jusqu’à ce que la date puisse être déterminée',
  fromYou: 'De vous.',
  noAutomated:
    'Nous ne prenons aucune décision vous concernant fondée exclusivement sur un traitement automatisé.',
  askUs: 'Demandez-nous.',
  complain: (authority, url) =>
    `Vous pouvez introduire une réclamation auprès de ${authority} : ${url}`,
};

const de: SummaryStrings = {
  title: (organisation) => `Ihre personenbezogenen Daten bei ${organisation}`,
  labels: {
    controller: 'Verantwortlicher',
    request: 'Antrag',
    prepared: 'Erstellt am',
    contact: 'Kontakt',
    dpo: 'Datenschutzbeauftragter',
  },
  headings: {
    data: 'Die Daten, die wir über Sie speichern',
    purposes: 'Warum wir sie verarbeiten',
    categories: 'Datenkategorien',
    recipients: 'Wer sie erhält',
    retention: 'Wie lange wir sie speichern',
    held: 'Was wir von Gesetzes wegen aufbewahren',
    sources: 'Woher sie stammen',
    automated: 'Automatisierte Entscheidungen',
    rights: 'Ihre Rechte',
  },
  dataIntro:
    'Eine Kopie jedes Datensatzes finden Sie in data.json (maschinenlesbar) und, eine Datei je Tabelle, im Ordner csv. In den CSV-Dateien beginnt ein Text, der mit =, +, - oder @ anfängt, mit einem Apostroph, damit eine Tabellenkalkulation ihn als Text anzeigt, statt ihn auszuführen; data.json enthält jeden Wert exakt.',
  dataTable: ['Wo', 'Tabelle', 'Datensätze'],
  noRecords: 'Wir haben keine Datensätze über Sie gefunden.',
  legalBasis: (basis) => `(Rechtsgrundlage: ${basis})`,
  noPurpose: 'Keiner unserer Zwecke betrifft diese Daten.',
  noCategories: 'Keine erfasst.',
  transferredTo: (countries) => `übermittelt nach: ${countries}`,
  under: (mechanism) => `auf Grundlage von: ${mechanism}`,
  copy: (text) => `Kopie: ${text}`,
  noRecipients: 'Niemand außerhalb unserer Organisation.',
  retentionDefault: 'So lange, wie die oben genannten Zwecke es erfordern.',
  heldIntro:
    'Wenn Sie uns bitten, Ihre Daten zu löschen, verpflichtet oder berechtigt uns das Gesetz, diese Datensätze vorerst aufzubewahren, aus dem angegebenen Grund und bis zum angegebenen Tag.',
  heldTable: ['Wo', 'Grund', 'Rechtsgrundlage', 'Datensätze', 'Aufbewahrung'],
  endDay: (day) => `bis einschließlich ${day}`,
  untilUnknown: 'bis das Datum bestimmt werden kann',
  fromYou: 'Von Ihnen.',
  noAutomated:
    'Wir treffen keine Entscheidungen über Sie, die ausschließlich auf einer automatisierten Verarbeitung beruhen.',
  askUs: 'Fragen Sie uns.',
  complain: (authority, url) => `Sie können sich bei ${authority} beschweren: ${url}`,
};

/** The summary texts per language. */
export const SUMMARY_STRINGS: Readonly<Record<Language, SummaryStrings>> = { en, nl, fr, de };
