import path from 'node:path';
import { Option, type Command } from 'commander';
import { CustodianError, EXIT, exitCodeOf } from '../errors.js';
import { deliverOutbox, transportFromEnv } from '../mail/index.js';
import type { DataMap } from '../map/index.js';
import {
  approveRequest,
  denyRequest,
  expireUnverified,
  extendRequest,
  intakeMailLimitsFromEnv,
  isOverdue,
  listRequests,
  openRequest,
  REQUEST_STATUSES,
  REQUEST_TYPES,
  requestDetail,
  type RequestContext,
  type RequestRecord,
  type RequestStatus,
  type RequestType,
} from '../requests/index.js';
import type { SigningKey } from '../store/index.js';
import type { Io } from './main.js';
import {
  defaultMap,
  loadCheckedMap,
  openRuntime,
  readConfiguredKeys,
  type Runtime,
} from './runtime-commands.js';
import { openKeys } from './server-keys.js';

/**
 * Exit codes, from the catalog (src/error-codes.ts): 0 done, 1 the map or the database failed,
 * 2 a refused or bad request or a data directory in use; an error's own is `exitCodeOf`'s.
 */
const REFUSED = EXIT.refused;

/** The flags every `requests` subcommand takes. */
export interface RequestsFlags {
  readonly map?: string;
  readonly data: string;
  readonly databaseUrl?: string;
  readonly format: 'text' | 'json';
}

/** What a `requests` subcommand works with: the open store, the map, the secret, a context. */
export interface RequestsRuntime {
  readonly store: Runtime;
  readonly map: DataMap;
  /** The map file, resolved: `--map`, else ./privacy.yaml. */
  readonly mapFile: string;
  /** Its directory: relative paths of the map (PGlite datastores' data directories) start here. */
  readonly mapDir: string;
  readonly secret: Buffer;
  /** Signs erasure certificates. */
  readonly signingKey: SigningKey;
  /** A request context acting as `actor` (`cli` when absent). */
  context(actor?: string): RequestContext;
}

/** An operator name as the timeline and the evidence name them: a short handle, never an email. */
export const OPERATOR = /^[A-Za-z0-9][\w.-]{0,63}$/;

/** The options every `requests` subcommand takes: which map, which database, which output. */
export function withRequestsOptions(command: Command): Command {
  return command
    .option('--map <file>', 'the data map (default: ./privacy.yaml)')
    .addOption(
      new Option('--data <dir>', 'embedded database directory (when no DATABASE_URL)').default(
        '.custodian',
      ),
    )
    .addOption(
      new Option('--database-url <url>', 'PostgreSQL connection string (default: $DATABASE_URL)'),
    )
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    );
}

/**
 * Adds `custodian requests open|list|show|approve|deny|extend` and returns the `requests` command,
 * so the executor's subcommands (`run`, `package`, src/cli/requests-run-command.ts) join it.
 */
