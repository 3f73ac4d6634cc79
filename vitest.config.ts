import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One scratch directory for the data of server processes, removed when the run ends.
    globalSetup: ['test/durability/global-setup.ts'],
    // Storage suites start real databases and the durability suite real server processes. The
    // limits catch hangs, not slowness: on a busy two-core machine a fuzz pass over every route or
    // a request run over three databases takes several times what it takes idle.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Files share a worker's module cache: PGlite's WebAssembly, the migrated PGlite snapshot and
    // the PostgreSQL template database (test/support/stores.ts) are then made once per worker
    // instead of once per file, which roughly halves `npm test` on two cores. Test files must
    // therefore leave no global state behind (env, listeners, timers): they close what they open.
    isolate: false,
    // Two workers even on two cores (vitest's default is one fewer than the cores): much of a run
    // waits on PostgreSQL, MariaDB and server processes, not on this process's CPU. Test files
    // name their databases and directories per process, so two workers never share one.
    maxWorkers: 2,
    reporters: process.env['CI'] ? ['default', 'json'] : ['default'],
    outputFile: { json: '.ci/results/vitest.json' },
  },
});
