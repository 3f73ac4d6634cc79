/**
 * A labelled corpus of free texts (support tickets, CRM notes, order comments, job application
 * notes) in English, Dutch, French and German, with and without special-category content, and
 * hard negatives: texts that use the words in another sense (a birthday party, the European Union,
 * Christian Dior, a Bluetooth "enceinte", a charity's name). Deterministic for a seed.
 */
import type { SpecialCategory, SpecialLanguage } from '../../src/discovery/special-categories.js';

export interface LabelledText {
  readonly language: SpecialLanguage;
  readonly kind: 'ticket' | 'crm' | 'order' | 'application';
  readonly text: string;
  readonly labels: ReadonlySet<SpecialCategory>;
}

/** mulberry32: a small seeded PRNG, so a corpus is the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = LabelledText['kind'];
type Lang = SpecialLanguage;

const NAMES: Record<Lang, readonly string[]> = {
  en: ['Ana', 'Tom', 'Priya', 'Christian', 'Grace', 'Oliver'],
  nl: ['Sanne', 'Pieter', 'Fatima', 'Jeroen', 'Lotte', 'Christian'],
  fr: ['Camille', 'Julien', 'Amina', 'Christian', 'Léa', 'Hugo'],
  de: ['Jana', 'Lukas', 'Aylin', 'Christian', 'Marie', 'Jürgen'],
};

/** Sentences without special-category content, per language and kind. */
const FILLER: Record<Lang, Record<Kind, readonly string[]>> = {
  en: {
    ticket: [
      'Customer {n} cannot log in since the last update.',
      'The invoice for March shows the wrong VAT number.',
      'Please reset the password and send a new link.',
      'The export to CSV fails with a timeout after two minutes.',
      'Caller asked when the refund will arrive.',
    ],
    crm: [
      'Met {n} at the trade fair in Ghent, interested in the premium plan.',
      'Follow up next week about the renewal.',
      '{n} prefers to be contacted by email in the morning.',
      'Sent the quote for 40 licences, waiting for approval.',
    ],
    order: [
      'Please leave the parcel with the neighbour at number 12.',
      'Gift wrap please, it is for a colleague.',
      'Deliver after 5 pm, nobody is home before.',
      'Second pair in size 42 instead of 41.',
    ],
    application: [
      '{n} has five years of experience in logistics.',
      'Strong references from the previous employer.',
      'Available from September, notice period one month.',
      'Second interview planned with the team lead.',
    ],
  },
  nl: {
    ticket: [
      'Klant {n} kan niet meer inloggen sinds de update.',
      'De factuur van maart heeft een verkeerd btw-nummer.',
      'Graag het wachtwoord resetten en een nieuwe link sturen.',
      'De export naar Excel loopt vast na twee minuten.',
    ],
    crm: [
      '{n} ontmoet op de beurs in Utrecht, interesse in het premium pakket.',
      'Volgende week opvolgen voor de verlenging.',
      '{n} wil liefst per mail gecontacteerd worden.',
      'Offerte voor 40 licenties verstuurd, wacht op akkoord.',
    ],
    order: [
      'Pakket graag bij de buren op nummer 12 afgeven.',
      'Graag inpakken als cadeau voor een collega.',
      'Leveren na 17 uur, eerder is er niemand thuis.',
      'Tweede paar in maat 42 in plaats van 41.',
    ],
    application: [
      '{n} heeft vijf jaar ervaring in de logistiek.',
      'Goede referenties van de vorige werkgever.',
      'Beschikbaar vanaf september, opzegtermijn een maand.',
      'Tweede gesprek gepland met de teamleider.',
    ],
  },
  fr: {
    ticket: [
      'Le client {n} ne peut plus se connecter depuis la mise à jour.',
      'La facture de mars indique un mauvais numéro de TVA.',
      'Merci de réinitialiser le mot de passe.',
      "L'export CSV échoue après deux minutes.",
    ],
    crm: [
      '{n} rencontré au salon de Lyon, intéressé par la formule premium.',
      'Relancer la semaine prochaine pour le renouvellement.',
      '{n} préfère être contacté par e-mail le matin.',
      'Devis envoyé pour 40 licences, en attente de validation.',
    ],
    order: [
      'Merci de laisser le colis chez le voisin au numéro 12.',
      "Emballage cadeau s'il vous plaît, c'est pour une collègue.",
      'Livrer après 17 h, personne avant.',
      'Deuxième paire en 42 au lieu de 41.',
    ],
    application: [
      '{n} a cinq ans d’expérience en logistique.',
      "Très bonnes références de l'employeur précédent.",
      'Disponible à partir de septembre, préavis d’un mois.',
      'Deuxième entretien prévu avec le chef d’équipe.',
    ],
  },
  de: {
    ticket: [
      'Kunde {n} kann sich seit dem Update nicht mehr anmelden.',
      'Die Rechnung für März hat eine falsche USt-IdNr.',
      'Bitte das Passwort zurücksetzen und einen neuen Link senden.',
      'Der CSV-Export bricht nach zwei Minuten ab.',
    ],
    crm: [
      '{n} auf der Messe in Köln getroffen, Interesse am Premium-Paket.',
      'Nächste Woche wegen der Verlängerung nachfassen.',
      '{n} möchte lieber per E-Mail kontaktiert werden.',
      'Angebot für 40 Lizenzen verschickt, warten auf Freigabe.',
    ],
    order: [
      'Bitte das Paket beim Nachbarn in Nummer 12 abgeben.',
      'Bitte als Geschenk verpacken, es ist für eine Kollegin.',
      'Lieferung nach 17 Uhr, vorher ist niemand da.',
      'Zweites Paar in Größe 42 statt 41.',
    ],
    application: [
      '{n} hat fünf Jahre Erfahrung in der Logistik.',
      'Gute Referenzen vom vorherigen Arbeitgeber.',
      'Verfügbar ab September, Kündigungsfrist ein Monat.',
      'Zweites Gespräch mit der Teamleitung geplant.',
    ],
  },
};

