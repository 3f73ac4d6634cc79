/**
 * What batch routes (a consent check, a suppression import or check) share: the bound on their
 * size, validation in chunks, a cap on how many one process takes at once, and answers streamed
 * out in chunks. Together they keep the largest allowed batch from stalling other requests
 * (/healthz included) or growing the process without bound (`npm run bench`, BENCH_ONLY=batch).
 */
import { Readable } from 'node:stream';
import { z } from 'zod';
import { CHUNK, MAX_BATCH, yieldToEventLoop } from '../batch.js';
import { CustodianError } from '../errors.js';
import { issuesToFieldErrors, type FieldError } from './errors.js';

/**
 * Batch requests one process takes at once; more get 503 `server.busy` with Retry-After. A
 * bound on this process's own memory (each holds its body, parsed items and results), not a
 * limit shared between processes: two servers take twice as many, as they have twice the memory.
 */
export const MAX_BATCHES_IN_FLIGHT = 2;

/** The batch requests under way in one server, counted from when they are let in to when they end. */
export class BatchGate {
  private inFlight = 0;

  /** Lets a request in, or throws `server.busy`. */
  enter(): BatchTicket {
    if (this.inFlight >= MAX_BATCHES_IN_FLIGHT) {
      throw new CustodianError(
        'server.busy',
        `This server is working on ${MAX_BATCHES_IN_FLIGHT} batches; send this one again in a few seconds.`,
      );
    }
    this.inFlight += 1;
    return new BatchTicket(() => {
      this.inFlight -= 1;
    });
  }
}

/**
 * One batch request's place. It is given back when the response has ended (or the client has
 * gone) and the handler is done: a handler that outlives its response (a handler timeout) still
 * holds its memory, so it still counts.
 */
export class BatchTicket {
  private holds = 1;
  private ended = false;

  constructor(private readonly release: () => void) {}

  /** Runs the handler's work, keeping the place until it settles. */
  async working<T>(work: () => Promise<T>): Promise<T> {
    this.holds += 1;
    try {
      return await work();
    } finally {
      this.drop();
    }
  }

  /** The response ended or the client went away; either may be said, and more than once. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.drop();
  }

  private drop(): void {
    this.holds -= 1;
    if (this.holds === 0) this.release();
  }
}

/** The schema of one item of a batch route's `field`; throws at start-up when it has none. */
export function batchItemSchema(
  body: z.ZodType | undefined,
  field: string,
  url: string,
): z.ZodType {
  const array =
    body instanceof z.ZodObject ? (body.shape as Record<string, unknown>)[field] : undefined;
  if (!(array instanceof z.ZodArray)) {
    throw new Error(`route ${url}: batch field ${field} is not an array of its body schema`);
  }
  return array.element as z.ZodType;
}

/** The outcome of validating a batch body: its data, or the field errors (all counted). */
export type BatchValidation =
  | { readonly ok: true; readonly data: unknown }
  | { readonly ok: false; readonly errors: readonly FieldError[]; readonly count: number };

/**
 * Validates a batch body without holding the event loop: 413 `request.batch_too_large` for more
 * than MAX_BATCH items (before any is looked at), then the body with only its first item, then
 * the other items CHUNK at a time. Errors name the item's index (`/identifiers/50000/email`);
 * at most `keep` are kept, all are counted.
 */
export async function validateBatch(
  body: z.ZodType,
  item: z.ZodType,
  field: string,
  value: unknown,
  keep: number,
): Promise<BatchValidation> {
  const record = isRecord(value) ? value : undefined;
  const items = record?.[field];
  if (record === undefined || !Array.isArray(items)) {
    // Not the shape of a batch: the schema says what is wrong, quickly.
    const result = body.safeParse(value, { reportInput: true });
    if (result.success) return { ok: true, data: result.data };
    const errors = issuesToFieldErrors(result.error.issues);
    return { ok: false, errors, count: errors.length };
  }
  if (items.length > MAX_BATCH) {
    throw new CustodianError(
      'request.batch_too_large',
      `At most ${MAX_BATCH.toLocaleString('en')} items per request in ${field}; send the rest in further requests.`,
      {
        details: {
          errors: [
            { path: `/${field}`, message: `at most ${MAX_BATCH} items, not ${items.length}` },
          ],
        },
      },
    );
  }
  const errors: FieldError[] = [];
  let count = 0;
  const note = (found: readonly FieldError[]): void => {
    count += found.length;
    for (const error of found) if (errors.length < keep) errors.push(error);
  };
  const head = body.safeParse({ ...record, [field]: items.slice(0, 1) }, { reportInput: true });
  if (!head.success) note(issuesToFieldErrors(head.error.issues));
  const parsed: unknown[] = head.success
    ? [...((head.data as Record<string, unknown[]>)[field] ?? [])]
    : [];
  for (let start = 1; start < items.length; start += CHUNK) {
    await yieldToEventLoop();
    const end = Math.min(items.length, start + CHUNK);
    for (let index = start; index < end; index++) {
      const result = item.safeParse(items[index], { reportInput: true });
      if (result.success) parsed.push(result.data);
      else note(issuesToFieldErrors(result.error.issues, [field, index]));
    }
  }
  if (count > 0) return { ok: false, errors, count };
  return { ok: true, data: { ...(head.data as Record<string, unknown>), [field]: parsed } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `{"<field>":[…]}` written out CHUNK items at a time, with a turn of the event loop between
 * two, so a 50,000-item answer is neither one long stringify nor one 10 MB string in memory.
 */
export function streamJsonList(field: string, items: readonly unknown[]): Readable {
  async function* pieces(): AsyncGenerator<string> {
    yield `{${JSON.stringify(field)}:[`;
    for (let start = 0; start < items.length; start += CHUNK) {
      if (start > 0) await yieldToEventLoop();
      const slice = items.slice(start, start + CHUNK).map((entry) => JSON.stringify(entry));
      yield (start > 0 ? ',' : '') + slice.join(',');
    }
    yield ']}';
  }
  return Readable.from(pieces(), { objectMode: false });
}
