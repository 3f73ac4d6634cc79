import type { MailStrings } from './strings.js';

const records = (rows: number): string => (rows === 1 ? '1 record' : `${rows} records`);

export const nl: MailStrings = {
  types: {
    access: 'verzoek om inzage',
    portability: 'verzoek om gegevensoverdraagbaarheid',
    rectification: 'verzoek om rectificatie',
    erasure: 'verzoek om gegevenswissing',
    restriction: 'verzoek om beperking van de verwerking',
    objection: 'bezwaar tegen de verwerking',
    'automated-decisions': 'verzoek over geautomatiseerde besluitvorming',
    'withdraw-consent': 'verzoek om intrekking van toestemming',
    know: 'verzoek om informatie over uw gegevens',
    delete: 'verzoek om verwijdering',
    correct: 'verzoek om correctie',
    'opt-out-sale': 'verzoek om afmelding voor de verkoop of het delen van gegevens',
    'limit-sensitive': 'verzoek om beperking van het gebruik van gevoelige persoonsgegevens',
    appeal: 'beroep tegen onze beslissing',
  },
  greeting: 'Geachte heer, mevrouw,',
  opening: (line) => line,
  closing: 'Met vriendelijke groet,',
  label: (label, value) => `${label}: ${value}`,
  reference: 'Referentie van uw verzoek',
  time: (day, clock) => `${day} om ${clock} uur UTC`,

  code: {
    subject: (request) => `Uw ${request}: bevestig dit met de code in deze e-mail`,
    received: (request) => `Wij hebben uw ${request} ontvangen.`,
    enter: (code) => `Voer deze code in om te bevestigen dat dit van u afkomstig is: ${code}`,
    validUntil: (time) => `De code is geldig tot ${time}.`,
    locked: 'Na vijf onjuiste pogingen wordt het verzoek geblokkeerd.',
    answerBy: (day) => `Na uw bevestiging antwoorden wij uiterlijk op ${day}.`,
    notYou:
      'Hebt u dit verzoek niet gedaan? Dan kunt u deze e-mail negeren: zonder de code gebeurt er niets.',
  },
  received: {
    subject: (request) => `Wij hebben uw ${request} ontvangen`,
    body: (request) => `Wij hebben uw ${request} ontvangen.`,
  },
  answerBy: (day) => `Wij antwoorden uiterlijk op ${day}.`,
  extension: {
    subject: (request) => `Uw ${request}: wij hebben meer tijd nodig`,
    intro: (request) =>
      `Wij hebben meer tijd nodig om uw ${request} te beantwoorden, om de volgende reden:`,
  },
  denial: {
    subject: (request) => `Uw ${request} is niet ingewilligd`,
    intro: (request) => `Wij kunnen geen gevolg geven aan uw ${request}, om de volgende reden:`,
  },
  completion: {
    subject: (request) => `Uw ${request} is afgehandeld`,
    done: (request) => `Wij hebben uw ${request} afgehandeld.`,
    ready: 'Uw gegevens staan klaar. Open deze link en klik op de pagina op de knop Downloaden:',
    once: 'Het openen van de link downloadt nog niets; dat doet de knop, één keer.',
    expires: (time) => `De link verloopt op ${time}.`,
    heldIntro:
      'Wij hebben niet alles gewist: de wet verplicht ons of staat ons toe de volgende gegevens voorlopig te bewaren.',
    heldWhat: (where, rows) => `${where}: ${records(rows)}`,
    why: 'Reden',
    basis: 'Rechtsgrond',
    kept: 'Bewaard',
    endDay: (day) => `tot en met ${day}`,
    untilUnknown: 'totdat de datum kan worden vastgesteld',
    part: (end, rows) => `${end} (${records(rows)})`,
  },
  remedies: {
    complaint: (authority) =>
      authority === undefined
        ? 'U kunt een klacht indienen bij een toezichthoudende autoriteit voor gegevensbescherming en beroep instellen bij de rechter.'
        : `U kunt een klacht indienen bij een toezichthoudende autoriteit voor gegevensbescherming (bijvoorbeeld: ${authority.name}${authority.url === undefined ? '' : `, ${authority.url}`}) en beroep instellen bij de rechter.`,
    appeal: (channels) =>
      channels.length === 0
        ? 'U kunt tegen deze beslissing in beroep gaan zoals beschreven in onze privacyverklaring.'
        : `U kunt tegen deze beslissing in beroep gaan via: ${channels.join('; ')}.`,
    attorneyGeneral: (authority) =>
      authority === undefined
        ? 'Bent u het hier niet mee eens, dan kunt u een klacht indienen bij de Attorney General van uw staat.'
        : `Bent u het hier niet mee eens, dan kunt u een klacht indienen bij ${authority.name}${authority.url === undefined ? '.' : `: ${authority.url}`}`,
    attorneyGenerals: {
      vcdpa: 'de Attorney General van Virginia',
      cpa: 'de Attorney General van Colorado',
      ctdpa: 'de Attorney General van Connecticut',
    },
    contact:
      'Bent u het hier niet mee eens, dan kunt u contact met ons opnemen via de kanalen in onze privacyverklaring.',
  },
};