/** Sentences that reveal a category, per language. */
/** A sentence, or a sentence and the other categories it also reveals. */
type Positive = string | readonly [string, ...SpecialCategory[]];

const POSITIVE: Record<Lang, Record<SpecialCategory, readonly Positive[]>> = {
  en: {
    health: [
      'I have diabetes so please deliver before noon.',
      '{n} is on sick leave after surgery until the 14th.',
      'She told us she is pregnant and needs a later start date.',
      'My son is autistic and gets upset by phone calls.',
      'I am not pregnant, the form is wrong.',
      'He uses a wheelchair, please send the ground-floor room.',
      'She is expecting a baby in May and asked about leave.',
    ],
    religion: [
      'I am a practising Muslim and cannot attend on Friday afternoon.',
      '{n} asked for halal meals at the event.',
      'He is Jewish and does not work on the Sabbath.',
      'She goes to church every Sunday morning.',
    ],
    political: [
      '{n} is a party member of the Labour Party and asked about donations.',
      'I voted for the Green Party and want that on record.',
      'He says he is a communist and refuses the contract terms.',
    ],
    'trade-union': [
      '{n} is a trade union member and wants a union rep at the meeting.',
      'I am a member of Unison.',
      'She went on strike last month with her colleagues.',
    ],
    'sex-life': [
      'I am gay and want my husband added to the account.',
      '{n} mentioned his boyfriend will pick up the order.',
      'She is bisexual and asked about the LGBT network.',
    ],
    'ethnic-origin': [
      '{n} is of Moroccan descent and asked for documents in Arabic.',
      'The candidate mentioned her Roma ethnicity.',
      'He asked about our policy on ethnic background data.',
    ],
    biometric: [
      'We stored her fingerprint for the door access system.',
      '{n} refused the facial recognition check at the gate.',
      'The biometric template of the employee is still on the badge reader.',
    ],
    genetic: [
      'She carries the BRCA1 mutation according to her genetic test.',
      '{n} sent the results of a DNA test with the complaint.',
      ['He has a hereditary heart condition.', 'health'],
    ],
    criminal: [
      '{n} has a criminal record for theft.',
      'He was convicted of drink driving in 2019.',
      'The applicant spent two years in prison.',
      'She was arrested last week according to the caller.',
    ],
  },
  nl: {
    health: [
      'Ik ben zwanger en wil de levering later.',
      '{n} is ziekgemeld met een burn-out.',
      'Mijn dochter heeft diabetes en moet op tijd eten.',
      'Hij zit in een rolstoel, graag een kamer op de begane grond.',
      'Ik ben niet zwanger, het formulier klopt niet.',
      'Zij neemt medicatie tegen epilepsie.',
      'Ze is in verwachting en vraagt naar verlof.',
    ],
    religion: [
      'Ik ben moslim en kan vrijdagmiddag niet komen.',
      '{n} vroeg om halal maaltijden.',
      'Hij is joods en werkt niet op sabbat.',
      'Zij is katholiek en gaat elke zondag naar de kerk.',
    ],
    political: [
      '{n} is partijlid van de VVD.',
      'Ik stem op GroenLinks en wil geen reclame van die andere partij.',
      'Hij is lid van Vlaams Belang volgens zijn mail.',
    ],
    'trade-union': [
      '{n} is vakbondslid bij het ABVV.',
      'Ik ben lid van de FNV en wil een vakbondsafgevaardigde erbij.',
      'Zij staakte vorige maand mee.',
    ],
    'sex-life': [
      'Ik ben homo en wil mijn man toevoegen aan het account.',
      '{n} is lesbisch en vroeg naar het holebi-netwerk.',
      'Hij is biseksueel, vertelde hij in het gesprek.',
    ],
    'ethnic-origin': [
      '{n} is van Marokkaanse afkomst.',
      'De kandidaat noemde haar migratieachtergrond.',
      'Hij heeft een Turkse etnische achtergrond.',
    ],
    biometric: [
      'We bewaren haar vingerafdruk voor de toegangscontrole.',
      '{n} weigerde de gezichtsherkenning bij de ingang.',
      'De biometrische gegevens van de medewerker staan nog op de lezer.',
    ],
    genetic: [
      'Zij is drager van een BRCA-mutatie volgens het DNA-onderzoek.',
      '{n} stuurde de uitslag van een DNA-test mee.',
      ['Hij heeft een erfelijke hartziekte.', 'health'],
    ],
    criminal: [
      '{n} heeft een strafblad.',
      'Hij is veroordeeld voor rijden onder invloed.',
      'De kandidaat zat twee jaar in de gevangenis.',
      'Zij werd vorige week gearresteerd volgens de beller.',
    ],
  },
  fr: {
    health: [
      "J'ai du diabète, merci de livrer avant midi.",
      '{n} est en arrêt maladie après une opération.',
      'Elle est enceinte et demande une date de début plus tard.',
      'Mon fils est autiste et supporte mal les appels.',
      'Je ne suis pas enceinte, le formulaire est faux.',
      'Il est en fauteuil roulant, merci de prévoir le rez-de-chaussée.',
      'Elle attend un bébé pour mai.',
    ],
    religion: [
      'Je suis musulman et ne peux pas venir le vendredi après-midi.',
      '{n} a demandé des repas halal.',
      'Il est juif et ne travaille pas le jour du sabbat.',
      'Elle est catholique pratiquante.',
    ],
    political: [
      '{n} est membre du parti socialiste.',
      "J'ai voté pour le Rassemblement national et je veux que ce soit noté.",
      'Il se dit communiste et refuse les conditions.',
    ],
    'trade-union': [
      '{n} est syndiqué à la CGT.',
      'Je suis délégué syndical et veux être présent.',
      'Elle a fait grève le mois dernier.',
    ],
    'sex-life': [
      'Je suis gay et veux ajouter mon mari au compte.',
      '{n} est lesbienne et a demandé le réseau LGBT.',
      'Il est bisexuel, a-t-il dit en entretien.',
    ],
    'ethnic-origin': [
      "{n} est d'origine marocaine.",
      'La candidate a parlé de ses origines ethniques.',
      'Il a mentionné sa couleur de peau dans la plainte.',
    ],
    biometric: [
      'Nous gardons son empreinte digitale pour le contrôle d’accès.',
      '{n} a refusé la reconnaissance faciale à l’entrée.',
      'Les données biométriques du salarié sont encore sur le lecteur.',
    ],
    genetic: [
      'Elle porte une mutation BRCA selon son test génétique.',
      "{n} a envoyé le résultat d'un test ADN avec sa plainte.",
      ['Il a une maladie cardiaque héréditaire.', 'health'],
    ],
    criminal: [
      '{n} a un casier judiciaire.',
      "Il a été condamné pour conduite en état d'ivresse.",
      'Le candidat a passé deux ans en prison.',
      'Elle a été placée en garde à vue la semaine dernière.',
    ],
  },
  de: {
    health: [
      'Ich habe Diabetes, bitte vor Mittag liefern.',
      '{n} ist nach einer Operation krankgeschrieben.',
      'Sie ist schwanger und möchte später anfangen.',
      'Mein Sohn ist Autist und verträgt keine Anrufe.',
      'Ich bin nicht schwanger, das Formular ist falsch.',
      'Er sitzt im Rollstuhl, bitte ein Zimmer im Erdgeschoss.',
      'Sie erwartet im Mai ein Baby.',
    ],
    religion: [
      'Ich bin Muslim und kann freitags nachmittags nicht kommen.',
      '{n} hat um halal Essen gebeten.',
      'Er ist Jude und arbeitet nicht am Sabbat.',
      'Sie ist katholisch und geht jeden Sonntag in die Kirche.',
    ],
    political: [
      '{n} ist Parteimitglied der SPD.',
      'Ich habe die Grünen gewählt und möchte das festhalten.',
      'Er nennt sich Kommunist und lehnt die Bedingungen ab.',
    ],
    'trade-union': [
      'Er ist Gewerkschaftsmitglied bei der IG Metall.',
      '{n} ist in der Gewerkschaft und will einen Vertreter dabei haben.',
      'Sie hat letzten Monat gestreikt.',
    ],
    'sex-life': [
      'Ich bin schwul und möchte meinen Mann hinzufügen.',
      '{n} ist lesbisch und fragte nach dem LGBT-Netzwerk.',
      'Er ist bisexuell, sagte er im Gespräch.',
    ],
    'ethnic-origin': [
      '{n} hat einen Migrationshintergrund.',
      'Die Bewerberin erwähnte ihre ethnische Herkunft.',
      'Er sprach in der Beschwerde über seine Hautfarbe.',
    ],
    biometric: [
      'Wir speichern ihren Fingerabdruck für die Zutrittskontrolle.',
      '{n} lehnte die Gesichtserkennung am Eingang ab.',
      'Die biometrischen Daten des Mitarbeiters sind noch im Lesegerät.',
    ],
    genetic: [
      'Sie trägt laut Gentest eine BRCA-Mutation.',
      '{n} schickte das Ergebnis eines DNA-Tests mit.',
      ['Er hat eine erbliche Herzkrankheit.', 'health'],
    ],
    criminal: [
      '{n} ist vorbestraft.',
      'Er wurde wegen Trunkenheit am Steuer verurteilt.',
      'Der Bewerber war zwei Jahre im Gefängnis.',
      'Sie wurde letzte Woche festgenommen, sagte der Anrufer.',
    ],
  },
};

