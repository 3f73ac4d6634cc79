import type { FastifyInstance, FastifyReply } from 'fastify';
import { appendEvidence } from '../../evidence/index.js';
import {
  consentActivity,
  EVERY_PURPOSE,
  MAX_EMAIL_LENGTH,
  parseEmail,
  suppressionsOf,
  type ConsentActivity,
  type Identifier,
  type SuppressionEntry,
} from '../../ledger/index.js';
import { localize, type Purpose } from '../../map/index.js';
import { may, type StaffSession } from '../../staff/index.js';
import { escapeHtml, html } from '../html.js';
import type { ServerContext } from '../route.js';
import { lineChart, shareChart, type Series } from './chart.js';
import { csrfField, field, type ConsoleGuards } from './guards.js';
import { consolePage } from './layout.js';

const DAY_MS = 86_400_000;

/** The periods the charts show, in days; 90 when the query names none. */
export const CONSENT_PERIODS = [30, 90, 365] as const;
const DEFAULT_PERIOD = 90;

/** The longest identifier the lookup takes: that of an email (RFC 5321's 320 characters). */
export const MAX_IDENTIFIER_LENGTH = MAX_EMAIL_LENGTH;

/** A phone number as people type it: digits, spaces, a leading + and ( ) . / - between. */
const PHONE = /^\+?[\d ()./-]+$/;

const SERIES = {
  granted: { name: 'Grants', color: '#1a7f37' },
  withdrawn: { name: 'Withdrawals', color: '#cf222e', dash: '6 4' },
  refused: { name: 'Refusals', color: '#6e7781', dash: '2 3' },
} as const;
const GPC_COLOR = '#8250df';

/**
 * The consent section: per consent purpose of the map, grants, refusals and withdrawals per day
 * and the share of opt-outs that came with a GPC signal, as charts and tables; and the lookup of
 * an identifier on the suppression list.
 */
export function registerConsentPages(
  app: FastifyInstance,
  context: ServerContext,
  guards: ConsoleGuards,
): void {
  app.get('/console/consent', async (request, reply) => {
    const session = await guards.page(request, reply, 'consent:read');
    if (!session) return reply;
    const days = periodOf(request.query);
    if (days === undefined) {
      return html(
        reply,
        400,
        consolePage({
          title: 'Consent',
          session,
          current: '/console/consent',
          body: `<h1>Consent</h1>\n<p role="alert">The period is one of ${CONSENT_PERIODS.join(', ')} days.</p>\n<p><a href="/console/consent">Show the last ${DEFAULT_PERIOD} days</a></p>`,
        }),
      );
    }
    const labels = dayLabels(context.clock(), days);
    const purposes = consentPurposes(context);
    const activity = await consentActivity(context.db, {
      purposes: purposes.map((purpose) => purpose.id),
      from: new Date(`${labels[0] ?? ''}T00:00:00.000Z`),
      to: new Date(Date.parse(`${labels.at(-1) ?? ''}T00:00:00.000Z`) + DAY_MS),
    });
    return html(
      reply,
      200,
      consolePage({
        title: 'Consent',
        session,
        current: '/console/consent',
        body: consentBody(session, purposes, labels, activity),
      }),
    );
  });

  app.get('/console/suppression', async (request, reply) => {
    const session = await guards.page(request, reply, 'suppression:lookup');
    if (!session) return reply;
    return lookupPage(reply, 200, session, '');
  });

  app.post('/console/suppression', async (request, reply) => {
    const session = await guards.post(request, reply, 'suppression:lookup');
    if (!session) return reply;
    // The typed identifier is hashed in memory and goes nowhere else: not into a log line, the
    // evidence, the answer (which does not repeat it) or a URL (it comes in the POST body only).
    const parsed = identifierOf(field(request.body, 'identifier'));
    if (!parsed.ok) {
      return lookupPage(
        reply,
        400,
        session,
        `<p role="alert"><strong>Not looked up:</strong> ${escapeHtml(parsed.issue)}.</p>`,
      );
    }
    const entries = await suppressionsOf(context.db, context.secret, parsed.identifier);
    // Who looked something up and when; never what, nor the answer.
    await appendEvidence(context.db, {
      actor: `user:${session.userId}`,
      action: 'suppression.looked_up',
      at: context.clock(),
    });
    return lookupPage(reply, 200, session, answer(context, parsed.kind, entries));
  });
}

/** The period of `?days=`, the default without one, or undefined for anything else. */
function periodOf(query: unknown): number | undefined {
  const value =
    typeof query === 'object' && query !== null
      ? (query as Record<string, unknown>)['days']
      : undefined;
  if (value === undefined) return DEFAULT_PERIOD;
  return CONSENT_PERIODS.find((days) => String(days) === value);
}

/** The `days` UTC days that end with today's, oldest first, as `YYYY-MM-DD`. */
function dayLabels(now: Date, days: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) =>
    new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10),
  );
}

