import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { claimPackage, storePackage } from '../../src/execution/index.js';
import type { DataMap } from '../../src/map/index.js';
import { openRequest } from '../../src/requests/index.js';
import { buildServer } from '../../src/server/index.js';
import {
  certificateSigningKey,
  serverSecret,
  type SigningKey,
  type Store,
} from '../../src/store/index.js';
import { demoMap, expectProblem } from '../server/helpers.js';
import { eachTarget, freshStore } from '../support/stores.js';

/**
 * A download link works once (GDPR Art. 15(3), Art. 32), and only a deliberate POST spends it:
 * mail scanners, previews and HEAD requests open links, and must find a page that changes
 * nothing. The package is spent when its body went out in full, not before.
 */

const DAY = 24 * 60 * 60 * 1000;
const EMAIL = 'ana@example.com';
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

eachTarget('the package download link on $target', ({ target }) => {
  let store: Store;
  let map: DataMap;
  let secret: Buffer;
  let signingKey: SigningKey;
  let requestId: string;

  beforeEach(async () => {
    store = await freshStore(target);
    map = await demoMap();
    secret = await serverSecret(store.db);
    signingKey = await certificateSigningKey(store.db);
    const ctx = { map, secret, now: () => new Date(), actor: 'test' };
    ({ requestId } = await openRequest(store.db, ctx, {
      type: 'access',
      email: EMAIL,
      country: 'BE',
      operator: true,
    }));
  });

  afterEach(async () => {
    await store.close();
  });

  const serve = (): FastifyInstance =>
    buildServer({ store, map, secret, signingKey, publicUrl: 'https://privacy.example.com' });

  /** A package of `zip`, live for a week; the path of its link. */
  async function pack(zip: Uint8Array): Promise<string> {
    const stored = await storePackage(
      { db: store.db, secret, now: () => new Date(), actor: 'test' },
      { requestId, zip, expiresAt: new Date(Date.now() + 7 * DAY) },
    );
    return `/v1/packages/${stored.token}`;
  }

  /** What a link could change: the package rows and the evidence chain. */
  async function recorded() {
    const packages = await store.db
      .selectFrom('packages')
      .select(['id', 'content_sealed', 'downloaded_at', 'deleted_at', 'claimed_by'])
      .orderBy('id')
      .execute();
    const evidence = await store.db
      .selectFrom('evidence')
      .select(['seq', 'action'])
      .orderBy('seq')
      .execute();
    return { packages, evidence };
  }

  async function downloads(): Promise<number> {
    const { evidence } = await recorded();
    return evidence.filter((record) => record.action === 'package.downloaded').length;
  }

  it('opens as a page (GET or HEAD, any client, again and again) that spends and records nothing', async () => {
    const url = await pack(randomBytes(2048));
    const before = await recorded();
    const app = serve();
    try {
      for (let round = 0; round < 3; round++) {
        for (const headers of [
          {},
          { accept: 'text/html' },
          { accept: '*/*', 'user-agent': 'LinkScanner/2.1 (mail security)' },
        ]) {
          const page = await app.inject({ method: 'GET', url, headers });
          expect(page.statusCode).toBe(200);
          expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
          expect(page.headers['content-security-policy']).toBe(CSP);
          expect(page.headers['referrer-policy']).toBe('no-referrer');
          expect(page.headers['cache-control']).toBe('no-store');
          // What it is, from whom, until when, and the button: a form posting to this URL.
          expect(page.body).toContain('BESTMIX');
          expect(page.body).toContain('zip file (2 kB)');
          expect(page.body).toMatch(/until \d{1,2} \w+ \d{4} at \d{2}:\d{2} UTC/);
          expect(page.body).toContain('<form method="post" action="">');
          // Self-contained, and never the person.
          expect(page.body).not.toMatch(/<script|<link|<img|src=|https?:\/\//i);
          expect(page.body.toLowerCase()).not.toContain(EMAIL);
          expect(page.body).not.toContain(requestId);
          const head = await app.inject({ method: 'HEAD', url, headers });
          expect(head.statusCode).toBe(200);
          expect(head.body).toBe('');
        }
      }
      // In the request's language (here the notice's first), whatever the browser asks: the mail
      // with the link names the button in it.
      for (const language of ['nl-BE,nl;q=0.9', 'fr', 'de-DE', 'ja']) {
        const page = await app.inject({
          method: 'GET',
          url,
          headers: { 'accept-language': language },
        });
        expect(page.body).toContain('<button type="submit">Download</button>');
      }
      // A link naming no package knows no request: the browser's language, among the notice's.
      for (const [language, words] of [
        ['nl-BE,nl;q=0.9', 'Deze downloadlink is niet geldig.'],
        ['fr', 'Ce lien de téléchargement n’est pas valide.'],
        ['de-DE', 'Dieser Download-Link ist nicht gültig.'],
        ['ja', 'This download link is not valid.'],
      ] as const) {
        const page = await app.inject({
          method: 'GET',
          url: `${url}A`,
          headers: { 'accept-language': language },
        });
        expect(page.statusCode).toBe(404);
        expect(page.body).toContain(words);
      }
    } finally {
      await app.close();
    }
    expect(await recorded()).toEqual(before);
  });

  it('downloads the whole zip on a POST, once, records it once, and then says it is gone', async () => {
    const zip = randomBytes(256 * 1024);
    const url = await pack(zip);
    let app = serve();
    try {
      // The page's button: a form post with an empty body.
      const first = await app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: '',
      });
      expect(first.statusCode).toBe(200);
      expect(first.headers['content-type']).toBe('application/zip');
      expect(first.headers['content-disposition']).toBe(
        `attachment; filename="personal-data-${requestId}.zip"`,
      );
      expect(first.headers['cache-control']).toBe('no-store');
      expect(Buffer.compare(first.rawPayload, zip)).toBe(0);
      // The download is recorded once its body went out; closing the server waits for that.
      await app.close();
      const { packages } = await recorded();
      expect(packages[0]).toMatchObject({ content_sealed: null, claimed_by: null });
      expect(packages[0]?.downloaded_at).toBeInstanceOf(Date);
      expect(await downloads()).toBe(1);

      app = serve();
      for (const method of ['GET', 'HEAD'] as const) {
        const page = await app.inject({ method, url });
        expect(page.statusCode).toBe(410);
        expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
        if (method === 'GET') {
          expect(page.body).toContain('has been used already or has expired');
          expect(page.body).not.toContain('<form');
        }
      }
      expect(expectProblem(await app.inject({ method: 'POST', url }), 410).code).toBe(
        'package.gone',
      );
      const browser = await app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: '',
      });
      expect(browser.statusCode).toBe(410);
      expect(browser.body).toContain('has been used already or has expired');
    } finally {
      await app.close();
    }
    expect(await downloads()).toBe(1);
  });

  it('leaves a download cut off midway unspent, refuses a second while it runs, and lets a later one succeed', async () => {
    // Over a real socket. A Unix socket buffers a few hundred kB between the two ends, so this
    // package cannot have gone out in full before the client stops reading.
    const size = 4 * 1024 * 1024;
    const zip = Buffer.alloc(size, 'custodian ');
    const url = await pack(zip);
    const before = await recorded();
    let app = serve();
    const socketPath = path.join(tmpdir(), `cst-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      await app.listen({ path: socketPath });
      const cut = await new Promise<{ socket: Socket; received: number; status: number }>(
        (resolve, reject) => {
          const request = httpRequest({ socketPath, method: 'POST', path: url }, (response) => {
            response.once('data', (chunk: Buffer) => {
              response.pause();
              resolve({
                socket: response.socket,
                received: chunk.length,
                status: response.statusCode ?? 0,
              });
            });
          });
          request.on('error', reject);
          request.end();
        },
      );
      expect(cut.status).toBe(200);
      // While it is being sent, another download is refused: the claim is a row in the database,
      // so another server process sees it as this one does.
      const second = expectProblem(await app.inject({ method: 'POST', url }), 409);
      expect(second.code).toBe('package.downloading');
      const page = await app.inject({ method: 'POST', url, headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(409);
      expect(page.body).toContain('being downloaded right now');
      // The person's connection drops after the first bytes.
      cut.socket.destroy();
      await app.close();
      expect(cut.received).toBeLessThan(size);
      // Nothing spent, nothing recorded, the claim given back.
      expect(await recorded()).toEqual(before);

      app = serve();
      const again = await app.inject({ method: 'POST', url });
      expect(again.statusCode).toBe(200);
      expect(again.rawPayload.length).toBe(size);
      expect(Buffer.compare(again.rawPayload, zip)).toBe(0);
    } finally {
      await app.close();
    }
    expect(await downloads()).toBe(1);
  });

  it('lets exactly one of two downloads claim a package, and respects another process’s claim until it lapses', async () => {
    const zip = randomBytes(1024);
    const url = await pack(zip);
    const token = url.split('/').at(-1) ?? '';
    const ctx = { db: store.db, secret, now: () => new Date(), actor: 'test' };
    const both = await Promise.allSettled([claimPackage(ctx, token), claimPackage(ctx, token)]);
    const won = both.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    expect(won).toHaveLength(1);
    expect(both.find((result) => result.status === 'rejected')).toMatchObject({
      reason: { code: 'package.downloading' },
    });
    await won[0]?.release();

    // A server process that died while sending it left its claim (a row, not this process's memory).
    await store.db
      .updateTable('packages')
      .set({ claimed_by: 'a-process-that-died', claimed_until: new Date(Date.now() + 60_000) })
      .execute();
    const app = serve();
    try {
      expectProblem(await app.inject({ method: 'POST', url }), 409);
      // Its claim lapses (it is not renewed): the download works again.
      await store.db
        .updateTable('packages')
        .set({ claimed_until: new Date(Date.now() - 1000) })
        .execute();
      const download = await app.inject({ method: 'POST', url });
      expect(download.statusCode).toBe(200);
      expect(Buffer.compare(download.rawPayload, zip)).toBe(0);
    } finally {
      await app.close();
    }
    expect(await downloads()).toBe(1);
    const { packages } = await recorded();
    expect(packages[0]).toMatchObject({ content_sealed: null, claimed_by: null });
  });

  it('answers a forged or unknown link with a page or a problem that says nothing more', async () => {
    const url = await pack(randomBytes(512));
    const token = url.split('/').at(-1) ?? '';
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const before = await recorded();
    const app = serve();
    try {
      for (const link of [`/v1/packages/${forged}`, '/v1/packages/not-a-token']) {
        const page = await app.inject({ method: 'GET', url: link });
        expect(page.statusCode).toBe(404);
        expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(page.body).toContain('This download link is not valid.');
        expect(page.body).not.toContain(requestId);
        const problem = expectProblem(await app.inject({ method: 'POST', url: link }), 404);
        expect(problem.code).toBe('package.not_found');
      }
    } finally {
      await app.close();
    }
    expect(await recorded()).toEqual(before);
  });
});
