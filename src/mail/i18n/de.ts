import type { MailStrings } from './strings.js';

const records = (rows: number): string => (rows === 1 ? '1 Datensatz' : `${rows} Datensätze`);

// Every type is a masculine noun phrase ("Antrag", "Widerspruch", "Einspruch"): the sentences
// decline it ("Ihr", "Ihren", "Ihrem").
export const de: MailStrings = {
  types: {
    access: 'Antrag auf Auskunft',
    portability: 'Antrag auf Datenübertragbarkeit',
    rectification: 'Antrag auf Berichtigung',
    erasure: 'Antrag auf Löschung',
    restriction: 'Antrag auf Einschränkung der Verarbeitung',
    objection: 'Widerspruch gegen die Verarbeitung',
    'automated-decisions': 'Antrag zu automatisierten Entscheidungen',
    'withdraw-consent': 'Widerruf der Einwilligung',
    know: 'Antrag auf Auskunft über Ihre Daten',
    delete: 'Antrag auf Löschung',
    correct: 'Antrag auf Korrektur',
    'opt-out-sale': 'Widerspruch gegen den Verkauf oder die Weitergabe Ihrer Daten',
    'limit-sensitive': 'Antrag auf Einschränkung der Nutzung Ihrer sensiblen Daten',
    appeal: 'Einspruch gegen unsere Entscheidung',
  },
  greeting: 'Guten Tag,',
  // After "Guten Tag," the letter goes on in lower case, but for nouns and the polite "Ihr".
  opening: (line) => (line.startsWith('Wir ') ? `w${line.slice(1)}` : line),
  closing: 'Mit freundlichen Grüßen',
  label: (label, value) => `${label}: ${value}`,
  reference: 'Vorgangsnummer',
  time: (day, clock) => `${day}, ${clock} Uhr UTC`,

  code: {
    subject: (request) => `Ihr ${request}: Bitte bestätigen Sie ihn mit dem Code in dieser E-Mail`,
    received: (request) => `Wir haben Ihren ${request} erhalten.`,
    enter: (code) =>
      `Um zu bestätigen, dass er von Ihnen stammt, geben Sie bitte diesen Code ein: ${code}`,
    validUntil: (time) => `Der Code ist gültig bis ${time}.`,
    locked: 'Nach fünf falschen Eingaben wird der Vorgang gesperrt.',
    answerBy: (day) => `Nach Ihrer Bestätigung antworten wir Ihnen spätestens am ${day}.`,
    notYou:
      'Wenn Sie dies nicht veranlasst haben, ignorieren Sie diese E-Mail: Ohne den Code geschieht nichts.',
  },
  received: {
    subject: (request) => `Wir haben Ihren ${request} erhalten`,
    body: (request) => `Wir haben Ihren ${request} erhalten.`,
  },
  answerBy: (day) => `Wir antworten Ihnen spätestens am ${day}.`,
  extension: {
    subject: (request) => `Ihr ${request}: Wir benötigen mehr Zeit`,
    intro: (request) =>
      `Wir benötigen aus folgendem Grund mehr Zeit, um Ihren ${request} zu bearbeiten:`,
  },
  denial: {
    subject: (request) => `Ihrem ${request} wurde nicht stattgegeben`,
    intro: (request) => `Wir können Ihrem ${request} aus folgendem Grund nicht nachkommen:`,
  },
  completion: {
    subject: (request) => `Ihr ${request} ist erledigt`,
    done: (request) => `Wir haben Ihren ${request} bearbeitet.`,
    ready:
      'Ihre Daten liegen bereit. Öffnen Sie diesen Link und klicken Sie auf der Seite auf die Schaltfläche „Herunterladen“:',
    once: 'Das Öffnen des Links lädt noch nichts herunter; das tut die Schaltfläche, und zwar nur einmal.',
    expires: (time) => `Der Link läuft am ${time} ab.`,
    heldIntro:
      'Wir haben nicht alles gelöscht: Das Gesetz verpflichtet oder berechtigt uns, die folgenden Datensätze vorerst aufzubewahren.',
    heldWhat: (where, rows) => `${where}: ${records(rows)}`,
    why: 'Grund',
    basis: 'Rechtsgrundlage',
    kept: 'Aufbewahrung',
    endDay: (day) => `bis einschließlich ${day}`,
    untilUnknown: 'bis das Datum bestimmt werden kann',
    part: (end, rows) => `${end} (${records(rows)})`,
  },
  remedies: {
    complaint: (authority) =>
      authority === undefined
        ? 'Sie können sich bei einer Datenschutz-Aufsichtsbehörde beschweren und einen gerichtlichen Rechtsbehelf einlegen.'
        : `Sie können sich bei einer Datenschutz-Aufsichtsbehörde beschweren (zum Beispiel: ${authority.name}${authority.url === undefined ? '' : `, ${authority.url}`}) und einen gerichtlichen Rechtsbehelf einlegen.`,
    appeal: (channels) =>
      channels.length === 0
        ? 'Sie können gegen diese Entscheidung Einspruch einlegen, wie in unserer Datenschutzerklärung beschrieben.'
        : `Sie können gegen diese Entscheidung Einspruch einlegen über: ${channels.join('; ')}.`,
    attorneyGeneral: (authority) =>
      authority === undefined
        ? 'Wenn Sie nicht einverstanden sind, können Sie sich mit einer Beschwerde an den Attorney General Ihres Bundesstaates wenden.'
        : `Wenn Sie nicht einverstanden sind, können Sie sich mit einer Beschwerde an ${authority.name} wenden${authority.url === undefined ? '.' : `: ${authority.url}`}`,
    attorneyGenerals: {
      vcdpa: 'den Attorney General von Virginia',
      cpa: 'den Attorney General von Colorado',
      ctdpa: 'den Attorney General von Connecticut',
    },
    contact:
      'Wenn Sie nicht einverstanden sind, können Sie uns über die in unserer Datenschutzerklärung genannten Kanäle kontaktieren.',
  },
};
