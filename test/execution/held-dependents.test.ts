import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { openKeys } from '../../src/cli/server-keys.js';
import type { Connector } from '../../src/datastores/index.js';
import { openConnector } from '../../src/datastores/index.js';
import {
  runRequest,
  storedCertificate,
  type ErasureCertificate,
  type ExecutionContext,
  type PlanHold,
} from '../../src/execution/index.js';
import { approveRequest, getRequest, openRequest } from '../../src/requests/index.js';
import { unsealBytes, type Store } from '../../src/store/index.js';
import {
  BILLING_NOW,
  billingEngines,
  createBilling,
  type BillingFixture,
  type BillingRows,
} from '../support/billing/index.js';
import { LEDGER_MAP } from '../ledger/fixture.js';
import { freshStore, TARGETS } from '../support/stores.js';

/**
 * GDPR Art. 17(3)(b): a record the law asks to keep is kept whole. Ana's invoice of 2023 is under
 * a ten-year hold: it stays with its lines, its payment and that payment's refund (declared
 * `partOf`), while her invoice of 2015, whose hold ended, goes with its lines and payment; her
 * customer row, which the held invoice references, is anonymised; Bruno's rows do not change.
 * Row by row, on PostgreSQL and MariaDB.
 */

const REASON = 'Accounting law: invoices are kept for 10 years from their issue date';
const BASIS = 'BE WIB 92 art. 315';
const UNTIL = '2033-03-09';

interface World {
  readonly billing: BillingFixture;
  readonly store: Store;
  readonly ctx: ExecutionContext;
  /** Moves the clock. */
  at(now: Date): void;
  /** Opens (and approves) a request of Ana's, as an operator. */
  open(type: string): Promise<string>;
  close(): Promise<void>;
}

const worlds: World[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
});

async function world(
  engine: 'postgres' | 'mysql',
  wrap: (connector: Connector) => Connector = (c) => c,
): Promise<World> {
  const billing = await createBilling(engine);
  const store = await freshStore(TARGETS.at(-1) ?? 'pglite');
  const connector = await openConnector(billing.datastore, { mapDir: '/', env: billing.env });
  const { secret, signingKey } = await openKeys(store.db, {});
  let now = BILLING_NOW;
  const ctx: ExecutionContext = {
    db: store.db,
    map: { ...LEDGER_MAP, datastores: [billing.datastore] },
    secret,
    signingKey,
    now: () => now,
    actor: 'cli',
    connectors: new Map([[billing.datastore.id, wrap(connector)]]),
  };
  const made: World = {
    billing,
    store,
    ctx,
    at: (next) => {
      now = next;
    },
    open: async (type) => {
      const opened = await openRequest(store.db, ctx, {
        type,
        email: 'ana@example.com',
        country: 'BE',
        operator: true,
      });
      if (opened.status === 'awaiting-approval') {
        await approveRequest(store.db, ctx, opened.requestId);
      }
      return opened.requestId;
    },
    close: async () => {
      await connector.close();
      await store.close();
      await billing.drop();
    },
  };
  worlds.push(made);
  return made;
}

/** The rows an erasure of Ana leaves, from the rows before it. */
function afterErasure(before: BillingRows): BillingRows {
  return {
    customers: (before['customers'] ?? []).map((row) =>
      row['id'] === 1 ? { ...row, email: null, name: null } : row,
    ),
    invoices: (before['invoices'] ?? []).filter((row) => row['id'] !== 11),
    invoice_lines: (before['invoice_lines'] ?? []).filter((row) => row['invoice_id'] !== 11),
    payments: (before['payments'] ?? []).filter((row) => row['id'] !== 101),
    refunds: before['refunds'] ?? [],
  };
}

/** The holds the dry run, the summary and the certificate list. */
const HOLDS: PlanHold[] = [
  {
    datastore: 'billing',
    collection: 'invoices',
    reason: REASON,
    basis: BASIS,
    rows: 1,
    ends: [{ until: UNTIL, rows: 1 }],
  },
  ...(
    [
      ['invoice_lines', 2],
      ['payments', 1],
      ['refunds', 1],
    ] as const
  ).map(([collection, rows]) => ({
    datastore: 'billing',
    collection,
    reason: REASON,
    basis: BASIS,
    rows,
    ends: [{ until: UNTIL, rows }],
    keptWith: 'invoices',
  })),
];

