import type { Language } from '../map/index.js';
import type { RequestStatus } from '../requests/types.js';

/** The words of the preferences page (privacy-preferences.ts). */
export interface PreferenceWords {
  readonly title: string;
  readonly browserIntro: string;
  readonly accountIntro: string;
  readonly saved: string;
  readonly consentHeading: string;
  readonly consentIntro: string;
  readonly status: string;
  readonly on: string;
  readonly off: string;
  readonly turnOn: string;
  readonly turnOff: string;
  readonly interestHeading: string;
  readonly interestIntro: string;
  readonly interest: string;
  readonly balancing: string;
  readonly object: string;
  readonly objected: (date: string) => string;
  readonly objectionEffect: string;
  readonly marketingEffect: string;
  readonly otherHeading: string;
  readonly otherIntro: string;
  readonly gpc: (choices: string) => string;
  readonly gpcNone: string;
}

/** The words of the privacy center's pages, in the languages notices are published in. */
export interface CenterWords {
  readonly center: string;
  readonly notice: string;
  readonly exercise: string;
  readonly yourPreferences: string;
  readonly language: string;
  readonly version: (version: string, date: string) => string;
  readonly earlier: string;
  readonly versions: string;
  readonly versionsIntro: string;
  readonly currentLine: (version: string, date: string) => string;
  readonly columns: Readonly<Record<'number' | 'version' | 'from' | 'until', string>>;
  readonly current: string;
  readonly notInLanguage: string;
  readonly noVersions: string;
  readonly superseded: (date: string, version: string) => string;
  readonly supersededUndated: string;
  readonly isCurrent: string;
  readonly readCurrent: string;
  readonly country: string;
  readonly next: string;
  readonly chooseType: (law: string) => string;
  readonly email: string;
  readonly details: string;
  readonly send: string;
  readonly changeCountry: string;
  readonly codeSent: string;
  readonly code: string;
  readonly confirm: string;
  readonly status: string;
  readonly dueBy: (date: string) => string;
  readonly reference: string;
  readonly statuses: Readonly<Record<RequestStatus, string>>;
  readonly error: Readonly<
    Record<
      'invalid' | 'forbidden' | 'notFound' | 'tooMany' | 'gone' | 'conflict' | 'server' | 'link',
      string
    >
  >;
  readonly back: string;
  /** The US state choice of the request form. */
  readonly state: string;
  readonly stateOther: string;
  readonly stateShown: string;
  /** The package of an access or portability request, on its status page. */
  readonly packageReady: (date: string) => string;
  readonly download: string;
  readonly packageByMail: string;
  /** Appeals of a refusal (Va. Code 59.1-578(C) and its siblings). */
  readonly appealTitle: string;
  readonly appealIntro: string;
  readonly appealReason: string;
  readonly appealSend: string;
  readonly appealCodeNote: string;
  readonly appealed: string;
  readonly appealStatus: string;
  readonly appealDue: (date: string) => string;
  readonly appealOf: string;
  readonly packageGone: string;
  readonly preferences: PreferenceWords;
}

