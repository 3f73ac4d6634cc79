import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES } from '../error-codes.js';
import { CustodianError } from '../errors.js';
import { approveRequest, FINAL_STATUSES, listRequests } from '../requests/index.js';

import {
  csrfMatches,
  endSession,
  may,
  readSession,
  SESSION_ABSOLUTE_MS,
  signIn,
  type Permission,
  type StaffSession,
} from '../staff/index.js';
import { escapeHtml, html, page } from './html.js';
import { requestContext } from './request-routes.js';
import type { ServerContext } from './route.js';

/**
 * The session cookie. `__Host-` binds it to this host, path `/`, and Secure (RFC 6265bis 4.1.3.2).
 * Secure is always set: browsers keep Secure cookies over https, and over http only from a
 * loopback address (http://127.0.0.1, http://localhost), which they count as a secure context.
 */
export const SESSION_COOKIE = '__Host-custodian_session';

const SIGN_IN_FAILED = 'The email or password is wrong, or the account is locked for a while.';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The cookie's value in a `Cookie` header, or undefined. */
export function sessionCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === SESSION_COOKIE) return part.slice(at + 1).trim();
  }
  return undefined;
}

function setCookie(reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  void reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${value}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}`,
  );
}

/**
 * Whether a POST comes from a page of this server (OWASP CSRF Prevention Cheat Sheet: verifying
 * origin with standard headers). `Sec-Fetch-Site`, when sent, must say same-origin; `Origin`, when
 * it names one, must be the server's own (the configured public URL or the address the request
 * came to). Pages here send no referrer (`Referrer-Policy: no-referrer`), under which Chromium
 * sends `Origin: null` on a form POST: then `Sec-Fetch-Site: same-origin` decides. A POST with
 * neither a real origin nor that header is refused.
 */
function sameOrigin(request: FastifyRequest, context: ServerContext): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return site === 'same-origin';
  const own = new Set([`${request.protocol}://${request.host}`]);
  try {
    own.add(new URL(context.publicUrl(request)).origin);
  } catch {
    // A public URL that does not parse adds nothing.
  }
  return own.has(origin);
}

function refuse(reply: FastifyReply, status: number, title: string, text: string): FastifyReply {
  return html(
    reply,
    status,
    page({
      title,
      body: `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>\n<p><a href="/console/requests">Back to the console</a></p>`,
    }),
  );
}

function loginPage(error?: string): string {
  return page({
    title: 'Sign in · Custodian',
    body: `<h1>Sign in</h1>
${error === undefined ? '' : `<p role="alert"><strong>${escapeHtml(error)}</strong></p>`}
<form method="post" action="/console/login">
<p><label>Email<br><input type="email" name="email" autocomplete="username" required></label></p>
<p><label>Password<br><input type="password" name="password" autocomplete="current-password" required></label></p>
<p><button type="submit">Sign in</button></p>
</form>`,
  });
}

/** A form field of a urlencoded body, or undefined. */
function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** The hidden field every console POST carries; its value is the session's token. */
function csrfField(session: StaffSession): string {
  return `<input type="hidden" name="csrf" value="${escapeHtml(session.csrfToken)}">`;
}

const DAY_MS = 86_400_000;

/**
 * Registers the admin console: sign-in, sign-out, the request queue and approval. Every route
 * checks the session and the role's permission on the server (src/staff ROLE_PERMISSIONS); every
 * POST but sign-in also checks the session's CSRF token, and every POST its origin.
 */
export function registerConsole(app: FastifyInstance, context: ServerContext): void {
  const sessions = new WeakMap<FastifyRequest, StaffSession>();

  /** The session of a GET, or a redirect to sign in. */
  async function guardPage(
    request: FastifyRequest,
    reply: FastifyReply,
    permission: Permission,
  ): Promise<StaffSession | undefined> {
    const session = await readSession(context.db, sessionCookie(request), context.clock());
    if (!session) {
      await reply.code(303).header('location', '/console/login').send();
      return undefined;
    }
    if (!may(session.role, permission)) {
      refuse(reply, 403, 'Forbidden', 'Your role may not open this page.');
      return undefined;
    }
    sessions.set(request, session);
    return session;
  }

  /** The session of a POST, checked for origin, CSRF token and permission; else an answer sent. */
  async function guardPost(
    request: FastifyRequest,
    reply: FastifyReply,
    permission: Permission | undefined,
  ): Promise<StaffSession | undefined> {
    if (!sameOrigin(request, context)) {
      refuse(reply, 403, 'Forbidden', 'This form was not sent from this site.');
      return undefined;
    }
    const session = await readSession(context.db, sessionCookie(request), context.clock());
    if (!session) {
      refuse(reply, 401, 'Signed out', 'Your session has ended. Sign in again.');
      return undefined;
    }
    if (!csrfMatches(session, field(request.body, 'csrf'))) {
      refuse(reply, 403, 'Forbidden', 'This form has expired. Reload the page and try again.');
      return undefined;
    }
    if (permission !== undefined && !may(session.role, permission)) {
      refuse(reply, 403, 'Forbidden', 'Your role may not do this.');
      return undefined;
    }
    return session;
  }

  app.get('/console/login', async (_request, reply) => html(reply, 200, loginPage()));

  app.post('/console/login', async (request, reply) => {
    if (!sameOrigin(request, context)) {
      return refuse(reply, 403, 'Forbidden', 'This form was not sent from this site.');
    }
    const email = field(request.body, 'email') ?? '';
    const password = field(request.body, 'password') ?? '';
    const result = await signIn(context.db, email, password, context.clock());
    if (!result.ok) return html(reply, 401, loginPage(SIGN_IN_FAILED));
    setCookie(reply, result.sessionId, Math.floor(SESSION_ABSOLUTE_MS / 1000));
    return reply.code(303).header('location', '/console/requests').send();
  });

  app.post('/console/logout', async (request, reply) => {
    const session = await guardPost(request, reply, undefined);
    if (!session) return reply;
    await endSession(context.db, sessionCookie(request) ?? '', session.userId, context.clock());
    setCookie(reply, '', 0);
    return reply.code(303).header('location', '/console/login').send();
  });

  app.get('/console/requests', async (request, reply) => {
    const session = await guardPage(request, reply, 'requests:read');
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
      page({
        title: 'Requests · Custodian',
        body: `<style>.overdue td { color: #c00; font-weight: 700; } table { border-collapse: collapse; } td, th { padding: .25rem .5rem; text-align: left; }</style>
<header><p>Signed in as ${escapeHtml(session.role)}. <form method="post" action="/console/logout" style="display:inline">${csrfField(session)}<button type="submit">Sign out</button></form></p></header>
<h1>Requests</h1>
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
    const session = await guardPost(request, reply, 'requests:approve');
    if (!session) return reply;
    if (!ID.test(request.params.id)) {
      return refuse(reply, 404, 'Not found', 'No such request.');
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
        return refuse(reply, status, 'Not approved', error.message);
      }
      throw error;
    }
    return reply.code(303).header('location', '/console/requests').send();
  });
}
