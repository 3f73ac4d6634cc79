import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maintainEmbedded, type Store } from '../../src/store/index.js';
import { freshStore } from '../support/stores.js';

/**
 * The embedded database has no autovacuum. Without statistics a consent check of 50,000 people on
 * a ledger of 100,000 took 17 s and held the event loop 0.6 s a chunk (issue 9, fault 5's class):
 * `serve` runs these passes every minute on the embedded store.
 */
describe('maintenance of the embedded database', () => {
  let store: Store;
  beforeAll(async () => {
    store = await freshStore('pglite');
  });
  afterAll(async () => {
    await store.close();
  });

  const lastAnalysed = async (): Promise<Date | null> => {
    const { rows } = await sql<{ at: Date | null }>`
      select last_analyze as at from pg_stat_user_tables where relname = 'subjects'`.execute(
      store.db,
    );
    return rows[0]?.at ?? null;
  };

  it('analyses a table that changed past the threshold, then leaves it until it changes again', async () => {
    await sql`insert into subjects (id) select gen_random_uuid() from generate_series(1, 2000)`.execute(
      store.db,
    );
    expect(await lastAnalysed()).toBeNull();
    const first = await maintainEmbedded(store.db);
    expect(first.analysed).toContain('public.subjects');
    expect(await lastAnalysed()).not.toBeNull();
    // The planner now knows the table's size.
    const { rows } = await sql<{ tuples: number }>`
      select reltuples::int as tuples from pg_class where relname = 'subjects'`.execute(store.db);
    expect(rows[0]?.tuples).toBe(2000);

    const again = await maintainEmbedded(store.db);
    expect([...again.analysed, ...again.vacuumed]).not.toContain('public.subjects');
  });

  it('vacuums a table with many dead rows', async () => {
    await sql`delete from subjects where id in (select id from subjects limit 1500)`.execute(
      store.db,
    );
    const pass = await maintainEmbedded(store.db);
    expect(pass.vacuumed).toContain('public.subjects');
    const { rows } = await sql<{ dead: string }>`
      select n_dead_tup as dead from pg_stat_user_tables where relname = 'subjects'`.execute(
      store.db,
    );
    expect(Number(rows[0]?.dead)).toBe(0);
  });
});
