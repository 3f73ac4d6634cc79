/**
 * The console's consent charts (`/console/consent?days=30|90|365`) on a large ledger:
 * ledger.consentActivity for the last 30, 90 and 365 days of a ledger of 1M events over two
 * years (500k in the last year), beside one hand-written GROUP BY over the same rows, in the same
 * run. The events are written without the `withdrawal` flag, as the ledger wrote them before
 * migration 0015, and that migration fills it in: its time is printed too, and so is the time of
 * the charts' query before 0015 (one look-up of the previous choice per refusal), once per period.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { consentActivity } from '../src/ledger/index.js';
import { migrate, type Store } from '../src/store/index.js';

export interface ActivityRow {
  readonly bench: string;
  readonly target: string;
  readonly size: number;
  readonly custodianMs: number;
  readonly rawMs: number;
}

const DAY_MS = 86_400_000;
const PERIODS = [30, 90, 365] as const;
const PURPOSES = ['newsletter', 'analytics', 'personalisation'];
/** Events per insert statement: the rows are generated in the database. */
const CHUNK = 100_000;

async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** The better of two runs, so a cold cache does not decide the ratio. */
async function best(work: () => Promise<unknown>): Promise<number> {
  return Math.min(await time(work), await time(work));
}

/**
 * `events` ledger events of `events / 10` people over the two years before `now`, evenly in time,
 * oldest first: 46 % grants, 46 % refusals, 4 % objections, 4 % suppressions, over three purposes;
 * one in ten came with a GPC signal.
 */
async function fillLedger(store: Store, events: number, now: Date): Promise<void> {
  const { db } = store;
  const people = Math.max(1, Math.round(events / 10));
  const start = now.getTime() - 730 * DAY_MS;
  await sql`insert into subjects (id)
    select md5('subject' || n)::uuid from generate_series(0, ${people - 1}) n`.execute(db);
  for (let first = 0; first < events; first += CHUNK) {
    const last = Math.min(events, first + CHUNK) - 1;
    await sql`insert into ledger_events
        (receipt_id, subject_id, purpose, kind, source, notice_version, gpc, recorded_at)
      select md5('receipt' || i)::uuid, md5('subject' || (i % ${people}))::uuid,
        (${PURPOSES}::text[])[1 + (i * 7 + i / ${people}) % 3],
        case when c < 46 then 'granted' when c < 92 then 'denied'
             when c < 96 then 'objection' else 'suppressed' end,
        'bench', '1', i % 10 = 0,
        ${new Date(start).toISOString()}::timestamptz
          + (i * ${(730 * DAY_MS) / events}::float8) * interval '1 millisecond'
      from generate_series(${first}::bigint, ${last}::bigint) i,
        lateral (select (i * 7919 + (i / ${people}) * 37) % 100 as c) kind
      order by i`.execute(db);
  }
}

/** The UTC days the console shows for a period: from the first to the end of today. */
function periodOf(now: Date, days: number): { from: Date; to: Date } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { from: new Date(today - (days - 1) * DAY_MS), to: new Date(today + DAY_MS) };
}

export async function consentActivityBench(
  store: Store,
  target: string,
  events: number,
): Promise<ActivityRow[]> {
  const { db } = store;
  const now = new Date();
  // The database before 0015, filled as the ledger filled it then.
  await sql`alter table ledger_events drop column withdrawal`.execute(db);
  await sql`delete from kysely_migration where name = '0015-ledger-withdrawals'`.execute(db);
  await fillLedger(store, events, now);
  await sql`analyze`.execute(db);
  const backfillMs = await time(async () => {
    if ((await migrate(db)).length !== 1) throw new Error('migration 0015 did not run');
  });
  await sql`analyze`.execute(db);
  process.stderr.write(
    `… consent activity on ${target}: migration 0015 marked the withdrawals of ${events.toLocaleString('en')} events in ${(backfillMs / 1000).toFixed(1)} s\n`,
  );

  const rows: ActivityRow[] = [];
  for (const days of PERIODS) {
    const { from, to } = periodOf(now, days);
    const size = Number(
      (
        await sql<{ n: string | number }>`select count(*) as n from ledger_events
          where recorded_at >= ${from.toISOString()}::timestamptz
            and recorded_at < ${to.toISOString()}::timestamptz`.execute(db)
      ).rows[0]?.n ?? 0,
    );
    let custodianTotal = 0;
    let withdrawals = 0;
    const custodianMs = await best(async () => {
      const activity = await consentActivity(db, { purposes: PURPOSES, from, to });
      custodianTotal = activity.reduce(
        (total, row) => total + row.granted + row.refused + row.withdrawn,
        0,
      );
      withdrawals = activity.reduce((total, row) => total + row.withdrawn, 0);
    });
    // The same counts by hand: one GROUP BY over the period's grants and refusals.
    let rawTotal = 0;
    const rawMs = await best(async () => {
      const { rows: groups } = await sql<{ events: string | number }>`
        select (recorded_at at time zone 'UTC')::date as day, purpose, kind, withdrawal,
          count(*) as events, count(*) filter (where gpc) as gpc
        from ledger_events
        where recorded_at >= ${from.toISOString()}::timestamptz
          and recorded_at < ${to.toISOString()}::timestamptz
          and kind in ('granted', 'denied')
          and purpose = any(${PURPOSES}::text[])
        group by 1, 2, 3, 4`.execute(db);
      rawTotal = groups.reduce((total, row) => total + Number(row.events), 0);
    });
    if (custodianTotal !== rawTotal) throw new Error('consentActivity counts differently');
    // What the charts ran before 0015: the previous choice looked up per refusal. Once.
    const perRefusalMs = await time(() =>
      sql`
        select e.day, e.purpose, e.kind, coalesce(prev.kind = 'granted', false) as withdrawal,
          count(*) as events, count(*) filter (where e.gpc) as gpc
        from (
          select id, subject_id, purpose, kind, gpc,
            floor(extract(epoch from recorded_at) / 86400)::integer as day
          from ledger_events
          where recorded_at >= ${from.toISOString()}::timestamptz
            and recorded_at < ${to.toISOString()}::timestamptz
            and kind in ('granted', 'denied')
            and purpose = any(${PURPOSES}::text[])
        ) e
        left join lateral (
          select p.kind from ledger_events p
          where e.kind = 'denied' and p.subject_id = e.subject_id and p.id < e.id
            and p.purpose = e.purpose and p.kind in ('granted', 'denied')
          order by p.id desc
          limit 1
        ) prev on true
        group by 1, 2, 3, 4`.execute(db),
    );
    process.stderr.write(
      `… consent activity on ${target}, ${days} days: ${custodianTotal.toLocaleString('en')} grants and refusals, ${withdrawals.toLocaleString('en')} of them withdrawals; the per-refusal query before 0015 took ${(perRefusalMs / 1000).toFixed(1)} s\n`,
    );
    rows.push({
      bench: `consent activity, ${days} days (of ${events.toLocaleString('en')} events)`,
      target,
      size,
      custodianMs,
      rawMs,
    });
  }
  return rows;
}