/** Sentences that use the words in another sense: nothing special is revealed. */
const HARD_NEGATIVE: Record<Lang, readonly string[]> = {
  en: [
    'We sell health insurance and disability insurance to small firms.',
    'Order for the birthday party: 40 balloons and party supplies.',
    'The European Union rules on VAT apply to this invoice.',
    'The API returns a union type, see the SQL UNION ALL query.',
    'Christian Dior perfume, gift wrapped please.',
    'Christian from accounting called about the invoice.',
    'Donation to Cancer Research UK from the staff raffle.',
    'We use a genetic algorithm to plan the delivery routes.',
    'Customer service is in our DNA.',
    'The Black Friday sale ends on Monday.',
    'Please vote for your favourite design in the poll.',
    'We share the data with a third party for shipping.',
    'Our credit union account number changed.',
    'The race condition in the sync job is fixed.',
    'Watching Criminal Minds on the new TV, the remote is broken.',
    'The patient portal theme should be green.',
    'Scan the QR code at the counter to pay.',
    // Added after the lexicon was written, to measure it rather than confirm it.
    'I voted for the new logo in your survey.',
    'Waiting this long makes me sick.',
    'The prison guard uniforms we ordered arrived torn.',
    'The fingerprint reader on my laptop is broken.',
    'The operation on the server was cancelled by the admin.',
    'My order has been stuck in customs jail for a week.',
  ],
  nl: [
    'Bestelling voor het verjaardagsfeest: 40 ballonnen.',
    'De regels van de Europese Unie voor btw gelden hier.',
    'Gift aan het Diabetes Fonds via de bedrijfsactie.',
    'Christian Dior parfum, graag als cadeau inpakken.',
    'Christian van de boekhouding belde over de factuur.',
    'We gebruiken een genetische algoritme voor de routeplanning.',
    'Klantenservice zit in ons DNA.',
    'Stem op je favoriet in de poll op de website.',
    'De kerkstraat is afgesloten, lever via de achteringang.',
    'Groen licht van de klant voor de offerte.',
    'Uitverkoop op Black Friday eindigt maandag.',
    'De partijkorting geldt vanaf 100 stuks.',
    // Added after the lexicon was written, to measure it rather than confirm it.
    'Ik stem op het blauwe ontwerp.',
    'Ik word ziek van deze wachttijd.',
    'De operatie op de server is afgebroken.',
    'De kerk bestelde 40 stoelen voor de zaal.',
    'Mijn vingerafdrukscanner op de laptop werkt niet.',
  ],
  fr: [
    'Commande pour la fête : une enceinte Bluetooth et des ballons.',
    "Les règles de l'Union européenne sur la TVA s'appliquent.",
    'Parfum Christian Dior, emballage cadeau svp.',
    'Christian de la comptabilité a appelé pour la facture.',
    'Don à la Ligue contre le cancer par le personnel.',
    'Nous utilisons un algorithme génétique pour les tournées.',
    'Le service client est dans notre ADN.',
    'Mon vol est retardé, je serai là demain.',
    'Le syndicat des copropriétaires doit valider les travaux.',
    'Le bouton est en bas à droite de la page.',
    'Votez pour votre modèle préféré dans le sondage.',
    'Je vous écris de bonne foi au sujet de la facture.',
    // Added after the lexicon was written, to measure it rather than confirm it.
    'Je vote pour le modèle bleu.',
    'Je suis malade de cette attente.',
    "L'opération de maintenance est prévue ce soir.",
    'Le vol de Paris a du retard, je rappelle demain.',
    "Le lecteur d'empreinte de mon portable est cassé.",
  ],
  de: [
    'Bestellung für die Geburtstagsfeier: 40 Luftballons.',
    'Die Regeln der Europäischen Union zur Mehrwertsteuer gelten.',
    'Christian Dior Parfum, bitte als Geschenk verpacken.',
    'Christian aus der Buchhaltung hat wegen der Rechnung angerufen.',
    'Spende an die Deutsche Krebshilfe aus der Tombola.',
    'Wir nutzen einen genetischen Algorithmus für die Tourenplanung.',
    'Kundenservice liegt in unserer DNA.',
    'Der Knopf ist links unten auf der Seite.',
    'Die Datei liegt im Ordner rechts oben.',
    'Gott sei Dank ist das Paket angekommen.',
    'Die Haftung für Transportschäden ist ausgeschlossen.',
    'Bitte die Anzeige im Browser neu laden.',
    // Added after the lexicon was written, to measure it rather than confirm it.
    'Ich wähle die blaue Variante.',
    'Ich werde krank bei dieser Warterei.',
    'Die Operation am Server wurde abgebrochen.',
    'Der Fingerabdrucksensor an meinem Laptop ist kaputt.',
    'Die Kirche hat 40 Stühle bestellt.',
  ],
};

