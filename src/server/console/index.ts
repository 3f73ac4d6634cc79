import type { FastifyInstance } from 'fastify';
import { endSession, SESSION_ABSOLUTE_MS, signIn } from '../../staff/index.js';
import { escapeHtml, html } from '../html.js';
import type { ServerContext } from '../route.js';
import { isSameOrigin } from '../same-origin.js';
import { consoleGuards, field, refuse, sessionCookie, setSessionCookie } from './guards.js';
import { consolePage } from './layout.js';
import { registerMapPages } from './map.js';
import { registerRequestPages } from './requests.js';

export { SESSION_COOKIE, sessionCookie } from './guards.js';

const SIGN_IN_FAILED = 'The email or password is wrong, or the account is locked for a while.';

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
    if (!result.ok) return html(reply, 401, loginPage(SIGN_IN_FAILED));
    setSessionCookie(reply, result.sessionId, Math.floor(SESSION_ABSOLUTE_MS / 1000));
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
  registerMapPages(app, context, guards);
}