/** What a certificate says, without the request id and the times. */
function statement(certificate: ErasureCertificate | undefined): object {
  if (certificate === undefined) throw new Error('no certificate');
  const { requestId, planComputedAt, completedAt, ...rest } = certificate.body;
  expect([requestId, planComputedAt, completedAt].every((v) => v.length > 0)).toBe(true);
  return rest;
}

const engines = billingEngines();

describe.skipIf(engines.length === 0).each(engines.map((engine) => ({ engine })))(
  'a held invoice on $engine',
  ({ engine }) => {
    it('keeps the held invoice with its lines, payment and refund, and erases the expired one whole', async () => {
      const w = await world(engine);
      const before = await w.billing.rows();
      expect(before['invoice_lines']).toHaveLength(5);
      const id = await w.open('erasure');

      const dry = await runRequest(w.ctx, id, { dryRun: true });
      if (!dry.dryRun) throw new Error('not a dry run');
      expect(dry.holds).toEqual(HOLDS);
      const lines = dry.collections.find((c) => c.collection === 'invoice_lines');
      expect(lines).toMatchObject({ found: 4, held: 2, op: 'delete', rows: 2 });
      expect(await w.billing.rows()).toEqual(before);

      const done = await runRequest(w.ctx, id);
      if (done.dryRun) throw new Error('a dry run');
      expect(done.record.status).toBe('completed');
      expect(done.summary['held']).toBe(5);
      expect(done.summary['holds']).toEqual(
        HOLDS.map(({ ends, ...hold }) => ({ ...hold, until: ends.at(-1)?.until })),
      );
      expect(await w.billing.rows()).toEqual(afterErasure(before));

      const certificate = await storedCertificate(w.ctx, id);
      expect(certificate?.body.holds).toEqual(HOLDS);
      const collections = certificate?.body.datastores[0]?.collections ?? [];
      expect(collections.find((c) => c.name === 'customers')).toMatchObject({
        found: 1,
        anonymised: 1,
        deleted: 0,
      });
      expect(collections.find((c) => c.name === 'invoice_lines')).toMatchObject({
        found: 4,
        held: 2,
        deleted: 2,
      });
    });

    it('reports the held records to a later request that no longer reaches them by email, and erases them once their hold ended', async () => {
      const w = await world(engine);
      const before = await w.billing.rows();
      await runRequest(w.ctx, await w.open('erasure'));
      const erased = afterErasure(before);
      // The customer row that led to the held invoice no longer holds the email.
      expect(erased['customers']?.[0]).toMatchObject({ id: 1, email: null });

      const access = await runRequest(w.ctx, await w.open('access'));
      if (access.dryRun) throw new Error('a dry run');
      expect(access.summary['collections']).toEqual([
        { datastore: 'billing', collection: 'invoices', rows: 1 },
        { datastore: 'billing', collection: 'invoice_lines', rows: 2 },
        { datastore: 'billing', collection: 'payments', rows: 1 },
        { datastore: 'billing', collection: 'refunds', rows: 1 },
      ]);
      // Not a refusal: an access request reports holds but no `held` count (appeal.ts).
      expect(access.summary['held']).toBeUndefined();
      expect(access.summary['holds']).toEqual(
        HOLDS.map(({ ends, ...hold }) => ({ ...hold, until: ends.at(-1)?.until })),
      );

      // The package holds them, and says they are held, why and until when.
      const stored = await w.store.db
        .selectFrom('packages')
        .select(['id', 'content_sealed'])
        .executeTakeFirstOrThrow();
      const zip = unsealBytes(
        w.ctx.secret,
        stored.content_sealed ?? '',
        `packages.content_sealed:${stored.id}`,
      );
      const data = JSON.parse(strFromU8(unzipSync(zip)['data.json'] ?? new Uint8Array())) as {
        datastores: { billing: Record<string, { id?: number; invoice_id?: number }[]> };
        held: unknown[];
      };
      expect(data.datastores.billing['invoices']?.map((row) => row.id)).toEqual([10]);
      expect(data.datastores.billing['invoice_lines']?.map((row) => row.invoice_id)).toEqual([
        10, 10,
      ]);
      expect(data.held).toEqual(HOLDS);

      // A second erasure holds them again and changes nothing.
      const again = await w.open('erasure');
      const dry = await runRequest(w.ctx, again, { dryRun: true });
      if (!dry.dryRun) throw new Error('not a dry run');
      expect(dry.holds).toEqual(HOLDS);
      await runRequest(w.ctx, again);
      expect(await w.billing.rows()).toEqual(erased);
      expect((await storedCertificate(w.ctx, again))?.body.holds).toEqual(HOLDS);

      // The day after the hold ends, an erasure takes the invoice with everything part of it.
      w.at(new Date('2033-03-10T09:00:00Z'));
      const late = await w.open('erasure');
      await runRequest(w.ctx, late);
      expect(await w.billing.rows()).toEqual({
        ...erased,
        invoices: (erased['invoices'] ?? []).filter((row) => row['id'] !== 10),
        invoice_lines: (erased['invoice_lines'] ?? []).filter((row) => row['invoice_id'] !== 10),
        payments: (erased['payments'] ?? []).filter((row) => row['id'] !== 100),
        refunds: [],
      });
      expect((await storedCertificate(w.ctx, late))?.body.holds).toEqual([]);
      // Nothing is held for Ana any more, so nothing is remembered.
      expect(await w.store.db.selectFrom('held_records').selectAll().execute()).toEqual([]);
    });

    it.each([
      {
        moment: 'inside the transaction, its statements run but not committed',
        changed: false,
        wrap: (connector: Connector, crash: () => boolean): Connector => ({
          ...connector,
          apply: (changes, options) =>
            connector.apply(changes, {
              ...options,
              beforeCommit: async () => {
                await options?.beforeCommit?.();
                if (crash()) throw new Error('crash');
              },
            }),
        }),
      },
      {
        moment: 'after the commit, before the checkpoint',
        changed: true,
        wrap: (connector: Connector, crash: () => boolean): Connector => ({
          ...connector,
          apply: async (changes, options) => {
            const touched = await connector.apply(changes, options);
            if (crash()) throw new Error('crash');
            return touched;
          },
        }),
      },
    ])(
      'ends in the same state with the same certificate when the erasure crashed $moment',
      async ({ changed, wrap }) => {
        const clean = await world(engine);
        const before = await clean.billing.rows();
        const cleanId = await clean.open('erasure');
        await runRequest(clean.ctx, cleanId);
        const uninterrupted = await storedCertificate(clean.ctx, cleanId);

        let crashes = 1;
        const w = await world(engine, (connector) => wrap(connector, () => crashes-- > 0));
        const id = await w.open('erasure');
        // Inside the transaction the connector reports the failure as its own.
        await expect(runRequest(w.ctx, id)).rejects.toThrow(/crash|applying changes/);
        expect((await getRequest(w.store.db, id)).status).toBe('failed');
        expect(await storedCertificate(w.ctx, id)).toBeUndefined();
        expect(await w.store.db.selectFrom('erasure_steps').selectAll().execute()).toEqual([]);
        // The plan was frozen before anything could commit.
        expect(await w.store.db.selectFrom('erasure_plans').select('request_id').execute()).toEqual(
          [{ request_id: id }],
        );
        expect(await w.billing.rows()).toEqual(changed ? afterErasure(before) : before);

        const rerun = await runRequest(w.ctx, id);
        if (rerun.dryRun) throw new Error('a dry run');
        expect(rerun.record.status).toBe('completed');
        expect(await w.billing.rows()).toEqual(afterErasure(before));
        const certificate = await storedCertificate(w.ctx, id);
        expect(statement(certificate)).toEqual(statement(uninterrupted));
        expect(certificate?.body.holds).toEqual(HOLDS);
      },
    );
  },
);
