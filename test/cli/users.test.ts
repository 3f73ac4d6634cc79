import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

/** Runs `custodian <args>` in-process; `typed` is what the password prompt or stdin gives. */
async function run(args: readonly string[], cwd: string, typed?: string) {
  let out = '';
  let err = '';
  const asked: boolean[] = [];
  const code = await main(args, {
    stdout: (t: string) => (out += t),
    stderr: (t: string) => (err += t),
    cwd,
    readPassword: ({ stdin }) => {
      asked.push(stdin);
      return Promise.resolve(typed);
    },
  });
  return { code, out, err, asked };
}

describe('custodian users', () => {
  it('creates, lists, resets and disables staff accounts; the password never comes from argv', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'custodian-users-'));
    const password = 'a long staff password';

    const none = await run(
      ['users', 'create', '--email', 'lead@example.com', '--role', 'admin'],
      dir,
    );
    expect(none.code).toBe(2);
    expect(none.err).toContain('--password-stdin');

    const argv = await run(
      ['users', 'create', '--email', 'lead@example.com', '--role', 'admin', '--password', password],
      dir,
      password,
    );
    expect(argv.code).toBe(2);

    const role = await run(
      ['users', 'create', '--email', 'lead@example.com', '--role', 'owner'],
      dir,
      password,
    );
    expect(role.code).toBe(2);
    expect(role.err).toContain('privacy-lead');

    const short = await run(
      ['users', 'create', '--email', 'lead@example.com', '--role', 'admin', '--password-stdin'],
      dir,
      'short',
    );
    expect(short.code).toBe(2);
    expect(short.err).toContain('at least 12 characters');

    const created = await run(
      [
        'users',
        'create',
        '--email',
        'lead@example.com',
        '--role',
        'privacy-lead',
        '--password-stdin',
      ],
      dir,
      password,
    );
    expect(created.code, created.err).toBe(0);
    expect(created.asked).toEqual([true]);
    const id = created.out.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const again = await run(
      ['users', 'create', '--email', 'LEAD@example.com', '--role', 'viewer', '--password-stdin'],
      dir,
      password,
    );
    expect(again.code).toBe(2);

    const list = await run(['users', 'list'], dir);
    expect(list.out).toContain(`${id}  lead@example.com  privacy-lead  active`);
    expect(list.out + list.err).not.toContain(password);

    expect(
      (await run(['users', 'reset-password', id, '--password-stdin'], dir, 'another long password'))
        .code,
    ).toBe(0);
    expect((await run(['users', 'disable', 'lead@example.com'], dir)).code).toBe(0);
    expect((await run(['users', 'disable', 'nobody@example.com'], dir)).code).toBe(2);
    const json = JSON.parse((await run(['users', 'list', '--format', 'json'], dir)).out) as {
      disabledAt: string | null;
    }[];
    expect(json[0]?.disabledAt).not.toBeNull();
  });
});
