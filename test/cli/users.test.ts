import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openRuntime } from '../../src/cli/runtime-commands.js';

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

  it('resets the two-step sign-in of someone who lost their device, and refuses the last admin leaving', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'custodian-users-'));
    const password = 'a long staff password';
    const email = 'owner@example.com';
    const created = await run(
      ['users', 'create', '--email', email, '--role', 'admin', '--password-stdin'],
      dir,
      password,
    );
    expect(created.code, created.err).toBe(0);
    const id = created.out.trim();

    // TOTP on, a pending sign-in and a session, as the console leaves them.
    let store = await openRuntime({ cwd: dir });
    try {
      await store.db
        .updateTable('users')
        .set({
          totp_enabled: true,
          totp_secret: 's1.sealed',
          totp_last_step: 123,
          pending_sign_in_hash: 'f'.repeat(64),
          pending_sign_in_until: new Date(Date.now() + 60_000),
        })
        .where('id', '=', id)
        .execute();
      await store.db
        .insertInto('sessions')
        .values({
          id_hash: 'e'.repeat(64),
          user_id: id,
          csrf_token: 'token',
          created_at: new Date(),
          last_seen_at: new Date(),
        })
        .execute();
    } finally {
      await store.close();
    }

    expect((await run(['users', 'reset-totp'], dir)).code).toBe(2);
    const unknown = await run(['users', 'reset-totp', '--email', 'nobody@example.com'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no staff account');
    const reset = await run(['users', 'reset-totp', '--email', 'OWNER@example.com'], dir);
    expect(reset.code, reset.err).toBe(0);
    expect(reset.out).toContain('reset two-step sign-in');

    store = await openRuntime({ cwd: dir });
    try {
      const row = await store.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        totp_enabled: false,
        totp_secret: null,
        totp_last_step: null,
        pending_sign_in_hash: null,
      });
      expect(await store.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
      const evidence = await store.db
        .selectFrom('evidence')
        .select(['actor', 'action', 'details'])
        .where('action', '=', 'staff.totp_reset')
        .execute();
      expect(evidence).toEqual([
        { actor: 'cli', action: 'staff.totp_reset', details: { user: id } },
      ]);
    } finally {
      await store.close();
    }

    // The only admin cannot be disabled: someone must be able to manage accounts.
    const last = await run(['users', 'disable', email], dir);
    expect(last.code).toBe(2);
    expect(last.err).toContain('last active admin');
    const json = JSON.parse((await run(['users', 'list', '--format', 'json'], dir)).out) as {
      disabledAt: string | null;
      totpEnabled: boolean;
    }[];
    expect(json[0]).toMatchObject({ disabledAt: null, totpEnabled: false });
  });
});
