import type { Command } from 'commander';
import { CustodianError, EXIT } from '../errors.js';
import { evidenceHead, verifyEvidence } from '../evidence/index.js';
import { describeThrown, storeFailure, type Store } from '../store/index.js';
import type { Io } from './main.js';

/** Opens the store the command works on: `--data dir` for PGlite, or DATABASE_URL. */
export type OpenRuntime = (options: {
  data?: string;
}) => Promise<{ store: Store; close(): Promise<void> }>;

/**
 * Exit codes, from the catalog (src/error-codes.ts): 0 verified, 1 the chain is broken (a
 * finding), 2 no verdict could be reached, whatever stopped it: a failed store too, unlike other
 * commands, so that nothing but tampering exits 1.
 */
const { ok: VERIFIED, findings: BROKEN, refused: UNUSABLE } = EXIT;

/**
 * `custodian evidence verify` and `custodian evidence head`. A broken chain exits 1; a database that
 * cannot be opened or read exits 2, so a scheduled check can tell tampering from an outage.
 */
export function registerEvidenceCommands(
  program: Command,
  io: Io,
  state: { exitCode: number },
  openRuntime: OpenRuntime,
): void {
  const evidence = program
    .command('evidence')
    .description('the tamper-evident evidence chain: verify it, print its head');

  evidence
    .command('verify')
    .description('recompute every hash of the evidence chain; exit 1 at the first broken record')
    .option('--data <dir>', 'the embedded database directory (when DATABASE_URL is not set)')
    .action(async (options: { data?: string }) => {
      await withStore(io, state, openRuntime, options, async (store) => {
        const result = await verifyEvidence(store.db);
        if (result.ok) {
          io.stdout(`verified ${result.count} records\n`);
          state.exitCode = VERIFIED;
        } else {
          io.stdout(`evidence chain broken at sequence ${result.brokenAt} (${result.reason})\n`);
          state.exitCode = BROKEN;
        }
      });
    });

  evidence
    .command('head')
    .description('print the last sequence and its hash, to anchor the chain outside the database')
    .option('--data <dir>', 'the embedded database directory (when DATABASE_URL is not set)')
    .action(async (options: { data?: string }) => {
      await withStore(io, state, openRuntime, options, async (store) => {
        const head = await evidenceHead(store.db);
        io.stdout(`${head.seq} ${head.hash}\n`);
        state.exitCode = VERIFIED;
      });
    });
}

/**
 * Opens the store, runs the work and closes the store. Anything that stops the work from reaching a
 * verdict (an unreachable database, a missing table) exits 2: exit 1 means a broken chain, and
 * nothing else may look like one.
 */
async function withStore(
  io: Io,
  state: { exitCode: number },
  openRuntime: OpenRuntime,
  options: { data?: string },
  work: (store: Store) => Promise<void>,
): Promise<void> {
  let runtime: Awaited<ReturnType<OpenRuntime>>;
  try {
    runtime = await openRuntime(options.data === undefined ? {} : { data: options.data });
  } catch (error) {
    unusable(io, state, 'cannot open the database', error);
    return;
  }
  try {
    await work(runtime.store);
  } catch (error) {
    unusable(io, state, 'cannot read the evidence chain', error);
  } finally {
    await runtime.close();
  }
}

function unusable(io: Io, state: { exitCode: number }, what: string, error: unknown): void {
  const detail =
    error instanceof CustodianError
      ? error.message
      : (storeFailure(error)?.message ??
        (error instanceof Error
          ? process.env['CUSTODIAN_DEBUG']
            ? (error.stack ?? error.message)
            : error.message
          : describeThrown(error)));
  io.stderr(`custodian: ${what}: ${detail}\n`);
  state.exitCode = UNUSABLE;
}
