import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A mail the sink received: envelope, headers and the decoded text. */
export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly raw: string;
}

/** A real SMTP server on a random port of 127.0.0.1 that keeps what it receives. */
export interface SmtpSink {
  readonly url: string;
  readonly mails: ReceivedMail[];
  /**
   * The client's lines as they came over the wire (commands and message), before smtp-server
   * decodes them: it turns punycode domains of the envelope back into Unicode.
   */
  readonly wire: string[];
  /** Makes the next `count` deliveries fail with a temporary error (451). */
  failNext(count: number): void;
  /** The six-digit code of the last code mail to `to`. */
  codeFor(to: string): string;
  close(): Promise<void>;
}

const CODE_LINE = /: (\d{6})$/m;

export async function smtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const wire: string[] = [];
  let failing = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failing > 0) {
          failing -= 1;
          const error = Object.assign(new Error('try again later'), { responseCode: 451 });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push(parse(raw, session.envelope));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  server.server.on('connection', (socket: Socket) => {
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\r\n');
      pending = lines.pop() ?? '';
      wire.push(...lines);
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    wire,
    failNext: (count) => {
      failing = count;
    },
    codeFor: (to) => {
      // The code mail's code line ends in ": " and the six digits, in each of its languages.
      const mail = mails.filter((m) => m.to.includes(to) && CODE_LINE.test(m.text)).at(-1);
      const code = mail && CODE_LINE.exec(mail.text)?.[1];
      if (code === undefined) throw new Error('no code mail for that address');
      return code;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

function parse(
  raw: string,
  envelope: { mailFrom: false | { address: string }; rcptTo: { address: string }[] },
): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string): string =>
    new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? Buffer.from(
          body
            .replace(/=\r\n/g, '')
            .replace(/=([0-9A-F]{2})/gi, (_, hex: string) =>
              String.fromCharCode(parseInt(hex, 16)),
            ),
          'latin1',
        ).toString('utf8')
      : encoding === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : body;
  return {
    from: envelope.mailFrom === false ? '' : envelope.mailFrom.address,
    to: envelope.rcptTo.map((rcpt) => rcpt.address),
    subject: decodeWords(header('Subject')),
    text: text.replace(/\r\n/g, '\n'),
    raw,
  };
}

/** A header with RFC 2047 encoded words (`=?UTF-8?Q?L=C3=B6schung?=`) as the text it encodes. */
function decodeWords(value: string): string {
  // Whitespace between two encoded words is not part of the text (RFC 2047 section 6.2).
  return value
    .replace(/\?=[ \t]+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g,
      (_, _charset: string, kind: string, data: string) =>
        kind.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64').toString('utf8')
          : Buffer.from(
              data
                .replace(/_/g, ' ')
                .replace(/=([0-9A-F]{2})/gi, (_hex, hex: string) =>
                  String.fromCharCode(parseInt(hex, 16)),
                ),
              'latin1',
            ).toString('utf8'),
    );
}
