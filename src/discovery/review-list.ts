import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Connector, RowKey } from '../datastores/connector.js';
import { CustodianError } from '../errors.js';
import { appendEvidence } from '../evidence/index.js';
import {
  purgeMode,
  type DataMap,
  type Datastore,
  type DatastoreCollection,
  type DatastoreField,
  type PurgeMode,
} from '../map/index.js';
import type { Database } from '../store/index.js';
import { decodeRowKey, encodeRowKey } from './row-key.js';
import {
  DEFAULT_MIN_CONFIDENCE,
  detectSpecialCategories,
  redactSpecialCategories,
  type SpecialCategory,
  type SpecialCategoryScan,
} from './special-categories.js';

/**
 * The confidence from which a passage of a purged field is listed and redacted: the detector's
 * default. Listing and redaction use the same, so a redaction removes what the review list showed.
 */
export const PURGE_MIN_CONFIDENCE = DEFAULT_MIN_CONFIDENCE;

/** How long a redaction waits for a row lock the company's application holds, and any statement. */
export const REDACT_LOCK_TIMEOUT_MS = 5_000;
export const REDACT_STATEMENT_TIMEOUT_MS = 30_000;

/** Where the findings of a purged field land. */
export type FindingStatus = 'open' | 'redacted' | 'dismissed';
export const FINDING_STATUSES: readonly FindingStatus[] = ['open', 'redacted', 'dismissed'];

/** A field declared `specialCategories: purge`, with its datastore and collection. */
export interface PurgedField {
  readonly datastore: Datastore;
  readonly collection: DatastoreCollection;
  readonly field: DatastoreField;
  readonly mode: PurgeMode;
}

/** Every field of the map declared `specialCategories: purge`, in the map's order. */
export function purgedFields(map: DataMap): PurgedField[] {
  const fields: PurgedField[] = [];
  for (const datastore of map.datastores) {
    for (const collection of datastore.collections) {
      for (const field of collection.fields) {
        const mode = purgeMode(field);
        if (mode !== undefined) fields.push({ datastore, collection, field, mode });
      }
    }
  }
  return fields;
}

/** One entry of the review list: where, what and when; never the text. */
export interface SpecialFinding {
  readonly id: string;
  readonly datastore: string;
  readonly collection: string;
  readonly field: string;
  /** The row's primary key values, in the order of the collection's `primaryKey`. */
  readonly row: RowKey;
  readonly categories: readonly SpecialCategory[];
  /** Passages found in the text when it was listed. */
  readonly passages: number;
  readonly status: FindingStatus;
  readonly foundAt: Date;
  readonly decidedAt: Date | null;
  readonly decidedBy: string | null;
}

/** The text of a field as a string, when it is one (a purged column of another type holds none). */
export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The special categories a purged field's text reveals (GDPR Art. 9(1), 10), offsets only. */
export function scanText(text: string): SpecialCategoryScan {
  return detectSpecialCategories(text, { minConfidence: PURGE_MIN_CONFIDENCE });
}

/**
 * Puts the rows found on the review list, once per row and field however often they are found
 * (a page scanned again after a crash adds nothing), and returns the entry of each, new or not.
 */
export async function addFindings(
  db: Kysely<Database>,
  at: PurgedField,
  found: readonly {
    readonly key: RowKey;
    readonly categories: readonly SpecialCategory[];
    readonly passages: number;
  }[],
  now: Date,
  source: string,
): Promise<{ id: string; key: RowKey; status: FindingStatus; categories: SpecialCategory[] }[]> {
  if (found.length === 0) return [];
  const where = {
    datastore: at.datastore.id,
    collection: at.collection.name,
    field: at.field.name,
  };
  await db
    .insertInto('special_findings')
    .values(
      found.map((row) => ({
        id: randomUUID(),
        ...where,
        row_key: encodeRowKey(row.key),
        categories: [...row.categories],
        passages: row.passages,
        found_at: now,
        source,
      })),
    )
    .onConflict((oc) => oc.columns(['datastore', 'collection', 'field', 'row_key']).doNothing())
    .execute();
  const listed = await db
    .selectFrom('special_findings')
    .select(['id', 'row_key', 'status', 'categories'])
    .where('datastore', '=', where.datastore)
    .where('collection', '=', where.collection)
    .where('field', '=', where.field)
    .where(
      'row_key',
      'in',
      found.map((row) => encodeRowKey(row.key)),
    )
    .execute();
  return listed.map((row) => ({
    id: row.id,
    key: decodeRowKey(row.row_key),
    status: row.status,
    categories: row.categories as SpecialCategory[],
  }));
}

