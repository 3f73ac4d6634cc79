import type { FastifyInstance } from 'fastify';
import { sweepRuns, type SweepCollectionReport } from '../../retention/index.js';
import { escapeHtml, html } from '../html.js';
import type { ServerContext } from '../route.js';
import type { ConsoleGuards } from './guards.js';
import { consolePage } from './layout.js';

/** Runs shown: the last two weeks of daily sweeps and a few by hand. */
const RUNS_SHOWN = 20;

function time(at: Date | null): string {
  if (at === null) return '';
  const iso = at.toISOString();
  return `<time datetime="${iso}">${iso.slice(0, 19).replace('T', ' ')} UTC</time>`;
}

function kept(c: SweepCollectionReport): string {
  const parts = [
    c.kept.restricted > 0 ? `${c.kept.restricted} restricted` : '',
    c.kept.openRequest > 0 ? `${c.kept.openRequest} open request` : '',
    c.kept.referenced > 0 ? `${c.kept.referenced} referenced` : '',
  ].filter((part) => part !== '');
  return parts.length === 0 ? '–' : parts.join(', ');
}

function collectionRow(c: SweepCollectionReport): string {
  const withParent = Object.entries(c.withParent ?? {})
    .map(([name, count]) => ` (+${count} ${escapeHtml(name)})`)
    .join('');
  const status =
    c.status === 'failed'
      ? `<strong>failed</strong>: ${escapeHtml(c.error?.message ?? '')} (<code>${escapeHtml(c.error?.code ?? '')}</code>)`
      : escapeHtml(c.status);
  return `<tr${c.status === 'failed' ? ' class="overdue"' : ''}><td>${escapeHtml(c.datastore)}</td><td>${escapeHtml(c.collection)}</td><td>${status}</td><td>${escapeHtml(c.action ?? '–')}</td><td>${c.deleted}${withParent}</td><td>${c.anonymised}</td><td>${kept(c)}</td><td>${c.batches}</td></tr>`;
}

/**
 * Retention (GDPR Art. 5(1)(e)): the last sweeps, each with what it did per collection and why
 * rows past their period were kept. Read-only: sweeps run from `serve`'s schedule or
 * `custodian retention sweep`.
 */
export function registerRetentionPages(
  app: FastifyInstance,
  context: ServerContext,
  guards: ConsoleGuards,
): void {
  app.get('/console/retention', async (request, reply) => {
    const session = await guards.page(request, reply, 'map:read');
    if (!session) return reply;
    const runs = await sweepRuns(context.db, RUNS_SHOWN);
    const sections = runs.map((run, index) => {
      const collections = run.report?.collections ?? [];
      const table =
        collections.length === 0
          ? `<p>${run.status === 'running' ? 'Running: the report comes when it ends.' : 'No report.'}</p>`
          : `<table>
<caption>What the sweep did per collection</caption>
<thead><tr><th scope="col">Datastore</th><th scope="col">Collection</th><th scope="col">Status</th><th scope="col">Action</th><th scope="col">Deleted</th><th scope="col">Anonymised</th><th scope="col">Kept past retention</th><th scope="col">Batches</th></tr></thead>
<tbody>
${collections.map(collectionRow).join('\n')}
</tbody>
</table>`;
      return `<section aria-labelledby="run-${index}">
<h2 id="run-${index}">${time(run.startedAt)}: ${escapeHtml(run.status)}</h2>
<p>Run <code>${escapeHtml(run.id)}</code>, ${run.trigger === 'schedule' ? 'from the daily schedule' : 'from the command line'}; periods counted back from ${time(run.at)}${run.report?.resumed === true ? '; resumed after an interruption' : ''}${run.finishedAt === null ? '' : `; finished ${time(run.finishedAt)}`}.</p>
${table}
</section>`;
    });
    const body = `<h1>Retention</h1>
<p>Rows past the retention the map declares are deleted or anonymised by a daily sweep; rows under a legal hold, of restricted people or with a request open are kept. Each batch is an evidence record. See <code>custodian retention plan</code> for what the next sweep would do.</p>
${sections.length === 0 ? '<p role="status">No sweep has run yet.</p>' : sections.join('\n')}`;
    return html(
      reply,
      200,
      consolePage({ title: 'Retention', session, current: '/console/retention', body }),
    );
  });
}
