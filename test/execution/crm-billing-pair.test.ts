import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { openKeys } from '../../src/cli/server-keys.js';
import type { Connector } from '../../src/datastores/index.js';
import { openConnector } from '../../src/datastores/index.js';
import {
  certificateKey,
  runRequest,
  storedCertificate,
  verifyCertificate,
  type ErasureCertificate,
  type ExecutionContext,
  type PlanHold,
} from '../../src/execution/index.js';
import type { Kysely } from 'kysely';
import type { DataMap } from '../../src/map/index.js';
import {
  approveRequest,
  getRequest,
  openRequest,
  type RequestContext,
} from '../../src/requests/index.js';
import {
  certificateSigningKey,
  migrate,
  openStore,
  serverSecret,
  unsealBytes,
  type Database,
  type Store,
} from '../../src/store/index.js';
import {
  BILLING_NOW,
  BILLING_TABLES,
  createBilling,
  CRM_PEOPLE,
  type BillingEngine,
  type BillingFixture,
} from '../support/billing/index.js';
import { createCrm, type CrmFixture } from '../support/crm/index.js';
import { MYSQL_URL } from '../support/mysql.js';
import { freshDatabase, freshStore, POSTGRES_URL, TARGETS } from '../support/stores.js';
import { bestmixMap } from '../integration/harness.js';

/**
 * The proof of issue 10 for requests, on a pair of databases one map declares at once: the CRM
 * (test/support/crm) and billing (test/support/billing, with its customers as the CRM's people:
 * crm-people.sql), on PostgreSQL and MariaDB, and the other way round. Ana Martin is in both, in
 * three cases in the CRM and a fourth in billing; Bruno (whom she referred) and Carla (who
 * referred her) are in both too, Dirk only in the CRM. Row by row, from full snapshots of every
 * table before and after: an access request finds all of Ana's rows in both and nobody else's; an
 * erasure takes hers, detaches Bruno's reference to her and keeps her held invoice whole (GDPR
 * Art. 17(3)(b)); and an erasure SIGKILLed half-way ends, once run again, exactly as an
 * uninterrupted one, with the same certificate.
 */

type Rows = Record<string, Record<string, unknown>[]>;

/** The pair, with each database's engine. */
interface Pair {
  readonly crm: 'postgres' | 'mysql';
  readonly billing: BillingEngine;
}

const PAIRS: Pair[] =
  POSTGRES_URL === undefined || MYSQL_URL === undefined
    ? []
    : [
        { crm: 'postgres', billing: 'mysql' },
        { crm: 'mysql', billing: 'postgres' },
      ];

/** The email Ana gives, in none of the cases the databases hold it in. */
const ANA = 'Ana.MARTIN@example.com';

/** Both databases, seeded with the same people. */
interface Databases {
  readonly crm: CrmFixture;
  readonly billing: BillingFixture;
  readonly env: Record<string, string>;
  /** Every row of every table of both, keyed `crm.contacts`, `billing.invoices`... */
  readonly rows: () => Promise<Rows>;
  readonly drop: () => Promise<void>;
}

async function databases(pair: Pair): Promise<Databases> {
  const crm = await createCrm(pair.crm);
  const billing = await createBilling(pair.billing, await readFile(CRM_PEOPLE, 'utf8'));
  return {
    crm,
    billing,
    env: { ...crm.options.env, ...billing.env },
    rows: async () => {
      const all: Rows = {};
      for (const [table, rows] of Object.entries(await crm.rows())) all[`crm.${table}`] = rows;
      for (const [table, rows] of Object.entries(await billing.rows())) {
        all[`billing.${table}`] = rows;
      }
      return all;
    },
    drop: async () => {
      await crm.drop();
      await billing.drop();
    },
  };
}

/** The primary key of a row of `table` (`crm.contacts`...), as text. */
function keyOf(table: string, row: Readonly<Record<string, unknown>>): string {
  const name = table.slice(table.indexOf('.') + 1);
  const key = table.startsWith('billing.') ? (BILLING_TABLES[name] ?? ['id']) : ['id'];
  return JSON.stringify(key.map((column) => Number(row[column])));
}

