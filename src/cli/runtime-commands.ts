import { access, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { CustodianError, EXIT, exitCodeOf, FailureStreak, failureKind } from '../errors.js';
import type { RequestRunner } from '../execution/index.js';
import type { Jobs } from '../jobs/index.js';
import type { Mailer, MailTransport } from '../mail/index.js';
import { check, formatDiagnostic, loadFile, type DataMap, type Diagnostic } from '../map/index.js';
import { createApiKey, isScope, listApiKeys, revokeApiKey, SCOPES } from '../server/api-keys.js';
import {
  migrate,
  openStore,
  privateDataDir,
  releaseMemory,
  startEmbeddedMaintenance,
  startFailure,
  type Store,
} from '../store/index.js';
import { startSessionCleanup } from '../staff/index.js';
import { startEvidenceCheck } from '../evidence/index.js';
import { textFault } from '../text/index.js';
import type { Io } from './main.js';
import { configuredKeys, openKeys, type ConfiguredKeys } from './server-keys.js';
import { addListCommand } from './list-command.js';
import { registerUserCommands } from './user-commands.js';

// What only `serve` uses (the HTTP server, the job queue, the executor, the mailer, the demo) is
// imported when it runs: importing it all would cost every other command ~0.5 s.

/** The examples shipped with the package (as tour.ts's EXAMPLES_DIR). */
const EXAMPLES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');

/** Exit codes, from the catalog (src/error-codes.ts): 0 ok, 1 failed, 2 refused or usage. */
const { ok: OK, failed: FAILED, usage: USAGE } = EXIT;

/** A key's name, as `keys list` shows it on one line. */
const MAX_KEY_NAME_LENGTH = 200;

/** Where the embedded database lives when no DATABASE_URL is given. */
const DEFAULT_DATA_DIR = '.custodian';

export interface RuntimeOptions {
  /** PGlite data directory; `.custodian` under `cwd` when absent. */
  readonly data?: string;
  /** `postgres://…`; `DATABASE_URL` when absent; embedded PGlite when neither. */
  readonly url?: string;
  readonly cwd?: string;
}

/** An open, migrated store, with the migrations this opening applied. */
export type Runtime = Store & { readonly applied: readonly string[] };

/** Processes holding a data directory, by path: one PGlite directory has one writer. */
const held = new Set<string>();

/**
 * Opens the database the commands work on and brings its schema up to date: PostgreSQL at `url`
 * (or `DATABASE_URL`), else embedded PGlite in `data`. An embedded directory must be private to
 * its owner (`privateDataDir`: created 0700, refused when others may read it), and is locked for
 * the life of the store: PGlite has no locking of its own, and a second process writing to the
 * same files would silently lose one side's writes.
 */
export async function openRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const env = process.env['DATABASE_URL'];
  const url = options.url ?? (env === undefined || env === '' ? undefined : env);
  let release = (): Promise<void> => Promise.resolve();
  let store: Store;
  if (url !== undefined) {
    store = await openStore({ url });
  } else {
    const dataDir = path.resolve(options.cwd ?? process.cwd(), options.data ?? DEFAULT_DATA_DIR);
    try {
      await privateDataDir(dataDir);
      release = await lockDataDir(dataDir);
    } catch (error) {
      // A directory that cannot be made or locked: a full disk, a read-only mount, permissions.
      if (error instanceof CustodianError) throw error;
      throw await startFailure(dataDir, error);
    }
    try {
      store = await openStore({ dataDir });
    } catch (error) {
      await release();
      throw error;
    }
  }
  try {
    const applied = await migrate(store.db);
    return {
      ...store,
      applied,
      close: async () => {
        try {
          await store.close();
        } finally {
          await release();
        }
      },
    };
  } catch (error) {
    await store.close();
    await release();
    throw error;
  }
}

