/**
 * The retention sweep on a large table, beside a hand-written batched DELETE of the same batch
 * size, in the same run, on PostgreSQL and MariaDB, each with a concurrent writer on the same table
 * (issue 12: "at least 0.7× the rows/s of a hand-written batched DELETE with the same batch size,
 * while a concurrent writer's p99 latency on the same table stays under 50 ms").
 *
 * - the table: `events(id bigint primary key, customer_email, created_at, payload)` with an index
 *   on created_at (a retention column is what the company's own clean-ups query too), 10M rows ×
 *   BENCH_SCALE, generated in the database (generate_series; MariaDB's sequence engine). 20 % of
 *   the rows are past retention. The layout (BENCH_SWEEP_LAYOUT) is `oldest` by default: the past
 *   rows are the lowest ids, as in a table that has only been appended to; `interleaved` puts
 *   every fifth row past retention, as where ids do not follow time (imports, UUID-ordered keys
 *   turned to numbers). Each side gets its own table, built (not measured) right before it runs
 *   and dropped after, so both start from the same state of the server's caches.
 * - Custodian: `sweepRetention` with the data map's rule (a purpose kept one year from
 *   `created_at`), batch size BATCH, its store on the same PostgreSQL server in a database of its
 *   own (PGlite in memory when only MariaDB is given): a plain delete, so every batch is where a
 *   keyset page ends (`bound`), one self-committing delete of that key range's due rows, then the
 *   batch's progress and evidence record in one store statement. The time is split into page
 *   reads, deletes and the rest (the store's writes, and the run's own records); the three
 *   overlap, so the rest comes out negative.
 * - the baseline: the same keyset walk by hand, one autocommitted statement per batch until a
 *   batch deletes nothing: PostgreSQL `delete … where id in (select id … where id > $last and
 *   created_at < $cutoff order by id limit B) returning id`, MariaDB `delete … where id > ? and
 *   created_at < ? order by id limit B returning id` (its single-table delete takes both).
 * - the writer: its own connection, a statement every WRITER_EVERY_MS (one insert of a new row,
 *   then one update of a random row within retention, in turn), each statement's latency kept;
 *   p50, p99 and the longest for each side.
 *
 * The tables live in a database made for the run and dropped at its end. Timings are printed,
 * never asserted; the deleted counts are checked against the rows made past retention.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { createConnection } from 'mysql2';
import pg from 'pg';
import { mysqlConnector, postgresConnector, type Connector } from '../src/datastores/index.js';
import { Datastore, loadSource, type DataMap } from '../src/map/index.js';
import { sweepRetention } from '../src/retention/index.js';
import { migrate, openStore, serverSecret, type Store } from '../src/store/index.js';

const SCALE = Number(process.env['BENCH_SCALE'] ?? '1');
/** Rows of each table. */
const ROWS = Math.max(1_000, Math.round(10_000_000 * SCALE));
/** Rows past retention: the first 20 %, or every fifth. */
const DUE = Math.round(ROWS / 5);
const LAYOUT: Layout =
  process.env['BENCH_SWEEP_LAYOUT'] === 'interleaved' ? 'interleaved' : 'oldest';
/** Rows per batch, for both sides. */
const BATCH = 1_000;
const WRITER_EVERY_MS = 5;
/** The run's instant: with the one-year rule, the cutoff is 2025-12-06 00:00 UTC. */
const NOW = new Date('2026-12-06T00:00:00Z');
const CUTOFF = '2025-12-06 00:00:00';
/** Rows generated per insert statement (MariaDB keeps one statement's undo in memory). */
const CHUNK = 1_000_000;

type Layout = 'oldest' | 'interleaved';
type Dialect = 'postgres' | 'mysql';

/** What one side did: its time, what it deleted, and the writer's latencies meanwhile. */
export interface SweepSide {
  readonly ms: number;
  readonly deleted: number;
  readonly writer: Latencies;
}