export const CENTER_WORDS: Readonly<Record<Language, CenterWords>> = {
  en: {
    center: 'Privacy center',
    notice: 'Privacy notice',
    exercise: 'Exercise your rights',
    yourPreferences: 'Your preferences',
    language: 'Language',
    version: (v, d) => `Version ${v}, in effect since ${d}.`,
    earlier: 'Earlier versions of this notice',
    versions: 'Versions of this notice',
    versionsIntro:
      'Every version of this notice published here, newest first. A version stays available after it is replaced.',
    currentLine: (v, d) => `Current notice: version ${v}, in effect since ${d}.`,
    columns: {
      number: 'No.',
      version: 'Version',
      from: 'In effect from',
      until: 'In effect until',
    },
    current: 'current version',
    notInLanguage: 'not published in this language',
    noVersions: 'No versions have been recorded yet.',
    superseded: (d, v) =>
      `This version is no longer in effect. It was replaced on ${d} by version ${v}.`,
    supersededUndated: 'This version is no longer in effect.',
    isCurrent: 'This is the version in effect now.',
    readCurrent: 'Read the current notice',
    country: 'Country where you live',
    next: 'Next',
    chooseType: (law) => `What would you like to ask? (${law})`,
    email: 'Your email address',
    details: 'Anything we should know (optional)',
    send: 'Send request',
    changeCountry: 'Choose another country',
    codeSent:
      'We sent a six-digit code to the address you gave. Enter it here to confirm the request.',
    code: 'Code from the mail',
    confirm: 'Confirm',
    status: 'Status of your request',
    dueBy: (d) => `We will answer by ${d} at the latest.`,
    reference: 'Request reference',
    statuses: {
      unverified: 'Waiting for the code from the mail',
      verified: 'Confirmed, being prepared',
      'awaiting-approval': 'Waiting for review',
      approved: 'Approved, being carried out',
      running: 'Being carried out',
      completed: 'Completed',
      denied: 'Refused',
      failed: 'Could not be completed; we are looking into it',
      expired: 'Expired: the code was not entered in time',
      locked: 'Locked after too many wrong codes',
    },
    error: {
      invalid: 'Something in the form is not right',
      forbidden: 'This form must be sent from this site',
      notFound: 'Not found',
      tooMany: 'Too many attempts; please wait and try again',
      gone: 'This code has expired',
      conflict: 'This cannot be done now',
      link: 'This link is not valid or has expired: open your preferences again from the site where you are signed in',
      server: 'Something went wrong on our side',
    },
    back: 'Back to the privacy center',
    state: 'State (if you live in the United States)',
    stateOther: 'Another state, or not in the United States',
    stateShown: 'State',
    packageReady: (d) => `Your data is ready. You can download it once, until ${d}.`,
    download: 'Download your data (zip)',
    packageByMail:
      'Your data is ready. Open the download link in the mail we sent you, or confirm the request in this browser to download it here.',
    appealTitle: 'Appeal this decision',
    appealIntro:
      'If you disagree with our answer, you can ask us to look at your request again. Someone who did not take the first decision will review it, and we will write to you with the result.',
    appealReason: 'Why you disagree',
    appealSend: 'Send appeal',
    appealCodeNote:
      'Give the email address you made the request with: we will send a code to it to confirm the appeal.',
    appealed: 'You appealed this decision.',
    appealStatus: 'Status of your appeal',
    appealDue: (d) => `We will answer your appeal by ${d} at the latest.`,
    appealOf: 'Appeal of request',
    packageGone: 'This download is not available',
    preferences: {
      title: 'Your privacy preferences',
      browserIntro:
        'These choices are kept for this browser: a cookie of this site holds a random identifier, and nothing about you. To manage the choices of your account, open this page from the site where you are signed in.',
      accountIntro: 'These are the choices recorded for your account.',
      saved: 'Your choice is saved.',
      consentHeading: 'Based on your consent',
      consentIntro:
        'You can give or withdraw consent at any time, as easily as you gave it. Withdrawing does not affect what was done before.',
      status: 'Now',
      on: 'On',
      off: 'Off',
      turnOn: 'Turn on',
      turnOff: 'Turn off',
      interestHeading: 'Based on our legitimate interest',
      interestIntro:
        'You can object to these at any time, on grounds relating to your particular situation.',
      interest: 'Our interest',
      balancing: 'Why we consider it fair to you',
      object: 'Object',
      objected: (d) => `You objected on ${d}.`,
      objectionEffect:
        'If you object, we stop, unless we demonstrate compelling legitimate grounds that override your interests, rights and freedoms, or need it for legal claims.',
      marketingEffect: 'This is direct marketing: when you object, we stop, without exception.',
      otherHeading: 'Needed for other reasons',
      otherIntro:
        'These rest on a contract, a legal obligation or another basis that no choice switches off. You can still exercise your rights.',
      gpc: (c) =>
        `Your browser sends a Global Privacy Control signal, and we honour it as an opt-out of the sale and sharing of your data and of targeted advertising. It switched off: ${c}.`,
      gpcNone:
        'Your browser sends a Global Privacy Control signal, and we honour it. None of the choices here is a sale, sharing or targeted advertising, so it changed none of them.',
    },
  },
  nl: {
    center: 'Privacycentrum',
    notice: 'Privacyverklaring',
    exercise: 'Uw rechten uitoefenen',
    yourPreferences: 'Uw voorkeuren',
    language: 'Taal',
    version: (v, d) => `Versie ${v}, van kracht sinds ${d}.`,
    earlier: 'Eerdere versies van deze verklaring',
    versions: 'Versies van deze verklaring',
    versionsIntro:
      'Elke versie van deze verklaring die hier is gepubliceerd, de nieuwste eerst. Een versie blijft beschikbaar nadat zij is vervangen.',
    currentLine: (v, d) => `Huidige verklaring: versie ${v}, van kracht sinds ${d}.`,
    columns: {
      number: 'Nr.',
      version: 'Versie',
      from: 'Van kracht vanaf',
      until: 'Van kracht tot',
    },
    current: 'huidige versie',
    notInLanguage: 'niet in deze taal gepubliceerd',
    noVersions: 'Er zijn nog geen versies vastgelegd.',
    superseded: (d, v) =>
      `Deze versie is niet meer van kracht. Zij is op ${d} vervangen door versie ${v}.`,
    supersededUndated: 'Deze versie is niet meer van kracht.',
    isCurrent: 'Dit is de versie die nu van kracht is.',
    readCurrent: 'De huidige verklaring lezen',
    country: 'Land waar u woont',
    next: 'Volgende',
    chooseType: (law) => `Wat wilt u vragen? (${law})`,
    email: 'Uw e-mailadres',
    details: 'Wat wij verder moeten weten (optioneel)',
    send: 'Verzoek versturen',
    changeCountry: 'Ander land kiezen',
    codeSent:
      'Wij hebben een code van zes cijfers naar het opgegeven adres gestuurd. Vul die hier in om het verzoek te bevestigen.',
    code: 'Code uit de e-mail',
    confirm: 'Bevestigen',
    status: 'Stand van uw verzoek',
    dueBy: (d) => `Wij antwoorden uiterlijk op ${d}.`,
    reference: 'Kenmerk van het verzoek',
    statuses: {
      unverified: 'Wacht op de code uit de e-mail',
      verified: 'Bevestigd, wordt voorbereid',
      'awaiting-approval': 'Wacht op beoordeling',
      approved: 'Goedgekeurd, wordt uitgevoerd',
      running: 'Wordt uitgevoerd',
      completed: 'Afgerond',
      denied: 'Afgewezen',
      failed: 'Kon niet worden afgerond; wij zoeken het uit',
      expired: 'Verlopen: de code is niet op tijd ingevuld',
      locked: 'Geblokkeerd na te veel verkeerde codes',
    },
    error: {
      invalid: 'Er klopt iets niet in het formulier',
      forbidden: 'Dit formulier moet vanaf deze site worden verstuurd',
      notFound: 'Niet gevonden',
      tooMany: 'Te veel pogingen; wacht even en probeer het opnieuw',
      gone: 'Deze code is verlopen',
      conflict: 'Dit kan nu niet',
      server: 'Er ging bij ons iets mis',
      link: 'Deze link is ongeldig of verlopen: open uw voorkeuren opnieuw vanaf de site waar u bent aangemeld',
    },
    back: 'Terug naar het privacycentrum',
    state: 'Staat (als u in de Verenigde Staten woont)',
    stateOther: 'Een andere staat, of niet in de Verenigde Staten',
    stateShown: 'Staat',
    packageReady: (d) => `Uw gegevens staan klaar. U kunt ze één keer downloaden, tot ${d}.`,
    download: 'Uw gegevens downloaden (zip)',
    packageByMail:
      'Uw gegevens staan klaar. Open de downloadlink in de e-mail die wij u stuurden, of bevestig het verzoek in deze browser om ze hier te downloaden.',
    appealTitle: 'In beroep gaan tegen dit besluit',
    appealIntro:
      'Bent u het niet eens met ons antwoord, dan kunt u ons vragen uw verzoek opnieuw te bekijken. Iemand die het eerste besluit niet nam, beoordeelt het, en wij schrijven u de uitkomst.',
    appealReason: 'Waarom u het er niet mee eens bent',
    appealSend: 'Beroep versturen',
    appealCodeNote:
      'Geef het e-mailadres waarmee u het verzoek deed: wij sturen er een code naartoe om het beroep te bevestigen.',
    appealed: 'U bent in beroep gegaan tegen dit besluit.',
    appealStatus: 'Stand van uw beroep',
    appealDue: (d) => `Wij beantwoorden uw beroep uiterlijk op ${d}.`,
    appealOf: 'Beroep tegen verzoek',
    packageGone: 'Deze download is niet beschikbaar',
    preferences: {
      title: 'Uw privacyvoorkeuren',
      browserIntro:
        'Deze keuzes gelden voor deze browser: een cookie van deze site bevat een willekeurige code en niets over u. Om de keuzes van uw account te beheren, opent u deze pagina vanaf de site waar u bent aangemeld.',
      accountIntro: 'Dit zijn de keuzes die voor uw account zijn vastgelegd.',
      saved: 'Uw keuze is bewaard.',
      consentHeading: 'Op basis van uw toestemming',
      consentIntro:
        'U kunt uw toestemming op elk moment geven of intrekken, even gemakkelijk als u ze gaf. Intrekken doet niets af aan wat eerder gebeurde.',
      status: 'Nu',
      on: 'Aan',
      off: 'Uit',
      turnOn: 'Aanzetten',
      turnOff: 'Uitzetten',
      interestHeading: 'Op basis van ons gerechtvaardigd belang',
      interestIntro:
        'U kunt hiertegen op elk moment bezwaar maken, om redenen die met uw specifieke situatie verband houden.',
      interest: 'Ons belang',
      balancing: 'Waarom we dit tegenover u redelijk vinden',
      object: 'Bezwaar maken',
      objected: (d) => `U maakte bezwaar op ${d}.`,
      objectionEffect:
        'Als u bezwaar maakt, stoppen we, tenzij we dwingende gerechtvaardigde gronden aantonen die zwaarder wegen dan uw belangen, rechten en vrijheden, of het nodig hebben voor een rechtsvordering.',
      marketingEffect:
        'Dit is direct marketing: als u bezwaar maakt, stoppen we, zonder uitzondering.',
      otherHeading: 'Nodig om andere redenen',
      otherIntro:
        'Deze berusten op een overeenkomst, een wettelijke verplichting of een andere grond die geen keuze uitschakelt. U kunt uw rechten wel uitoefenen.',
      gpc: (c) =>
        `Uw browser stuurt een Global Privacy Control-signaal, en we respecteren het als bezwaar tegen de verkoop en het delen van uw gegevens en tegen gerichte reclame. Het zette uit: ${c}.`,
      gpcNone:
        'Uw browser stuurt een Global Privacy Control-signaal, en we respecteren het. Geen van deze keuzes is een verkoop, delen of gerichte reclame, dus het veranderde er geen.',
    },
  },
  fr: {
    center: 'Centre de confidentialité',
    notice: 'Politique de confidentialité',
    exercise: 'Exercer vos droits',
    yourPreferences: 'Vos préférences',
    language: 'Langue',
    version: (v, d) => `Version ${v}, en vigueur depuis le ${d}.`,
    earlier: 'Versions antérieures de cette politique',
    versions: 'Versions de cette politique',
    versionsIntro:
      'Chaque version de cette politique publiée ici, la plus récente en premier. Une version reste disponible après son remplacement.',
    currentLine: (v, d) => `Politique actuelle : version ${v}, en vigueur depuis le ${d}.`,
    columns: {
      number: 'N°',
      version: 'Version',
      from: 'En vigueur du',
      until: 'En vigueur jusqu’au',
    },
    current: 'version actuelle',
    notInLanguage: 'non publiée dans cette langue',
    noVersions: 'Aucune version n’a encore été enregistrée.',
    superseded: (d, v) =>
      `Cette version n’est plus en vigueur. Elle a été remplacée le ${d} par la version ${v}.`,
    supersededUndated: 'Cette version n’est plus en vigueur.',
    isCurrent: 'Cette version est celle en vigueur.',
    readCurrent: 'Lire la politique actuelle',
    country: 'Pays où vous résidez',
    next: 'Suivant',
    chooseType: (law) => `Que souhaitez-vous demander ? (${law})`,
    email: 'Votre adresse e-mail',
    details: 'Ce que nous devrions savoir (facultatif)',
    send: 'Envoyer la demande',
    changeCountry: 'Choisir un autre pays',
    codeSent:
      'Nous avons envoyé un code à six chiffres à l’adresse indiquée. Saisissez-le ici pour confirmer la demande.',
    code: 'Code reçu par e-mail',
    confirm: 'Confirmer',
    status: 'État de votre demande',
    dueBy: (d) => `Nous répondrons au plus tard le ${d}.`,
    reference: 'Référence de la demande',
    statuses: {
      unverified: 'En attente du code reçu par e-mail',
      verified: 'Confirmée, en préparation',
      'awaiting-approval': 'En cours d’examen',
      approved: 'Acceptée, en cours d’exécution',
      running: 'En cours d’exécution',
      completed: 'Terminée',
      denied: 'Refusée',
      failed: 'N’a pas pu être terminée ; nous examinons le problème',
      expired: 'Expirée : le code n’a pas été saisi à temps',
      locked: 'Bloquée après trop de codes erronés',
    },
    error: {
      invalid: 'Un élément du formulaire n’est pas correct',
      forbidden: 'Ce formulaire doit être envoyé depuis ce site',
      notFound: 'Introuvable',
      tooMany: 'Trop de tentatives ; veuillez patienter puis réessayer',
      gone: 'Ce code a expiré',
      conflict: 'Ce n’est pas possible maintenant',
      server: 'Une erreur s’est produite de notre côté',
      link: 'Ce lien n’est pas valide ou a expiré : rouvrez vos préférences depuis le site où vous êtes connecté',
    },
    back: 'Retour au centre de confidentialité',
    state: 'État (si vous résidez aux États-Unis)',
    stateOther: 'Un autre État, ou pas aux États-Unis',
    stateShown: 'État',
    packageReady: (d) =>
      `Vos données sont prêtes. Vous pouvez les télécharger une fois, jusqu’au ${d}.`,
    download: 'Télécharger vos données (zip)',
    packageByMail:
      'Vos données sont prêtes. Ouvrez le lien de téléchargement de l’e-mail que nous vous avons envoyé, ou confirmez la demande dans ce navigateur pour les télécharger ici.',
    appealTitle: 'Faire appel de cette décision',
    appealIntro:
      'Si vous n’êtes pas d’accord avec notre réponse, vous pouvez nous demander de réexaminer votre demande. Une personne qui n’a pas pris la première décision l’examinera, et nous vous écrirons le résultat.',
    appealReason: 'Pourquoi vous n’êtes pas d’accord',
    appealSend: 'Envoyer l’appel',
    appealCodeNote:
      'Indiquez l’adresse e-mail de votre demande : nous y enverrons un code pour confirmer l’appel.',
    appealed: 'Vous avez fait appel de cette décision.',
    appealStatus: 'État de votre appel',
    appealDue: (d) => `Nous répondrons à votre appel au plus tard le ${d}.`,
    appealOf: 'Appel de la demande',
    packageGone: 'Ce téléchargement n’est pas disponible',
    preferences: {
      title: 'Vos préférences de confidentialité',
      browserIntro:
        'Ces choix valent pour ce navigateur : un cookie de ce site contient un identifiant aléatoire, et rien sur vous. Pour gérer les choix de votre compte, ouvrez cette page depuis le site où vous êtes connecté.',
      accountIntro: 'Voici les choix enregistrés pour votre compte.',
      saved: 'Votre choix est enregistré.',
      consentHeading: 'Fondés sur votre consentement',
      consentIntro:
        'Vous pouvez donner ou retirer votre consentement à tout moment, aussi simplement que vous l’avez donné. Le retrait ne remet pas en cause ce qui a été fait avant.',
      status: 'Actuellement',
      on: 'Activé',
      off: 'Désactivé',
      turnOn: 'Activer',
      turnOff: 'Désactiver',
      interestHeading: 'Fondés sur notre intérêt légitime',
      interestIntro:
        'Vous pouvez vous y opposer à tout moment, pour des raisons tenant à votre situation particulière.',
      interest: 'Notre intérêt',
      balancing: 'Pourquoi nous l’estimons équitable envers vous',
      object: 'M’opposer',
      objected: (d) => `Vous vous êtes opposé le ${d}.`,
      objectionEffect:
        'Si vous vous y opposez, nous arrêtons, sauf motifs légitimes et impérieux prévalant sur vos intérêts, droits et libertés, ou pour la constatation, l’exercice ou la défense de droits en justice.',
      marketingEffect:
        'Il s’agit de prospection : si vous vous y opposez, nous arrêtons, sans exception.',
      otherHeading: 'Nécessaires pour d’autres raisons',
      otherIntro:
        'Ils reposent sur un contrat, une obligation légale ou une autre base qu’aucun choix ne désactive. Vous pouvez toujours exercer vos droits.',
      gpc: (c) =>
        `Votre navigateur envoie un signal Global Privacy Control, et nous le respectons comme une opposition à la vente et au partage de vos données et à la publicité ciblée. Il a désactivé : ${c}.`,
      gpcNone:
        'Votre navigateur envoie un signal Global Privacy Control, et nous le respectons. Aucun de ces choix n’est une vente, un partage ou de la publicité ciblée : il n’en a changé aucun.',
    },
  },
  de: {
    center: 'Datenschutzcenter',
    notice: 'Datenschutzerklärung',
    exercise: 'Ihre Rechte ausüben',
    yourPreferences: 'Ihre Einstellungen',
    language: 'Sprache',
    version: (v, d) => `Version ${v}, gültig seit ${d}.`,
    earlier: 'Frühere Fassungen dieser Erklärung',
    versions: 'Fassungen dieser Erklärung',
    versionsIntro:
      'Jede hier veröffentlichte Fassung dieser Erklärung, die neueste zuerst. Eine Fassung bleibt abrufbar, nachdem sie ersetzt wurde.',
    currentLine: (v, d) => `Aktuelle Erklärung: Version ${v}, gültig seit ${d}.`,
    columns: { number: 'Nr.', version: 'Version', from: 'Gültig ab', until: 'Gültig bis' },
    current: 'aktuelle Fassung',
    notInLanguage: 'nicht in dieser Sprache veröffentlicht',
    noVersions: 'Es wurden noch keine Fassungen erfasst.',
    superseded: (d, v) =>
      `Diese Fassung gilt nicht mehr. Sie wurde am ${d} durch Version ${v} ersetzt.`,
    supersededUndated: 'Diese Fassung gilt nicht mehr.',
    isCurrent: 'Dies ist die derzeit gültige Fassung.',
    readCurrent: 'Die aktuelle Erklärung lesen',
    country: 'Land, in dem Sie wohnen',
    next: 'Weiter',
    chooseType: (law) => `Was möchten Sie beantragen? (${law})`,
    email: 'Ihre E-Mail-Adresse',
    details: 'Was wir sonst wissen sollten (optional)',
    send: 'Antrag senden',
    changeCountry: 'Anderes Land wählen',
    codeSent:
      'Wir haben einen sechsstelligen Code an die angegebene Adresse gesendet. Geben Sie ihn hier ein, um den Antrag zu bestätigen.',
    code: 'Code aus der E-Mail',
    confirm: 'Bestätigen',
    status: 'Stand Ihres Antrags',
    dueBy: (d) => `Wir antworten spätestens am ${d}.`,
    reference: 'Aktenzeichen des Antrags',
    statuses: {
      unverified: 'Wartet auf den Code aus der E-Mail',
      verified: 'Bestätigt, wird vorbereitet',
      'awaiting-approval': 'Wartet auf Prüfung',
      approved: 'Genehmigt, wird ausgeführt',
      running: 'Wird ausgeführt',
      completed: 'Abgeschlossen',
      denied: 'Abgelehnt',
      failed: 'Konnte nicht abgeschlossen werden; wir gehen dem nach',
      expired: 'Abgelaufen: Der Code wurde nicht rechtzeitig eingegeben',
      locked: 'Gesperrt nach zu vielen falschen Codes',
    },
    error: {
      invalid: 'Im Formular stimmt etwas nicht',
      forbidden: 'Dieses Formular muss von dieser Website gesendet werden',
      notFound: 'Nicht gefunden',
      tooMany: 'Zu viele Versuche; bitte warten Sie und versuchen Sie es erneut',
      gone: 'Dieser Code ist abgelaufen',
      conflict: 'Das ist jetzt nicht möglich',
      server: 'Bei uns ist etwas schiefgegangen',
      link: 'Dieser Link ist ungültig oder abgelaufen: Öffnen Sie Ihre Einstellungen erneut von der Website aus, auf der Sie angemeldet sind',
    },
    back: 'Zurück zum Datenschutzcenter',
    state: 'Bundesstaat (wenn Sie in den Vereinigten Staaten wohnen)',
    stateOther: 'Ein anderer Bundesstaat, oder nicht in den Vereinigten Staaten',
    stateShown: 'Bundesstaat',
    packageReady: (d) => `Ihre Daten liegen bereit. Sie können sie einmal herunterladen, bis ${d}.`,
    download: 'Ihre Daten herunterladen (ZIP)',
    packageByMail:
      'Ihre Daten liegen bereit. Öffnen Sie den Download-Link in der E-Mail, die wir Ihnen geschickt haben, oder bestätigen Sie den Antrag in diesem Browser, um sie hier herunterzuladen.',
    appealTitle: 'Widerspruch gegen diese Entscheidung',
    appealIntro:
      'Wenn Sie mit unserer Antwort nicht einverstanden sind, können Sie uns bitten, Ihren Antrag erneut zu prüfen. Jemand, der die erste Entscheidung nicht getroffen hat, prüft ihn, und wir schreiben Ihnen das Ergebnis.',
    appealReason: 'Warum Sie nicht einverstanden sind',
    appealSend: 'Widerspruch senden',
    appealCodeNote:
      'Geben Sie die E-Mail-Adresse Ihres Antrags an: Wir senden einen Code dorthin, um den Widerspruch zu bestätigen.',
    appealed: 'Sie haben gegen diese Entscheidung Widerspruch eingelegt.',
    appealStatus: 'Stand Ihres Widerspruchs',
    appealDue: (d) => `Wir antworten auf Ihren Widerspruch spätestens am ${d}.`,
    appealOf: 'Widerspruch gegen Antrag',
    packageGone: 'Dieser Download ist nicht verfügbar',
    preferences: {
      title: 'Ihre Datenschutz-Einstellungen',
      browserIntro:
        'Diese Einstellungen gelten für diesen Browser: Ein Cookie dieser Website enthält eine zufällige Kennung und nichts über Sie. Um die Einstellungen Ihres Kontos zu verwalten, öffnen Sie diese Seite von der Website aus, auf der Sie angemeldet sind.',
      accountIntro: 'Dies sind die für Ihr Konto gespeicherten Einstellungen.',
      saved: 'Ihre Wahl ist gespeichert.',
      consentHeading: 'Auf Grundlage Ihrer Einwilligung',
      consentIntro:
        'Sie können Ihre Einwilligung jederzeit erteilen oder widerrufen, so einfach, wie Sie sie erteilt haben. Der Widerruf berührt nicht, was vorher geschah.',
      status: 'Derzeit',
      on: 'An',
      off: 'Aus',
      turnOn: 'Einschalten',
      turnOff: 'Ausschalten',
      interestHeading: 'Auf Grundlage unseres berechtigten Interesses',
      interestIntro:
        'Sie können dem jederzeit aus Gründen widersprechen, die sich aus Ihrer besonderen Situation ergeben.',
      interest: 'Unser Interesse',
      balancing: 'Warum wir es Ihnen gegenüber für angemessen halten',
      object: 'Widersprechen',
      objected: (d) => `Sie haben am ${d} widersprochen.`,
      objectionEffect:
        'Wenn Sie widersprechen, hören wir auf, es sei denn, wir weisen zwingende schutzwürdige Gründe nach, die Ihre Interessen, Rechte und Freiheiten überwiegen, oder brauchen es für Rechtsansprüche.',
      marketingEffect:
        'Dies ist Direktwerbung: Wenn Sie widersprechen, hören wir auf, ohne Ausnahme.',
      otherHeading: 'Aus anderen Gründen erforderlich',
      otherIntro:
        'Diese beruhen auf einem Vertrag, einer rechtlichen Verpflichtung oder einer anderen Grundlage, die keine Wahl abschaltet. Ihre Rechte können Sie trotzdem ausüben.',
      gpc: (c) =>
        `Ihr Browser sendet ein Global-Privacy-Control-Signal, und wir beachten es als Widerspruch gegen Verkauf und Weitergabe Ihrer Daten und gegen zielgerichtete Werbung. Es hat ausgeschaltet: ${c}.`,
      gpcNone:
        'Ihr Browser sendet ein Global-Privacy-Control-Signal, und wir beachten es. Keine dieser Einstellungen ist ein Verkauf, eine Weitergabe oder zielgerichtete Werbung; es hat keine geändert.',
    },
  },
};

/** US states whose own law the center can name, in each language (Intl knows no subdivisions). */
export const STATE_NAMES: Readonly<Record<string, Readonly<Record<Language, string>>>> = {
  CA: { en: 'California', nl: 'Californië', fr: 'Californie', de: 'Kalifornien' },
  CO: { en: 'Colorado', nl: 'Colorado', fr: 'Colorado', de: 'Colorado' },
  CT: { en: 'Connecticut', nl: 'Connecticut', fr: 'Connecticut', de: 'Connecticut' },
  UT: { en: 'Utah', nl: 'Utah', fr: 'Utah', de: 'Utah' },
  VA: { en: 'Virginia', nl: 'Virginia', fr: 'Virginie', de: 'Virginia' },
};
