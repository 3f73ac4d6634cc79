import type { FastifyInstance } from 'fastify';
import { runRules, type DataMap, type Finding, type Language } from '../../map/index.js';
import {
  latestPublication,
  publicationOf,
  readPublication,
  type Publication,
} from '../../publications/index.js';
import {
  diff,
  notice,
  renderHtmlBlocks,
  ropa,
  ropaCsv,
  subprocessors,
  type Change,
} from '../../publish/index.js';
import { placesText, transferMechanismLabel } from '../../publish/subprocessors.js';
import { may, type StaffSession } from '../../staff/index.js';
import { escapeHtml, html } from '../html.js';
import { isLanguage } from '../unsubscribe-page.js';
import type { ServerContext } from '../route.js';
import { refuse, type ConsoleGuards } from './guards.js';
import { consolePage } from './layout.js';

const SECTION = '/console/map';

const SEVERITIES = [
  { severity: 'error', title: 'Errors', intro: 'These stop publication.' },
  { severity: 'warning', title: 'Warnings', intro: 'These ask for a look.' },
  {
    severity: 'assumption',
    title: 'Assumptions',
    intro:
      'The notice states these from a documented default because the map does not declare the fact.',
  },
] as const;

const CHANGE_GROUPS = [
  { severity: 'notify', title: 'Tell people before it takes effect' },
  { severity: 'inform', title: 'Update the notice' },
  { severity: 'record', title: 'Record internally' },
] as const;

const findingsOf = new WeakMap<DataMap, readonly Finding[]>();

/** The map's findings, as `custodian check` lists them (without file positions: the path instead). */
function findings(map: DataMap): readonly Finding[] {
  let list = findingsOf.get(map);
  if (list === undefined) {
    list = runRules(map);
    findingsOf.set(map, list);
  }
  return list;
}

function pathText(path: readonly (string | number)[]): string {
  return path.length === 0 ? '(map)' : path.join('.');
}

function findingsSection(map: DataMap): string {
  const all = findings(map);
  const counts = SEVERITIES.map(
    ({ severity }) => `${all.filter((f) => f.severity === severity).length} ${severity}s`,
  ).join(', ');
  const groups = SEVERITIES.map(({ severity, title, intro }) => {
    const group = all.filter((f) => f.severity === severity);
    if (group.length === 0) return '';
    return `<h3 id="findings-${severity}">${title} (${group.length})</h3>
<p>${escapeHtml(intro)}</p>
<table>
<thead><tr><th scope="col">Rule</th><th scope="col">Where</th><th scope="col">Finding</th></tr></thead>
<tbody>
${group.map((f) => `<tr><td><code>${escapeHtml(f.rule)}</code></td><td><code>${escapeHtml(pathText(f.path))}</code></td><td>${escapeHtml(f.message)}</td></tr>`).join('\n')}
</tbody>
</table>`;
  }).join('\n');
  return `<section aria-labelledby="findings">
<h2 id="findings">Check findings</h2>
<p>The findings <code>custodian check</code> reports for the served map: ${escapeHtml(counts)}.</p>
${all.length === 0 ? '<p>No findings.</p>' : groups}
</section>`;
}

function noticeSection(map: DataMap): string {
  const links = map.notice.languages
    .map(
      (language) =>
        `<li><a href="${SECTION}/notice/${language}" hreflang="${language}">Preview in ${language}</a> · <a href="/privacy/${language}" hreflang="${language}">as published in the privacy center</a></li>`,
    )
    .join('\n');
  return `<section aria-labelledby="notice">
<h2 id="notice">Notice</h2>
<p>Version ${escapeHtml(map.notice.version)}, in effect since ${escapeHtml(map.notice.effectiveDate)}.</p>
<ul>
${links}
</ul>
</section>`;
}

function subprocessorSection(map: DataMap): string {
  const entries = subprocessors(map);
  const rows = entries.map((entry) => {
    const places = [...new Set([...entry.processingCountries, ...entry.storageCountries])];
    const mechanism =
      entry.transferMechanism === null ? '—' : transferMechanismLabel(entry.transferMechanism);
    return `<tr><td>${escapeHtml(entry.company)}${entry.legalName === undefined ? '' : ` (${escapeHtml(entry.legalName)})`}</td><td>${escapeHtml(entry.service)}</td><td>${escapeHtml(entry.purposes.join(', '))}</td><td>${escapeHtml(placesText(places))}</td><td>${escapeHtml(mechanism)}</td><td>${entry.dpaSigned ? 'yes' : '<strong>no</strong>'}</td></tr>`;
  });
  return `<section aria-labelledby="subprocessors">
<h2 id="subprocessors">Sub-processors</h2>
${
  rows.length === 0
    ? '<p>The map declares no sub-processors.</p>'
    : `<table>
<thead><tr><th scope="col">Company</th><th scope="col">Service</th><th scope="col">Purposes</th><th scope="col">Countries</th><th scope="col">Transfer mechanism</th><th scope="col">DPA signed</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`
}
</section>`;
}

function recordSection(session: StaffSession): string {
  const body = may(session.role, 'records:read')
    ? `<p><a href="${SECTION}/ropa.csv" download>Download the Art. 30 record (CSV)</a></p>`
    : '<p>Your role may not download the Art. 30 record; a privacy lead or an admin may.</p>';
  return `<section aria-labelledby="record">
<h2 id="record">Record of processing activities</h2>
<p>The record GDPR Art. 30 asks a controller (30(1)) and a processor (30(2)) to keep, from the served map.</p>
${body}
</section>`;
}

