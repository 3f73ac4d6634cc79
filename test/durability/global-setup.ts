import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A directory for the server processes' data, removed when the run ends however it ends. */
    scratchDir: string;
  }
}

/**
 * Runs once in vitest's main process: workers may be killed rather than exit, so the data
 * directories of server processes live under one directory this teardown removes.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'custodian-test-'));
  project.provide('scratchDir', dir);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
