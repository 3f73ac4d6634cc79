import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { deliverOutbox, smtpTransport, type MailTransport } from '../../src/mail/index.js';
import type { DataMap } from '../../src/map/index.js';
import type { RequestContext } from '../../src/requests/index.js';
import type { Database, Store } from '../../src/store/index.js';
import { testClock, type TestClock } from '../ledger/fixture.js';
import { demoMap } from '../server/helpers.js';
import { freshStore, type Target } from '../support/stores.js';
import { smtpSink, type SmtpSink } from './smtp-sink.js';

export const SECRET = Buffer.from('requests-test-secret-requests-test-secret');

/** A fresh store, the BESTMIX map, a clock, a real SMTP sink and the approvals the hook saw. */
export interface RequestHarness {
  readonly store: Store;
  readonly map: DataMap;
  readonly clock: TestClock;
  readonly sink: SmtpSink;
  readonly transport: MailTransport;
  /** Request ids the approved hook was called with, in order. */
  readonly approved: string[];
  context(actor?: string): RequestContext;
  /** One delivery pass of the outbox into the sink. */
  deliver(): Promise<void>;
  close(): Promise<void>;
}

export async function requestHarness(target: Target): Promise<RequestHarness> {
  const store = await freshStore(target);
  const map = await demoMap();
  const clock = testClock('2026-03-02T09:00:00.000Z');
  const sink = await smtpSink();
  const transport = smtpTransport(sink.url);
  const approved: string[] = [];
  return {
    store,
    map,
    clock,
    sink,
    transport,
    approved,
    context: (actor = 'public') => ({
      map,
      secret: SECRET,
      now: clock.now,
      actor,
      // Suites open many requests for one address on one day; the caps have their own test.
      mailLimits: { perEmail: false, total: false },
      onApproved: (id) => {
        approved.push(id);
      },
    }),
    deliver: async () => {
      await deliverOutbox(store.db, SECRET, transport, { now: clock.now });
    },
    close: async () => {
      transport.close();
      await sink.close();
      await store.close();
    },
  };
}

/** A person no other test uses, at an RFC 2606 domain. */
export function person(name = 'ana'): string {
  return `${name}.${randomBytes(4).toString('hex')}@example.com`;
}

/** Every row of a table as text, to look for a value that must not be there. */
export async function tableText(db: Kysely<Database>, table: string): Promise<string> {
  const { rows } = await sql<{
    row: string;
  }>`select t::text as row from ${sql.table(table)} t`.execute(db);
  return rows.map((row) => row.row).join('\n');
}
