import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { lstatSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { main, type Io } from '../../src/cli/main.js';
import { openRuntime } from '../../src/cli/runtime-commands.js';
import { configuredKeys } from '../../src/cli/server-keys.js';
import { openConnector } from '../../src/datastores/index.js';
import { runRequest, storedCertificate, verifyCertificate } from '../../src/execution/index.js';
import { buildServer } from '../../src/server/index.js';
import {
  certificateSigningKey,
  openStore,
  parseSigningKey,
  privateDataDir,
  secretFingerprint,
  serverSecret,
  type Store,
} from '../../src/store/index.js';
import { world, type World } from '../execution/setup.js';
import { smallShop } from '../datastores/fixture.js';
import { eachTarget, freshDatabase } from '../support/stores.js';

/**
 * Secrets and data files are readable by their owner only: the embedded database (0700, files
 * 0600, refused when others can read it), the server secret and the certificate signing key
 * (supplied from key files, kept out of the database, refused when they are not the database's).
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'custodian.js');
/** The map the requests commands are given: they need one (`--map`), and this one passes check. */
const DEMO_MAP = path.join(ROOT, 'examples', 'bestmix', 'privacy.yaml');
const REQUIRED = process.env['CUSTODIAN_REQUIRE_SERVICES'] === '1';
const ROOT_USER = process.getuid?.() === 0;
if (!ROOT_USER) {
  if (REQUIRED) throw new Error('CUSTODIAN_REQUIRE_SERVICES=1 but the tests do not run as root');
  console.warn('\n⚠ not root: the test of a data directory another user owns is SKIPPED.\n');
}

/** The variables that would put keys or a database under the commands from outside the test. */
const KEY_VARIABLES = [
  'DATABASE_URL',
  'CUSTODIAN_SECRET',
  'CUSTODIAN_SECRET_FILE',
  'CUSTODIAN_SIGNING_KEY',
  'CUSTODIAN_SIGNING_KEY_FILE',
];

/** Runs the built CLI as an operator would, in a shell whose umask is 022. */
function spawned(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of KEY_VARIABLES) Reflect.deleteProperty(env, name);
  return new Promise((resolve, reject) => {
    execFile(
      'sh',
      ['-c', 'umask 022; exec "$0" "$@"', process.execPath, BIN, ...args],
      { cwd: ROOT, env, timeout: 120_000 },
      (error, _stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(new Error(`custodian ${args.join(' ')} did not finish`, { cause: error }));
          return;
        }
        resolve({ code: error === null ? 0 : Number(error.code), stderr });
      },
    );
  });
}

/**
 * Runs `custodian <args>` in this process with `env` set for the run (and the key variables of
 * the test's own environment unset), capturing what it prints.
 */
async function cli(
  cwd: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = new Map(KEY_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of KEY_VARIABLES) Reflect.deleteProperty(process.env, name);
  Object.assign(process.env, env);
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd,
  };
  try {
    return { code: await main(args, io), stdout, stderr };
  } finally {
    for (const name of Object.keys(env)) Reflect.deleteProperty(process.env, name);
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}

/** Files and directories under `dir` that the group or others may use, with their modes. */
function shared(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const file = path.join(current, entry.name);
      const { mode } = lstatSync(file);
      if (!entry.isSymbolicLink() && (mode & 0o077) !== 0) {
        found.push(`${path.relative(dir, file)} ${(mode & 0o777).toString(8)}`);
      }
      if (entry.isDirectory()) walk(file);
    }
  };
  walk(dir);
  return found;
}

const modeOf = async (file: string): Promise<number> => (await stat(file)).mode & 0o777;

