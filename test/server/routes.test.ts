import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type AnyRoute } from '../../src/server/index.js';
import { eachTarget } from '../support/stores.js';
import { expectProblem, get, harness, json, post, type Harness } from './helpers.js';

function route(method: string, url: string): AnyRoute {
  const found = routes().find((r) => r.method === method && r.url === url);
  if (!found) throw new Error(`no route ${method} ${url}`);
  return found;
}

/** The answer matches the response schema the OpenAPI document publishes for it. */
function expectDocumented(method: string, url: string, status: number, body: unknown): void {
  const schema = route(method, url).responses[status]?.schema;
  if (!schema) throw new Error(`${method} ${url} documents no ${status} schema`);
  const parsed = schema.safeParse(body);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
}

eachTarget('API routes on $target', ({ target }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(target);
  });
  afterAll(() => h.close());

  it('answers /healthz once the database answers', async () => {
    const response = await get(h.app, '/healthz');
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ status: 'ok' });
  });

  it('records consent with 201 and a receipt, and the state shows it', async () => {
    const recorded = await post(
      h.app,
      '/v1/consents',
      {
        subject: { email: 'ana@example.com' },
        choices: { newsletter: 'granted', 'website-analytics': 'denied' },
        source: 'signup-form',
      },
      h.keys['consent:write'],
    );
    expect(recorded.statusCode, recorded.body).toBe(201);
    const receipt = json(recorded);
    expectDocumented('POST', '/v1/consents', 201, receipt);
    expect(recorded.headers.location).toBe(`/v1/consents/receipts/${String(receipt.receiptId)}`);

    const state = await post(
      h.app,
      '/v1/consents/state',
      { subject: { email: 'ANA@Example.com' } },
      h.keys['consent:read'],
    );
    expect(state.statusCode).toBe(200);
    const body = json(state);
    expectDocumented('POST', '/v1/consents/state', 200, body);
    expect(body.subjectId).toBe(receipt.subjectId);
    expect(body.purposes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ purpose: 'newsletter', status: 'granted' }),
        expect.objectContaining({ purpose: 'website-analytics', status: 'denied' }),
      ]),
    );
    expect(body.events).toHaveLength(2);
    expect(state.body).not.toContain('ana@example.com');
  });

  it('records the Sec-GPC header as a GPC signal with the choice', async () => {
    const recorded = await post(
      h.app,
      '/v1/consents',
      {
        subject: { email: 'gpc@example.com' },
        choices: { 'website-analytics': 'denied' },
        source: 'cookie-banner',
      },
      h.keys['consent:write'],
      { 'sec-gpc': '1' },
    );
    expect(recorded.statusCode).toBe(201);
    const state = json(
      await post(
        h.app,
        '/v1/consents/state',
        { subject: { email: 'gpc@example.com' } },
        h.keys['consent:read'],
      ),
    );
    expect(state.gpc).toBe(true);
    expect(state.events[0].gpc).toBe(true);
  });

  it('gives the state of a person never seen as empty, not as an error', async () => {
    const response = await post(
      h.app,
      '/v1/consents/state',
      { subject: { email: 'nobody@example.com' } },
      h.keys['consent:read'],
    );
    expect(response.statusCode).toBe(200);
    expect(json(response)).toMatchObject({ subjectId: null, purposes: [], events: [] });
  });

  it('checks a batch in request order by the map', async () => {
    await post(
      h.app,
      '/v1/consents',
      { subject: { email: 'ben@example.com' }, choices: { newsletter: 'granted' }, source: 'api' },
      h.keys['consent:write'],
    );
    const response = await post(
      h.app,
      '/v1/consents/check',
      {
        purpose: 'newsletter',
        subjects: [
          { email: 'ben@example.com' },
          { email: 'stranger@example.com' },
          { email: 'customer@example.com', groups: ['customers'] },
        ],
      },
      h.keys['consent:read'],
    );
    expect(response.statusCode).toBe(200);
    const body = json(response);
    expectDocumented('POST', '/v1/consents/check', 200, body);
    expect(body.results).toEqual([
      { index: 0, allowed: true, reason: 'granted' },
      { index: 1, allowed: false, reason: 'no-consent' },
      // ePrivacy Art. 13(2): the map declares the soft opt-in for customers.
      { index: 2, allowed: true, reason: 'soft-opt-in' },
    ]);
  });

  it('hands out an ISO/IEC TS 27560 receipt by id, naming the person by subject id only', async () => {
    const receipt = json(
      await post(
        h.app,
        '/v1/consents',
        {
          subject: { email: 'cleo@example.com' },
          choices: { 'website-personalisation': 'granted' },
          source: 'cookie-banner',
        },
        h.keys['consent:write'],
      ),
    );
    const response = await get(
      h.app,
      `/v1/consents/receipts/${String(receipt.receiptId)}`,
      h.keys['consent:read'],
      { 'accept-language': 'nl-BE,nl;q=0.9' },
    );
    expect(response.statusCode).toBe(200);
    const body = json(response);
    expectDocumented('GET', '/v1/consents/receipts/:receiptId', 200, body);
    expect(body).toMatchObject({
      schemaVersion: 'ISO/IEC TS 27560:2023',
      receiptId: receipt.receiptId,
      piiPrincipalId: receipt.subjectId,
      language: 'nl',
      collectionMethod: 'cookie-banner',
    });
    expect(response.body).not.toContain('cleo@example.com');
  });

  it('answers an unknown receipt id with 404', async () => {
    const response = await get(
      h.app,
      '/v1/consents/receipts/00000000-0000-4000-8000-000000000000',
      h.keys['consent:read'],
    );
    expectProblem(response, 404);
  });

  it('records an objection with 201, and direct marketing is refused after it (Art. 21(3))', async () => {
    await post(
      h.app,
      '/v1/consents',
      { subject: { email: 'dora@example.com' }, choices: { newsletter: 'granted' }, source: 'api' },
      h.keys['consent:write'],
    );
    const objection = await post(
      h.app,
      '/v1/objections',
      { subject: { email: 'dora@example.com' }, purpose: 'newsletter' },
      h.keys['consent:write'],
    );
    expect(objection.statusCode).toBe(201);
    expectDocumented('POST', '/v1/objections', 201, json(objection));
    const check = json(
      await post(
        h.app,
        '/v1/consents/check',
        { purpose: 'newsletter', subjects: [{ email: 'dora@example.com' }] },
        h.keys['consent:read'],
      ),
    );
    expect(check.results[0]).toMatchObject({ allowed: false });
  });

  it('refuses an objection to a purpose on a basis without that right with 422', async () => {
    const response = await post(
      h.app,
      '/v1/objections',
      { subject: { email: 'dora@example.com' }, purpose: 'privacy-compliance' },
      h.keys['consent:write'],
    );
    expectProblem(response, 422, ['dora@example.com']);
  });

  it('lists the purposes publicly, with texts per language', async () => {
    const response = await get(h.app, '/v1/purposes');
    expect(response.statusCode).toBe(200);
    const body = json(response);
    expectDocumented('GET', '/v1/purposes', 200, body);
    expect(body.languages).toEqual(['en', 'nl', 'fr', 'de']);
    const newsletter = body.purposes.find((p: { id: string }) => p.id === 'newsletter');
    expect(newsletter).toMatchObject({
      legalBasis: 'consent',
      directMarketing: true,
      withdrawable: true,
      objectable: true,
      name: { en: 'Newsletters and marketing communications', nl: expect.any(String) },
    });
    const compliance = body.purposes.find((p: { id: string }) => p.id === 'privacy-compliance');
    expect(compliance).toMatchObject({ withdrawable: false, objectable: false });
    expect(body.purposes).toHaveLength(h.map.purposes.length);
  });

  it('publishes /.well-known/gpc.json from the map', async () => {
    const response = await get(h.app, '/.well-known/gpc.json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    // BESTMIX honours GPC under CCPA and VCDPA; the date is its notice's effective date.
    expect(json(response)).toEqual({ gpc: true, lastUpdate: '2026-03-01' });
  });

  it('suppresses identifiers with 201 and finds them, whatever the case or form', async () => {
    const added = await post(
      h.app,
      '/v1/suppressions',
      {
        identifiers: [{ email: 'Erased@Example.com' }, { phone: '+32 470 12 34 56' }],
        reason: 'erased',
      },
      h.keys['suppression:write'],
    );
    expect(added.statusCode).toBe(201);
    expectDocumented('POST', '/v1/suppressions', 201, json(added));
    expect(json(added)).toEqual({ count: 2, added: 2 });

    const check = await post(
      h.app,
      '/v1/suppressions/check',
      {
        identifiers: [
          { email: ' erased@EXAMPLE.com ' },
          { email: 'kept@example.com' },
          { phone: '0032470123456' },
        ],
      },
      h.keys['suppression:read'],
    );
    expect(check.statusCode).toBe(200);
    const body = json(check);
    expectDocumented('POST', '/v1/suppressions/check', 200, body);
    expect(body.results).toEqual([
      { index: 0, suppressed: true, reason: 'erased' },
      { index: 1, suppressed: false, reason: null },
      { index: 2, suppressed: true, reason: 'erased' },
    ]);
    expect(check.body).not.toContain('example.com');
  });

  it('treats unicode and mixed-case forms of one email as one person', async () => {
    await post(
      h.app,
      '/v1/consents',
      {
        subject: { email: 'Zoë@Exämple.com' },
        choices: { newsletter: 'granted' },
        source: 'api',
      },
      h.keys['consent:write'],
    );
    const response = await post(
      h.app,
      '/v1/consents/check',
      {
        purpose: 'newsletter',
        subjects: [{ email: 'zoë@xn--exmple-cua.com' }, { email: 'ZOË@EXÄMPLE.COM' }],
      },
      h.keys['consent:read'],
    );
    expect(json(response).results).toEqual([
      { index: 0, allowed: true, reason: 'granted' },
      { index: 1, allowed: true, reason: 'granted' },
    ]);
    expect(response.body.toLowerCase()).not.toContain('zoë');
  });
});

describe('route registry', () => {
  it('declares each method and URL once, with a unique operation id', () => {
    const all = routes();
    const keys = all.map((r) => `${r.method} ${r.url}`);
    expect(new Set(keys).size).toBe(keys.length);
    const ids = all.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the contract routes of issue 3', () => {
    const keys = routes().map((r) => `${r.method} ${r.url}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        'POST /v1/consents',
        'POST /v1/consents/state',
        'POST /v1/consents/check',
        'GET /v1/consents/receipts/:receiptId',
        'POST /v1/objections',
        'GET /v1/purposes',
        'GET /.well-known/gpc.json',
        'POST /v1/suppressions',
        'POST /v1/suppressions/check',
        'POST /v1/unsubscribe-links',
        'GET /u/:token',
        'POST /u/:token',
        'GET /healthz',
        'GET /v1/openapi.json',
        'GET /docs',
      ]),
    );
  });
});
