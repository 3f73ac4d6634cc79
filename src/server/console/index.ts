import type { FastifyInstance } from 'fastify';
import {
  endSession,
  PENDING_SIGN_IN_MS,
  SESSION_ABSOLUTE_MS,
  signIn,
  signInCode,
} from '../../staff/index.js';
import { escapeHtml, html } from '../html.js';
import type { ServerContext } from '../route.js';
import { isSameOrigin } from '../same-origin.js';
import { registerAccountPages } from './account.js';
import { registerConsentPages } from './consent.js';
import {
  consoleGuards,
  field,
  pendingCookie,
  refuse,
  sessionCookie,
  setPendingCookie,
  setSessionCookie,
} from './guards.js';
import { registerEvidencePages } from './evidence.js';
import { consolePage } from './layout.js';
import { registerMapPages } from './map.js';
import { registerRequestPages } from './requests.js';
import { registerRetentionPages } from './retention.js';
import { registerSpecialPages } from './special.js';
import { registerUserPages } from './users.js';

export { SESSION_COOKIE, sessionCookie } from './guards.js';

const SIGN_IN_FAILED = 'The email or password is wrong, or the account is locked for a while.';
const CODE_FAILED = 'The code is wrong or was used already. Type the current code of your app.';
const CODE_EXPIRED =
  'The sign-in took too long, or the account is locked for a while. Sign in again.';

/** Console forms are small: a few fields of a few hundred characters. */
const FORM_LIMIT = { bodyLimit: 16 * 1024 } as const;

/** The second step of a sign-in with TOTP on: the code of the user's authenticator app. */
function codePage(error?: string): string {
  return consolePage({
    title: 'Sign-in code',
    body: `<h1>Sign-in code</h1>
${error === undefined ? '' : `<p role="alert"><strong>${escapeHtml(error)}</strong></p>`}
<p>Type the 6-digit code your authenticator app shows for this account.</p>
<form method="post" action="/console/login/code">
<p><label>Code<br><input type="text" name="code" inputmode="numeric" pattern="[0-9 ]{6,7}" maxlength="7" autocomplete="one-time-code" required autofocus></label></p>
<p><button type="submit">Verify</button></p>
</form>
<p><a href="/console/login">Start again</a></p>`,
  });
}

function loginPage(error?: string): string {
  return consolePage({
    title: 'Sign in',
    body: `<h1>Sign in</h1>
${error === undefined ? '' : `<p role="alert"><strong>${escapeHtml(error)}</strong></p>`}
<form method="post" action="/console/login">
<p><label>Email<br><input type="email" name="email" autocomplete="username" required></label></p>
<p><label>Password<br><input type="password" name="password" autocomplete="current-password" required></label></p>
<p><button type="submit">Sign in</button></p>
</form>`,
  });
}

/**
 * Registers the admin console: sign-in and sign-out here, each section from its own module.
 * Every route checks the session and the role's permission on the server (guards.ts).
 */
export function registerConsole(app: FastifyInstance, context: ServerContext): void {
  const guards = consoleGuards(context);

  app.get('/console/login', async (_request, reply) => html(reply, 200, loginPage()));

  app.post('/console/login', async (request, reply) => {
    if (!isSameOrigin(request, context, 'strict')) {
      return refuse(reply, 403, 'Forbidden', 'This form was not sent from this site.');
    }
    const email = field(request.body, 'email') ?? '';
    const password = field(request.body, 'password') ?? '';
    const result = await signIn(context.db, email, password, context.clock());
    if (!result.ok && result.pendingId !== undefined) {
      // The password was right and the account asks for a code: a short-lived pending sign-in
      // kept in the database, named by a cookie of its own, opens no session yet.
      setPendingCookie(reply, result.pendingId, Math.floor(PENDING_SIGN_IN_MS / 1000));
      return reply.code(303).header('location', '/console/login/code').send();
    }
    if (!result.ok) return html(reply, 401, loginPage(SIGN_IN_FAILED));
    setSessionCookie(reply, result.sessionId, Math.floor(SESSION_ABSOLUTE_MS / 1000));
    return reply.code(303).header('location', '/console/requests').send();
  });

  app.get('/console/login/code', async (request, reply) => {
    if (pendingCookie(request) === undefined) {
      return reply.code(303).header('location', '/console/login').send();
    }
    return html(reply, 200, codePage());
  });

  app.post('/console/login/code', FORM_LIMIT, async (request, reply) => {
    if (!isSameOrigin(request, context, 'strict')) {
      return refuse(reply, 403, 'Forbidden', 'This form was not sent from this site.');
    }
    const result = await signInCode(
      context.db,
      context.secret,
      pendingCookie(request) ?? '',
      (field(request.body, 'code') ?? '').slice(0, 16),
      context.clock(),
    );
    if (!result.ok) {
      if (!result.restart) return html(reply, 401, codePage(CODE_FAILED));
      setPendingCookie(reply, '', 0);
      return html(reply, 401, loginPage(CODE_EXPIRED));
    }
    setSessionCookie(reply, result.sessionId, Math.floor(SESSION_ABSOLUTE_MS / 1000));
    setPendingCookie(reply, '', 0);
    return reply.code(303).header('location', '/console/requests').send();
  });

  app.post('/console/logout', async (request, reply) => {
    const session = await guards.post(request, reply, undefined);
    if (!session) return reply;
    await endSession(context.db, sessionCookie(request) ?? '', session.userId, context.clock());
    setSessionCookie(reply, '', 0);
    return reply.code(303).header('location', '/console/login').send();
  });

  registerRequestPages(app, context, guards);
  registerAccountPages(app, context, guards);
  registerUserPages(app, context, guards);
  registerConsentPages(app, context, guards);
  registerEvidencePages(app, context, guards);
  registerRetentionPages(app, context, guards);
  registerSpecialPages(app, context, guards);
  registerMapPages(app, context, guards);
}
