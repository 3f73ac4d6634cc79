import { afterAll, beforeAll, expect, it } from 'vitest';
import { eachTarget } from '../support/stores.js';
import { expectProblem, get, harness, json, post, type Harness } from './helpers.js';

eachTarget('one-click unsubscribe on $target', ({ target }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(target);
  });
  afterAll(() => h.close());

  /** A person subscribed to the newsletter, and the link for their next message. */
  async function subscribed(email: string): Promise<{ url: string; path: string }> {
    const consent = await post(
      h.app,
      '/v1/consents',
      { subject: { email }, choices: { newsletter: 'granted' }, source: 'signup-form' },
      h.keys['consent:write'],
    );
    expect(consent.statusCode).toBe(201);
    const link = await post(
      h.app,
      '/v1/unsubscribe-links',
      { subject: { email }, purpose: 'newsletter' },
      h.keys['consent:write'],
    );
    expect(link.statusCode).toBe(200);
    const body = json(link);
    // RFC 8058 section 3.1: both headers, the URL in angle brackets.
    expect(body.headers).toEqual({
      'List-Unsubscribe': `<${String(body.url)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    return { url: body.url, path: new URL(body.url).pathname };
  }

  async function allowed(email: string): Promise<{ allowed: boolean; reason: string }> {
    const check = await post(
      h.app,
      '/v1/consents/check',
      { purpose: 'newsletter', subjects: [{ email }] },
      h.keys['consent:read'],
    );
    return json(check).results[0];
  }

  async function suppressed(email: string): Promise<boolean> {
    const check = await post(
      h.app,
      '/v1/suppressions/check',
      { identifiers: [{ email }], purpose: 'newsletter' },
      h.keys['suppression:read'],
    );
    return json(check).results[0].suppressed;
  }

  it('hands out a link on the public URL with an opaque token and no email', async () => {
    const { url } = await subscribed('Link.Person@Example.com');
    expect(url).toMatch(/^https:\/\/privacy\.example\.com\/u\/[\w.-]+$/);
    expect(url.toLowerCase()).not.toContain('link.person');
    expect(url).not.toContain('%40');
  });

  it('shows a page with a button on GET and changes nothing (mail scanners follow links)', async () => {
    const { path } = await subscribed('scanner@example.com');
    const page = await get(h.app, path, undefined, { 'accept-language': 'fr-BE,fr;q=0.9' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('<form method="post"');
    expect(page.body).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(page.body).toContain('lang="fr"');
    expect(page.body).toContain('BESTMIX');
    expect(page.body).not.toContain('scanner@example.com');
    expect(await allowed('scanner@example.com')).toMatchObject({
      allowed: true,
      reason: 'granted',
    });
  });

  it('unsubscribes at once on the RFC 8058 one-click POST, with no login', async () => {
    const { path } = await subscribed('one.click@example.com');
    const response = await h.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ unsubscribed: true, purpose: 'newsletter' });
    // GDPR Art. 21(3): no more direct marketing; the address is suppressed for the purpose.
    expect(await allowed('one.click@example.com')).toMatchObject({ allowed: false });
    expect(await suppressed('ONE.CLICK@example.com')).toBe(true);
  });

  it('takes the one-click body as multipart too, and is idempotent', async () => {
    const { path } = await subscribed('multipart@example.com');
    const boundary = 'x-boundary-8058';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    for (let i = 0; i < 2; i++) {
      const response = await h.app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
      expect(response.statusCode).toBe(200);
    }
    expect(await allowed('multipart@example.com')).toMatchObject({ allowed: false });
  });

  it("takes the page form's POST and answers a browser with a page", async () => {
    const { path } = await subscribed('browser@example.com');
    const response = await h.app.inject({
      method: 'POST',
      url: path,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html,application/xhtml+xml',
        'accept-language': 'nl',
      },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('afgemeld');
    expect(response.body).not.toContain('browser@example.com');
    expect(await suppressed('browser@example.com')).toBe(true);
  });

  it('shows its pages in the privacy center’s brand and stylesheet, with no inline style', async () => {
    const { path } = await subscribed('branded@example.com');
    const page = await get(h.app, path, undefined, { 'accept-language': 'de' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<link rel="stylesheet" href="/privacy/style.css">');
    expect(page.body).toContain('<span class="name">BESTMIX</span> · Datenschutzcenter');
    expect(page.body).not.toContain('<style');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    const invalid = await get(h.app, '/u/not-a-token', undefined, { accept: 'text/html' });
    expect(invalid.statusCode).toBe(404);
    expect(invalid.body).toContain('<link rel="stylesheet" href="/privacy/style.css">');
  });

  it('confirms what the POST did, with its receipt and how to undo it, in the person’s language', async () => {
    const { path } = await subscribed('confirmed@example.com');
    const texts: Record<string, string> = {
      en: 'Changed your mind? Write to privacy@bestmix.com',
      nl: 'Van gedachten veranderd? Schrijf naar privacy@bestmix.com',
      fr: 'Vous avez changé d’avis ? Écrivez à privacy@bestmix.com',
      de: 'Haben Sie es sich anders überlegt? Schreiben Sie an privacy@bestmix.com',
    };
    const receipts = new Set<string>();
    for (const [language, undo] of Object.entries(texts)) {
      const done = await h.app.inject({
        method: 'POST',
        url: path,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'text/html',
          'accept-language': language,
        },
        payload: 'List-Unsubscribe=One-Click',
      });
      expect(done.statusCode).toBe(200);
      expect(done.body).toContain(`<html lang="${language}">`);
      expect(done.body).toContain(undo);
      expect(done.body).toContain('<div class="done" role="status">');
      const receipt = /<code id="receipt">([0-9a-f-]{36})<\/code>/.exec(done.body)?.[1];
      expect(receipt).toBeDefined();
      receipts.add(receipt ?? '');
      expect(done.body).not.toContain('confirmed@example.com');
    }
    // Idempotent: the same objection's receipt every time.
    expect(receipts.size).toBe(1);
  });

  it('takes an empty POST as well', async () => {
    const { path } = await subscribed('empty@example.com');
    const response = await h.app.inject({ method: 'POST', url: path });
    expect(response.statusCode).toBe(200);
    expect(await allowed('empty@example.com')).toMatchObject({ allowed: false });
  });

  it('refuses a POST whose body says something other than One-Click', async () => {
    const { path } = await subscribed('other@example.com');
    const response = await h.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=Maybe',
    });
    expectProblem(response, 400, ['other@example.com']);
    expect(await allowed('other@example.com')).toMatchObject({ allowed: true, reason: 'granted' });
  });

  it('refuses a link for a purpose nobody can object to, and for a subject id never handed out', async () => {
    expectProblem(
      await post(
        h.app,
        '/v1/unsubscribe-links',
        { subject: { email: 'ana@example.com' }, purpose: 'privacy-compliance' },
        h.keys['consent:write'],
      ),
      422,
      ['ana@example.com'],
    );
    expectProblem(
      await post(
        h.app,
        '/v1/unsubscribe-links',
        { subject: { id: '0b9f3c52-5a8e-4d2b-9d61-3f1c2b7e4a10' }, purpose: 'newsletter' },
        h.keys['consent:write'],
      ),
      404,
    );
  });

  it('makes a link for a person the ledger never saw, which then unsubscribes them', async () => {
    // A sender puts RFC 8058 headers on every message of a list, imported or not (issue 10).
    const created = await post(
      h.app,
      '/v1/unsubscribe-links',
      { subject: { email: 'Never.Seen@Example.com' }, purpose: 'newsletter' },
      h.keys['consent:write'],
    );
    expect(created.statusCode, created.body).toBe(200);
    const link = json(created) as { url: string };
    // The same address in another spelling is the same person: the same subject in the token.
    const again = json(
      await post(
        h.app,
        '/v1/unsubscribe-links',
        { subject: { email: 'never.seen@example.com' }, purpose: 'newsletter' },
        h.keys['consent:write'],
      ),
    ) as { url: string };
    const subjectOf = (url: string): string => (url.split('/u/')[1] ?? '').split('.')[1] ?? '';
    expect(subjectOf(again.url).slice(0, 21)).toBe(subjectOf(link.url).slice(0, 21));

    const path = new URL(link.url).pathname;
    const done = await h.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(done.statusCode).toBe(200);
    expect(await allowed('never.seen@example.com')).toMatchObject({ allowed: false });
  });

  it('logs the route pattern of unsubscribe requests, never the token', async () => {
    const { path } = await subscribed('logged@example.com');
    await get(h.app, path);
    const token = path.slice(3);
    expect(h.log.text).not.toContain(token);
    expect(h.log.records.some((r) => r['route'] === '/u/:token')).toBe(true);
  });
});