/** The purposes of the map a person consents to (GDPR Art. 6(1)(a)), in the map's order. */
function consentPurposes(context: ServerContext): Purpose[] {
  return context.map.purposes.filter((purpose) => purpose.legalBasis === 'consent');
}

function purposeName(purpose: Purpose): string {
  return localize(purpose.name, 'en');
}

interface Totals {
  granted: number;
  refused: number;
  withdrawn: number;
  gpcOptOuts: number;
}

function consentBody(
  session: StaffSession,
  purposes: readonly Purpose[],
  labels: readonly string[],
  activity: readonly ConsentActivity[],
): string {
  const first = labels[0] ?? '';
  const last = labels.at(-1) ?? '';
  const period = `${first} to ${last}`;
  const periodForm = `<form method="get" action="/console/consent">
<p><label>Period <select name="days">${CONSENT_PERIODS.map((days) => `<option value="${days}"${days === labels.length ? ' selected' : ''}>Last ${days} days</option>`).join('')}</select></label> <button type="submit">Show</button></p>
</form>`;
  const totals = new Map<string, Totals>();
  const sections = purposes.map((purpose) => {
    const rows = activity.filter((row) => row.purpose === purpose.id);
    const byDay = new Map(rows.map((row) => [row.day, row]));
    const sum: Totals = { granted: 0, refused: 0, withdrawn: 0, gpcOptOuts: 0 };
    for (const row of rows) {
      sum.granted += row.granted;
      sum.refused += row.refused;
      sum.withdrawn += row.withdrawn;
      sum.gpcOptOuts += row.gpcOptOuts;
    }
    totals.set(purpose.id, sum);
    const name = purposeName(purpose);
    const series: Series[] = (['granted', 'withdrawn', 'refused'] as const).map((kind) => ({
      ...SERIES[kind],
      values: labels.map((day) => byDay.get(day)?.[kind] ?? 0),
    }));
    const id = `purpose-${escapeHtml(purpose.id)}`;
    const table =
      rows.length === 0
        ? '<p>No consent was given, refused or withdrawn in this period.</p>'
        : `<table>
<caption>${escapeHtml(name)}: events per day, ${escapeHtml(period)} (UTC); days not listed had none</caption>
<thead><tr><th scope="col">Day</th><th scope="col">Grants</th><th scope="col">Withdrawals</th><th scope="col">Refusals</th><th scope="col">Opt-outs with GPC</th></tr></thead>
<tbody>
${rows.map((row) => `<tr><th scope="row">${escapeHtml(row.day)}</th><td>${row.granted}</td><td>${row.withdrawn}</td><td>${row.refused}</td><td>${row.gpcOptOuts}</td></tr>`).join('\n')}
</tbody>
<tfoot><tr><th scope="row">Total</th><td>${sum.granted}</td><td>${sum.withdrawn}</td><td>${sum.refused}</td><td>${sum.gpcOptOuts}</td></tr></tfoot>
</table>`;
    return `<section aria-labelledby="${id}">
<h2 id="${id}">${escapeHtml(name)} <code>${escapeHtml(purpose.id)}</code></h2>
<p>${sum.granted} ${plural(sum.granted, 'grant')}, ${sum.withdrawn} ${plural(sum.withdrawn, 'withdrawal')}, ${sum.refused} ${plural(sum.refused, 'refusal')}.</p>
<figure>
${lineChart({ label: `${name}: grants, withdrawals and refusals per day, ${period}`, labels, series })}
<figcaption>Grants, withdrawals and refusals per day (UTC).</figcaption>
</figure>
<details><summary>The numbers of this chart</summary>
${table}
</details>
</section>`;
  });

  const share = (sum: Totals): number => {
    const optOuts = sum.refused + sum.withdrawn;
    return optOuts === 0 ? 0 : sum.gpcOptOuts / optOuts;
  };
  const percent = (sum: Totals): string =>
    sum.refused + sum.withdrawn === 0 ? 'no opt-outs' : `${Math.round(share(sum) * 100)} %`;
  const gpcSection =
    purposes.length === 0
      ? ''
      : `<section aria-labelledby="gpc">
<h2 id="gpc">Opt-outs with Global Privacy Control</h2>
<p>Of each purpose's refusals and withdrawals in the period, the share a browser's Global Privacy Control signal came with.</p>
<figure>
${shareChart({
  label: `Share of opt-outs with a GPC signal per purpose, ${period}`,
  color: GPC_COLOR,
  bars: purposes.map((purpose) => {
    const sum = totals.get(purpose.id) ?? { granted: 0, refused: 0, withdrawn: 0, gpcOptOuts: 0 };
    return { name: purposeName(purpose), share: share(sum), text: percent(sum) };
  }),
})}
<figcaption>Share of opt-outs with a GPC signal, per purpose.</figcaption>
</figure>
<details><summary>The numbers of this chart</summary>
<table>
<caption>Opt-outs with a GPC signal per purpose, ${escapeHtml(period)} (UTC)</caption>
<thead><tr><th scope="col">Purpose</th><th scope="col">Opt-outs</th><th scope="col">With GPC</th><th scope="col">Share</th></tr></thead>
<tbody>
${purposes
  .map((purpose) => {
    const sum = totals.get(purpose.id) ?? { granted: 0, refused: 0, withdrawn: 0, gpcOptOuts: 0 };
    return `<tr><th scope="row">${escapeHtml(purposeName(purpose))}</th><td>${sum.refused + sum.withdrawn}</td><td>${sum.gpcOptOuts}</td><td>${escapeHtml(percent(sum))}</td></tr>`;
  })
  .join('\n')}
</tbody>
</table>
</details>
</section>`;

  const lookup = may(session.role, 'suppression:lookup')
    ? `<section aria-labelledby="suppression">
<h2 id="suppression">Suppression lookup</h2>
${lookupForm(session)}
</section>`
    : '';

  return `<h1>Consent</h1>
${periodForm}
<p>Consent purposes of the data map, ${escapeHtml(period)} (UTC days). A withdrawal is a refusal by someone whose previous choice for the purpose was a grant (GDPR Art. 7(3)).</p>
${purposes.length === 0 ? '<p>The data map has no purpose whose legal basis is consent.</p>' : sections.join('\n')}
${gpcSection}
${lookup}`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

function lookupForm(session: StaffSession): string {
  // The field is never filled in again: the answer does not repeat what was typed.
  return `<form method="post" action="/console/suppression">
${csrfField(session)}
<p><label for="identifier">Email address, or phone number in international form (+32 …)</label><br>
<input id="identifier" name="identifier" type="text" maxlength="${MAX_IDENTIFIER_LENGTH}" autocomplete="off" spellcheck="false" required>
<button type="submit">Look up</button></p>
<p>The identifier is hashed as the suppression list stores it and then forgotten: it is neither stored nor logged.</p>
</form>`;
}

function lookupPage(
  reply: FastifyReply,
  status: number,
  session: StaffSession,
  result: string,
): FastifyReply {
  // An answer about a person is not kept in a cache (the browser's, or a proxy's).
  void reply.header('cache-control', 'no-store');
  return html(
    reply,
    status,
    consolePage({
      title: 'Suppression lookup',
      session,
      current: '/console/consent',
      body: `<h1>Suppression lookup</h1>
${result}
${lookupForm(session)}`,
    }),
  );
}

type Parsed =
  { ok: true; kind: 'email' | 'phone'; identifier: Identifier } | { ok: false; issue: string };

/**
 * The identifier typed into the lookup: an email (anything with an @, checked as the intake
 * checks addresses) or a phone number. Issues never quote it.
 */
function identifierOf(value: string | undefined): Parsed {
  if (value === undefined || value.trim() === '') {
    return { ok: false, issue: 'type an email address or a phone number' };
  }
  if (value.length > MAX_IDENTIFIER_LENGTH) {
    return { ok: false, issue: `at most ${MAX_IDENTIFIER_LENGTH} characters` };
  }
  if (value.includes('@')) {
    const email = parseEmail(value);
    return email.ok
      ? { ok: true, kind: 'email', identifier: { email: email.value } }
      : { ok: false, issue: `this is not an email address: ${email.issues}` };
  }
  const phone = value.trim();
  let digits = 0;
  for (const char of phone) if (char >= '0' && char <= '9') digits += 1;
  // ITU-T E.164: at most 15 digits; a 00 prefix adds two.
  if (!PHONE.test(phone) || digits < 4 || digits > 17) {
    return {
      ok: false,
      issue: 'this is neither an email address nor a phone number (digits, spaces, + ( ) . / -)',
    };
  }
  return { ok: true, kind: 'phone', identifier: { phone } };
}

function answer(
  context: ServerContext,
  kind: 'email' | 'phone',
  entries: SuppressionEntry[],
): string {
  const what = kind === 'email' ? 'The email address' : 'The phone number';
  if (entries.length === 0) {
    return `<p role="status"><strong>Not suppressed.</strong> ${what} you typed is not on the suppression list.</p>`;
  }
  const scope = (entry: SuppressionEntry): string => {
    if (entry.scope === EVERY_PURPOSE) return 'every purpose';
    const purpose = context.map.purposes.find((candidate) => candidate.id === entry.scope);
    return purpose === undefined
      ? escapeHtml(entry.scope)
      : `${escapeHtml(purposeName(purpose))} <code>${escapeHtml(entry.scope)}</code>`;
  };
  return `<div role="status"><p><strong>Suppressed.</strong> ${what} you typed is on the suppression list:</p>
<table>
<thead><tr><th scope="col">For</th><th scope="col">Reason</th><th scope="col">Since (UTC)</th></tr></thead>
<tbody>
${entries.map((entry) => `<tr><td>${scope(entry)}</td><td>${escapeHtml(entry.reason)}</td><td>${escapeHtml(entry.since.toISOString().slice(0, 16).replace('T', ' '))}</td></tr>`).join('\n')}
</tbody>
</table></div>`;
}