export function registerRequestsCommands(
  program: Command,
  io: Io,
  state: { exitCode: number },
): Command {
  const requests = program
    .command('requests')
    .description('data-subject requests: open, list, show, approve, deny, extend');

  withRequestsOptions(
    requests
      .command('open')
      .description('open a request for a person; --operator records that you checked who they are')
      .addOption(
        new Option('--type <type>', 'what the person asks for')
          .choices(REQUEST_TYPES)
          .makeOptionMandatory(),
      )
      .requiredOption('--email <email>', "the person's email: their answer goes there")
      .requiredOption('--country <cc>', 'ISO 3166-1 country of residence (picks the law)')
      .option('--state <state>', 'US residents: the state (picks the state law)')
      .option(
        '--language <lang>',
        "the person's language for mails and the package summary: a notice language of the map (its first by default)",
      )
      .option('--details <text>', "the person's own words (stored encrypted)")
      .option('--appeal-of <id>', 'with --type appeal: the refused request the person appeals')
      .option(
        '--operator <name>',
        'you verified the identity yourself (GDPR Art. 12(6)); no code is mailed',
      ),
  ).action(
    async (
      flags: RequestsFlags & {
        type: RequestType;
        email: string;
        country: string;
        state?: string;
        language?: string;
        details?: string;
        appealOf?: string;
        operator?: string;
      },
    ) => {
      if (flags.operator !== undefined && !OPERATOR.test(flags.operator)) {
        io.stderr(
          'custodian: --operator takes a short handle (letters, digits, . _ -), not an email\n',
        );
        state.exitCode = REFUSED;
        return;
      }
      await withRequestsRuntime(io, state, flags, async (runtime) => {
        const actor = flags.operator === undefined ? 'cli' : `cli:${flags.operator}`;
        const opened = await openRequest(runtime.store.db, runtime.context(actor), {
          type: flags.type,
          email: flags.email,
          country: flags.country,
          ...(flags.state === undefined ? {} : { state: flags.state }),
          ...(flags.language === undefined ? {} : { language: flags.language }),
          ...(flags.details === undefined ? {} : { details: flags.details }),
          ...(flags.appealOf === undefined ? {} : { appealOf: flags.appealOf }),
          ...(flags.operator === undefined ? {} : { operator: true }),
        });
        if (flags.format === 'json') {
          io.stdout(`${JSON.stringify({ ...opened, dueAt: opened.dueAt.toISOString() })}\n`);
        } else {
          io.stdout(`${opened.requestId}\n`);
          io.stderr(
            `custodian: opened ${flags.type} request ${opened.requestId}: ${opened.status}, due ${opened.dueAt.toISOString()}\n`,
          );
        }
        await sendMail(io, runtime);
        if (opened.status === 'approved') nextRun(io, opened.requestId);
      });
    },
  );

  withRequestsOptions(
    requests
      .command('list')
      .description('list requests, nearest deadline first (no personal data)')
      .addOption(new Option('--status <status>', 'only this status').choices(REQUEST_STATUSES))
      .addOption(new Option('--type <type>', 'only this type').choices(REQUEST_TYPES))
      .option('--overdue', 'only requests past their deadline and not finished'),
  ).action(
    async (
      flags: RequestsFlags & { status?: RequestStatus; type?: RequestType; overdue?: boolean },
    ) => {
      await withRequestsRuntime(io, state, flags, async (runtime) => {
        const ctx = runtime.context();
        await expireUnverified(runtime.store.db, ctx);
        const now = ctx.now();
        const list = await listRequests(runtime.store.db, {
          now,
          ...(flags.status === undefined ? {} : { status: flags.status }),
          ...(flags.type === undefined ? {} : { type: flags.type }),
          ...(flags.overdue === true ? { overdue: true } : {}),
        });
        if (flags.format === 'json') {
          io.stdout(
            `${JSON.stringify(
              list.map((request) => view(request, now)),
              null,
              2,
            )}\n`,
          );
          return;
        }
        for (const request of list) io.stdout(`${line(request, now)}\n`);
        if (list.length === 0) io.stderr('custodian: no requests match\n');
      });
    },
  );

  withRequestsOptions(
    requests
      .command('show')
      .description("one request with its timeline and the person's email")
      .argument('<id>', 'the request id'),
  ).action(async (id: string, flags: RequestsFlags) => {
    await withRequestsRuntime(io, state, flags, async (runtime) => {
      const now = runtime.context().now();
      const detail = await requestDetail(runtime.store.db, runtime.secret, id, now);
      if (flags.format === 'json') {
        io.stdout(
          `${JSON.stringify(
            {
              ...view(detail.request, now),
              subject: { email: detail.subject.email },
              details: detail.subject.details,
              changes: detail.subject.changes,
              reason: detail.reason,
              appealOf: detail.appealOf,
              appeals: detail.appeals,
              events: detail.events,
            },
            null,
            2,
          )}\n`,
        );
        return;
      }
      const r = detail.request;
      io.stdout(
        [
          `request   ${r.id}`,
          `type      ${r.type} (${r.law}, controller ${r.controller}, ${r.country}${r.region === null ? '' : `-${r.region}`})`,
          `status    ${r.status}${isOverdue(r, now) ? ' OVERDUE' : ''}`,
          ...(r.language === null ? [] : [`language  ${r.language}`]),
          `person    ${detail.subject.email}`,
          `received  ${r.receivedAt.toISOString()}`,
          ...(r.acknowledgeBy === null ? [] : [`confirm   ${r.acknowledgeBy.toISOString()}`]),
          `due       ${r.dueAt.toISOString()}${r.extendedAt === null ? '' : ' (extended)'}`,
          ...(detail.reason === null ? [] : [`reason    ${detail.reason}`]),
          ...(detail.subject.details === null ? [] : [`details   ${detail.subject.details}`]),
          ...(detail.appealOf === null ? [] : [`appeals   ${detail.appealOf}`]),
          ...detail.appeals.map((appeal) => `appealed  by ${appeal}`),
          ...recipientLines(r.summary),
          'timeline',
          ...detail.events.map(
            (event) =>
              `  ${event.at.toISOString()}  ${event.kind.padEnd(18)} ${event.status.padEnd(18)} ${event.actor}`,
          ),
          '',
        ].join('\n'),
      );
    });
  });

  withRequestsOptions(
    requests
      .command('approve')
      .description('approve a request that waits for an operator')
      .argument('<id>', 'the request id'),
  ).action(async (id: string, flags: RequestsFlags) => {
    await withRequestsRuntime(io, state, flags, async (runtime) => {
      const record = await approveRequest(runtime.store.db, runtime.context(), id);
      // A granted appeal is completed at once and mailed; nothing is left to run.
      if (record.type === 'appeal') {
        report(io, flags, record, 'granted');
        await sendMail(io, runtime);
        return;
      }
      report(io, flags, record, 'approved');
      nextRun(io, record.id);
    });
  });

  withRequestsOptions(
    requests
      .command('deny')
      .description('refuse a request; the reason is mailed to the person (GDPR Art. 12(4))')
      .argument('<id>', 'the request id')
      .requiredOption('--reason <text>', 'why; sent to the person as written'),
  ).action(async (id: string, flags: RequestsFlags & { reason: string }) => {
    await withRequestsRuntime(io, state, flags, async (runtime) => {
      const record = await denyRequest(runtime.store.db, runtime.context(), id, flags.reason);
      report(io, flags, record, 'denied');
      await sendMail(io, runtime);
    });
  });

  withRequestsOptions(
    requests
      .command('extend')
      .description('extend the deadline once, within the law; the reason is mailed to the person')
      .argument('<id>', 'the request id')
      .requiredOption('--reason <text>', 'why; sent to the person as written'),
  ).action(async (id: string, flags: RequestsFlags & { reason: string }) => {
    await withRequestsRuntime(io, state, flags, async (runtime) => {
      const record = await extendRequest(runtime.store.db, runtime.context(), id, flags.reason);
      report(io, flags, record, `extended to ${record.dueAt.toISOString()}`);
      await sendMail(io, runtime);
    });
  });

  return requests;
}

