import { sql, type Kysely } from 'kysely';
import { yieldToEventLoop } from '../batch.js';
import { startPeriodic } from '../periodic.js';
import type { Database } from './database.js';

/**
 * What autovacuum does for PostgreSQL, for the embedded database, which has none: PGlite runs
 * PostgreSQL in single-user mode, without background workers. Without it a table's statistics are
 * those of when it was empty, and the planner scans whole tables where an index would answer: a
 * consent check of 50,000 people on a ledger of 100,000 took 17 s, holding the event loop 0.6 s a
 * chunk, instead of 1.2 s (`npm run bench` measures analysed tables, as a server in use has).
 *
 * A pass reads the activity counters and, with PostgreSQL's default thresholds, analyses a table
 * once 50 rows plus 10 % of it changed since its last analysis, and vacuums (and analyses) it once
 * 50 rows plus 20 % of it are dead. One table at a time, with a turn of the event loop between
 * two: each statement holds the embedded database (and this thread) while it runs, ~0.1 s for a
 * table of 100,000 rows (the analysis samples at most 30,000 rows).
 */
export interface MaintenancePass {
  /** `schema.table` of the tables analysed. */
  readonly analysed: readonly string[];
  /** `schema.table` of the tables vacuumed (and analysed). */
  readonly vacuumed: readonly string[];
}

/** autovacuum_analyze_threshold and autovacuum_analyze_scale_factor. */
const ANALYSE_BASE = 50;
const ANALYSE_SHARE = 0.1;
/** autovacuum_vacuum_threshold and autovacuum_vacuum_scale_factor. */
const VACUUM_BASE = 50;
const VACUUM_SHARE = 0.2;

/** One pass over every table of the database (Custodian's and pg-boss's). */
export async function maintainEmbedded(db: Kysely<Database>): Promise<MaintenancePass> {
  // Activity counters reach the statistics views when the backend flushes them, which a busy
  // single backend does only now and then: flush at the end of this statement.
  await sql`select pg_stat_force_next_flush()`.execute(db);
  const { rows } = await sql<{
    schema: string;
    table: string;
    live: string | number;
    dead: string | number;
    changed: string | number;
  }>`
    select schemaname as schema, relname as table, n_live_tup as live, n_dead_tup as dead,
      n_mod_since_analyze as changed
    from pg_stat_user_tables
    order by schemaname, relname`.execute(db);
  const analysed: string[] = [];
  const vacuumed: string[] = [];
  for (const row of rows) {
    const live = Number(row.live);
    const name = `${row.schema}.${row.table}`;
    const table = sql.id(row.schema, row.table);
    if (Number(row.dead) > VACUUM_BASE + VACUUM_SHARE * live) {
      await sql`vacuum (analyze) ${table}`.execute(db);
      vacuumed.push(name);
    } else if (Number(row.changed) > ANALYSE_BASE + ANALYSE_SHARE * live) {
      await sql`analyze ${table}`.execute(db);
      analysed.push(name);
    } else {
      continue;
    }
    await yieldToEventLoop();
  }
  return { analysed, vacuumed };
}

/**
 * Runs `maintainEmbedded` now and then every `intervalMs` (a minute, as autovacuum's naptime)
 * until stopped. Errors go to `onError`; the next pass tries again.
 */
export function startEmbeddedMaintenance(
  db: Kysely<Database>,
  options: { readonly onError?: (error: unknown) => void; readonly intervalMs?: number } = {},
): { stop: () => Promise<void> } {
  return startPeriodic(() => maintainEmbedded(db), options.intervalMs ?? 60_000, options);
}
