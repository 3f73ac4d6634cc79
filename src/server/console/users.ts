import type { FastifyInstance, FastifyReply } from 'fastify';
import { CustodianError } from '../../errors.js';
import {
  changeRole,
  createUser,
  disableUser,
  generatePassword,
  listUsers,
  passwordFault,
  resetPassword,
  ROLES,
  type ChangedBy,
  type StaffSession,
  type UserInfo,
} from '../../staff/index.js';
import { ERROR_CODES } from '../../error-codes.js';
import { escapeHtml, html } from '../html.js';
import type { ServerContext } from '../route.js';
import { csrfField, field, REQUEST_ID, refuse, type ConsoleGuards } from './guards.js';
import { consolePage } from './layout.js';

/** Console forms are small: a few fields of a few hundred characters. */
const FORM_LIMIT = { bodyLimit: 16 * 1024 } as const;

/** What a page after a change says: a plain message, or a password to hand over, shown once. */
interface Notice {
  readonly text: string;
  readonly password?: string;
  readonly alert?: boolean;
}

function roleOptions(selected: string): string {
  return ROLES.map(
    (role) =>
      `<option value="${role}"${role === selected ? ' selected' : ''}>${escapeHtml(role)}</option>`,
  ).join('');
}

function status(user: UserInfo, now: Date): string {
  if (user.disabledAt !== null) return `disabled ${user.disabledAt.toISOString().slice(0, 10)}`;
  if (user.lockedUntil !== null && user.lockedUntil > now) return 'locked';
  return 'active';
}

function row(user: UserInfo, session: StaffSession, now: Date): string {
  const email = escapeHtml(user.email);
  const base = `/console/users/${escapeHtml(user.id)}`;
  const csrf = csrfField(session);
  const you = user.id === session.userId ? ' (you)' : '';
  const actions =
    user.disabledAt !== null
      ? ''
      : `<form method="post" action="${base}/role">${csrf}<select name="role" aria-label="Role of ${email}">${roleOptions(user.role)}</select> <button type="submit">Change role</button></form>
<form method="post" action="${base}/password">${csrf}<input type="password" name="password" autocomplete="new-password" aria-label="New password for ${email} (empty: generate one)"> <button type="submit">Reset password</button></form>
<form method="post" action="${base}/disable">${csrf}<button type="submit">Disable</button></form>`;
  return `<tr><td>${email}${you}</td><td>${escapeHtml(user.role)}</td><td>${escapeHtml(status(user, now))}</td><td>${user.totpEnabled ? 'on' : 'off'}</td><td>${user.lastSignInAt === null ? 'never' : escapeHtml(user.lastSignInAt.toISOString().slice(0, 16).replace('T', ' '))}</td><td>${actions}</td></tr>`;
}

/**
 * Staff accounts: list, create, change role, disable, reset password. Admins only (`users:manage`),
 * checked on every route, GET and POST. Each change is an evidence record naming accounts by id.
 */
