/**
 * Large batches without blocking everyone else. A batch route takes at most MAX_BATCH items; the
 * work on them (validating, hashing, querying) goes in chunks of CHUNK, and between two chunks the
 * event loop runs whatever else waits (/healthz, other requests, signals). On the embedded
 * database a query runs on this thread: a chunk is also the most one query holds it.
 */

/** The most items one request to a batch route takes (documented in docs/api.md, 413 above). */
export const MAX_BATCH = 50_000;

/** Items handled between two turns of the event loop: ~5-20 ms of work on this machine. */
export const CHUNK = 1_000;

/** Lets the event loop run what is waiting (I/O callbacks included) before going on. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The slices of `items`, CHUNK at a time, with a turn of the event loop before every slice but
 * the first; `start` is the index of the slice's first item.
 */
export async function* chunksOf<T>(
  items: readonly T[],
  size = CHUNK,
): AsyncGenerator<{ start: number; slice: readonly T[] }> {
  for (let start = 0; start < items.length; start += size) {
    if (start > 0) await yieldToEventLoop();
    yield { start, slice: items.slice(start, start + size) };
  }
}
