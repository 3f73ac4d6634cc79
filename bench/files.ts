/**
 * What keeping an embedded database private costs: `openPGlite` checks the data directory and
 * takes group/other bits off what PGlite wrote (a synchronous walk of every file), beside opening
 * the same directory with PGlite alone, in the same run. The directory is a migrated Custodian
 * database (about 1,100 files and directories).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { migrate, openPGlite, openStore, repairModes } from '../src/store/index.js';

export interface FilesRow {
  readonly bench: string;
  readonly target: string;
  readonly size: number;
  readonly custodianMs: number;
  readonly rawMs: number;
}

/** The fastest of `runs` timings of `work`. */
async function fastest(runs: number, work: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** Files and directories under `dir`, as the walk visits them. */
async function entries(dir: string): Promise<number> {
  return (await readdir(dir, { recursive: true })).length;
}

/** The rows of this bench, on PGlite (PostgreSQL keeps its own data directory). */
export async function filesBench(): Promise<FilesRow[]> {
  const root = await mkdtemp(path.join(tmpdir(), 'custodian-bench-files-'));
  const dir = path.join(root, 'data');
  try {
    const created = performance.now();
    const store = await openStore({ dataDir: dir });
    const createMs = performance.now() - created;
    await migrate(store.db);
    await store.close();
    const size = await entries(dir);
    const plain = await fastest(5, async () => {
      await (await PGlite.create({ dataDir: dir })).close();
    });
    const guarded = await fastest(5, async () => {
      await (await openPGlite(dir)).close();
    });
    // The walk over a directory with nothing to repair: what every opening pays.
    const walk = await fastest(5, () => Promise.resolve(repairModes(dir)));
    process.stderr.write(
      `… files: creating the data directory (initdb, then ~1,000 files made private) took ${createMs.toFixed(0)} ms\n`,
    );
    return [
      {
        bench: 'open the embedded database, kept private',
        target: 'PGlite',
        size,
        custodianMs: guarded,
        rawMs: plain,
      },
      {
        bench: 'the permission walk alone vs opening',
        target: 'PGlite',
        size,
        custodianMs: walk,
        rawMs: plain,
      },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
