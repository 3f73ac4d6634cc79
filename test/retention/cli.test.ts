import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../src/cli/main.js';
import type { RetentionPlan, SweepReport } from '../../src/retention/index.js';
import { openPGlite } from '../../src/store/index.js';
import { leaked } from '../support/leaks.js';
import { SHOP_SQL, writeShopMap } from './shop.js';

async function cli(cwd: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('custodian retention plan', () => {
  let dir: string;
  let tables: () => Promise<unknown[][]>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'custodian-retention-'));
    const shop = await openPGlite(path.join(dir, 'shop'));
    for (const statement of SHOP_SQL) await shop.query(statement);
    await shop.close();
    tables = async () => {
      const db = await openPGlite(path.join(dir, 'shop'));
      try {
        const all: unknown[][] = [];
        for (const table of ['customers', 'orders', 'invoices', 'invoice_lines']) {
          all.push((await db.query(`select * from ${table} order by 1, 2`)).rows);
        }
        return all;
      } finally {
        await db.close();
      }
    };
    await writeShopMap(path.join(dir, 'privacy.yaml'), 'pglite');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints counts per collection and no personal data, and changes nothing', async () => {
    const before = await tables();
    const result = await cli(dir, 'retention', 'plan');
    expect(result.stderr).toContain('nothing was changed');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^datastore\s+collection\s+period\s+from\s+past\s+held\s+restricted\s+open\s+due\s+action$/m,
    );
    // Past: Ana, Bob, Eve, Gus; Eve is flagged restricted; no request is open here.
    expect(result.stdout).toMatch(
      /^shop\s+customers\s+P3Y\s+lastActivity\s+4\s+0\s+1\s+0\s+3\s+anonymise email=hash name=mask$/m,
    );
    expect(result.stdout).toMatch(/^shop\s+products\s+no-rule\s+-/m);
    expect(result.stdout).toContain(
      'hold shop.invoice_lines (with invoices): Tax law: 10 years [BE WIB 92 art. 315], P10Y after issued_at',
    );
    expect(leaked(result.stdout + result.stderr, ['ana', 'example.com', 'gus'])).toEqual([]);
    expect(await tables()).toEqual(before);
  });

  it('prints the plan as JSON with --format json', async () => {
    const result = await cli(dir, 'retention', 'plan', '--format', 'json');
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as RetentionPlan;
    expect(plan.collections.find((c) => c.collection === 'invoices')).toMatchObject({
      status: 'planned',
      period: 'P10Y',
      past: 1,
      held: 0,
      due: 1,
    });
  });

  it('sweeps what the plan counts as due, and lists the run', async () => {
    const result = await cli(dir, 'retention', 'sweep', '--batch-size', '2');
    expect(result.stderr).toMatch(/retention sweep [0-9a-f-]{36}: completed/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^datastore\s+collection\s+status\s+action\s+deleted\s+anonymised\s+kept\s+batches$/m,
    );
    // As the plan said: three customers anonymised (Eve is flagged), one invoice deleted.
    expect(result.stdout).toMatch(
      /^shop\s+customers\s+swept\s+anonymise\s+0\s+3\s+1 restricted\s+2$/m,
    );
    expect(result.stdout).toMatch(/^shop\s+invoices\s+swept\s+delete\s+1\s+0\s+-\s+1$/m);
    expect(result.stdout).toMatch(/^shop\s+products\s+no-rule\s+-/m);
    // Then Custodian's own records, by the map's `records` periods.
    for (const own of ['outbox', 'requests', 'ledger_events']) {
      expect(result.stdout).toMatch(new RegExp(`^custodian\\s+${own}\\s+swept\\s+delete`, 'm'));
    }
    expect(leaked(result.stdout + result.stderr, ['ana', 'example.com', 'gus'])).toEqual([]);
    const again = await cli(dir, 'retention', 'sweep', '--format', 'json');
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as SweepReport;
    expect(report.collections.every((c) => c.deleted === 0 && c.anonymised === 0)).toBe(true);
    const runs = await cli(dir, 'retention', 'runs');
    expect(runs.code).toBe(0);
    expect(runs.stdout.trim().split('\n')).toHaveLength(2);
    // Newest first: the second run changed nothing.
    expect(runs.stdout).toMatch(
      /cli\s+completed\s+deleted 0, anonymised 0\n.*cli\s+completed\s+deleted \d+, anonymised 3\n$/,
    );
  });

  it('refuses a batch size that is not a number of rows', async () => {
    const result = await cli(dir, 'retention', 'sweep', '--batch-size', '10k');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('a whole number of rows from 1 to 100000');
  });
});