/** Takes `custodian.lock` in a data directory, or throws `store.locked` naming the holder's pid. */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, 'custodian.lock');
  if (held.has(file)) throw locked(dataDir, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      held.add(file);
      return async () => {
        held.delete(file);
        await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      // A lock left by a process that is gone (killed, crashed) is stale: take it over.
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw locked(dataDir, pid);
      }
      await rm(file, { force: true });
    }
  }
  throw locked(dataDir, undefined);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function locked(dataDir: string, pid: number | undefined): CustodianError {
  return new CustodianError(
    'store.locked',
    `the data directory ${dataDir} is in use${pid === undefined ? '' : ` by process ${pid}`}; stop that process first (an embedded database has one user at a time), or use DATABASE_URL`,
  );
}

/** The flags of a command that opens the database. */
export interface StoreFlags {
  data: string;
  databaseUrl?: string;
}

type ServeFlags = StoreFlags & { port: number; host: string; map?: string; demo?: boolean };

/** Where `serve` is in stopping, once a signal came. */
interface Stopping {
  /** The step under way, for the deadline's message. */
  step?: string;
  /** Ends the process when stopping overruns SHUTDOWN_DEADLINE_MS. */
  deadline?: NodeJS.Timeout;
  /** Stops listening for a second signal. */
  release?: () => void;
}

/** `--data <dir>`, the embedded database directory. */
export const dataOption = (): Option =>
  new Option('--data <dir>', 'embedded database directory (when no DATABASE_URL)').default(
    DEFAULT_DATA_DIR,
  );
/** `--database-url <url>`, PostgreSQL instead of the embedded database. */
export const urlOption = (): Option =>
  new Option('--database-url <url>', 'PostgreSQL connection string (default: $DATABASE_URL)');

/**
 * Runs `work` with an open store and closes it. A store that cannot be opened or used (a
 * `store.*` error: unreachable, locked, a data directory others can read, a key that is not the
 * database's), or any other catalogued error, is reported with its message and the catalog's exit
 * code (src/error-codes.ts), not thrown.
 */
export async function withRuntime(
  io: Io,
  state: { exitCode: number },
  flags: StoreFlags,
  work: (store: Runtime) => Promise<void>,
): Promise<void> {
  const refused = (error: unknown): boolean => {
    const code = exitCodeOf(error);
    if (!(error instanceof CustodianError) || code === EXIT.internal) return false;
    io.stderr(`custodian: ${error.message}\n`);
    state.exitCode = code;
    return true;
  };
  let store: Runtime;
  try {
    store = await openRuntime({
      data: flags.data,
      cwd: io.cwd,
      ...(flags.databaseUrl === undefined ? {} : { url: flags.databaseUrl }),
    });
  } catch (error) {
    if (refused(error)) return;
    throw error;
  }
  try {
    await work(store);
  } catch (error) {
    if (!refused(error)) throw error;
  } finally {
    await store.close();
  }
}

/**
 * The keys the environment supplies, or undefined after reporting why they are unusable: exit 2
 * for a value that is not a key (too short a secret), 1 for a key file others may read.
 */
export async function readConfiguredKeys(
  io: Io,
  state: { exitCode: number },
): Promise<ConfiguredKeys | undefined> {
  try {
    return await configuredKeys();
  } catch (error) {
    if (!(error instanceof CustodianError)) throw error;
    io.stderr(`custodian: ${error.message}\n`);
    state.exitCode = exitCodeOf(error);
    return undefined;
  }
}

/**
 * How long `serve` may take to stop before it exits anyway: within the 10 s a supervisor (systemd,
 * Docker, Kubernetes) waits after SIGTERM before it kills.
 */
export const SHUTDOWN_DEADLINE_MS = 8000;

/** How `serve` is stopped, for tests: by a signal of their own, with a deadline of their own. */
export interface StopOptions {
  /** Stops `serve` as SIGTERM does. */
  readonly signal?: AbortSignal;
  /** Ends the process when stopping overruns its deadline; `process.exit` by default. */
  readonly exit?: (code: number) => void;
  /** SHUTDOWN_DEADLINE_MS by default. */
  readonly shutdownDeadlineMs?: number;
}

