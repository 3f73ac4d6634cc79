import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRequestsCommands } from '../../src/cli/requests-command.js';
import { person } from './fixture.js';
import { smtpSink, type SmtpSink } from './smtp-sink.js';

/** The map the requests are answered by: the BESTMIX demo map. */
const MAP = fileURLToPath(new URL('../../examples/bestmix/privacy.yaml', import.meta.url));

/**
 * Runs `custodian requests <args> --map <the demo map>` with only the requests commands, as
 * main.ts wires them.
 */
async function run(args: readonly string[], cwd: string) {
  let out = '';
  let err = '';
  const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t), cwd };
  const state = { exitCode: 0 };
  const program = new Command('custodian')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerRequestsCommands(program, io, state);
  const code = await program.parseAsync(['requests', ...args, '--map', MAP], { from: 'user' }).then(
    () => state.exitCode,
    (error: unknown) => {
      if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
      throw error;
    },
  );
  return { code, out, err };
}

describe('custodian requests', () => {
  let dir: string;
  let sink: SmtpSink;
  const saved = process.env['CUSTODIAN_SMTP_URL'];
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'custodian-requests-'));
    sink = await smtpSink();
    process.env['CUSTODIAN_SMTP_URL'] = sink.url;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env['CUSTODIAN_SMTP_URL'];
    else process.env['CUSTODIAN_SMTP_URL'] = saved;
    await sink.close();
  });

  it('opens, lists, shows, approves and extends a request an operator verified', async () => {
    const email = person('cli');
    const opened = await run(
      ['open', '--type', 'erasure', '--email', email, '--country', 'BE', '--operator', 'jan'],
      dir,
    );
    expect(opened.code, opened.err).toBe(0);
    const id = opened.out.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(opened.err).toContain('awaiting-approval');
    // The person is told at once that the request was received.
    expect(sink.mails.find((m) => m.to.includes(email))?.subject).toBe(
      'We received your erasure request',
    );

    const listed = await run(['list', '--status', 'awaiting-approval'], dir);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(id);
    expect(listed.out).not.toContain(email);

    const approved = await run(['approve', id], dir);
    expect(approved.code, approved.err).toBe(0);
    expect(approved.out).toBe(`${id} approved\n`);
    expect(approved.err).toContain(`custodian requests run ${id}`);

    const extended = await run(['extend', id, '--reason', 'Backups take time to search.'], dir);
    expect(extended.code, extended.err).toBe(0);
    expect(sink.mails.filter((m) => m.to.includes(email)).at(-1)?.text).toContain(
      'Backups take time to search.',
    );

    const shown = await run(['show', id, '--format', 'json'], dir);
    expect(shown.code, shown.err).toBe(0);
    const detail = JSON.parse(shown.out);
    expect(detail).toMatchObject({ id, status: 'approved', verification: 'operator' });
    expect(detail.subject).toEqual({ email });
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual([
      'received',
      'verified',
      'awaiting-approval',
      'mail-sent',
      'approved',
      'extended',
      'mail-sent',
    ]);
    expect(detail.events[1].actor).toBe('cli:jan');
  }, 120_000);

  it('mails a code for a request opened without --operator', async () => {
    const email = person('code');
    const opened = await run(
      ['open', '--type', 'know', '--email', email, '--country', 'US', '--state', 'CA'],
      dir,
    );
    expect(opened.code, opened.err).toBe(0);
    expect(sink.codeFor(email)).toMatch(/^\d{6}$/);
    const listed = await run(['list', '--type', 'know', '--format', 'json'], dir);
    const requests = JSON.parse(listed.out) as { id: string; law: string; status: string }[];
    expect(requests.find((r) => r.id === opened.out.trim())).toMatchObject({
      law: 'ccpa',
      status: 'unverified',
    });
  }, 120_000);

  it('writes to the person in the language given with --language', async () => {
    const email = person('langue');
    const opened = await run(
      ['open', '--type', 'access', '--email', email, '--country', 'BE', '--language', 'fr'],
      dir,
    );
    expect(opened.code, opened.err).toBe(0);
    const mail = sink.mails.find((m) => m.to.includes(email));
    expect(mail?.subject).toBe(
      'Votre demande d’accès : confirmez-la avec le code figurant dans ce message',
    );
    expect(mail?.text).toContain('saisissez ce code : ');
    const shown = await run(['show', opened.out.trim()], dir);
    expect(shown.out).toContain('language  fr');
  });

  it('refuses bad requests with exit 2 and a message without personal data', async () => {
    const email = person('refused');
    const notGranted = await run(
      ['open', '--type', 'erasure', '--email', email, '--country', 'US'],
      dir,
    );
    expect(notGranted.code).toBe(2);
    expect(notGranted.err).toContain('request.type_not_granted');
    expect(notGranted.err).not.toContain(email);

    const unknown = await run(['approve', '6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('request.not_found');
    expect((await run(['deny', '6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f'], dir)).code).toBe(2);
    expect(
      (await run(['open', '--type', 'teleport', '--email', email, '--country', 'BE'], dir)).code,
    ).toBe(2);
    const operator = await run(
      ['open', '--type', 'access', '--email', email, '--country', 'BE', '--operator', email],
      dir,
    );
    expect(operator.code).toBe(2);
    expect(operator.err).not.toContain(email);

    // The rules of the intake route hold on the command line: one parser of emails, one text rule.
    for (const [flags, code] of [
      [['--email', 'ana\u200b@example.com'], 'request.invalid_email'],
      [['--email', 'ana@[127.0.0.1]'], 'request.invalid_email'],
      [['--email', 'ana@example..com'], 'request.invalid_email'],
      [['--email', email, '--details', 'Ana Lima\u0000'], 'request.invalid_text'],
      [['--email', email, '--details', `${'\n'.repeat(30)}\u0001`], 'request.invalid_text'],
      [['--email', email, '--details', 'x'.repeat(4001)], 'request.invalid_text'],
      [['--email', email, '--state', 'V\u0000'], 'request.unknown_state'],
      [['--email', email, '--language', 'es'], 'request.unsupported_language'],
    ] as const) {
      const refused = await run(['open', '--type', 'access', '--country', 'US', ...flags], dir);
      expect(refused.code, flags.join(' ')).toBe(2);
      expect(refused.err).toContain(code);
      expect(refused.err).not.toContain(email);
      expect(refused.err).not.toContain('Ana Lima');
      expect(refused.err).not.toContain('example.com');
    }
    for (const reason of ['Kept.\u0000', 'Kept.\u001b[2J']) {
      const refused = await run(
        ['deny', '6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f', '--reason', reason],
        dir,
      );
      expect(refused.code).toBe(2);
      expect(refused.err).toContain('request.invalid_text');
    }
  }, 120_000);
});
