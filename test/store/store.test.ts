import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MIGRATIONS, migrate, type Store } from '../../src/store/index.js';
import { eachTarget, freshStore } from '../support/stores.js';

/** What undoes the latest migration, for the test that it is applied when missing. */
const UNDO_LAST: Readonly<Record<string, string>> = {
  '0010-staff-users': 'drop table sessions, users',
  '0011-notice-publications': 'drop table notice_publications',
  '0012-staff-second-factor':
    'alter table users drop column totp_enabled, drop column totp_last_step, drop column pending_sign_in_hash, drop column pending_sign_in_until, drop column last_sign_in_at',
  '0013-evidence-checkpoint': `do $$ begin
    drop table evidence_checkpoint;
    drop index evidence_subject;
    drop index evidence_request;
  end $$`,
  '0014-ledger-events-by-time': 'drop index ledger_events_recorded',
  '0015-ledger-withdrawals': 'alter table ledger_events drop column withdrawal',
  '0016-retention-runs': 'drop table retention_progress, retention_runs',
  '0017-outbox-by-request': 'drop index outbox_request',
  '0018-special-findings': 'drop table special_findings, special_watermarks',
};

it('lists the migrations in the order they run, each number once', () => {
  // Kysely runs them by name; branches merged side by side must not leave them out of order.
  const names = Object.keys(MIGRATIONS);
  expect(names).toEqual([...names].sort());
  const numbers = names.map((name) => name.slice(0, 4));
  expect(new Set(numbers).size).toBe(numbers.length);
  expect(numbers).toEqual(numbers.map((_, i) => String(i + 1).padStart(4, '0')));
});

eachTarget('store on $target', ({ target }) => {
  let store: Store;
  beforeAll(async () => {
    store = await freshStore(target);
  });
  afterAll(() => store.close());

  it('starts fully migrated, and migrating again applies nothing', async () => {
    expect(await migrate(store.db)).toEqual([]);
    const rows = await sql<{
      name: string;
    }>`select name from kysely_migration order by name`.execute(store.db);
    expect(rows.rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS));
  });

  it('applies a migration the database lacks, though it has the others', async () => {
    const last = Object.keys(MIGRATIONS).at(-1) ?? '';
    // Undoes the last migration; a new migration adds its own undo here.
    const undo = UNDO_LAST[last];
    expect(undo, `an undo statement for ${last}`).toBeDefined();
    await sql.raw(undo ?? '').execute(store.db);
    await sql`delete from kysely_migration where name = ${last}`.execute(store.db);
    expect(await migrate(store.db)).toEqual([last]);
    expect(await migrate(store.db)).toEqual([]);
  });

  it('starts with an empty ledger and the evidence chain at its genesis', async () => {
    expect(await store.db.selectFrom('ledger_events').selectAll().execute()).toEqual([]);
    const head = await store.db.selectFrom('evidence_head').selectAll().executeTakeFirstOrThrow();
    expect(Number(head.seq)).toBe(0);
    expect(head.hash).toBe('0'.repeat(64));
  });
});
