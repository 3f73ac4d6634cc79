import { sql } from 'kysely';
import { Command } from 'commander';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerEvidenceCommands, type OpenRuntime } from '../../src/cli/evidence-command.js';
import { CustodianError } from '../../src/errors.js';
import { appendEvidence, evidenceHead } from '../../src/evidence/index.js';
import type { Store } from '../../src/store/index.js';
import { eachTarget, freshStore } from '../support/stores.js';

interface Run {
  code: number;
  out: string;
  err: string;
  opened: { data?: string }[];
  closed: number;
}

/** Runs `custodian <args>` with only the evidence commands, on a runtime the test supplies. */
async function run(
  args: string[],
  open: (options: { data?: string }) => Promise<Store>,
): Promise<Run> {
  const result: Run = { code: 0, out: '', err: '', opened: [], closed: 0 };
  const state = { exitCode: 0 };
  const program = new Command('custodian').exitOverride();
  const openRuntime: OpenRuntime = async (options) => {
    result.opened.push(options);
    const store = await open(options);
    return {
      store,
      close: () => {
        result.closed++;
        return Promise.resolve();
      },
    };
  };
  registerEvidenceCommands(
    program,
    { stdout: (t) => (result.out += t), stderr: (t) => (result.err += t), cwd: process.cwd() },
    state,
    openRuntime,
  );
  await program.parseAsync(args, { from: 'user' });
  result.code = state.exitCode;
  return result;
}

eachTarget('custodian evidence on $target', ({ target }) => {
  let store: Store;
  beforeAll(async () => {
    store = await freshStore(target);
    for (let n = 0; n < 12; n++) {
      await appendEvidence(store.db, {
        actor: 'key_test',
        action: 'consent.recorded',
        subjectRef: `subject-${n}`,
        details: { purpose: 'newsletter', status: 'granted' },
        at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)),
      });
    }
  });
  afterAll(() => store.close());

  it('verify exits 0 and counts the records, passing --data through and closing the store', async () => {
    const result = await run(['evidence', 'verify', '--data', '/srv/custodian'], () =>
      Promise.resolve(store),
    );
    expect(result).toMatchObject({ code: 0, out: 'verified 12 records\n', err: '', closed: 1 });
    expect(result.opened).toEqual([{ data: '/srv/custodian' }]);
  });

  it('verify without --data asks for the default store', async () => {
    const result = await run(['evidence', 'verify'], () => Promise.resolve(store));
    expect(result.opened).toEqual([{}]);
  });

  it('verify exits 1 naming the first broken sequence', async () => {
    const trx = await store.db.startTransaction().execute();
    try {
      await sql`update evidence set action = 'consent.withdrawn' where seq = 7`.execute(trx);
      const result = await run(['evidence', 'verify'], () =>
        Promise.resolve({ ...store, db: trx }),
      );
      expect(result).toMatchObject({
        code: 1,
        out: 'evidence chain broken at sequence 7 (altered)\n',
        closed: 1,
      });
    } finally {
      await trx.rollback().execute();
    }
  });

  it('head prints the last sequence and its hash', async () => {
    const head = await evidenceHead(store.db);
    const result = await run(['evidence', 'head'], () => Promise.resolve(store));
    expect(result).toMatchObject({ code: 0, out: `12 ${head.hash}\n` });
    expect(head.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('exits 2, not 1, when the database cannot be opened', async () => {
    const result = await run(['evidence', 'verify'], () =>
      Promise.reject(new CustodianError('store.unreachable', 'cannot connect to the database')),
    );
    expect(result).toMatchObject({
      code: 2,
      out: '',
      err: 'custodian: cannot open the database: cannot connect to the database\n',
    });
  });

  it('exits 2, not 1, when the chain cannot be read, and still closes the store', async () => {
    const trx = await store.db.startTransaction().execute();
    try {
      await sql`drop table evidence`.execute(trx);
      const result = await run(['evidence', 'verify'], () =>
        Promise.resolve({ ...store, db: trx }),
      );
      expect(result).toMatchObject({ code: 2, out: '', closed: 1 });
      expect(result.err).toMatch(/^custodian: cannot read the evidence chain: /);
    } finally {
      await trx.rollback().execute();
    }
  });
});
