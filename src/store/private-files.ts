import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { chmod, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CustodianError } from '../errors.js';

/** The group and other permission bits: a private file or directory has none of them. */
const SHARED = 0o077;

/** Owners and modes are POSIX; Windows has neither in this form, and access lists instead. */
const POSIX = process.platform !== 'win32';

/** The user this process runs as; undefined where there are no POSIX users. */
const processUser = (): number | undefined => (POSIX ? process.getuid?.() : undefined);

const octal = (mode: number): string => `0${(mode & 0o777).toString(8).padStart(3, '0')}`;

/** A path as a shell command takes it: quoted when it holds anything but plain characters. */
export function shellPath(file: string): string {
  return /^[\w./-]+$/.test(file) ? file : `'${file.replaceAll("'", `'\\''`)}'`;
}

/**
 * Makes sure `dir` can hold a database only its owner can read, as PostgreSQL does before it
 * opens a data directory: a missing directory is created 0700; an existing one must belong to
 * this process's user and give the group and others nothing, else `store.data_dir_owner` or
 * `store.data_dir_permissions` names it, its mode and the fix. An existing empty directory (one an
 * operator or a service manager just made) is made 0700 instead, as initdb does.
 */
export async function privateDataDir(dir: string): Promise<void> {
  const found = await stat(dir).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  if (found === undefined) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return;
  }
  if (!found.isDirectory()) {
    throw new CustodianError('store.data_dir_invalid', `the data directory ${dir} is a file`, {
      details: { dir },
    });
  }
  const user = processUser();
  if (user === undefined) return;
  if (found.uid !== user) {
    throw new CustodianError(
      'store.data_dir_owner',
      `the data directory ${dir} belongs to user ${found.uid}, not to the user this process runs as (${user}); run Custodian as the directory's owner`,
      { details: { dir, owner: found.uid, user } },
    );
  }
  if ((found.mode & SHARED) === 0) return;
  if ((await readdir(dir)).length === 0) {
    await chmod(dir, 0o700);
    return;
  }
  throw new CustodianError(
    'store.data_dir_permissions',
    `the data directory ${dir} has invalid permissions (mode ${octal(found.mode)}): users other than its owner can read or change the database, which holds the server secret and people's data; fix it with: chmod 700 ${shellPath(dir)}`,
    { details: { dir, mode: octal(found.mode) } },
  );
}

/**
 * Takes the group and other bits off every file and directory under `dir` (symbolic links are
 * left alone: chmod would follow them out of the directory) and returns how many it changed. A
 * synchronous walk: ~15 ms for a PGlite data directory of 1,000 files, a fraction of opening it
 * (`npm run bench`, BENCH_ONLY=files).
 */
export function repairModes(dir: string): number {
  let repaired = 0;
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (!entry.isFile() && !entry.isDirectory()) continue;
      const file = path.join(current, entry.name);
      const { mode } = lstatSync(file);
      if ((mode & SHARED) !== 0) {
        chmodSync(file, mode & 0o700);
        repaired++;
      }
      if (entry.isDirectory()) walk(file);
    }
  };
  if (POSIX) walk(dir);
  return repaired;
}

/**
 * Writes `data` to `file` readable by its owner only (0600) whatever the umask. A file already
 * there is replaced, not rewritten: the data goes to a new private file renamed over it, so a
 * reader that opened the old file while it was readable never sees the new bytes. With
 * `exclusive`, an existing file is an error (EEXIST) instead.
 */
export async function writePrivateFile(
  file: string,
  data: string | Uint8Array,
  options: { readonly exclusive?: boolean } = {},
): Promise<void> {
  if (options.exclusive === true) {
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    return;
  }
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** The most a key file may hold: a PEM key or a hex secret is well under a kilobyte. */
const MAX_KEY_FILE = 64 * 1024;

/**
 * Reads a key file `variable` names, refusing (`store.key_file`) one that is not a regular file
 * of this process's user with no group or other bits (0600 or 0400), as ssh refuses a private key
 * others can read. Messages name the variable and the file, never what it holds.
 */
export async function readKeyFile(file: string, variable: string): Promise<string> {
  const refuse = (why: string, details: Record<string, unknown> = {}): CustodianError =>
    new CustodianError('store.key_file', `${variable}: ${file} ${why}`, {
      details: { variable, file, ...details },
    });
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    const found = await stat(file);
    if (!found.isFile()) throw refuse('is not a file');
    handle = await open(file, 'r');
  } catch (error) {
    if (error instanceof CustodianError) throw error;
    throw refuse(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    // The opened file's own attributes: what is read is what was checked.
    const found = await handle.stat();
    const user = processUser();
    if (user !== undefined && found.uid !== user) {
      throw refuse(
        `belongs to user ${found.uid}, not to the user this process runs as (${user}); a key file must be its own`,
        { owner: found.uid, user },
      );
    }
    if (user !== undefined && (found.mode & SHARED) !== 0) {
      throw refuse(
        `has mode ${octal(found.mode)}: a key file must be readable by its owner only; fix it with: chmod 600 ${shellPath(file)}`,
        { mode: octal(found.mode) },
      );
    }
    if (found.size > MAX_KEY_FILE) throw refuse(`is larger than ${MAX_KEY_FILE} bytes`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
