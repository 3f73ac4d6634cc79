/**
 * What an operator waits for: CLI commands and `custodian serve`, each a new process as an
 * operator starts it (cold: Node, the modules, the embedded database opened from disk), on an
 * existing PGlite data directory, with the tour's copy of the demo map and shop databases. Beside
 * each, its baseline from the same run: a `node -e` process that opens PGlite on the same data
 * directory and runs one query. Issue 10 asks a command that reads or writes a few rows to answer
 * within 2 s on the reference machine, and `serve` to answer /healthz within 2 s of its start.
 *
 * And what the server holds idle: the resident memory of `custodian serve --demo` (what `npm
 * start` runs) on a new data directory a few seconds after it answered /healthz, beside a bare
 * PGlite process's on the same directory. Issue 10 asks for under 400 MiB.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { demoCopy, requestSteps } from '../src/cli/tour.js';

export interface CliRow {
  readonly bench: string;
  readonly target: string;
  readonly size: number;
  readonly custodianMs: number;
  readonly rawMs: number;
  readonly unit: 'ms' | 'MiB';
}

const CLI = join(import.meta.dirname, '..', 'bin', 'custodian.js');
const PGLITE = createRequire(import.meta.url).resolve('@electric-sql/pglite');
/** Timed runs of each command; the fastest is shown (the others wait on whatever else runs). */
const RUNS = 3;
/** How long the server is left idle before its memory is read. */
const IDLE_MS = 5_000;

/** Runs `custodian <args>` in its own process; its stdout, or a throw naming the exit code. */
function cli(args: readonly string[], cwd: string, expected = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      if (code === expected) resolve(out);
      else reject(new Error(`custodian ${args[0] ?? ''} ${args[1] ?? ''} exited ${code}: ${err}`));
    });
  });
}

/** A bare PGlite process on `dataDir`: open, one query, close (`hold`: then wait before exiting). */
function pgliteProcess(dataDir: string, hold = false): ReturnType<typeof spawn> {
  const code = `
const { PGlite } = require(${JSON.stringify(PGLITE)});
PGlite.create({ dataDir: ${JSON.stringify(dataDir)} }).then(async (db) => {
  await db.query('select count(*) from requests');
  process.stdout.write('ready\\n');
  ${hold ? 'await new Promise((r) => setTimeout(r, 600000));' : ''}
  await db.close();
});`;
  return spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
}

async function fastest(work: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    await work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

function exited(child: ReturnType<typeof spawn>): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve();
    else
      child.once('exit', () => {
        resolve();
      });
  });
}

/** Resolves once the child printed `ready`. */
function ready(child: ReturnType<typeof spawn>): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`the PGlite process exited ${code}`));
    });
  });
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const line = status.split('\n').find((entry) => entry.startsWith('VmRSS:')) ?? '';
  return Number(line.replace(/\D/g, '')) / 1024;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/** Starts `custodian serve <args>`; resolves with the process and the ms until /healthz said 200. */
async function serve(
  args: readonly string[],
  cwd: string,
): Promise<{ child: ReturnType<typeof spawn>; healthyMs: number }> {
  const port = await freePort();
  const start = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port), ...args], {
    cwd,
    stdio: 'ignore',
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (healthy) return { child, healthyMs: performance.now() - start };
    await sleep(20);
  }
}

async function stop(child: ReturnType<typeof spawn>): Promise<void> {
  if (child.exitCode !== null) return;
  const gone = exited(child);
  child.kill('SIGTERM');
  await gone;
}

export async function cliBench(): Promise<CliRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'custodian-bench-cli-'));
  try {
    // The tour's copy of the demo: its map, its three shop databases, a Custodian database.
    const map = join(dir, 'privacy.yaml');
    await demoCopy(map);
    const data = join(dir, 'data');
    const place = ['--map', map, '--data', data];
    // The tour's erasure of Ana, opened by an operator (no code to mail), then approved and run:
    // a completed erasure.
    const openErasure = requestSteps(place, join(dir, 'ana.zip')).find(
      (step) => step.opens === 'erasure',
    );
    if (openErasure === undefined) throw new Error('the tour opens no erasure');
    const opened = await cli(openErasure.args, dir);
    const id = opened.trim();
    await cli(['requests', 'approve', id, ...place], dir);
    await cli(['requests', 'run', id, ...place], dir);

    const baseline = await fastest(async () => {
      const child = pgliteProcess(data);
      await ready(child);
      await exited(child);
    });
    const commands: readonly (readonly string[])[] = [
      ['requests', 'list'],
      ['requests', 'show', id],
      ['requests', 'certificate', id],
      ['datastores', 'check'],
    ];
    const rows: CliRow[] = [];
    for (const command of commands) {
      const data = command[0] === 'datastores' ? ['--map', map] : place;
      const ms = await fastest(() => cli([...command, ...data], dir));
      rows.push({
        bench: `\`custodian ${command[0] ?? ''} ${command[1] ?? ''}\` cold (vs PGlite open + 1 query)`,
        target: 'PGlite (CLI)',
        size: 1,
        custodianMs: ms,
        rawMs: baseline,
        unit: 'ms',
      });
    }
    let healthy = Infinity;
    for (let run = 0; run < RUNS; run++) {
      const { child, healthyMs } = await serve(place, dir);
      healthy = Math.min(healthy, healthyMs);
      await stop(child);
    }
    rows.push({
      bench: '`custodian serve` to /healthz 200, cold (vs PGlite open + 1 query)',
      target: 'PGlite (serve)',
      size: 1,
      custodianMs: healthy,
      rawMs: baseline,
      unit: 'ms',
    });

    // npm start's server on a new data directory (its first start), idle.
    const fresh = join(dir, 'npm-start');
    const started = await serve(['--demo', '--data', fresh], dir);
    await sleep(IDLE_MS);
    const serverRss = rssOf(started.child.pid ?? 0);
    await stop(started.child);
    const bare = pgliteProcess(fresh, true);
    await ready(bare);
    await sleep(IDLE_MS);
    const bareRss = rssOf(bare.pid ?? 0);
    bare.kill('SIGTERM');
    await exited(bare);
    rows.push({
      bench: '`serve --demo` (npm start) RSS idle after its first start (vs bare PGlite process)',
      target: 'PGlite (serve)',
      size: 1,
      custodianMs: serverRss,
      rawMs: bareRss,
      unit: 'MiB',
    });
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