function changesTable(changes: readonly Change[]): string {
  if (changes.length === 0) return '<p>No changes that affect people, customers or the record.</p>';
  return CHANGE_GROUPS.map(({ severity, title }) => {
    const group = changes.filter((change) => change.severity === severity);
    if (group.length === 0) return '';
    return `<h3>${title} (${group.length})</h3>
<table>
<thead><tr><th scope="col">Change</th><th scope="col">Subject</th><th scope="col">What</th><th scope="col">Why</th></tr></thead>
<tbody>
${group.map((c) => `<tr><td><code>${escapeHtml(c.kind)}</code></td><td>${escapeHtml(c.subject)}</td><td>${escapeHtml(c.message)}</td><td>${escapeHtml(c.reason)}</td></tr>`).join('\n')}
</tbody>
</table>`;
  }).join('\n');
}

function publicationName(publication: Publication): string {
  return `version ${publication.seq} (notice ${publication.version}, published ${publication.publishedAt.toISOString().slice(0, 10)})`;
}

/**
 * The diff between the served map and the last published one; when the served map is the last
 * published one, against the one before it (what its publication changed).
 */
async function diffSection(context: ServerContext): Promise<string> {
  const served = publicationOf(context.map);
  const latest = await latestPublication(context.db);
  const section = (body: string): string => `<section aria-labelledby="diff">
<h2 id="diff">Changes against the published version</h2>
${body}
</section>`;
  if (latest === undefined) {
    return section(
      '<p>No version has been published yet: <code>custodian serve</code> records the notice it serves when it starts.</p>',
    );
  }
  const unreadable = (publication: Publication): string =>
    `<p>The map of ${escapeHtml(publicationName(publication))} no longer validates under this version of Custodian, so it cannot be compared.</p>`;
  if (latest.noticeHash !== served.noticeHash) {
    const stored = await readPublication(context.db, latest.seq);
    if (stored?.map === undefined) return section(unreadable(latest));
    return section(`<p>The served map is not yet published. Changes since the last published ${escapeHtml(publicationName(latest))}:</p>
${changesTable(diff(stored.map, context.map))}`);
  }
  const parts = [
    `<p><strong>The served map is the last published version</strong>, ${escapeHtml(publicationName(latest))}.</p>`,
  ];
  if (latest.mapHash !== served.mapHash) {
    const stored = await readPublication(context.db, latest.seq);
    if (stored?.map !== undefined) {
      parts.push(
        '<p>The map has changed since in ways the notice does not show:</p>',
        changesTable(diff(stored.map, context.map)),
      );
    }
  }
  const before = latest.seq > 1 ? await readPublication(context.db, latest.seq - 1) : undefined;
  if (before === undefined) {
    parts.push('<p>There is no earlier published version to compare it with.</p>');
  } else if (before.map === undefined) {
    parts.push(unreadable(before));
  } else {
    parts.push(
      `<p>What its publication changed against the one before, ${escapeHtml(publicationName(before))}:</p>`,
      changesTable(diff(before.map, context.map)),
    );
  }
  return section(parts.join('\n'));
}

/** The data map: check findings, notice previews, sub-processors, the Art. 30 record, the diff. */
export function registerMapPages(
  app: FastifyInstance,
  context: ServerContext,
  guards: ConsoleGuards,
): void {
  app.get(SECTION, async (request, reply) => {
    const session = await guards.page(request, reply, 'map:read');
    if (!session) return reply;
    const map = context.map;
    return html(
      reply,
      200,
      consolePage({
        title: 'Data map',
        session,
        current: SECTION,
        body: `<h1>Data map</h1>
<p>${escapeHtml(map.organisation.name)} · notice version ${escapeHtml(map.notice.version)} · languages ${escapeHtml(map.notice.languages.join(', '))}</p>
${findingsSection(map)}
${noticeSection(map)}
${subprocessorSection(map)}
${recordSection(session)}
${await diffSection(context)}`,
      }),
    );
  });

  app.get<{ Params: { lang: string } }>(`${SECTION}/notice/:lang`, async (request, reply) => {
    const session = await guards.page(request, reply, 'map:read');
    if (!session) return reply;
    const lang = request.params.lang;
    if (!isLanguage(lang) || !context.map.notice.languages.includes(lang)) {
      return refuse(reply, 404, 'Not found', 'The notice has no such language.', session);
    }
    const language: Language = lang;
    const document = notice(context.map, { language });
    return html(
      reply,
      200,
      consolePage({
        title: `Notice preview (${language})`,
        session,
        current: SECTION,
        body: `<p><a href="${SECTION}">Back to the data map</a> · Preview of the notice in <code>${language}</code>, version ${escapeHtml(context.map.notice.version)}.</p>
<div lang="${language}">
${renderHtmlBlocks(document)}
</div>`,
      }),
    );
  });

  app.get(`${SECTION}/ropa.csv`, async (request, reply) => {
    // The Art. 30 record: a privacy lead or an admin only (src/staff ROLE_PERMISSIONS).
    const session = await guards.page(request, reply, 'records:read');
    if (!session) return reply;
    return reply
      .code(200)
      .headers({
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="art30-record.csv"',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      })
      .send(ropaCsv(ropa(context.map)));
  });
}
