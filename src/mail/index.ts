/**
 * Mail to people about their requests: texts, an outbox, and delivery over SMTP with retries.
 *
 * Outbox = a table of mails written in the same transaction as the change they tell about, the
 * message sealed; a mail exists if and only if its change committed. Mailer = a loop that takes
 * due mails, sends them through the transport and retries failures with exponential backoff.
 * Transport = nodemailer over SMTP, from `CUSTODIAN_SMTP_URL`; without it mails wait in the outbox.
 */
export { deliverOutbox, MAX_ATTEMPTS, retryDelay, type DeliveryResult } from './deliver.js';
export {
  deleteSentMail,
  enqueueMail,
  sentMailBefore,
  outboxContext,
  type OutgoingMail,
} from './outbox.js';
export { startMailer, type Mailer, type MailerLogger, type MailerOptions } from './start-mailer.js';
export {
  MAIL_KINDS,
  mailText,
  type HeldRecords,
  type MailKind,
  type MailText,
  type MailValues,
  type Remedy,
} from './texts.js';
export { MAIL_STRINGS } from './i18n/index.js';
export { smtpTransport, transportFromEnv, type MailTransport } from './transport.js';
