import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Connector, Row, RowKey } from '../datastores/connector.js';
import { CustodianError } from '../errors.js';
import { appendEvidence } from '../evidence/index.js';
import type { DataMap } from '../map/index.js';
import type { Database } from '../store/index.js';
import {
  addFindings,
  purgedFields,
  recordRedaction,
  redactRow,
  scanText,
  textOf,
  type PurgedField,
} from './review-list.js';
import { decodeRowKey, encodeRowKey } from './row-key.js';
import type { SpecialCategory } from './special-categories.js';

/** Rows read per page, pages per field and run: a run reads at most 10 000 rows of a field. */
export const ARRIVAL_PAGE_ROWS = 500;
export const ARRIVAL_PAGES_PER_RUN = 20;
/** Each page's statement is cancelled after this long. */
export const ARRIVAL_PAGE_TIMEOUT_MS = 30_000;
/** Open findings of an automatic field whose redaction failed are tried again, this many per run. */
export const ARRIVAL_RETRIES_PER_RUN = 100;

export interface ArrivalsContext {
  readonly db: Kysely<Database>;
  readonly map: DataMap;
  /** By datastore id, as `withConnectors` opens them. */
  readonly connectors: ReadonlyMap<string, Connector>;
  readonly now: () => Date;
  /** `system` for the server's job, `cli` for `custodian scan arrivals`. */
  readonly actor: string;
}

export interface ArrivalsOptions {
  /** Only the purged fields of this datastore. */
  readonly datastore?: string;
  readonly pageRows?: number;
  readonly pagesPerRun?: number;
}

/** What one pass did for one purged field: counts only. */
export interface FieldPass {
  readonly datastore: string;
  readonly collection: string;
  readonly field: string;
  readonly mode: 'review' | 'automatic';
  /** `scanned`: every page read was handled; `failed`: stopped on `error`; `skipped`: cannot be paged. */
  readonly status: 'scanned' | 'failed' | 'skipped';
  /** Rows read since the last pass. */
  readonly rows: number;
  /** Of them, rows whose text revealed special categories (listed for review). */
  readonly found: number;
  /** Rows redacted automatically (this pass's finds and earlier ones tried again). */
  readonly redacted: number;
  /** Automatic redactions that failed (a lock held too long); their findings stay open. */
  readonly redactFailed: number;
  /** The pass stopped at its page bound: more rows wait for the next one. */
  readonly more: boolean;
  readonly error?: { readonly code: string; readonly message: string };
}

export interface ArrivalsReport {
  readonly runId: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly fields: readonly FieldPass[];
}

/**
 * One pass of `specialCategories: purge`: for each purged field, reads the rows that arrived since
 * the last pass (keyset pages after the stored watermark, bounded per run), lists the rows whose
 * text reveals special categories of data (GDPR Art. 9(1)) or criminal data (Art. 10) for review,
 * and redacts them at once where the map says `purge: automatic`. The watermark moves after each
 * page is handled, with one evidence record `special.scanned` of its counts, so a pass that dies
 * repeats at most one page, and a repeated page lists nothing twice.
 *
 * "Arrived since" assumes primary keys grow for new rows (a serial or a time-ordered id): a row
 * inserted with a key below the watermark (random UUIDs) is never read (docs/discovery-special.md).
 */
export async function scanArrivals(
  ctx: ArrivalsContext,
  options: ArrivalsOptions = {},
): Promise<ArrivalsReport> {
  const runId = randomUUID();
  const startedAt = ctx.now();
  const fields: FieldPass[] = [];
  for (const at of purgedFields(ctx.map)) {
    if (options.datastore !== undefined && at.datastore.id !== options.datastore) continue;
    fields.push(await passField(ctx, at, options, runId));
  }
  return {
    runId,
    startedAt: startedAt.toISOString(),
    finishedAt: ctx.now().toISOString(),
    fields,
  };
}