/**
 * Opens the store and the map, runs `work`, and closes the store. A request the domain refuses
 * (unknown id, wrong state, a type the law does not grant) exits 2 with its message, which never
 * carries personal data; a map, database or key that cannot be used exits 1 (`store.*`: also an
 * embedded datastore whose directory others may read). Each code's exit is the catalog's.
 */
export async function withRequestsRuntime(
  io: Io,
  state: { exitCode: number },
  flags: Pick<RequestsFlags, 'map' | 'data' | 'databaseUrl'>,
  work: (runtime: RequestsRuntime) => Promise<void>,
): Promise<void> {
  const loaded = await loadCheckedMap(
    io,
    state,
    flags.map ?? (await defaultMap(io.cwd)),
    'fix them first (custodian check)',
  );
  if (!loaded) return;
  const { map, file } = loaded;
  const configured = await readConfiguredKeys(io, state);
  if (!configured) return;
  let store: Runtime;
  try {
    store = await openRuntime({
      data: flags.data,
      cwd: io.cwd,
      ...(flags.databaseUrl === undefined ? {} : { url: flags.databaseUrl }),
    });
  } catch (error) {
    if (error instanceof CustodianError && error.code.startsWith('store.')) {
      io.stderr(`custodian: ${error.message}\n`);
      state.exitCode = exitCodeOf(error);
      return;
    }
    throw error;
  }
  try {
    const { secret, signingKey } = await openKeys(store.db, configured);
    // A request opened here without --operator mails a code, under the server's caps.
    const mailLimits = intakeMailLimitsFromEnv(process.env);
    const runtime: RequestsRuntime = {
      store,
      map,
      mapFile: file,
      mapDir: path.dirname(file),
      secret,
      signingKey,
      context: (actor = 'cli') => ({ map, secret, now: () => new Date(), actor, mailLimits }),
    };
    await work(runtime);
  } catch (error) {
    if (!(error instanceof CustodianError) || exitCodeOf(error) === EXIT.internal) throw error;
    if (error.code.startsWith('store.')) {
      io.stderr(`custodian: ${error.message}\n`);
      state.exitCode = exitCodeOf(error);
      return;
    }
    io.stderr(`custodian: ${error.message} (${error.code})\n`);
    state.exitCode = exitCodeOf(error);
  } finally {
    await store.close();
  }
}

