import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../../src/server/index.js';
import {
  base32Decode,
  createUser,
  deleteExpiredSessions,
  hotp,
  LOCK_MS,
  PENDING_SIGN_IN_MS,
  SESSION_ABSOLUTE_MS,
  startSessionCleanup,
  totp,
  totpStep,
} from '../../src/staff/index.js';
import { certificateSigningKey, type Store } from '../../src/store/index.js';
import { testClock, type TestClock } from '../ledger/fixture.js';
import { eachTarget, freshStore } from '../support/stores.js';
import { demoMap, LogCapture } from './helpers.js';

const ORIGIN = 'https://privacy.example.com';
const SESSION = '__Host-custodian_session';
const PENDING = '__Host-custodian_pending';
const SECRET = Buffer.from('console-users-test-secret-console-users');

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** The `name=value` of a cookie a response sets, or undefined. */
function setCookie(response: LightMyRequestResponse, name: string): string | undefined {
  const header = response.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header === undefined ? [] : [header];
  const found = all.find((cookie) => cookie.startsWith(`${name}=`));
  return found?.split(';')[0];
}

function csrfOf(body: string): string {
  const match = /name="csrf" value="([\w-]+)"/.exec(body);
  expect(match, 'a CSRF field').not.toBeNull();
  return match?.[1] ?? '';
}