/** The review list: findings of a status (open by default), oldest first, then by field and row. */
export async function specialFindings(
  db: Kysely<Database>,
  options: { readonly status?: FindingStatus; readonly limit?: number } = {},
): Promise<SpecialFinding[]> {
  const rows = await db
    .selectFrom('special_findings')
    .selectAll()
    .where('status', '=', options.status ?? 'open')
    .orderBy('found_at')
    .orderBy('datastore')
    .orderBy('collection')
    .orderBy('field')
    // jsonb arrays order element by element: rows found together are listed by key.
    .orderBy('row_key')
    .limit(options.limit ?? 1000)
    .execute();
  return rows.map(findingOf);
}

/** One finding by its id; `special.finding_not_found` when there is none. */
export async function specialFinding(db: Kysely<Database>, id: string): Promise<SpecialFinding> {
  const row = UUID.test(id)
    ? await db.selectFrom('special_findings').selectAll().where('id', '=', id).executeTakeFirst()
    : undefined;
  if (row === undefined) {
    throw new CustodianError('special.finding_not_found', `no finding ${shown(id)} is listed`, {
      details: { finding: shown(id) },
    });
  }
  return findingOf(row);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id as an error may repeat it: only when it has an id's shape, never what someone typed. */
const shown = (id: string): string => (UUID.test(id) ? id : '(not an id)');

function findingOf(row: {
  id: string;
  datastore: string;
  collection: string;
  field: string;
  row_key: unknown;
  categories: string[];
  passages: number;
  status: FindingStatus;
  found_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
}): SpecialFinding {
  return {
    id: row.id,
    datastore: row.datastore,
    collection: row.collection,
    field: row.field,
    row: decodeRowKey(row.row_key),
    categories: row.categories as SpecialCategory[],
    passages: row.passages,
    status: row.status,
    foundAt: row.found_at,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
  };
}

/** What redacting one row did: counts and categories, never text. */
export interface RowRedaction {
  /**
   * `redacted`: passages were replaced; `nothing-left`: the row's current text reveals nothing
   * (changed or redacted meanwhile); `row-gone`: the row no longer exists.
   */
  readonly outcome: 'redacted' | 'nothing-left' | 'row-gone';
  readonly replaced: number;
  readonly byCategory: Partial<Record<SpecialCategory, number>>;
}

/**
 * Replaces the special-category passages of one row's field with markers (`[removed: health]`),
 * GDPR Art. 9(1), 10 and a policy's promise to delete such data on receipt. Through
 * `lockAndApply`: the row is locked and read again, and the passages are found again in the text
 * it holds now, so an edit since it was listed is never overwritten. Only that column changes.
 */
export async function redactRow(
  connector: Connector,
  at: PurgedField,
  key: RowKey,
): Promise<RowRedaction> {
  if (connector.lockAndApply === undefined) {
    throw new CustodianError(
      'special.not_purged',
      `datastore "${at.datastore.id}" cannot lock and change rows; its findings cannot be redacted here`,
      { details: { datastore: at.datastore.id } },
    );
  }
  let result: RowRedaction = { outcome: 'row-gone', replaced: 0, byCategory: {} };
  const column = at.field.name;
  await connector.lockAndApply({
    collection: at.collection,
    keys: [key],
    where: { kind: 'all' },
    columns: [column],
    lockTimeoutMs: REDACT_LOCK_TIMEOUT_MS,
    statementTimeoutMs: REDACT_STATEMENT_TIMEOUT_MS,
    changes: (locked) => {
      const row = locked[0];
      if (row === undefined) {
        result = { outcome: 'row-gone', replaced: 0, byCategory: {} };
        return [];
      }
      const text = textOf(row[column]);
      const scan = text === undefined ? undefined : scanText(text);
      if (text === undefined || scan === undefined || scan.findings.length === 0) {
        result = { outcome: 'nothing-left', replaced: 0, byCategory: {} };
        return [];
      }
      const redacted = redactSpecialCategories(text, scan.findings, scan.language);
      // The passages come from this very text: a refusal would be a bug of the detector.
      if (!redacted.ok) throw new Error('passages of a text fit the text');
      result = {
        outcome: 'redacted',
        replaced: redacted.replaced,
        byCategory: redacted.byCategory,
      };
      return [
        {
          op: 'update',
          collection: at.collection.name,
          keys: [key],
          set: { [column]: redacted.text },
        },
      ];
    },
  });
  return result;
}

/**
 * Records a redaction of a finding's row: the finding is `redacted` (also when the row had
 * nothing left to redact or is gone, as there is nothing left to review) and the evidence record
 * `special.redacted` says what went, by counts and categories only, naming the finding by its id.
 */
export async function recordRedaction(
  db: Kysely<Database>,
  finding: { readonly id: string; readonly categories: readonly SpecialCategory[] },
  at: PurgedField,
  redaction: RowRedaction,
  by: { readonly actor: string; readonly now: Date; readonly automatic: boolean },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('special_findings')
      .set({ status: 'redacted', decided_at: by.now, decided_by: by.actor })
      .where('id', '=', finding.id)
      // A redaction that changed the row is what happened, whatever was decided meanwhile.
      .where((eb) => (redaction.outcome === 'redacted' ? eb.lit(true) : eb('status', '=', 'open')))
      .executeTakeFirst();
    if (redaction.outcome !== 'redacted' && Number(updated.numUpdatedRows) === 0) return;
    await appendEvidence(trx, {
      actor: by.actor,
      action: 'special.redacted',
      at: by.now,
      details: {
        finding: finding.id,
        datastore: at.datastore.id,
        collection: at.collection.name,
        field: at.field.name,
        categories: [...finding.categories],
        outcome: redaction.outcome,
        replaced: redaction.replaced,
        byCategory: redaction.byCategory,
        automatic: by.automatic,
      },
    });
  });
}

