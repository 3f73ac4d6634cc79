import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  certificateKey,
  claimPackage,
  MASK,
  storedCertificate,
  verifyCertificate,
} from '../../src/execution/index.js';
import { checkConsent, checkSuppression } from '../../src/ledger/index.js';
import { plainRow, seedRows, sortRows, type PlainRow, type Rows } from '../support/shop/index.js';
import { harness, layouts, pick, type Harness } from './harness.js';
import { leaked } from '../support/leaks.js';

/**
 * Data-subject requests end to end on the shop: Ana asks (two emails, orders, tickets, a
 * newsletter under her second email, invoices old and new); Bruno, another customer, and Eva,
 * the agent who answered both, must come out untouched.
 */

const ANA = 'ana@example.com';
const ANA_SECOND = 'ana.lima@example.com';
const ANA_PHONE = '+32 470 12 34 56';

/** Every row that is Ana's, by database, table and key. */
const ANA_ROWS = {
  shop: {
    customers: ['1'],
    customer_emails: [`1/${ANA}`, `1/${ANA_SECOND}`],
    addresses: ['11', '12'],
    payment_methods: ['21', '22'],
    orders: ['31', '32'],
    order_lines: ['31/1', '31/2', '32/1'],
    logins: ['41', '42'],
    // 52 was written from her second address before she had an account.
    support_tickets: ['51', '52'],
  },
  newsletter: { subscribers: ['61'], campaign_events: ['71', '72'] },
  billing: { billing_accounts: ['81'], invoices: ['91', '92'] },
} as const;

const HEX64 = /^[0-9a-f]{64}$/;

function without(rows: PlainRow[] | undefined, keys: readonly string[], key = 'id'): PlainRow[] {
  return (rows ?? []).filter((row) => !keys.includes(String(row[key])));
}

function replace(
  rows: PlainRow[] | undefined,
  id: number,
  change: Readonly<Record<string, PlainRow[string]>>,
): PlainRow[] {
  return (rows ?? []).map((row) => (row['id'] === id ? { ...row, ...change } : row));
}

function row(rows: PlainRow[] | undefined, id: number): PlainRow {
  const found = rows?.find((r) => r['id'] === id);
  if (found === undefined) throw new Error(`no row ${id}`);
  return found;
}

/** The rows of a downloaded package's data.json, as the fixture compares them. */
function packageRows(data: {
  datastores: Record<string, Record<string, Record<string, unknown>[]>>;
}): Record<string, Record<string, PlainRow[]>> {
  const rows: Record<string, Record<string, PlainRow[]>> = {};
  for (const [datastore, collections] of Object.entries(data.datastores)) {
    for (const [collection, list] of Object.entries(collections)) {
      (rows[datastore] ??= {})[collection] = sortRows(collection, list.map(plainRow));
    }
  }
  return rows;
}

