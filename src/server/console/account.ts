import type { FastifyInstance, FastifyReply } from 'fastify';
import { CustodianError } from '../../errors.js';
import {
  confirmTotp,
  disableTotp,
  startTotpEnrolment,
  totpEnrolment,
  type StaffSession,
} from '../../staff/index.js';
import { escapeHtml, html } from '../html.js';
import type { ServerContext } from '../route.js';
import { csrfField, field, refuse, type ConsoleGuards } from './guards.js';
import { consolePage } from './layout.js';

/** Console forms are small: a few fields of a few hundred characters. */
const FORM_LIMIT = { bodyLimit: 16 * 1024 } as const;

/**
 * The signed-in user's own account: turning two-step sign-in (TOTP) on and off. Every role may
 * open it; it only ever acts on the session's own user.
 */
export function registerAccountPages(
  app: FastifyInstance,
  context: ServerContext,
  guards: ConsoleGuards,
): void {
  const issuer = context.brand.name ?? 'Custodian';

  async function accountPage(
    reply: FastifyReply,
    session: StaffSession,
    status: number,
    message?: string,
  ): Promise<FastifyReply> {
    const state = await totpEnrolment(context.db, context.secret, session.userId, issuer);
    if (!state) return refuse(reply, 404, 'Not found', 'No such account.', session);
    const alert =
      message === undefined ? '' : `<p role="alert"><strong>${escapeHtml(message)}</strong></p>`;
    let section: string;
    if (state.enabled) {
      section = `<p>Two-step sign-in is <strong>on</strong>: after your password, the sign-in asks for the code of your authenticator app.</p>
<h3>Turn it off</h3>
<form method="post" action="/console/account/totp/disable">${csrfField(session)}
<p><label>Password<br><input type="password" name="password" autocomplete="current-password" required></label></p>
<p><label>Current code<br><input type="text" name="code" inputmode="numeric" maxlength="7" autocomplete="one-time-code" required></label></p>
<p><button type="submit">Turn off two-step sign-in</button></p>
</form>`;
    } else if (state.pending !== undefined) {
      section = `<p>Two-step sign-in is <strong>off</strong>. To turn it on, add this account to an authenticator app (any app for TOTP codes, RFC 6238), then type the code it shows.</p>
<p>Type this key into the app (time-based, 6 digits, every 30 seconds):</p>
<p><code id="totp-secret">${escapeHtml(state.pending.secret.replace(/(.{4})(?=.)/g, '$1 '))}</code></p>
<p>Or, where the app takes a link, give it this <code>otpauth://</code> link:</p>
<p><code id="totp-uri" style="word-break: break-all">${escapeHtml(state.pending.uri)}</code></p>
<p>No QR code is shown: making one would need a third-party request or package. Keep the key secret; it is shown until you confirm.</p>
<form method="post" action="/console/account/totp/confirm">${csrfField(session)}
<p><label>Code from the app<br><input type="text" name="code" inputmode="numeric" maxlength="7" autocomplete="one-time-code" required></label></p>
<p><button type="submit">Turn on two-step sign-in</button></p>
</form>
<form method="post" action="/console/account/totp/start">${csrfField(session)}
<p><button type="submit">Make a new key</button></p>
</form>`;
    } else {
      section = `<p>Two-step sign-in is <strong>off</strong>: your password alone signs you in. With it on, the sign-in also asks for a code from an authenticator app on your phone.</p>
<form method="post" action="/console/account/totp/start">${csrfField(session)}
<p><button type="submit">Set up two-step sign-in</button></p>
</form>`;
    }
    // The key is shown while it awaits confirmation: no cache keeps the page.
    void reply.header('cache-control', 'no-store');
    return html(
      reply,
      status,
      consolePage({
        title: 'Account',
        session,
        current: '/console/account',
        body: `<h1>Account</h1>
<p>Signed in as <strong>${escapeHtml(state.email)}</strong> (${escapeHtml(session.role)}).</p>
${alert}
<h2>Two-step sign-in</h2>
${section}`,
      }),
    );
  }

  app.get('/console/account', async (request, reply) => {
    const session = await guards.page(request, reply, undefined);
    if (!session) return reply;
    return accountPage(reply, session, 200);
  });

  app.post('/console/account/totp/start', FORM_LIMIT, async (request, reply) => {
    const session = await guards.post(request, reply, undefined);
    if (!session) return reply;
    try {
      await startTotpEnrolment(context.db, context.secret, session.userId);
    } catch (error) {
      if (error instanceof CustodianError && error.code === 'staff.totp_on') {
        return accountPage(reply, session, 409, error.message);
      }
      throw error;
    }
    return reply.code(303).header('location', '/console/account').send();
  });

  app.post('/console/account/totp/confirm', FORM_LIMIT, async (request, reply) => {
    const session = await guards.post(request, reply, undefined);
    if (!session) return reply;
    const code = (field(request.body, 'code') ?? '').slice(0, 16);
    if (!(await confirmTotp(context.db, context.secret, session.userId, code, context.clock()))) {
      return accountPage(reply, session, 422, 'That code is not the current one. Try again.');
    }
    return reply.code(303).header('location', '/console/account').send();
  });

  app.post('/console/account/totp/disable', FORM_LIMIT, async (request, reply) => {
    const session = await guards.post(request, reply, undefined);
    if (!session) return reply;
    const done = await disableTotp(
      context.db,
      context.secret,
      session.userId,
      field(request.body, 'password') ?? '',
      (field(request.body, 'code') ?? '').slice(0, 16),
      context.clock(),
    );
    if (!done) {
      return accountPage(reply, session, 403, 'The password or the code is wrong.');
    }
    return reply.code(303).header('location', '/console/account').send();
  });
}
