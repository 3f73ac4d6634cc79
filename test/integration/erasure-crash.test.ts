import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import {
  certificateKey,
  storedCertificate,
  verifyCertificate,
  type ErasureCertificate,
} from '../../src/execution/index.js';
import { approveRequest, getRequest, openRequest } from '../../src/requests/index.js';
import {
  certificateSigningKey,
  migrate,
  openStore,
  serverSecret,
  type Store,
} from '../../src/store/index.js';
import {
  createShop,
  SHOP_DATABASES,
  seedRows,
  type Layout,
  type Rows,
} from '../support/shop/index.js';
import { freshDatabase } from '../support/stores.js';
import { bestmixMap, layouts } from './harness.js';

/**
 * The erasure survives a crash: a process running it is SIGKILLed right after a datastore has
 * committed its steps and before Custodian checkpointed them (the worst moment), a second process
 * runs the request again, and the databases end exactly as after an uninterrupted erasure of an
 * identical shop, with the same certificate.
 */

const CHILD = fileURLToPath(new URL('./erasure-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** One server secret for both runs, so keyed hashes in the databases come out the same. */
const SECRET = randomBytes(32).toString('hex');
const ANA = 'ana@example.com';

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

/** Runs the child; with `killAt`, SIGKILLs it once it prints that line. */
function runChild(setup: object, killAt?: string): Promise<Exit> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: { ...process.env, CUSTODIAN_CHILD: JSON.stringify(setup), CUSTODIAN_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const listen = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    if (killAt !== undefined && output.includes(killAt)) child.kill('SIGKILL');
  };
  child.stdout.on('data', listen);
  child.stderr.on('data', listen);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

/** A Custodian database the child can open after this process lets go of it. */
async function custodianDb(embedded: boolean): Promise<{
  readonly setup: { url?: string; dataDir?: string };
  readonly open: () => Promise<Store>;
  readonly drop: () => Promise<void>;
}> {
  if (embedded) {
    const dataDir = await mkdtemp(path.join(inject('scratchDir'), 'crash-store-'));
    return {
      setup: { dataDir },
      open: () => openStore({ dataDir }),
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const { url, drop } = await freshDatabase();
  return { setup: { url }, open: () => openStore({ url, poolSize: 2 }), drop };
}

interface Finished {
  readonly rows: Rows;
  readonly seed: Rows;
  readonly certificate: ErasureCertificate;
  readonly publicKey: string;
  readonly status: string;
  readonly steps: number;
}

/**
 * An approved erasure of Ana on a fresh shop, run in child processes: killed after `crashAfter`
 * datastores committed their steps and run again, or run once.
 */
async function erase(layout: Layout, crashAfter?: number): Promise<Finished> {
  const shop = await createShop(layout);
  const embedded = layout.shop !== 'postgres';
  const db = await custodianDb(embedded);
  try {
    let store = await db.open();
    let requestId: string;
    try {
      await migrate(store.db);
      const map = { ...(await bestmixMap()), datastores: shop.datastores };
      const ctx = {
        map,
        secret: await serverSecret(store.db, SECRET),
        now: () => new Date(),
        actor: 'cli:operator',
      };
      requestId = (
        await openRequest(store.db, ctx, {
          type: 'erasure',
          email: ANA,
          country: 'BE',
          operator: true,
        })
      ).requestId;
      await approveRequest(store.db, ctx, requestId);
    } finally {
      // An embedded database has one user at a time: the child's now.
      await store.close();
    }
    const setup = { store: db.setup, datastores: shop.datastores, env: shop.env, requestId };
    if (crashAfter !== undefined) {
      const killed = await runChild({ ...setup, crashAfter }, `applied ${crashAfter}\n`);
      expect(killed.signal, killed.output).toBe('SIGKILL');
      // Killed half-way: the first `crashAfter` datastores changed, the others not, and nothing
      // is certified.
      const half = await shop.rows();
      const seed = seedRows(shop.seed);
      const changed = SHOP_DATABASES.filter((id) => !isDeepStrictEqual(half[id], seed[id]));
      expect(changed).toHaveLength(crashAfter);
      expect(changed.length).toBeLessThan(SHOP_DATABASES.length);
      store = await db.open();
      try {
        expect((await getRequest(store.db, requestId)).status).toBe('running');
        expect(await storedCertificate({ db: store.db }, requestId)).toBeUndefined();
        const checkpoints = await store.db
          .selectFrom('erasure_steps')
          .select('datastore')
          .execute();
        // All the steps of the datastores before the last one committed, none of that one's.
        const checkpointed = new Set(checkpoints.map((checkpoint) => checkpoint.datastore));
        expect(checkpoints.length).toBeGreaterThan(0);
        expect(checkpointed.size).toBe(crashAfter - 1);
        expect(changed.filter((id) => !checkpointed.has(id))).toHaveLength(1);
      } finally {
        await store.close();
      }
    }
    const run = await runChild(setup);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('done completed');
    store = await db.open();
    try {
      const certificate = await storedCertificate({ db: store.db }, requestId);
      if (certificate === undefined) throw new Error('no certificate');
      const steps = await store.db.selectFrom('erasure_steps').select('step').execute();
      return {
        rows: await shop.rows(),
        seed: seedRows(shop.seed),
        certificate,
        publicKey: certificateKey(await certificateSigningKey(store.db)).publicKey,
        status: (await getRequest(store.db, requestId)).status,
        steps: steps.length,
      };
    } finally {
      await store.close();
    }
  } finally {
    await db.drop();
    await shop.drop();
  }
}

/** What a certificate says, without what differs between two requests: the id and the times. */
function statement(certificate: ErasureCertificate): object {
  const { requestId, planComputedAt, completedAt, ...rest } = certificate.body;
  expect([requestId, planComputedAt, completedAt].every((v) => v.length > 0)).toBe(true);
  return rest;
}

const all = layouts();
const chosen = [all[0], all.length > 1 ? all.at(-1) : undefined].filter((l) => l !== undefined);

describe.each(chosen)('an erasure killed half-way: $name', ({ layout }) => {
  it('finishes on a rerun with the same databases and certificate as an uninterrupted run', async () => {
    const uninterrupted = await erase(layout);
    // A plan has a dozen steps in three datastores here; the kill lands after the second
    // datastore has committed its steps, before they are checkpointed.
    expect(uninterrupted.steps).toBeGreaterThan(6);
    const resumed = await erase(layout, 2);
    expect(resumed.status).toBe('completed');
    expect(resumed.steps).toBe(uninterrupted.steps);
    expect(resumed.rows).toEqual(uninterrupted.rows);
    expect(resumed.rows).not.toEqual(resumed.seed);
    expect(verifyCertificate(resumed.certificate, resumed.publicKey)).toBe(true);
    expect(statement(resumed.certificate)).toEqual(statement(uninterrupted.certificate));
  }, 240_000);
});
