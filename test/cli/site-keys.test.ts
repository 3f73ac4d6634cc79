import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { siteKeysFromEnv } from '../../src/server/site-keys.js';

async function run(args: readonly string[]) {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: (t: string) => (out += t),
    stderr: (t: string) => (err += t),
    cwd: mkdtempSync(path.join(tmpdir(), 'custodian-site-keys-')),
  });
  return { code, out, err };
}

/** The printed `CUSTODIAN_SITE_KEYS='…'` line's value, as the server would read it. */
function declared(out: string): ReturnType<typeof siteKeysFromEnv> {
  const line = out.split('\n').find((text) => text.startsWith('CUSTODIAN_SITE_KEYS='));
  const quoted = /^CUSTODIAN_SITE_KEYS='([^']*)'$/.exec(line ?? '');
  expect(quoted).not.toBeNull();
  return siteKeysFromEnv(quoted?.[1]);
}

describe('custodian site-keys generate', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('prints a new key and the env line that declares it for the origins, normalised', async () => {
    vi.stubEnv('CUSTODIAN_SITE_KEYS', '');
    const first = await run([
      'site-keys',
      'generate',
      '--origin',
      'https://Shop.example.com/',
      '--origin',
      'https://www.shop.example.com:8443',
      '--origin',
      'https://shop.example.com',
    ]);
    expect(first.code).toBe(0);
    const key = first.out.split('\n')[0] ?? '';
    expect(key).toMatch(/^pk_[\w-]{22}$/);
    expect([...declared(first.out)]).toEqual([
      [key, ['https://shop.example.com', 'https://www.shop.example.com:8443']],
    ]);
    expect(first.err).toContain(`data-site-key="${key}"`);
    const second = await run(['site-keys', 'generate', '--origin', 'https://shop.example.com']);
    expect(second.out.split('\n')[0]).not.toBe(key);
  });

  it('keeps the keys already configured in the line it prints', async () => {
    vi.stubEnv('CUSTODIAN_SITE_KEYS', 'pk_blog_77e0b3aa=https://blog.example.com;');
    const result = await run(['site-keys', 'generate', '--origin', 'https://shop.example.com']);
    expect(result.code).toBe(0);
    const key = result.out.split('\n')[0] ?? '';
    expect([...declared(result.out)]).toEqual([
      ['pk_blog_77e0b3aa', ['https://blog.example.com']],
      [key, ['https://shop.example.com']],
    ]);
  });

  it('refuses what is not an origin, and no origin at all, printing no key', async () => {
    for (const [origin, reason] of [
      ['https://shop.example.com/checkout', 'has a path'],
      ['https://shop.example.com?utm=1', 'has a path, query or fragment'],
      ['https://*.example.com', 'wildcard'],
      ['ftp://shop.example.com', 'not http or https'],
      ['shop.example.com', 'not a URL'],
      ['https://ana:secret@shop.example.com', 'user name or password'],
    ] as const) {
      const result = await run(['site-keys', 'generate', '--origin', origin]);
      expect(result.code, origin).toBe(2);
      expect(result.out, origin).toBe('');
      expect(result.err, origin).toContain(reason);
    }
    const none = await run(['site-keys', 'generate']);
    expect(none.code).toBe(2);
    expect(none.out).toBe('');
    expect(none.err).toContain('--origin');
  });
});
