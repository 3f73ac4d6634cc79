import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  certificateKey,
  verifyCertificate,
  type DryRunOutcome,
  type ErasureCertificate,
} from '../../src/execution/index.js';
import { getRequest, openRequest } from '../../src/requests/index.js';
import { buildServer } from '../../src/server/index.js';
import { createUser, ROLES } from '../../src/staff/index.js';
import { harness, type Harness } from '../integration/harness.js';
import { SHOP_PEOPLE } from '../support/shop/index.js';
import { eachTarget } from '../support/stores.js';

const ORIGIN = 'https://privacy.example.com';
const COOKIE = '__Host-custodian_session';
const ANA = SHOP_PEOPLE.ana.email;
const BRUNO = SHOP_PEOPLE.bruno.email;

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

function cookieOf(response: LightMyRequestResponse): string {
  const value = String(response.headers['set-cookie'] ?? '').split(';')[0] ?? '';
  expect(value.startsWith(`${COOKIE}=`)).toBe(true);
  return value;
}

function csrfOf(body: string): string {
  const match = /name="csrf" value="([\w-]+)"/.exec(body);
  expect(match, 'a CSRF field').not.toBeNull();
  return match?.[1] ?? '';
}

/** The ids the queue page links to, in order. */
function linkedIds(body: string): string[] {
  return [...body.matchAll(/<a href="\/console\/requests\/([0-9a-f-]{36})"><code>/g)].map(
    (match) => match[1] ?? '',
  );
}

/**
 * The console's request screens over the shop's real databases: the queue with its filters and
 * pages, a request's page with its dry run, package and certificate, and the actions, each
 * refused on the server to a role without its permission.
 */