/**
 * Whether a row is Ana's, from the snapshot itself: her contacts and customer by email in any
 * case, then what hangs off them (addresses, notes; invoices, their lines, payments, refunds).
 */
function anasRows(rows: Rows): (table: string, row: Readonly<Record<string, unknown>>) => boolean {
  const hers = (row: Readonly<Record<string, unknown>>): boolean =>
    String(row['email']).toLowerCase() === ANA.toLowerCase();
  const ids = (table: string, pick: (row: Readonly<Record<string, unknown>>) => boolean) =>
    new Set((rows[table] ?? []).filter(pick).map((row) => row['id']));
  const contacts = ids('crm.contacts', hers);
  const customers = ids('billing.customers', hers);
  const invoices = ids('billing.invoices', (row) => customers.has(row['customer_id']));
  const payments = ids('billing.payments', (row) => invoices.has(row['invoice_id']));
  return (table, row) => {
    switch (table) {
      case 'crm.contacts':
      case 'crm.signups':
      case 'billing.customers':
        return hers(row);
      case 'billing.invoices':
        return customers.has(row['customer_id']);
      case 'billing.invoice_lines':
      case 'billing.payments':
        return invoices.has(row['invoice_id']);
      case 'billing.refunds':
        return payments.has(row['payment_id']);
      default:
        return contacts.has(row['contact_id']);
    }
  };
}

/** Keys of the rows of every table that `pick` keeps. */
function keys(rows: Rows, pick: (table: string, row: Record<string, unknown>) => boolean) {
  return Object.fromEntries(
    Object.entries(rows).map(([table, list]) => [
      table,
      list.filter((row) => pick(table, row)).map((row) => keyOf(table, row)),
    ]),
  );
}

/** The rows an erasure of Ana leaves, from the rows before it. */
function afterErasure(before: Rows): Rows {
  const ana = anasRows(before);
  const after: Rows = {};
  for (const [table, rows] of Object.entries(before)) {
    after[table] = rows.flatMap((row) => {
      if (table === 'crm.contacts' && !ana(table, row) && row['referred_by'] === 1) {
        // Bruno's reference to her is detached; his row stays.
        return [{ ...row, referred_by: null }];
      }
      if (!ana(table, row)) return [row];
      if (!table.startsWith('billing.')) return [];
      // Her customer row stays without her data, for the held invoice that references it.
      if (table === 'billing.customers') return [{ ...row, email: null, name: null }];
      // The invoice of 2023 is held with everything part of it; that of 2015 goes.
      const held =
        (table === 'billing.invoices' && row['id'] === 10) ||
        (table !== 'billing.invoices' && (row['invoice_id'] === 10 || row['payment_id'] === 100));
      return held ? [row] : [];
    });
  }
  return after;
}

/** The map both setups run under: the demo map, declaring the pair's two datastores. */
async function pairMap(dbs: Databases): Promise<DataMap> {
  return { ...(await bestmixMap()), datastores: [dbs.crm.datastore, dbs.billing.datastore] };
}

/** Opens a request of Ana's as an operator, and approves it when it waits for approval. */
async function openAnas(db: Kysely<Database>, ctx: RequestContext, type: string): Promise<string> {
  const opened = await openRequest(db, ctx, { type, email: ANA, country: 'BE', operator: true });
  if (opened.status === 'awaiting-approval') await approveRequest(db, ctx, opened.requestId);
  return opened.requestId;
}

const REASON = 'Accounting law: invoices are kept for 10 years from their issue date';
const BASIS = 'BE WIB 92 art. 315';
const UNTIL = '2033-03-09';

/** The holds of Ana's erasure: her invoice of 2023 and what is part of it. */
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

/** What a certificate says, without what differs between two requests: the id and the times. */
function statement(certificate: ErasureCertificate | undefined): object {
  if (certificate === undefined) throw new Error('no certificate');
  const { requestId, planComputedAt, completedAt, ...rest } = certificate.body;
  expect([requestId, planComputedAt, completedAt].every((v) => v.length > 0)).toBe(true);
  return rest;
}

