/**
 * `npm run bench`: Custodian's hot paths beside the same work in raw SQL, measured in the same run.
 *
 * - batch consent check of 50k subjects, the most one request takes (ledger.checkConsent vs one
 *   hand-written query)
 * - suppression check of 50k identifiers (the most one request takes) against 1M tombstones
 *   (ledger.checkSuppression vs raw SQL)
 * - the largest batches over HTTP (bench/batch.ts): two at once (the most a process takes), with
 *   /healthz latency and the process's peak memory meanwhile, beside the same figures idle
 * - evidence append (evidence.appendEvidence vs the same chained append written by hand, and vs an
 *   unchained insert to show what the chain costs)
 * - data-subject access and erasure for one person on a 30-table shop with 1M-row tables
 *   (bench/dsr.ts: execution.findPerson / applyErasure vs hand-written selects and deletes)
 * - `custodian scan` of a 30-table datastore with 1M-row tables on PostgreSQL and MariaDB
 *   (bench/scan.ts: scanDatastores vs one hand-written sample statement per column, the most
 *   sample statements seen running at once, and a table of its own)
 * - the console's consent charts for 30, 90 and 365 days on a ledger of 1M events over two years
 *   (bench/consent-activity.ts: ledger.consentActivity vs one hand-written GROUP BY)
 * - the store's guard (free-space floor, failure classification) on an embedded database on disk:
 *   consent records, evidence appends and one-subject consent checks through the guarded store vs
 *   the same PGlite instance through a plain Kysely
 * - CLI commands and `serve` to a healthy /healthz, cold, on an existing PGlite data directory, and
 *   the idle memory of `npm start`'s server (bench/cli.ts: vs a process that opens PGlite and runs
 *   one query)
 * - opening the embedded database kept private (bench/files.ts: store.openPGlite, with its
 *   permission check and walk, vs PGlite opening the same directory)
 * - the retention sweep of a 10M-row table with 20 % past retention on PostgreSQL and MariaDB
 *   (bench/sweep.ts: retention.sweepRetention vs a hand-written keyset batched DELETE of the same
 *   batch size, rows/s, with a concurrent writer's p50/p99 latency on the same table during each;
 *   a table of its own)
 * - the consent banner (bench/banner.ts): its gzipped size and the time from navigation to the
 *   banner visible in Chromium, beside klaro and vanilla-cookieconsent on the same page (a table
 *   of its own)
 *
 * Runs on embedded PGlite, and on PostgreSQL when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set;
 * the scan bench runs on MariaDB when BENCH_MYSQL_URL (or TEST_MYSQL_URL) is set.
 * Sizes scale with BENCH_SCALE (default 1); BENCH_ONLY picks benches by name (consent, suppression,
 * evidence, consent-activity, dsr, scan, guard, files, batch, cli, sweep, banner). The sweep also
 * runs on MariaDB when BENCH_MYSQL_URL (or TEST_MYSQL_URL) is set. Timings are printed, never
 * asserted.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kysely, PGliteDialect, sql } from 'kysely';
import { consentActivityBench } from './consent-activity.js';
import { dsrBench } from './dsr.js';
import { printScan, scanBench, type ScanDetail } from './scan.js';
import { filesBench } from './files.js';
import { batchBench } from './batch.js';
import { cliBench } from './cli.js';
import { bannerBench, printBanner } from './banner.js';
import { printSweep, sweepBench } from './sweep.js';
import { MAX_BATCH } from '../src/batch.js';
import { appendEvidence } from '../src/evidence/index.js';
import { identityHash } from '../src/ledger/identity.js';
import {
  checkConsent,
  checkSuppression,
  recordConsent,
  type LedgerContext,
} from '../src/ledger/index.js';
import { loadSource, type DataMap } from '../src/map/index.js';
import { migrate, openStore, serverSecret, type Database, type Store } from '../src/store/index.js';

const SCALE = Number(process.env['BENCH_SCALE'] ?? '1');
/** `BENCH_ONLY=consent,evidence` runs only those benches. */
const ONLY = process.env['BENCH_ONLY']?.split(',').map((name) => name.trim());
/** Subjects per consent check: the most one request takes (src/batch.ts). */
const SUBJECTS = Math.min(MAX_BATCH, Math.round(100_000 * SCALE));
const TOMBSTONES = Math.round(1_000_000 * SCALE);
/** Identifiers per suppression check: the most one request takes (src/batch.ts). */
const CHECKED = Math.min(MAX_BATCH, Math.round(100_000 * SCALE));
const APPENDS = Math.round(2_000 * SCALE);
const GUARDED_CALLS = Math.round(1_000 * SCALE);
/** Ledger events over two years behind the console's consent charts. */
const LEDGER_EVENTS = Math.round(1_000_000 * SCALE);

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
  - id: newsletter
    name: Newsletter
    description: News.
    subjects: [people]
    categories: [contact.email]
    legalBasis: consent
    consent: { withdrawal: [email] }
    directMarketing: true
    objection: [email]
    retention: { duration: P2Y, from: last-interaction }
