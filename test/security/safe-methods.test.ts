import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { storePackage } from '../../src/execution/index.js';
import { openRequest, startExpirySweep } from '../../src/requests/index.js';
import type { Database } from '../../src/store/index.js';
import { bearer, get, harness, json, post, type Harness } from '../server/helpers.js';
import { eachTarget } from '../support/stores.js';

/**
 * Opening a link changes nothing (RFC 9110 section 9.2.1: GET and HEAD are safe): mail scanners,
 * previews, crawlers and prefetching browsers open links nobody meant to act on. Every GET route
 * of the OpenAPI document, and HEAD of every path, is called here with something real behind it,
 * and the whole database must read the same afterwards.
 */

const MINUTE = 60 * 1000;

/**
 * A digest of every table's rows. An API key's `last_used_at` is left out: authenticating a
 * call notes when a key was last used (at most once a minute), bookkeeping of the key itself
 * rather than a change the call makes.
 */
async function fingerprint(db: Kysely<Database>): Promise<Record<string, unknown>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(db);
  const digest: Record<string, unknown> = {};
  for (const { name } of tables.rows) {
    const row =
      name === 'api_keys'
        ? sql`(t.id, t.name, t.hash, t.scopes, t.created_at, t.revoked_at)::text`
        : sql`t::text`;
    const result = await sql<{ rows: string; digest: string }>`
      select count(*)::text as rows, md5(coalesce(string_agg(${row}, ',' order by ${row}), '')) as digest
      from ${sql.table(name)} t`.execute(db);
    digest[name] = result.rows[0];
  }
  return digest;
}

eachTarget('safe methods on $target', ({ target }) => {
  let h: Harness;
  /** A request whose code ran out, not yet recorded as expired. */
  let lapsed: string;
  let values: Record<string, string>;

  beforeEach(async () => {
    h = await harness(target);
    const email = 'ana@example.com';
    // Something behind every route: a consent (its receipt), an unsubscribe link, a package, and
    // an unverified request whose code ran out (which the list once expired as it read).
    const consent = await post(
      h.app,
      '/v1/consents',
      { subject: { email }, choices: { newsletter: 'granted' }, source: 'signup-form' },
      h.keys['consent:write'],
    );
    const link = await post(
      h.app,
      '/v1/unsubscribe-links',
      { subject: { email }, purpose: 'newsletter' },
      h.keys['consent:write'],
    );
    const asked = await post(h.app, '/v1/requests', {
      type: 'access',
      subject: { email },
      country: 'BE',
    });
    lapsed = String(json(asked).requestId);
    await h.store.db
      .updateTable('verification_codes')
      .set({ expires_at: new Date(Date.now() - MINUTE) })
      .where('request_id', '=', lapsed)
      .execute();
    const ctx = { map: h.map, secret: h.secret, now: () => new Date(), actor: 'test' };
    const { requestId } = await openRequest(h.store.db, ctx, {
      type: 'access',
      email,
      country: 'BE',
      operator: true,
    });
    const stored = await storePackage(
      { ...ctx, db: h.store.db },
      { requestId, zip: new Uint8Array(64), expiresAt: new Date(Date.now() + 24 * 60 * MINUTE) },
    );
    values = {
      '/v1/consents/receipts/{receiptId}': String(json(consent).receiptId),
      '/u/{token}': new URL(String(json(link).url)).pathname.split('/').at(-1) ?? '',
      '/v1/packages/{token}': stored.token,
      '/v1/requests/{id}': lapsed,
      '/v1/requests/{id}/certificate': requestId,
      '/privacy/{lang}/versions/{n}': '/privacy/en/versions/1',
    };
  });

  afterEach(async () => {
    await h.close();
  });

  it('changes nothing when any route is opened with GET or HEAD, and routes HEAD to no writer', async () => {
    const paths = Object.entries(
      json(await get(h.app, '/v1/openapi.json')).paths as Record<string, Record<string, unknown>>,
    );
    const before = await fingerprint(h.store.db);
    let opened = 0;
    for (const [pattern, operations] of paths) {
      const value = values[pattern] ?? '';
      // A value is the one parameter of its path, or the whole path when it starts with a slash.
      const url = value.startsWith('/') ? value : pattern.replace(/\{\w+\}/, value);
      if (url.includes('{')) throw new Error(`no value for ${pattern}`);
      if (!('get' in operations)) {
        // HEAD answers only where GET does: a POST handler never sees it.
        const head = await h.app.inject({ method: 'HEAD', url, headers: bearer(h.keys.admin) });
        expect(head.statusCode, `HEAD ${pattern}`).toBe(404);
        continue;
      }
      for (const method of ['GET', 'HEAD'] as const) {
        for (const headers of [{}, { accept: 'text/html' }, bearer(h.keys.admin)]) {
          const answer = await h.app.inject({ method, url, headers });
          expect(answer.statusCode, `${method} ${pattern}`).toBeLessThan(500);
          opened += 1;
        }
      }
    }
    expect(opened).toBeGreaterThanOrEqual(60);
    expect(await fingerprint(h.store.db)).toEqual(before);
  });

  it('lists a request whose code ran out as expired without writing, and the sweep records it', async () => {
    const before = await fingerprint(h.store.db);
    const expired = json(
      await get(h.app, '/v1/requests?status=expired', h.keys['requests:read']),
    ).requests;
    expect(expired.map((request: { id: string }) => request.id)).toEqual([lapsed]);
    expect(expired[0]).toMatchObject({ status: 'expired', finishedAt: expect.any(String) });
    const unverified = json(
      await get(h.app, '/v1/requests?status=unverified', h.keys['requests:read']),
    ).requests;
    expect(unverified).toEqual([]);
    const all = json(await get(h.app, '/v1/requests', h.keys['requests:read'])).requests;
    expect(all.find((request: { id: string }) => request.id === lapsed)?.status).toBe('expired');
    const detail = json(await get(h.app, `/v1/requests/${lapsed}`, h.keys['requests:read']));
    expect(detail.status).toBe('expired');
    expect(await fingerprint(h.store.db)).toEqual(before);

    // `serve` sweeps: the expiry is written, on the timeline and in the evidence.
    const sweep = startExpirySweep(h.store.db, {
      map: h.map,
      secret: h.secret,
      now: () => new Date(),
      actor: 'system',
    });
    await sweep.stop();
    const row = await h.store.db
      .selectFrom('requests')
      .select(['status', 'finished_at'])
      .where('id', '=', lapsed)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('expired');
    const evidence = await h.store.db
      .selectFrom('evidence')
      .select('action')
      .where('action', '=', 'request.expired')
      .execute();
    expect(evidence).toHaveLength(1);
    const after = json(await get(h.app, `/v1/requests/${lapsed}`, h.keys['requests:read']));
    expect(after.status).toBe('expired');
    expect(after.events.map((event: { kind: string }) => event.kind)).toContain('expired');
  });
});
