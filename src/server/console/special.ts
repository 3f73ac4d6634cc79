import type { FastifyInstance } from 'fastify';
import {
  dismissFinding,
  MAX_REASON,
  specialFindings,
  type SpecialFinding,
} from '../../discovery/index.js';
import { CustodianError } from '../../errors.js';
import { may, type StaffSession } from '../../staff/index.js';
import { escapeHtml, html } from '../html.js';
import type { ServerContext } from '../route.js';
import { csrfField, field, refuse, refused, REQUEST_ID, type ConsoleGuards } from './guards.js';
import { consolePage } from './layout.js';

/** Findings listed on the page, oldest first. */
const LISTED = 200;

/** A dismissal's reason and a CSRF token: small. */
const ACTION_BODY_LIMIT = 4 * 1024;

function time(at: Date): string {
  const iso = at.toISOString();
  return `<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
}

function findingRow(finding: SpecialFinding, session: StaffSession, canRedact: boolean): string {
  const where = `${finding.datastore}.${finding.collection}.${finding.field}`;
  const redact = canRedact
    ? `<form method="post" action="/console/special/${finding.id}/redact">${csrfField(session)}<button type="submit">Redact</button></form>`
    : '';
  const dismiss = `<form method="post" action="/console/special/${finding.id}/dismiss">${csrfField(session)}<label>Why it is not special-category data <input name="reason" maxlength="${MAX_REASON}" required></label> <button type="submit">Dismiss</button></form>`;
  return `<tr><td>${time(finding.foundAt)}</td><td><code>${escapeHtml(where)}</code></td><td><code>${escapeHtml(JSON.stringify(finding.row))}</code></td><td>${escapeHtml(finding.categories.join(', '))}</td><td>${finding.passages}</td><td>${redact}${dismiss}</td></tr>`;
}

/**
 * The review list of special categories of data found in fields declared `specialCategories:
 * purge` (GDPR Art. 9(1), 10; src/discovery/review-list.ts): where, which categories and how many
 * passages, never the text. An operator dismisses a finding that is not such data, with a reason;
 * a privacy lead or an admin has the passages redacted in the company's database (through the
 * executor, `requestHooks.redactFinding`), as `custodian scan redact` does.
 */
export function registerSpecialPages(
  app: FastifyInstance,
  context: ServerContext,
  guards: ConsoleGuards,
): void {
  app.get('/console/special', async (request, reply) => {
    const session = await guards.page(request, reply, 'requests:handle');
    if (!session) return reply;
    const findings = await specialFindings(context.db, { limit: LISTED });
    const canRedact =
      may(session.role, 'requests:approve') && context.requestHooks.redactFinding !== undefined;
    const note =
      context.requestHooks.redactFinding === undefined
        ? '<p>This server runs no executor: redact with <code>custodian scan redact &lt;id&gt;</code>.</p>'
        : may(session.role, 'requests:approve')
          ? ''
          : '<p>A privacy lead or an admin redacts; you may dismiss what is not special-category data.</p>';
    const table =
      findings.length === 0
        ? '<p role="status">Nothing to review: no open finding.</p>'
        : `<table>
<caption>Open findings, oldest first${findings.length === LISTED ? ` (the first ${LISTED})` : ''}</caption>
<thead><tr><th scope="col">Found</th><th scope="col">Field</th><th scope="col">Row</th><th scope="col">Categories</th><th scope="col">Passages</th><th scope="col">Decision</th></tr></thead>
<tbody>
${findings.map((finding) => findingRow(finding, session, canRedact)).join('\n')}
</tbody>
</table>`;
    const body = `<h1>Special categories</h1>
<p>Fields the map declares <code>specialCategories: purge</code> are scanned as rows arrive. What looks like health, religion, political opinion, trade union membership, sex life or orientation, ethnic origin, biometric or genetic data or criminal offences is listed here for review (GDPR Art. 9(1), 10). The detector is not perfect: read the row in your own system before you decide.</p>
${note}
${table}`;
    return html(
      reply,
      200,
      consolePage({ title: 'Special categories', session, current: '/console/special', body }),
    );
  });

  const decide = (
    name: 'redact' | 'dismiss',
    title: string,
    step: (id: string, session: StaffSession, reason: string) => Promise<unknown>,
  ): void => {
    app.post<{ Params: { id: string } }>(
      `/console/special/:id/${name}`,
      { bodyLimit: ACTION_BODY_LIMIT },
      async (request, reply) => {
        const session = await guards.post(
          request,
          reply,
          name === 'redact' ? 'requests:approve' : 'requests:handle',
        );
        if (!session) return reply;
        const id = request.params.id;
        if (!REQUEST_ID.test(id)) {
          return refuse(reply, 404, 'Not found', 'No such finding.', session);
        }
        const reason = (field(request.body, 'reason') ?? '').trim();
        if (name === 'dismiss' && reason === '') {
          return refuse(reply, 400, title, 'Say why it is not special-category data.', session);
        }
        try {
          await step(id, session, reason);
        } catch (error) {
          return refused(reply, error, title, session);
        }
        return reply.code(303).header('location', '/console/special').send();
      },
    );
  };

  decide('dismiss', 'Not dismissed', (id, session, reason) =>
    dismissFinding(
      { db: context.db, now: context.clock, actor: `user:${session.userId}` },
      id,
      reason,
    ),
  );
  decide('redact', 'Not redacted', async (id, session) => {
    const redact = context.requestHooks.redactFinding;
    if (redact === undefined) {
      throw new CustodianError(
        'special.not_purged',
        'this server runs no executor: redact with custodian scan redact <id>',
      );
    }
    await redact(id, `user:${session.userId}`);
  });
}
