import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Makes a new embedded database in `dataDir` (PGlite's initdb) in a child process, when the
 * directory holds none yet; resolves to whether it did. initdb grows the WebAssembly heap of the
 * process it runs in to ~600 MiB, and what it leaves behind (~180 MiB) is never collected: a
 * server whose first start made its database and the demo's three in its own process held
 * ~0.8 GiB idle, ~0.3 GiB when they are made in a child that exits (`npm run bench`, the memory
 * rows). The caller opens the made database in its own process as it opens an existing one.
 *
 * Resolves to false, changing nothing the caller relies on, when the child fails for any reason
 * (a full disk, a read-only mount): the caller then opens the directory in its own process and
 * reports why that fails as it always has.
 */
export async function initdbInChild(
  dataDir: string,
  startParams: readonly string[],
): Promise<boolean> {
  if (await exists(path.join(dataDir, 'PG_VERSION'))) return false;
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-e', CHILD, pglite, dataDir, JSON.stringify(startParams)],
      // The child's output is not the user's: a failure is reported by the opening that follows.
      // No timeout: a child killed midway would leave a half-made directory behind.
      { windowsHide: true },
      (error) => {
        resolve(error === null);
      },
    );
  });
}

/** The child: open (and so make) the database, close it, exit 0. Its arguments: module, dir, params. */
const CHILD = `
const [pglite, dataDir, params] = process.argv.slice(1);
const { PGlite } = require(pglite);
PGlite.create({ dataDir, startParams: JSON.parse(params) })
  .then((db) => db.close())
  .catch(() => { process.exitCode = 1; });
`;

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