async function passField(
  ctx: ArrivalsContext,
  at: PurgedField,
  options: ArrivalsOptions,
  runId: string,
): Promise<FieldPass> {
  const pass = {
    datastore: at.datastore.id,
    collection: at.collection.name,
    field: at.field.name,
    mode: at.mode,
    status: 'scanned' as FieldPass['status'],
    rows: 0,
    found: 0,
    redacted: 0,
    redactFailed: 0,
    more: false,
  };
  const connector = ctx.connectors.get(at.datastore.id);
  if (connector?.page === undefined) {
    return {
      ...pass,
      status: 'skipped',
      error: {
        code: 'special.not_purged',
        message: `datastore "${at.datastore.id}" cannot be read page by page`,
      },
    };
  }
  const limit = Math.max(1, options.pageRows ?? ARRIVAL_PAGE_ROWS);
  const pages = Math.max(1, options.pagesPerRun ?? ARRIVAL_PAGES_PER_RUN);
  const where = {
    datastore: at.datastore.id,
    collection: at.collection.name,
    field: at.field.name,
  };
  try {
    if (at.mode === 'automatic') {
      // Findings whose redaction failed before (a lock held too long) are tried again first.
      const open = await ctx.db
        .selectFrom('special_findings')
        .select(['id', 'row_key', 'categories'])
        .where('datastore', '=', where.datastore)
        .where('collection', '=', where.collection)
        .where('field', '=', where.field)
        .where('status', '=', 'open')
        .orderBy('found_at')
        .limit(ARRIVAL_RETRIES_PER_RUN)
        .execute();
      const outcome = await redactAll(
        ctx,
        connector,
        at,
        open.map((row) => ({
          id: row.id,
          key: decodeRowKey(row.row_key),
          categories: row.categories as SpecialCategory[],
        })),
      );
      pass.redacted += outcome.redacted;
      pass.redactFailed += outcome.failed;
    }
    const mark = await ctx.db
      .selectFrom('special_watermarks')
      .select('last_key')
      .where('datastore', '=', where.datastore)
      .where('collection', '=', where.collection)
      .where('field', '=', where.field)
      .executeTakeFirst();
    let after: RowKey | undefined = mark === undefined ? undefined : decodeRowKey(mark.last_key);
    for (let page = 0; page < pages; page += 1) {
      const rows = await connector.page(at.collection, {
        where: { kind: 'all' },
        ...(after === undefined ? {} : { after }),
        limit,
        columns: [at.field.name],
        timeoutMs: ARRIVAL_PAGE_TIMEOUT_MS,
      });
      const last = rows.at(-1);
      if (last === undefined) break;
      const found = rows.flatMap((row) => {
        const text = textOf(row[at.field.name]);
        if (text === undefined) return [];
        const scan = scanText(text);
        if (scan.findings.length === 0) return [];
        return [
          {
            key: keyOf(at, row),
            categories: scan.findings.map((finding) => finding.category),
            passages: scan.findings.reduce((sum, finding) => sum + finding.passages.length, 0),
          },
        ];
      });
      const listed = await addFindings(ctx.db, at, found, ctx.now(), 'arrivals');
      let redacted = 0;
      let failed = 0;
      if (at.mode === 'automatic') {
        const outcome = await redactAll(
          ctx,
          connector,
          at,
          listed.filter((finding) => finding.status === 'open'),
        );
        redacted = outcome.redacted;
        failed = outcome.failed;
      }
      after = keyOf(at, last);
      const key = encodeRowKey(after);
      const now = ctx.now();
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('special_watermarks')
          .values({ ...where, last_key: key, rows_scanned: rows.length, scanned_at: now })
          .onConflict((oc) =>
            oc.columns(['datastore', 'collection', 'field']).doUpdateSet((eb) => ({
              last_key: key,
              rows_scanned: eb('special_watermarks.rows_scanned', '+', rows.length),
              scanned_at: now,
            })),
          )
          .execute();
        await appendEvidence(trx, {
          actor: ctx.actor,
          action: 'special.scanned',
          at: now,
          details: {
            run: runId,
            ...where,
            mode: at.mode,
            rows: rows.length,
            found: found.length,
            redacted,
            redactFailed: failed,
          },
        });
      });
      pass.rows += rows.length;
      pass.found += found.length;
      pass.redacted += redacted;
      pass.redactFailed += failed;
      if (rows.length < limit) break;
      if (page === pages - 1) pass.more = true;
    }
    return pass;
  } catch (error) {
    if (!(error instanceof CustodianError)) throw error;
    return { ...pass, status: 'failed', error: { code: error.code, message: error.message } };
  }
}

/**
 * Redacts each finding's row and records it; a redaction the datastore refuses for now (a lock
 * held too long, a timeout) leaves its finding open, to be tried again by the next pass.
 */
async function redactAll(
  ctx: ArrivalsContext,
  connector: Connector,
  at: PurgedField,
  findings: readonly { id: string; key: RowKey; categories: readonly SpecialCategory[] }[],
): Promise<{ redacted: number; failed: number }> {
  let redacted = 0;
  let failed = 0;
  for (const finding of findings) {
    let redaction;
    try {
      redaction = await redactRow(connector, at, finding.key);
    } catch (error) {
      if (!(error instanceof CustodianError) || error.code === 'special.not_purged') throw error;
      failed += 1;
      continue;
    }
    await recordRedaction(ctx.db, finding, at, redaction, {
      actor: ctx.actor,
      now: ctx.now(),
      automatic: true,
    });
    if (redaction.outcome === 'redacted') redacted += 1;
  }
  return { redacted, failed };
}

function keyOf(at: PurgedField, row: Row): RowKey {
  return at.collection.primaryKey.map((column) => row[column] ?? null);
}
