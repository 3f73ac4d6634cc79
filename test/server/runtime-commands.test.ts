import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { registerRuntimeCommands, type StopOptions } from '../../src/cli/runtime-commands.js';
import { MIGRATIONS } from '../../src/store/index.js';
import { freshDatabase, POSTGRES_URL } from '../support/stores.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  readonly code: Promise<number>;
  readonly out: () => string;
  readonly err: () => string;
}

/** Runs `custodian <args>` with only the runtime commands, as main.ts wires them. */
function start(
  args: readonly string[],
  cwd: string,
  signal?: AbortSignal,
  options: Omit<StopOptions, 'signal'> = {},
): Run {
  let out = '';
  let err = '';
  const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t), cwd };
  const state = { exitCode: 0 };
  const program = new Command('custodian')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerRuntimeCommands(program, io, state, {
    ...options,
    ...(signal === undefined ? {} : { signal }),
  });
  const code = program.parseAsync([...args], { from: 'user' }).then(
    () => state.exitCode,
    (error: unknown) => {
      if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
      throw error;
    },
  );
  return { code, out: () => out, err: () => err };
}

async function run(args: readonly string[], cwd: string) {
  const running = start(args, cwd);
  const code = await running.code;
  return { code, out: running.out(), err: running.err() };
}

/** Files under `dir` this process holds open (Linux: /proc/self/fd); none where /proc is absent. */
function openFilesUnder(dir: string): string[] {
  if (!existsSync('/proc/self/fd')) return [];
  return readdirSync('/proc/self/fd')
    .map((fd) => {
      try {
        return readlinkSync(path.join('/proc/self/fd', fd));
      } catch {
        return '';
      }
    })
    .filter((file) => file.startsWith(`${dir}${path.sep}`));
}

/** Runs `custodian <args>` as bin/custodian.js does: what a command throws becomes its exit code. */
async function viaMain(args: readonly string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: (t: string) => (out += t),
    stderr: (t: string) => (err += t),
    cwd,
  });
  return { code, out, err };
}

function scratch(): string {
  return mkdtempSync(path.join(tmpdir(), 'custodian-runtime-'));
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2400 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!condition()) throw new Error('condition not met within 120 s');
}

describe('custodian migrate', () => {
  it('applies the migrations once and prints their names', async () => {
    const dir = scratch();
    const first = await run(['migrate'], dir);
    expect(first.code).toBe(0);
    expect(first.out).toBe(
      Object.keys(MIGRATIONS)
        .map((name) => `${name}\n`)
        .join(''),
    );
    expect(existsSync(path.join(dir, '.custodian', 'PG_VERSION'))).toBe(true);
    const again = await run(['migrate', '--data', '.custodian'], dir);
    expect(again).toMatchObject({ code: 0, out: '' });
    expect(again.err).toContain('up to date');
  });

  it.skipIf(POSTGRES_URL === undefined)('migrates PostgreSQL given --database-url', async () => {
    const database = await freshDatabase();
    try {
      const result = await run(['migrate', '--database-url', database.url], scratch());
      expect(result.code).toBe(0);
      expect(result.out).toContain('0001-ledger-and-evidence');
    } finally {
      await database.drop();
    }
  });
});

describe('custodian keys', () => {
  it('creates a key, prints it once, lists it without it, and revokes it', async () => {
    const dir = scratch();
    const created = await run(
      ['keys', 'create', '--name', 'website banner', '--scopes', 'consent:write, consent:read'],
      dir,
    );
    expect(created.code).toBe(0);
    const key = created.out.trim();
    expect(key).toMatch(/^ck_[0-9a-f]{16}_[\w-]{43}$/);
    const id = key.slice(3, 19);
    expect(created.err).toContain(id);

    const listed = await run(['keys', 'list'], dir);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(id);
    expect(listed.out).toContain('website banner');
    expect(listed.out).toContain('consent:write,consent:read');
    expect(listed.out).not.toContain(key);
    expect(listed.out).toContain('active');

    const json = await run(['keys', 'list', '--format', 'json'], dir);
    expect(JSON.parse(json.out)).toEqual([
      expect.objectContaining({ id, name: 'website banner', revokedAt: null }),
    ]);

    expect(await run(['keys', 'revoke', id], dir)).toMatchObject({
      code: 0,
      out: `revoked ${id}\n`,
    });
    expect((await run(['keys', 'list'], dir)).out).toContain('revoked');
    const twice = await run(['keys', 'revoke', id], dir);
    expect(twice.code).toBe(2);
    expect(twice.err).toContain(`no active key ${id}`);
  });

  it('refuses an unknown scope with exit 2 and names the scopes', async () => {
    const dir = scratch();
    const result = await run(
      ['keys', 'create', '--name', 'x', '--scopes', 'consent:write,root'],
      dir,
    );
    expect(result.code).toBe(2);
    expect(result.err).toContain('unknown scope root');
    expect(result.err).toContain('suppression:read');
    // Refused before anything was opened.
    expect(existsSync(path.join(dir, '.custodian'))).toBe(false);
  });

  it('refuses a --name with control characters or over 200 characters with exit 2', async () => {
    for (const name of [
      'banner\u0000',
      'banner\nsecond line',
      '\u001b[31mred',
      ' ',
      'x'.repeat(201),
    ]) {
      const dir = scratch();
      const result = await run(
        ['keys', 'create', '--name', name, '--scopes', 'consent:write'],
        dir,
      );
      expect(result.code, JSON.stringify(name)).toBe(2);
      expect(result.err).toMatch(/^custodian: --name /);
      expect(result.err).not.toContain(name.trim() === '' ? '\u0000' : name);
      expect(existsSync(path.join(dir, '.custodian'))).toBe(false);
    }
  });

  it('refuses a missing --scopes with exit 2', async () => {
    expect((await run(['keys', 'create', '--name', 'x'], scratch())).code).toBe(2);
  });
});

