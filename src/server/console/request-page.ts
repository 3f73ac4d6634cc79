import type { DryRunOutcome, ErasureCertificate, PlanHold } from '../../execution/index.js';
import { localize, type Language } from '../../map/index.js';
import {
  FINAL_STATUSES,
  MAX_REASON_LENGTH,
  type RequestDetail,
  type RequestRecord,
} from '../../requests/index.js';
import { may, type StaffSession } from '../../staff/index.js';
import { escapeHtml } from '../html.js';
import { csrfField } from './guards.js';

const DAY_MS = 86_400_000;

/** Statuses a request can be denied in (src/requests denyRequest). */
export const DENIABLE: readonly string[] = [
  'unverified',
  'verified',
  'awaiting-approval',
  'approved',
  'failed',
];

/** Statuses a dry run is shown for (src/execution runRequest refuses the others). */
export const PLANNABLE: readonly string[] = [
  'verified',
  'awaiting-approval',
  'approved',
  'running',
  'failed',
];

/** Request types answered with a package of the person's data. */
export const PACKAGE_TYPES: readonly string[] = ['access', 'know', 'portability'];

/** Request types answered by an erasure, which leaves a certificate. */
export const ERASURE_TYPES: readonly string[] = ['erasure', 'delete'];

/** The dry run of the page: the plan, why there is none, or nothing to say. */
export type PlanView =
  | { readonly kind: 'plan'; readonly outcome: DryRunOutcome }
  | { readonly kind: 'unavailable'; readonly text: string }
  | { readonly kind: 'none' };

/** The package of an access request, as the packages table has it. */
export interface PackageView {
  readonly bytes: number;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** Downloaded, or past its expiry: the bytes are gone. */
  readonly live: boolean;
  /** The person's download page, for a role that handles requests; else undefined. */
  readonly href?: string;
}

export function isOpen(request: RequestRecord): boolean {
  return !(FINAL_STATUSES as readonly string[]).includes(request.status);
}

/** Whole days until the deadline (negative: overdue), as the queue shows them. */
export function daysLeft(request: RequestRecord, now: Date): number {
  return Math.ceil((request.dueAt.getTime() - now.getTime()) / DAY_MS);
}

/** The queue's "days left" text: a count, "overdue by", or a dash once finished. */
export function leftText(request: RequestRecord, now: Date): string {
  if (!isOpen(request)) return '—';
  const days = daysLeft(request, now);
  return days < 0 ? `overdue by ${-days} d` : `${days} d`;
}

function day(date: Date): string {
  return `<time datetime="${date.toISOString()}">${date.toISOString().slice(0, 10)}</time>`;
}

function moment(date: Date): string {
  const iso = date.toISOString();
  return `<time datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC</time>`;
}

function row(label: string, value: string): string {
  return `<tr><th scope="row">${escapeHtml(label)}</th><td>${value}</td></tr>`;
}

