/**
 * Published notices: which notice `custodian serve` showed people, from when, in which words.
 *
 * Publication = one row per change of the rendered notice, numbered 1, 2, 3… in order: its version
 * and effective date (from the map), when it was first served, the notice as rendered in each
 * language, and the canonical map it came from (for the console's diff). Earlier versions stay, so
 * the controller can show which notice a consent cited (GDPR Art. 7(1)) and what people were told
 * when (Art. 5(2), Art. 13), and the privacy center can show them.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { CustodianError } from '../errors.js';
import { appendEvidence } from '../evidence/index.js';
import { DataMap, LANGUAGES, type Language } from '../map/index.js';
import { notice, renderHtmlBlocks } from '../publish/index.js';
import type { Database } from '../store/index.js';

/**
 * 4 MiB: the most one publication may hold (the map's canonical JSON and its rendered notices).
 * The largest example map (BESTMIX) takes about 250 kB: 60 kB of JSON and four notices.
 */
export const MAX_PUBLICATION_BYTES = 4 * 1024 * 1024;

/** A notice as rendered in one language: its title and its HTML body blocks. */
export interface RenderedNotice {
  readonly title: string;
  readonly html: string;
}

/** What a map publishes: computed, not stored (see `publicationOf`). */
export interface PublicationContent {
  readonly version: string;
  readonly effectiveDate: string;
  readonly languages: readonly Language[];
  readonly notices: Readonly<Partial<Record<Language, RenderedNotice>>>;
  /** The map as canonical JSON: keys sorted, so the same map gives the same text. */
  readonly mapJson: string;
  /** SHA-256 of the rendered notices: what people see, and what makes a new publication. */
  readonly noticeHash: string;
  readonly mapHash: string;
}

/** A recorded publication, without its texts. */
export interface Publication {
  /** 1 for the first notice published, then one more for each change. */
  readonly seq: number;
  readonly version: string;
  readonly effectiveDate: string;
  readonly publishedAt: Date;
  readonly languages: readonly Language[];
  readonly noticeHash: string;
  readonly mapHash: string;
}

/** A recorded publication with its texts. */
export interface StoredPublication extends Publication {
  readonly notices: Readonly<Partial<Record<Language, RenderedNotice>>>;
  /** The map it was published from; undefined when it no longer validates under today's schema. */
  readonly map: DataMap | undefined;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted at every level; undefined members left out, as JSON does. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const contents = new WeakMap<DataMap, PublicationContent>();

/** What `map` publishes: its notice rendered in each of its languages, and their hash. Cached. */
export function publicationOf(map: DataMap): PublicationContent {
  const cached = contents.get(map);
  if (cached) return cached;
  const languages = [...map.notice.languages];
  const notices: Partial<Record<Language, RenderedNotice>> = {};
  for (const language of languages) {
    const document = notice(map, { language });
    notices[language] = { title: document.title, html: renderHtmlBlocks(document) };
  }
  const mapJson = canonicalJson(map);
  const content: PublicationContent = {
    version: map.notice.version,
    effectiveDate: map.notice.effectiveDate,
    languages,
    notices,
    mapJson,
    noticeHash: sha256(canonicalJson({ languages, notices })),
    mapHash: sha256(mapJson),
  };
  contents.set(map, content);
  return content;
}

/**
 * Records `map`'s notice as published at `now`, unless it is the notice last recorded. Idempotent,
 * and safe with two servers starting at once: both aim at the next `seq`, the primary key lets
 * one row in, and the other finds that row is its own notice. A notice published again after
 * another (A, B, then A) is a new publication: it was not what people saw meanwhile.
 * Throws `config.invalid` for a map whose publication would exceed MAX_PUBLICATION_BYTES.
 */
export async function recordPublication(
  db: Kysely<Database>,
  map: DataMap,
  now: Date,
): Promise<{ readonly recorded: boolean; readonly publication: Publication }> {
  const content = publicationOf(map);
  const noticesJson = JSON.stringify(content.notices);
  const size = Buffer.byteLength(noticesJson) + Buffer.byteLength(content.mapJson);
  if (size > MAX_PUBLICATION_BYTES) {
    throw new CustodianError(
      'config.invalid',
      `The data map and its notices take ${Math.ceil(size / 1024)} kB, more than the ${MAX_PUBLICATION_BYTES / 1024 / 1024} MiB a publication may hold`,
    );
  }
  // Two servers with different maps starting at once take turns; each try lets one row in.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const seq = await db.transaction().execute(async (trx) => {
      const inserted = await sql<{ seq: number }>`
      insert into notice_publications
        (seq, version, effective_date, published_at, languages, notice_hash, map_hash, notices, map)
      select next.seq, ${content.version}, ${content.effectiveDate}, ${now},
        ${sql.val([...content.languages])}::text[], ${content.noticeHash}, ${content.mapHash},
        ${noticesJson}, ${content.mapJson}
      from (select coalesce(max(seq), 0) + 1 as seq from notice_publications) as next
      where not exists (
        select 1 from notice_publications last
        where last.seq = next.seq - 1 and last.notice_hash = ${content.noticeHash}
      )
      on conflict (seq) do nothing
      returning seq`.execute(trx);
      const row = inserted.rows[0];
      if (row === undefined) return undefined;
      // In the evidence chain too: the hashes of what was published, tamper-evident (GDPR Art. 5(2)).
      await appendEvidence(trx, {
        actor: 'system',
        action: 'notice.published',
        at: now,
        details: {
          version: row.seq,
          noticeVersion: content.version,
          effectiveDate: content.effectiveDate,
          languages: [...content.languages],
          noticeHash: content.noticeHash,
          mapHash: content.mapHash,
        },
      });
      return row.seq;
    });
    const latest = await latestPublication(db);
    if (seq !== undefined && latest !== undefined) {
      return { recorded: true, publication: latest };
    }
    if (latest !== undefined && latest.noticeHash === content.noticeHash) {
      return { recorded: false, publication: latest };
    }
  }
  throw new CustodianError(
    'config.invalid',
    'Another server keeps publishing a different notice; serve one data map from every server',
  );
}

