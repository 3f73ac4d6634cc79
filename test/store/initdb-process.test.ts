import { existsSync, mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, expect, it } from 'vitest';
import { initdbInChild } from '../../src/store/initdb-process.js';
import { migrate, openStore } from '../../src/store/index.js';

const root = mkdtempSync(path.join(tmpdir(), 'custodian-initdb-'));
afterAll(() => rm(root, { recursive: true, force: true }));

it('makes a new embedded database in a child process, which this process then opens', async () => {
  // Private first, as openStore makes it before it calls initdbInChild.
  const dir = path.join(root, 'made');
  await mkdir(dir, { mode: 0o700 });
  expect(await initdbInChild(dir, PGlite.defaultStartParams)).toBe(true);
  expect(existsSync(path.join(dir, 'PG_VERSION'))).toBe(true);
  // A directory that holds a database is left alone.
  expect(await initdbInChild(dir, PGlite.defaultStartParams)).toBe(false);
  const store = await openStore({ dataDir: dir, minFreeBytes: 0 });
  try {
    expect((await migrate(store.db)).length).toBeGreaterThan(0);
  } finally {
    await store.close();
  }
}, 120_000);

it('resolves false where it cannot make a database, leaving the refusal to the caller', async () => {
  // A file where a directory should be: the child fails, and the opening that follows says why.
  const file = path.join(root, 'a-file');
  await writeFile(file, 'x');
  expect(await initdbInChild(path.join(file, 'data'), PGlite.defaultStartParams)).toBe(false);
}, 120_000);
