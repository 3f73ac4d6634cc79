import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRequest, verifyRequest } from '../../src/requests/index.js';
import { buildServer } from '../../src/server/index.js';
import {
  createUser,
  disableUser,
  hashPassword,
  LOCK_MS,
  may,
  resetPassword,
  ROLES,
  verifyPassword,
} from '../../src/staff/index.js';
import { certificateSigningKey } from '../../src/store/index.js';
import { person, requestHarness, type RequestHarness } from '../requests/fixture.js';
import { eachTarget } from '../support/stores.js';
import { LogCapture } from './helpers.js';

const ORIGIN = 'https://privacy.example.com';
const COOKIE = '__Host-custodian_session';

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

function cookieOf(response: LightMyRequestResponse): string {
  const header = String(response.headers['set-cookie'] ?? '');
  const value = header.split(';')[0] ?? '';
  expect(value.startsWith(`${COOKIE}=`)).toBe(true);
  return value;
}

/** The CSRF token of a page's first form. */
function csrfOf(body: string): string {
  const match = /name="csrf" value="([\w-]+)"/.exec(body);
  expect(match, 'a CSRF field').not.toBeNull();
  return match?.[1] ?? '';
}

eachTarget('admin console on $target', ({ target }) => {
  let h: RequestHarness;
  let app: FastifyInstance;
  const log = new LogCapture();
  const password = 'correct horse battery staple';
  const users: Record<string, string> = {};

  beforeAll(async () => {
    h = await requestHarness(target);
    app = buildServer({
      store: h.store,
      map: h.map,
      secret: Buffer.from('requests-test-secret-requests-test-secret'),
      signingKey: await certificateSigningKey(h.store.db),
      clock: h.clock.now,
      logger: log,
      publicUrl: ORIGIN,
      requestRateLimit: false,
    });
    for (const role of ROLES) {
      users[role] = `${role}.staff@example.com`;
      await createUser(h.store.db, { email: users[role], role, password });
    }
  });
  afterAll(async () => {
    await app.close();
    await h.close();
  });

  function login(email: string, pass = password, origin = ORIGIN) {
    return app.inject({
      method: 'POST',
      url: '/console/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      payload: form({ email, password: pass }),
    });
  }

  async function signedIn(role: string): Promise<string> {
    const response = await login(users[role] ?? '');
    expect(response.statusCode, response.body).toBe(303);
    return cookieOf(response);
  }

  function queue(cookie: string) {
    return app.inject({ method: 'GET', url: '/console/requests', headers: { cookie } });
  }

  function postForm(url: string, cookie: string, fields: Record<string, string>, origin = ORIGIN) {
    return app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin },
      payload: form(fields),
    });
  }

  /** An erasure request waiting for approval. */
  async function waiting(): Promise<string> {
    const email = person();
    const { requestId } = await openRequest(h.store.db, h.context(), {
      type: 'erasure',
      email,
      country: 'DE',
    });
    await h.deliver();
    const verified = await verifyRequest(h.store.db, h.context(), requestId, h.sink.codeFor(email));
    expect(verified.status).toBe('awaiting-approval');
    return requestId;
  }

  it('hashes passwords with scrypt and a salt per user, and refuses short ones', async () => {
    const one = await hashPassword(password);
    const two = await hashPassword(password);
    expect(one).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(one).not.toBe(two);
    expect(await verifyPassword(password, one)).toBe(true);
    expect(await verifyPassword(`${password}!`, one)).toBe(false);
    await expect(
      createUser(h.store.db, { email: 'short@example.com', role: 'viewer', password: 'short' }),
    ).rejects.toMatchObject({ code: 'staff.weak_password' });
    await expect(
      createUser(h.store.db, { email: 'x@example.com', role: 'owner', password }),
    ).rejects.toMatchObject({ code: 'staff.unknown_role' });
    await expect(
      createUser(h.store.db, { email: users.viewer ?? '', role: 'viewer', password }),
    ).rejects.toMatchObject({ code: 'staff.exists' });
  });

  it('grants each role its permissions only', () => {
    expect(ROLES.filter((role) => may(role, 'requests:approve'))).toEqual([
      'admin',
      'privacy-lead',
    ]);
    expect(ROLES.filter((role) => may(role, 'requests:read'))).toEqual([...ROLES]);
    expect(ROLES.filter((role) => may(role, 'users:manage'))).toEqual(['admin']);
  });

  it('serves a sign-in form that loads nothing from elsewhere', async () => {
    const response = await app.inject({ method: 'GET', url: '/console/login' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['content-security-policy']).toContain("form-action 'self'");
    expect(response.body).toContain('<form method="post" action="/console/login">');
    expect(response.body).not.toMatch(/<script|https?:\/\//);
  });

  it('signs in with a Secure, HttpOnly, SameSite=Strict host cookie and shows the queue', async () => {
    const requestId = await waiting();
    const response = await login(users.admin ?? '');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/console/requests');
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/^__Host-custodian_session=[\w-]{43}; /);
    expect(header).toContain('Path=/');
    expect(header).toContain('Secure');
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Strict');
    expect(header).not.toContain('Domain=');
    const page = await queue(cookieOf(response));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(requestId);
    expect(page.body).toContain(`/console/requests/${requestId}/approve`);
    // The session id is kept only as its hash.
    const id = cookieOf(response).split('=')[1] ?? '';
    const rows = await h.store.db.selectFrom('sessions').select('id_hash').execute();
    expect(rows.map((row) => row.id_hash)).not.toContain(id);
  });

  it('sends a visitor without a session to the sign-in form', async () => {
    const response = await queue(`${COOKIE}=${'A'.repeat(43)}`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/console/login');
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const wrong = await login(users.operator ?? '', 'not the password at all');
    const unknown = await login('nobody.staff@example.com', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toBe(unknown.body);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('lets a privacy lead approve, and refuses a viewer and an operator on the server', async () => {
    const requestId = await waiting();
    for (const role of ['viewer', 'operator']) {
      const cookie = await signedIn(role);
      const page = await queue(cookie);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(requestId);
      expect(page.body).not.toContain('/approve"');
      // The button is not shown; a crafted POST with the session's own token is still refused.
      const csrf = csrfOf(page.body);
      const crafted = await postForm(`/console/requests/${requestId}/approve`, cookie, { csrf });
      expect(crafted.statusCode).toBe(403);
    }
    const stillWaiting = await h.store.db
      .selectFrom('requests')
      .select('status')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(stillWaiting.status).toBe('awaiting-approval');

    const cookie = await signedIn('privacy-lead');
    const csrf = csrfOf((await queue(cookie)).body);
    const approved = await postForm(`/console/requests/${requestId}/approve`, cookie, { csrf });
    expect(approved.statusCode, approved.body).toBe(303);
    const now = await h.store.db
      .selectFrom('requests')
      .select('status')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(now.status).toBe('approved');
    const evidence = await h.store.db
      .selectFrom('evidence')
      .select(['actor', 'action'])
      .where('action', '=', 'request.approved')
      .execute();
    expect(evidence.map((row) => row.actor)).toContain(`user:${await userId('privacy-lead')}`);
  });

  async function userId(role: string): Promise<string> {
    const row = await h.store.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', users[role] ?? '')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it('refuses a POST without the session token, with a wrong one, or from another origin', async () => {
    const requestId = await waiting();
    const cookie = await signedIn('admin');
    const csrf = csrfOf((await queue(cookie)).body);
    const url = `/console/requests/${requestId}/approve`;
    expect((await postForm(url, cookie, {})).statusCode).toBe(403);
    expect((await postForm(url, cookie, { csrf: `${csrf.slice(1)}A` })).statusCode).toBe(403);
    expect((await postForm(url, cookie, { csrf }, 'https://attacker.example.net')).statusCode).toBe(
      403,
    );
    // Another site of the same registrable domain is another origin as well.
    const sameSite = await app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie,
        'sec-fetch-site': 'same-site',
      },
      payload: form({ csrf }),
    });
    expect(sameSite.statusCode).toBe(403);
    // `Origin: null` (a sandboxed frame, a data: page) counts only with Sec-Fetch-Site: same-origin.
    expect((await postForm(url, cookie, { csrf }, 'null')).statusCode).toBe(403);
    // Another session's token does not do either.
    const other = csrfOf((await queue(await signedIn('admin'))).body);
    expect((await postForm(url, cookie, { csrf: other })).statusCode).toBe(403);
    // A sign-in from another origin is refused too (login CSRF).
    expect(
      (await login(users.admin ?? '', password, 'https://attacker.example.net')).statusCode,
    ).toBe(403);
    const status = await h.store.db
      .selectFrom('requests')
      .select('status')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe('awaiting-approval');
  });

  it('ends the session on sign-out: the cookie replayed afterwards is refused', async () => {
    const cookie = await signedIn('operator');
    const csrf = csrfOf((await queue(cookie)).body);
    const out = await postForm('/console/logout', cookie, { csrf });
    expect(out.statusCode).toBe(303);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    const replay = await queue(cookie);
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/console/login');
    expect((await postForm('/console/logout', cookie, { csrf })).statusCode).toBe(401);
  });

  it('ends a session idle for more than 30 minutes', async () => {
    const cookie = await signedIn('viewer');
    expect((await queue(cookie)).statusCode).toBe(200);
    h.clock.advance(31 * 60_000);
    expect((await queue(cookie)).statusCode).toBe(303);
  });

  it('locks an account after ten wrong passwords, for 15 minutes, shared through the database', async () => {
    const email = 'locked.staff@example.com';
    await createUser(h.store.db, { email, role: 'operator', password });
    const id = (
      await h.store.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    ).id;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect((await login(email, `wrong password ${attempt}`)).statusCode).toBe(401);
    }
    const locked = await login(email);
    expect(locked.statusCode).toBe(401);
    expect(locked.headers['set-cookie']).toBeUndefined();
    const row = await h.store.db
      .selectFrom('users')
      .select('locked_until')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.locked_until).not.toBeNull();
    const evidence = await h.store.db
      .selectFrom('evidence')
      .select(['actor', 'action', 'details'])
      .where('action', '=', 'staff.locked')
      .execute();
    expect(evidence.map((record) => record.actor)).toEqual([`user:${id}`]);
    expect(JSON.stringify(evidence)).not.toContain(email);

    h.clock.advance(LOCK_MS - 60_000);
    expect((await login(email)).statusCode).toBe(401);
    h.clock.advance(2 * 60_000);
    expect((await login(email)).statusCode).toBe(303);
  });

  it('refuses a disabled account, and a reset password ends old sessions', async () => {
    const email = 'leaver.staff@example.com';
    await createUser(h.store.db, { email, role: 'viewer', password });
    const cookie = cookieOf(await login(email));
    await resetPassword(h.store.db, email, 'a brand new long password');
    expect((await queue(cookie)).statusCode).toBe(303);
    expect((await login(email)).statusCode).toBe(401);
    expect((await login(email, 'a brand new long password')).statusCode).toBe(303);
    expect(await disableUser(h.store.db, email)).toBe(true);
    expect((await login(email, 'a brand new long password')).statusCode).toBe(401);
  });

  it('never writes a password or a staff email to the log or the evidence', async () => {
    const text = log.text;
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain(password);
    expect(text).not.toContain('wrong password');
    expect(text).not.toContain('staff@example.com');
    const evidence = JSON.stringify(await h.store.db.selectFrom('evidence').selectAll().execute());
    expect(evidence).not.toContain(password);
    expect(evidence).not.toContain('staff@example.com');
    const stored = JSON.stringify(await h.store.db.selectFrom('users').selectAll().execute());
    expect(stored).not.toContain(password);
  });
});
