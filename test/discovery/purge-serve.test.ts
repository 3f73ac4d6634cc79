import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { registerRuntimeCommands } from '../../src/cli/runtime-commands.js';
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

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1200 && !condition(); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(condition()).toBe(true);
}

describe('custodian serve with a purged field', () => {
  let helpdesk: Helpdesk;
  beforeAll(async () => {
    helpdesk = await plantHelpdesk('pglite');
    await helpdesk.insert(FIRST_TICKETS);
    await writeFile(
      path.join(helpdesk.mapDir, 'privacy.yaml'),
      `${VALID_YAML.trimEnd()}\ndatastores:\n${helpdeskYaml('pglite', helpdesk.connection)}`,
    );
    process.env['CUSTODIAN_ARRIVALS_EVERY'] = '1';
  });
  afterAll(async () => {
    delete process.env['CUSTODIAN_ARRIVALS_EVERY'];
    await helpdesk.drop();
  });

  it('scans the arrivals in the background and logs counts only', async () => {
    let out = '';
    let err = '';
    const io = {
      stdout: (t: string) => (out += t),
      stderr: (t: string) => (err += t),
      cwd: helpdesk.mapDir,
    };
    const state = { exitCode: 0 };
    const stop = new AbortController();
    const program = new Command('custodian').exitOverride();
    registerRuntimeCommands(program, io, state, { signal: stop.signal });
    const serving = program.parseAsync(['serve', '--port', '0'], { from: 'user' });
    await until(() => out.includes('special: special categories found on arrival'));
    stop.abort();
    await serving;
    expect(state.exitCode).toBe(0);

    let listed = '';
    const code = await main(['scan', 'review', '--format', 'json'], {
      stdout: (t) => (listed += t),
      stderr: () => undefined,
      cwd: helpdesk.mapDir,
    });
    expect(code).toBe(0);
    const open = JSON.parse(listed) as { field: string; row: number[] }[];
    expect(open.map((finding) => [finding.field, finding.row[0]])).toEqual([
      ['note', 1],
      ['note', 3],
      ['note', 5],
      ['note', 7],
      ['note', 9],
    ]);
    expect((await helpdesk.rows()).get(1)?.[1]).toContain('[removed: health]');
    expect(
      leaked(out + err, [...SPECIAL_TEXTS, ...PLAIN_TEXTS, 'diabetes', 'example.com']),
    ).toEqual([]);
  }, 180_000);
});