/** Sends what the command put in the outbox when SMTP is configured; else says where it waits. */
export async function sendMail(io: Io, runtime: RequestsRuntime): Promise<void> {
  const transport = transportFromEnv();
  if (transport === undefined) {
    io.stderr(
      'custodian: the mail to the person waits in the outbox; set CUSTODIAN_SMTP_URL (custodian serve sends it)\n',
    );
    return;
  }
  try {
    const result = await deliverOutbox(runtime.store.db, runtime.secret, transport);
    if (result.retrying + result.failed > 0) {
      io.stderr(
        `custodian: ${result.retrying + result.failed} mail(s) could not be sent yet; custodian serve retries them\n`,
      );
    }
  } finally {
    transport.close();
  }
}

function nextRun(io: Io, id: string): void {
  io.stderr(`next: custodian requests run ${id}\n`);
}

function report(io: Io, flags: RequestsFlags, record: RequestRecord, what: string): void {
  if (flags.format === 'json') {
    io.stdout(`${JSON.stringify(view(record, new Date()))}\n`);
  } else {
    io.stdout(`${record.id} ${what}\n`);
  }
}

function view(request: RequestRecord, now: Date): Record<string, unknown> {
  return { ...request, overdue: isOverdue(request, now) };
}

function line(request: RequestRecord, now: Date): string {
  return [
    request.id,
    request.type.padEnd(19),
    request.law.padEnd(7),
    request.status.padEnd(17),
    `due ${request.dueAt.toISOString().slice(0, 10)}`,
    isOverdue(request, now) ? 'OVERDUE' : '',
  ]
    .join('  ')
    .trimEnd();
}

/**
 * GDPR Art. 19: the recipients a completed erasure, rectification or restriction is to be told
 * of, from the request's summary (ids and names only).
 */
function recipientLines(summary: Readonly<Record<string, unknown>> | null): string[] {
  const recipients = summary?.['recipients'];
  if (!Array.isArray(recipients) || recipients.length === 0) return [];
  return [
    'inform    (GDPR Art. 19)',
    ...recipients.map((recipient: unknown) => {
      const { id, name } = (recipient ?? {}) as { id?: unknown; name?: unknown };
      return `  ${String(id)}  ${typeof name === 'string' ? name : ''}`;
    }),
  ];
}