eachTarget('console request screens on $target', ({ target }) => {
  let h: Harness;
  let app: FastifyInstance;
  const password = 'correct horse battery staple';
  const users: Record<string, string> = {};
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    h = await harness({ shop: target, newsletter: target, billing: target });
    app = buildServer({
      store: h.store,
      map: h.map,
      secret: h.secret,
      signingKey: h.signingKey,
      publicUrl: ORIGIN,
      requestRateLimit: false,
      requestHooks: {
        // As `custodian serve` does, without its queue: the run and the dry run by the executor.
        onApproved: async (id) => {
          await h.run(id);
        },
        dryRun: async (id) => (await h.run(id, { dryRun: true })) as DryRunOutcome,
      },
    });
    for (const role of ROLES) {
      users[role] = `${role}.staff@example.com`;
      await createUser(h.store.db, { email: users[role], role, password });
      const response = await app.inject({
        method: 'POST',
        url: '/console/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
        payload: form({ email: users[role], password }),
      });
      expect(response.statusCode).toBe(303);
      cookies[role] = cookieOf(response);
    }
    // Four embedded databases to create on PGlite: slow on a busy machine.
  }, 300_000);
  afterAll(async () => {
    // Unset when the set-up failed.
    await (app as FastifyInstance | undefined)?.close();
    await (h as Harness | undefined)?.close();
  });

  function get(url: string, role: string) {
    return app.inject({ method: 'GET', url, headers: { cookie: cookies[role] ?? '' } });
  }

  async function post(url: string, role: string, fields: Record<string, string> = {}) {
    const csrf = csrfOf((await get('/console/requests', role)).body);
    return app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: cookies[role] ?? '',
        origin: ORIGIN,
      },
      payload: form({ csrf, ...fields }),
    });
  }

  /** A request opened by an operator who checked the person (verified at once). */
  async function opened(
    type: string,
    email: string = BRUNO,
    where: { country: string; state?: string } = { country: 'BE' },
  ): Promise<string> {
    const { requestId } = await openRequest(h.store.db, h.requests, {
      type,
      email,
      ...where,
      operator: true,
    });
    return requestId;
  }

  async function statusOf(id: string): Promise<string> {
    return (await getRequest(h.store.db, id)).status;
  }

  it('lists requests nearest deadline first, each linked to its page, filtered by type, status and law', async () => {
    const erasure = await opened('erasure');
    const know = await opened('know', BRUNO, { country: 'US', state: 'CA' });
    const all = await get('/console/requests', 'viewer');
    expect(all.statusCode).toBe(200);
    expect(linkedIds(all.body)).toEqual(expect.arrayContaining([erasure, know]));
    // The filter form is a GET with labelled selects: it works without script.
    expect(all.body).toContain('<form method="get" action="/console/requests"');
    expect(all.body).toMatch(/<label>Law <select name="law">/);

    const byType = await get('/console/requests?type=know', 'viewer');
    expect(linkedIds(byType.body)).toContain(know);
    expect(linkedIds(byType.body)).not.toContain(erasure);
    expect(byType.body).toContain('<option selected>know</option>');
    const byLaw = await get('/console/requests?law=gdpr', 'viewer');
    expect(linkedIds(byLaw.body)).toContain(erasure);
    expect(linkedIds(byLaw.body)).not.toContain(know);
    const byStatus = await get('/console/requests?status=awaiting-approval&law=gdpr', 'viewer');
    expect(linkedIds(byStatus.body)).toContain(erasure);
    expect(linkedIds(byStatus.body)).not.toContain(know);
    const none = await get('/console/requests?type=erasure&law=ccpa', 'viewer');
    expect(none.body).toContain('No request matches.');
  });

  it('answers unknown filter values and a bad cursor with a 400 page, not a 500', async () => {
    for (const query of [
      'type=shredding',
      'status=lost',
      'law=hammurabi',
      'type=access&type=erasure',
      'after=yesterday',
      'after=1.not-a-uuid',
      `law=${'x'.repeat(5000)}`,
    ]) {
      const response = await get(`/console/requests?${query}`, 'viewer');
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('<h1>Bad filter</h1>');
    }
  });

  it('pages the queue by due date and id, with a next link that keeps the filters', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 52; i += 1) ids.push(await opened('objection'));
    const first = await get('/console/requests?type=objection', 'viewer');
    const firstIds = linkedIds(first.body);
    expect(firstIds).toHaveLength(50);
    const next = /<a href="([^"]+)" rel="next">/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toMatch(/^\/console\/requests\?type=objection&after=\d+\.[0-9a-f-]{36}$/);
    const second = await get(next ?? '', 'viewer');
    const secondIds = linkedIds(second.body);
    expect(secondIds).toHaveLength(2);
    expect(second.body).not.toContain('rel="next"');
    expect([...firstIds, ...secondIds].sort()).toEqual([...ids].sort());
  });

  it('shows an erasure awaiting approval with its dry run and held rows, and no email to a viewer', async () => {
    const id = await opened('erasure', ANA);
    const page = await get(`/console/requests/${id}`, 'viewer');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<strong id="status">awaiting-approval</strong>');
    expect(page.body).toMatch(/<th scope="row">Law<\/th><td>gdpr<\/td>/);
    expect(page.body).toMatch(/<th scope="row">Days left<\/th><td>\d+ d<\/td>/);
    // The timeline: received, verified by the operator, waiting for approval.
    expect(page.body).toContain('<h2 id="timeline">Timeline</h2>');
    expect(page.body).toMatch(/<td>received<\/td>/);
    // The dry run: rows per collection, the invoice kept under the tax hold until its end date.
    expect(page.body).toContain('<h2 id="plan">Dry run</h2>');
    expect(page.body).toMatch(/<td>shop<\/td><td>customers<\/td><td>1<\/td><td>0<\/td>/);
    expect(page.body).toContain('Tax law: invoices are kept for 7 years');
    expect(page.body).toContain('BE WIB 92 art. 315');
    expect(page.body).toMatch(/<td>\d{1,9} until \d{4}-\d{2}-\d{2}/);
    // Nothing of the person, and no action the viewer may not take.
    expect(page.body).not.toContain(ANA);
    expect(page.body).not.toContain(SHOP_PEOPLE.ana.secondEmail);
    expect(page.body).not.toContain('id="email"');
    expect(page.body).not.toMatch(/action="[^"]*\/(approve|deny|extend)"/);
    // The dry run changed nothing.
    expect(await statusOf(id)).toBe('awaiting-approval');

    const operator = await get(`/console/requests/${id}`, 'operator');
    expect(operator.body).toContain(`<span id="email">${ANA}</span>`);
    expect(operator.body).toContain(`action="/console/requests/${id}/deny"`);
    expect(operator.body).not.toContain(`action="/console/requests/${id}/approve"`);
    expect(operator.body).not.toContain(`action="/console/requests/${id}/extend"`);
    const lead = await get(`/console/requests/${id}`, 'privacy-lead');
    for (const action of ['approve', 'deny', 'extend']) {
      expect(lead.body).toContain(`action="/console/requests/${id}/${action}"`);
    }
  });

  it('approves for a privacy lead only; the run completes and the page shows the signed certificate', async () => {
    const id = await opened('erasure', ANA);
    for (const role of ['viewer', 'operator']) {
      const refused = await post(`/console/requests/${id}/approve`, role);
      expect(refused.statusCode, role).toBe(403);
    }
    expect(await statusOf(id)).toBe('awaiting-approval');
    const approved = await post(`/console/requests/${id}/approve`, 'privacy-lead');
    expect(approved.statusCode, approved.body).toBe(303);
    expect(approved.headers.location).toBe(`/console/requests/${id}`);
    expect(await statusOf(id)).toBe('completed');

    const page = await get(`/console/requests/${id}`, 'viewer');
    expect(page.body).toContain('<h2 id="certificate">Erasure certificate</h2>');
    expect(page.body).not.toContain('<h2 id="plan">');
    expect(page.body).toMatch(/<td>billing<\/td><td>invoices<\/td>/);
    expect(page.body).toContain(`href="/console/requests/${id}/certificate"`);
    const download = await get(`/console/requests/${id}/certificate`, 'viewer');
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="erasure-certificate-${id}.json"`,
    );
    const certificate = JSON.parse(download.body) as ErasureCertificate;
    expect(certificate.body.requestId).toBe(id);
    expect(verifyCertificate(certificate, certificateKey(h.signingKey).publicKey)).toBe(true);
    expect(download.body).not.toContain(ANA);
    // Approving again is refused with a page: it no longer waits.
    const again = await post(`/console/requests/${id}/approve`, 'privacy-lead');
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('text/html');
  });

  it('lets an operator deny with a reason, and refuses a viewer and an empty reason', async () => {
    const id = await opened('erasure');
    const viewer = await post(`/console/requests/${id}/deny`, 'viewer', { reason: 'No.' });
    expect(viewer.statusCode).toBe(403);
    const empty = await post(`/console/requests/${id}/deny`, 'operator', { reason: '  ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('<h1>Not denied</h1>');
    expect(await statusOf(id)).toBe('awaiting-approval');
    const denied = await post(`/console/requests/${id}/deny`, 'operator', {
      reason: 'We could not match this address to an account.',
    });
    expect(denied.statusCode, denied.body).toBe(303);
    expect(denied.headers.location).toBe(`/console/requests/${id}`);
    expect(await statusOf(id)).toBe('denied');
    const page = await get(`/console/requests/${id}`, 'operator');
    expect(page.body).toContain('We could not match this address to an account.');
    expect((await get(`/console/requests/${id}`, 'viewer')).body).not.toContain(
      'We could not match',
    );
    const evidence = await h.store.db
      .selectFrom('evidence')
      .select(['actor', 'details'])
      .where('action', '=', 'request.denied')
      .execute();
    const row = evidence.find((e) => (e.details as { requestId?: string }).requestId === id);
    expect(row?.actor).toMatch(/^user:/);
    expect(JSON.stringify(row?.details)).not.toContain('could not match');
  });

  it('extends the deadline once for a privacy lead, and refuses an operator and a reason too long', async () => {
    const id = await opened('access', BRUNO);
    const before = await getRequest(h.store.db, id);
    expect(
      (await post(`/console/requests/${id}/extend`, 'operator', { reason: 'Busy.' })).statusCode,
    ).toBe(403);
    const long = await post(`/console/requests/${id}/extend`, 'privacy-lead', {
      reason: 'x'.repeat(2001),
    });
    expect(long.statusCode).toBe(422);
    const extended = await post(`/console/requests/${id}/extend`, 'privacy-lead', {
      reason: 'Your data is spread over three systems; we need more time.',
    });
    expect(extended.statusCode, extended.body).toBe(303);
    const after = await getRequest(h.store.db, id);
    expect(after.extendedAt).not.toBeNull();
    // GDPR Art. 12(3): by two further months.
    expect(after.dueAt.getTime()).toBeGreaterThan(before.dueAt.getTime() + 50 * 86_400_000);
    const page = await get(`/console/requests/${id}`, 'privacy-lead');
    expect(page.body).not.toContain(`action="/console/requests/${id}/extend"`);
    const twice = await post(`/console/requests/${id}/extend`, 'privacy-lead', {
      reason: 'Again.',
    });
    expect(twice.statusCode).toBe(409);
  });

  it('shows an access request’s package, its download page only to a role that handles requests', async () => {
    const id = await opened('access', BRUNO);
    await h.run(id);
    const operator = await get(`/console/requests/${id}`, 'operator');
    expect(operator.body).toContain('<h2 id="package">Package</h2>');
    expect(operator.body).toMatch(/ready, \d+ bytes/);
    const link = /href="(\/v1\/packages\/[\w.-]+)"/.exec(operator.body)?.[1];
    expect(link).toBeDefined();
    // The link opens the person's page, which changes nothing.
    expect((await app.inject({ method: 'GET', url: link ?? '' })).statusCode).toBe(200);
    const viewer = await get(`/console/requests/${id}`, 'viewer');
    expect(viewer.body).toMatch(/ready, \d+ bytes/);
    expect(viewer.body).not.toContain('/v1/packages/');
  });

  it('answers bad and unknown ids with a 404 page, also to an action', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const url of [
      '/console/requests/not-a-request',
      `/console/requests/${unknown}`,
      `/console/requests/${unknown}/certificate`,
      `/console/requests/${'a'.repeat(36)}`,
    ]) {
      const response = await get(url, 'viewer');
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).not.toMatch(/at \w+ \(|node_modules/);
    }
    expect((await post('/console/requests/nope/approve', 'admin')).statusCode).toBe(404);
    expect(
      (await post(`/console/requests/${unknown}/deny`, 'admin', { reason: 'x' })).statusCode,
    ).toBe(404);
    // A request without a certificate (not an erasure, or not completed).
    const open = await opened('erasure');
    expect((await get(`/console/requests/${open}/certificate`, 'viewer')).statusCode).toBe(404);
  });

  it('sends a visitor without a session to sign in, and refuses a POST from another origin', async () => {
    const id = await opened('erasure');
    const anonymous = await app.inject({ method: 'GET', url: `/console/requests/${id}` });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/console/login');
    const csrf = csrfOf((await get('/console/requests', 'admin')).body);
    const crossSite = await app.inject({
      method: 'POST',
      url: `/console/requests/${id}/deny`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: cookies['admin'] ?? '',
        origin: 'https://attacker.example.net',
      },
      payload: form({ csrf, reason: 'Forged.' }),
    });
    expect(crossSite.statusCode).toBe(403);
    expect(await statusOf(id)).toBe('awaiting-approval');
  });
});