function pick<T>(random: () => number, list: readonly T[]): T {
  const item = list[Math.floor(random() * list.length)];
  if (item === undefined) throw new Error('empty list');
  return item;
}

const LANGS: readonly Lang[] = ['en', 'nl', 'fr', 'de'];
const KINDS: readonly Kind[] = ['ticket', 'crm', 'order', 'application'];

/** `count` labelled texts; the same seed gives the same corpus. */
export function specialCorpus(seed: number, count: number): LabelledText[] {
  const random = prng(seed);
  const out: LabelledText[] = [];
  for (let i = 0; i < count; i += 1) {
    const language = pick(random, LANGS);
    const kind = pick(random, KINDS);
    const name = pick(random, NAMES[language]);
    const sentences: string[] = [pick(random, FILLER[language][kind])];
    const labels = new Set<SpecialCategory>();
    const roll = random();
    if (roll < 0.45) {
      const categories = Object.keys(POSITIVE[language]) as SpecialCategory[];
      const plant = (category: SpecialCategory): void => {
        const positive = pick(random, POSITIVE[language][category]);
        const [sentence, ...also] = typeof positive === 'string' ? [positive] : positive;
        sentences.push(sentence);
        labels.add(category);
        for (const other of also) labels.add(other);
      };
      plant(pick(random, categories));
      if (random() < 0.2) plant(pick(random, categories));
    } else if (roll < 0.8) {
      sentences.push(pick(random, HARD_NEGATIVE[language]));
    }
    if (random() < 0.5) sentences.push(pick(random, FILLER[language][kind]));
    // Shuffle the sentences so a passage is not always second.
    for (let k = sentences.length - 1; k > 0; k -= 1) {
      const j = Math.floor(random() * (k + 1));
      const a = sentences[k];
      const b = sentences[j];
      if (a !== undefined && b !== undefined) {
        sentences[k] = b;
        sentences[j] = a;
      }
    }
    out.push({
      language,
      kind,
      text: sentences.join(' ').replaceAll('{n}', name),
      labels,
    });
  }
  return out;
}

