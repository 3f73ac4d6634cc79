import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  consentActivity,
  recordConsent,
  recordObjection,
  type Choice,
} from '../../src/ledger/index.js';
import { MIGRATIONS, type Database, type Store } from '../../src/store/index.js';
import { eachTarget, freshStore } from '../support/stores.js';
import { ledgerContext, person, testClock } from './fixture.js';

const DAY_MS = 86_400_000;

/**
 * Each event's `withdrawal` flag beside what the ledger's history says it is, decided as the
 * charts decided it before migration 0015: a refusal whose previous grant-or-refusal for the same
 * subject and purpose, in id order, was a grant.
 */
async function flagsAndHistory(
  db: Kysely<Database>,
): Promise<{ id: string; kind: string; flag: boolean; history: boolean }[]> {
  const { rows } = await sql<{ id: string; kind: string; flag: boolean; history: boolean }>`
    select e.id::text as id, e.kind, e.withdrawal as flag,
      coalesce(e.kind = 'denied' and prev.kind = 'granted', false) as history
    from ledger_events e
    left join lateral (
      select p.kind from ledger_events p
      where p.subject_id = e.subject_id and p.id < e.id and p.purpose = e.purpose
        and p.kind in ('granted', 'denied')
      order by p.id desc
      limit 1
    ) prev on true
    order by e.id`.execute(db);
  return rows;
}

eachTarget('consent withdrawals on $target', ({ target }) => {
  let store: Store;
  beforeEach(async () => {
    store = await freshStore(target);
  });
  afterEach(() => store.close());

  it('marks the refusals written before migration 0015 that withdrew a grant', async () => {
    // The database as it was before 0015: no column, the migration not applied.
    // Its own `up` runs again below, so the migrations after it need no undoing.
    await sql`alter table ledger_events drop column withdrawal`.execute(store.db);
    const ana = randomUUID();
    const ben = randomUUID();
    for (const id of [ana, ben]) {
      await sql`insert into subjects (id) values (${id}::uuid)`.execute(store.db);
    }
    const start = Date.parse('2026-01-10T12:00:00.000Z');
    // Written as the ledger wrote them then, oldest first; the expected flag beside each.
    const history: [string, string | null, string, boolean][] = [
      [ana, 'newsletter', 'granted', false],
      [ben, 'analytics', 'denied', false], // a first refusal withdraws nothing
      [ana, 'analytics', 'denied', false], // another purpose's grant does not count
      [ana, 'newsletter', 'denied', true],
      [ana, 'newsletter', 'objection', false], // an objection is not a choice
      [ana, 'newsletter', 'denied', false], // refused again: the previous choice is a refusal
      [ben, 'analytics', 'granted', false],
      [ben, null, 'restricted', false],
      [ben, 'analytics', 'suppressed', false],
      [ana, 'newsletter', 'granted', false],
      [ben, 'analytics', 'denied', true], // the objection of a consent purpose, after a grant
      [ben, 'analytics', 'objection', false],
      [ana, 'newsletter', 'denied', true],
    ];
    for (const [i, [subject, purpose, kind]] of history.entries()) {
      await sql`insert into ledger_events
          (receipt_id, subject_id, purpose, kind, source, notice_version, gpc, recorded_at)
        values (${randomUUID()}::uuid, ${subject}::uuid, ${purpose}, ${kind}, 'test', null,
          false, ${new Date(start + i * DAY_MS).toISOString()}::timestamptz)`.execute(store.db);
    }

    const withdrawals = MIGRATIONS['0015-ledger-withdrawals'];
    if (withdrawals === undefined) throw new Error('migration 0015 is gone');
    await withdrawals.up(store.db);
    const rows = await flagsAndHistory(store.db);
    expect(rows.map((row) => row.flag)).toEqual(history.map(([, , , flag]) => flag));
    expect(rows.map((row) => row.flag)).toEqual(rows.map((row) => row.history));

    const activity = await consentActivity(store.db, {
      purposes: ['newsletter', 'analytics'],
      from: new Date(start - DAY_MS / 2),
      to: new Date(start + history.length * DAY_MS),
    });
    const sum = (key: 'granted' | 'refused' | 'withdrawn'): number =>
      activity.reduce((total, row) => total + row[key], 0);
    expect([sum('granted'), sum('refused'), sum('withdrawn')]).toEqual([3, 3, 3]);
  });

  it('decides the flag under the subject lock, also for choices written at the same time', async () => {
    const clock = testClock();
    const ctx = ledgerContext(clock);
    const email = person('cem');
    const other = person('dia');
    // A first grant, then 24 choices and objections for one person at once (a PostgreSQL pool
    // runs several transactions side by side; PGlite runs them one after the other).
    await recordConsent(store.db, ctx, {
      subject: { email },
      choices: { newsletter: 'granted' },
      source: 'signup-form',
    });
    const writes = Array.from({ length: 24 }, (_, i) => {
      if (i % 6 === 5) {
        return recordObjection(store.db, ctx, {
          subject: { email },
          purpose: 'newsletter',
          source: 'unsubscribe-page',
        });
      }
      const choice: Choice = i % 3 === 0 ? 'denied' : i % 3 === 1 ? 'granted' : 'denied';
      return recordConsent(store.db, ctx, {
        subject: { email: i % 4 === 3 ? other : email },
        choices: { newsletter: choice, analytics: i % 2 === 0 ? 'granted' : 'denied' },
        source: 'cookie-banner',
      });
    });
    await Promise.all(writes);

    const rows = await flagsAndHistory(store.db);
    expect(rows.filter((row) => row.kind === 'denied').length).toBeGreaterThan(10);
    // Some refusals withdrew a grant and some did not, and every flag is what the history says.
    expect(rows.some((row) => row.flag)).toBe(true);
    expect(rows.some((row) => row.kind === 'denied' && !row.flag)).toBe(true);
    expect(rows.map((row) => row.flag)).toEqual(rows.map((row) => row.history));
  });
});
