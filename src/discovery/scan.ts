import type { Connector, LiveColumn, LiveTable } from '../datastores/connector.js';
import { liveTableOf } from '../datastores/live-table.js';
import { CustodianError } from '../errors.js';
import type {
  DataMap,
  Datastore,
  DatastoreCollection,
  Finding,
  PathSegment,
} from '../map/index.js';
import { classifyColumn } from './classify-column.js';
import { KIND_CATEGORY, type ValueKind } from './kinds.js';
import { detectSpecialCategories, type SpecialCategory } from './special-categories.js';

/** `--sample`: values read per column by default, and at most. */
export const DEFAULT_SAMPLE = 200;
export const MAX_SAMPLE = 1000;
/** Each sample statement is cancelled after this long. */
export const SAMPLE_TIMEOUT_MS = 5000;
/** Above this many estimated rows, PostgreSQL reads a share of the pages (TABLESAMPLE SYSTEM). */
export const TABLESAMPLE_FROM_ROWS = 100_000;
/** A column kind is reported from this confidence on. */
export const MIN_KIND_CONFIDENCE = 0.5;
/**
 * A free-text column reveals a special category when one of its values states it with this
 * confidence (a statement about a person, "I have diabetes"), or when two different values reveal
 * it. One weak mention repeated by a template ("delivery delayed by a strike at the carrier") is
 * not reported: it says nothing about a person.
 */
export const MIN_SPECIAL_CONFIDENCE = 0.75;
/** A value is free text when it is at least this long and has a space; a column when half its values are. */
const FREE_TEXT_LENGTH = 30;

/** The data map category of each special category the free-text classifier finds (GDPR Art. 9(1), 10). */
export const SPECIAL_CATEGORY_OF: Readonly<Record<SpecialCategory, string>> = {
  health: 'special.health',
  religion: 'special.religious-beliefs',
  political: 'special.political-opinions',
  'trade-union': 'special.trade-union-membership',
  'sex-life': 'special.sex-life-orientation',
  'ethnic-origin': 'special.racial-ethnic-origin',
  biometric: 'special.biometric',
  genetic: 'special.genetic',
  criminal: 'criminal',
};

/** Column types whose text says nothing (binary, booleans, geometry): never sampled. */
const UNSAMPLED_TYPE =
  /^(?:bytea|bool|boolean|tinyint\(1\)|bit|(?:tiny|medium|long)?blob|(?:var)?binary|geometry|point|polygon|tsvector)\b/;

/** What was found in one column: kinds, counts and a confidence, never a value. */
export interface ColumnDetail {
  readonly datastore: string;
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  /** The kind (email, iban, …) or special category (health, …) detected. */
  readonly kind: string;
  /** The data map category it belongs to. */
  readonly category: string;
  readonly matched: number;
  readonly sampled: number;
  readonly confidence: number;
}

/** A scan finding: a map finding with what was detected. */
export interface ScanFinding extends Finding {
  readonly detail?: ColumnDetail;
}

/** A column's personal data the map should declare, for `--fix-draft`. */
export interface DraftField {
  readonly datastore: string;
  readonly table: LiveTable;
  /** The declared collection, when the table is declared. */
  readonly declared: boolean;
  readonly column: string;
  readonly categories: readonly string[];
}

export interface ScanResult {
  readonly findings: ScanFinding[];
  readonly drafts: DraftField[];
  /** Things said on stderr: skipped datastores, columns that could not be sampled. */
  readonly notes: string[];
  tables: number;
  columns: number;
}

export interface ScanOptions {
  /** Opens a datastore's connector (openConnector with the map's directory). */
  readonly open: (datastore: Datastore) => Promise<Connector>;
  /** Only this datastore id. */
  readonly datastore?: string;
  /** Values per column (≤ MAX_SAMPLE). */
  readonly sample?: number;
  readonly timeoutMs?: number;
}

const covers = (declared: string, detected: string): boolean =>
  declared === detected ||
  detected.startsWith(`${declared}.`) ||
  declared.startsWith(`${detected}.`);

const isSpecialCategory = (category: string): boolean =>
  category === 'special' ||
  category.startsWith('special.') ||
  category === 'criminal' ||
  category.startsWith('criminal.');

/**
 * `custodian scan`: samples every column of every table of each connected SQL datastore, one
 * bounded statement at a time, and compares what the values look like with the declarations.
 * GDPR Art. 30 (the record must list the categories held) and Art. 9 (special categories).
 * Findings carry kinds, counts and confidences; no sampled value leaves this function.
 */