/** The request's facts; the person's email and words only for a role that handles requests. */
function facts(detail: RequestDetail, session: StaffSession, now: Date): string {
  const r = detail.request;
  const handles = may(session.role, 'requests:handle');
  const rows = [
    row('Type', escapeHtml(r.type)),
    row('Law', escapeHtml(r.law)),
    row('Controller', escapeHtml(r.controller)),
    row('Country', escapeHtml(r.region === null ? r.country : `${r.country} (${r.region})`)),
    row('Status', `<strong id="status">${escapeHtml(r.status)}</strong>`),
    row('Received', moment(r.receivedAt)),
    ...(r.acknowledgeBy === null ? [] : [row('Receipt to be confirmed by', day(r.acknowledgeBy))]),
    row('Due', day(r.dueAt)),
    row(
      'Days left',
      isOpen(r) && daysLeft(r, now) < 0
        ? `<span class="late">${escapeHtml(leftText(r, now))}</span>`
        : escapeHtml(leftText(r, now)),
    ),
    row('Extended', r.extendedAt === null ? 'no' : `on ${day(r.extendedAt)}`),
    row('Language', escapeHtml(r.language ?? 'the notice’s first')),
    row('Verification', escapeHtml(r.verification ?? 'none')),
    ...(r.decidedAt === null ? [] : [row('Decided', moment(r.decidedAt))]),
    ...(r.finishedAt === null ? [] : [row('Finished', moment(r.finishedAt))]),
    ...(detail.appealOf === null
      ? []
      : [
          row(
            'Appeal of',
            `<a href="/console/requests/${escapeHtml(detail.appealOf)}"><code>${escapeHtml(detail.appealOf)}</code></a>`,
          ),
        ]),
    ...detail.appeals.map((id) =>
      row(
        'Appealed by',
        `<a href="/console/requests/${escapeHtml(id)}"><code>${escapeHtml(id)}</code></a>`,
      ),
    ),
  ];
  // Personal data: for the roles that handle requests, who must write to and about the person.
  if (handles) {
    rows.push(row('Email', `<span id="email">${escapeHtml(detail.subject.email)}</span>`));
    if (detail.subject.details !== null) {
      rows.push(
        row('Their words', `<span class="text">${escapeHtml(detail.subject.details)}</span>`),
      );
    }
    if (detail.subject.changes !== null) {
      rows.push(
        row(
          'Corrections asked',
          Object.entries(detail.subject.changes)
            .map(([name, value]) => `${escapeHtml(name)}: ${escapeHtml(value)}`)
            .join('<br>'),
        ),
      );
    }
    if (detail.reason !== null) {
      rows.push(row('Reason given', `<span class="text">${escapeHtml(detail.reason)}</span>`));
    }
  }
  return `<table class="facts">\n<caption>Request</caption>\n${rows.join('\n')}\n</table>`;
}