export interface Latencies {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface SweepResult {
  readonly target: string;
  readonly layout: Layout;
  readonly rows: number;
  readonly store: string;
  readonly custodian: SweepSide & {
    readonly batches: number;
    readonly pageMs: number;
    readonly lockMs: number;
  };
  readonly raw: SweepSide & { readonly batches: number };
}

const MAP = `
custodian: 1
notice: { version: '1', effectiveDate: 2026-01-01, languages: [en] }
organisation:
  name: Bench
  controllers:
    - id: bench
      legalName: Bench NV
      address: { street: Benchstraat 1, city: Gent, country: BE }
      contact: { email: privacy@example.com }
subjects: [{ id: people, name: People }]
purposes:
  - id: orders
    name: Orders
    description: The shop's order events.
    subjects: [people]
    categories: [contact.email]
    legalBasis: contract
    retention: { duration: P1Y, from: collection }
channels: [{ id: email, type: email, email: privacy@example.com }]
jurisdictions: [{ law: gdpr, channels: [email] }]
`;

function declaration(type: Dialect, table: string): Datastore {
  return Datastore.parse({
    id: 'events',
    type,
    connection: { urlEnv: 'BENCH_SWEEP_URL' },
    collections: [
      {
        name: table,
        primaryKey: ['id'],
        fields: [
          { name: 'customer_email', identity: 'email', categories: ['contact.email'] },
          { name: 'created_at' },
        ],
        erase: 'delete',
        retention: { purposes: ['orders'], from: { column: 'created_at' } },
      },
    ],
  });
}

function mapWith(datastore: Datastore): DataMap {
  const parsed = loadSource(MAP, 'bench-sweep.yaml');
  if (!parsed.ok) {
    throw new Error(
      `the sweep bench map does not load: ${parsed.issues.map((i) => i.message).join('; ')}`,
    );
  }
  return { ...parsed.value.map, datastores: [datastore] };
}

// —— the servers ——

/** One connection, as the company's application or a DBA's script holds one. */
interface Session {
  readonly query: (
    text: string,
    params?: unknown[],
  ) => Promise<{ rows: Record<string, unknown>[]; affected: number }>;
  readonly end: () => Promise<void>;
}

interface Server {
  readonly name: string;
  readonly dialect: Dialect;
  readonly session: () => Promise<Session>;
  readonly connector: (datastore: Datastore) => Connector;
  readonly drop: () => Promise<void>;
}

const atDatabase = (url: string, name: string): string => {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
};

async function pgSession(url: string): Promise<Session> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return {
    query: async (text, params) => {
      const result = await client.query<Record<string, unknown>>(text, params);
      return { rows: result.rows, affected: result.rowCount ?? 0 };
    },
    end: () => client.end(),
  };
}

function mysqlSession(url: string): Promise<Session> {
  const connection = createConnection({
    uri: url,
    supportBigNumbers: true,
    bigNumberStrings: true,
    timezone: 'Z',
  });
  connection.on('error', () => undefined);
  const promised = connection.promise();
  return Promise.resolve({
    query: async (text, params) => {
      const [result] = await promised.query(text, params);
      if (Array.isArray(result)) return { rows: result as Record<string, unknown>[], affected: 0 };
      return { rows: [], affected: (result as { affectedRows?: number }).affectedRows ?? 0 };
    },
    end: async () => {
      await promised.end().catch(() => {
        connection.destroy();
      });
    },
  });
}