describe.each(layouts())('requests on the shop: $name', ({ layout }) => {
  let h: Harness;
  let seed: Rows;

  beforeEach(async () => {
    h = await harness(layout);
    seed = seedRows(h.shop.seed);
  }, 120_000);

  afterEach(async () => {
    await h.close();
  });

  it('answers an access request with exactly the person’s rows, across the three databases', async () => {
    const id = await h.open('access', ANA);
    const outcome = await h.run(id);
    if (outcome.dryRun) throw new Error('not a dry run');
    expect(outcome.record.status).toBe('completed');
    const url = outcome.downloadUrl;
    expect(url).toMatch(/\/v1\/packages\/[^/]+$/);
    const token = (url ?? '').split('/').at(-1) ?? '';
    const link = { db: h.store.db, secret: h.secret, now: () => new Date(), actor: 'test' };
    const claim = await claimPackage(link, token);
    const { zip, requestId } = claim;
    await claim.spend();
    expect(requestId).toBe(id);
    const files = unzipSync(new Uint8Array(zip));
    const data = JSON.parse(strFromU8(files['data.json'] ?? new Uint8Array())) as {
      requestId: string;
      datastores: Record<string, Record<string, Record<string, unknown>[]>>;
    };
    expect(data.requestId).toBe(id);
    // Every row of Ana's, from the shop, the newsletter tool (reached through her second email)
    // and billing (reached across databases through her customer id); no agent, no Bruno.
    expect(packageRows(data)).toEqual(pick(seed, ANA_ROWS));
    expect(Object.keys(files).sort()).toEqual(
      [
        'data.json',
        'summary.html',
        ...Object.entries(ANA_ROWS).flatMap(([db, tables]) =>
          Object.keys(tables).map((table) => `csv/${db}/${table}.csv`),
        ),
      ].sort(),
    );
    const everything = Object.values(files)
      .map((bytes) => strFromU8(bytes))
      .join('\n');
    for (const other of ['bruno', 'Bruno', 'eva.support', 'Eva Peeters']) {
      expect(everything).not.toContain(other);
    }
    expect(strFromU8(files['csv/shop/order_lines.csv'] ?? new Uint8Array())).toContain(
      'Happy birthday, Marta!',
    );
    // Downloadable once.
    await expect(claimPackage(link, token)).rejects.toMatchObject({ code: 'package.gone' });
    // Reading changes nothing.
    expect(await h.shop.rows()).toEqual(seed);
  });

  it('shows an erasure plan in a dry run without changing anything', async () => {
    const id = await h.open('erasure', ANA);
    const outcome = await h.run(id, { dryRun: true });
    if (!outcome.dryRun) throw new Error('a dry run');
    const byName = Object.fromEntries(
      outcome.collections.map((c) => [`${c.datastore}.${c.collection}`, c]),
    );
    expect(byName['shop.customers']).toMatchObject({ found: 1, held: 0, op: 'delete', rows: 1 });
    expect(byName['shop.support_tickets']).toMatchObject({ found: 2, op: 'update', rows: 2 });
    expect(byName['shop.agents']).toMatchObject({ found: 0, op: 'none' });
    expect(byName['billing.invoices']).toMatchObject({ found: 2, held: 1, rows: 1 });
    expect(byName['newsletter.subscribers']).toMatchObject({ found: 1, op: 'delete' });
    expect(leaked(JSON.stringify(outcome), ['ana', 'lima'])).toEqual([]);
    expect(await h.shop.rows()).toEqual(seed);
  });

  it('erases everything of the person except invoices under the tax hold, and suppresses her', async () => {
    const id = await h.open('erasure', ANA);
    const outcome = await h.run(id);
    if (outcome.dryRun) throw new Error('not a dry run');
    expect(outcome.record.status).toBe('completed');

    const after = await h.shop.rows();
    const tickets = after.shop['support_tickets'];
    const account = row(after.billing['billing_accounts'], 81);
    // Keyed hashes: not the address, and not the same for her two addresses.
    expect(row(tickets, 51)['email']).toMatch(HEX64);
    expect(row(tickets, 52)['email']).toMatch(HEX64);
    expect(row(tickets, 51)['email']).not.toBe(row(tickets, 52)['email']);
    expect(account['email']).toMatch(HEX64);

    const { shop, newsletter, billing } = seed;
    const expected: Rows = {
      shop: {
        ...shop,
        customers: without(shop['customers'], ['1']),
        customer_emails: without(shop['customer_emails'], ['1'], 'customer_id'),
        addresses: without(shop['addresses'], ['11', '12']),
        payment_methods: without(shop['payment_methods'], ['21', '22']),
        orders: without(shop['orders'], ['31', '32']),
        order_lines: without(shop['order_lines'], ['31', '32'], 'order_id'),
        logins: without(shop['logins'], ['41', '42']),
        // Kept for statistics, without what identified her; the agent stays as he was.
        support_tickets: replace(
          replace(shop['support_tickets'], 51, {
            customer_id: null,
            email: row(tickets, 51)['email'] ?? null,
            subject: MASK,
            body: MASK,
          }),
          52,
          {
            customer_id: null,
            email: row(tickets, 52)['email'] ?? null,
            subject: MASK,
            body: MASK,
          },
        ),
      },
      newsletter: {
        subscribers: without(newsletter['subscribers'], ['61']),
        campaign_events: without(newsletter['campaign_events'], ['71', '72']),
      },
      billing: {
        // The held invoice still references the account through a foreign key: anonymised, not deleted.
        billing_accounts: replace(billing['billing_accounts'], 81, {
          email: account['email'] ?? null,
          name: MASK,
          vat_number: null,
          street: MASK,
          city: MASK,
        }),
        // Invoice 91 is past its 7 years; 92 is within them and untouched, as is Bruno's.
        invoices: without(billing['invoices'], ['91']),
      },
    };
    expect(after).toEqual(expected);

    // Nothing is reachable from her anymore.
    const found = await h.find({ email: [ANA, ANA_SECOND], phone: [ANA_PHONE] });
    expect(found.collections.filter((c) => c.rows.length > 0)).toEqual([]);

    // The signed certificate lists the held invoice with its reason and the day the hold ends.
    const certificate = await storedCertificate({ db: h.store.db }, id);
    if (certificate === undefined) throw new Error('no certificate');
    const key = certificateKey(h.signingKey);
    expect(verifyCertificate(certificate, key.publicKey)).toBe(true);
    const year = new Date().getUTCFullYear();
    expect(certificate.body.holds).toEqual([
      expect.objectContaining({
        datastore: 'billing',
        collection: 'invoices',
        basis: 'BE WIB 92 art. 315',
        rows: 1,
        // Issued 15 March, two years ago: held through the day before its seventh anniversary.
        ends: [{ until: `${year + 5}-03-14`, rows: 1 }],
      }),
    ]);
    expect(JSON.stringify(certificate.body.holds[0]?.reason)).toContain('7 years');
    expect(leaked(JSON.stringify(certificate), ['ana', 'lima', '+32'])).toEqual([]);

    // Her identifiers go on the suppression list; Bruno's do not.
    const { results } = await checkSuppression(h.store.db, h.requests, {
      identifiers: [
        { email: ANA },
        { email: ANA_SECOND },
        { phone: ANA_PHONE },
        { email: 'bruno@example.com' },
      ],
    });
    expect(results.map((r) => r.suppressed)).toEqual([true, true, true, false]);
  });

  it('corrects the named fields where they are declared correctable, never on invoices', async () => {
    const id = await h.open('rectification', ANA, {
      changes: { name: 'Ana Souza', phone: '+32 470 99 88 77' },
    });
    const outcome = await h.run(id);
    if (outcome.dryRun) throw new Error('not a dry run');
    expect(outcome.record.status).toBe('completed');
    const { shop, newsletter, billing } = seed;
    expect(await h.shop.rows()).toEqual({
      shop: {
        ...shop,
        customers: replace(shop['customers'], 1, { name: 'Ana Souza', phone: '+32 470 99 88 77' }),
      },
      newsletter,
      billing: {
        ...billing,
        billing_accounts: replace(billing['billing_accounts'], 81, { name: 'Ana Souza' }),
      },
    });
  });

  it('restricts processing: flags her rows and tells the ledger, Bruno untouched', async () => {
    const id = await h.open('restriction', ANA);
    const outcome = await h.run(id);
    if (outcome.dryRun) throw new Error('not a dry run');
    expect(outcome.record.status).toBe('completed');
    const { shop, newsletter, billing } = seed;
    expect(await h.shop.rows()).toEqual({
      shop: { ...shop, customers: replace(shop['customers'], 1, { processing_restricted: true }) },
      newsletter: {
        ...newsletter,
        subscribers: replace(newsletter['subscribers'], 61, { restricted: true }),
      },
      billing,
    });
    const { results } = await checkConsent(h.store.db, h.requests, {
      purpose: 'newsletter',
      subjects: [{ subject: { email: ANA } }, { subject: { email: 'bruno@example.com' } }],
    });
    expect(results.map((r) => r.reason)).toEqual(['restricted', 'no-consent']);
  });
});
