import type { Language } from '../map/index.js';
import type { RequestStatus } from '../requests/types.js';

/** The words of the privacy center's pages, in the languages notices are published in. */
export interface CenterWords {
  readonly center: string;
  readonly notice: string;
  readonly exercise: string;
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
      'invalid' | 'forbidden' | 'notFound' | 'tooMany' | 'gone' | 'conflict' | 'server',
      string
    >
  >;
  readonly back: string;
}

export const CENTER_WORDS: Readonly<Record<Language, CenterWords>> = {
  en: {
    center: 'Privacy center',
    notice: 'Privacy notice',
    exercise: 'Exercise your rights',
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
      server: 'Something went wrong on our side',
    },
    back: 'Back to the privacy center',
  },
  nl: {
    center: 'Privacycentrum',
    notice: 'Privacyverklaring',
    exercise: 'Uw rechten uitoefenen',
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
    },
    back: 'Terug naar het privacycentrum',
  },
  fr: {
    center: 'Centre de confidentialité',
    notice: 'Politique de confidentialité',
    exercise: 'Exercer vos droits',
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
    },
    back: 'Retour au centre de confidentialité',
  },
  de: {
    center: 'Datenschutzcenter',
    notice: 'Datenschutzerklärung',
    exercise: 'Ihre Rechte ausüben',
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
    },
    back: 'Zurück zum Datenschutzcenter',
  },
};