/** Adds `serve`, `migrate`, `keys create|list|revoke` and `users …` (user-commands.ts) to the program. */
export function registerRuntimeCommands(
  program: Command,
  io: Io,
  state: { exitCode: number },
  options: StopOptions = {},
): void {
  const exit =
    options.exit ??
    ((code: number): void => {
      process.exit(code);
    });
  const deadlineMs = options.shutdownDeadlineMs ?? SHUTDOWN_DEADLINE_MS;
  const withStore = (flags: StoreFlags, work: (store: Runtime) => Promise<void>): Promise<void> =>
    withRuntime(io, state, flags, work);

  /** `serve`: the API and the background work until a signal, then a stop within its deadline. */
  const serve = async (flags: ServeFlags, stopping: Stopping): Promise<void> => {
    const file =
      flags.demo === true ? DEMO_MAP : (flags.map ?? (await defaultMap(io.cwd, 'serve')));
    const map = await loadServedMap(io, state, file);
    if (!map) return;
    const [
      { ensureDemoShop },
      { startPackageSweep, startRequestRunner, withConnectors },
      { startJobs },
      { startMailer, transportFromEnv },
      { startExpirySweep },
      { startServer },
      { recordPublication },
    ] = await Promise.all([
      import('../demo/index.js'),
      import('../execution/index.js'),
      import('../jobs/index.js'),
      import('../mail/index.js'),
      import('../requests/index.js'),
      import('../server/index.js'),
      import('../publications/index.js'),
    ]);
    // `npm start` serves the demo: its shop databases are made once.
    if (flags.demo === true) {
      for (const dir of await ensureDemoShop(map, path.dirname(file))) {
        io.stderr(`custodian: created the demo shop database ${path.relative(io.cwd, dir)}\n`);
      }
    }
    const configured = await readConfiguredKeys(io, state);
    if (!configured) return;
    const { startRetentionSchedule, sweepScheduleFromEnv } = await import('../retention/index.js');
    let sweepSchedule: string;
    try {
      sweepSchedule = sweepScheduleFromEnv(process.env);
    } catch (error) {
      if (!(error instanceof CustodianError)) throw error;
      io.stderr(`custodian: ${error.message}\n`);
      state.exitCode = USAGE;
      return;
    }
    // CUSTODIAN_ARRIVALS_EVERY (the on-arrival scans of purged fields), refused as the schedule is.
    const { arrivalsInterval, startArrivalScans } = await import('../discovery/index.js');
    let arrivalsEvery: number;
    try {
      arrivalsEvery = arrivalsInterval(process.env);
    } catch (error) {
      if (!(error instanceof CustodianError)) throw error;
      io.stderr(`custodian: ${error.message}\n`);
      state.exitCode = USAGE;
      return;
    }
    await withStore(flags, async (store) => {
      // Refused here, before anything listens, when they are not this database's. The signing key
      // is made now if there is none, so its GET only reads.
      const { secret, signingKey } = await openKeys(store.db, configured);
      // The notice served from now on, kept with those before it (GDPR Art. 5(2), 7(1): which
      // notice people were shown, and consents cited, when). Nothing when it is the last one.
      // A store that cannot write now (a full disk) does not keep the server from answering
      // people: the notice is recorded at the next start that can write.
      try {
        const published = await recordPublication(store.db, map, new Date());
        if (published.recorded) {
          io.stderr(
            `custodian: published notice ${published.publication.version} as version ${published.publication.seq} of the privacy center\n`,
          );
        }
      } catch (error) {
        if (!(error instanceof CustodianError) || !error.code.startsWith('store.')) throw error;
        io.stderr(
          `custodian: the notice is served but not recorded as published (${error.message}); it is recorded at the next start\n`,
        );
      }
      // Mail to people about their requests: written to the outbox, sent by this loop.
      const mail: { mailer?: Mailer } = {};
      // Approved requests: enqueued by the approving call, run by the worker started below. An
      // approval in the moment before the worker is up waits for it (it is one short insert).
      const started: {
        resolve?: (runner: RequestRunner) => void;
        reject?: (error: unknown) => void;
      } = {};
      const runner = new Promise<RequestRunner>((resolve, reject) => {
        Object.assign(started, { resolve, reject });
      });
      runner.catch(() => undefined);
      let server: Awaited<ReturnType<typeof startServer>>;
      try {
        server = await startServer({
          store,
          map,
          secret,
          signingKey,
          host: flags.host,
          port: flags.port,
          requestHooks: {
            onMail: () => mail.mailer?.wake(),
            onApproved: async (id) => {
              await (await runner).enqueue(id);
            },
            dryRun: async (id) => (await runner).dryRun(id),
            // A finding of the special-category review list redacted from the console, with the
            // executor's connectors and in its turn.
            redactFinding: async (id, actor) => {
              const [executor, { redactFinding }] = await Promise.all([
                runner,
                import('../discovery/index.js'),
              ]);
              await executor.inTurn(() =>
                withConnectors(map, path.dirname(path.resolve(io.cwd, file)), (connectors) =>
                  redactFinding(
                    { db: store.db, map, now: () => new Date(), actor, connectors },
                    id,
                  ),
                ),
              );
            },
          },
          logger: {
            write: (line: string) => {
              io.stdout(line);
            },
          },
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
          io.stderr(`custodian: cannot listen on ${flags.host}:${flags.port} (${code})\n`);
          state.exitCode = USAGE;
          return;
        }
        throw error;
      }
      // What keeps the store from writing (a full disk, a failed embedded instance), logged
      // once when it starts and once when it ends; the server answers 503 meanwhile.
      const log = server.app.log;
      store.onProblem((problem) => {
        if (problem) log.error({ code: problem.code }, `store: ${problem.message}`);
        else log.info({ code: 'store.ok' }, 'store: writes are possible again');
      });
      let jobs: Jobs;
      try {
        jobs = await startJobs(store, { logger: server.app.log });
      } catch (error) {
        started.reject?.(error);
        await server.close();
        throw error;
      }
      const mailer = startMailer({
        db: store.db,
        secret,
        logger: server.app.log,
        ...optionalTransport(transportFromEnv()),
      });
      mail.mailer = mailer;
      try {
        started.resolve?.(
          await startRequestRunner({
            jobs,
            db: store.db,
            map,
            mapDir: path.dirname(path.resolve(io.cwd, file)),
            secret,
            signingKey,
            publicUrl: nonEmpty(process.env['CUSTODIAN_PUBLIC_URL']) ?? server.url,
            logger: server.app.log,
            onRun: () => {
              mailer.wake();
              // The run's datastore connectors are closed: their embedded databases' memory
              // goes back to the system now, not when V8 next needs room.
              void releaseMemory();
            },
          }),
        );
      } catch (error) {
        started.reject?.(error);
        await server.close();
        await mailer.stop();
        await jobs.stop();
        throw error;
      }
      // Rows past retention in the datastores and Custodian's own records, daily (GDPR Art.
      // 5(1)(e)): from a schedule in the store, by whichever server takes the job, in the
      // executor's turn so it never opens a datastore beside a request's run.
      try {
        const executor = await runner;
        await startRetentionSchedule({
          jobs,
          db: store.db,
          map,
          secret,
          schedule: sweepSchedule,
          withConnectors: (work) =>
            executor.inTurn(() =>
              withConnectors(map, path.dirname(path.resolve(io.cwd, file)), work),
            ),
          logger: server.app.log,
          onSwept: (report) => {
            const collections = report.collections;
            server.app.log.info(
              {
                run: report.runId,
                status: report.status,
                deleted: collections.reduce((n, c) => n + c.deleted, 0),
                anonymised: collections.reduce((n, c) => n + c.anonymised, 0),
                failed: collections.filter((c) => c.status === 'failed').length,
              },
              'retention: sweep finished',
            );
            for (const failed of collections.filter((c) => c.status === 'failed')) {
              server.app.log.error(
                {
                  run: report.runId,
                  datastore: failed.datastore,
                  collection: failed.collection,
                  code: failed.error?.code,
                },
                `retention: not swept: ${failed.error?.message ?? ''}`,
              );
            }
          },
        });
      } catch (error) {
        await server.close();
        await mailer.stop();
        await jobs.stop();
        throw error;
      }
      // GDPR Art. 9(1), 10: rows arriving in fields declared `specialCategories: purge` are
      // scanned for special categories every CUSTODIAN_ARRIVALS_EVERY seconds (10 minutes by
      // default; src/discovery/arrival-scans.ts), in the executor's turn so an embedded datastore
      // is never opened beside a request's run. Nothing starts when no field is purged.
      let arrivals: { stop: () => Promise<void> };
      try {
        arrivals = await startArrivalScans({
          jobs,
          db: store.db,
          map,
          mapDir: path.dirname(path.resolve(io.cwd, file)),
          intervalMs: arrivalsEvery,
          logger: server.app.log,
          inTurn: async (work) => (await runner).inTurn(work),
        });
      } catch (error) {
        await server.close();
        await mailer.stop();
        await jobs.stop();
        throw error;
      }
      // Access packages past their expiry lose their bytes (GDPR Art. 5(1)(e)). Hourly; a
      // failing sweep is logged when it starts failing and when it works again.
      const sweepStreak = new FailureStreak();
      const sweep = startPackageSweep({
        db: store.db,
        now: () => new Date(),
        actor: 'system',
        onError: (error) => {
          if (sweepStreak.failed(failureKind(error))) {
            server.app.log.error(errorFields(error), 'packages: expiry sweep failed');
          }
        },
        onSuccess: () => {
          if (sweepStreak.succeeded() > 0)
            server.app.log.info('packages: expiry sweep works again');
        },
      });
      // Unverified requests whose code ran out are recorded as expired (lists show them so at
      // once; a GET never writes). Failures logged as the package sweep's are.
      const expiryStreak = new FailureStreak();
      const expiry = startExpirySweep(store.db, {
        map,
        secret,
        now: () => new Date(),
        actor: 'system',
        onError: (error) => {
          if (expiryStreak.failed(failureKind(error))) {
            server.app.log.error(errorFields(error), 'requests: expiry sweep failed');
          }
        },
      });
      // Console sessions past their idle or absolute limit, and pending sign-ins past theirs, are
      // deleted (a request would refuse them anyway): no dead session ids are kept.
      const sessionStreak = new FailureStreak();
      const sessions = startSessionCleanup(store.db, {
        now: () => new Date(),
        onError: (error) => {
          if (sessionStreak.failed(failureKind(error))) {
            server.app.log.error(errorFields(error), 'staff: session cleanup failed');
          }
        },
        onSuccess: () => {
          if (sessionStreak.succeeded() > 0)
            server.app.log.info('staff: session cleanup works again');
        },
      });
      // The console's evidence checkpoint moves along the chain here, so its page opens on a recent
      // status without writing (docs/evidence.md).
      const evidenceStreak = new FailureStreak();
      const evidenceCheck = startEvidenceCheck(store.db, {
        now: () => new Date(),
        onError: (error) => {
          if (evidenceStreak.failed(failureKind(error))) {
            server.app.log.error(errorFields(error), 'evidence: periodic check failed');
          }
        },
        onSuccess: () => {
          if (evidenceStreak.succeeded() > 0)
            server.app.log.info('evidence: periodic check works again');
        },
        onBroken: (broken) => {
          server.app.log.error(
            { record: broken.at, reason: broken.reason },
            'evidence: the chain is broken; run custodian evidence verify',
          );
        },
      });
      // The embedded database has no autovacuum: its statistics and dead rows are kept here, or
      // the planner scans whole tables (embedded-maintenance.ts). PostgreSQL does this itself.
      const maintenanceStreak = new FailureStreak();
      const maintenance =
        store.pglite === undefined
          ? undefined
          : startEmbeddedMaintenance(store.db, {
              onError: (error) => {
                if (maintenanceStreak.failed(failureKind(error))) {
                  server.app.log.error(errorFields(error), 'store: maintenance pass failed');
                }
              },
            });
      // What starting needed and no longer holds (a new database's initdb, the demo's seeding, the
      // migrations) is released, so an idle server holds only what it uses.
      await releaseMemory();
      io.stdout(`Custodian listening on ${server.url}\n`);
      const reason = await stopped(options.signal);
      // Every step gets the same deadline: a stop that hangs (a run that does not finish, a
      // database that does not close) ends the process anyway. Committed data is safe then:
      // PGlite and PostgreSQL replay their write-ahead log at the next start.
      stopping.deadline = setTimeout(() => {
        io.stderr(
          `custodian: stopping took longer than ${deadlineMs / 1000} s (${stopping.step ?? 'stopping'}); exiting without a clean close (committed data is kept: the database replays its log at the next start)\n`,
        );
        exit(FAILED);
      }, deadlineMs);
      stopping.deadline.unref();
      // A second signal while stopping: stop now.
      stopping.release = onSignal(() => {
        io.stderr('custodian: second signal while stopping; exiting now\n');
        exit(FAILED);
      });
      // Requests in flight finish first (and what a download leaves to record), then running
      // jobs (a run finishes, its completion mail goes to the outbox), then the sweeps; the
      // store closes last (withStore).
      stopping.step = 'waiting for requests in flight';
      await server.close();
      stopping.step = 'waiting for running jobs';
      // No arrival scan is queued once the queue stops.
      await arrivals.stop();
      await jobs.stop();
      stopping.step = 'stopping the sweeps and the mailer';
      await sweep.stop();
      await expiry.stop();
      await sessions.stop();
      await evidenceCheck.stop();
      await maintenance?.stop();
      await mailer.stop();
      stopping.step = 'closing the database';
      io.stderr(`custodian: stopped (${reason})\n`);
      state.exitCode = OK;
    });
  };

  program
    .command('serve')
    .description(
      'run the API (consent ledger, suppression list, unsubscribe, data-subject requests) and the runner of approved requests',
    )
    .addOption(
      new Option('-p, --port <port>', 'port to listen on (0: any free port)')
        .env('PORT')
        .default(8080)
        .argParser(port),
    )
    .addOption(new Option('--host <host>', 'address to listen on').env('HOST').default('127.0.0.1'))
    .option('--map <file>', 'the data map (default: ./privacy.yaml)')
    .addOption(
      new Option(
        '--demo',
        'serve the BESTMIX demo map and its demo shop databases (what npm start runs)',
      ).conflicts('map'),
    )
    .addOption(dataOption())
    .addOption(urlOption())
    .action(async (flags: ServeFlags) => {
      const stopping: Stopping = {};
      try {
        await serve(flags, stopping);
      } finally {
        clearTimeout(stopping.deadline);
        stopping.release?.();
      }
    });

  program
    .command('migrate')
    .description('bring the database schema up to date and print the migrations applied')
    .addOption(dataOption())
    .addOption(urlOption())
    .action(async (flags: StoreFlags) => {
      await withStore(flags, (store) => {
        for (const name of store.applied) io.stdout(`${name}\n`);
        io.stderr(
          store.applied.length === 0
            ? 'custodian: the database is up to date\n'
            : `custodian: applied ${store.applied.length} migration${store.applied.length === 1 ? '' : 's'}\n`,
        );
        return Promise.resolve();
      });
    });

  const keys = program.command('keys').description('API keys: create, list, revoke');

  keys
    .command('create')
    .description('create an API key and print it once; only its hash is stored')
    .requiredOption('--name <name>', 'what the key is for, e.g. "website banner"')
    .requiredOption('--scopes <scopes>', `comma-separated: ${SCOPES.join(', ')}`)
    .addOption(dataOption())
    .addOption(urlOption())
    .action(async (flags: StoreFlags & { name: string; scopes: string }) => {
      const nameFault =
        flags.name.length > MAX_KEY_NAME_LENGTH
          ? `at most ${MAX_KEY_NAME_LENGTH} characters`
          : flags.name.trim() === ''
            ? 'must not be blank'
            : textFault(flags.name, 'line');
      if (nameFault !== undefined) {
        io.stderr(`custodian: --name ${nameFault}\n`);
        state.exitCode = USAGE;
        return;
      }
      const scopes = flags.scopes
        .split(',')
        .map((scope) => scope.trim())
        .filter((scope) => scope !== '');
      const unknown = scopes.filter((scope) => !isScope(scope));
      if (unknown.length > 0 || scopes.length === 0) {
        io.stderr(
          `custodian: ${scopes.length === 0 ? 'no scope given' : `unknown scope ${unknown.join(', ')}`}; scopes are ${SCOPES.join(', ')}\n`,
        );
        state.exitCode = USAGE;
        return;
      }
      await withStore(flags, async (store) => {
        const { id, key } = await createApiKey(store.db, { name: flags.name, scopes });
        io.stdout(`${key}\n`);
        io.stderr(
          `custodian: created key ${id} (${scopes.join(', ')}). It is shown once: store it now.\n`,
        );
      });
    });

  addListCommand(keys, io, withStore, {
    description: 'list API keys (never the keys themselves)',
    load: listApiKeys,
    line: (key) => {
      const status = key.revokedAt === null ? 'active' : `revoked ${key.revokedAt.toISOString()}`;
      const used = key.lastUsedAt === null ? 'never used' : `used ${key.lastUsedAt.toISOString()}`;
      return `${key.id}  ${key.name}  ${key.scopes.join(',')}  created ${key.createdAt.toISOString()}  ${used}  ${status}`;
    },
    empty: 'no API keys; create one with custodian keys create',
  });

  keys
    .command('revoke')
    .description('revoke an API key at once')
    .argument('<id>', 'the key id, as keys list shows it')
    .addOption(dataOption())
    .addOption(urlOption())
    .action(async (id: string, flags: StoreFlags) => {
      await withStore(flags, async (store) => {
        if (await revokeApiKey(store.db, id)) {
          io.stdout(`revoked ${id}\n`);
        } else {
          io.stderr(`custodian: no active key ${id}\n`);
          state.exitCode = USAGE;
        }
      });
    });
  registerUserCommands(program, io, state, withStore);
}

/** `--port`: digits only. */
export const PORT = /^\d+$/;

function port(value: string): number {
  const number = Number(value);
  if (!PORT.test(value) || number > 65535) {
    throw new InvalidArgumentError('give a port number from 0 to 65535');
  }
  return number;
}

/**
 * The map a command answers by when `--map` is not given: ./privacy.yaml. Without one the command
 * is refused (`config.map_required`, exit 2) naming the flag: answering people's requests or
 * serving by the demo map because a file was not where it was looked for would act on the wrong
 * promises. The demo map is served by `serve --demo` (`npm start`) and the tour only.
 */
export async function defaultMap(cwd: string, command = ''): Promise<string> {
  const local = path.resolve(cwd, 'privacy.yaml');
  try {
    await access(local);
    return local;
  } catch {
    throw new CustodianError(
      'config.map_required',
      `no data map: ${cwd} has no privacy.yaml; name one with --map <file>${command === 'serve' ? ', or run custodian serve --demo for the demo' : ''} (custodian init writes a starter map)`,
      { details: { flag: '--map' } },
    );
  }
}

/** The BESTMIX demo map `serve --demo` (`npm start`) serves, with its demo shop databases. */
export const DEMO_MAP = path.join(EXAMPLES_DIR, 'bestmix', 'privacy.yaml');

/** A map loaded and checked for a runtime command, with how to name its file to the user. */
export interface CheckedMap {
  readonly map: DataMap;
  /** The absolute path. */
  readonly file: string;
  /** The path relative to the working directory when it is inside it. */
  readonly display: string;
  readonly warnings: number;
}

/**
 * Loads and checks a map for a command that acts on it (serve, requests). An unreadable file is
 * a usage error (exit 2); a map with errors prints them with `refusal` and sets exit 1.
 */
export async function loadCheckedMap(
  io: Io,
  state: { exitCode: number },
  file: string,
  refusal: string,
): Promise<CheckedMap | undefined> {
  const resolved = path.resolve(io.cwd, file);
  const display = path.relative(io.cwd, resolved).startsWith('..')
    ? resolved
    : path.relative(io.cwd, resolved);
  let result: Awaited<ReturnType<typeof loadFile>>;
  try {
    result = await loadFile(resolved);
  } catch (error) {
    if (error instanceof CustodianError && error.code === 'map.unreadable') {
      io.stderr(`custodian: ${display}: ${String(error.details['reason'])}\n`);
      state.exitCode = USAGE;
      return undefined;
    }
    throw error;
  }
  const diagnostics: Diagnostic[] = result.ok
    ? check({ ...result.value, file: display })
    : result.issues.map((issue) => ({ ...issue, file: display }));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!result.ok || errors.length > 0) {
    for (const diagnostic of errors) io.stderr(`${formatDiagnostic(diagnostic)}\n`);
    io.stderr(`custodian: ${display} has errors; ${refusal}\n`);
    state.exitCode = FAILED;
    return undefined;
  }
  return {
    map: result.value.map,
    file: resolved,
    display,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
  };
}

