import { stat, statfs } from 'node:fs/promises';
import { statfsSync } from 'node:fs';
import path from 'node:path';

/** PostgreSQL's write-ahead log segment, as PGlite builds it: a new one is a 16 MiB file. */
export const WAL_SEGMENT_BYTES = 16 * 1024 * 1024;

/**
 * How much free space the embedded database keeps before it refuses writes: 64 MiB. PostgreSQL
 * must be able to start a new 16 MiB write-ahead log segment whenever a commit needs one; when it
 * cannot, that is a PANIC (in a critical section), which stops the embedded instance for good.
 * The rest is room for the writes in flight while the floor is reached, and for a checkpoint.
 */
export const DEFAULT_MIN_FREE_BYTES = 4 * WAL_SEGMENT_BYTES;

/** Writes resume once this much more than the floor is free, so the state does not flap. */
export const RESUME_MARGIN_BYTES = WAL_SEGMENT_BYTES;

/** Bytes an unprivileged process may still write on the file system holding `dir`. */
export function freeBytesSync(dir: string): number | undefined {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    // A directory that cannot be looked at is not a reason to refuse writes; its errors say more.
    return undefined;
  }
}

/** As `freeBytesSync`, without blocking. */
export async function freeBytes(dir: string): Promise<number | undefined> {
  try {
    const stats = await statfs(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

/** The mount point of the file system holding `dir`: the highest ancestor on the same device. */
export async function mountPointOf(dir: string): Promise<string> {
  let current = path.resolve(dir);
  try {
    const device = (await stat(current)).dev;
    for (;;) {
      const parent = path.dirname(current);
      if (parent === current || (await stat(parent)).dev !== device) return current;
      current = parent;
    }
  } catch {
    return current;
  }
}

/** Bytes as an operator reads them: `12 MB`, `1.5 GB` (powers of 1024). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 || value >= 10 ? Math.floor(value) : value.toFixed(1)} ${units[unit] ?? ''}`;
}