const SUMMARY = [
  'seq',
  'version',
  'effective_date',
  'published_at',
  'languages',
  'notice_hash',
  'map_hash',
] as const;

function summary(row: {
  seq: number;
  version: string;
  effective_date: string;
  published_at: Date;
  languages: string[];
  notice_hash: string;
  map_hash: string;
}): Publication {
  return {
    seq: row.seq,
    version: row.version,
    effectiveDate: row.effective_date,
    publishedAt: new Date(row.published_at),
    languages: row.languages.filter((l): l is Language =>
      (LANGUAGES as readonly string[]).includes(l),
    ),
    noticeHash: row.notice_hash,
    mapHash: row.map_hash,
  };
}

/** The last publication recorded, or undefined before the first. */
export async function latestPublication(db: Kysely<Database>): Promise<Publication | undefined> {
  const row = await db
    .selectFrom('notice_publications')
    .select(SUMMARY)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : summary(row);
}

/** The most recent publications, newest first, at most `limit` (1,000 by default). */
export async function listPublications(db: Kysely<Database>, limit = 1000): Promise<Publication[]> {
  const rows = await db
    .selectFrom('notice_publications')
    .select(SUMMARY)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map(summary);
}

/** Publication `seq` with its texts, or undefined when there is none. */
export async function readPublication(
  db: Kysely<Database>,
  seq: number,
): Promise<StoredPublication | undefined> {
  if (!Number.isSafeInteger(seq) || seq < 1 || seq > 2_147_483_647) return undefined;
  const row = await db
    .selectFrom('notice_publications')
    .selectAll()
    .where('seq', '=', seq)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const parsed = DataMap.safeParse(JSON.parse(row.map));
  return {
    ...summary(row),
    notices: JSON.parse(row.notices) as Partial<Record<Language, RenderedNotice>>,
    map: parsed.success ? parsed.data : undefined,
  };
}

/**
 * When publication `seq` stopped applying: the later of its successor's effective date and the
 * day the successor was first served (a successor announced ahead of its effective date leaves the
 * old notice in force until then). Undefined for the last one.
 */
export async function supersededOn(
  db: Kysely<Database>,
  seq: number,
): Promise<{ readonly date: string; readonly by: Publication } | undefined> {
  const row = await db
    .selectFrom('notice_publications')
    .select(SUMMARY)
    .where('seq', '>', seq)
    .orderBy('seq', 'asc')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const by = summary(row);
  return { date: stoppedApplying(by), by };
}

/** The day a notice stopped applying, given the publication that followed it. */
export function stoppedApplying(successor: Publication): string {
  const served = successor.publishedAt.toISOString().slice(0, 10);
  return successor.effectiveDate > served ? successor.effectiveDate : served;
}