/** What `redactFinding` and `dismissFinding` work with. */
export interface ReviewContext {
  readonly db: Kysely<Database>;
  readonly map: DataMap;
  readonly now: () => Date;
  /** Who decides: `cli`, `cli:<operator>`, a staff id; never an email. */
  readonly actor: string;
}

/**
 * `custodian scan redact <id>`: redacts the row of an open finding now, through `lockAndApply`,
 * with the evidence record `special.redacted`. Refused for a finding already decided
 * (`special.finding_decided`) or whose field the map no longer purges (`special.not_purged`).
 */
export async function redactFinding(
  ctx: ReviewContext & { readonly connectors: ReadonlyMap<string, Connector> },
  id: string,
): Promise<SpecialFinding & { readonly redaction: RowRedaction }> {
  const finding = await specialFinding(ctx.db, id);
  if (finding.status !== 'open') throw decided(finding);
  const at = purgedFields(ctx.map).find(
    (candidate) =>
      candidate.datastore.id === finding.datastore &&
      candidate.collection.name === finding.collection &&
      candidate.field.name === finding.field,
  );
  const connector = ctx.connectors.get(finding.datastore);
  if (at === undefined || connector === undefined) {
    throw new CustodianError(
      'special.not_purged',
      `the map no longer declares "${finding.datastore}.${finding.collection}.${finding.field}" with specialCategories: purge; dismiss the finding or declare the field again`,
      { details: { finding: finding.id } },
    );
  }
  const redaction = await redactRow(connector, at, finding.row);
  const now = ctx.now();
  await recordRedaction(ctx.db, finding, at, redaction, {
    actor: ctx.actor,
    now,
    automatic: false,
  });
  return {
    ...finding,
    status: 'redacted',
    decidedAt: now,
    decidedBy: ctx.actor,
    redaction,
  };
}

/** The longest dismissal reason kept. */
export const MAX_REASON = 500;

/**
 * `custodian scan dismiss <id> --reason …`: the finding is not special-category data (the
 * detector's precision is below 1, docs/discovery-special.md). The reason is kept with the
 * finding; the evidence record `special.dismissed` only says one was given.
 */
export async function dismissFinding(
  ctx: Omit<ReviewContext, 'map'>,
  id: string,
  reason: string,
): Promise<SpecialFinding> {
  const finding = await specialFinding(ctx.db, id);
  if (finding.status !== 'open') throw decided(finding);
  const now = ctx.now();
  const done = await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('special_findings')
      .set({
        status: 'dismissed',
        decided_at: now,
        decided_by: ctx.actor,
        reason: reason.trim().slice(0, MAX_REASON),
      })
      .where('id', '=', finding.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
    await appendEvidence(trx, {
      actor: ctx.actor,
      action: 'special.dismissed',
      at: now,
      details: {
        finding: finding.id,
        datastore: finding.datastore,
        collection: finding.collection,
        field: finding.field,
        categories: [...finding.categories],
      },
    });
    return true;
  });
  if (!done) throw decided(await specialFinding(ctx.db, id));
  return { ...finding, status: 'dismissed', decidedAt: now, decidedBy: ctx.actor };
}

function decided(finding: SpecialFinding): CustodianError {
  return new CustodianError(
    'special.finding_decided',
    `finding ${finding.id} is already ${finding.status}`,
    { details: { finding: finding.id, status: finding.status } },
  );
}
