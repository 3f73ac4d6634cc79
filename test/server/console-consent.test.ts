import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  recordConsent,
  recordObjection,
  suppress,
  type Choice,
  type LedgerContext,
} from '../../src/ledger/index.js';
import { buildServer } from '../../src/server/index.js';
import { createUser, ROLES } from '../../src/staff/index.js';
import { certificateSigningKey } from '../../src/store/index.js';
import { requestHarness, SECRET, tableText, type RequestHarness } from '../requests/fixture.js';
import { eachTarget } from '../support/stores.js';
import { LogCapture } from './helpers.js';

const ORIGIN = 'https://privacy.example.com';
const COOKIE = '__Host-custodian_session';
const DAY_MS = 86_400_000;

/** On the list for every purpose, looked up in another case. */
const SUPPRESSED = 'bo.suppressed@example.com';
const TYPED = 'Bo.Suppressed@Example.COM';
/** Not on the list. */
const OTHER = 'Carla.Absent@Example.com';
/** On the list for the newsletter only. */
const PHONE = '+32 470 98 76 54';

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

function csrfOf(body: string): string {
  const match = /name="csrf" value="([\w-]+)"/.exec(body);
  expect(match, 'a CSRF field').not.toBeNull();
  return match?.[1] ?? '';
}

/** The part of a page from the element with `id` to the end of its section. */
function section(body: string, id: string): string {
  const start = body.indexOf(`id="${id}"`);
  expect(start, `a section ${id}`).toBeGreaterThan(-1);
  return body.slice(start, body.indexOf('</section>', start));
}

/** The table rows of a section: the day or name, then the numbers. */
function rowsOf(part: string): string[][] {
  const rows: string[][] = [];
  for (const match of part.matchAll(
    /<tr><th scope="row">([^<]*)<\/th>((?:<td>[^<]*<\/td>)+)<\/tr>/g,
  )) {
    const cells = [...(match[2] ?? '').matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1] ?? '');
    rows.push([match[1] ?? '', ...cells]);
  }
  return rows;
}