describe('custodian serve', () => {
  it('serves the demo map with --demo, prints its URL, and stops on signal', async () => {
    const dir = scratch();
    const stop = new AbortController();
    const serving = start(['serve', '--port', '0', '--demo'], dir, stop.signal);
    await until(() => serving.out().includes('Custodian listening on'));
    const url = /Custodian listening on (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(serving.out());
    expect(url?.[2]).not.toBe('0');
    expect(serving.err()).toContain('bestmix');
    // The demo's datastores are opened by a run of a request and closed after it: an idle server
    // holds none of their files (their embedded databases' memory is not kept either).
    expect(openFilesUnder(path.join(root, '.custodian', 'demo'))).toEqual([]);
    const health = await fetch(`${url?.[1] ?? ''}/healthz`);
    expect(health.status).toBe(200);
    const gpc = (await (await fetch(`${url?.[1] ?? ''}/.well-known/gpc.json`)).json()) as object;
    expect(gpc).toEqual({ gpc: true, lastUpdate: '2026-03-01' });

    // An embedded database has one user at a time: a second process is turned away, not let in,
    // and a refused command exits 2 (issue 10).
    const locked = await run(['keys', 'list'], dir);
    expect(locked.code).toBe(2);
    expect(locked.err).toMatch(/in use by process \d+/);

    stop.abort();
    expect(await serving.code).toBe(0);
    expect(serving.err()).toContain('stopped');
    // Closed cleanly: the directory is free again.
    expect(existsSync(path.join(dir, '.custodian', 'custodian.lock'))).toBe(false);
    expect((await run(['keys', 'list'], dir)).code).toBe(0);
    // Its first start makes the demo shop's three databases.
  }, 120_000);

  it('serves ./privacy.yaml when there is one, and exits anyway when stopping overruns its deadline', async () => {
    const dir = scratch();
    writeFileSync(
      path.join(dir, 'privacy.yaml'),
      // The fixture map, so that the served purposes are not BESTMIX's.
      readFileSync(path.join(root, 'test/fixtures/valid.yaml')),
    );
    const stop = new AbortController();
    const exits: number[] = [];
    const serving = start(['serve', '--port', '0'], dir, stop.signal, {
      shutdownDeadlineMs: 200,
      exit: (code) => exits.push(code),
    });
    await until(() => serving.out().includes('Custodian listening on'));
    expect(serving.err()).toContain('serving privacy.yaml');
    const port = Number(
      /Custodian listening on http:\/\/127\.0\.0\.1:(\d+)\n/.exec(serving.out())?.[1],
    );
    // A request whose body never finishes (on a public route: no key refuses it before the body
    // is read): the server waits for it when it closes. Its "100 Continue" says it is in flight.
    const socket = connect(port, '127.0.0.1');
    const continued = new Promise((resolve) => {
      socket.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('100 Continue')) resolve(true);
      });
    });
    socket.write(
      'POST /v1/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n',
    );
    await continued;
    stop.abort();
    await until(() => exits.length > 0);
    expect(exits).toEqual([1]);
    expect(serving.err()).toContain(
      'custodian: stopping took longer than 0.2 s (waiting for requests in flight); exiting without a clean close',
    );
    socket.destroy();
    expect(await serving.code).toBe(0);
  }, 120_000);

  it('refuses to start on a map with errors, printing them as file:line:col, exit 1', async () => {
    const broken = path.join(root, 'examples/broken/privacy.yaml');
    const result = await run(['serve', '--port', '0', '--map', broken], scratch());
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/privacy\.yaml:\d+:\d+ error /);
    expect(result.err).toContain('does not start');
    expect(result.out).not.toContain('listening');
  });

  it('refuses to start without --map where there is no privacy.yaml, naming the flag, exit 2', async () => {
    const dir = scratch();
    const result = await viaMain(['serve', '--port', '0'], dir);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`${dir} has no privacy.yaml; name one with --map <file>`);
    expect(result.err).toContain('serve --demo');
    expect(result.out).not.toContain('listening');
    // Refused before the database was opened: nothing was made.
    expect(existsSync(path.join(dir, '.custodian'))).toBe(false);
  });

  it('is not answered by the demo map: requests and datastores commands without --map exit 2', async () => {
    const dir = scratch();
    for (const args of [
      ['requests', 'list'],
      ['requests', 'certificate', '00000000-0000-4000-8000-000000000000'],
      ['datastores', 'check'],
    ]) {
      const result = await viaMain(args, dir);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err).toContain('name one with --map <file>');
      expect(result.err).not.toContain('bestmix');
    }
    expect(existsSync(path.join(dir, '.custodian'))).toBe(false);
  });

  it('takes --map or --demo, not both', async () => {
    const result = await run(['serve', '--demo', '--map', 'privacy.yaml'], scratch());
    expect(result.code).toBe(2);
    expect(result.err).toContain("option '--demo' cannot be used with option '--map <file>'");
  });

  it('names a missing map with exit 2', async () => {
    const result = await run(['serve', '--map', 'nowhere.yaml'], scratch());
    expect(result.code).toBe(2);
    expect(result.err).toContain('nowhere.yaml: no such file');
  });

  it('refuses a port that is not one with exit 2', async () => {
    expect((await run(['serve', '--port', 'http'], scratch())).code).toBe(2);
  });
});