/** The pair in one process, with a Custodian and a map declaring both datastores. */
interface World {
  readonly dbs: Databases;
  readonly store: Store;
  readonly ctx: ExecutionContext;
  /** Opens (and approves) a request of Ana's, as an operator. */
  open(type: string): Promise<string>;
  close(): Promise<void>;
}

const worlds: World[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
});

async function world(pair: Pair): Promise<World> {
  const dbs = await databases(pair);
  const store = await freshStore(TARGETS.at(-1) ?? 'pglite');
  const crm = await dbs.crm.connect();
  const billing = await openConnector(dbs.billing.datastore, { mapDir: '/', env: dbs.billing.env });
  const { secret, signingKey } = await openKeys(store.db, {});
  const ctx: ExecutionContext = {
    db: store.db,
    map: await pairMap(dbs),
    secret,
    signingKey,
    now: () => BILLING_NOW,
    actor: 'cli',
    connectors: new Map<string, Connector>([
      ['crm', crm],
      ['billing', billing],
    ]),
  };
  const made: World = {
    dbs,
    store,
    ctx,
    open: (type) => openAnas(store.db, ctx, type),
    close: async () => {
      await crm.close();
      await billing.close();
      await store.close();
      await dbs.drop();
    },
  };
  worlds.push(made);
  return made;
}