/** The request's own timeline; each entry is also a record of the evidence chain. */
function timeline(detail: RequestDetail): string {
  const rows = detail.events.map((event) => {
    const details = Object.keys(event.details).length === 0 ? '' : JSON.stringify(event.details);
    return `<tr><td>${moment(event.at)}</td><td>${escapeHtml(event.kind)}</td><td>${escapeHtml(event.status)}</td><td>${escapeHtml(event.actor)}</td><td>${details === '' ? '' : `<code>${escapeHtml(details)}</code>`}</td></tr>`;
  });
  return `<h2 id="timeline">Timeline</h2>
<table>
<thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Status after</th><th scope="col">Who</th><th scope="col">Details</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

function holdsTable(holds: readonly PlanHold[], language: Language): string {
  if (holds.length === 0) return '<p>No row is kept under a legal hold.</p>';
  const rows = holds.map((hold) => {
    const ends = hold.ends
      .map((end) => `${end.rows} until ${end.until === null ? 'an unknown day' : end.until}`)
      .join('<br>');
    return `<tr><td>${escapeHtml(hold.datastore)}</td><td>${escapeHtml(hold.collection)}</td><td>${hold.rows}</td><td>${escapeHtml(localize(hold.reason, language))}</td><td>${escapeHtml(hold.basis ?? '')}</td><td>${ends}</td><td>${escapeHtml(hold.keptWith ?? '')}</td></tr>`;
  });
  return `<table class="holds">
<caption>Rows kept under a legal hold (GDPR Art. 17(3))</caption>
<thead><tr><th scope="col">Datastore</th><th scope="col">Collection</th><th scope="col">Rows</th><th scope="col">Reason</th><th scope="col">Basis</th><th scope="col">Held until</th><th scope="col">Kept with</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

function strategies(value: Readonly<Record<string, string>>): string {
  return escapeHtml(
    Object.entries(value)
      .map(([field, strategy]) => `${field}: ${strategy}`)
      .join(', '),
  );
}

/** The dry run: rows per collection and what would be done, the held rows; counts only. */
function planSection(plan: PlanView, language: Language): string {
  if (plan.kind === 'none') return '';
  if (plan.kind === 'unavailable') {
    return `<h2 id="plan">Dry run</h2>\n<p>${escapeHtml(plan.text)}</p>`;
  }
  const { outcome } = plan;
  const found = outcome.collections.filter((collection) => collection.found > 0);
  const rows = found.map(
    (c) =>
      `<tr><td>${escapeHtml(c.datastore)}</td><td>${escapeHtml(c.collection)}</td><td>${c.found}</td><td>${c.held}</td><td>${escapeHtml(c.op)}</td><td>${c.rows}</td><td>${strategies(c.strategies)}</td></tr>`,
  );
  return `<h2 id="plan">Dry run</h2>
<p>What running this ${escapeHtml(outcome.type)} request would do now, in row counts; nothing was changed${outcome.steps > 0 ? `. ${outcome.steps} steps` : ''}.</p>
${
  rows.length === 0
    ? '<p>Nothing of this person was found.</p>'
    : `<table class="plan">
<caption>Rows per collection</caption>
<thead><tr><th scope="col">Datastore</th><th scope="col">Collection</th><th scope="col">Found</th><th scope="col">Held</th><th scope="col">Would</th><th scope="col">Rows</th><th scope="col">Strategies</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`
}
${holdsTable(outcome.holds ?? [], language)}`;
}

function packageSection(pkg: PackageView | undefined, request: RequestRecord): string {
  if (!PACKAGE_TYPES.includes(request.type)) return '';
  if (pkg === undefined) {
    return `<h2 id="package">Package</h2>\n<p>No package yet: it is made when the request runs.</p>`;
  }
  const state = pkg.live
    ? `ready, ${pkg.bytes} bytes, made ${moment(pkg.createdAt)}, until ${moment(pkg.expiresAt)}`
    : `downloaded or expired (made ${moment(pkg.createdAt)}, ${pkg.bytes} bytes); its bytes are deleted`;
  return `<h2 id="package">Package</h2>
<p>${state}.</p>
${
  pkg.live && pkg.href !== undefined
    ? `<p><a href="${escapeHtml(pkg.href)}" rel="noreferrer">The person’s download page</a>. Opening it changes nothing; its Download button uses up the person’s one download.</p>`
    : ''
}`;
}

function certificateSection(
  certificate: ErasureCertificate | undefined,
  request: RequestRecord,
  language: Language,
): string {
  if (!ERASURE_TYPES.includes(request.type) || request.status !== 'completed') return '';
  if (certificate === undefined) {
    return `<h2 id="certificate">Erasure certificate</h2>\n<p>None is stored for this request.</p>`;
  }
  const body = certificate.body;
  const rows = body.datastores.flatMap((datastore) =>
    datastore.collections.map(
      (c) =>
        `<tr><td>${escapeHtml(datastore.id)}</td><td>${escapeHtml(c.name)}</td><td>${c.found}</td><td>${c.deleted}</td><td>${c.anonymised}</td><td>${c.kept}</td><td>${c.held}</td></tr>`,
    ),
  );
  return `<h2 id="certificate">Erasure certificate</h2>
<table class="facts">
<caption>Signed statement of the erasure (GDPR Art. 5(2), 17)</caption>
${row('Completed', moment(new Date(body.completedAt)))}
${row('Planned', moment(new Date(body.planComputedAt)))}
${row('Steps', String(body.steps.length))}
${row('Suppressed', `${body.suppressed.email} email, ${body.suppressed.phone} phone`)}
${row('Signed with', `${escapeHtml(certificate.algorithm)} key <code>${escapeHtml(certificate.keyId)}</code>`)}
</table>
${
  rows.length === 0
    ? '<p>Nothing of this person was found.</p>'
    : `<table>
<caption>What was erased</caption>
<thead><tr><th scope="col">Datastore</th><th scope="col">Collection</th><th scope="col">Found</th><th scope="col">Deleted</th><th scope="col">Anonymised</th><th scope="col">Kept</th><th scope="col">Held</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`
}
${holdsTable(body.holds, language)}
<p><a href="/console/requests/${escapeHtml(request.id)}/certificate" download>Download the signed certificate (JSON)</a>; anyone can check it against the key at <code>/v1/certificates/key</code>.</p>`;
}

function reasonForm(
  session: StaffSession,
  id: string,
  action: 'deny' | 'extend',
  legend: string,
  hint: string,
  button: string,
): string {
  return `<form method="post" action="/console/requests/${escapeHtml(id)}/${action}">
${csrfField(session)}
<fieldset>
<legend>${escapeHtml(legend)}</legend>
<p><label for="${action}-reason">Reason, mailed to the person</label><br>
<textarea id="${action}-reason" name="reason" rows="4" cols="60" maxlength="${MAX_REASON_LENGTH}" required aria-describedby="${action}-hint"></textarea></p>
<p id="${action}-hint" class="hint">${escapeHtml(hint)}</p>
<p><button type="submit">${escapeHtml(button)}</button></p>
</fieldset>
</form>`;
}

/** The actions the role may take on the request as it stands; the server checks again. */
function actions(request: RequestRecord, session: StaffSession, now: Date): string {
  const forms: string[] = [];
  if (request.status === 'awaiting-approval' && may(session.role, 'requests:approve')) {
    forms.push(`<form method="post" action="/console/requests/${escapeHtml(request.id)}/approve">
${csrfField(session)}
<p><button type="submit">Approve</button> The executor then runs it${ERASURE_TYPES.includes(request.type) ? ': the dry run on this page is what it will erase' : ''}.</p>
</form>`);
  }
  if (DENIABLE.includes(request.status) && may(session.role, 'requests:handle')) {
    forms.push(
      reasonForm(
        session,
        request.id,
        'deny',
        'Deny',
        'GDPR Art. 12(4): the person is told why, and how to complain or appeal.',
        'Deny the request',
      ),
    );
  }
  if (
    isOpen(request) &&
    request.extendedAt === null &&
    request.dueAt.getTime() >= now.getTime() &&
    may(session.role, 'deadlines:extend')
  ) {
    forms.push(
      reasonForm(
        session,
        request.id,
        'extend',
        'Extend the deadline',
        'Once, within the first period, by what the law allows (GDPR Art. 12(3): two months; CCPA, VCDPA: 45 days).',
        'Extend',
      ),
    );
  }
  return forms.length === 0 ? '' : `<h2 id="actions">Actions</h2>\n${forms.join('\n')}`;
}

const PAGE_STYLE = `<style>
  table.facts th { font-weight: 600; }
  caption { text-align: left; font-weight: 600; padding: .25rem .5rem; }
  .late { color: #b00; font-weight: 700; }
  .text { white-space: pre-wrap; }
  fieldset { margin: 1rem 0; }
  @media (prefers-color-scheme: dark) { .late { color: #f88; } }
</style>`;

/** The body of a request's page. */
export function requestPageBody(input: {
  readonly detail: RequestDetail;
  readonly session: StaffSession;
  readonly now: Date;
  readonly language: Language;
  readonly plan: PlanView;
  readonly pkg: PackageView | undefined;
  readonly certificate: ErasureCertificate | undefined;
}): string {
  const r = input.detail.request;
  return `${PAGE_STYLE}
<p><a href="/console/requests">Requests</a></p>
<h1>Request <code>${escapeHtml(r.id)}</code></h1>
${facts(input.detail, input.session, input.now)}
${actions(r, input.session, input.now)}
${planSection(input.plan, input.language)}
${packageSection(input.pkg, r)}
${certificateSection(input.certificate, r, input.language)}
${timeline(input.detail)}`;
}
