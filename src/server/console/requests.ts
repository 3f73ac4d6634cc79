import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { CustodianError } from '../../errors.js';
import { packageToken, storedCertificate } from '../../execution/index.js';
import { LAWS, type Language, type Law } from '../../map/index.js';
import {
  approveRequest,
  denyRequest,
  extendRequest,
  listRequests,
  REQUEST_STATUSES,
  REQUEST_TYPES,
  requestDetail,
  type RequestRecord,
  type RequestStatus,
  type RequestType,
} from '../../requests/index.js';
import { may, type Permission, type StaffSession } from '../../staff/index.js';
import { escapeHtml, html } from '../html.js';
import { mailWritten, requestContext } from '../request-routes.js';
import type { ServerContext } from '../route.js';
import { csrfField, field, REQUEST_ID, refuse, refused, type ConsoleGuards } from './guards.js';
import { consolePage } from './layout.js';
import {
  daysLeft,
  ERASURE_TYPES,
  isOpen,
  leftText,
  PACKAGE_TYPES,
  PLANNABLE,
  requestPageBody,
  type PackageView,
  type PlanView,
} from './request-page.js';

/** Requests per page of the queue. */
export const QUEUE_PAGE_SIZE = 50;

/** A console action's form is a CSRF token and a reason of at most MAX_REASON_LENGTH characters. */
const ACTION_BODY_LIMIT = 32 * 1024;

/** The keyset cursor of the queue's next page: the last row's due date (ms) and id. */
const CURSOR = /^(\d{1,15})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** What the queue's query string may hold; anything else there is ignored. */
interface QueueQuery {
  readonly type?: RequestType;
  readonly status?: RequestStatus;
  readonly law?: Law;
  readonly after?: { readonly dueAt: Date; readonly id: string };
}

/**
 * The queue's filters from the query string, or the name of the first parameter whose value is
 * not one of the known ones (a repeated parameter included): the page answers that with 400.
 */
function queueQuery(query: unknown): { ok: true; value: QueueQuery } | { ok: false; name: string } {
  const raw = (typeof query === 'object' && query !== null ? query : {}) as Record<string, unknown>;
  const value: { -readonly [K in keyof QueueQuery]?: QueueQuery[K] } = {};
  const pick = <T extends string>(name: string, known: readonly T[]): T | undefined | false => {
    const given = raw[name];
    if (given === undefined || given === '') return undefined;
    return typeof given === 'string' && (known as readonly string[]).includes(given)
      ? (given as T)
      : false;
  };
  const type = pick('type', REQUEST_TYPES);
  if (type === false) return { ok: false, name: 'type' };
  const status = pick('status', REQUEST_STATUSES);
  if (status === false) return { ok: false, name: 'status' };
  const law = pick('law', LAWS);
  if (law === false) return { ok: false, name: 'law' };
  if (type !== undefined) value.type = type;
  if (status !== undefined) value.status = status;
  if (law !== undefined) value.law = law;
  const after = raw['after'];
  if (after !== undefined && after !== '') {
    const match = typeof after === 'string' ? CURSOR.exec(after) : null;
    const dueAt = new Date(Number(match?.[1]));
    if (match?.[2] === undefined || Number.isNaN(dueAt.getTime())) {
      return { ok: false, name: 'after' };
    }
    value.after = { dueAt, id: match[2] };
  }
  return { ok: true, value };
}

function options(known: readonly string[], chosen: string | undefined): string {
  return [
    `<option value=""${chosen === undefined ? ' selected' : ''}>any</option>`,
    ...known.map(
      (value) => `<option${value === chosen ? ' selected' : ''}>${escapeHtml(value)}</option>`,
    ),
  ].join('');
}

/** The filter form: a GET, so it works without script and its URL can be kept. */
function filterForm(query: QueueQuery): string {
  return `<form method="get" action="/console/requests" class="filters">
<label>Type <select name="type">${options(REQUEST_TYPES, query.type)}</select></label>
<label>Status <select name="status">${options(REQUEST_STATUSES, query.status)}</select></label>
<label>Law <select name="law">${options(LAWS, query.law)}</select></label>
<button type="submit">Filter</button>
</form>`;
}

