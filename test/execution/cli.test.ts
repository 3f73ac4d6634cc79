import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { main, type Io } from '../../src/cli/main.js';
import { runOnApproval } from '../../src/execution/index.js';
import { loadFile } from '../../src/map/index.js';
import { getRequest, openRequest } from '../../src/requests/index.js';
import { certificateSigningKey, openPGlite, serverSecret } from '../../src/store/index.js';
import { freshStore } from '../support/stores.js';
import { DEMO_MAP_FILE } from '../server/helpers.js';
import { SHOP, SHOP_SQL } from './fixture.js';
import { leaked } from '../support/leaks.js';

/** Runs the CLI in `cwd`, capturing what it prints. */
async function cli(cwd: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('custodian requests run and package', () => {
  let dir: string;
  /** Opens a request of `type` for `email` in Belgium, identity checked by an operator. */
  const openByOperator = (type: string, email: string): ReturnType<typeof cli> =>
    cli(
      dir,
      'requests',
      'open',
      '--type',
      type,
      '--email',
      email,
      '--country',
      'BE',
      '--operator',
      'alice',
    );

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'custodian-exec-'));
    const shop = await openPGlite(path.join(dir, 'shop'));
    for (const statement of SHOP_SQL) await shop.query(statement);
    await shop.close();
    // The demo map (it passes `custodian check`), with the fixture shop as its datastore.
    const raw = parse(await readFile(DEMO_MAP_FILE, 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(dir, 'privacy.yaml'), stringify({ ...raw, datastores: [SHOP] }));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('dry-runs and runs an erasure, printing counts and no personal data', async () => {
    const opened = await openByOperator('erasure', 'ana@example.com');
    expect(opened.code).toBe(0);
    const id = opened.stdout.trim();
    expect((await cli(dir, 'requests', 'approve', id)).code).toBe(0);

    const dry = await cli(dir, 'requests', 'run', id, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^datastore\s+collection\s+found\s+held\s+op\s+rows\s+strategies$/m);
    expect(dry.stdout).toMatch(/^shop\s+customers\s+1\s+0\s+delete\s+1\s*$/m);
    expect(dry.stdout).toMatch(/^shop\s+payments\s+2\s+1\s+delete\s+1\s*$/m);
    // A line per hold: what is kept, why and until when (paid 2025-06-01, ten years).
    expect(dry.stdout).toContain(
      'held: shop.payments 1 row: Accounting law: 10 years, until 2035-05-31\n',
    );
    expect(leaked(dry.stdout + dry.stderr, ['ana', 'example.com'])).toEqual([]);

    const run = await cli(dir, 'requests', 'run', id);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${id} completed`);
    expect(leaked(run.stdout + run.stderr, ['ana', 'veldstraat'])).toEqual([]);

    // Run again after it completed: nothing is carried out twice, and the answer is its
    // certificate, with exit 0 (issue 10), as `requests certificate` prints it without a server.
    const again = await cli(dir, 'requests', 'run', id);
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n')[0]).toBe(`${id} completed`);
    expect(again.stderr).toContain('nothing was run again');
    const rerunCertificate = JSON.parse(again.stdout.slice(again.stdout.indexOf('\n') + 1)) as {
      body: { requestId: string };
      signature: string;
    };
    expect(rerunCertificate.body.requestId).toBe(id);
    const printed = await cli(dir, 'requests', 'certificate', id);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).toEqual(rerunCertificate);
    expect(leaked(printed.stdout, ['ana', 'veldstraat'])).toEqual([]);
    // Only a completed erasure has one.
    const pending = await openByOperator('erasure', 'bob@example.com');
    const none = await cli(dir, 'requests', 'certificate', pending.stdout.trim());
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('certificate.not_found');

    // GDPR Art. 19: the recipients to tell, by id and name, after the timeline's facts.
    const shown = await cli(dir, 'requests', 'show', id);
    expect(shown.stdout).toMatch(/^inform {4}\(GDPR Art\. 19\)\n {2}\S+ {2}\S/m);
  });

  it('writes the access package of a request to a file, in the language of the request', async () => {
    const opened = await cli(
      dir,
      'requests',
      'open',
      '--type',
      'access',
      '--email',
      'bob@example.com',
      '--country',
      'BE',
      '--operator',
      'alice',
      '--language',
      'nl',
    );
    const id = opened.stdout.trim();
    const out = path.join(dir, 'bob.zip');
    // An older file others could read: replaced by one only its owner can, whatever the umask.
    await writeFile(out, 'old', { mode: 0o644 });
    await chmod(out, 0o644);
    const written = await cli(dir, 'requests', 'package', id, '--out', out);
    expect(written.code).toBe(0);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const files = unzipSync(new Uint8Array(await readFile(out)));
    expect(Object.keys(files)).toContain('csv/shop/customers.csv');
    expect(new TextDecoder().decode(files['csv/shop/customers.csv'])).toContain('bob@example.com');
    // The summary speaks the person's language, not the map's first.
    const summary = new TextDecoder().decode(files['summary.html']);
    expect(summary).toContain('Uw persoonsgegevens bij');
    expect(summary).not.toContain('Your personal data at');

    const erasure = await openByOperator('erasure', 'bob@example.com');
    const refused = await cli(dir, 'requests', 'package', erasure.stdout.trim());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('execution.not_a_package');
  });

  it('runs an approved request at once through the approval hook', async () => {
    const loaded = await loadFile(path.join(dir, 'privacy.yaml'));
    if (!loaded.ok) return expect.fail('the map loads');
    const map = loaded.value.map;
    const store = await freshStore('pglite');
    try {
      const secret = await serverSecret(store.db);
      const now = () => new Date();
      const ctx = {
        map,
        secret,
        now,
        actor: 'cli:alice',
        onApproved: runOnApproval({
          db: store.db,
          map,
          secret,
          signingKey: await certificateSigningKey(store.db),
          now,
          mapDir: dir,
        }),
      };
      const opened = await openRequest(store.db, ctx, {
        type: 'restriction',
        email: 'bob@example.com',
        country: 'BE',
        operator: true,
      });
      expect(opened.status).toBe('approved');
      const record = await getRequest(store.db, opened.requestId);
      expect(record.status).toBe('completed');
      expect(record.summary).toMatchObject({ collections: [{ collection: 'customers', rows: 1 }] });
    } finally {
      await store.close();
    }
  });
});