/** Loads and checks the map to serve; prints its errors and sets exit 1 when it has any. */
async function loadServedMap(
  io: Io,
  state: { exitCode: number },
  file: string,
): Promise<DataMap | undefined> {
  const loaded = await loadCheckedMap(io, state, file, 'the server does not start on a broken map');
  if (!loaded) return undefined;
  const { display, warnings } = loaded;
  io.stderr(
    `custodian: serving ${display} (notice ${loaded.map.notice.version}${warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}: custodian check ${display}` : ''})\n`,
  );
  return loaded.map;
}

/** Resolves with the name of what stopped the server: SIGTERM, SIGINT, or the abort signal. */
function stopped(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve) => {
    const finish = (reason: string): void => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      signal?.removeEventListener('abort', onAbort);
      resolve(reason);
    };
    const onTerm = (): void => {
      finish('SIGTERM');
    };
    const onInt = (): void => {
      finish('SIGINT');
    };
    const onAbort = (): void => {
      finish('aborted');
    };
    if (signal?.aborted === true) {
      resolve('aborted');
      return;
    }
    process.once('SIGTERM', onTerm);
    process.once('SIGINT', onInt);
    signal?.addEventListener('abort', onAbort);
  });
}

/** Calls `handler` on the next SIGTERM or SIGINT; returns the function that stops listening. */
function onSignal(handler: () => void): () => void {
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
  return () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
}

/** The SMTP transport of `CUSTODIAN_SMTP_URL`, as an option; none when it is unset. */
function optionalTransport(transport: MailTransport | undefined): { transport?: MailTransport } {
  return transport === undefined ? {} : { transport };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** What a background failure is logged with: its name and code, never its message. */
function errorFields(error: unknown): Record<string, string> {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
  };
  return {
    ...(typeof fields.name === 'string' ? { error: fields.name } : {}),
    ...(typeof fields.code === 'string' ? { code: fields.code } : {}),
  };
}