function queueRow(r: RequestRecord, now: Date, session: StaffSession): string {
  const overdue = isOpen(r) && daysLeft(r, now) < 0;
  const action =
    may(session.role, 'requests:approve') && r.status === 'awaiting-approval'
      ? `<form method="post" action="/console/requests/${escapeHtml(r.id)}/approve">${csrfField(session)}<button type="submit" aria-label="Approve ${escapeHtml(r.id)}">Approve</button></form>`
      : '';
  return `<tr${overdue ? ' class="overdue"' : ''}><td><a href="/console/requests/${escapeHtml(r.id)}"><code>${escapeHtml(r.id)}</code></a></td><td>${escapeHtml(r.type)}</td><td>${escapeHtml(r.law)}</td><td>${escapeHtml(r.status)}</td><td>${escapeHtml(r.dueAt.toISOString().slice(0, 10))}</td><td>${escapeHtml(leftText(r, now))}</td><td>${action}</td></tr>`;
}

/** The query string of the queue's next page: the same filters, after the last row. */
function nextHref(query: QueueQuery, last: RequestRecord): string {
  const params = new URLSearchParams();
  if (query.type !== undefined) params.set('type', query.type);
  if (query.status !== undefined) params.set('status', query.status);
  if (query.law !== undefined) params.set('law', query.law);
  params.set('after', `${last.dueAt.getTime()}.${last.id}`);
  return `/console/requests?${params.toString()}`;
}

/**
 * The request queue (`/console/requests`, nearest deadline first, filtered by type, status and
 * law, in pages), a request's page with its facts, timeline, dry run, package and certificate,
 * and the approve, deny and extend actions. Every route checks its permission on the server.
 */
export function registerRequestPages(
  app: FastifyInstance,
  context: ServerContext,
  guards: ConsoleGuards,
): void {
  app.get('/console/requests', async (request, reply) => {
    const session = await guards.page(request, reply, 'requests:read');
    if (!session) return reply;
    const parsed = queueQuery(request.query);
    if (!parsed.ok) {
      return refuse(
        reply,
        400,
        'Bad filter',
        `The value of “${parsed.name}” is not one the console knows.`,
        session,
      );
    }
    const query = parsed.value;
    const now = context.clock();
    // One more than a page: whether there is a next one.
    const found = await listRequests(context.db, {
      now,
      limit: QUEUE_PAGE_SIZE + 1,
      ...query,
    });
    const shown = found.slice(0, QUEUE_PAGE_SIZE);
    const last = shown.at(-1);
    const next =
      found.length > QUEUE_PAGE_SIZE && last !== undefined
        ? `<p><a href="${escapeHtml(nextHref(query, last))}" rel="next">Next ${QUEUE_PAGE_SIZE}</a></p>`
        : '';
    const filtered =
      query.type !== undefined || query.status !== undefined || query.law !== undefined;
    return html(
      reply,
      200,
      consolePage({
        title: 'Requests',
        session,
        current: '/console/requests',
        body: `<h1>Requests</h1>
${filterForm(query)}
${
  shown.length === 0
    ? `<p>${filtered || query.after !== undefined ? 'No request matches.' : 'No requests.'}</p>`
    : `<table>
<caption>Nearest deadline first${query.after === undefined ? '' : ' (continued)'}</caption>
<thead><tr><th scope="col">Id</th><th scope="col">Type</th><th scope="col">Law</th><th scope="col">Status</th><th scope="col">Due</th><th scope="col">Days left</th><th scope="col">Action</th></tr></thead>
<tbody>
${shown.map((r) => queueRow(r, now, session)).join('\n')}
</tbody>
</table>`
}
${next}`,
      }),
    );
  });

  app.get<{ Params: { id: string } }>('/console/requests/:id', async (request, reply) => {
    const session = await guards.page(request, reply, 'requests:read');
    if (!session) return reply;
    if (!REQUEST_ID.test(request.params.id)) {
      return refuse(reply, 404, 'Not found', 'No such request.', session);
    }
    const now = context.clock();
    let detail;
    try {
      detail = await requestDetail(context.db, context.secret, request.params.id, now);
    } catch (error) {
      return refused(reply, error, 'Not found', session);
    }
    const record = detail.request;
    const language: Language = record.language ?? context.map.notice.languages[0] ?? 'en';
    return html(
      reply,
      200,
      consolePage({
        title: `Request ${record.id}`,
        session,
        current: '/console/requests',
        body: requestPageBody({
          detail,
          session,
          now,
          language,
          plan: await planOf(context, record, (error) => {
            request.log.error({ err: error }, 'console: the dry run failed');
          }),
          pkg: await packageOf(context, record, may(session.role, 'requests:handle')),
          certificate:
            ERASURE_TYPES.includes(record.type) && record.status === 'completed'
              ? await storedCertificate({ db: context.db }, record.id)
              : undefined,
        }),
      }),
    );
  });

  // The certificate holds no personal data: every role that reads requests may take it, as the
  // API's requests:read scope may (GET /v1/requests/{id}/certificate).
  app.get<{ Params: { id: string } }>(
    '/console/requests/:id/certificate',
    async (request, reply) => {
      const session = await guards.page(request, reply, 'requests:read');
      if (!session) return reply;
      const certificate = REQUEST_ID.test(request.params.id)
        ? await storedCertificate({ db: context.db }, request.params.id)
        : undefined;
      if (certificate === undefined) {
        return refuse(reply, 404, 'Not found', 'This request has no erasure certificate.', session);
      }
      return reply
        .code(200)
        .header('content-type', 'application/json; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="erasure-certificate-${request.params.id}.json"`,
        )
        .send(`${JSON.stringify(certificate, null, 2)}\n`);
    },
  );

  /** One action route: the guards, the id, the step, then back to the request's page. */
  const action = (
    name: 'approve' | 'deny' | 'extend',
    permission: Permission,
    title: string,
    step: (id: string, reason: string, actor: string) => Promise<unknown>,
  ): void => {
    app.post<{ Params: { id: string } }>(
      `/console/requests/:id/${name}`,
      { bodyLimit: ACTION_BODY_LIMIT },
      async (request, reply) => {
        const session = await guards.post(request, reply, permission);
        if (!session) return reply;
        const id = request.params.id;
        if (!REQUEST_ID.test(id))
          return refuse(reply, 404, 'Not found', 'No such request.', session);
        try {
          await step(id, field(request.body, 'reason') ?? '', `user:${session.userId}`);
        } catch (error) {
          return refused(reply, error, title, session);
        }
        mailWritten(context);
        return reply.code(303).header('location', `/console/requests/${id}`).send();
      },
    );
  };

  // A privacy lead or an admin approves (the issue: the privacy lead "approves erasures").
  action('approve', 'requests:approve', 'Not approved', (id, _reason, actor) =>
    approveRequest(context.db, requestContext(context, actor), id),
  );
  // Refusing is handling a request: an operator may, with a reason mailed to the person.
  action('deny', 'requests:handle', 'Not denied', (id, reason, actor) =>
    denyRequest(context.db, requestContext(context, actor), id, reason),
  );
  // The privacy lead "extends deadlines" (GDPR Art. 12(3), CCPA 11 CCR 7021(b)).
  action('extend', 'deadlines:extend', 'Not extended', (id, reason, actor) =>
    extendRequest(context.db, requestContext(context, actor), id, reason),
  );
}

