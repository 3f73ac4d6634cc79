import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Row } from '../datastores/connector.js';
import {
  controllerFor,
  isWithinCategory,
  localize,
  parseDuration,
  recipientsOf,
  resolveCategory,
  rightsOf,
  transfers,
  type DataMap,
  type Language,
  type Purpose,
  type Text,
} from '../map/index.js';
import { renderHtml, type Block } from '../publish/index.js';
import type { Found } from './find-person.js';
import type { PlanHold } from './plan.js';
import { toJsonSafe } from './plain-value.js';

export interface AccessPackageOptions {
  readonly requestId: string;
  /** The time the package is made; written into it and used as every file's date. */
  readonly generatedAt: Date;
  /** Where the person lives: picks the controller answering (seed 000). */
  readonly country?: string;
  /** The language of the map's texts; the notice's first language when absent. */
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
 * module's renderer). The purposes are those that use a category of the fields where the person's
 * data was found, among the purposes of the controller answering them; all of that controller's
 * purposes when the fields declare no categories.
 */
export function accessSummary(map: DataMap, found: Found, options: AccessPackageOptions): string {
  const language = options.language ?? map.notice.languages[0] ?? 'en';
  const t = (text: Text): string => localize(text, language);
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

  const title = `Your personal data at ${map.organisation.name}`;
  heading(1, title);
  blocks.push({
    kind: 'fields',
    items: [
      ['Controller', controller.legalName],
      ['Request', options.requestId],
      ['Prepared', options.generatedAt.toISOString().slice(0, 10)],
      ...(controller.contact.email === undefined
        ? []
        : [['Contact', controller.contact.email] as const]),
      ...(controller.dpo?.contact.email === undefined
        ? []
        : [['Data protection officer', controller.dpo.contact.email] as const]),
    ],
  });

  heading(2, 'The data we hold about you');
  blocks.push({
    kind: 'paragraph',
    text: 'A copy of every record is in data.json (machine-readable) and, one file per table, in the csv folder. In the CSV files, a text that starts with =, +, - or @ begins with an apostrophe, so that a spreadsheet shows it as text instead of running it; data.json has every value exactly.',
  });
  const withRows = found.collections.filter((collection) => collection.rows.length > 0);
  if (withRows.length > 0) {
    blocks.push({
      kind: 'table',
      head: ['Where', 'Table', 'Records'],
      rows: withRows.map((collection) => [
        datastoreName(map, collection.datastore),
        collection.collection,
        String(collection.rows.length),
      ]),
    });
  } else {
    blocks.push({ kind: 'paragraph', text: 'We found no records about you.' });
  }

  // GDPR Art. 15(1)(a): purposes, with their legal basis (Art. 6(1)).
  heading(2, 'Why we process it');
  list(
    purposes.map(
      (purpose) =>
        `${t(purpose.name)}: ${t(purpose.description)} (legal basis: ${basisName(purpose)})`,
    ),
    'No purpose of our records concerns this data.',
  );

  // Art. 15(1)(b): the categories concerned.
  heading(2, 'Kinds of data');
  const categoryIds =
    categories.length > 0 ? categories : unique(purposes.flatMap((p) => p.categories));
  list(
    categoryIds.map((id) => {
      const category = resolveCategory(map, id);
      return category === undefined ? id : t(category.name);
    }),
    'None recorded.',
  );

  // Art. 15(1)(c), 15(2): recipients, and the safeguards of transfers outside the EEA.
  heading(2, 'Who receives it');
  const recipients = unique(purposes.flatMap((purpose) => recipientsOf(map, purpose)));
  const moved = transfers(map);
  list(
    recipients.map((recipient) => {
      const transfer = moved.find((candidate) => candidate.recipient.id === recipient.id);
      const safeguard =
        transfer === undefined
          ? ''
          : `; transferred to ${transfer.countries.join(', ')}${
              recipient.transfer === undefined
                ? ''
                : ` under ${recipient.transfer.mechanism}${
                    recipient.transfer.copy === undefined
                      ? ''
                      : ` (copy: ${t(recipient.transfer.copy)})`
                  }`
            }`;
      return `${t(recipient.name)}: ${t(recipient.service)}${safeguard}`;
    }),
    'Nobody outside our organisation.',
  );

  // Art. 15(1)(d): how long.
  heading(2, 'How long we keep it');
  list(
    purposes.flatMap((purpose) => {
      const retention = purpose.retention;
      if (retention === undefined) return [];
      const rule =
        'duration' in retention
          ? `${durationText(retention.duration)} from ${retention.from.replace(/-/g, ' ')}`
          : retention.criteria.map(t).join('; ');
      return [`${t(purpose.name)}: ${rule}`];
    }),
    'As long as the purposes above need it.',
  );

  // Art. 15(1)(g): where it came from, when not from the person.
  heading(2, 'Where it came from');
  const sources = unique(purposes.flatMap((purpose) => purpose.sources)).flatMap((id) =>
    map.sources.filter((source) => source.id === id),
  );
  list(
    sources.map((source) => `${t(source.name)} (${source.type.replace(/-/g, ' ')})`),
    'From you.',
  );

  // Art. 15(1)(h): automated decisions, profiling, the logic, significance and consequences.
  heading(2, 'Automated decisions');
  list(
    purposes.flatMap((purpose) => {
      const decisions = purpose.automatedDecisions;
      if (decisions === undefined) return [];
      return [
        `${t(purpose.name)}: ${t(decisions.logic)} ${t(decisions.significance)} ${t(decisions.consequences)}`,
      ];
    }),
    'We make no decisions about you by automated means alone.',
  );

  // Art. 15(1)(e)-(f): the rights, and the complaint to an authority.
  heading(2, 'Your rights');
  const jurisdictions = map.jurisdictions.filter(
    (jurisdiction) =>
      jurisdiction.controller === undefined || jurisdiction.controller === controller.id,
  );
  list(
    unique(jurisdictions.flatMap((jurisdiction) => [...rightsOf(jurisdiction)])).map((right) =>
      right.replace(/-/g, ' '),
    ),
    'Ask us.',
  );
  const authority = map.authorities.find(
    (candidate) => candidate.id === controller.supervisoryAuthority,
  );
  if (authority !== undefined) {
    blocks.push({
      kind: 'paragraph',
      text: `You may complain to ${t(authority.name)}: ${authority.url}`,
    });
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

function basisName(purpose: Purpose): string {
  return (purpose.legalBasis ?? 'not stated').replace(/-/g, ' ');
}

/** `P7Y` → `7 years`, `P1Y6M` → `1 year 6 months`. */
function durationText(duration: string): string {
  const parts = parseDuration(duration);
  if (parts === undefined) return duration;
  const named: [number, string][] = [
    [parts.years, 'year'],
    [parts.months, 'month'],
    [parts.weeks, 'week'],
    [parts.days, 'day'],
    [parts.hours, 'hour'],
  ];
  return named
    .filter(([count]) => count > 0)
    .map(([count, unit]) => `${count} ${unit}${count === 1 ? '' : 's'}`)
    .join(' ');
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
