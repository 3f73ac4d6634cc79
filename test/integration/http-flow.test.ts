import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { verifyCertificate, type ErasureCertificate } from '../../src/execution/index.js';
import type { Datastore } from '../../src/map/index.js';
import { formatDate } from '../../src/publish/index.js';
import {
  freshBackend,
  MAP,
  runCli,
  startServer,
  type Backend,
  type ServerProcess,
} from '../durability/server-process.js';
import { smtpSink, type SmtpSink } from '../requests/smtp-sink.js';
import {
  createShop,
  plainRow,
  seedRows,
  sortRows,
  type ShopFixture,
} from '../support/shop/index.js';
import { layouts, pick } from './harness.js';

/**
 * The whole way, over a real socket to a real `custodian serve`, as a person and an operator live
 * it: the person asks through the public API, reads the code from her mailbox (a real SMTP
 * server), confirms; the operator approves with an API key made by `custodian keys create`; the
 * server itself runs the request from its job queue across the shop's databases and mails her;
 * she downloads her package through the link mailed to her, once.
 */

const ANA = 'ana@example.com';

/** The richest layout this machine has: servers when reachable, PGlite otherwise. */
const layout = layouts().at(-1);

/** The invoices' hold reason in Dutch too, as a map author writing for Dutch speakers gives it. */
const DUTCH_REASON = 'Belastingwet: facturen worden 7 jaar bewaard';

/**
 * The BESTMIX map with the shop's datastores in place of the demo's (JSON is YAML too), the
 * invoices' hold reason given in English and Dutch.
 */
async function mapWith(datastores: readonly Datastore[]): Promise<string> {
  const text = await readFile(MAP, 'utf8');
  const cut = text.indexOf('\ndatastores:');
  if (cut < 0) throw new Error('the BESTMIX map has no datastores section');
  const translated = datastores.map((datastore) => ({
    ...datastore,
    collections: datastore.collections.map((collection) =>
      collection.hold === undefined || typeof collection.hold.reason !== 'string'
        ? collection
        : {
            ...collection,
            hold: { ...collection.hold, reason: { en: collection.hold.reason, nl: DUTCH_REASON } },
          },
    ),
  }));
  return `${text.slice(0, cut)}\ndatastores: ${JSON.stringify(translated)}\n`;
}