export async function scanDatastores(map: DataMap, options: ScanOptions): Promise<ScanResult> {
  const limit = Math.min(MAX_SAMPLE, Math.max(1, options.sample ?? DEFAULT_SAMPLE));
  const timeoutMs = options.timeoutMs ?? SAMPLE_TIMEOUT_MS;
  const result: ScanResult = { findings: [], drafts: [], notes: [], tables: 0, columns: 0 };
  for (const [d, datastore] of map.datastores.entries()) {
    if (options.datastore !== undefined && datastore.id !== options.datastore) continue;
    if (datastore.type === 'http') {
      result.notes.push(
        `datastore "${datastore.id}": an HTTP datastore cannot be sampled; skipped`,
      );
      continue;
    }
    let connector: Connector | undefined;
    try {
      connector = await options.open(datastore);
      const live = await connector.introspect?.();
      if (live === undefined || connector.sample === undefined) {
        result.notes.push(`datastore "${datastore.id}" cannot be sampled; skipped`);
        continue;
      }
      const declared = new Map<LiveTable, [number, DatastoreCollection]>();
      for (const [c, collection] of datastore.collections.entries()) {
        const table = liveTableOf(datastore, collection, live);
        if (table !== undefined) declared.set(table, [c, collection]);
      }
      for (const table of live.tables) {
        result.tables += 1;
        for (const column of table.columns) {
          if (UNSAMPLED_TYPE.test(column.type)) continue;
          result.columns += 1;
          let values: string[];
          try {
            // One statement at a time: the load on the database is one bounded read.
            values = await connector.sample(table, column.name, {
              limit,
              timeoutMs,
              ...(datastore.type !== 'mysql' && (table.rows ?? 0) > TABLESAMPLE_FROM_ROWS
                ? { pagesPercent: pagesPercent(limit, table.rows ?? 0) }
                : {}),
            });
          } catch (error) {
            if (!(error instanceof CustodianError)) throw error;
            result.notes.push(
              `datastore "${datastore.id}": column "${column.name}" of "${table.name}" not sampled: ${error.message}`,
            );
            continue;
          }
          const detected = detect(datastore.id, table, column, values);
          judge(result, d, datastore, table, column.name, declared.get(table), detected);
        }
      }
    } catch (error) {
      if (!(error instanceof CustodianError)) throw error;
      result.findings.push({
        rule: 'live.connection',
        severity: 'error',
        path: ['datastores', d, 'connection'],
        message: error.message,
      });
    } finally {
      await connector?.close().catch(() => undefined);
    }
  }
  return result;
}

/**
 * The share of pages TABLESAMPLE SYSTEM reads: about fifty times the rows wanted, so a column
 * that is null in most rows still yields a sample, while a 1M-row table reads ~1 % of its pages.
 */
export function pagesPercent(limit: number, rows: number): number {
  return Math.min(100, Math.max(0.01, (100 * limit * 50) / rows));
}

/** What one column's sample shows: a value kind, or the special categories its free text reveals. */
function detect(
  datastore: string,
  table: LiveTable,
  column: LiveColumn,
  values: readonly string[],
): ColumnDetail[] {
  const base = { datastore, schema: table.schema, table: table.name, column: column.name };
  const nonEmpty = values.filter((value) => value.trim() !== '');
  const long = nonEmpty.filter((value) => value.length >= FREE_TEXT_LENGTH && /\s/.test(value));
  if (nonEmpty.length > 0 && long.length * 2 >= nonEmpty.length) {
    const counts = new Map<
      SpecialCategory,
      { matched: number; confidence: number; distinct: Set<string> }
    >();
    for (const value of nonEmpty) {
      for (const found of detectSpecialCategories(value).findings) {
        const seen = counts.get(found.category) ?? {
          matched: 0,
          confidence: 0,
          distinct: new Set<string>(),
        };
        // The set lives only while this column is judged; no value leaves the function.
        if (seen.distinct.size < 2) seen.distinct.add(value);
        counts.set(found.category, {
          matched: seen.matched + 1,
          confidence: Math.max(seen.confidence, found.confidence),
          distinct: seen.distinct,
        });
      }
    }
    return [...counts]
      .filter(
        ([, { confidence, distinct }]) =>
          confidence >= MIN_SPECIAL_CONFIDENCE || distinct.size >= 2,
      )
      .map(([category, { matched, confidence }]) => ({
        ...base,
        kind: category,
        category: SPECIAL_CATEGORY_OF[category],
        matched,
        sampled: values.length,
        confidence: Math.round(confidence * 1000) / 1000,
      }));
  }
  const classified = classifyColumn(values, { column: column.name });
  const kind: ValueKind | undefined = classified.kind;
  const category = kind === undefined ? undefined : KIND_CATEGORY[kind];
  if (kind === undefined || category === undefined) return [];
  if (classified.confidence < MIN_KIND_CONFIDENCE) return [];
  return [
    {
      ...base,
      kind,
      category,
      matched: classified.matched,
      sampled: classified.sampled,
      confidence: classified.confidence,
    },
  ];
}

