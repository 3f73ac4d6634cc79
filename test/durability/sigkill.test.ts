import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { eachTarget } from '../support/stores.js';
import {
  freshBackend,
  inParallel,
  runCli,
  startServer,
  type ServerProcess,
} from './server-process.js';

/** Writes in flight at once: enough that the kill lands on many of them. */
const CONCURRENCY = 50;
const FIRST_BATCH = 1_000;
/** The second batch is cut short by the kill once this many of its writes were acknowledged. */
const KILL_AFTER = 250;
const SECOND_BATCH = 2_000;

interface Receipt {
  readonly email: string;
  readonly receiptId: string;
  readonly subjectId: string;
}

/** Records one consent; resolves with the receipt when the server acknowledged it with a 201. */
async function recordConsent(server: ServerProcess, key: string, email: string): Promise<Receipt> {
  const response = await fetch(`${server.url}/v1/consents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      subject: { email },
      choices: { newsletter: 'granted', 'website-analytics': 'denied' },
      source: 'durability-test',
    }),
  });
  const body = (await response.json()) as { receiptId?: unknown; subjectId?: unknown };
  if (
    response.status !== 201 ||
    typeof body.receiptId !== 'string' ||
    typeof body.subjectId !== 'string'
  ) {
    throw new Error(`consent write answered ${response.status}`);
  }
  return { email, receiptId: body.receiptId, subjectId: body.subjectId };
}

/** The consent check the restarted server answers for the acknowledged people, in order. */
async function checkGranted(
  server: ServerProcess,
  key: string,
  receipts: readonly Receipt[],
): Promise<{ allowed: boolean; reason: string }[]> {
  const response = await fetch(`${server.url}/v1/consents/check`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      purpose: 'newsletter',
      subjects: receipts.map((receipt) => ({ email: receipt.email })),
    }),
  });
  if (response.status !== 200) throw new Error(`consent check answered ${response.status}`);
  const body = (await response.json()) as {
    results: { index: number; allowed: boolean; reason: string }[];
  };
  return body.results
    .sort((a, b) => a.index - b.index)
    .map(({ allowed, reason }) => ({ allowed, reason }));
}

eachTarget('durability on $target', ({ target }) => {
  it('keeps every acknowledged consent and a verifying chain across a SIGKILL mid-stream', async () => {
    const backend = await freshBackend(target);
    const run = randomBytes(4).toString('hex');
    const email = (n: number): string => `durable.${run}.${n}@example.com`;
    let server: ServerProcess | undefined;
    try {
      const key = backend.keys.consent;
      server = await startServer(backend);
      const first = server;
      const acknowledged: Receipt[] = [];

      // Every write of the first batch is acknowledged while the server runs undisturbed.
      await inParallel(
        Array.from({ length: FIRST_BATCH }, (_, n) => email(n)),
        CONCURRENCY,
        async (address) => {
          acknowledged.push(await recordConsent(first, key, address));
        },
      );
      expect(acknowledged).toHaveLength(FIRST_BATCH);

      // The second batch is cut off by SIGKILL while writes are in flight; what the server
      // acknowledged before dying is the promise under test, the rest may or may not be there.
      let acknowledgedSecond = 0;
      let lost = 0;
      let killed: Promise<unknown> | undefined;
      await inParallel(
        Array.from({ length: SECOND_BATCH }, (_, n) => email(FIRST_BATCH + n)),
        CONCURRENCY,
        async (address) => {
          if (killed !== undefined) return;
          try {
            acknowledged.push(await recordConsent(first, key, address));
            acknowledgedSecond += 1;
            if (acknowledgedSecond === KILL_AFTER) killed = first.stop('SIGKILL');
          } catch {
            lost += 1;
          }
        },
      );
      expect(killed).toBeDefined();
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
      // Writes were in flight when the process died: the kill hit the stream, not a quiet server.
      expect(lost).toBeGreaterThan(0);

      server = await startServer(backend);
      const second = server;
      // The restarted server answers from what survived: every acknowledged grant is live.
      const answers = await checkGranted(second, key, acknowledged);
      expect(answers.filter((answer) => !answer.allowed)).toEqual([]);
      expect(answers).toHaveLength(acknowledged.length);

      // A clean stop; then the stored data itself: each receipt's event and the state it set.
      expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      const store = await backend.open();
      try {
        const ids = acknowledged.map((receipt) => receipt.receiptId);
        const events = await store.db
          .selectFrom('ledger_events')
          .select(['receipt_id', 'subject_id'])
          .where('receipt_id', 'in', ids)
          .where('purpose', '=', 'newsletter')
          .execute();
        const states = await store.db
          .selectFrom('consent_state')
          .select(['receipt_id', 'subject_id'])
          .where('receipt_id', 'in', ids)
          .where('purpose', '=', 'newsletter')
          .where('status', '=', 'granted')
          .execute();
        const stored = (rows: { receipt_id: string; subject_id: string }[]): Set<string> =>
          new Set(rows.map((row) => `${row.receipt_id} ${row.subject_id}`));
        const expected = acknowledged.map((r) => `${r.receiptId} ${r.subjectId}`);
        const eventKeys = stored(events);
        const stateKeys = stored(states);
        expect(expected.filter((k) => !eventKeys.has(k))).toEqual([]);
        expect(expected.filter((k) => !stateKeys.has(k))).toEqual([]);
      } finally {
        await store.close();
      }

      // The evidence chain verifies from the stored data alone, and holds every write.
      const verify = await runCli(backend, ['evidence', 'verify']);
      expect(verify.code, verify.stderr).toBe(0);
      const verified = Number(/verified (\d+) records/.exec(verify.stdout)?.[1]);
      expect(verified).toBeGreaterThanOrEqual(acknowledged.length);

      // No address reached the log, through either life of the server.
      const log = first.output() + second.output();
      expect(log).toContain('Custodian listening on');
      expect(log).not.toContain(`durable.${run}`);
      expect(log).not.toContain('example.com');
    } finally {
      await server?.stop('SIGKILL');
      await backend.cleanup();
    }
  }, 300_000);
});
