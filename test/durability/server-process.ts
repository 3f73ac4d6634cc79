import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { freshDatabase, type Target } from '../support/stores.js';

/**
 * The real server as a child process (`node bin/custodian.js serve`), on an embedded data
 * directory or a fresh PostgreSQL database, for the tests that must kill it or read its output.
 * It runs the compiled `dist/`: `npm test` builds first.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'custodian.js');

/** A map with consent purposes (`newsletter`, `website-analytics`) and a direct-marketing one. */
export const MAP = join(ROOT, 'examples', 'bestmix', 'privacy.yaml');

/** API keys made for each backend, by what they may do. */
export interface Keys {
  /** consent:write and consent:read, what a product's backend holds. */
  readonly consent: string;
  /** Every scope. */
  readonly all: string;
  /** consent:read only, to be refused writes. */
  readonly readOnly: string;
}

/** Where a server keeps its data, given to every command as `--data` or `DATABASE_URL`. */
export interface Backend {
  readonly target: Target;
  readonly env: NodeJS.ProcessEnv;
  readonly dataArgs: readonly string[];
  readonly keys: Keys;
  /** Opens the same database in this process; only while no server holds it (PGlite). */
  readonly open: () => Promise<Store>;
  readonly cleanup: () => Promise<void>;
}

const SCOPES = {
  consent: ['consent:write', 'consent:read'],
  all: ['consent:write', 'consent:read', 'suppression:write', 'suppression:read', 'admin'],
  readOnly: ['consent:read'],
} as const;

/** Makes the keys through the CLI, as an operator would (`custodian keys create`). */
async function makeKeys(backend: Omit<Backend, 'keys'>): Promise<Keys> {
  return {
    consent: await createKey(backend, SCOPES.consent),
    all: await createKey(backend, SCOPES.all),
    readOnly: await createKey(backend, SCOPES.readOnly),
  };
}

/** The environment a server or CLI child starts from: this one, without a database or secret. */
export function baseEnv(): NodeJS.ProcessEnv {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does) before these tests');
  }
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env['DATABASE_URL'];
  delete env['CUSTODIAN_SECRET'];
  delete env['CUSTODIAN_SECRET_FILE'];
  delete env['CUSTODIAN_SIGNING_KEY'];
  delete env['CUSTODIAN_SIGNING_KEY_FILE'];
  return env;
}

let pgliteTemplate: Promise<{ dir: string; keys: Keys }> | undefined;

/**
 * A data directory the CLI created, with its keys, made once per worker: creating an embedded
 * database runs initdb, which costs seconds; copying a closed one costs little.
 */
function embeddedTemplate(): Promise<{ dir: string; keys: Keys }> {
  pgliteTemplate ??= (async () => {
    const dir = await mkdtemp(join(inject('scratchDir'), 'template-'));
    const keys = await makeKeys({
      target: 'pglite',
      env: baseEnv(),
      dataArgs: ['--data', dir],
      open: () => openStore({ dataDir: dir }),
      cleanup: () => Promise.resolve(),
    });
    return { dir, keys };
  })();
  return pgliteTemplate;
}

/** A new place for a server's data of the target kind, migrated by the CLI, with API keys. */
export async function freshBackend(target: Target): Promise<Backend> {
  const env = baseEnv();
  if (target === 'pglite') {
    const template = await embeddedTemplate();
    const dir = await mkdtemp(join(inject('scratchDir'), 'server-'));
    await cp(template.dir, dir, { recursive: true });
    return {
      target,
      env,
      dataArgs: ['--data', dir],
      keys: template.keys,
      open: () => openStore({ dataDir: dir }),
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const database = await freshDatabase();
  const backend = {
    target,
    env: { ...env, DATABASE_URL: database.url },
    dataArgs: [],
    open: () => openStore({ url: database.url, poolSize: 2 }),
    cleanup: database.drop,
  };
  try {
    return { ...backend, keys: await makeKeys(backend) };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one CLI command against the backend and waits for it to exit. */
export function runCli(
  backend: Pick<Backend, 'env' | 'dataArgs'>,
  args: readonly string[],
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args, ...backend.dataArgs],
      { cwd: ROOT, env: backend.env, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(new Error(`custodian ${args.join(' ')} did not finish`, { cause: error }));
          return;
        }
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
  });
}

/** Creates an API key with the scopes and returns the key, which the CLI prints once. */
async function createKey(
  backend: Omit<Backend, 'keys'>,
  scopes: readonly string[],
): Promise<string> {
  const result = await runCli(backend, [
    'keys',
    'create',
    '--name',
    'test',
    '--scopes',
    scopes.join(','),
  ]);
  if (result.code !== 0) throw new Error(`keys create exited ${result.code}: ${result.stderr}`);
  // The key is the one long token on its own line; anything around it is explanation.
  const key = result.stdout
    .split('\n')
    .map((line) => line.trim())
    .find((line) => /^\S{24,}$/.test(line));
  if (key === undefined) throw new Error(`no key in the output of keys create:\n${result.stdout}`);
  return key;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running `custodian serve`, listening on a free loopback port. */
export interface ServerProcess {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  readonly output: () => string;
  readonly exited: Promise<Exit>;
  /** Sends the signal and waits for the process to end. */
  readonly stop: (signal: NodeJS.Signals) => Promise<Exit>;
}

/** Starts `custodian serve` and resolves once it prints the address it listens on. */
export function startServer(
  backend: Pick<Backend, 'env' | 'dataArgs'>,
  options: { readonly env?: NodeJS.ProcessEnv; readonly map?: string } = {},
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--map', options.map ?? MAP, ...backend.dataArgs],
    { cwd: ROOT, env: { ...backend.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  const stop = async (signal: NodeJS.Signals): Promise<Exit> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop('SIGKILL');
      reject(new Error(`the server did not start within 60 s:\n${output}`));
    }, 60_000);
    const listen = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /Custodian listening on http:\/\/\S+?:(\d+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${match[1]}`, output: () => output, exited, stop });
      }
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(
        new Error(`the server exited (${exit.code ?? exit.signal}) before listening:\n${output}`),
      );
    });
  });
}

/** Runs `work` over the items with at most `limit` in flight, in order of the items. */
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