/**
 * The dry run of a request that can still run, from the executor (`requestHooks.dryRun`). A
 * refusal (the executor busy, a plan the map cannot carry out) and a datastore that did not
 * answer become a sentence on the page, not a failed page.
 */
async function planOf(
  context: ServerContext,
  record: RequestRecord,
  log: (error: unknown) => void,
): Promise<PlanView> {
  if (record.type === 'appeal' || !PLANNABLE.includes(record.status)) return { kind: 'none' };
  const dryRun = context.requestHooks.dryRun;
  if (dryRun === undefined) {
    return {
      kind: 'unavailable',
      text: 'This server runs no executor, so it cannot show the plan: run `custodian requests run <id> --dry-run`.',
    };
  }
  try {
    return { kind: 'plan', outcome: await dryRun(record.id) };
  } catch (error) {
    if (error instanceof CustodianError) {
      return { kind: 'unavailable', text: `No plan now: ${error.message}.` };
    }
    log(error);
    return {
      kind: 'unavailable',
      text: 'No plan now: a datastore did not answer. The server log says which.',
    };
  }
}

/** The latest package of an access request; its download page only for those who handle requests. */
async function packageOf(
  context: ServerContext,
  record: RequestRecord,
  handles: boolean,
): Promise<PackageView | undefined> {
  if (!PACKAGE_TYPES.includes(record.type)) return undefined;
  const row = await context.db
    .selectFrom('packages')
    // Whether the bytes are still there, without reading them.
    .select([
      'id',
      'bytes',
      'created_at',
      'expires_at',
      sql<boolean>`content_sealed is not null`.as('kept'),
    ])
    .where('request_id', '=', record.id)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const expiresAt = new Date(row.expires_at);
  const live = row.kept && expiresAt.getTime() > context.clock().getTime();
  return {
    bytes: row.bytes,
    createdAt: new Date(row.created_at),
    expiresAt,
    live,
    ...(live && handles
      ? { href: `/v1/packages/${packageToken(context.secret, row.id, expiresAt)}` }
      : {}),
  };
}