/** A fresh Ed25519 private key in PKCS#8 PEM, as `openssl genpkey -algorithm ed25519` writes. */
const newSigningKey = (): string =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Writes a key file with `mode`, whatever the umask. */
async function keyFile(file: string, text: string, mode = 0o600): Promise<string> {
  await writeFile(file, text);
  await chmod(file, mode);
  return file;
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(inject('scratchDir'), 'security-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('the embedded data directory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = path.join(scratch, 'data');
    const migrated = await spawned(['migrate', '--data', dir]);
    expect(migrated.code, migrated.stderr).toBe(0);
  }, 120_000);

  it('is created 0700 with nothing in it others can read, under umask 022', async () => {
    expect(await modeOf(dir)).toBe(0o700);
    expect(shared(dir)).toEqual([]);
  });

  it('stays private when opened again, its lock included', async () => {
    // PGlite rewrites pg_internal.init 0644 on every start; the opening takes that back.
    const runtime = await openRuntime({ data: dir });
    try {
      expect(await modeOf(path.join(dir, 'custodian.lock'))).toBe(0o600);
      expect(shared(dir)).toEqual([]);
    } finally {
      await runtime.close();
    }
  });

  it('is refused when others can read it, naming it, its mode and the fix, exit 1', async () => {
    await chmod(dir, 0o755);
    try {
      const refusal = `the data directory ${dir} has invalid permissions (mode 0755)`;
      const fix = `chmod 700 ${dir}`;
      const migrate = await spawned(['migrate', '--data', dir]);
      expect(migrate.code).toBe(1);
      expect(migrate.stderr).toContain(refusal);
      expect(migrate.stderr).toContain(fix);
      expect(migrate.stderr).not.toContain('internal error');
      expect(migrate.stderr).not.toMatch(/^ {4}at /m);
      for (const args of [
        ['serve', '--port', '0', '--map', path.join(ROOT, 'test', 'fixtures', 'valid.yaml')],
        ['keys', 'list'],
        ['requests', 'list', '--map', DEMO_MAP],
        ['secrets', 'status'],
      ]) {
        const result = await cli(scratch, [...args, '--data', dir]);
        expect(result.code, args.join(' ')).toBe(1);
        expect(result.stderr).toContain(fix);
      }
      // evidence keeps exit 1 for a broken chain: a database it cannot open exits 2.
      const evidence = await cli(scratch, ['evidence', 'verify', '--data', dir]);
      expect(evidence.code).toBe(2);
      expect(evidence.stderr).toContain(fix);
      expect(await modeOf(dir)).toBe(0o755);
    } finally {
      await chmod(dir, 0o700);
    }
  });

  it.skipIf(!ROOT_USER)('is refused when another user owns it', async () => {
    const owned = path.join(scratch, 'owned');
    await mkdir(owned, { mode: 0o700 });
    await writeFile(path.join(owned, 'PG_VERSION'), '17\n');
    await chown(owned, 65534, 65534);
    const result = await cli(scratch, ['migrate', '--data', owned]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the data directory ${owned} belongs to user 65534`);
  });

  it('is made 0700 when it is an empty directory an operator made, as initdb does', async () => {
    const empty = path.join(scratch, 'empty');
    await mkdir(empty);
    await chmod(empty, 0o755);
    await privateDataDir(empty);
    expect(await modeOf(empty)).toBe(0o700);
  });

  it('of an embedded datastore is refused when others can read it', async () => {
    const shop = path.join(scratch, 'shop');
    await mkdir(shop);
    await writeFile(path.join(shop, 'PG_VERSION'), '17\n');
    await chmod(shop, 0o755);
    const datastore = { ...smallShop('pglite'), connection: { dataDir: 'shop' } };
    const error: unknown = await openConnector(datastore, { mapDir: scratch }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toMatchObject({ code: 'store.data_dir_permissions' });
    expect((error as Error).message).toContain(`datastore "${datastore.id}"`);
    expect((error as Error).message).toContain(`chmod 700 ${shop}`);
  });
});

eachTarget('the secret and the signing key from key files on $target', ({ target }) => {
  const secretHex = randomBytes(32).toString('hex');
  const signingPem = newSigningKey();
  const signingKey = parseSigningKey(signingPem, 'test');
  let w: World;
  beforeAll(async () => {
    const dir = await mkdtemp(path.join(scratch, 'keys-'));
    const configured = await configuredKeys({
      CUSTODIAN_SECRET_FILE: await keyFile(path.join(dir, 'secret'), `${secretHex}\n`),
      CUSTODIAN_SIGNING_KEY_FILE: await keyFile(path.join(dir, 'signing-key.pem'), signingPem),
    });
    w = await world(target, undefined, 'pglite', configured);
  }, 120_000);
  afterAll(async () => {
    await w.close();
  });

  it('signs certificates with the configured key and serves its public half', async () => {
    expect(w.ctx.secret.toString('hex')).toBe(secretHex);
    const id = await w.open('erasure');
    await runRequest(w.ctx, id);
    const certificate = await storedCertificate(w.ctx, id);
    if (certificate === undefined) return expect.fail('no certificate');
    const publicKey = signingKey.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(certificate.keyId).toBe(signingKey.keyId);
    expect(verifyCertificate(certificate, publicKey)).toBe(true);
    const app = buildServer({
      store: w.store,
      map: w.ctx.map,
      secret: w.ctx.secret,
      signingKey: w.ctx.signingKey,
    });
    try {
      const served = await app.inject({ method: 'GET', url: '/v1/certificates/key' });
      expect(served.json()).toEqual({ algorithm: 'Ed25519', keyId: signingKey.keyId, publicKey });
    } finally {
      await app.close();
    }
  });

  it('keeps neither in the database, only what tells them apart', async () => {
    const rows = await w.store.db.selectFrom('settings').selectAll().orderBy('key').execute();
    expect(rows.map((row) => row.key)).toEqual([
      'certificate-signing-public-key',
      'secret-fingerprint',
    ]);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(secretHex);
    expect(dump).not.toContain('PRIVATE KEY');
    expect(rows[1]?.value).toBe(secretFingerprint(w.ctx.secret));
  });

  it('refuses a secret or a key that is not the recorded one, and refuses to go on without them', async () => {
    const other = randomBytes(32);
    await expect(serverSecret(w.store.db, other)).rejects.toMatchObject({
      code: 'store.secret_mismatch',
      message: expect.stringMatching(/every suppression and identity hash would be unfindable/),
    });
    await expect(
      certificateSigningKey(w.store.db, parseSigningKey(newSigningKey(), 'test')),
    ).rejects.toMatchObject({ code: 'store.signing_key_mismatch' });
    // Not configured, not stored: refused, never replaced by a new one.
    await expect(serverSecret(w.store.db)).rejects.toMatchObject({ code: 'store.secret_missing' });
    await expect(certificateSigningKey(w.store.db)).rejects.toMatchObject({
      code: 'store.signing_key_missing',
    });
    expect((await serverSecret(w.store.db, w.ctx.secret)).equals(w.ctx.secret)).toBe(true);
  });
});

eachTarget('custodian secrets export and forget on $target', ({ target }) => {
  let place: string[];
  let open: () => Promise<Store>;
  let drop = (): Promise<void> => Promise.resolve();
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(scratch, 'export-'));
    if (target === 'pglite') {
      const data = path.join(dir, 'data');
      place = ['--data', data];
      open = () => openStore({ dataDir: data });
    } else {
      const database = await freshDatabase();
      place = ['--database-url', database.url];
      open = () => openStore({ url: database.url, poolSize: 1 });
      drop = database.drop;
    }
  });
  afterAll(async () => {
    await drop();
  });

  const settings = async (): Promise<string[]> => {
    const store = await open();
    try {
      return (await store.db.selectFrom('settings').select('key').orderBy('key').execute()).map(
        (row) => row.key,
      );
    } finally {
      await store.close();
    }
  };

  it('moves the generated secret and key out, then needs them from outside', async () => {
    const secretFile = path.join(dir, 'secret');
    const keyFileName = path.join(dir, 'signing-key.pem');
    const exported = await cli(dir, [
      'secrets',
      'export',
      '--secret-file',
      secretFile,
      '--signing-key-file',
      keyFileName,
      ...place,
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(await modeOf(secretFile)).toBe(0o600);
    expect(await modeOf(keyFileName)).toBe(0o600);
    const files = { CUSTODIAN_SECRET_FILE: secretFile, CUSTODIAN_SIGNING_KEY_FILE: keyFileName };

    const forgotten = await cli(dir, ['secrets', 'forget', ...place], files);
    expect(forgotten.code, forgotten.stderr).toBe(0);
    expect(forgotten.stdout).toContain('removed the server secret from the database');
    expect(forgotten.stdout).toContain('removed the signing key from the database');
    expect(await settings()).toEqual(['certificate-signing-public-key', 'secret-fingerprint']);

    const list = ['requests', 'list', '--map', DEMO_MAP, ...place];
    expect((await cli(dir, list, files)).code).toBe(0);
    const missing = await cli(dir, list);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('is kept outside it');
    const differs = await cli(dir, list, {
      CUSTODIAN_SECRET: randomBytes(32).toString('hex'),
      CUSTODIAN_SIGNING_KEY_FILE: keyFileName,
    });
    expect(differs.code).toBe(1);
    expect(differs.stderr).toContain('every suppression and identity hash would be unfindable');
    expect(differs.stderr).not.toContain((await readFile(secretFile, 'utf8')).trim());

    await chmod(keyFileName, 0o644);
    const readable = await cli(dir, list, files);
    expect(readable.code).toBe(1);
    expect(readable.stderr).toContain(
      `CUSTODIAN_SIGNING_KEY_FILE: ${keyFileName} has mode 0644: a key file must be readable by its owner only; fix it with: chmod 600 ${keyFileName}`,
    );
    expect(readable.stderr).not.toContain('PRIVATE KEY');
    await chmod(keyFileName, 0o600);

    // A new signing key, on purpose: adopted, the old public key printed; then the old one differs.
    const oldKey = parseSigningKey(await readFile(keyFileName, 'utf8'), 'test');
    const newKeyFile = await keyFile(path.join(dir, 'new-key.pem'), newSigningKey());
    const renewed = { CUSTODIAN_SECRET_FILE: secretFile, CUSTODIAN_SIGNING_KEY_FILE: newKeyFile };
    const adopted = await cli(dir, ['secrets', 'adopt-signing-key', ...place], renewed);
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(adopted.stdout).toContain(`signed with key id ${oldKey.keyId}`);
    expect(adopted.stdout).toContain(
      oldKey.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );
    const status = await cli(dir, ['secrets', 'status', '--format', 'json', ...place], renewed);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      secret: { origin: 'environment', stored: false, mismatch: false },
      signingKey: {
        origin: 'environment',
        id: parseSigningKey(await readFile(newKeyFile, 'utf8'), 'test').keyId,
        stored: false,
      },
    });
    const stale = await cli(dir, ['secrets', 'status', ...place], files);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('DIFFERS');
  }, 120_000);
});

describe('published documents', () => {
  it('are written with the umask the user started custodian with, not its own 0077', async () => {
    const dir = await mkdtemp(path.join(scratch, 'publish-'));
    const io: Io = {
      stdout: () => undefined,
      stderr: () => undefined,
      cwd: dir,
      publishUmask: 0o027,
    };
    const map = path.join(ROOT, 'examples', 'bestmix', 'privacy.yaml');
    expect(await main(['ropa', map, '--out', 'public/ropa.csv'], io)).toBe(0);
    expect(await modeOf(path.join(dir, 'public'))).toBe(0o750);
    expect(await modeOf(path.join(dir, 'public', 'ropa.csv'))).toBe(0o640);
  });
});

describe('DATABASE_URL', () => {
  it('never reaches the output of a command that cannot use it', async () => {
    const password = 'Pw-s3cret-42';
    for (const url of [
      `postgres://custodian:${password}@127.0.0.1:1/custodian`,
      `postgres://custodian:${password}@[not-a-host/custodian`,
    ]) {
      for (const args of [
        ['migrate', '--database-url', url],
        ['requests', 'list', '--map', DEMO_MAP, '--database-url', url],
        ['secrets', 'status', '--database-url', url],
      ]) {
        const result = await cli(scratch, args);
        expect(result.code, args.join(' ')).toBe(1);
        expect(`${result.stdout}${result.stderr}`).not.toContain(password);
      }
      const evidence = await cli(scratch, ['evidence', 'verify'], { DATABASE_URL: url });
      expect(evidence.code).toBe(2);
      expect(evidence.stderr).not.toContain(password);
    }
  });
});