eachTarget('console users and two-step sign-in on $target', ({ target }) => {
  let store: Store;
  let app: FastifyInstance;
  let clock: TestClock;
  const log = new LogCapture();
  const password = 'correct horse battery staple';
  const admin = 'admin.staff@example.com';
  const lead = 'lead.staff@example.com';

  beforeAll(async () => {
    store = await freshStore(target);
    clock = testClock('2026-03-02T09:00:10.000Z');
    app = buildServer({
      store,
      map: await demoMap(),
      secret: SECRET,
      signingKey: await certificateSigningKey(store.db),
      clock: clock.now,
      logger: log,
      publicUrl: ORIGIN,
      requestRateLimit: false,
    });
    await createUser(store.db, { email: admin, role: 'admin', password });
    await createUser(store.db, { email: lead, role: 'privacy-lead', password });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  function login(email: string, pass = password) {
    return app.inject({
      method: 'POST',
      url: '/console/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      payload: form({ email, password: pass }),
    });
  }

  async function signedIn(email: string): Promise<string> {
    const response = await login(email);
    expect(response.statusCode, response.body).toBe(303);
    expect(response.headers.location).toBe('/console/requests');
    return setCookie(response, SESSION) ?? '';
  }

  function get(url: string, cookie: string) {
    return app.inject({ method: 'GET', url, headers: { cookie } });
  }

  function post(url: string, cookie: string, fields: Record<string, string>) {
    return app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: ORIGIN },
      payload: form(fields),
    });
  }

  async function idOf(email: string): Promise<string> {
    const row = await store.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function userRow(email: string) {
    return store.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
  }

  async function evidence(action: string) {
    return store.db
      .selectFrom('evidence')
      .select(['actor', 'action', 'details'])
      .where('action', '=', action)
      .execute();
  }

  it('lets an admin list, create, re-role, reset and disable staff, each change in the evidence', async () => {
    const cookie = await signedIn(admin);
    const page = await get('/console/users', cookie);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(admin);
    expect(page.body).toContain(lead);
    expect(page.body).toContain('<th scope="col">Two-step sign-in</th>');
    const csrf = csrfOf(page.body);

    // An initial password typed by the admin, checked as any other.
    const short = await post('/console/users', cookie, {
      csrf,
      email: 'new.staff@example.com',
      role: 'operator',
      password: 'short',
    });
    expect(short.statusCode).toBe(422);
    expect(short.body).toContain('at least 12 characters');
    const typed = await post('/console/users', cookie, {
      csrf,
      email: 'new.staff@example.com',
      role: 'operator',
      password: 'a typed initial password',
    });
    expect(typed.statusCode, typed.body).toBe(303);
    expect((await login('new.staff@example.com', 'a typed initial password')).statusCode).toBe(303);
    const again = await post('/console/users', cookie, {
      csrf,
      email: 'NEW.staff@example.com',
      role: 'viewer',
      password: '',
    });
    expect(again.statusCode).toBe(409);
    const badRole = await post('/console/users', cookie, {
      csrf,
      email: 'owner.staff@example.com',
      role: 'owner',
    });
    expect(badRole.statusCode).toBe(422);

    // A generated password, shown once on the answer to the POST and never cached.
    const generated = await post('/console/users', cookie, {
      csrf,
      email: 'gen.staff@example.com',
      role: 'viewer',
      password: '',
    });
    expect(generated.statusCode).toBe(201);
    expect(generated.headers['cache-control']).toBe('no-store');
    const shown = /<code id="new-password">([\w-]+)<\/code>/.exec(generated.body)?.[1] ?? '';
    expect(shown).toHaveLength(22);
    expect((await login('gen.staff@example.com', shown)).statusCode).toBe(303);
    expect((await get('/console/users', cookie)).body).not.toContain(shown);

    const id = await idOf('gen.staff@example.com');
    const role = await post(`/console/users/${id}/role`, cookie, { csrf, role: 'operator' });
    expect(role.statusCode).toBe(303);
    expect((await userRow('gen.staff@example.com')).role).toBe('operator');
    expect(
      (await post(`/console/users/${id}/role`, cookie, { csrf, role: 'root' })).statusCode,
    ).toBe(422);

    const reset = await post(`/console/users/${id}/password`, cookie, {
      csrf,
      password: 'another typed password',
    });
    expect(reset.statusCode).toBe(303);
    expect((await login('gen.staff@example.com', shown)).statusCode).toBe(401);
    const regenerated = await post(`/console/users/${id}/password`, cookie, { csrf, password: '' });
    expect(regenerated.statusCode).toBe(200);
    const next = /<code id="new-password">([\w-]+)<\/code>/.exec(regenerated.body)?.[1] ?? '';
    expect((await login('gen.staff@example.com', next)).statusCode).toBe(303);

    const disabled = await post(`/console/users/${id}/disable`, cookie, { csrf });
    expect(disabled.statusCode).toBe(303);
    expect((await login('gen.staff@example.com', next)).statusCode).toBe(401);
    expect((await get('/console/users', cookie)).body).toMatch(/gen\.staff@example\.com.*disabled/);

    const unknown = await post(
      '/console/users/00000000-0000-4000-8000-000000000000/disable',
      cookie,
      { csrf },
    );
    expect(unknown.statusCode).toBe(404);
    expect((await post(`/console/users/${id}/delete`, cookie, { csrf })).statusCode).toBe(404);

    const adminId = await idOf(admin);
    for (const action of [
      'staff.user_created',
      'staff.role_changed',
      'staff.password_reset',
      'staff.user_disabled',
    ]) {
      const records = await evidence(action);
      expect(records.map((r) => r.actor)).toContain(`user:${adminId}`);
      expect(JSON.stringify(records)).toContain(id);
    }
    const all = JSON.stringify(await store.db.selectFrom('evidence').selectAll().execute());
    expect(all).not.toContain('staff@example.com');
    expect(all).not.toContain(shown);
    expect(all).not.toContain('a typed initial password');
  });

  it('answers a privacy lead 403 on every users route, GET and POST, and changes nothing', async () => {
    const cookie = await signedIn(lead);
    const csrf = csrfOf((await get('/console/requests', cookie)).body);
    const target = await idOf(admin);
    expect((await get('/console/users', cookie)).statusCode).toBe(403);
    const posts: [string, Record<string, string>][] = [
      ['/console/users', { email: 'sneaky.staff@example.com', role: 'admin', password }],
      [`/console/users/${target}/role`, { role: 'viewer' }],
      [`/console/users/${target}/disable`, {}],
      [`/console/users/${target}/password`, { password: 'a password of my choice' }],
    ];
    for (const [url, fields] of posts) {
      const response = await post(url, cookie, { csrf, ...fields });
      expect(response.statusCode, url).toBe(403);
    }
    // The navigation does not offer the section either; the server refusal above is the guard.
    expect((await get('/console/requests', cookie)).body).not.toContain('href="/console/users"');
    const row = await userRow(admin);
    expect(row.role).toBe('admin');
    expect(row.disabled_at).toBeNull();
    expect(
      await store.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'sneaky.staff@example.com')
        .execute(),
    ).toEqual([]);
  });

  it('keeps at least one active admin: the last one can neither demote nor disable themself', async () => {
    const cookie = await signedIn(admin);
    const csrf = csrfOf((await get('/console/users', cookie)).body);
    const self = await idOf(admin);
    const demote = await post(`/console/users/${self}/role`, cookie, { csrf, role: 'viewer' });
    expect(demote.statusCode).toBe(409);
    expect(demote.body).toContain('last active admin');
    expect((await post(`/console/users/${self}/disable`, cookie, { csrf })).statusCode).toBe(409);
    expect((await userRow(admin)).role).toBe('admin');
    expect((await userRow(admin)).disabled_at).toBeNull();
    expect((await get('/console/users', cookie)).statusCode).toBe(200);

    // With a second admin, either may step down.
    const deputy = await post('/console/users', cookie, {
      csrf,
      email: 'deputy.staff@example.com',
      role: 'admin',
      password,
    });
    expect(deputy.statusCode).toBe(303);
    const deputyId = await idOf('deputy.staff@example.com');
    expect((await post(`/console/users/${deputyId}/disable`, cookie, { csrf })).statusCode).toBe(
      303,
    );
    // A disabled admin does not count: the signed-in one is the last active admin again.
    expect(
      (await post(`/console/users/${self}/role`, cookie, { csrf, role: 'viewer' })).statusCode,
    ).toBe(409);
  });

  /** Turns TOTP on for a user through the account page; returns their secret and session. */
  async function enrol(email: string): Promise<{ key: Buffer; cookie: string }> {
    const cookie = await signedIn(email);
    const page = await get('/console/account', cookie);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Two-step sign-in is <strong>off</strong>');
    const csrf = csrfOf(page.body);
    expect((await post('/console/account/totp/start', cookie, { csrf })).statusCode).toBe(303);
    const shown = await get('/console/account', cookie);
    expect(shown.headers['cache-control']).toBe('no-store');
    const text = /<code id="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(shown.body)?.[1] ?? '';
    const key = base32Decode(text);
    expect(key?.length).toBe(20);
    expect(shown.body).toContain('otpauth://totp/');
    if (key === undefined) throw new Error('a base32 key');
    // The secret is stored sealed, never as the text shown.
    const stored = (await userRow(email)).totp_secret ?? '';
    expect(stored.startsWith('s1.')).toBe(true);
    expect(stored).not.toContain(text.replace(/ /g, ''));
    const wrong = await post('/console/account/totp/confirm', cookie, {
      csrf,
      code: wrongCode(key),
    });
    expect(wrong.statusCode).toBe(422);
    expect((await userRow(email)).totp_enabled).toBe(false);
    const confirmed = await post('/console/account/totp/confirm', cookie, {
      csrf,
      code: totp(key, clock.now()),
    });
    expect(confirmed.statusCode).toBe(303);
    const on = await get('/console/account', cookie);
    expect(on.body).toContain('Two-step sign-in is <strong>on</strong>');
    // Once on, the key is never shown again.
    expect(on.body).not.toContain('totp-secret');
    return { key, cookie };
  }

  /** Six digits that are no code of the window around now. */
  function wrongCode(key: Buffer): string {
    const step = totpStep(clock.now());
    const valid = new Set([hotp(key, step - 1), hotp(key, step), hotp(key, step + 1)]);
    for (let n = 0; ; n += 1) {
      const code = String(n).padStart(6, '0');
      if (!valid.has(code)) return code;
    }
  }

  it('signs a user with TOTP on in two steps: password, then a code accepted once', async () => {
    const email = 'twostep.staff@example.com';
    await createUser(store.db, { email, role: 'operator', password });
    const { key } = await enrol(email);
    expect((await evidence('staff.totp_enabled')).map((r) => r.actor)).toContain(
      `user:${await idOf(email)}`,
    );

    const first = await login(email);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/console/login/code');
    expect(setCookie(first, SESSION)).toBeUndefined();
    const pending = setCookie(first, PENDING) ?? '';
    expect(pending).toMatch(/^__Host-custodian_pending=[\w-]{43}$/);
    expect(String(first.headers['set-cookie'])).toContain('HttpOnly');
    // The pending sign-in is kept in the database, as a hash, not as its id.
    expect((await userRow(email)).pending_sign_in_hash).not.toBe(pending.split('=')[1]);
    // It is no session.
    expect((await get('/console/requests', pending)).statusCode).toBe(303);
    const form = await get('/console/login/code', pending);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('autocomplete="one-time-code"');
    expect((await get('/console/login/code', '')).statusCode).toBe(303);

    // The code used to confirm enrolment does not sign in: a code works once.
    const replayed = await post('/console/login/code', pending, { code: totp(key, clock.now()) });
    expect(replayed.statusCode).toBe(401);
    clock.advance(30_000);
    const code = totp(key, clock.now());
    const second = await post('/console/login/code', pending, { code });
    expect(second.statusCode, second.body).toBe(303);
    expect(second.headers.location).toBe('/console/requests');
    const session = setCookie(second, SESSION) ?? '';
    expect(session).toMatch(/^__Host-custodian_session=[\w-]{43}$/);
    expect(String(second.headers['set-cookie'])).toContain(`${PENDING}=; `);
    expect((await get('/console/requests', session)).statusCode).toBe(200);
    // The pending sign-in is spent.
    expect((await post('/console/login/code', pending, { code })).statusCode).toBe(401);
    expect((await userRow(email)).pending_sign_in_hash).toBeNull();

    // Another sign-in in the same 30 seconds cannot reuse the code.
    const other = setCookie(await login(email), PENDING) ?? '';
    expect((await post('/console/login/code', other, { code })).statusCode).toBe(401);
    // A pending sign-in lasts 5 minutes.
    clock.advance(PENDING_SIGN_IN_MS + 1000);
    const late = await post('/console/login/code', other, { code: totp(key, clock.now()) });
    expect(late.statusCode).toBe(401);
    expect(late.body).toContain('Sign in again');

    // A code from another origin is refused (login CSRF), before anything is checked.
    const fresh = setCookie(await login(email), PENDING) ?? '';
    const foreign = await app.inject({
      method: 'POST',
      url: '/console/login/code',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: fresh,
        origin: 'https://attacker.example.net',
      },
      payload: `code=${totp(key, clock.now())}`,
    });
    expect(foreign.statusCode).toBe(403);
  });

  it('counts wrong codes toward the lock-out, even after right passwords', async () => {
    const email = 'guesser.staff@example.com';
    await createUser(store.db, { email, role: 'viewer', password });
    const { key } = await enrol(email);
    clock.advance(30_000);
    let pending = setCookie(await login(email), PENDING) ?? '';
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const response = await post('/console/login/code', pending, { code: wrongCode(key) });
      expect(response.statusCode).toBe(401);
      if (attempt === 5) {
        // A right password in between does not wipe the count.
        pending = setCookie(await login(email), PENDING) ?? '';
      }
    }
    const row = await userRow(email);
    expect(row.locked_until).not.toBeNull();
    expect(row.pending_sign_in_hash).toBeNull();
    const locked = await evidence('staff.locked');
    expect(locked.map((r) => r.actor)).toContain(`user:${row.id}`);
    // Locked: the right password and a right code do not sign in.
    expect((await login(email)).headers.location).toBeUndefined();
    clock.advance(LOCK_MS + 1000);
    const after = setCookie(await login(email), PENDING) ?? '';
    expect(
      (await post('/console/login/code', after, { code: totp(key, clock.now()) })).statusCode,
    ).toBe(303);
  });

  it('turns TOTP off with the password and a fresh code, not with either alone', async () => {
    const email = 'quitter.staff@example.com';
    await createUser(store.db, { email, role: 'viewer', password });
    const { key, cookie } = await enrol(email);
    const csrf = csrfOf((await get('/console/account', cookie)).body);
    clock.advance(30_000);
    const noPassword = await post('/console/account/totp/disable', cookie, {
      csrf,
      password: 'not the password at all',
      code: totp(key, clock.now()),
    });
    expect(noPassword.statusCode).toBe(403);
    clock.advance(30_000);
    const noCode = await post('/console/account/totp/disable', cookie, {
      csrf,
      password,
      code: wrongCode(key),
    });
    expect(noCode.statusCode).toBe(403);
    expect((await userRow(email)).totp_enabled).toBe(true);
    const off = await post('/console/account/totp/disable', cookie, {
      csrf,
      password,
      code: totp(key, clock.now()),
    });
    expect(off.statusCode).toBe(303);
    const row = await userRow(email);
    expect(row.totp_enabled).toBe(false);
    expect(row.totp_secret).toBeNull();
    expect((await evidence('staff.totp_disabled')).map((r) => r.actor)).toContain(`user:${row.id}`);
    expect((await login(email)).headers.location).toBe('/console/requests');
  });

  it('deletes sessions past their limits, on sign-in and by the periodic cleanup', async () => {
    const sessions = () => store.db.selectFrom('sessions').select('id_hash').execute();
    const idle = await signedIn(lead);
    expect((await sessions()).length).toBeGreaterThan(0);
    clock.advance(31 * 60_000);
    // A sign-in deletes every session past its idle limit, its own user's or not.
    const fresh = await signedIn(admin);
    expect((await sessions()).length).toBe(1);
    expect((await get('/console/requests', idle)).statusCode).toBe(303);

    // The periodic pass: a pass at once, on the clock it is given.
    const kept = await signedIn(lead);
    expect((await sessions()).length).toBe(2);
    clock.advance(20 * 60_000);
    expect((await get('/console/requests', kept)).statusCode).toBe(200);
    clock.advance(20 * 60_000);
    let failed: unknown;
    const cleanup = startSessionCleanup(store.db, {
      now: clock.now,
      intervalMs: 60 * 60_000,
      onError: (error) => {
        failed = error;
      },
    });
    await cleanup.stop();
    expect(failed).toBeUndefined();
    // `fresh` was idle for 40 minutes; `kept` was used 20 minutes ago.
    expect((await sessions()).length).toBe(1);
    expect((await get('/console/requests', fresh)).statusCode).toBe(303);

    // The absolute limit holds for a session in use.
    for (let elapsed = 0; elapsed < SESSION_ABSOLUTE_MS; elapsed += 25 * 60_000) {
      clock.advance(25 * 60_000);
      await store.db.updateTable('sessions').set({ last_seen_at: clock.now() }).execute();
    }
    expect(await deleteExpiredSessions(store.db, clock.now())).toBe(1);
    expect(await sessions()).toEqual([]);
  });

  it('never writes a password, a code or a staff email to the log', () => {
    const text = log.text;
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain(password);
    expect(text).not.toContain('staff@example.com');
    expect(text).not.toMatch(/code=\d{6}/);
  });
});
