import type { MailStrings } from './strings.js';

const records = (rows: number): string => (rows === 1 ? '1 record' : `${rows} records`);

export const en: MailStrings = {
  types: {
    access: 'access request',
    portability: 'data portability request',
    rectification: 'rectification request',
    erasure: 'erasure request',
    restriction: 'request to restrict processing',
    objection: 'objection',
    'automated-decisions': 'request about automated decisions',
    'withdraw-consent': 'withdrawal of consent',
    know: 'request to know',
    delete: 'request to delete',
    correct: 'request to correct',
    'opt-out-sale': 'request to opt out of sale or sharing',
    'limit-sensitive': 'request to limit the use of sensitive personal information',
    appeal: 'appeal request',
  },
  greeting: 'Hello,',
  opening: (line) => line,
  closing: 'Kind regards,',
  label: (label, value) => `${label}: ${value}`,
  reference: 'Request reference',
  time: (day, clock) => `${day}, ${clock} UTC`,

  code: {
    // Never the code in the subject: it shows in lock-screen notifications and mail-server logs.
    subject: (request) => `Your ${request}: confirm it with the code in this mail`,
    received: (request) => `We received your ${request}.`,
    enter: (code) => `To confirm that it comes from you, enter this code: ${code}`,
    validUntil: (time) => `The code is valid until ${time}.`,
    locked: 'After five wrong attempts the request is locked.',
    answerBy: (day) => `Once it is confirmed, we will answer by ${day} at the latest.`,
    notYou: 'If you did not make this request, ignore this mail: nothing happens without the code.',
  },
  received: {
    subject: (request) => `We received your ${request}`,
    body: (request) => `We received your ${request}.`,
  },
  answerBy: (day) => `We will answer by ${day} at the latest.`,
  extension: {
    subject: (request) => `Your ${request}: we need more time`,
    intro: (request) => `We need more time to answer your ${request}, for this reason:`,
  },
  denial: {
    subject: (request) => `Your ${request} was not granted`,
    intro: (request) => `We cannot act on your ${request}, for this reason:`,
  },
  completion: {
    subject: (request) => `Your ${request} is complete`,
    done: (request) => `We have completed your ${request}.`,
    ready: 'Your data is ready. Open this link and press the Download button on the page:',
    once: 'Opening the link downloads nothing yet; the button does, once.',
    expires: (time) => `The link expires on ${time}.`,
    heldIntro:
      'We have not erased everything: the law obliges or entitles us to keep the following records for now.',
    heldWhat: (where, rows) => `${where}: ${records(rows)}`,
    why: 'Why',
    basis: 'Legal basis',
    kept: 'Kept',
    endDay: (day) => `up to and including ${day}`,
    untilUnknown: 'until the date can be determined',
    part: (end, rows) => `${end} (${records(rows)})`,
  },
  remedies: {
    complaint: (authority) =>
      authority === undefined
        ? 'You may lodge a complaint with a data protection supervisory authority, and seek a judicial remedy.'
        : `You may lodge a complaint with a data protection supervisory authority, such as ${authority.name}${authority.url === undefined ? '' : ` (${authority.url})`}, and seek a judicial remedy.`,
    appeal: (channels) =>
      channels.length === 0
        ? 'You may appeal this decision through the appeal process described in our privacy notice.'
        : `You may appeal this decision through: ${channels.join('; ')}.`,
    attorneyGeneral: (authority) =>
      authority === undefined
        ? 'If you disagree, you may contact your state Attorney General to submit a complaint.'
        : `If you disagree, you may contact ${authority.name} to submit a complaint${authority.url === undefined ? '.' : `: ${authority.url}`}`,
    attorneyGenerals: {
      vcdpa: 'the Attorney General of Virginia',
      cpa: 'the Colorado Attorney General',
      ctdpa: 'the Connecticut Attorney General',
    },
    contact: 'If you disagree, you may contact us through the channels in our privacy notice.',
  },
};
