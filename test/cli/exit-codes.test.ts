import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main, type Io } from '../../src/cli/main.js';

const fixture = fileURLToPath(new URL('../fixtures/valid.yaml', import.meta.url));

/** Runs the CLI in-process; `io` replaces parts of the captured one. */
async function run(
  args: string[],
  io: Partial<Io> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const cwd = mkdtempSync(path.join(tmpdir(), 'custodian-exit-'));
  const code = await main(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    cwd,
    ...io,
  });
  return { code, out, err };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('exit codes (docs/cli.md, docs/errors.md)', () => {
  it('a too short CUSTODIAN_SECRET is bad configuration: exit 2, naming the variable, not the value', async () => {
    vi.stubEnv('CUSTODIAN_SECRET', 'c0ffee');
    vi.stubEnv('CUSTODIAN_SECRET_FILE', '');
    const { code, err } = await run(['secrets', 'status', '--data', 'data']);
    expect(code).toBe(2);
    expect(err).toBe(
      'custodian: CUSTODIAN_SECRET must hold a secret of at least 32 bytes (64 hex digits, or base64)\n',
    );
    expect(err).not.toContain('c0ffee');
    expect(err).not.toContain('internal error');
  });

  it('a variable set twice, directly and as a file, is bad configuration: exit 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'custodian-exit-'));
    const file = path.join(dir, 'secret');
    writeFileSync(file, 'ab'.repeat(32), { mode: 0o600 });
    vi.stubEnv('CUSTODIAN_SECRET', 'ab'.repeat(32));
    vi.stubEnv('CUSTODIAN_SECRET_FILE', file);
    const { code, err } = await run(['secrets', 'status', '--data', 'data']);
    expect(code).toBe(2);
    expect(err).toContain('both CUSTODIAN_SECRET and CUSTODIAN_SECRET_FILE are set');
  });

  it('a bug is an internal error, exit 3, not the exit 1 of a map with errors', async () => {
    const { code, err } = await run(['notice', fixture], {
      stdout: () => {
        throw new TypeError('stdout is gone');
      },
    });
    expect(code).toBe(3);
    expect(err).toContain('custodian: internal error: ');
    expect(err).not.toMatch(/\n[\t ]+at /);
  });
});
