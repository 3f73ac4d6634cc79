import type { MailStrings } from './strings.js';

const records = (rows: number): string =>
  rows === 1 ? '1 enregistrement' : `${rows} enregistrements`;

// Every type is a feminine noun phrase ("demande", "opposition"): the sentences agree with it.
export const fr: MailStrings = {
  types: {
    access: 'demande d’accès',
    portability: 'demande de portabilité des données',
    rectification: 'demande de rectification',
    erasure: 'demande d’effacement',
    restriction: 'demande de limitation du traitement',
    objection: 'opposition au traitement',
    'automated-decisions': 'demande relative aux décisions automatisées',
    'withdraw-consent': 'demande de retrait du consentement',
    know: 'demande d’information sur vos données',
    delete: 'demande de suppression',
    correct: 'demande de correction',
    'opt-out-sale': 'demande d’opposition à la vente ou au partage de vos données',
    'limit-sensitive': 'demande de limitation de l’utilisation de vos données sensibles',
    appeal: 'demande de réexamen de notre décision',
  },
  greeting: 'Madame, Monsieur,',
  opening: (line) => line,
  closing: 'Cordialement,',
  label: (label, value) => `${label} : ${value}`,
  reference: 'Référence de la demande',
  time: (day, clock) => `${day} à ${clock} UTC`,

  code: {
    subject: (request) => `Votre ${request} : confirmez-la avec le code figurant dans ce message`,
    received: (request) => `Nous avons bien reçu votre ${request}.`,
    enter: (code) => `Pour confirmer qu’elle émane bien de vous, saisissez ce code : ${code}`,
    validUntil: (time) => `Ce code est valable jusqu’au ${time}.`,
    locked: 'Après cinq tentatives erronées, la demande est bloquée.',
    answerBy: (day) => `Une fois la demande confirmée, nous y répondrons au plus tard le ${day}.`,
    notYou:
      'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : sans le code, rien ne se passe.',
  },
  received: {
    subject: (request) => `Nous avons bien reçu votre ${request}`,
    body: (request) => `Nous avons bien reçu votre ${request}.`,
  },
  answerBy: (day) => `Nous vous répondrons au plus tard le ${day}.`,
  extension: {
    subject: (request) => `Votre ${request} : nous avons besoin de plus de temps`,
    intro: (request) =>
      `Nous avons besoin de plus de temps pour répondre à votre ${request}, pour la raison suivante :`,
  },
  denial: {
    subject: (request) => `Votre ${request} n’a pas été acceptée`,
    intro: (request) =>
      `Nous ne pouvons pas donner suite à votre ${request}, pour la raison suivante :`,
  },
  completion: {
    subject: (request) => `Votre ${request} a été traitée`,
    done: (request) => `Nous avons traité votre ${request}.`,
    ready:
      'Vos données sont prêtes. Ouvrez ce lien, puis cliquez sur le bouton Télécharger de la page :',
    once: 'Ouvrir le lien ne télécharge encore rien ; c’est le bouton qui le fait, une seule fois.',
    expires: (time) => `Le lien expire le ${time}.`,
    heldIntro:
      'Nous n’avons pas tout effacé : la loi nous oblige ou nous autorise à conserver pour l’instant les enregistrements suivants.',
    heldWhat: (where, rows) => `${where} : ${records(rows)}`,
    why: 'Motif',
    basis: 'Base juridique',
    kept: 'Conservation',
    endDay: (day) => `jusqu’au ${day} inclus`,
    untilUnknown: 'jusqu’à ce que la date puisse être déterminée',
    part: (end, rows) => `${end} (${records(rows)})`,
  },
  remedies: {
    complaint: (authority) =>
      authority === undefined
        ? 'Vous pouvez introduire une réclamation auprès d’une autorité de contrôle de la protection des données et former un recours juridictionnel.'
        : `Vous pouvez introduire une réclamation auprès d’une autorité de contrôle de la protection des données (par exemple : ${authority.name}${authority.url === undefined ? '' : `, ${authority.url}`}) et former un recours juridictionnel.`,
    appeal: (channels) =>
      channels.length === 0
        ? 'Vous pouvez faire appel de cette décision selon la procédure décrite dans notre déclaration de confidentialité.'
        : `Vous pouvez faire appel de cette décision par : ${channels.join(' ; ')}.`,
    attorneyGeneral: (authority) =>
      authority === undefined
        ? 'Si vous n’êtes pas d’accord, vous pouvez adresser une plainte à l’Attorney General de votre État.'
        : `Si vous n’êtes pas d’accord, vous pouvez adresser une plainte à ${authority.name}${authority.url === undefined ? '.' : ` : ${authority.url}`}`,
    attorneyGenerals: {
      vcdpa: 'l’Attorney General de Virginie',
      cpa: 'l’Attorney General du Colorado',
      ctdpa: 'l’Attorney General du Connecticut',
    },
    contact:
      'Si vous n’êtes pas d’accord, vous pouvez nous contacter par les moyens indiqués dans notre déclaration de confidentialité.',
  },
};
