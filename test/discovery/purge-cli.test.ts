import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../src/cli/main.js';
import { leaked } from '../support/leaks.js';
import { VALID_YAML } from '../map/helpers.js';
import {
  FIRST_TICKETS,
  helpdeskYaml,
  PLAIN_TEXTS,
  plantHelpdesk,
  SPECIAL_TEXTS,
  type Helpdesk,
} from './purge-fixture.js';

async function cli(cwd: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

interface Listed {
  id: string;
  field: string;
  row: unknown[];
  categories: string[];
  passages: number;
  status: string;
  decidedBy: string | null;
}

describe('custodian scan arrivals|review|redact|dismiss', () => {
  let helpdesk: Helpdesk;
  let dir: string;
  const said: string[] = [];
  const run = async (...args: string[]) => {
    const result = await cli(dir, ...args);
    said.push(result.stdout, result.stderr);
    return result;
  };

  beforeAll(async () => {
    helpdesk = await plantHelpdesk('pglite');
    await helpdesk.insert(FIRST_TICKETS);
    dir = helpdesk.mapDir;
    await writeFile(
      path.join(dir, 'privacy.yaml'),
      `${VALID_YAML.trimEnd()}\ndatastores:\n${helpdeskYaml('pglite', helpdesk.connection)}`,
    );
  });
  afterAll(async () => {
    await helpdesk.drop();
  });

  it('scans the arrivals, lists them, redacts and dismisses by id, and never prints a text', async () => {
    const scanned = await run('scan', 'arrivals');
    expect(scanned.stderr).toContain('2 purged fields scanned, 10 rows listed');
    expect(scanned.code).toBe(0);
    expect(scanned.stdout).toMatch(
      /^helpdesk\.purge_tickets\.message {2}automatic {2}scanned {2}rows 10 {2}found 5 {2}redacted 5$/m,
    );
    expect(scanned.stdout).toMatch(
      /^helpdesk\.purge_tickets\.note {2}review {2}scanned {2}rows 10 {2}found 5 {2}redacted 0$/m,
    );

    const json = await run('scan', 'review', '--format', 'json');
    expect(json.code).toBe(0);
    const open = JSON.parse(json.stdout) as Listed[];
    expect(open.map((f) => [f.field, f.row[0], f.categories])).toEqual([
      ['note', 1, ['health']],
      ['note', 3, ['health']],
      ['note', 5, ['trade-union']],
      ['note', 7, ['health']],
      ['note', 9, ['criminal']],
    ]);
    const text = await run('scan', 'review');
    expect(text.stdout.trim().split('\n')).toHaveLength(5);
    expect(text.stdout).toContain(
      `${open[2]?.id ?? '?'}  helpdesk.purge_tickets.note  trade-union  1 passage  found `,
    );
    expect(text.stderr).toContain('5 open findings');

    const redacted = await run('scan', 'redact', open[0]?.id ?? '', '--operator', 'ops');
    expect(redacted.code).toBe(0);
    expect(redacted.stdout).toBe(`${open[0]?.id ?? '?'} redacted\n`);
    expect(redacted.stderr).toContain('1 passage replaced (health 1)');
    expect((await helpdesk.rows()).get(1)?.[2]).toContain('[removed: health]');

    const noReason = await run('scan', 'dismiss', open[2]?.id ?? '');
    expect(noReason.code).toBe(2);
    const dismissed = await run(
      'scan',
      'dismiss',
      open[2]?.id ?? '',
      '--reason',
      'the address of the union office, not a membership',
    );
    expect(dismissed.code).toBe(0);
    expect(dismissed.stdout).toBe(`${open[2]?.id ?? '?'} dismissed\n`);

    const again = await run('scan', 'redact', open[2]?.id ?? '');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('is already dismissed (special.finding_decided)');
    const unknown = await run('scan', 'redact', '00000000-0000-4000-8000-000000000000');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('special.finding_not_found');
    const badOperator = await run(
      'scan',
      'redact',
      open[1]?.id ?? '',
      '--operator',
      'ana@example.com',
    );
    expect(badOperator.code).toBe(2);

    const decided = JSON.parse(
      (await run('scan', 'review', '--status', 'redacted', '--format', 'json')).stdout,
    ) as Listed[];
    expect(decided.filter((f) => f.decidedBy === 'cli:ops').map((f) => f.row[0])).toEqual([1]);
    // The pass by hand redacted the automatic field's rows as `cli`.
    expect(
      decided.filter((f) => f.decidedBy === 'cli' && f.field === 'message').map((f) => f.row[0]),
    ).toEqual([1, 3, 5, 7, 9]);
    const left = JSON.parse((await run('scan', 'review', '--format', 'json')).stdout) as Listed[];
    expect(left.map((f) => f.row[0])).toEqual([3, 7, 9]);

    // No planted text, no email, no dismissal reason in anything the commands said.
    const everything = said.join('\n');
    expect(
      leaked(everything, [
        ...SPECIAL_TEXTS,
        ...PLAIN_TEXTS,
        'diabetes',
        'zwanger',
        'Krebs',
        'example.com',
        'union office',
      ]),
    ).toEqual([]);
  });

  it('refuses a datastore the map does not declare, and bad flags, with exit 2', async () => {
    const nope = await run('scan', 'arrivals', '--datastore', 'nope');
    expect(nope.stderr).toContain('declares no datastore "nope"');
    expect(nope.code).toBe(2);
    expect((await run('scan', 'review', '--limit', '0')).code).toBe(2);
    expect((await run('scan', 'review', '--status', 'closed')).code).toBe(2);
  });
});