const CHILD = fileURLToPath(new URL('../integration/erasure-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** One server secret for every run, so the certificates can be compared. */
const SECRET = randomBytes(32).toString('hex');

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

/** Runs the erasure child (test/integration/erasure-child.ts); SIGKILLs it once it prints `killAt`. */
function runChild(setup: object, killAt?: string): Promise<Exit> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: { ...process.env, CUSTODIAN_CHILD: JSON.stringify(setup), CUSTODIAN_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // Not a timing assertion: a child stuck for this long is killed, and the test then fails.
  const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
  const listen = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    if (killAt !== undefined && output.includes(killAt)) child.kill('SIGKILL');
  };
  child.stdout.on('data', listen);
  child.stderr.on('data', listen);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

/** Where a run is killed: as the second datastore's `apply` begins, or after the first commits. */
type Kill = 'after the first datastore was checkpointed' | 'after the first datastore committed';

interface Finished {
  readonly before: Rows;
  readonly rows: Rows;
  readonly certificate: ErasureCertificate;
  readonly publicKey: string;
  readonly status: string;
  readonly steps: number;
}

/**
 * An approved erasure of Ana on a fresh pair, run by child processes over a Custodian database on
 * PostgreSQL: run once, or SIGKILLed at `kill` and run again.
 */
async function erase(pair: Pair, kill?: Kill): Promise<Finished> {
  const dbs = await databases(pair);
  const custodian = await freshDatabase();
  const open = (): Promise<Store> => openStore({ url: custodian.url, poolSize: 2 });
  try {
    const before = await dbs.rows();
    let store = await open();
    let requestId: string;
    try {
      await migrate(store.db);
      requestId = await openAnas(
        store.db,
        {
          map: await pairMap(dbs),
          secret: await serverSecret(store.db, SECRET),
          now: () => new Date(),
          actor: 'cli:operator',
        },
        'erasure',
      );
    } finally {
      await store.close();
    }
    const setup = {
      store: { url: custodian.url },
      datastores: [dbs.crm.datastore, dbs.billing.datastore],
      env: dbs.env,
      requestId,
    };
    if (kill !== undefined) {
      const killed =
        kill === 'after the first datastore committed'
          ? await runChild({ ...setup, crashAfter: 1 }, 'applied 1\n')
          : await runChild({ ...setup, crashBefore: 2 }, 'applying 2\n');
      expect(killed.signal, killed.output).toBe('SIGKILL');
      // Half-way: one datastore changed, the other not, and nothing certified.
      const half = await dbs.rows();
      const changed = ['crm', 'billing'].filter((id) =>
        Object.keys(half).some(
          (table) => table.startsWith(`${id}.`) && !isDeepStrictEqual(half[table], before[table]),
        ),
      );
      expect(changed).toHaveLength(1);
      store = await open();
      try {
        expect((await getRequest(store.db, requestId)).status).toBe('running');
        expect(await storedCertificate({ db: store.db }, requestId)).toBeUndefined();
        const checkpointed = new Set(
          (await store.db.selectFrom('erasure_steps').select('datastore').execute()).map(
            (row) => row.datastore,
          ),
        );
        expect([...checkpointed]).toEqual(
          kill === 'after the first datastore committed' ? [] : changed,
        );
      } finally {
        await store.close();
      }
    }
    const run = await runChild(setup);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('done completed');
    store = await open();
    try {
      const certificate = await storedCertificate({ db: store.db }, requestId);
      if (certificate === undefined) throw new Error('no certificate');
      return {
        before,
        rows: await dbs.rows(),
        certificate,
        publicKey: certificateKey(await certificateSigningKey(store.db)).publicKey,
        status: (await getRequest(store.db, requestId)).status,
        steps: (await store.db.selectFrom('erasure_steps').select('step').execute()).length,
      };
    } finally {
      await store.close();
    }
  } finally {
    await custodian.drop();
    await dbs.drop();
  }
}

describe.skipIf(PAIRS.length === 0).each(PAIRS)(
  'the CRM on $crm and billing on $billing, in one map',
  (pair) => {
    it('agrees on who is who: Ana, Bruno and Carla in both, in different cases', async () => {
      const w = await world(pair);
      const rows = await w.dbs.rows();
      const emails = (table: string): string[] =>
        (rows[table] ?? []).map((row) => String(row['email']).toLowerCase());
      for (const person of ['ana.martin@example.com', 'bruno@example.com', 'carla@example.com']) {
        expect(emails('crm.contacts'), person).toContain(person);
        expect(emails('billing.customers'), person).toContain(person);
      }
      // Ana's four spellings, none the one she gives.
      const spellings = [...(rows['crm.contacts'] ?? []), ...(rows['crm.signups'] ?? [])]
        .concat(rows['billing.customers'] ?? [])
        .map((row) => String(row['email']))
        .filter((email) => email.toLowerCase() === ANA.toLowerCase());
      expect(new Set(spellings).size).toBe(4);
      expect(spellings).not.toContain(ANA);
    }, 120_000);

    it('finds every row of Ana in both databases, held ones included, and nothing of anyone else', async () => {
      const w = await world(pair);
      const before = await w.dbs.rows();
      const ana = anasRows(before);
      const hers = keys(before, ana);
      // The fixture's people, so a wrong predicate cannot make this pass.
      expect(hers).toEqual({
        'crm.contacts': ['[1]', '[5]'],
        'crm.signups': ['[1]'],
        'crm.addresses': ['[10]', '[12]'],
        'crm.billing_addresses': ['[20]'],
        'crm.notes': ['[30]', '[31]'],
        'billing.customers': ['[1]'],
        'billing.invoices': ['[10]', '[11]'],
        'billing.invoice_lines': ['[10,1]', '[10,2]', '[11,1]', '[11,2]'],
        'billing.payments': ['[100]', '[101]'],
        'billing.refunds': ['[1000]'],
      });

      const access = await runRequest(w.ctx, await w.open('access'));
      if (access.dryRun) throw new Error('a dry run');
      expect(access.record.status).toBe('completed');
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
        datastores: Record<string, Record<string, Record<string, unknown>[]>>;
        held: unknown[];
      };
      const packaged: Rows = {};
      for (const table of Object.keys(before)) {
        const [datastore = '', collection = ''] = table.split('.');
        packaged[table] = data.datastores[datastore]?.[collection] ?? [];
      }
      // Row by row: exactly her rows, whatever the case of their email, and nobody else's.
      expect(keys(packaged, () => true)).toEqual(hers);
      // Her emails as each database holds them.
      for (const table of ['crm.contacts', 'crm.signups', 'billing.customers']) {
        expect(packaged[table]?.map((row) => row['email'])).toEqual(
          (before[table] ?? []).filter((row) => ana(table, row)).map((row) => row['email']),
        );
      }
      // Bruno's reference to her is not a row of hers; Carla's contact is not either.
      expect(packaged['crm.contacts']?.map((row) => row['full_name'])).toEqual([
        'Ana Martin',
        'A. Martin',
      ]);
      // The held invoice and what is part of it are in the package, and said to be held.
      expect(data.held).toEqual(HOLDS);
      // Nothing changed.
      expect(await w.dbs.rows()).toEqual(before);
    }, 120_000);

    it('erases her rows in both, detaches Bruno, keeps the held invoice whole and changes nothing else', async () => {
      const w = await world(pair);
      const before = await w.dbs.rows();
      const id = await w.open('erasure');
      const done = await runRequest(w.ctx, id);
      if (done.dryRun) throw new Error('a dry run');
      expect(done.record.status).toBe('completed');

      const after = await w.dbs.rows();
      expect(after).toEqual(afterErasure(before));
      // What that says, spelled out against the snapshot before.
      expect(before['crm.contacts']?.find((row) => row['id'] === 2)?.['referred_by']).toBe(1);
      expect(after['crm.contacts']?.find((row) => row['id'] === 2)?.['referred_by']).toBeNull();
      expect(keys(after, (table) => table.startsWith('crm.'))).toEqual({
        ...keys(before, (table) => table.startsWith('crm.')),
        'crm.contacts': ['[2]', '[3]', '[4]'],
        'crm.signups': ['[2]', '[3]'],
        'crm.addresses': ['[11]', '[13]'],
        'crm.billing_addresses': ['[21]'],
        'crm.notes': ['[32]', '[33]', '[34]'],
        ...Object.fromEntries(Object.keys(BILLING_TABLES).map((table) => [`billing.${table}`, []])),
      });
      expect(after['billing.customers']).toEqual([
        { id: 1, email: null, name: null },
        ...(before['billing.customers'] ?? []).filter((row) => row['id'] !== 1),
      ]);
      expect(keys(after, (table) => table.startsWith('billing.'))).toMatchObject({
        'billing.invoices': ['[10]', '[20]', '[30]'],
        'billing.invoice_lines': ['[10,1]', '[10,2]', '[20,1]', '[30,1]'],
        'billing.payments': ['[100]', '[200]', '[300]'],
        'billing.refunds': ['[1000]'],
      });

      // GDPR Art. 17(3)(b): the certificate says what was kept, why, on what basis, until when.
      const certificate = await storedCertificate(w.ctx, id);
      expect(certificate?.body.holds).toEqual(HOLDS);
      const billing = certificate?.body.datastores.find((d) => d.id === 'billing');
      expect(billing?.collections.find((c) => c.name === 'customers')).toMatchObject({
        found: 1,
        anonymised: 1,
        deleted: 0,
      });
    }, 120_000);

    it.each([
      'after the first datastore was checkpointed',
      'after the first datastore committed',
    ] as const)(
      'ends in the same state with the same certificate when SIGKILLed %s and run again',
      async (kill) => {
        const uninterrupted = await erase(pair);
        expect(uninterrupted.rows).toEqual(afterErasure(uninterrupted.before));
        expect(uninterrupted.certificate.body.holds).toEqual(HOLDS);

        const resumed = await erase(pair, kill);
        expect(resumed.before).toEqual(uninterrupted.before);
        expect(resumed.status).toBe('completed');
        expect(resumed.steps).toBe(uninterrupted.steps);
        expect(resumed.rows).toEqual(uninterrupted.rows);
        expect(verifyCertificate(resumed.certificate, resumed.publicKey)).toBe(true);
        expect(statement(resumed.certificate)).toEqual(statement(uninterrupted.certificate));
        expect(resumed.certificate.body.holds).toEqual(HOLDS);
      },
      240_000,
    );
  },
);