channels: [{ id: email, type: email, email: privacy@example.com }]
jurisdictions: [{ law: gdpr, channels: [email] }]
`;

interface Row {
  readonly bench: string;
  readonly target: string;
  readonly size: number;
  readonly custodianMs: number;
  readonly rawMs: number;
  /** What the two figures count: milliseconds unless said. */
  readonly unit?: 'ms' | 'MiB';
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** The better of two runs, so a cold cache (or JIT) does not decide the ratio. */
async function best(work: () => Promise<unknown>): Promise<number> {
  return Math.min(await time(work), await time(work));
}

function email(i: number): string {
  return `person${i}@example.com`;
}

async function insertBatches<T>(
  rows: readonly T[],
  size: number,
  insert: (batch: readonly T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

async function consentCheck(store: Store, ctx: LedgerContext, target: string): Promise<Row> {
  const { db } = store;
  const subjects = Array.from({ length: SUBJECTS }, (_, i) => ({
    id: randomUUID(),
    hash: identityHash(ctx.secret, { email: email(i) }).hash,
    granted: i % 2 === 0,
  }));
  await insertBatches(subjects, 5_000, (batch) =>
    db
      .insertInto('subjects')
      .values(batch.map((s) => ({ id: s.id })))
      .execute(),
  );
  await insertBatches(subjects, 5_000, (batch) =>
    db
      .insertInto('subject_identities')
      .values(batch.map((s) => ({ kind: 'email', hash: s.hash, subject_id: s.id })))
      .execute(),
  );
  const now = new Date();
  await insertBatches(subjects, 5_000, (batch) =>
    db
      .insertInto('consent_state')
      .values(
        batch.map((s) => ({
          subject_id: s.id,
          purpose: 'newsletter',
          status: s.granted ? 'granted' : 'denied',
          receipt_id: randomUUID(),
          updated_at: now,
        })),
      )
      .execute(),
  );
  const request = subjects.map((_, i) => ({ subject: { email: email(i) } }));
  // As autovacuum would have by now on a database in use (the embedded one has none).
  await sql`analyze`.execute(db);
  const custodianMs = await best(async () => {
    const { results } = await checkConsent(db, ctx, { purpose: 'newsletter', subjects: request });
    if (results.length !== SUBJECTS) throw new Error('wrong result count');
  });
  // The same answer by hand: hash, look up identity and state, keep the input order.
  const rawMs = await best(async () => {
    const hashes = request.map((r) =>
      createHmac('sha256', ctx.secret).update(`email:${r.subject.email}`).digest('hex'),
    );
    // The facts the rules need for a consent-based direct-marketing purpose: state, objection,
    // restriction, GPC and suppression.
    const rows = await sql<{ ord: number; status: string | null }>`
      select i.ord, cs.status, s.restricted_at, s.gpc_at, o.purpose is not null as objected,
        exists (select 1 from suppressions su
                where su.hash = i.hash and su.scope in ('*', 'newsletter')) as suppressed
      from unnest(${hashes}::text[]) with ordinality as i(hash, ord)
      left join subject_identities si on si.kind = 'email' and si.hash = i.hash
      left join subjects s on s.id = si.subject_id
      left join consent_state cs on cs.subject_id = si.subject_id and cs.purpose = 'newsletter'
      left join objections o on o.subject_id = si.subject_id and o.purpose = 'newsletter'
      order by i.ord`.execute(db);
    if (rows.rows.length !== SUBJECTS) throw new Error('wrong row count');
  });
  return { bench: 'consent check', target, size: SUBJECTS, custodianMs, rawMs };
}

async function suppressionCheck(store: Store, ctx: LedgerContext, target: string): Promise<Row> {
  const { db } = store;
  const now = new Date();
  const hashes = Array.from(
    { length: TOMBSTONES },
    (_, i) => identityHash(ctx.secret, { email: `gone${i}@example.com` }).hash,
  );
  await insertBatches(hashes, 10_000, (batch) =>
    db
      .insertInto('suppressions')
      .values(
        batch.map((hash) => ({
          hash,
          scope: '*',
          kind: 'email',
          reason: 'erased',
          created_at: now,
        })),
      )
      .execute(),
  );
  // Half the identifiers are suppressed, half are not; as many as one request takes.
  const identifiers = Array.from({ length: CHECKED }, (_, i) => ({
    email: i % 2 === 0 ? `gone${i}@example.com` : `new${i}@example.com`,
  }));
  await sql`analyze`.execute(db);
  const custodianMs = await best(async () => {
    const { results } = await checkSuppression(db, ctx, { identifiers });
    if (results.length !== CHECKED) throw new Error('wrong result count');
  });
  const rawMs = await best(async () => {
    const wanted = identifiers.map((i) =>
      createHmac('sha256', ctx.secret).update(`email:${i.email}`).digest('hex'),
    );
    // Every scope's row with its reason, as the check answers (one row per hash here).
    const rows = await sql<{ hash: string; scope: string; reason: string }>`
      select s.hash, s.scope, s.reason from suppressions s
      where s.hash = any(${wanted}::text[])`.execute(db);
    const found = new Set(rows.rows.map((r) => r.hash));
    if (wanted.map((h) => found.has(h)).length !== CHECKED) throw new Error('wrong count');
  });
  return {
    bench: `suppression check (of ${TOMBSTONES.toLocaleString('en')} suppressed)`,
    target,
    size: CHECKED,
    custodianMs,
    rawMs,
  };
}

async function evidenceAppend(store: Store, target: string): Promise<Row[]> {
  const { db } = store;
  await sql`create table bench_evidence_head (id integer primary key, seq bigint not null, hash text not null, prev_hash text)`.execute(
    db,
  );
  await sql`insert into bench_evidence_head values (1, 0, repeat('0', 64), null)`.execute(db);
  await sql`create table bench_evidence (seq bigint primary key, recorded_at timestamptz not null, actor text not null, action text not null, subject_ref text, details jsonb not null, prev_hash text not null, hash text not null)`.execute(
    db,
  );
  await sql`create table bench_plain_evidence (seq bigint primary key, recorded_at timestamptz not null, actor text not null, action text not null, subject_ref text, details jsonb not null)`.execute(
    db,
  );
  const custodianMs = await best(async () => {
    for (let i = 0; i < APPENDS; i++) {
      await appendEvidence(db, {
        actor: 'bench',
        action: 'consent.recorded',
        subjectRef: randomUUID(),
        details: { purpose: 'newsletter', status: 'granted' },
        at: new Date(),
      });
    }
  });
  // The same chained append written by hand: one statement moves a head row and inserts the
  // record, hashed over the previous hash and every field of the record (what Custodian hashes),
  // without Custodian's input checks and canonical JSON.
  const rawMs = await best(async () => {
    for (let i = 0; i < APPENDS; i++) {
      const details = JSON.stringify({ purpose: 'newsletter', status: 'granted' });
      const at = new Date().toISOString();
      const ref = randomUUID();
      await sql`
        with head as (
          update bench_evidence_head
          set seq = seq + 1, prev_hash = hash,
              hash = encode(sha256(convert_to(hash || ${at}::text || 'bench' || 'consent.recorded'
                || ${ref}::text || ${details}::text || (seq + 1)::text, 'UTF8')), 'hex')
          where id = 1
          returning seq, prev_hash, hash
        )
        insert into bench_evidence
        select seq, ${at}::timestamptz, 'bench', 'consent.recorded', ${ref}, ${details}::jsonb,
          prev_hash, hash
        from head
        returning seq, hash`.execute(db);
    }
  });
  // What the chain itself costs: a plain insert of the same record, no head, no hash.
  let round = 0;
  const plainMs = await best(async () => {
    round++;
    for (let i = 0; i < APPENDS; i++) {
      await sql`insert into bench_plain_evidence values (${round * APPENDS + i}, ${new Date().toISOString()}::timestamptz, 'bench', 'consent.recorded', ${randomUUID()}, ${JSON.stringify({ purpose: 'newsletter', status: 'granted' })}::jsonb)`.execute(
        db,
      );
    }
  });
  return [
    { bench: 'evidence append', target, size: APPENDS, custodianMs, rawMs },
    {
      bench: 'evidence append vs unchained insert',
      target,
      size: APPENDS,
      custodianMs,
      rawMs: plainMs,
    },
  ];
}

/**
 * What the store's guard costs per statement: the same work through the guarded store (`db`) and
 * through a plain Kysely on the same PGlite instance, on a data directory on disk, so the guard
 * looks at free space as it does in production (statfs, at most every 100 ms).
 */
async function storeGuard(map: DataMap): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), 'custodian-bench-'));
  const store = await openStore({ dataDir: dir });
  try {
    if (!store.pglite) throw new Error('an embedded store has its PGlite instance');
    await migrate(store.db);
    // Not destroyed: destroying it would close the instance the store owns.
    const plain = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: store.pglite }) });
    const ctx: LedgerContext = {
      map,
      secret: await serverSecret(store.db),
      now: () => new Date(),
      actor: 'bench',
    };
    const target = 'PGlite on disk';
    let n = 0;
    const records = (db: Kysely<Database>) => async () => {
      for (let i = 0; i < GUARDED_CALLS; i++) {
        await recordConsent(db, ctx, {
          subject: { email: email(n++) },
          choices: { newsletter: 'granted' },
          source: 'bench',
        });
      }
    };
    const appends = (db: Kysely<Database>) => async () => {
      for (let i = 0; i < GUARDED_CALLS; i++) {
        await appendEvidence(db, {
          actor: 'bench',
          action: 'consent.recorded',
          subjectRef: randomUUID(),
          details: { purpose: 'newsletter', status: 'granted' },
          at: new Date(),
        });
      }
    };
    const checks = (db: Kysely<Database>) => async () => {
      for (let i = 0; i < GUARDED_CALLS; i++) {
        await checkConsent(db, ctx, {
          purpose: 'newsletter',
          subjects: [{ subject: { email: email(i) } }],
        });
      }
    };
    const rows: Row[] = [];
    for (const [bench, work] of [
      ['consent record, guarded store', records],
      ['evidence append, guarded store', appends],
      ['consent check of 1 subject, guarded store', checks],
    ] as const) {
      // Interleaved, the better of two runs each: neither side gets only the warm cache or the
      // smaller tables.
      const plainRuns: number[] = [];
      const guardedRuns: number[] = [];
      for (let round = 0; round < 2; round++) {
        plainRuns.push(await time(work(plain)));
        guardedRuns.push(await time(work(store.db)));
      }
      rows.push({
        bench,
        target,
        size: GUARDED_CALLS,
        custodianMs: Math.min(...guardedRuns),
        rawMs: Math.min(...plainRuns),
      });
    }
    return rows;
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function runOn(target: string, open: () => Promise<Store>, map: DataMap): Promise<Row[]> {
  const rows: Row[] = [];
  const benches: readonly [string, (store: Store, ctx: LedgerContext) => Promise<Row | Row[]>][] = [
    ['consent', (store, ctx) => consentCheck(store, ctx, target)],
    ['suppression', (store, ctx) => suppressionCheck(store, ctx, target)],
    ['evidence', (store) => evidenceAppend(store, target)],
    ['consent-activity', (store) => consentActivityBench(store, target, LEDGER_EVENTS)],
  ];
  for (const [name, bench] of benches) {
    if (ONLY !== undefined && !ONLY.includes(name)) continue;
    const store = await open();
    try {
      await migrate(store.db);
      const ctx: LedgerContext = {
        map,
        secret: await serverSecret(store.db),
        now: () => new Date(),
        actor: 'bench',
      };
      rows.push(...[await bench(store, ctx)].flat());
      process.stderr.write(`… ${rows.at(-1)?.bench ?? ''} on ${target} done\n`);
    } finally {
      await store.close();
    }
  }
  return rows;
}

function print(rows: readonly Row[]): void {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  console.log(line(['benchmark', 'database', 'size', 'Custodian', 'raw SQL', 'ratio']));
  console.log(line(['---', '---', '---:', '---:', '---:', '---:']));
  for (const row of rows) {
    console.log(
      line([
        row.bench,
        row.target,
        row.size.toLocaleString('en'),
        `${row.custodianMs.toFixed(0)} ${row.unit ?? 'ms'}`,
        `${row.rawMs.toFixed(0)} ${row.unit ?? 'ms'}`,
        `${(row.custodianMs / row.rawMs).toFixed(2)}×`,
      ]),
    );
  }
}

async function main(): Promise<void> {
  const parsed = loadSource(MAP, 'bench.yaml');
  if (!parsed.ok) throw new Error('the bench map does not load');
  const map = parsed.value.map;
  const rows = await runOn('PGlite', () => openStore(), map);
  const url = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'];
  if (url !== undefined) {
    const admin = await openStore({ url });
    const name = `custodian_bench_${process.pid}`;
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    try {
      rows.push(
        ...(await runOn(
          'PostgreSQL',
          async () => {
            await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
            await sql.raw(`create database ${name}`).execute(admin.db);
            return openStore({ url: dbUrl.toString() });
          },
          map,
        )),
      );
    } finally {
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
      await admin.close();
    }
  } else {
    process.stderr.write('BENCH_DATABASE_URL not set: PostgreSQL skipped\n');
  }
  if (ONLY === undefined || ONLY.includes('dsr')) rows.push(...(await dsrBench(url)));
  let scanned: ScanDetail[] = [];
  if (ONLY === undefined || ONLY.includes('scan')) {
    const scan = await scanBench(
      url,
      process.env['BENCH_MYSQL_URL'] ?? process.env['TEST_MYSQL_URL'],
    );
    rows.push(...scan.rows);
    scanned = scan.details;
  }
  if (ONLY === undefined || ONLY.includes('guard')) rows.push(...(await storeGuard(map)));
  if (ONLY === undefined || ONLY.includes('files')) rows.push(...(await filesBench()));
  if (ONLY === undefined || ONLY.includes('batch')) rows.push(...(await batchBench(MAP)));
  if (ONLY === undefined || ONLY.includes('cli')) rows.push(...(await cliBench()));
  if (rows.length > 0) print(rows);
  if (scanned.length > 0) {
    console.log('');
    printScan(scanned);
  }
  if (ONLY === undefined || ONLY.includes('sweep')) {
    const swept = await sweepBench();
    if (swept.length > 0) {
      console.log('');
      printSweep(swept);
    }
  }
  if (ONLY === undefined || ONLY.includes('banner')) {
    const banner = await bannerBench();
    if (banner === undefined) {
      process.stderr.write(
        'no Chromium at /usr/bin/chromium (or CUSTODIAN_CHROMIUM): banner skipped\n',
      );
    } else {
      console.log('');
      printBanner(banner);
    }
  }
}

await main();
