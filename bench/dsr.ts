/**
 * Data-subject requests for one person on a 30-table shop with 1M-row tables, beside the
 * hand-written SQL a developer would run for the same rows, in the same run:
 *
 * - access: Custodian's breadth-first search (`findPerson`: 35 reads in 3 rounds, each round one
 *   statement on PostgreSQL and PGlite) vs one hand-written select per table, by the indexed
 *   columns that lead from the person's email to each table (30 statements)
 * - erasure: Custodian's search, plan, frozen plan, one transaction of changes, checkpoints with
 *   evidence, suppression and a signed certificate (`freezeAndApply`) vs the data work alone by
 *   hand: the same finds (keys only) and deletes by key, children first, in one transaction
 * - erasure, data work only: Custodian's search and its one transaction beside the same
 *   hand-written erasure, so the bookkeeping's share is plain; stderr splits the rest
 *
 * The schema is indexed as a real shop's would be: every column a person is found by (email,
 * phone, customer id, order id) has an index. Tables are generated in the database with
 * generate_series, not inserted from JavaScript. Sizes scale with BENCH_SCALE: at 1, five core
 * tables of 1M rows (customers, their emails, addresses, orders, order lines) and 25 more of 100k.
 * The live schema is read once beforehand; a run reads it once too (connectors are opened per
 * run), and stderr prints what that costs beside the rows.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import {
  pgliteConnector,
  postgresConnector,
  type Connector,
  type LiveSchema,
} from '../src/datastores/index.js';
import {
  erasureHashKey,
  findPerson,
  freezeAndApply,
  planErasure,
  type ExecutionContext,
} from '../src/execution/index.js';
import { Datastore, loadSource, type DataMap } from '../src/map/index.js';
import { openRequest } from '../src/requests/index.js';
import {
  certificateSigningKey,
  migrate,
  openStore,
  serverSecret,
  type Store,
} from '../src/store/index.js';

const SCALE = Number(process.env['BENCH_SCALE'] ?? '1');
/** Rows of the five core tables. */
const BIG = Math.max(1_000, Math.round(1_000_000 * SCALE));
/** Rows of each of the 25 other tables. */
const SMALL = Math.max(100, Math.round(BIG / 10));
/** Erasures timed each way (an erased person is gone, so one person each); the fastest counts. */
const ERASURES = 10;
/** The people measured: the first ERASURES erased through Custodian, the others by hand. */
const PEOPLE = Array.from({ length: 2 * ERASURES }, (_, index) => index + 1);
const THROUGH_CUSTODIAN = PEOPLE.slice(0, ERASURES);
/** Read-only work is timed this many times, alternating people; the fastest run counts. */
const RUNS = 10;

/** One result line, as bench/run.ts prints it. */
export interface DsrRow {
  readonly bench: string;
  readonly target: string;
  readonly size: number;
  readonly custodianMs: number;
  readonly rawMs: number;
}

/** The 25 tables beyond the core, each hanging off a customer, an order or a support ticket. */
const SATELLITES: readonly { readonly name: string; readonly parent: Parent }[] = [
  { name: 'logins', parent: 'customers' },
  { name: 'sessions', parent: 'customers' },
  { name: 'page_views', parent: 'customers' },
  { name: 'cart_items', parent: 'customers' },
  { name: 'wishlist_items', parent: 'customers' },
  { name: 'reviews', parent: 'customers' },
  { name: 'support_tickets', parent: 'customers' },
  { name: 'ticket_messages', parent: 'support_tickets' },
  { name: 'consents', parent: 'customers' },
  { name: 'notifications', parent: 'customers' },
  { name: 'devices', parent: 'customers' },
  { name: 'push_tokens', parent: 'customers' },
  { name: 'payment_methods', parent: 'customers' },
  { name: 'refunds', parent: 'orders' },
  { name: 'shipments', parent: 'orders' },
  { name: 'returns', parent: 'orders' },
  { name: 'loyalty_points', parent: 'customers' },
  { name: 'coupon_redemptions', parent: 'customers' },
  { name: 'search_history', parent: 'customers' },
  { name: 'recommendations', parent: 'customers' },
  { name: 'survey_answers', parent: 'customers' },
  { name: 'chat_messages', parent: 'customers' },
  { name: 'referrals', parent: 'customers' },
  { name: 'gift_cards', parent: 'customers' },
  { name: 'subscriptions', parent: 'customers' },
];