async function postgresServer(url: string, name: string): Promise<Server> {
  const admin = await pgSession(url);
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const dbUrl = atDatabase(url, name);
  return {
    name: 'PostgreSQL',
    dialect: 'postgres',
    session: () => pgSession(dbUrl),
    connector: (datastore) => postgresConnector(datastore, dbUrl),
    drop: async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function mysqlServer(url: string, name: string): Promise<Server> {
  const admin = await mysqlSession(url);
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name} character set utf8mb4`);
  const dbUrl = atDatabase(url, name);
  return {
    name: 'MariaDB',
    dialect: 'mysql',
    session: () => mysqlSession(dbUrl),
    connector: (datastore) => mysqlConnector(datastore, dbUrl),
    drop: async () => {
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    },
  };
}

// —— the table ——

/** The created_at of row `i`: past retention (before CUTOFF) for DUE rows, by the layout. */
function createdAt(i: string, d: Dialect): string {
  const at = (seconds: string): string =>
    d === 'postgres'
      ? `timestamptz '${CUTOFF}+00' + (${seconds}) * interval '1 second'`
      : `timestamp '${CUTOFF}' + interval (${seconds}) second`;
  if (LAYOUT === 'oldest') return at(`${i} - ${DUE} - 1`);
  // Every fifth row a second further back than the one before; the others after the cutoff.
  return `case when ${i} % 5 = 0 then ${at(`-${i}`)} else ${at(i)} end`;
}

async function build(session: Session, d: Dialect, table: string): Promise<void> {
  await session.query(
    d === 'postgres'
      ? `create table ${table} (id bigint primary key, customer_email varchar(200) not null,
           created_at timestamptz not null, payload varchar(100) not null)`
      : `create table ${table} (id bigint primary key, customer_email varchar(200) not null,
           created_at datetime not null, payload varchar(100) not null) engine = InnoDB`,
  );
  for (let start = 1; start <= ROWS; start += CHUNK) {
    const end = Math.min(ROWS, start + CHUNK - 1);
    const i = d === 'postgres' ? 'g.i' : 'cast(g.seq as signed)';
    const email =
      d === 'postgres'
        ? `'person' || (${i} % 100000) || '@example.com'`
        : `concat('person', ${i} % 100000, '@example.com')`;
    const payload =
      d === 'postgres'
        ? `md5(${i}::text) || md5((${i} + 1)::text)`
        : `concat(md5(${i}), md5(${i} + 1))`;
    const source =
      d === 'postgres'
        ? `generate_series(${start}, ${end}) as g(i)`
        : `seq_${start}_to_${end} as g`;
    await session.query(
      `insert into ${table} (id, customer_email, created_at, payload)
         select ${i}, ${email}, ${createdAt(i, d)}, ${payload} from ${source}`,
    );
  }
  await session.query(`create index ${table}_created_at on ${table} (created_at)`);
  // As autovacuum and the statistics would be on a table in use.
  await session.query(d === 'postgres' ? `vacuum analyze ${table}` : `analyze table ${table}`);
  const [due] = (
    await session.query(
      d === 'postgres'
        ? `select count(*)::int as n from ${table} where created_at < timestamptz '${CUTOFF}+00'`
        : `select count(*) as n from ${table} where created_at < timestamp '${CUTOFF}'`,
    )
  ).rows;
  if (Number(due?.['n']) !== DUE)
    throw new Error(`${table}: ${String(due?.['n'])} rows due, not ${DUE}`);
}

// —— the writer ——

/**
 * Writes to `table` on its own connection until stopped: a new row (within retention), then an
 * update of a random row within retention, in turn, one statement every WRITER_EVERY_MS.
 */
function startWriter(session: Session, d: Dialect, table: string): () => Promise<Latencies> {
  const latencies: number[] = [];
  const state = { running: true };
  let next = ROWS + 1;
  const now = d === 'postgres' ? 'now()' : 'utc_timestamp()';
  const p = (n: number): string => (d === 'postgres' ? `$${n}` : '?');
  const loop = (async () => {
    let turn = 0;
    while (state.running) {
      const started = performance.now();
      if (turn++ % 2 === 0) {
        const id = next++;
        await session.query(
          `insert into ${table} (id, customer_email, created_at, payload) values (${p(1)}, ${p(2)}, ${now}, ${p(3)})`,
          [id, `writer${id}@example.com`, `written ${id}`],
        );
      } else {
        // A row within retention: never one the sweep is deleting.
        const id =
          LAYOUT === 'oldest'
            ? DUE + 1 + Math.floor(Math.random() * (ROWS - DUE))
            : 5 * Math.floor(Math.random() * DUE) + 1;
        await session.query(`update ${table} set payload = ${p(1)} where id = ${p(2)}`, [
          `updated ${turn}`,
          id,
        ]);
      }
      const took = performance.now() - started;
      latencies.push(took);
      if (took < WRITER_EVERY_MS) await delay(WRITER_EVERY_MS - took);
    }
  })();
  return async () => {
    state.running = false;
    await loop;
    return summary(latencies);
  };
}

/** Runs `work` with the writer on `table`: its time, and the writer's latencies meanwhile. */
async function withWriter<T>(
  writer: Session,
  d: Dialect,
  table: string,
  work: () => Promise<T>,
): Promise<{ value: T; ms: number; writer: Latencies }> {
  const stop = startWriter(writer, d, table);
  const started = performance.now();
  let value: T;
  try {
    value = await work();
  } catch (error) {
    await stop();
    throw error;
  }
  const ms = performance.now() - started;
  return { value, ms, writer: await stop() };
}

function summary(latencies: number[]): Latencies {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

// —— the two sides ——

async function custodianSide(
  server: Server,
  table: string,
  store: Store,
  writer: Session,
): Promise<SweepResult['custodian']> {
  const datastore = declaration(server.dialect, table);
  const map = mapWith(datastore);
  const inner = server.connector(datastore);
  let pageMs = 0;
  let lockMs = 0;
  const timed =
    <A extends unknown[], R>(work: (...args: A) => Promise<R>, add: (ms: number) => void) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      try {
        return await work(...args);
      } finally {
        add(performance.now() - started);
      }
    };
  const page = inner.page?.bind(inner);
  const lockAndApply = inner.lockAndApply?.bind(inner);
  const bound = inner.bound?.bind(inner);
  const deleteWhere = inner.deleteWhere?.bind(inner);
  if (
    page === undefined ||
    lockAndApply === undefined ||
    bound === undefined ||
    deleteWhere === undefined
  ) {
    throw new Error('the connector cannot sweep');
  }
  const connector: Connector = {
    ...inner,
    page: timed(page, (ms) => (pageMs += ms)),
    bound: timed(bound, (ms) => (pageMs += ms)),
    lockAndApply: timed(lockAndApply, (ms) => (lockMs += ms)),
    deleteWhere: timed(deleteWhere, (ms) => (lockMs += ms)),
  };
  const secret = await serverSecret(store.db);
  try {
    const {
      value: report,
      ms,
      writer: writerLatencies,
    } = await withWriter(writer, server.dialect, table, () =>
      sweepRetention({
        db: store.db,
        secret,
        map,
        connectors: new Map([[datastore.id, connector]]),
        now: NOW,
        actor: 'bench',
        trigger: 'cli',
        batchSize: BATCH,
      }),
    );
    const swept = report.collections[0];
    if (report.status !== 'completed' || swept === undefined) {
      throw new Error(`the sweep did not complete: ${JSON.stringify(report.collections)}`);
    }
    return {
      ms,
      deleted: swept.deleted,
      writer: writerLatencies,
      batches: swept.batches,
      pageMs,
      lockMs,
    };
  } finally {
    await inner.close();
  }
}

async function rawSide(
  server: Server,
  table: string,
  session: Session,
  writer: Session,
): Promise<SweepResult['raw']> {
  const postgres = server.dialect === 'postgres';
  const statement = postgres
    ? `with gone as (delete from ${table} where id in (
         select id from ${table} where id > $1 and created_at < $2 order by id limit ${BATCH})
         returning id)
       select count(*)::int as n, max(id) as last from gone`
    : `delete from ${table} where id > ? and created_at < ? order by id limit ${BATCH} returning id`;
  const cutoff = new Date(`${CUTOFF.replace(' ', 'T')}Z`);
  let deleted = 0;
  let batches = 0;
  let last = '0';
  const { ms, writer: writerLatencies } = await withWriter(
    writer,
    server.dialect,
    table,
    async () => {
      for (;;) {
        const { rows } = await session.query(statement, [last, cutoff]);
        let n: number;
        if (postgres) {
          n = Number(rows[0]?.['n'] ?? 0);
          if (n > 0) last = String(rows[0]?.['last']);
        } else {
          n = rows.length;
          // Deleted in key order: the last row returned is the highest key.
          if (n > 0) last = String(rows.at(-1)?.['id']);
        }
        if (n === 0) break;
        deleted += n;
        batches += 1;
      }
    },
  );
  return { ms, deleted, writer: writerLatencies, batches };
}

async function benchOn(server: Server, storeUrl: string | undefined): Promise<SweepResult> {
  const d = server.dialect;
  const setup = await server.session();
  const writer = await server.session();
  const rawSession = await server.session();
  let store: Store | undefined;
  try {
    store =
      storeUrl === undefined ? await openStore() : await openStore({ url: storeUrl, poolSize: 4 });
    await migrate(store.db);
    const opened = store;
    // Each side right after its own table is built, and that table dropped after it: both start
    // from the same state of the server's caches and its writes still to flush.
    const side = async <T>(table: string, what: string, work: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      await build(setup, d, table);
      if (d === 'postgres') await setup.query('checkpoint');
      process.stderr.write(
        `… ${server.name}: ${ROWS.toLocaleString('en')} rows built in ${((performance.now() - started) / 1000).toFixed(0)} s; ${what}, load average ${loadavg()[0]?.toFixed(1) ?? '?'}\n`,
      );
      const result = await work();
      await setup.query(`drop table ${table}`);
      return result;
    };
    const raw = await side('events_raw', 'hand-written DELETE', () =>
      rawSide(server, 'events_raw', rawSession, writer),
    );
    const custodian = await side('events_sweep', 'sweep', () =>
      custodianSide(server, 'events_sweep', opened, writer),
    );
    process.stderr.write(
      `… ${server.name}: done, load average ${loadavg()[0]?.toFixed(1) ?? '?'}\n`,
    );
    for (const [side, deleted] of [
      ['sweep', custodian.deleted],
      ['hand-written DELETE', raw.deleted],
    ] as const) {
      if (deleted !== DUE)
        throw new Error(`${server.name}: the ${side} deleted ${deleted}, not ${DUE}`);
    }
    return {
      target: server.name,
      layout: LAYOUT,
      rows: ROWS,
      store: storeUrl === undefined ? 'PGlite (in memory)' : 'PostgreSQL (same server)',
      custodian,
      raw,
    };
  } finally {
    await store?.close();
    await writer.end();
    await rawSession.end();
    await setup.end();
  }
}

/** Runs the sweep bench on each server whose URL is set; none is a skip, said on stderr. */
export async function sweepBench(): Promise<SweepResult[]> {
  const pgUrl = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'];
  const myUrl = process.env['BENCH_MYSQL_URL'] ?? process.env['TEST_MYSQL_URL'];
  const name = `custodian_bench_sweep_${process.pid}`;
  const results: SweepResult[] = [];
  let storeUrl: string | undefined;
  let dropStore = (): Promise<void> => Promise.resolve();
  if (pgUrl !== undefined) {
    const admin = await pgSession(pgUrl);
    const storeName = `${name}_store`;
    // A fresh store per server, made again below.
    const fresh = async (): Promise<string> => {
      await admin.query(`drop database if exists ${storeName} with (force)`);
      await admin.query(`create database ${storeName}`);
      return atDatabase(pgUrl, storeName);
    };
    storeUrl = await fresh();
    dropStore = async () => {
      await admin.query(`drop database if exists ${storeName} with (force)`);
      await admin.end();
    };
    try {
      const server = await postgresServer(pgUrl, name);
      try {
        results.push(await benchOn(server, storeUrl));
      } finally {
        await server.drop();
      }
      storeUrl = await fresh();
    } catch (error) {
      await dropStore();
      throw error;
    }
  } else {
    process.stderr.write('BENCH_DATABASE_URL not set: the sweep on PostgreSQL skipped\n');
  }
  try {
    if (myUrl !== undefined) {
      const server = await mysqlServer(myUrl, name);
      try {
        results.push(await benchOn(server, storeUrl));
      } finally {
        await server.drop();
      }
    } else {
      process.stderr.write('BENCH_MYSQL_URL not set: the sweep on MariaDB skipped\n');
    }
  } finally {
    await dropStore();
  }
  return results;
}

const rate = (side: SweepSide): number => side.deleted / (side.ms / 1000);

/** The sweep's table: rows/s of each side, their ratio, and the writer's latencies meanwhile. */
export function printSweep(results: readonly SweepResult[]): void {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const ms = (value: number): string => `${value.toFixed(1)} ms`;
  const writer = (l: Latencies): string => `${ms(l.p50)} / ${ms(l.p99)} / ${ms(l.max)}`;
  console.log(
    line([
      'retention sweep (batch 1,000)',
      'database',
      'rows (due)',
      'Custodian rows/s',
      'hand-written DELETE rows/s',
      'ratio (≥ 0.7×)',
      'writer p50 / p99 / max, sweep',
      'writer p50 / p99 / max, DELETE',
    ]),
  );
  console.log(line(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:']));
  for (const r of results) {
    console.log(
      line([
        `${r.layout === 'oldest' ? 'oldest rows first' : 'every fifth row'}; store: ${r.store}`,
        r.target,
        `${r.rows.toLocaleString('en')} (${r.custodian.deleted.toLocaleString('en')})`,
        rate(r.custodian).toFixed(0),
        rate(r.raw).toFixed(0),
        `${(rate(r.custodian) / rate(r.raw)).toFixed(2)}×`,
        writer(r.custodian.writer),
        writer(r.raw.writer),
      ]),
    );
  }
  console.log('');
  console.log(
    line([
      'where the sweep spends its time',
      'database',
      'total',
      'page reads (ends)',
      'lock + delete',
      'store (progress, evidence)',
      'batches',
    ]),
  );
  console.log(line(['---', '---', '---:', '---:', '---:', '---:', '---:']));
  for (const r of results) {
    const c = r.custodian;
    const share = (part: number): string =>
      `${(part / 1000).toFixed(1)} s (${((100 * part) / c.ms).toFixed(0)} %)`;
    console.log(
      line([
        `Custodian; hand-written DELETE: ${(r.raw.ms / 1000).toFixed(1)} s, ${r.raw.batches} batches`,
        r.target,
        `${(c.ms / 1000).toFixed(1)} s`,
        share(c.pageMs),
        share(c.lockMs),
        share(c.ms - c.pageMs - c.lockMs),
        c.batches.toLocaleString('en'),
      ]),
    );
  }
}
