import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Row } from '../datastores/connector.js';
import {
  controllerFor,
  isWithinCategory,
  localize,
  recipientsOf,
  resolveCategory,
  rightsOf,
  transfers,
  type DataMap,
  type Language,
  type Text,
} from '../map/index.js';
import {
  formatDate,
  formatDuration,
  joinList,
  placeName,
  renderHtml,
  STRINGS,
  type Block,
} from '../publish/index.js';
import type { Found } from './find-person.js';
import type { PlanHold } from './plan.js';
import { toJsonSafe } from './plain-value.js';
import { SUMMARY_STRINGS } from './summary-texts.js';

export interface AccessPackageOptions {
  readonly requestId: string;
  /** The time the package is made; written into it and used as every file's date. */
  readonly generatedAt: Date;
  /** Where the person lives: picks the controller answering (seed 000). */
  readonly country?: string;
  /** The person's language (the request's); the notice's first language when absent. */
  readonly language?: Language;
  /** The rows found that a legal hold keeps (`foundHolds`), listed in `data.json` as `held`. */
  readonly holds?: readonly PlanHold[];
}

/**
 * The package a person receives for an access, know or portability request: a zip with
 * - `data.json`: every row found, per datastore and collection, values made JSON-safe (dates ISO
 *   8601, bytes base64): the structured, machine-readable copy of GDPR Art. 20(1); and, under
 *   `held`, which of them a legal hold keeps, why and until when (Art. 15(1)(d), 17(3)(b));
 * - one CSV per collection (RFC 4180), for a spreadsheet;
 * - `summary.html`: the facts GDPR Art. 15(1)(a)-(h) and 15(2) owe the person, taken from the map.
 * Deterministic: the same rows, map and options give the same bytes.
 */
export function accessPackage(
  map: DataMap,
  found: Found,
  options: AccessPackageOptions,
): Uint8Array {
  // Zip stores local wall-clock time; shift it so the entries carry the UTC time on any machine.
  const at = options.generatedAt.getTime();
  const mtime = new Date(at + new Date(at).getTimezoneOffset() * 60_000);
  const files: Zippable = {};
  const language = options.language ?? map.notice.languages[0] ?? 'en';
  const collections = found.collections.filter((collection) => collection.rows.length > 0);
  const data: Record<string, Record<string, unknown[]>> = {};
  for (const collection of collections) {
    const store = (data[collection.datastore] ??= {});
    store[collection.collection] = collection.rows.map(jsonRow);
  }
  const document = {
    requestId: options.requestId,
    generatedAt: options.generatedAt.toISOString(),
    controller: controllerOf(map, options.country).legalName,
    datastores: data,
    ...(options.holds === undefined || options.holds.length === 0
      ? {}
      : { held: options.holds.map((hold) => heldEntry(hold, language)) }),
  };
  files['data.json'] = [strToU8(`${JSON.stringify(document, null, 2)}\n`), { mtime }];
  for (const collection of collections) {
    files[`csv/${collection.datastore}/${collection.collection}.csv`] = [
      strToU8(csv(collection.rows)),
      { mtime },
    ];
  }
  files['summary.html'] = [strToU8(accessSummary(map, found, options)), { mtime }];
  return zipSync(files, { level: 6, mtime });
}

/** One hold as `data.json` lists it: counts, reason in the package's language, end dates. */
function heldEntry(hold: PlanHold, language: Language): Record<string, unknown> {
  return {
    datastore: hold.datastore,
    collection: hold.collection,
    rows: hold.rows,
    reason: localize(hold.reason, language),
    ...(hold.basis === undefined ? {} : { basis: hold.basis }),
    ends: hold.ends,
    ...(hold.keptWith === undefined ? {} : { keptWith: hold.keptWith }),
  };
}

function jsonRow(row: Row): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => [column, toJsonSafe(value)]),
  );
}

/**
 * Rows as CSV (RFC 4180): a header of every column, CRLF line ends, a field quoted when it holds
 * a comma, a quote, CR or LF, quotes doubled. Null is an empty field. A field a spreadsheet would
 * run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or CR: text someone else typed into
 * a record about the person, say) is prefixed with `'` so it opens as text (OWASP, CSV
 * injection); data.json keeps every value exactly.
 */
