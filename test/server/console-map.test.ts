import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRules, type DataMap } from '../../src/map/index.js';
import {
  listPublications,
  MAX_PUBLICATION_BYTES,
  publicationOf,
  readPublication,
  recordPublication,
  stoppedApplying,
} from '../../src/publications/index.js';
import { subprocessors } from '../../src/publish/index.js';
import { ROPA_CSV_COLUMNS } from '../../src/publish/ropa.js';
import { escapeHtml } from '../../src/server/html.js';
import { buildServer } from '../../src/server/index.js';
import { createUser } from '../../src/staff/index.js';
import { certificateSigningKey, type Store } from '../../src/store/index.js';
import { eachTarget, freshStore } from '../support/stores.js';
import { demoMap, LogCapture } from './helpers.js';
import { longerRetention } from './notice-versions.js';

const ORIGIN = 'https://privacy.example.com';
const COOKIE = '__Host-custodian_session';
const PASSWORD = 'correct horse battery staple';

function cookieOf(response: LightMyRequestResponse): string {
  expect(response.statusCode, response.body).toBe(303);
  const value = String(response.headers['set-cookie'] ?? '').split(';')[0] ?? '';
  expect(value.startsWith(`${COOKIE}=`)).toBe(true);
  return value;
}

eachTarget('published notice versions on $target', ({ target }) => {
  let v1: DataMap;
  let v2: DataMap;
  beforeAll(async () => {
    v1 = await demoMap();
    v2 = longerRetention(v1);
  });

  it('records a publication once per changed notice, and again when an older one returns', async () => {
    const store = await freshStore(target);
    try {
      const first = await recordPublication(store.db, v1, new Date('2026-03-01T08:00:00Z'));
      expect(first).toMatchObject({ recorded: true, publication: { seq: 1, version: '2026-03' } });
      const again = await recordPublication(store.db, v1, new Date('2026-03-02T08:00:00Z'));
      expect(again).toMatchObject({ recorded: false, publication: { seq: 1 } });
      // Parsed again from the same file: an equal map, the same notice.
      const equal = structuredClone(v1);
      expect(
        (await recordPublication(store.db, equal, new Date('2026-03-03T08:00:00Z'))).recorded,
      ).toBe(false);
      const second = await recordPublication(store.db, v2, new Date('2026-09-01T08:00:00Z'));
      expect(second).toMatchObject({ recorded: true, publication: { seq: 2, version: '2026-09' } });
      expect((await recordPublication(store.db, v2, new Date())).recorded).toBe(false);
      // Back to the first notice after the second: people were shown something else meanwhile.
      const back = await recordPublication(store.db, v1, new Date('2026-10-01T08:00:00Z'));
      expect(back).toMatchObject({ recorded: true, publication: { seq: 3, version: '2026-03' } });
      const list = await listPublications(store.db);
      expect(list.map((p) => [p.seq, p.version, p.effectiveDate])).toEqual([
        [3, '2026-03', '2026-03-01'],
        [2, '2026-09', '2026-09-01'],
        [1, '2026-03', '2026-03-01'],
      ]);
      expect(list[2]?.publishedAt.toISOString()).toBe('2026-03-01T08:00:00.000Z');
      const stored = await readPublication(store.db, 1);
      expect(stored?.languages).toEqual(['en', 'nl', 'fr', 'de']);
      expect(stored?.notices.nl).toEqual(publicationOf(v1).notices.nl);
      expect(stored?.map).toEqual(v1);
      // Each publication is in the evidence chain, with the hash of what people were shown.
      const evidence = await store.db
        .selectFrom('evidence')
        .select(['actor', 'details'])
        .where('action', '=', 'notice.published')
        .orderBy('seq')
        .execute();
      expect(evidence.map((e) => [e.actor, e.details['version'], e.details['noticeHash']])).toEqual(
        list.map((p) => ['system', p.seq, p.noticeHash]).reverse(),
      );
      expect(await readPublication(store.db, 4)).toBeUndefined();
      expect(await readPublication(store.db, 0)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('makes one row of two servers recording the same notice at once', async () => {
    const store = await freshStore(target);
    try {
      const now = new Date('2026-03-01T08:00:00Z');
      const results = await Promise.all([
        recordPublication(store.db, v1, now),
        recordPublication(store.db, structuredClone(v1), now),
        recordPublication(store.db, v1, now),
      ]);
      expect(results.filter((r) => r.recorded)).toHaveLength(1);
      expect(results.map((r) => r.publication.seq)).toEqual([1, 1, 1]);
      expect(await listPublications(store.db)).toHaveLength(1);
      const evidence = await store.db
        .selectFrom('evidence')
        .select('seq')
        .where('action', '=', 'notice.published')
        .execute();
      expect(evidence).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('refuses to record a publication larger than the bound, and records nothing', async () => {
    const store = await freshStore(target);
    try {
      const huge = structuredClone(v1);
      const scope = { en: 'x'.repeat(MAX_PUBLICATION_BYTES) };
      const oversized = { ...huge, notice: { ...huge.notice, scope } };
      await expect(recordPublication(store.db, oversized, new Date())).rejects.toMatchObject({
        code: 'config.invalid',
      });
      expect(await listPublications(store.db)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('dates the end of a notice by its successor: served, or effective if that is later', () => {
    const successor = {
      seq: 2,
      version: '2026-09',
      effectiveDate: '2026-09-01',
      languages: ['en' as const],
      noticeHash: '',
      mapHash: '',
    };
    // Announced in August for September: the old notice applies until September.
    expect(stoppedApplying({ ...successor, publishedAt: new Date('2026-08-15T10:00:00Z') })).toBe(
      '2026-09-01',
    );
    // Served in October with an effective date of September: the old one was shown until October.
    expect(stoppedApplying({ ...successor, publishedAt: new Date('2026-10-02T10:00:00Z') })).toBe(
      '2026-10-02',
    );
  });
});

eachTarget('console data map page on $target', ({ target }) => {
  let store: Store;
  let v1: DataMap;
  let v2: DataMap;
  const apps: FastifyInstance[] = [];
  const cookies: Record<string, string> = {};

  async function serverFor(map: DataMap): Promise<FastifyInstance> {
    const app = buildServer({
      store,
      map,
      secret: Buffer.from('console-map-test-secret-console-map-test'),
      signingKey: await certificateSigningKey(store.db),
      logger: new LogCapture(),
      publicUrl: ORIGIN,
      requestRateLimit: false,
    });
    apps.push(app);
    return app;
  }

  async function signIn(app: FastifyInstance, role: string): Promise<string> {
    return cookieOf(
      await app.inject({
        method: 'POST',
        url: '/console/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
        payload: new URLSearchParams({
          email: `${role}.map@example.com`,
          password: PASSWORD,
        }).toString(),
      }),
    );
  }

  beforeAll(async () => {
    store = await freshStore(target);
    v1 = await demoMap();
    v2 = longerRetention(v1);
    for (const role of ['viewer', 'privacy-lead', 'operator']) {
      await createUser(store.db, { email: `${role}.map@example.com`, role, password: PASSWORD });
    }
    const app = await serverFor(v2);
    for (const role of ['viewer', 'privacy-lead', 'operator'])
      cookies[role] = await signIn(app, role);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await store.close();
  });

  function get(app: FastifyInstance, url: string, role?: string) {
    return app.inject({
      method: 'GET',
      url,
      headers: role === undefined ? {} : { cookie: cookies[role] ?? '' },
    });
  }

  it('sends a visitor without a session to sign in', async () => {
    const app = await serverFor(v2);
    const response = await get(app, '/console/map');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/console/login');
    expect((await get(app, '/console/map/ropa.csv')).statusCode).toBe(303);
  });

  it('lists the check findings with severity and rule id, grouped', async () => {
    const app = await serverFor(v2);
    const response = await get(app, '/console/map', 'viewer');
    expect(response.statusCode, response.body).toBe(200);
    const found = runRules(v2);
    expect(found.length).toBeGreaterThan(0);
    for (const finding of found) {
      expect(response.body).toContain(`<code>${finding.rule}</code>`);
    }
    expect(response.body).toContain(
      `Assumptions (${found.filter((f) => f.severity === 'assumption').length})`,
    );
    expect(response.body).toContain('aria-current="page">Data map</a>');

    // A map with an error: a purpose without a legal basis is reported as such.
    const broken = structuredClone(v2) as { purposes: { legalBasis?: unknown }[] } & DataMap;
    delete broken.purposes[0]?.legalBasis;
    const errors = runRules(broken).filter((f) => f.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    const page = await get(await serverFor(broken), '/console/map', 'viewer');
    expect(page.body).toContain(`Errors (${errors.length})`);
    for (const error of errors) expect(page.body).toContain(`<code>${error.rule}</code>`);
  });

  it('previews the notice in each language and lists the sub-processors', async () => {
    const app = await serverFor(v2);
    const page = await get(app, '/console/map', 'viewer');
    for (const language of v2.notice.languages) {
      expect(page.body).toContain(`href="/console/map/notice/${language}"`);
      const preview = await get(app, `/console/map/notice/${language}`, 'viewer');
      expect(preview.statusCode).toBe(200);
      expect(preview.body).toContain(publicationOf(v2).notices[language]?.html ?? 'missing');
    }
    expect((await get(app, '/console/map/notice/es', 'viewer')).statusCode).toBe(404);
    expect((await get(app, '/console/map/notice/%3Cx%3E', 'viewer')).statusCode).toBe(404);
    expect(page.body).toContain('<h2 id="subprocessors">Sub-processors</h2>');
    expect(page.body).toContain('<th scope="col">DPA signed</th>');
    for (const entry of subprocessors(v2)) expect(page.body).toContain(escapeHtml(entry.service));
    expect(page.body).toContain('EU-US Data Privacy Framework (GDPR Art. 45)');
  });

  it('gives the Art. 30 record to a privacy lead and refuses it to a viewer and an operator', async () => {
    const app = await serverFor(v2);
    const lead = await get(app, '/console/map/ropa.csv', 'privacy-lead');
    expect(lead.statusCode).toBe(200);
    expect(lead.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(lead.headers['content-disposition']).toBe('attachment; filename="art30-record.csv"');
    expect(lead.body.split('\n')[0]).toContain(ROPA_CSV_COLUMNS[0]);
    for (const role of ['viewer', 'operator']) {
      const refused = await get(app, '/console/map/ropa.csv', role);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).not.toContain(ROPA_CSV_COLUMNS[0]);
    }
    expect((await get(app, '/console/map', 'privacy-lead')).body).toContain(
      'href="/console/map/ropa.csv"',
    );
    expect((await get(app, '/console/map', 'viewer')).body).not.toContain(
      'href="/console/map/ropa.csv"',
    );
  });

  it('diffs against the last published version, or the one before when the served map is it', async () => {
    const app = await serverFor(v2);
    const none = await get(app, '/console/map', 'viewer');
    expect(none.body).toContain('No version has been published yet');

    await recordPublication(store.db, v1, new Date('2026-03-01T08:00:00Z'));
    const pending = await get(app, '/console/map', 'viewer');
    expect(pending.body).toContain('The served map is not yet published');
    expect(pending.body).toContain('<code>retention-longer</code>');
    expect(pending.body).toContain('P6M from collection becomes P1Y from collection');

    await recordPublication(store.db, v2, new Date('2026-09-01T08:00:00Z'));
    const published = await get(app, '/console/map', 'viewer');
    expect(published.body).toContain('The served map is the last published version');
    expect(published.body).toContain('version 2 (notice 2026-09, published 2026-09-01)');
    expect(published.body).toContain('version 1 (notice 2026-03, published 2026-03-01)');
    expect(published.body).toContain('P6M from collection becomes P1Y from collection');

    // Served from the first map's notice again while the second is the last published one.
    const old = await get(await serverFor(v1), '/console/map', 'viewer');
    expect(old.body).toContain('The served map is not yet published');
    expect(old.body).toContain('<code>retention-shorter</code>');
  });
});
