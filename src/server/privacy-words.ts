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
    earlier:
      'Earlier versions of this notice are available on request from the contacts named in it.',
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
    earlier:
      'Eerdere versies van deze verklaring zijn op verzoek verkrijgbaar bij de contactpunten die erin staan.',
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
    earlier:
      'Les versions antérieures de cette politique sont disponibles sur demande auprès des contacts qu’elle indique.',
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
    earlier:
      'Frühere Fassungen dieser Erklärung erhalten Sie auf Anfrage bei den darin genannten Kontakten.',
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