export function csv(rows: readonly Row[]): string {
  const columns: string[] = [];
  for (const row of rows) {
    for (const column of Object.keys(row)) if (!columns.includes(column)) columns.push(column);
  }
  const line = (cells: readonly string[]): string => cells.map(csvField).join(',');
  return [
    line(columns.map(asText)),
    ...rows.map((row) =>
      line(
        columns.map((column) => {
          const value = toJsonSafe(row[column] ?? null);
          return value === null ? '' : typeof value === 'string' ? asText(value) : String(value);
        }),
      ),
    ),
  ]
    .map((text) => `${text}\r\n`)
    .join('');
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Text a spreadsheet would run as a formula, made plain text; numbers stay as they are. */
function asText(value: string): string {
  return FORMULA_START.has(value.charAt(0)) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** First characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

function controllerOf(map: DataMap, country: string | undefined) {
  if (country !== undefined) return controllerFor(map, country);
  const controllers = map.organisation.controllers;
  const controller =
    controllers.find((candidate) => candidate.territory?.default === true) ?? controllers[0];
  if (controller === undefined) throw new Error('a data map has at least one controller');
  return controller;
}

/**
 * The Art. 15(1) facts for this person, as a self-contained HTML page (escaped by the publish
 * module's renderer) in the person's language. The purposes are those that use a category of the
 * fields where the person's data was found, among the purposes of the controller answering them;
 * all of that controller's purposes when the fields declare no categories. Records a legal hold
 * keeps now are listed with the reason, the rule and the last day they are kept (Art. 15(1)(d),
 * 17(3)).
 */
export function accessSummary(map: DataMap, found: Found, options: AccessPackageOptions): string {
  const language = options.language ?? map.notice.languages[0] ?? 'en';
  const t = (text: Text): string => localize(text, language);
  const w = SUMMARY_STRINGS[language];
  const notice = STRINGS[language];
  const controller = controllerOf(map, options.country);
  const categories = foundCategories(map, found);
  const ofController = map.purposes.filter(
    (purpose) => purpose.controllers === undefined || purpose.controllers.includes(controller.id),
  );
  const purposes =
    categories.length === 0
      ? ofController
      : ofController.filter((purpose) =>
          purpose.categories.some((category) =>
            categories.some(
              (id) => isWithinCategory(map, id, category) || isWithinCategory(map, category, id),
            ),
          ),
        );
  const blocks: Block[] = [];
  const heading = (level: 1 | 2, text: string): void => {
    blocks.push({ kind: 'heading', level, text });
  };
  const list = (items: readonly string[], empty: string): void => {
    blocks.push(items.length > 0 ? { kind: 'list', items } : { kind: 'paragraph', text: empty });
  };

  const title = w.title(t(map.organisation.name));
  heading(1, title);
  blocks.push({
    kind: 'fields',
    items: [
      [w.labels.controller, controller.legalName],
      [w.labels.request, options.requestId],
      [w.labels.prepared, formatDate(options.generatedAt.toISOString().slice(0, 10), language)],
      ...(controller.contact.email === undefined
        ? []
        : [[w.labels.contact, controller.contact.email] as const]),
      ...(controller.dpo?.contact.email === undefined
        ? []
        : [[w.labels.dpo, controller.dpo.contact.email] as const]),
    ],
  });

  heading(2, w.headings.data);
  blocks.push({ kind: 'paragraph', text: w.dataIntro });
  const withRows = found.collections.filter((collection) => collection.rows.length > 0);
  if (withRows.length > 0) {
    blocks.push({
      kind: 'table',
      head: [...w.dataTable],
      rows: withRows.map((collection) => [
        datastoreName(map, collection.datastore),
        collection.collection,
        String(collection.rows.length),
      ]),
    });
  } else {
    blocks.push({ kind: 'paragraph', text: w.noRecords });
  }

  // GDPR Art. 15(1)(a): purposes, with their legal basis (Art. 6(1)).
  heading(2, w.headings.purposes);
  list(
    purposes.map((purpose) => {
      const basis =
        purpose.legalBasis === undefined
          ? notice.format.notStated
          : notice.legalBases[purpose.legalBasis];
      return `${t(purpose.name)}: ${t(purpose.description)} ${w.legalBasis(basis)}`;
    }),
    w.noPurpose,
  );

  // Art. 15(1)(b): the categories concerned.
  heading(2, w.headings.categories);
  const categoryIds =
    categories.length > 0 ? categories : unique(purposes.flatMap((p) => p.categories));
  list(
    categoryIds.map((id) => {
      const category = resolveCategory(map, id);
      return category === undefined ? id : t(category.name);
    }),
    w.noCategories,
  );

  // Art. 15(1)(c), 15(2): recipients, and the safeguards of transfers outside the EEA.
  heading(2, w.headings.recipients);
  const recipients = unique(purposes.flatMap((purpose) => recipientsOf(map, purpose)));
  const moved = transfers(map);
  list(
    recipients.map((recipient) => {
      const transfer = moved.find((candidate) => candidate.recipient.id === recipient.id);
      const safeguard =
        transfer === undefined
          ? []
          : [
              w.transferredTo(
                joinList(
                  transfer.countries.map((country) => placeName(country, language)),
                  language,
                ),
              ),
              ...(recipient.transfer === undefined
                ? []
                : [w.under(notice.transferMechanisms[recipient.transfer.mechanism])]),
              ...(recipient.transfer?.copy === undefined
                ? []
                : [w.copy(t(recipient.transfer.copy))]),
            ];
      return [`${t(recipient.name)}: ${t(recipient.service)}`, ...safeguard].join('; ');
    }),
    w.noRecipients,
  );

  // Art. 15(1)(d): how long.
  heading(2, w.headings.retention);
  list(
    purposes.flatMap((purpose) => {
      const retention = purpose.retention;
      if (retention === undefined) return [];
      const rule =
        'duration' in retention
          ? notice.text.retentionFor(
              formatDuration(retention.duration, language),
              notice.retentionEvents[retention.from],
            )
          : retention.criteria.map(t).join('; ');
      return [`${t(purpose.name)}: ${rule}`];
    }),
    w.retentionDefault,
  );
  // Art. 15(1)(d), 17(3)(b), (e): what a legal hold keeps now, despite an erasure.
  const held = options.holds ?? [];
  if (held.length > 0) {
    heading(2, w.headings.held);
    blocks.push({ kind: 'paragraph', text: w.heldIntro });
    const end = (until: string | null): string =>
      until === null ? w.untilUnknown : w.endDay(formatDate(until, language));
    blocks.push({
      kind: 'table',
      head: [...w.heldTable],
      rows: held.map((hold) => [
        `${datastoreName(map, hold.datastore)} (${hold.collection})`,
        t(hold.reason),
        hold.basis ?? notice.format.notStated,
        String(hold.rows),
        hold.ends.length === 1
          ? end(hold.ends[0]?.until ?? null)
          : hold.ends.map((group) => `${end(group.until)} (${group.rows})`).join('; '),
      ]),
    });
  }

  // Art. 15(1)(g): where it came from, when not from the person.
  heading(2, w.headings.sources);
  const sources = unique(purposes.flatMap((purpose) => purpose.sources)).flatMap((id) =>
    map.sources.filter((source) => source.id === id),
  );
  list(
    sources.map((source) => `${t(source.name)} (${notice.sourceTypes[source.type]})`),
    w.fromYou,
  );

  // Art. 15(1)(h): automated decisions, profiling, the logic, significance and consequences.
  heading(2, w.headings.automated);
  list(
    purposes.flatMap((purpose) => {
      const decisions = purpose.automatedDecisions;
      if (decisions === undefined) return [];
      return [
        `${t(purpose.name)}: ${t(decisions.logic)} ${t(decisions.significance)} ${t(decisions.consequences)}`,
      ];
    }),
    w.noAutomated,
  );

  // Art. 15(1)(e)-(f): the rights, and the complaint to an authority.
  heading(2, w.headings.rights);
  const jurisdictions = map.jurisdictions.filter(
    (jurisdiction) =>
      jurisdiction.controller === undefined || jurisdiction.controller === controller.id,
  );
  list(
    unique(jurisdictions.flatMap((jurisdiction) => [...rightsOf(jurisdiction)])).map(
      (right) => notice.rights[right].name,
    ),
    w.askUs,
  );
  const authority = map.authorities.find(
    (candidate) => candidate.id === controller.supervisoryAuthority,
  );
  if (authority !== undefined) {
    blocks.push({ kind: 'paragraph', text: w.complain(t(authority.name), authority.url) });
  }
  return renderHtml({ title, language, blocks });
}

/** The categories of the declared fields that hold a value in a row found. */
function foundCategories(map: DataMap, found: Found): string[] {
  const ids: string[] = [];
  for (const collection of found.collections) {
    const declared = map.datastores
      .find((datastore) => datastore.id === collection.datastore)
      ?.collections.find((candidate) => candidate.name === collection.collection);
    for (const field of declared?.fields ?? []) {
      if (!collection.rows.some((row) => (row[field.name] ?? null) !== null)) continue;
      for (const category of field.categories) if (!ids.includes(category)) ids.push(category);
    }
  }
  return ids;
}

function datastoreName(map: DataMap, id: string): string {
  return map.datastores.find((datastore) => datastore.id === id)?.name ?? id;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