export function registerUserPages(
  app: FastifyInstance,
  context: ServerContext,
  guards: ConsoleGuards,
): void {
  async function usersPage(
    reply: FastifyReply,
    session: StaffSession,
    code: number,
    notice?: Notice,
  ): Promise<FastifyReply> {
    const now = context.clock();
    const users = await listUsers(context.db);
    const message =
      notice === undefined
        ? ''
        : `<p${notice.alert === true ? ' role="alert"' : ' role="status"'}><strong>${escapeHtml(notice.text)}</strong></p>${
            notice.password === undefined
              ? ''
              : `\n<p>Password, shown this once: <code id="new-password">${escapeHtml(notice.password)}</code>. Hand it over safely; the user can change it only through an admin.</p>`
          }`;
    // A generated password may be on the page: no cache keeps it.
    void reply.header('cache-control', 'no-store');
    return html(
      reply,
      code,
      consolePage({
        title: 'Users',
        session,
        current: '/console/users',
        body: `<h1>Users</h1>
${message}
<table>
<caption>Staff accounts</caption>
<thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Two-step sign-in</th><th scope="col">Last sign-in (UTC)</th><th scope="col">Actions</th></tr></thead>
<tbody>
${users.map((user) => row(user, session, now)).join('\n')}
</tbody>
</table>
<h2>Create a user</h2>
<form method="post" action="/console/users">${csrfField(session)}
<p><label>Email<br><input type="email" name="email" autocomplete="off" required maxlength="254"></label></p>
<p><label>Role<br><select name="role">${roleOptions('viewer')}</select></label></p>
<p><label>Initial password (at least 12 characters; leave empty to generate one)<br><input type="password" name="password" autocomplete="new-password"></label></p>
<p><button type="submit">Create user</button></p>
</form>`,
      }),
    );
  }

  /** A change refused for a reason the admin can act on: the page again, saying why. */
  async function refused(
    reply: FastifyReply,
    session: StaffSession,
    error: unknown,
  ): Promise<FastifyReply> {
    if (error instanceof CustodianError && ERROR_CODES[error.code].status < 500) {
      return usersPage(reply, session, ERROR_CODES[error.code].status, {
        text: error.message,
        alert: true,
      });
    }
    throw error;
  }

  /** The password typed for an account, checked; or a generated one when none was typed. */
  function chosenPassword(body: unknown): { password: string; generated: boolean } | string {
    const typed = field(body, 'password') ?? '';
    if (typed === '') return { password: generatePassword(), generated: true };
    const fault = passwordFault(typed);
    return fault === undefined
      ? { password: typed, generated: false }
      : `The password must have ${fault}.`;
  }

  const by = (session: StaffSession): ChangedBy => ({
    actor: `user:${session.userId}`,
    at: context.clock(),
  });

  app.get('/console/users', async (request, reply) => {
    const session = await guards.page(request, reply, 'users:manage');
    if (!session) return reply;
    return usersPage(reply, session, 200);
  });

  app.post('/console/users', FORM_LIMIT, async (request, reply) => {
    const session = await guards.post(request, reply, 'users:manage');
    if (!session) return reply;
    const chosen = chosenPassword(request.body);
    if (typeof chosen === 'string')
      return usersPage(reply, session, 422, { text: chosen, alert: true });
    try {
      await createUser(
        context.db,
        {
          email: (field(request.body, 'email') ?? '').slice(0, 300),
          role: field(request.body, 'role') ?? '',
          password: chosen.password,
        },
        by(session),
      );
    } catch (error) {
      return refused(reply, session, error);
    }
    if (!chosen.generated) return reply.code(303).header('location', '/console/users').send();
    return usersPage(reply, session, 201, {
      text: 'The user was created.',
      password: chosen.password,
    });
  });

  app.post<{ Params: { id: string; action: string } }>(
    '/console/users/:id/:action',
    FORM_LIMIT,
    async (request, reply) => {
      const session = await guards.post(request, reply, 'users:manage');
      if (!session) return reply;
      const { id, action } = request.params;
      if (!REQUEST_ID.test(id) || !['role', 'disable', 'password'].includes(action)) {
        return refuse(reply, 404, 'Not found', 'No such user or action.', session);
      }
      const chosen = action === 'password' ? chosenPassword(request.body) : undefined;
      if (typeof chosen === 'string') {
        return usersPage(reply, session, 422, { text: chosen, alert: true });
      }
      let done: boolean;
      let notice: Notice | undefined;
      try {
        if (action === 'role') {
          done = await changeRole(context.db, id, field(request.body, 'role') ?? '', by(session));
        } else if (action === 'disable') {
          done = await disableUser(context.db, id, by(session));
        } else {
          const password = chosen ?? { password: '', generated: false };
          done = await resetPassword(context.db, id, password.password, by(session));
          if (password.generated) {
            notice = { text: 'The password was reset.', password: password.password };
          }
        }
      } catch (error) {
        return refused(reply, session, error);
      }
      if (!done) return refuse(reply, 404, 'Not found', 'No such user.', session);
      // A change to one's own account may have ended one's session (disabled, new password).
      if (notice !== undefined) return usersPage(reply, session, 200, notice);
      return reply.code(303).header('location', '/console/users').send();
    },
  );
}
