import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHUNK, MAX_BATCH } from '../../src/batch.js';
import { MAX_BATCHES_IN_FLIGHT } from '../../src/server/batch-routes.js';
import { routes } from '../../src/server/routes.js';
import { bearer, expectProblem, harness, json, post, type Harness } from '../server/helpers.js';
import { eachTarget } from '../support/stores.js';

const emails = (count: number, prefix: string): { email: string }[] =>
  Array.from({ length: count }, (_, i) => ({ email: `${prefix}${i}@example.com` }));

/**
 * Issue 9, fault 5: one 1,000,000-identifier check held every other request for 23 s and took
 * 1.8 GiB. A batch is now bounded (MAX_BATCH, 413 above it), validated and worked on in chunks,
 * answered as a stream, and a process takes MAX_BATCHES_IN_FLIGHT at once. On each store kind:
 * an import's chunks are transactions of their own. /healthz latency and memory during the
 * largest batches are measured in `npm run bench` (BENCH_ONLY=batch), not asserted here.
 */
eachTarget('batch routes on $target', ({ target }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(target);
  });
  afterAll(async () => {
    await h.close();
  });

  const batchRoutes = routes().filter((route) => route.batch !== undefined);

  it('are the consent check, the suppression import and the suppression check', () => {
    expect(batchRoutes.map((route) => `${route.method} ${route.url}`).sort()).toEqual([
      'POST /v1/consents/check',
      'POST /v1/suppressions',
      'POST /v1/suppressions/check',
    ]);
  });

  it.each(batchRoutes.map((route) => route.url))(
    '%s refuses more than 50,000 items with 413 request.batch_too_large',
    async (url) => {
      const items = emails(MAX_BATCH + 1, 'over');
      const body =
        url === '/v1/consents/check'
          ? { purpose: 'newsletter', subjects: items }
          : url === '/v1/suppressions'
            ? { identifiers: items, reason: 'erased' }
            : { identifiers: items };
      const problem = expectProblem(await post(h.app, url, body, h.keys.admin), 413, [
        'over0@example.com',
      ]);
      expect(problem['code']).toBe('request.batch_too_large');
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from suppressions`.execute(h.store.db);
      expect(rows[0]?.n).toBe(0);
    },
  );

  it('imports in chunks, each written with its own evidence record, and checks in order', async () => {
    const size = 2 * CHUNK + CHUNK / 2;
    const identifiers = emails(size, 'chunked');
    const imported = await post(
      h.app,
      '/v1/suppressions',
      { identifiers, reason: 'hard bounce' },
      h.keys.admin,
    );
    expect(imported.statusCode, imported.body).toBe(201);
    expect(json(imported)).toEqual({ count: size, added: size });
    const { rows } = await sql<{ details: { count: number; added: number } }>`
      select details from evidence where action = 'suppression.added' order by seq`.execute(
      h.store.db,
    );
    expect(rows.map((row) => row.details.added)).toEqual([CHUNK, CHUNK, CHUNK / 2]);

    // Unknown people between the known ones: the answer keeps the order of the request.
    const asked = identifiers.flatMap((identifier, i) =>
      i % 500 === 0 ? [identifier, { email: `unknown${i}@example.com` }] : [identifier],
    );
    const checked = await post(
      h.app,
      '/v1/suppressions/check',
      { identifiers: asked },
      h.keys.admin,
    );
    expect(checked.statusCode).toBe(200);
    expect(checked.headers['content-type']).toBe('application/json; charset=utf-8');
    const { results } = json(checked) as {
      results: { index: number; suppressed: boolean; reason: string | null }[];
    };
    expect(results).toHaveLength(asked.length);
    const wrong = results.filter(
      (result, i) =>
        result.index !== i ||
        result.suppressed !== !asked[i]?.email.startsWith('unknown') ||
        result.reason !== (result.suppressed ? 'hard bounce' : null),
    );
    expect(wrong).toEqual([]);
  });

  it('names a bad item by its index however deep in the batch, and writes nothing', async () => {
    const identifiers: unknown[] = emails(3 * CHUNK, 'deep');
    identifiers[2_345] = { email: 'deep@example..com' };
    identifiers[2_999] = { phone: 'not a phone' };
    const problem = expectProblem(
      await post(h.app, '/v1/suppressions', { identifiers, reason: 'erased' }, h.keys.admin),
      400,
      ['deep@example..com', 'not a phone'],
    );
    expect((problem['errors'] as { path: string }[]).map((error) => error.path)).toEqual([
      '/identifiers/2345/email',
      '/identifiers/2999/phone',
    ]);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from evidence where details->>'count' = '3000'`.execute(h.store.db);
    expect(rows[0]?.n).toBe(0);
  });

  it(`takes ${MAX_BATCHES_IN_FLIGHT} batches at once and answers the next with 503 server.busy`, async () => {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = h.app.server.address() as AddressInfo;
    const authorization = bearer(h.keys.admin)['authorization'] ?? '';
    // Batches whose bodies are still on their way: each holds its place until it ends.
    const slow: Socket[] = [];
    for (let i = 0; i < MAX_BATCHES_IN_FLIGHT; i++) {
      const socket = connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        `POST /v1/suppressions/check HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${authorization}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"identifiers":[',
      );
      slow.push(socket);
    }
    const url = `http://127.0.0.1:${port}/v1/suppressions/check`;
    const ask = (): Promise<Response> =>
      fetch(url, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ identifiers: [{ email: 'busy@example.com' }] }),
      });
    // The slow requests are let in when the server reads their headers; until then the next one
    // may pass. On a busy machine that takes a while: ask again, pausing between tries.
    const askUntil = async (status: number): Promise<Response | undefined> => {
      let answer: Response | undefined;
      for (let attempt = 0; attempt < 300 && answer?.status !== status; attempt++) {
        if (attempt > 0) await delay(50);
        answer = await ask();
      }
      return answer;
    };
    const busy = await askUntil(503);
    expect(busy?.status).toBe(503);
    expect(busy?.headers.get('retry-after')).toBe('5');
    expect(((await busy?.json()) as { code: string }).code).toBe('server.busy');
    // Other routes are not batches: they go on.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    const closed = slow.map((socket) => new Promise((resolve) => socket.once('close', resolve)));
    for (const socket of slow) socket.destroy();
    await Promise.all(closed);
    // The server learns of the aborts on its next turns.
    expect((await askUntil(200))?.status).toBe(200);
  });
});