/**
 * Sentences written after the lexicon was tuned, measured once and left as they were: the number
 * they give (docs/discovery-special.md) is closer to what real texts will show than the corpus
 * above, whose sentences the lexicon was written against. Do not tune the lexicon on them; add
 * new unseen sentences instead and report the new numbers.
 */
export const HELD_OUT: readonly (readonly [string, readonly SpecialCategory[]])[] = [
  ['Please ship quickly, my wife just had a stroke and I am at the hospital all day.', ['health']],
  ['The candidate mentioned she is deaf in one ear; book a room with a loop system.', ['health']],
  ['He asked us to stop calling during Yom Kippur.', ['religion']],
  [
    'Customer says the delay is because he was detained by the police for three days.',
    ['criminal'],
  ],
  ['Our HR system now logs in staff with a palm vein scan.', ['biometric']],
  [
    'She said her grandmother was Sinti and the family still suffers discrimination.',
    ['ethnic-origin'],
  ],
  ['Returned the dress, it did not fit after my chemo.', ['health']],
  ['The package with the insulin pens arrived warm, is it still safe?', ['health']],
  ['Can we move the training? Half the team is at the union congress.', ['trade-union']],
  ['My partner and I are both women, please correct the title on the invoice.', ['sex-life']],
  ['The event sold out, even the party room is full.', []],
  ['The operation manual for the pump is missing from the box.', []],
  ['Please update the race results on the club website.', []],
  ['Strike price of the option was set too low in the quote.', []],
  ['The surgery opening hours on your site are wrong.', []],
  ['We need a prison-proof lock for the warehouse.', []],
  ['The Labour costs are on page three of the invoice.', []],
  ['His faith in our support team is gone after this ticket.', []],
  ['Ik heb last van mijn rug sinds de val, daarom later leveren.', ['health']],
  ['Mevrouw vertelde dat ze pas bevallen is.', ['health']],
  ['Hij draagt een keppeltje en vraagt om koosjere maaltijden.', ['religion']],
  ['De sollicitant heeft een taakstraf gehad.', ['criminal']],
  ['Ze is getrouwd met haar vriendin en wil beide namen op het contract.', ['sex-life']],
  ['Klant is lid van het ACV en vraagt wie de afgevaardigde is.', ['trade-union']],
  ['De operatie van de migratie naar de nieuwe server is geslaagd.', []],
  ['Het feestje voor de partij van de klant is verzet.', []],
  ['Het gevangenispakket van het escape room spel is beschadigd.', []],
  ['De kerkstoelen zijn in de verkeerde kleur geleverd.', []],
  ['Le client est sous dialyse trois fois par semaine.', ['health']],
  ['Elle porte le voile et demande une photo de badge adaptée.', ['religion']],
  ['Il sort de prison et cherche un emploi.', ['criminal']],
  ['Candidate très engagée à la CFDT depuis dix ans.', ['trade-union']],
  ['Il a fait son coming out auprès de son équipe.', ['sex-life']],
  ['Le vol de retour est annulé, merci de rembourser.', []],
  ['La grève des transports retarde la livraison.', []],
  ['Le parti pris du design est trop sombre.', []],
  ['Les opérations de maintenance sont terminées.', []],
  ['Le syndic de l immeuble refuse le colis.', []],
  ['Der Kunde ist seit dem Unfall querschnittsgelähmt.', ['health']],
  ['Sie trägt ein Kopftuch und möchte ein anderes Foto.', ['religion']],
  ['Der Bewerber sitzt noch in Untersuchungshaft.', ['criminal']],
  ['Er ist bei Verdi organisiert und will den Betriebsrat sprechen.', ['trade-union']],
  ['Er lebt mit seinem Mann in Köln.', ['sex-life']],
  ['Der Streik bei der Post verzögert die Lieferung.', []],
  ['Die Partei des Vermieters hat den Vertrag nicht unterschrieben.', []],
  ['Die Operation am offenen Herzen der Software ist geglückt.', []],
  ['Die Haftpflichtversicherung zahlt den Schaden.', []],
  ['Die Kirche als Kunde hat 20 Bänke bestellt.', []],
];