/** Polls `probe` until it gives a value, or fails after `ms`. */
async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 30_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe(`a request through a running server and the mail: ${layout?.name ?? ''}`, () => {
  let shop: ShopFixture;
  let backend: Backend;
  let sink: SmtpSink;
  let server: ServerProcess;
  let operatorKey: string;
  let dir: string;

  const call = async (
    method: 'GET' | 'POST',
    url: string,
    body?: object,
    key?: string,
  ): Promise<Response> =>
    fetch(`${server.url}${url}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  const show = async (
    id: string,
  ): Promise<{
    status: string;
    summary: Record<string, unknown> | null;
    events: { kind: string; actor: string }[];
  }> => {
    const answer = await call('GET', `/v1/requests/${id}`, undefined, operatorKey);
    expect(answer.status).toBe(200);
    return (await answer.json()) as Awaited<ReturnType<typeof show>>;
  };

  /** Waits until the server has run the request to the end, and returns it. */
  const finished = (id: string): ReturnType<typeof show> =>
    eventually(`request ${id} to finish`, async () => {
      const request = await show(id);
      return ['completed', 'failed'].includes(request.status) ? request : undefined;
    });

  beforeEach(async () => {
    if (layout === undefined) throw new Error('no layout');
    shop = await createShop(layout.layout);
    backend = await freshBackend(layout.layout.shop === 'postgres' ? 'postgres' : 'pglite');
    // The operator's key, made as an operator does, before the server holds the database.
    const created = await runCli(backend, [
      'keys',
      'create',
      '--name',
      'operator',
      '--scopes',
      'requests:read,requests:write',
    ]);
    expect(created.code, created.stderr).toBe(0);
    operatorKey = created.stdout.trim();
    sink = await smtpSink();
    dir = await mkdtemp(join(inject('scratchDir'), 'http-flow-'));
    const map = join(dir, 'privacy.yaml');
    await writeFile(map, await mapWith(shop.datastores));
    server = await startServer(backend, {
      map,
      env: { ...shop.env, CUSTODIAN_SMTP_URL: sink.url, CUSTODIAN_RATE_LIMIT: 'off' },
    });
  }, 120_000);

  afterEach(async () => {
    const exit = await server.stop('SIGTERM');
    // Nothing of the person in what the server wrote: log lines name requests by id.
    expect(server.output()).not.toContain(ANA);
    expect(exit.code, server.output()).toBe(0);
    await sink.close();
    await shop.drop();
    await backend.cleanup();
    await rm(dir, { recursive: true, force: true });
  }, 120_000);

  /** Asks, reads the code from the mailbox and confirms it; returns the request id and status. */
  const ask = async (type: string, language?: string): Promise<{ id: string; status: string }> => {
    const intake = await call('POST', '/v1/requests', {
      type,
      subject: { email: ANA },
      country: 'BE',
      ...(language === undefined ? {} : { language }),
    });
    expect(intake.status).toBe(202);
    const { requestId } = (await intake.json()) as { requestId: string };
    // The server mails the code itself.
    const code = await eventually('the code mail', () => {
      try {
        return sink.codeFor(ANA);
      } catch {
        return undefined;
      }
    });
    const verified = await call('POST', `/v1/requests/${requestId}/verify`, { code });
    expect(verified.status).toBe(200);
    return { id: requestId, status: ((await verified.json()) as { status: string }).status };
  };

  it('runs an access request itself and mails the person a link that works once', async () => {
    const { id, status } = await ask('access');
    // Access needs no approval: verified, it is approved, and the answer did not wait for the run.
    expect(status).toBe('approved');
    expect(['approved', 'running']).toContain((await show(id)).status);
    const done = await finished(id);
    expect(done.status).toBe('completed');
    expect(done.events.find((event) => event.kind === 'running')?.actor).toBe('system');

    const link = await eventually('the download link', () => {
      const text = sink.mails.map((mail) => mail.text).join('\n');
      return new RegExp(`${server.url}/v1/packages/\\S+`).exec(text)?.[0];
    });
    // The link opens a page (a mail scanner following it spends nothing); its button POSTs.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post" action="">');
    const download = await fetch(link, { method: 'POST' });
    expect(download.status).toBe(200);
    const files = unzipSync(new Uint8Array(await download.arrayBuffer()));
    const data = JSON.parse(strFromU8(files['data.json'] ?? new Uint8Array())) as {
      datastores: Record<string, Record<string, Record<string, unknown>[]>>;
    };
    const rows = Object.fromEntries(
      Object.entries(data.datastores).map(([db, tables]) => [
        db,
        Object.fromEntries(
          Object.entries(tables).map(([table, list]) => [
            table,
            sortRows(table, list.map(plainRow)),
          ]),
        ),
      ]),
    );
    expect(rows).toEqual(
      pick(seedRows(shop.seed), {
        shop: {
          customers: ['1'],
          customer_emails: [`1/${ANA}`, '1/ana.lima@example.com'],
          addresses: ['11', '12'],
          payment_methods: ['21', '22'],
          orders: ['31', '32'],
          order_lines: ['31/1', '31/2', '32/1'],
          logins: ['41', '42'],
          support_tickets: ['51', '52'],
        },
        newsletter: { subscribers: ['61'], campaign_events: ['71', '72'] },
        billing: { billing_accounts: ['81'], invoices: ['91', '92'] },
      }),
    );
    // Once only: recorded as soon as the server saw the whole zip go out.
    await eventually('the download to be recorded', async () =>
      (await fetch(link)).status === 410 ? true : undefined,
    );
    const again = await fetch(link, { method: 'POST' });
    expect(again.status).toBe(410);
    expect(((await again.json()) as { code: string }).code).toBe('package.gone');
  });

  it('erases once the operator approves, keeping the invoice under the tax hold, with a certificate, and answers in Dutch', async () => {
    const { id, status } = await ask('erasure', 'nl');
    // The person asked in Dutch: the code came in Dutch.
    expect(sink.mails.find((mail) => mail.to.includes(ANA))?.subject).toBe(
      'Uw verzoek om gegevenswissing: bevestig dit met de code in deze e-mail',
    );
    expect(status).toBe('awaiting-approval');
    // Nothing changes before approval.
    expect(await shop.rows()).toEqual(seedRows(shop.seed));
    expect(
      (await call('GET', `/v1/requests/${id}/certificate`, undefined, operatorKey)).status,
    ).toBe(404);

    const approved = await call('POST', `/v1/requests/${id}/approve`, {}, operatorKey);
    expect(approved.status).toBe(200);
    expect(((await approved.json()) as { status: string }).status).toBe('approved');
    // Answered before the run: the server queued it (an erasure takes longer than this call).
    expect(['approved', 'running']).toContain((await show(id)).status);
    const done = (await finished(id)) as Awaited<ReturnType<typeof show>> & {
      summary: { holds: { datastore: string; collection: string; rows: number }[] };
    };
    expect(done.status).toBe('completed');
    expect(done.summary.holds).toEqual([
      expect.objectContaining({ datastore: 'billing', collection: 'invoices', rows: 1 }),
    ]);
    const after = await shop.rows();
    expect(after.shop['customers']?.map((r) => r['id'])).toEqual([2]);
    expect(after.billing['invoices']?.map((r) => r['id'])).toEqual([92, 93]);
    expect(after.newsletter['subscribers']?.map((r) => r['id'])).toEqual([62]);

    // The certificate, for the operator to hand over; it verifies against the published key.
    const answer = await call('GET', `/v1/requests/${id}/certificate`, undefined, operatorKey);
    expect(answer.status).toBe(200);
    const certificate = (await answer.json()) as ErasureCertificate;
    expect(certificate.body.requestId).toBe(id);
    expect(JSON.stringify(certificate)).not.toContain(ANA);
    const key = (await (await call('GET', '/v1/certificates/key')).json()) as {
      publicKey: string;
    };
    expect(verifyCertificate(certificate, key.publicKey)).toBe(true);
    expect(
      verifyCertificate(
        { ...certificate, body: { ...certificate.body, requestId: crypto.randomUUID() } },
        key.publicKey,
      ),
    ).toBe(false);
    // And the person is told it is done, in Dutch, with what was kept, why and until when
    // (GDPR Art. 17(3), 12(4)).
    const completion = await eventually('the completion mail', () =>
      sink.mails.find(
        (mail) =>
          mail.to.includes(ANA) && mail.subject === 'Uw verzoek om gegevenswissing is afgehandeld',
      ),
    );
    const invoices = certificate.body.holds.find((hold) => hold.collection === 'invoices');
    const until = invoices?.ends[0]?.until;
    if (until === undefined || until === null) return expect.fail('the invoice has an end date');
    expect(completion.text).toContain('Wij hebben niet alles gewist');
    expect(completion.text).toContain(
      [
        '- Billing (invoices): 1 record',
        `  Reden: ${DUTCH_REASON}`,
        '  Rechtsgrond: BE WIB 92 art. 315',
        `  Bewaard: tot en met ${formatDate(until, 'nl')}`,
      ].join('\n'),
    );
    expect(completion.text).toContain('Gegevensbeschermingsautoriteit');
    expect(completion.text).not.toMatch(/\b(We|your|request|until)\b/);
  });
});
