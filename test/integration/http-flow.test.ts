import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRequest } from '../../src/execution/index.js';
import { deliverOutbox, smtpTransport, type MailTransport } from '../../src/mail/index.js';
import { createApiKey, startServer, type RunningServer } from '../../src/server/index.js';
import { plainRow, seedRows, sortRows } from '../support/shop/index.js';
import { smtpSink, type SmtpSink } from '../requests/smtp-sink.js';
import {
  closeConnectors,
  harness,
  layouts,
  openConnectors,
  pick,
  type Harness,
} from './harness.js';

/**
 * The whole way, over a real socket, as a person and an operator live it: the person asks
 * through the public API, reads the code from her mailbox (a real SMTP server), confirms; the
 * operator approves with an API key; the executor runs the request across the shop's databases;
 * the person downloads her package through the link mailed to her, once.
 */

const ANA = 'ana@example.com';

/** The richest layout this machine has: servers when reachable, PGlite otherwise. */
const layout = layouts().at(-1);

describe(`a request through the HTTP API and the mail: ${layout?.name ?? ''}`, () => {
  let h: Harness;
  let sink: SmtpSink;
  let transport: MailTransport;
  let server: RunningServer;
  let operatorKey: string;
  /** Runs started by the approved hook, awaited by the test. */
  let runs: Promise<unknown>[];

  const deliver = async (): Promise<void> => {
    await deliverOutbox(h.store.db, h.secret, transport, { now: () => new Date() });
  };

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

  beforeEach(async () => {
    if (layout === undefined) throw new Error('no layout');
    h = await harness(layout.layout);
    sink = await smtpSink();
    transport = smtpTransport(sink.url);
    runs = [];
    operatorKey = (
      await createApiKey(h.store.db, {
        name: 'operator',
        scopes: ['requests:read', 'requests:write'],
      })
    ).key;
    server = await startServer({
      store: h.store,
      map: h.map,
      secret: h.secret,
      port: 0,
      requestRateLimit: false,
      requestHooks: {
        // The executor, as the server wires it: run the approved request with the datastores' connectors.
        onApproved: (id) => {
          runs.push(
            (async () => {
              const connectors = await openConnectors(h.map, h.shop.env);
              try {
                await runRequest(
                  {
                    db: h.store.db,
                    map: h.map,
                    secret: h.secret,
                    now: () => new Date(),
                    actor: 'system',
                    connectors,
                  },
                  id,
                  { publicUrl: server.url },
                );
              } finally {
                await closeConnectors(connectors);
              }
            })(),
          );
        },
      },
    });
  }, 60_000);

  afterEach(async () => {
    await server.close();
    transport.close();
    await sink.close();
    await h.close();
  });

  /** Asks, reads the code from the mailbox and confirms it; returns the request id. */
  const ask = async (type: string): Promise<string> => {
    const intake = await call('POST', '/v1/requests', {
      type,
      subject: { email: ANA },
      country: 'BE',
    });
    expect(intake.status).toBe(202);
    const { requestId } = (await intake.json()) as { requestId: string };
    await deliver();
    const verified = await call('POST', `/v1/requests/${requestId}/verify`, {
      code: sink.codeFor(ANA),
    });
    expect(verified.status).toBe(200);
    return requestId;
  };

  it('hands the person her package through the link mailed to her, once', async () => {
    const id = await ask('access');
    // Access needs no approval: verified, it runs.
    await Promise.all(runs);
    expect(runs).toHaveLength(1);
    const shown = await call('GET', `/v1/requests/${id}`, undefined, operatorKey);
    expect(((await shown.json()) as { status: string }).status).toBe('completed');

    await deliver();
    const text = sink.mails.map((mail) => mail.text).join('\n');
    const link = new RegExp(`${server.url}/v1/packages/\\S+`).exec(text)?.[0];
    if (link === undefined) throw new Error(`no download link mailed:\n${text}`);
    const download = await fetch(link);
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
    const seed = seedRows(h.shop.seed);
    expect(rows).toEqual(
      pick(seed, {
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
    // Once only.
    expect((await fetch(link)).status).toBe(410);
  });

  it('erases once the operator approves, keeping the invoice under the tax hold', async () => {
    const id = await ask('erasure');
    expect(runs).toHaveLength(0);
    const waiting = await call('GET', `/v1/requests/${id}`, undefined, operatorKey);
    expect(((await waiting.json()) as { status: string }).status).toBe('awaiting-approval');
    // Nothing changes before approval.
    expect(await h.shop.rows()).toEqual(seedRows(h.shop.seed));

    const approved = await call('POST', `/v1/requests/${id}/approve`, {}, operatorKey);
    expect(approved.status).toBe(200);
    await Promise.all(runs);
    const done = (await (
      await call('GET', `/v1/requests/${id}`, undefined, operatorKey)
    ).json()) as {
      status: string;
      summary: { holds: { datastore: string; collection: string; rows: number }[] };
    };
    expect(done.status).toBe('completed');
    expect(done.summary.holds).toEqual([
      expect.objectContaining({ datastore: 'billing', collection: 'invoices', rows: 1 }),
    ]);
    const after = await h.shop.rows();
    expect(after.shop['customers']?.map((r) => r['id'])).toEqual([2]);
    expect(after.billing['invoices']?.map((r) => r['id'])).toEqual([92, 93]);
    expect(after.newsletter['subscribers']?.map((r) => r['id'])).toEqual([62]);
    // The certificate's public key is published for anyone to check it.
    const key = await call('GET', '/v1/certificates/key');
    expect(key.status).toBe(200);
  });
});
