import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = path.join(root, 'test/fixtures/valid.yaml');
const bin = path.join(root, 'bin/custodian.js');

/** Runs the CLI in-process and captures what it prints. */
async function run(
  args: string[],
  cwd = root,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd });
  return { code, out, err };
}

/** Runs the built `custodian` binary as a user would. */
function spawn(args: string[], cwd = root): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd }, (error, stdout, stderr) => {
      resolve({
        code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
        out: stdout,
        err: stderr,
      });
    });
  });
}

function scratch(): string {
  return mkdtempSync(path.join(tmpdir(), 'custodian-cli-'));
}

function writeMap(dir: string, text: string): string {
  const file = path.join(dir, 'privacy.yaml');
  writeFileSync(file, text);
  return file;
}

describe('custodian check', () => {
  it('exits 0 on a clean map and says so', async () => {
    const { code, out, err } = await run(['check', fixture]);
    expect(code).toBe(0);
    expect(out).toBe('');
    expect(err).toBe('test/fixtures/valid.yaml: 0 errors, 0 warnings, 0 assumptions\n');
  });

  it('exits 1 with file:line:col severity rule message for broken YAML', async () => {
    const dir = scratch();
    writeMap(dir, 'custodian: 1\nnotice: [unclosed\n');
    const { code, out } = await run(['check', 'privacy.yaml'], dir);
    expect(code).toBe(1);
    expect(out).toMatch(/^privacy\.yaml:\d+:\d+ error yaml\.syntax /m);
  });

  it('exits 1 naming the line of a wrong type', async () => {
    const dir = scratch();
    const text = readFileSync(fixture, 'utf8').replace("  version: '3'", '  version: [3]');
    writeMap(dir, text);
    const { code, out } = await run(['check'], dir);
    expect(code).toBe(1);
    const line = text.split('\n').findIndex((l) => l.includes('version: [3]')) + 1;
    expect(out).toContain(`privacy.yaml:${line}:12 error schema.type`);
  });

  it('exits 1 naming an unknown id with a suggestion', async () => {
    const dir = scratch();
    writeMap(
      dir,
      readFileSync(fixture, 'utf8').replace('recipients: [mailer]', 'recipients: [mailr]'),
    );
    const { code, out } = await run(['check'], dir);
    expect(code).toBe(1);
    expect(out).toMatch(
      /privacy\.yaml:\d+:\d+ error reference\.unknown unknown recipient "mailr" \(did you mean "mailer"\?\)/,
    );
  });

  it('prints JSON with --format json', async () => {
    const dir = scratch();
    writeMap(dir, readFileSync(fixture, 'utf8').replace('    legalBasis: contract\n', ''));
    const { code, out } = await run(['check', '--format', 'json'], dir);
    expect(code).toBe(1);
    const report = JSON.parse(out) as {
      file: string;
      diagnostics: { rule: string; line: number; severity: string }[];
    };
    expect(report.file).toBe('privacy.yaml');
    expect(report.diagnostics.map((d) => d.rule)).toEqual(['purpose.legal-basis']);
    expect(report.diagnostics[0]?.line).toBeGreaterThan(1);
  });

  it('exits 0 with warnings only', async () => {
    const dir = scratch();
    writeMap(
      dir,
      readFileSync(fixture, 'utf8').replace(
        'description: { en: Count visits., nl: Bezoeken tellen. }',
        'description: { en: Count visits. }',
      ),
    );
    const { code, out } = await run(['check'], dir);
    expect(code).toBe(0);
    expect(out).toMatch(/warning text\.language text has no nl version/);
  });

  it('exits 2 for a missing file, an unknown option and an unknown command', async () => {
    const missing = await run(['check', 'nowhere.yaml']);
    expect(missing).toMatchObject({ code: 2, err: 'custodian: nowhere.yaml: no such file\n' });
    expect((await run(['check', '--format', 'xml', fixture])).code).toBe(2);
    expect((await run(['chekc'])).code).toBe(2);
  });
});

