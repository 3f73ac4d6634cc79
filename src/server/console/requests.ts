import type { FastifyInstance } from 'fastify';
import { ERROR_CODES } from '../../error-codes.js';
import { CustodianError } from '../../errors.js';
import { approveRequest, FINAL_STATUSES, listRequests } from '../../requests/index.js';
import { may } from '../../staff/index.js';
import { escapeHtml, html } from '../html.js';
import { requestContext } from '../request-routes.js';
import type { ServerContext } from '../route.js';
import { csrfField, REQUEST_ID, refuse, type ConsoleGuards } from './guards.js';
import { consolePage } from './layout.js';

const DAY_MS = 86_400_000;

/** The request queue, ordered by due date, and approval. */
export function registerRequestPages(
  app: FastifyInstance,
  context: ServerContext,
  guards: ConsoleGuards,
): void {
  app.get('/console/requests', async (request, reply) => {
    const session = await guards.page(request, reply, 'requests:read');
    if (!session) return reply;
    const now = context.clock();
    const requests = await listRequests(context.db, { now, limit: 500 });
    const canApprove = may(session.role, 'requests:approve');
    const rows = requests.map((r) => {
      const open = !(FINAL_STATUSES as readonly string[]).includes(r.status);
      const days = Math.ceil((r.dueAt.getTime() - now.getTime()) / DAY_MS);
      const overdue = open && days < 0;
      const left = open ? (overdue ? `overdue by ${-days} d` : `${days} d`) : '—';
      const action =
        canApprove && r.status === 'awaiting-approval'
          ? `<form method="post" action="/console/requests/${escapeHtml(r.id)}/approve">${csrfField(session)}<button type="submit">Approve</button></form>`
          : '';
      return `<tr${overdue ? ' class="overdue"' : ''}><td><code>${escapeHtml(r.id)}</code></td><td>${escapeHtml(r.type)}</td><td>${escapeHtml(r.law)}</td><td>${escapeHtml(r.status)}</td><td>${escapeHtml(r.dueAt.toISOString().slice(0, 10))}</td><td>${escapeHtml(left)}</td><td>${action}</td></tr>`;
    });
    return html(
      reply,
      200,
      consolePage({
        title: 'Requests',
        session,
        current: '/console/requests',
        body: `<h1>Requests</h1>
${
  rows.length === 0
    ? '<p>No requests.</p>'
    : `<table>
<thead><tr><th>Id</th><th>Type</th><th>Law</th><th>Status</th><th>Due</th><th>Days left</th><th></th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`
}`,
      }),
    );
  });

  app.post<{ Params: { id: string } }>('/console/requests/:id/approve', async (request, reply) => {
    // A privacy lead or an admin only; the server refuses a crafted POST of any other role.
    const session = await guards.post(request, reply, 'requests:approve');
    if (!session) return reply;
    if (!REQUEST_ID.test(request.params.id)) {
      return refuse(reply, 404, 'Not found', 'No such request.', session);
    }
    try {
      await approveRequest(
        context.db,
        requestContext(context, `user:${session.userId}`),
        request.params.id,
      );
    } catch (error) {
      const status = error instanceof CustodianError ? ERROR_CODES[error.code].status : 500;
      if (error instanceof CustodianError && status < 500) {
        return refuse(reply, status, 'Not approved', error.message, session);
      }
      throw error;
    }
    return reply.code(303).header('location', '/console/requests').send();
  });
}
