import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  csrfMatches,
  may,
  readSession,
  type Permission,
  type StaffSession,
} from '../../staff/index.js';
import { ERROR_CODES } from '../../error-codes.js';
import { CustodianError } from '../../errors.js';
import { escapeHtml, html } from '../html.js';
import type { ServerContext } from '../route.js';
import { isSameOrigin } from '../same-origin.js';
import { consolePage } from './layout.js';

/**
 * The session cookie. `__Host-` binds it to this host, path `/`, and Secure (RFC 6265bis 4.1.3.2).
 * Secure is always set: browsers keep Secure cookies over https, and over http only from a
 * loopback address (http://127.0.0.1, http://localhost), which they count as a secure context.
 */
export const SESSION_COOKIE = '__Host-custodian_session';

/** The cookie naming a pending sign-in (a right password awaiting its TOTP code), as the session's. */
export const PENDING_COOKIE = '__Host-custodian_pending';

function cookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** The cookie's value in a `Cookie` header, or undefined. */
export function sessionCookie(request: FastifyRequest): string | undefined {
  return cookie(request, SESSION_COOKIE);
}

/** The pending sign-in's cookie value, or undefined. */
export function pendingCookie(request: FastifyRequest): string | undefined {
  return cookie(request, PENDING_COOKIE);
}

function setCookie(reply: FastifyReply, name: string, value: string, maxAgeSeconds: number): void {
  // Fastify adds each set-cookie header to the ones already set.
  void reply.header(
    'set-cookie',
    `${name}=${value}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}`,
  );
}

export function setSessionCookie(reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  setCookie(reply, SESSION_COOKIE, value, maxAgeSeconds);
}

export function setPendingCookie(reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  setCookie(reply, PENDING_COOKIE, value, maxAgeSeconds);
}

/** A console request id (a UUID); anything else is answered 404 before any lookup. */
export const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A plain page saying why the console did not do what was asked. */
export function refuse(
  reply: FastifyReply,
  status: number,
  title: string,
  text: string,
  session?: StaffSession,
): FastifyReply {
  return html(
    reply,
    status,
    consolePage({
      title,
      session,
      body: `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>\n<p><a href="/console/requests">Back to the console</a></p>`,
    }),
  );
}

/** A form field of a urlencoded body, or undefined. */
export function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** The hidden field every console POST carries; its value is the session's token. */
export function csrfField(session: StaffSession): string {
  return `<input type="hidden" name="csrf" value="${escapeHtml(session.csrfToken)}">`;
}

/** The console's guards, bound to one server. */
export interface ConsoleGuards {
  /**
   * The session of a GET with the permission (none when undefined: a page of every signed-in
   * user), or undefined after answering: a redirect to sign in without a session, 403 without the
   * permission.
   */
  page(
    request: FastifyRequest,
    reply: FastifyReply,
    permission: Permission | undefined,
  ): Promise<StaffSession | undefined>;
  /**
   * The session of a POST, checked for origin (strict), CSRF token and permission (none when
   * undefined); else undefined after answering 403 or 401.
   */
  post(
    request: FastifyRequest,
    reply: FastifyReply,
    permission: Permission | undefined,
  ): Promise<StaffSession | undefined>;
}

/**
 * Every console route checks the session and the role's permission on the server (src/staff
 * ROLE_PERMISSIONS); every POST also its origin and the session's CSRF token. A hidden button is
 * never the only guard.
 */
export function consoleGuards(context: ServerContext): ConsoleGuards {
  return {
    async page(request, reply, permission) {
      const session = await readSession(context.db, sessionCookie(request), context.clock());
      if (!session) {
        await reply.code(303).header('location', '/console/login').send();
        return undefined;
      }
      if (permission !== undefined && !may(session.role, permission)) {
        refuse(reply, 403, 'Forbidden', 'Your role may not open this page.', session);
        return undefined;
      }
      return session;
    },
    async post(request, reply, permission) {
      if (!isSameOrigin(request, context, 'strict')) {
        refuse(reply, 403, 'Forbidden', 'This form was not sent from this site.');
        return undefined;
      }
      const session = await readSession(context.db, sessionCookie(request), context.clock());
      if (!session) {
        refuse(reply, 401, 'Signed out', 'Your session has ended. Sign in again.');
        return undefined;
      }
      if (!csrfMatches(session, field(request.body, 'csrf'))) {
        refuse(
          reply,
          403,
          'Forbidden',
          'This form has expired. Reload the page and try again.',
          session,
        );
        return undefined;
      }
      if (permission !== undefined && !may(session.role, permission)) {
        refuse(reply, 403, 'Forbidden', 'Your role may not do this.', session);
        return undefined;
      }
      return session;
    },
  };
}

/** A CustodianError a person can act on, as a page with its status; anything else is thrown on. */
export function refused(
  reply: FastifyReply,
  error: unknown,
  title: string,
  session: StaffSession,
): FastifyReply {
  const status = error instanceof CustodianError ? ERROR_CODES[error.code].status : 500;
  if (error instanceof CustodianError && status < 500) {
    return refuse(reply, status, title, error.message, session);
  }
  throw error;
}