/** Compares what a column holds with its declaration, and adds findings and draft fields. */
function judge(
  result: ScanResult,
  d: number,
  datastore: Datastore,
  table: LiveTable,
  column: string,
  declaration: [number, DatastoreCollection] | undefined,
  detected: readonly ColumnDetail[],
): void {
  if (detected.length === 0) return;
  const where = declaration === undefined ? 'an undeclared table' : 'its declaration';
  const collectionPath: PathSegment[] =
    declaration === undefined
      ? ['datastores', d, 'id']
      : ['datastores', d, 'collections', declaration[0], 'name'];
  const f = declaration?.[1].fields.findIndex((field) => field.name === column) ?? -1;
  const field = f < 0 ? undefined : declaration?.[1].fields[f];
  const declared = field?.categories ?? [];
  const said = (detail: ColumnDetail): string =>
    `${detail.kind} in ${detail.matched} of ${detail.sampled} sampled values (confidence ${detail.confidence})`;
  const toDraft: string[] = [];
  for (const detail of detected) {
    const special = isSpecialCategory(detail.category);
    const named = `table "${table.name}", column "${column}"`;
    if (special) {
      // GDPR Art. 9(1): processing special categories needs an Art. 9(2) condition the map must name.
      if (declared.some((category) => covers(category, detail.category))) continue;
      result.findings.push({
        rule: 'scan.special-category',
        severity: 'error',
        path:
          field === undefined
            ? collectionPath
            : ['datastores', d, 'collections', declaration?.[0] ?? 0, 'fields', f, 'name'],
        message: `datastore "${datastore.id}", ${named}: free text reveals special-category data (${detail.category}): ${said(detail)}; the map declares none for this ${field === undefined ? 'column' : 'field'} (GDPR Art. 9)`,
        detail,
      });
      toDraft.push(detail.category);
      continue;
    }
    if (field === undefined) {
      result.findings.push({
        rule: 'scan.undeclared-personal-data',
        severity: 'error',
        path: collectionPath,
        message: `datastore "${datastore.id}", ${named}: ${said(detail)}, personal data (${detail.category}) that ${where} does not list`,
        detail,
      });
      toDraft.push(detail.category);
      continue;
    }
    if (declared.some((category) => covers(category, detail.category))) continue;
    if (field.identity !== undefined && field.identity === detail.kind) continue;
    result.findings.push({
      rule: 'scan.category-mismatch',
      severity: 'warning',
      path: [
        'datastores',
        d,
        'collections',
        declaration?.[0] ?? 0,
        'fields',
        f,
        declared.length > 0 ? 'categories' : 'name',
      ],
      message: `datastore "${datastore.id}", ${named}: ${said(detail)} looks like ${detail.category}, but the field declares ${declared.length === 0 ? 'no category' : declared.join(', ')}`,
      detail,
    });
    toDraft.push(detail.category);
  }
  if (toDraft.length > 0) {
    result.drafts.push({
      datastore: datastore.id,
      table,
      declared: declaration !== undefined,
      column,
      categories: [...new Set([...declared, ...toDraft])],
    });
  }
}

/**
 * The declarations to review, as `datastores introspect` drafts them: per datastore, the
 * collections and fields the scan found personal data in, each field marked `# guessed: review`.
 */
export function scanDraft(drafts: readonly DraftField[], now: Date): string {
  const lines = [
    `# DRAFT declarations to review, written by \`custodian scan --fix-draft\` on ${now.toISOString().slice(0, 10)}.`,
    '# Categories are guessed from sampled values (no value is written here): review every guess,',
    '# then merge the fields into the datastores of privacy.yaml and run `custodian scan` again.',
    'datastores:',
  ];
  const byStore = new Map<string, DraftField[]>();
  for (const draft of drafts)
    byStore.set(draft.datastore, [...(byStore.get(draft.datastore) ?? []), draft]);
  for (const [id, fields] of byStore) {
    lines.push(`  - id: ${id}`, '    collections:');
    const byTable = new Map<LiveTable, DraftField[]>();
    for (const field of fields)
      byTable.set(field.table, [...(byTable.get(field.table) ?? []), field]);
    for (const [table, columns] of byTable) {
      const declared = columns[0]?.declared ?? false;
      lines.push(
        `      # ${table.schema}.${table.name}: ${declared ? 'declared; add or correct these fields' : 'not declared'}`,
        `      - name: ${JSON.stringify(table.name)}`,
      );
      if (!declared) {
        lines.push(
          table.primaryKey.length > 0
            ? `        primaryKey: [${table.primaryKey.map((name) => JSON.stringify(name)).join(', ')}]`
            : '        primaryKey: [] # no primary key: rows cannot be addressed; add one',
        );
      }
      lines.push('        fields:');
      for (const column of columns) {
        lines.push(
          `          - { name: ${JSON.stringify(column.column)}, categories: [${column.categories.join(', ')}] } # guessed: review`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
