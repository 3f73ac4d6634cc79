import { createTransport } from 'nodemailer';

/** What the mailer needs of a transport: send one mail, and let go of connections. */
export interface MailTransport {
  send(mail: {
    readonly from: string;
    readonly to: string;
    readonly subject: string;
    readonly text: string;
  }): Promise<void>;
  close(): void;
}

/** The sender when neither `CUSTODIAN_MAIL_FROM` nor the controller's contact names one. */
const FALLBACK_FROM = 'custodian@localhost';

/**
 * An SMTP transport (nodemailer) for a URL such as `smtp://127.0.0.1:2525` or
 * `smtps://user:pass@mail.example.com`. `from` overrides the sender of every mail (an SMTP relay
 * may accept only its own domain); otherwise each mail goes out from its controller's address.
 */
export function smtpTransport(url: string, options: { from?: string } = {}): MailTransport {
  const transporter = createTransport(url);
  return {
    async send(mail) {
      await transporter.sendMail({
        from: options.from ?? (mail.from === '' ? FALLBACK_FROM : mail.from),
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
      });
    },
    close() {
      transporter.close();
    },
  };
}

/**
 * The transport `CUSTODIAN_SMTP_URL` configures (sender overridden by `CUSTODIAN_MAIL_FROM`), or
 * undefined when it is not set: mails then wait in the outbox.
 */
export function transportFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): MailTransport | undefined {
  const url = env['CUSTODIAN_SMTP_URL'];
  if (url === undefined || url === '') return undefined;
  const from = env['CUSTODIAN_MAIL_FROM'];
  return smtpTransport(url, from === undefined || from === '' ? {} : { from });
}