type Parent = 'customers' | 'orders' | 'support_tickets';

const PARENT_COLUMN: Readonly<Record<Parent, string>> = {
  customers: 'customer_id',
  orders: 'order_id',
  support_tickets: 'ticket_id',
};

/** A query runner over either driver. */
interface Sql {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  exec(text: string): Promise<void>;
  /** Runs `work` in one transaction. */
  transaction(work: (sql: Pick<Sql, 'query'>) => Promise<void>): Promise<void>;
}

function pgliteSql(db: PGlite): Sql {
  return {
    query: async (text, params) => ({
      rows: (await db.query<Record<string, unknown>>(text, params)).rows,
    }),
    exec: async (text) => {
      await db.exec(text);
    },
    transaction: async (work) => {
      await db.transaction(async (tx) => {
        await work({
          query: async (text, params) => ({
            rows: (await tx.query<Record<string, unknown>>(text, params)).rows,
          }),
        });
      });
    },
  };
}

function postgresSql(pool: pg.Pool): Sql {
  return {
    query: (text, params) => pool.query<Record<string, unknown>>(text, params),
    exec: async (text) => {
      await pool.query(text);
    },
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await work({
          query: (text, params) => client.query<Record<string, unknown>>(text, params),
        });
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

// —— the schema ——

const DDL = [
  `create table customers (id integer primary key, email text not null, phone text,
     name text not null, created_at timestamptz not null)`,
  `create table customer_emails (customer_id integer not null, email text not null,
     primary key (customer_id, email))`,
  `create table addresses (id integer primary key, customer_id integer not null,
     line1 text not null, city text not null)`,
  `create table orders (id integer primary key, customer_id integer not null,
     address_id integer, placed_at timestamptz not null, total numeric(10, 2) not null)`,
  `create table order_lines (order_id integer not null, line_no integer not null,
     product_id integer not null, quantity integer not null, unit_price numeric(10, 2) not null,
     primary key (order_id, line_no))`,
  ...SATELLITES.map(
    ({ name, parent }) =>
      `create table ${name} (id integer primary key, ${PARENT_COLUMN[parent]} integer not null,
         payload text not null, at timestamptz not null)`,
  ),
];

/** Rows generated in the database: the person's own rows come later, with ids above these. */
function generate(): string[] {
  // Spread rows over customers (and orders, tickets) with a multiplicative step, as real data is.
  const spread = (i: string, over: number): string => `((${i}::bigint * 7919) % ${over}) + 1`;
  return [
    `insert into customers select i, 'c' || i || '@example.com', '+32 400 ' || i, 'Customer ' || i,
       timestamptz '2020-01-01' + i * interval '1 minute' from generate_series(1, ${BIG}) i`,
    `insert into customer_emails select i, 'alt' || i || '@example.com' from generate_series(1, ${BIG}) i`,
    `insert into addresses select i, ${spread('i', BIG)}, 'Street ' || i, 'Gent'
       from generate_series(1, ${BIG}) i`,
    `insert into orders select i, ${spread('i', BIG)}, i, timestamptz '2024-01-01' + i * interval '1 second',
       (i % 500) + 0.99 from generate_series(1, ${BIG}) i`,
    `insert into order_lines select i, 1, (i % 300) + 1, 1 + i % 3, (i % 50) + 0.5
       from generate_series(1, ${BIG}) i`,
    ...SATELLITES.map(
      ({ name, parent }) =>
        `insert into ${name} select i, ${spread('i', parent === 'support_tickets' ? SMALL : BIG)},
           md5(i::text), timestamptz '2025-01-01' + i * interval '1 second'
           from generate_series(1, ${SMALL}) i`,
    ),
  ];
}

/** Indexes and foreign keys, made after the load as a bulk import would. */
function constraints(): string[] {
  return [
    `create unique index customers_email on customers (email)`,
    `create index customers_phone on customers (phone)`,
    `create unique index customer_emails_email on customer_emails (email)`,
    `create index addresses_customer on addresses (customer_id)`,
    `create index orders_customer on orders (customer_id)`,
    `create index orders_address on orders (address_id)`,
    // NOT VALID: enforced for every change from now on, without re-reading the generated rows.
    `alter table customer_emails add foreign key (customer_id) references customers (id) not valid`,
    `alter table addresses add foreign key (customer_id) references customers (id) not valid`,
    `alter table orders add foreign key (customer_id) references customers (id) not valid`,
    `alter table orders add foreign key (address_id) references addresses (id) not valid`,
    `alter table order_lines add foreign key (order_id) references orders (id) not valid`,
    ...SATELLITES.flatMap(({ name, parent }) => [
      `create index ${name}_${PARENT_COLUMN[parent]} on ${name} (${PARENT_COLUMN[parent]})`,
      `alter table ${name} add foreign key (${PARENT_COLUMN[parent]}) references ${parent} (id) not valid`,
    ]),
    // As after a bulk import: statistics, and every row's visibility settled, so no background
    // vacuum or first-read hint-bit writes run during the timed work.
    'vacuum analyze',
  ];
}

function email(person: number): string {
  return `bench.person.${person}@example.com`;
}

/** Person `p`'s ids: customer BIG+p; ten ids per person above BIG (or SMALL) for their other rows. */
function ids(person: number) {
  const base = (over: number): number => over + person * 10;
  return { customer: BIG + person, big: base(BIG), small: base(SMALL) };
}

/** The rows of one person: 2 emails, 2 addresses, 3 orders of 3 lines, 3 rows in every other table. */
async function insertPerson(sql: Sql, person: number): Promise<void> {
  const { customer, big, small } = ids(person);
  const statements: [string, unknown[]][] = [
    [
      `insert into customers values ($1, $2, $3, $4, now())`,
      [customer, email(person), `+32 499 00 00 ${person}`, `Bench Person ${person}`],
    ],
    [
      `insert into customer_emails values ($1, $2), ($1, $3)`,
      [customer, email(person), `bench.person.${person}.alt@example.com`],
    ],
    [
      `insert into addresses values ($1, $3, 'Veldstraat 1', 'Gent'), ($2, $3, 'Kouter 2', 'Gent')`,
      [big + 1, big + 2, customer],
    ],
  ];
  for (let o = 1; o <= 3; o++) {
    statements.push([
      `insert into orders values ($1, $2, $3, now(), 12.50)`,
      [big + o, customer, big + 1],
    ]);
    statements.push([
      `insert into order_lines values ($1, 1, 1, 1, 4.5), ($1, 2, 2, 1, 4.5), ($1, 3, 3, 2, 1.75)`,
      [big + o],
    ]);
  }
  for (const { name, parent } of SATELLITES) {
    const parentId = parent === 'customers' ? customer : parent === 'orders' ? big + 1 : small + 1;
    for (let r = 1; r <= 3; r++) {
      statements.push([
        `insert into ${name} values ($1, $2, 'bench', now())`,
        [small + r, parentId],
      ]);
    }
  }
  for (const [text, params] of statements) await sql.query(text, params);
}

/** The declaration of the bench shop, as a company would write it. */
function declaration(connection: Datastore['connection'], type: 'pglite' | 'postgres'): Datastore {
  const child = (name: string, column: string, parent: string) => ({
    name,
    primaryKey: ['id'],
    references: [{ fields: [column], to: { collection: parent, fields: ['id'] } }],
  });
  return Datastore.parse({
    id: 'bench',
    type,
    connection,
    collections: [
      {
        name: 'customers',
        primaryKey: ['id'],
        fields: [
          { name: 'email', identity: 'email', categories: ['contact.email'] },
          { name: 'phone', identity: 'phone', categories: ['contact.phone'] },
          { name: 'name', categories: ['identity.name'] },
        ],
      },
      {
        name: 'customer_emails',
        primaryKey: ['customer_id', 'email'],
        fields: [{ name: 'email', identity: 'email', categories: ['contact.email'] }],
        references: [{ fields: ['customer_id'], to: { collection: 'customers', fields: ['id'] } }],
      },
      child('addresses', 'customer_id', 'customers'),
      {
        ...child('orders', 'customer_id', 'customers'),
        references: [
          { fields: ['customer_id'], to: { collection: 'customers', fields: ['id'] } },
          { fields: ['address_id'], to: { collection: 'addresses', fields: ['id'] } },
        ],
      },
      {
        name: 'order_lines',
        primaryKey: ['order_id', 'line_no'],
        references: [{ fields: ['order_id'], to: { collection: 'orders', fields: ['id'] } }],
      },
      ...SATELLITES.map(({ name, parent }) => child(name, PARENT_COLUMN[parent], parent)),
    ],
  });
}

/** The bench shop's map; its datastores are set per run (bench/scan.ts uses it too). */
export const SHOP_MAP = `
custodian: 1
notice: { version: '1', effectiveDate: 2026-01-01, languages: [en] }
organisation:
  name: Bench
  controllers:
    - id: bench
      legalName: Bench NV
      address: { street: Benchstraat 1, city: Gent, country: BE }
      contact: { email: privacy@example.com }
subjects: [{ id: customers, name: Customers }]
purposes:
  - id: orders
    name: Orders
    description: Selling and delivering what people order.
    subjects: [customers]
    categories: [contact.email, identity.name]
    legalBasis: contract
    retention: { duration: P2Y, from: last-interaction }
channels: [{ id: email, type: email, email: privacy@example.com }]
jurisdictions: [{ law: gdpr, channels: [email] }]
`;

// —— the hand-written SQL ——

/** The same reads by hand: the customer by email, then every table by its parent's ids. */
async function rawAccess(sql: Pick<Sql, 'query'>, person: number): Promise<number> {
  const [customer] = (await sql.query('select * from customers where email = $1', [email(person)]))
    .rows;
  if (customer === undefined) throw new Error('the person is not there');
  const id = customer['id'];
  let rows = 1;
  const children = async (table: string, column: string, parents: unknown[]) => {
    const found = (await sql.query(`select * from ${table} where ${column} = any($1)`, [parents]))
      .rows;
    rows += found.length;
    return found.map((row) => row['id']);
  };
  await children('customer_emails', 'customer_id', [id]);
  await children('addresses', 'customer_id', [id]);
  const orders = await children('orders', 'customer_id', [id]);
  await children('order_lines', 'order_id', orders);
  const parents: Record<Parent, unknown[]> = { customers: [id], orders, support_tickets: [] };
  for (const { name, parent } of SATELLITES) {
    const found = await children(name, PARENT_COLUMN[parent], parents[parent]);
    if (name === 'support_tickets') parents.support_tickets = found;
  }
  return rows;
}

/**
 * The same erasure by hand, in one transaction: find the keys of the person's rows by the same
 * indexed columns, table by table from the customer down, then delete them by key, children
 * before parents. The data work only: no plan kept, no checkpoint, no record of what was done.
 */
async function rawErasure(sql: Sql, person: number): Promise<void> {
  await sql.transaction(async (tx) => {
    const keys = async (table: string, column: string, values: unknown[]): Promise<unknown[]> =>
      (await tx.query(`select id from ${table} where ${column} = any($1)`, [values])).rows.map(
        (row) => row['id'],
      );
    const [customer] = await keys('customers', 'email', [email(person)]);
    if (customer === undefined) throw new Error('the person is not there');
    const addresses = await keys('addresses', 'customer_id', [customer]);
    const orders = await keys('orders', 'customer_id', [customer]);
    const lines = (
      await tx.query('select order_id, line_no from order_lines where order_id = any($1)', [orders])
    ).rows;
    const emails = (
      await tx.query('select customer_id, email from customer_emails where customer_id = $1', [
        customer,
      ])
    ).rows;
    const parents: Record<Parent, unknown[]> = {
      customers: [customer],
      orders,
      support_tickets: [],
    };
    const satellites = new Map<string, unknown[]>();
    for (const { name, parent } of SATELLITES) {
      const found = await keys(name, PARENT_COLUMN[parent], parents[parent]);
      satellites.set(name, found);
      if (name === 'support_tickets') parents.support_tickets = found;
    }
    const remove = async (table: string, ids: unknown[]): Promise<void> => {
      if (ids.length > 0) await tx.query(`delete from ${table} where id = any($1)`, [ids]);
    };
    // Children first: ticket messages before tickets, everything of an order before the order.
    for (const { name } of [...SATELLITES].sort(
      (a, b) => Number(a.parent === 'customers') - Number(b.parent === 'customers'),
    )) {
      await remove(name, satellites.get(name) ?? []);
    }
    if (lines.length > 0) {
      await tx.query(
        'delete from order_lines where (order_id, line_no) in (select * from unnest($1::int[], $2::int[]))',
        [lines.map((line) => line['order_id']), lines.map((line) => line['line_no'])],
      );
    }
    await remove('orders', orders);
    await remove('addresses', addresses);
    await tx.query(
      'delete from customer_emails where (customer_id, email) in (select * from unnest($1::int[], $2::text[]))',
      [emails.map((row) => row['customer_id']), emails.map((row) => row['email'])],
    );
    await remove('customers', [customer]);
  });
}

// —— running it ——

async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** The fastest of `runs` runs of `work`, so a busy moment of a shared machine does not decide. */
async function fastest(runs: number, work: (run: number) => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let run = 0; run < runs; run++) best = Math.min(best, await time(() => work(run)));
  return best;
}

interface Target {
  readonly name: string;
  readonly sql: Sql;
  readonly connector: () => Connector;
  readonly datastore: Datastore;
  /** A Custodian database of the same kind. */
  readonly store: () => Promise<Store>;
}

async function measure(target: Target): Promise<DsrRow[]> {
  const { sql, datastore } = target;
  const load = performance.now();
  await sql.exec(DDL.join(';\n'));
  for (const statement of generate()) await sql.exec(statement);
  for (const statement of constraints()) await sql.exec(statement);
  for (const person of PEOPLE) await insertPerson(sql, person);
  process.stderr.write(
    `… dsr: 30 tables, ${(5 * BIG + 25 * SMALL).toLocaleString('en')} rows on ${target.name} in ${((performance.now() - load) / 1000).toFixed(0)} s\n`,
  );

  const parsed = loadSource(SHOP_MAP, 'bench.yaml');
  if (!parsed.ok) throw new Error('the bench map does not load');
  const map: DataMap = { ...parsed.value.map, datastores: [datastore] };
  const connector = target.connector();
  const connectors = new Map([[datastore.id, connector]]);
  const store = await target.store();
  try {
    await migrate(store.db);
    const secret = await serverSecret(store.db);
    const reading = performance.now();
    const schema: LiveSchema = (await connector.introspect?.()) ?? { tables: [] };
    const schemaMs = performance.now() - reading;
    const schemas = new Map([[datastore.id, schema]]);
    const ctx: ExecutionContext = {
      db: store.db,
      map,
      secret,
      signingKey: await certificateSigningKey(store.db),
      now: () => new Date(),
      actor: 'bench',
      connectors,
    };
    const find = (person: number) =>
      findPerson([datastore], connectors, { email: [email(person)] }, { schemas });

    // Access: warm both paths once, then the better of two runs each.
    const found = await find(1);
    const foundRows = found.collections.reduce((n, c) => n + c.rows.length, 0);
    const rawRows = await rawAccess(sql, 1);
    if (foundRows !== rawRows) {
      throw new Error(`access found ${foundRows} rows through Custodian, ${rawRows} by hand`);
    }
    const accessCustodian = await fastest(RUNS, (run) => find(1 + (run % 2)));
    const accessRaw = await fastest(RUNS, (run) => rawAccess(sql, 1 + (run % 2)));

    // Erasure: each person once (an erased person is gone); the fastest of ERASURES people each.
    const requests = new Map<number, string>();
    for (const person of THROUGH_CUSTODIAN) {
      const opened = await openRequest(
        store.db,
        { map, secret, now: () => new Date(), actor: 'bench' },
        { type: 'erasure', email: email(person), country: 'BE', operator: true },
      );
      requests.set(person, opened.requestId);
    }
    // Where the time goes: the datastore's own work (the search's reads, the one transaction of
    // changes) and Custodian's bookkeeping around it.
    const work = { ms: 0, finds: 0, calls: 0, findMs: 0 };
    const timed = new Map(
      [...connectors].map(([id, inner]) => [
        id,
        {
          ...inner,
          datastore: inner.datastore,
          find: async (
            collection: Parameters<Connector['find']>[0],
            matches: Parameters<Connector['find']>[1],
          ) => {
            const start = performance.now();
            try {
              return await inner.find(collection, matches);
            } finally {
              work.finds += 1;
              work.calls += 1;
              work.findMs += performance.now() - start;
            }
          },
          ...(inner.findMany === undefined
            ? {}
            : {
                findMany: async (reads: Parameters<NonNullable<Connector['findMany']>>[0]) => {
                  const start = performance.now();
                  try {
                    return (await inner.findMany?.(reads)) ?? [];
                  } finally {
                    work.finds += reads.length;
                    work.calls += 1;
                    work.findMs += performance.now() - start;
                  }
                },
              }),
          apply: async (changes: Parameters<Connector['apply']>[0]) => {
            const start = performance.now();
            try {
              return await inner.apply(changes);
            } finally {
              work.ms += performance.now() - start;
            }
          },
          close: () => inner.close(),
        } satisfies Connector,
      ]),
    );
    // Where an access's time goes: one more search, counted.
    const counted = performance.now();
    const again = await findPerson([datastore], timed, { email: [email(1)] }, { schemas });
    process.stderr.write(
      `… dsr access on ${target.name}: ${work.finds} reads in ${again.rounds} rounds, sent as ${work.calls} connector calls, ${work.findMs.toFixed(0)} ms of ${(performance.now() - counted).toFixed(0)} ms in them; by hand 30 reads, one statement each\n`,
    );
    const erasing: ExecutionContext = { ...ctx, connectors: timed };
    const parts = new Map<number, { search: number; apply: number; plan: number; books: number }>();
    const erase = async (person: number): Promise<void> => {
      const requestId = requests.get(person) ?? '';
      const start = performance.now();
      const found = await findPerson([datastore], timed, { email: [email(person)] }, { schemas });
      const searched = performance.now();
      const plan = planErasure([datastore], found, {
        now: new Date(),
        hashKey: erasureHashKey(secret),
        schemas,
      });
      const planned = performance.now();
      work.ms = 0;
      // As a server's run does it: the plan is stored while the datastore's changes run.
      const { result } = await freezeAndApply(erasing, requestId, plan);
      if (result.certificate === undefined) throw new Error('the erasure did not finish');
      parts.set(person, {
        search: searched - start,
        apply: work.ms,
        plan: planned - searched,
        books: performance.now() - planned - work.ms,
      });
    };
    const times = new Map<number, number>();
    for (const person of THROUGH_CUSTODIAN) times.set(person, await time(() => erase(person)));
    const [quickest, eraseCustodian] = [...times].reduce((a, b) => (b[1] < a[1] ? b : a));
    const split = parts.get(quickest) ?? { search: 0, apply: 0, plan: 0, books: 0 };
    const eraseRaw = await fastest(ERASURES, (run) => rawErasure(sql, ERASURES + 1 + run));
    process.stderr.write(
      `… dsr erasure on ${target.name}: search ${split.search.toFixed(0)} ms, one datastore transaction (the plan stored meanwhile) ${split.apply.toFixed(0)} ms, plan ${split.plan.toFixed(0)} ms, checkpoints + evidence + suppression + certificate ${split.books.toFixed(0)} ms; schema read once per run ${schemaMs.toFixed(0)} ms (not in the rows)\n`,
    );
    for (const person of PEOPLE) {
      const left = await sql.query('select 1 from customers where email = $1', [email(person)]);
      if (left.rows.length > 0) throw new Error(`person ${person} was not erased`);
    }
    const size = 5 * BIG + 25 * SMALL;
    return [
      {
        bench: `DSR access, 1 person (${rawRows} rows)`,
        target: target.name,
        size,
        custodianMs: accessCustodian,
        rawMs: accessRaw,
      },
      {
        bench: `DSR erasure, 1 person (${rawRows} rows)`,
        target: target.name,
        size,
        custodianMs: eraseCustodian,
        rawMs: eraseRaw,
      },
      {
        // The same erasure, Custodian's data work alone: its search and its one transaction.
        bench: `DSR erasure, data work only (search + transaction)`,
        target: target.name,
        size,
        custodianMs: split.search + split.apply,
        rawMs: eraseRaw,
      },
    ];
  } finally {
    await connector.close();
    await store.close();
  }
}

/** The DSR benches on PGlite, and on PostgreSQL when `url` is given. */
export async function dsrBench(url: string | undefined): Promise<DsrRow[]> {
  const rows: DsrRow[] = [];
  const pglite = await PGlite.create();
  const embedded = declaration({ dataDir: 'bench' }, 'pglite');
  try {
    rows.push(
      ...(await measure({
        name: 'PGlite',
        sql: pgliteSql(pglite),
        datastore: embedded,
        connector: () => pgliteConnector(embedded, pglite, false),
        store: () => openStore(),
      })),
    );
  } finally {
    await pglite.close();
  }
  if (url === undefined) return rows;

  const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const shopDb = `custodian_bench_shop_${suffix}`;
  const storeDb = `custodian_bench_store_${suffix}`;
  const at = (name: string): string => {
    const next = new URL(url);
    next.pathname = `/${name}`;
    return next.toString();
  };
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  await admin.query(`create database ${shopDb}`);
  await admin.query(`create database ${storeDb}`);
  const pool = new pg.Pool({ connectionString: at(shopDb), max: 4 });
  // Dropping the databases at the end ends idle connections: not an error of the bench.
  pool.on('error', () => undefined);
  const server = declaration({ urlEnv: 'BENCH_SHOP_URL' }, 'postgres');
  try {
    rows.push(
      ...(await measure({
        name: 'PostgreSQL',
        sql: postgresSql(pool),
        datastore: server,
        connector: () => postgresConnector(server, at(shopDb)),
        store: () => openStore({ url: at(storeDb), poolSize: 4 }),
      })),
    );
  } finally {
    await pool.end();
    await admin.query(`drop database if exists ${shopDb} with (force)`);
    await admin.query(`drop database if exists ${storeDb} with (force)`);
    await admin.end();
  }
  return rows;
}