describe('custodian schema', () => {
  it('prints the JSON Schema', async () => {
    const { code, out } = await run(['schema']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toHaveProperty(
      '$schema',
      'https://json-schema.org/draft/2020-12/schema',
    );
  });

  it('matches the schema file shipped for editors', async () => {
    const { out } = await run(['schema']);
    expect(readFileSync(path.join(root, 'schema/privacy.schema.json'), 'utf8')).toBe(out);
  });
});

describe('custodian notice', () => {
  it('writes Markdown in the requested language', async () => {
    const { code, out } = await run(['notice', fixture, '--lang', 'nl']);
    expect(code).toBe(0);
    expect(out).toMatch(/^# /);
    expect(out).toContain('Example Shop NV');
    expect(out).toContain('Gegevensbeschermingsautoriteit');
  });

  it('writes HTML to a file with --out', async () => {
    const dir = scratch();
    const { code, err } = await run([
      'notice',
      fixture,
      '--format',
      'html',
      '--out',
      path.join(dir, 'notice.html'),
    ]);
    expect(code).toBe(0);
    expect(err).toMatch(/wrote .*notice\.html/);
    expect(readFileSync(path.join(dir, 'notice.html'), 'utf8')).toMatch(
      /^<!doctype html>\n<html lang="en">/,
    );
  });

  it('refuses a language the map does not declare, and an unknown one', async () => {
    const declared = await run(['notice', fixture, '--lang', 'fr']);
    expect(declared.code).toBe(2);
    expect(declared.err).toContain('declares notice languages en, nl, not fr');
    expect((await run(['notice', fixture, '--lang', 'es'])).code).toBe(2);
  });

  it('refuses to publish a map with errors, and says why', async () => {
    const dir = scratch();
    writeMap(dir, readFileSync(fixture, 'utf8').replace('    legalBasis: contract\n', ''));
    const { code, out, err } = await run(['notice'], dir);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/error purpose\.legal-basis/);
    expect(err).toMatch(/has errors; fix them before publishing/);
  });

  it('renders a draft of a map with errors, with a banner and each gap marked', async () => {
    const broken = path.join(root, 'examples/broken/privacy.yaml');
    expect((await run(['notice', broken, '--lang', 'fr'])).code).toBe(1);
    const { code, out, err } = await run(['notice', broken, '--lang', 'fr', '--draft']);
    expect(code).toBe(0);
    expect(err).toMatch(/error consent\.withdrawal/);
    expect(err).not.toMatch(/ assumption /);
    expect(out).toMatch(/^# .*\n\nPROJET, à ne pas publier\./);
    expect(out).toContain('NON DÉCLARÉ : canal de retrait du consentement');
    expect(out).toContain('NON DÉCLARÉ : canal d’opposition');
    expect(out).not.toMatch(/retirer votre consentement à tout moment via : privacy@/);
  });

  it('still refuses a draft of a map that does not load', async () => {
    const dir = scratch();
    writeMap(dir, 'custodian: 1\nnotice: [unclosed\n');
    expect((await run(['notice', '--draft'], dir)).code).toBe(1);
  });
});

describe('custodian check assumptions', () => {
  it('lists the sentences the notice states from defaults, without failing', async () => {
    const dir = scratch();
    writeMap(dir, readFileSync(fixture, 'utf8').replace('    fee: none\n', ''));
    const { code, out, err } = await run(['check'], dir);
    expect(code).toBe(0);
    expect(out).toMatch(/^privacy\.yaml:\d+:\d+ assumption notice\.fee /m);
    expect(err).toBe('privacy.yaml: 0 errors, 0 warnings, 1 assumption\n');
  });
});

describe('custodian subprocessors and ropa', () => {
  it('lists processors as JSON', async () => {
    const { code, out } = await run(['subprocessors', fixture, '--format', 'json']);
    expect(code).toBe(0);
    const list = JSON.parse(out) as { organisation: string; subprocessors: { id: string }[] };
    expect(list.organisation).toBe('Example Shop');
    expect(list.subprocessors.map((s) => s.id)).toEqual(['hosting', 'mailer']);
  });

  it('prints the record as CSV, JSON and HTML', async () => {
    const csv = await run(['ropa', fixture]);
    expect(csv.code).toBe(0);
    expect(csv.out).toContain('\r\n');
    const json = await run(['ropa', fixture, '--format', 'json']);
    expect(() => JSON.parse(json.out) as unknown).not.toThrow();
    const html = await run(['ropa', fixture, '--format', 'html']);
    expect(html.out).toMatch(/^<!doctype html>/);
  });
});

describe('custodian diff', () => {
  it('reports a new recipient and exits 0; identical maps have no changes', async () => {
    const dir = scratch();
    const before = path.join(dir, 'old.yaml');
    writeFileSync(before, readFileSync(fixture, 'utf8').replace('    recipients: [mailer]\n', ''));
    const changed = await run(['diff', before, fixture, '--format', 'json']);
    expect(changed.code).toBe(0);
    const changes = JSON.parse(changed.out) as { kind: string; subject: string }[];
    expect(changes.some((c) => c.kind === 'recipient-added' && c.subject.includes('mailer'))).toBe(
      true,
    );
    const same = await run(['diff', fixture, fixture]);
    expect(same).toMatchObject({ code: 0, out: '', err: '0 changes\n' });
  });

  it('exits 2 without two files', async () => {
    expect((await run(['diff', fixture])).code).toBe(2);
  });
});

describe('custodian init', () => {
  it('writes a starter map that passes check, and will not overwrite it', async () => {
    const dir = scratch();
    const first = await run(['init', dir]);
    expect(first.code).toBe(0);
    expect(existsSync(path.join(dir, 'privacy.yaml'))).toBe(true);
    const checked = await run(['check', path.join(dir, 'privacy.yaml')]);
    expect(checked.code).toBe(0);
    const again = await run(['init', dir]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/exists; pass --force/);
    expect((await run(['init', dir, '--force'])).code).toBe(0);
  });
});

describe('custodian tour', () => {
  it('runs every step on the examples and writes its files under the working directory', async () => {
    const dir = scratch();
    const { code, out } = await run(['tour'], dir);
    expect(code).toBe(0);
    expect(out).toContain('── 12/12');
    // The requests of the demo shop: Ana's access package, and the erasure's dry run keeping the
    // invoice under the tax hold.
    expect(out).toMatch(/^billing +invoices +2 +1 +delete +1/m);
    expect(existsSync(path.join(dir, '.custodian/tour/ana.zip'))).toBe(true);
    // Ana's package and the tour's copies are the user's only.
    expect(statSync(path.join(dir, '.custodian/tour')).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, '.custodian/tour/ana.zip')).mode & 0o777).toBe(0o600);
    expect(out).toContain('# Privacyverklaring van BESTMIX');
    expect(out).toMatch(/notify purpose-added website-personalisation/);
    expect(existsSync(path.join(dir, '.custodian/tour/ropa.csv'))).toBe(true);
    // The first tour creates the demo shop's three embedded databases.
  }, 120_000);
});

describe('the custodian binary', () => {
  it('runs check with the documented exit codes', async () => {
    expect((await spawn(['check', fixture])).code).toBe(0);
    const dir = scratch();
    writeMap(dir, 'custodian: 2\n');
    const bad = await spawn(['check'], dir);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^privacy\.yaml:1:12 error schema\.enum/m);
    const usage = await spawn(['check', '--nope']);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/unknown option '--nope'/);
  });

  it('never prints a stack trace for bad input', async () => {
    const dir = scratch();
    writeMap(dir, '\u0000\u0001 not yaml: [');
    const result = await spawn(['notice'], dir);
    expect(result.code).toBe(1);
    expect(result.err).not.toMatch(/\n[\t ]+at /);
  });

  it('prints help', async () => {
    const help = await spawn(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['check', 'schema', 'notice', 'subprocessors', 'ropa', 'diff', 'init']) {
      expect(help.out).toContain(command);
    }
  });
});
