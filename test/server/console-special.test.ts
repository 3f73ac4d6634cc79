import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactFinding, scanArrivals, specialFindings } from '../../src/discovery/index.js';
import { withConnectors } from '../../src/execution/index.js';
import { loadSource, type DataMap } from '../../src/map/index.js';
import { buildServer } from '../../src/server/index.js';
import { createUser } from '../../src/staff/index.js';
import { certificateSigningKey, type Store } from '../../src/store/index.js';
import {
  FIRST_TICKETS,
  helpdeskYaml,
  PLAIN_TEXTS,
  plantHelpdesk,
  SPECIAL_TEXTS,
  type Helpdesk,
} from '../discovery/purge-fixture.js';
import { VALID_YAML } from '../map/helpers.js';
import { leaked } from '../support/leaks.js';
import { freshStore } from '../support/stores.js';
import { LogCapture } from './helpers.js';

const ORIGIN = 'https://privacy.example.com';
const PASSWORD = 'correct horse battery staple';
const NOW = new Date('2026-12-01T10:00:00Z');

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/**
 * The console's review list of special categories found on arrival (GDPR Art. 9(1), 10): an
 * operator dismisses, a privacy lead redacts in the company's database, through the executor's
 * connectors; the page shows where and what, never the text.
 */
describe('console special categories page', () => {
  let helpdesk: Helpdesk;
  let store: Store;
  let map: DataMap;
  let app: FastifyInstance;
  const cookies: Record<string, string> = {};
  const csrf: Record<string, string> = {};

  beforeAll(async () => {
    helpdesk = await plantHelpdesk('pglite');
    await helpdesk.insert(FIRST_TICKETS);
    const loaded = loadSource(
      `${VALID_YAML.trimEnd()}\ndatastores:\n${helpdeskYaml('pglite', helpdesk.connection)}`,
    );
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    map = loaded.value.map;
    store = await freshStore('pglite');
    await withConnectors(map, helpdesk.mapDir, (connectors) =>
      scanArrivals({ db: store.db, map, connectors, now: () => NOW, actor: 'system' }),
    );
    app = buildServer({
      store,
      map,
      secret: Buffer.from('console-special-secret-console-special'),
      signingKey: await certificateSigningKey(store.db),
      clock: () => NOW,
      logger: new LogCapture(),
      publicUrl: ORIGIN,
      requestRateLimit: false,
      requestHooks: {
        redactFinding: async (id, actor) => {
          await withConnectors(map, helpdesk.mapDir, (connectors) =>
            redactFinding({ db: store.db, map, now: () => NOW, actor, connectors }, id),
          );
        },
      },
    });
    for (const role of ['operator', 'privacy-lead', 'viewer'] as const) {
      const email = `${role}.special@example.com`;
      await createUser(store.db, { email, role, password: PASSWORD });
      const response = await app.inject({
        method: 'POST',
        url: '/console/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
        payload: form({ email, password: PASSWORD }),
      });
      expect(response.statusCode, response.body).toBe(303);
      cookies[role] = String(response.headers['set-cookie'] ?? '').split(';')[0] ?? '';
      const page = await app.inject({
        method: 'GET',
        url: '/console/account',
        headers: { cookie: cookies[role] },
      });
      csrf[role] = /name="csrf" value="([\w-]+)"/.exec(page.body)?.[1] ?? '';
    }
  });

  afterAll(async () => {
    await app.close();
    await store.close();
    await helpdesk.drop();
  });

  const view = (role: string) =>
    app.inject({ method: 'GET', url: '/console/special', headers: { cookie: cookies[role] } });
  const decide = (role: string, id: string, action: string, fields: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: `/console/special/${id}/${action}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: cookies[role],
        origin: ORIGIN,
      },
      payload: form({ csrf: csrf[role] ?? '', ...fields }),
    });

  it('lists the review-only findings, where and what, never the text', async () => {
    const page = await view('operator');
    expect(page.statusCode).toBe(200);
    // The five special tickets' review-only `note` (the automatic `message` was redacted at once).
    expect(page.body.match(/<code>helpdesk\.purge_tickets\.note<\/code>/g)).toHaveLength(5);
    expect(page.body).toContain('health');
    expect(page.body).not.toContain('>Redact<');
    expect(leaked(page.body, [...SPECIAL_TEXTS, ...PLAIN_TEXTS, 'example.com'])).toEqual([]);
    expect((await view('viewer')).statusCode).toBe(403);
  });

  it('lets an operator dismiss with a reason, and only a privacy lead redact', async () => {
    const [first, second] = await specialFindings(store.db);
    if (first === undefined || second === undefined) throw new Error('two findings expected');
    expect((await decide('operator', first.id, 'dismiss')).statusCode).toBe(400);
    expect((await decide('operator', first.id, 'redact')).statusCode).toBe(403);
    const dismissed = await decide('operator', first.id, 'dismiss', { reason: 'a quote' });
    expect(dismissed.statusCode).toBe(303);
    expect((await decide('operator', first.id, 'dismiss', { reason: 'again' })).statusCode).toBe(
      409,
    );

    const lead = await view('privacy-lead');
    expect(lead.body).toContain('>Redact<');
    expect((await decide('privacy-lead', second.id, 'redact')).statusCode).toBe(303);
    const row = Number(second.row[0]);
    const [, , note] = (await helpdesk.rows()).get(row) ?? [];
    // The marker is in the text's own language ("[verwijderd: gezondheid]").
    expect(note).toMatch(/\[\p{L}+: [\p{L}-]+\]/u);
    expect(SPECIAL_TEXTS).not.toContain(note);
    expect((await specialFindings(store.db)).map((f) => f.id)).not.toContain(second.id);
    expect((await view('privacy-lead')).body.match(/purge_tickets\.note/g)).toHaveLength(3);
  });
});