eachTarget('console consent section on $target', ({ target }) => {
  let h: RequestHarness;
  let app: FastifyInstance;
  const log = new LogCapture();
  const password = 'correct horse battery staple';
  const users: Record<string, string> = {};

  function ledger(): LedgerContext {
    return { map: h.map, secret: SECRET, now: h.clock.now, actor: 'api-key:test' };
  }

  async function choose(
    email: string,
    choices: Record<string, Choice>,
    gpc = false,
  ): Promise<void> {
    await recordConsent(h.store.db, ledger(), {
      subject: { email },
      choices,
      source: 'cookie-banner',
      gpc,
    });
  }

  beforeAll(async () => {
    h = await requestHarness(target);
    // Events over several days with a fixed clock, from 2025-10-03 to 2026-03-05 (UTC).
    h.clock.advance(-150 * DAY_MS);
    await choose('fay@example.com', { 'website-analytics': 'granted' });
    h.clock.advance(150 * DAY_MS);
    // 2026-03-02
    await choose('ana@example.com', { 'website-analytics': 'granted', newsletter: 'granted' });
    await choose('ben@example.com', { 'website-analytics': 'granted' });
    await choose('cem@example.com', { 'website-analytics': 'denied' }, true);
    h.clock.advance(DAY_MS);
    // 2026-03-03
    await choose('ana@example.com', { 'website-analytics': 'denied' });
    await choose('ben@example.com', { 'website-analytics': 'denied' }, true);
    // A grant that came with GPC is no opt-out.
    await choose('dan@example.com', { newsletter: 'granted' }, true);
    h.clock.advance(2 * DAY_MS);
    // 2026-03-05
    await recordObjection(h.store.db, ledger(), {
      subject: { email: 'ana@example.com' },
      purpose: 'newsletter',
      source: 'unsubscribe-page',
    });
    await choose('cem@example.com', { 'website-analytics': 'denied' }, true);
    await choose('fay@example.com', { 'website-analytics': 'denied' });
    await suppress(h.store.db, ledger(), {
      identifiers: [{ email: SUPPRESSED }],
      reason: 'erased',
    });
    await suppress(h.store.db, ledger(), {
      identifiers: [{ phone: PHONE }],
      reason: 'hard bounce',
      scope: 'newsletter',
    });

    app = buildServer({
      store: h.store,
      map: h.map,
      secret: SECRET,
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

  async function signedIn(role: string): Promise<string> {
    const response = await app.inject({
      method: 'POST',
      url: '/console/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      payload: form({ email: users[role] ?? '', password }),
    });
    expect(response.statusCode, response.body).toBe(303);
    const value = String(response.headers['set-cookie']).split(';')[0] ?? '';
    expect(value.startsWith(`${COOKIE}=`)).toBe(true);
    return value;
  }

  function open(url: string, cookie: string) {
    return app.inject({ method: 'GET', url, headers: { cookie } });
  }

  function lookUp(
    cookie: string,
    csrf: string,
    identifier: string,
  ): Promise<LightMyRequestResponse> {
    return app.inject({
      method: 'POST',
      url: '/console/suppression',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: ORIGIN },
      payload: form({ csrf, identifier }),
    });
  }

  it('charts grants, withdrawals and refusals per purpose and day, with the numbers in a table', async () => {
    const page = await open('/console/consent?days=30', await signedIn('viewer'));
    expect(page.statusCode, page.body).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).not.toContain('<script');

    const analytics = section(page.body, 'purpose-website-analytics');
    expect(analytics).toContain(
      '<svg role="img" aria-label="Website analytics and usability: grants, withdrawals and refusals per day, 2026-02-04 to 2026-03-05"',
    );
    expect(analytics.match(/<polyline /g)).toHaveLength(3);
    // Day, grants, withdrawals, refusals, opt-outs with GPC. Fay's grant was before the period;
    // her refusal is still a withdrawal. Cem refused twice: never a withdrawal.
    expect(rowsOf(analytics)).toEqual([
      ['2026-03-02', '2', '0', '1', '1'],
      ['2026-03-03', '0', '2', '0', '1'],
      ['2026-03-05', '0', '1', '1', '1'],
      ['Total', '2', '3', '2', '3'],
    ]);
    expect(analytics).toContain('<details><summary>');

    // An objection to a consent purpose withdraws it (GDPR Art. 7(3)).
    expect(rowsOf(section(page.body, 'purpose-newsletter'))).toEqual([
      ['2026-03-02', '1', '0', '0', '0'],
      ['2026-03-03', '1', '0', '0', '0'],
      ['2026-03-05', '0', '1', '0', '0'],
      ['Total', '2', '1', '0', '0'],
    ]);
    const quiet = section(page.body, 'purpose-website-personalisation');
    expect(quiet).toContain('No consent was given, refused or withdrawn in this period.');
    expect(quiet).toContain('<svg role="img"');
    // Purposes on another legal basis have no chart.
    expect(page.body).not.toContain('id="purpose-product-enquiries"');

    const gpc = section(page.body, 'gpc');
    expect(gpc).toContain('<svg role="img" aria-label="Share of opt-outs with a GPC signal');
    expect(rowsOf(gpc)).toEqual([
      ['Website analytics and usability', '5', '3', '60 %'],
      ['Website personalisation', '0', '0', 'no opt-outs'],
      ['Newsletters and marketing communications', '1', '0', '0 %'],
    ]);
  });

  it('shows 90 days by default and takes 365, nothing else', async () => {
    const cookie = await signedIn('viewer');
    const fallback = await open('/console/consent', cookie);
    expect(fallback.statusCode).toBe(200);
    expect(fallback.body).toContain('2025-12-06 to 2026-03-05');
    expect(fallback.body).toContain('<option value="90" selected>');
    const year = await open('/console/consent?days=365', cookie);
    expect(year.statusCode).toBe(200);
    expect(rowsOf(section(year.body, 'purpose-website-analytics'))[0]).toEqual([
      '2025-10-03',
      '1',
      '0',
      '0',
      '0',
    ]);
    for (const query of ['days=7', 'days=1000000', 'days=abc', 'days=30&days=90', 'days=']) {
      const refused = await open(`/console/consent?${query}`, cookie);
      expect(refused.statusCode, query).toBe(400);
      expect(refused.body).toContain('The period is one of 30, 90, 365 days.');
    }
  });

  it('sends a visitor without a session to sign in', async () => {
    const response = await app.inject({ method: 'GET', url: '/console/consent' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/console/login');
  });

  it('finds a suppressed address typed in another case, and not another one', async () => {
    const cookie = await signedIn('operator');
    const page = await open('/console/consent', cookie);
    expect(page.body).toContain('<form method="post" action="/console/suppression">');
    const csrf = csrfOf(page.body);

    const found = await lookUp(cookie, csrf, TYPED);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.headers['cache-control']).toBe('no-store');
    expect(found.headers.location).toBeUndefined();
    expect(found.body).toContain('<strong>Suppressed.</strong> The email address you typed');
    expect(found.body).toContain('<td>every purpose</td><td>erased</td><td>2026-03-05 09:00</td>');

    const absent = await lookUp(cookie, csrf, OTHER);
    expect(absent.statusCode).toBe(200);
    expect(absent.body).toContain('<strong>Not suppressed.</strong>');
    expect(absent.body).not.toContain('<strong>Suppressed.</strong>');

    const phone = await lookUp(cookie, csrf, '+32470987654');
    expect(phone.body).toContain('<strong>Suppressed.</strong> The phone number you typed');
    expect(phone.body).toContain(
      'Newsletters and marketing communications <code>newsletter</code></td><td>hard bounce</td>',
    );

    // The answer never repeats what was typed.
    for (const response of [found, absent, phone]) {
      for (const value of [TYPED, SUPPRESSED, OTHER, OTHER.toLowerCase(), '32470987654']) {
        expect(response.body.toLowerCase()).not.toContain(value.toLowerCase());
      }
    }
  });

  it('refuses bad input with a page, never a 500, and says nothing of what was typed', async () => {
    const cookie = await signedIn('privacy-lead');
    const csrf = csrfOf((await open('/console/suppression', cookie)).body);
    for (const identifier of [
      '',
      'x'.repeat(321),
      `${'a'.repeat(300)}@example.com`,
      'ana@@example.com',
      'call me maybe',
      '12',
    ]) {
      const response = await lookUp(cookie, csrf, identifier);
      expect(response.statusCode, identifier).toBe(400);
      expect(response.body).toContain('<strong>Not looked up:</strong>');
      if (identifier.length > 4) expect(response.body).not.toContain(identifier);
    }
  });

  it('refuses the lookup to a role without the permission, on the server', async () => {
    const cookie = await signedIn('viewer');
    const page = await open('/console/consent', cookie);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/console/suppression');
    expect((await open('/console/suppression', cookie)).statusCode).toBe(403);
    // A crafted POST with the session's own token.
    const crafted = await lookUp(cookie, csrfOf(page.body), TYPED);
    expect(crafted.statusCode).toBe(403);
    expect(crafted.body).not.toContain('Suppressed');
    // Without the token, or from another origin, the permitted role is refused too.
    const operator = await signedIn('operator');
    expect((await lookUp(operator, 'A'.repeat(43), TYPED)).statusCode).toBe(403);
    const token = csrfOf((await open('/console/suppression', operator)).body);
    const elsewhere = await app.inject({
      method: 'POST',
      url: '/console/suppression',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: operator,
        origin: 'https://attacker.example.net',
      },
      payload: form({ csrf: token, identifier: TYPED }),
    });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.body).not.toContain('Suppressed');
  });

  it('records that a lookup happened, by whom, and nothing of what was looked up', async () => {
    const records = await h.store.db
      .selectFrom('evidence')
      .select(['actor', 'details', 'subject_ref'])
      .where('action', '=', 'suppression.looked_up')
      .execute();
    expect(records.length).toBeGreaterThanOrEqual(3);
    for (const record of records) {
      expect(record.actor).toMatch(/^user:[0-9a-f-]{36}$/);
      expect(record.subject_ref).toBeNull();
      expect(record.details).toEqual({});
    }
  });

  it('keeps no typed identifier in any log line or table row', async () => {
    expect(log.text.length).toBeGreaterThan(0);
    const typed = [TYPED, OTHER, '+32470987654'];
    const spellings = typed.flatMap((value) => [
      value,
      value.toLowerCase(),
      encodeURIComponent(value),
      encodeURIComponent(value.toLowerCase()),
    ]);
    for (const spelling of [...spellings, SUPPRESSED, '32470987654']) {
      expect(log.text.toLowerCase()).not.toContain(spelling.toLowerCase());
    }
    const { rows } = await sql<{ name: string }>`
      select tablename as name from pg_tables where schemaname = current_schema()`.execute(
      h.store.db,
    );
    expect(rows.map((row) => row.name)).toContain('suppressions');
    for (const { name } of rows) {
      const text = (await tableText(h.store.db, name)).toLowerCase();
      for (const spelling of [...spellings, SUPPRESSED, '32470987654']) {
        expect(text, name).not.toContain(spelling.toLowerCase());
      }
    }
  });
});
