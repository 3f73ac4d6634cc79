import { access, chmod, mkdir, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { EXIT } from '../error-codes.js';
import { CustodianError, exitCodeOf } from '../errors.js';
import {
  check,
  dataMapJsonSchema,
  formatDiagnostic,
  LANGUAGES,
  loadFile,
  RULES,
  type Diagnostic,
  type Language,
  type LoadedMap,
} from '../map/index.js';
import type { PublishedDocument } from '../publish/index.js';
import { describeThrown, storeFailure } from '../store/store-failure.js';
import { readPassword } from './password-input.js';

/** Where the command writes; tests pass their own. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /**
   * The umask published documents (notice, sub-processor list, record, schema, starter map) are
   * created with: the one the user started `custodian` with, as bin/custodian.js makes the
   * process's own 0077. The process's umask when absent.
   */
  readonly publishUmask?: number;
  /**
   * Reads a staff password (src/cli/password-input.ts): from standard input when `stdin`, else
   * typed at the terminal. Tests pass their own; undefined when none can be read.
   */
  readonly readPassword?: (options: {
    readonly prompt: string;
    readonly stdin: boolean;
  }) => Promise<string | undefined>;
}

/** The process's standard output, error and working directory. */
export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  readPassword: (options) =>
    readPassword({ ...options, stderr: (text) => process.stderr.write(text) }),
};

/** Exit codes (src/error-codes.ts, docs/cli.md): 0 ok, 1 findings or failed, 2 refused, 3 internal. */
export { EXIT } from '../error-codes.js';

class UsageError extends Error {}

/** Runs `custodian <args>` and resolves to the exit code. Never throws for bad input. */
export async function main(args: readonly string[], io: Io = processIo): Promise<number> {
  const state: State = { exitCode: EXIT.ok };
  try {
    const program = await build(io, state, args);
    await program.parseAsync([...args], { from: 'user' });
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; commander already printed them.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr(`custodian: ${error.message}\n`);
      return EXIT.usage;
    }
    // A catalogued error, or a failure of the store (a full disk, a read-only mount) that did not
    // come as one: said plainly, with the catalog's exit code (src/error-codes.ts).
    const known = error instanceof CustodianError ? error : storeFailure(error);
    const code = exitCodeOf(known ?? error);
    if (known !== undefined && code !== EXIT.internal) {
      io.stderr(`custodian: ${known.message}\n`);
      return code;
    }
    // A bug, not bad input: say so without a stack trace unless asked for one. Whatever was
    // thrown is described, even the plain objects some libraries throw.
    const stack = error instanceof Error ? error.stack : undefined;
    const detail =
      process.env['CUSTODIAN_DEBUG'] && stack !== undefined ? stack : describeThrown(error);
    io.stderr(`custodian: internal error: ${detail}\n`);
    return EXIT.internal;
  }
}

/** Set by an action, read by main: commander actions cannot return values. */
interface State {
  exitCode: number;
}

const formatOption = (choices: readonly string[], fallback: string): Option =>
  new Option('-f, --format <format>', 'output format').choices(choices).default(fallback);

/**
 * The commands whose modules are imported only when one of them runs: importing them all (the
 * HTTP server, the job queue, the executor and its connectors) would cost every command ~0.5 s
 * (`npm run bench`, the CLI rows). Help, and a name that is none of these, registers them all.
 */
const LAZY_COMMANDS: readonly {
  readonly names: readonly string[];
  readonly register: (program: Command, io: Io, state: State) => Promise<void>;
}[] = [
  {
    names: ['serve', 'migrate', 'keys'],
    register: async (program, io, state) => {
      const { registerRuntimeCommands } = await import('./runtime-commands.js');
      registerRuntimeCommands(program, io, state);
    },
  },
  {
    names: ['secrets'],
    register: async (program, io, state) => {
      const { registerSecretsCommands } = await import('./secrets-command.js');
      registerSecretsCommands(program, io, state);
    },
  },
  {
    names: ['requests'],
    register: async (program, io, state) => {
      const [{ registerRequestsCommands }, { registerRequestsRunCommands }] = await Promise.all([
        import('./requests-command.js'),
        import('./requests-run-command.js'),
      ]);
      // open|list|show|approve|deny|extend; the executor's run|package|certificate
      // (src/cli/requests-run-command.ts) are added to the command this returns.
      registerRequestsRunCommands(registerRequestsCommands(program, io, state), io, state);
    },
  },
  {
    names: ['evidence'],
    register: async (program, io, state) => {
      const [{ registerEvidenceCommands }, { openRuntime }] = await Promise.all([
        import('./evidence-command.js'),
        import('./runtime-commands.js'),
      ]);
      registerEvidenceCommands(program, io, state, async (options) => {
        const store = await openRuntime({
          cwd: io.cwd,
          ...(options.data === undefined ? {} : { data: options.data }),
        });
        return { store, close: () => store.close() };
      });
    },
  },
  {
    names: ['datastores'],
    register: async (program, io, state) => {
      const { registerDatastoresCommands } = await import('./datastores-command.js');
      registerDatastoresCommands(program, io, state, (file) => loadAndCheck(io, file));
    },
  },
  {
    names: ['scan'],
    register: async (program, io, state) => {
      const [{ registerScanCommand }, { registerScanReviewCommands }] = await Promise.all([
        import('./scan-command.js'),
        import('./scan-review-command.js'),
      ]);
      // review|redact|dismiss|arrivals: the review list of specialCategories: purge.
      registerScanReviewCommands(
        registerScanCommand(program, io, state, (file) => loadAndCheck(io, file)),
        io,
        state,
      );
    },
  },
  {
    names: ['retention'],
    register: async (program, io, state) => {
      const { registerRetentionCommands } = await import('./retention-command.js');
      registerRetentionCommands(program, io, state);
    },
  },
  {
    names: ['site-keys'],
    register: async (program, io, state) => {
      const { registerSiteKeysCommands } = await import('./site-keys-command.js');
      registerSiteKeysCommands(program, io, state);
    },
  },
  {
    names: ['tour'],
    register: (program, io, state) => {
      program
        .command('tour')
        .description('a five-minute tour on the example maps')
        .action(async () => {
          const { tour } = await import('./tour.js');
          state.exitCode = await tour(io, (args, stepIo) => main(args, stepIo ?? io));
        });
      return Promise.resolve();
    },
  },
];

async function build(io: Io, state: State, args: readonly string[]): Promise<Command> {
  const program = new Command('custodian')
    .description(
      'Privacy operations from one data map: check it, publish the notice and the records.',
    )
    .version(VERSION, '-v, --version')
    // The program's own options (--version, --help) come before a command's name, so a command
    // with subcommands of its own (`scan review --format json`) can give its options positions
    // too: options after a subcommand's name are the subcommand's.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run custodian --help for usage)');

  program
    .command('check')
    .description('check a data map against the schema and the law; exit 1 when it has errors')
    .argument('[file]', 'the data map', 'privacy.yaml')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action(async (file: string, options: { format: 'text' | 'json' }) => {
      const result = await loadAndCheck(io, file);
      if (options.format === 'json') {
        io.stdout(
          `${JSON.stringify({ file: relative(io, file), diagnostics: result.diagnostics }, null, 2)}\n`,
        );
      } else {
        for (const diagnostic of result.diagnostics) io.stdout(`${formatDiagnostic(diagnostic)}\n`);
        const count = (severity: Diagnostic['severity']): number =>
          result.diagnostics.filter((d) => d.severity === severity).length;
        // Assumptions: sentences the notice states from a documented default (docs/checks.md).
        io.stderr(
          `${relative(io, file)}: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('assumption'), 'assumption')}\n`,
        );
      }
      state.exitCode = hasErrors(result.diagnostics) ? EXIT.findings : EXIT.ok;
    });

  program
    .command('rules')
    .description('list the rules check applies, with the law each enforces')
    .addOption(formatOption(['text', 'md'], 'text'))
    .action((options: { format: 'text' | 'md' }) => {
      io.stdout(
        options.format === 'md'
          ? rulesTable()
          : RULES.map((r) => `${r.id} (${r.severity}, ${r.law}): ${r.summary}\n`).join(''),
      );
    });

  program
    .command('schema')
    .description('print the JSON Schema of privacy.yaml, for editors and CI')
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .action(async (options: { out?: string }) => {
      await emit(io, `${JSON.stringify(dataMapJsonSchema(), null, 2)}\n`, options.out);
    });

  program
    .command('notice')
    .description('generate the privacy notice (GDPR Art. 13-14, US state laws)')
    .argument('[file]', 'the data map', 'privacy.yaml')
    .addOption(new Option('-l, --lang <language>', 'language').choices(LANGUAGES))
    .addOption(formatOption(['md', 'html'], 'md'))
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .option(
      '--draft',
      'render a map that still has errors, for review: a banner on top and every missing fact marked NOT DECLARED',
    )
    .action(
      async (
        file: string,
        options: { lang?: Language; format: 'md' | 'html'; out?: string; draft?: boolean },
      ) => {
        const draft = options.draft === true;
        const loaded = await loadPublishable(io, state, file, { draft });
        if (!loaded) return;
        const { notice, renderHtml, renderMarkdown } = await import('../publish/index.js');
        const language = options.lang ?? loaded.map.notice.languages[0] ?? 'en';
        if (!loaded.map.notice.languages.includes(language)) {
          throw new UsageError(
            `the map declares notice languages ${loaded.map.notice.languages.join(', ')}, not ${language}`,
          );
        }
        const document = notice(loaded.map, { language, draft });
        await emit(
          io,
          options.format === 'html' ? renderHtml(document) : renderMarkdown(document),
          options.out,
        );
      },
    );

  program
    .command('subprocessors')
    .description('generate the public sub-processor list')
    .argument('[file]', 'the data map', 'privacy.yaml')
    .addOption(formatOption(['md', 'html', 'json'], 'md'))
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .action(async (file: string, options: { format: 'md' | 'html' | 'json'; out?: string }) => {
      const loaded = await loadPublishable(io, state, file);
      if (!loaded) return;
      const { subprocessors, subprocessorsDocument } = await import('../publish/index.js');
      const { map } = loaded;
      const text =
        options.format === 'json'
          ? `${JSON.stringify(
              {
                organisation: map.organisation.name,
                version: map.notice.version,
                effectiveDate: map.notice.effectiveDate,
                subprocessors: subprocessors(map),
              },
              null,
              2,
            )}\n`
          : await render(subprocessorsDocument(map), options.format);
      await emit(io, text, options.out);
    });

  program
    .command('ropa')
    .description(
      'generate the record of processing activities (GDPR Art. 30(1), and 30(2) as processor)',
    )
    .argument('[file]', 'the data map', 'privacy.yaml')
    .addOption(formatOption(['csv', 'json', 'html'], 'csv'))
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .action(async (file: string, options: { format: 'csv' | 'json' | 'html'; out?: string }) => {
      const loaded = await loadPublishable(io, state, file);
      if (!loaded) return;
      const { renderHtml, ropa, ropaCsv, ropaDocument } = await import('../publish/index.js');
      const record = ropa(loaded.map);
      const text =
        options.format === 'csv'
          ? ropaCsv(record)
          : options.format === 'json'
            ? `${JSON.stringify(record, null, 2)}\n`
            : renderHtml(ropaDocument(record));
      await emit(io, text, options.out);
    });

  program
    .command('diff')
    .description(
      'list what changed between two versions of a map that people or customers must be told',
    )
    .argument('<old>', 'the earlier data map')
    .argument('<new>', 'the later data map')
    .addOption(formatOption(['text', 'md', 'json'], 'text'))
    .action(async (before: string, after: string, options: { format: 'text' | 'md' | 'json' }) => {
      const old = await loadPublishable(io, state, before, { rules: false });
      const next = await loadPublishable(io, state, after, { rules: false });
      if (!old || !next) return;
      const { diff, diffDocument, renderMarkdown } = await import('../publish/index.js');
      const changes = diff(old.map, next.map);
      if (options.format === 'json') io.stdout(`${JSON.stringify(changes, null, 2)}\n`);
      else if (options.format === 'md') io.stdout(renderMarkdown(diffDocument(changes)));
      else {
        for (const change of changes) {
          io.stdout(
            `${change.severity} ${change.kind} ${change.subject}: ${change.message}\n  why: ${change.reason}\n`,
          );
        }
        io.stderr(`${plural(changes.length, 'change')}\n`);
      }
    });

  program
    .command('init')
    .description('write a starter privacy.yaml that passes check')
    .argument('[dir]', 'the directory to write it in', '.')
    .option('--force', 'overwrite an existing privacy.yaml')
    .action(async (dir: string, options: { force?: boolean }) => {
      const target = path.resolve(io.cwd, dir, 'privacy.yaml');
      if (options.force !== true && (await exists(target))) {
        throw new UsageError(`${relative(io, target)} exists; pass --force to overwrite it`);
      }
      const { starterMap } = await import('../publish/index.js');
      await emit(io, starterMap(), target);
      io.stdout(`wrote ${relative(io, target)}\nnext: custodian check ${relative(io, target)}\n`);
    });

  // The command named is the first argument that is not an option (the program's own options,
  // --help and --version, take no value).
  const named = args.find((arg) => !arg.startsWith('-'));
  const only = LAZY_COMMANDS.find((group) => named !== undefined && group.names.includes(named));
  for (const group of only === undefined ? LAZY_COMMANDS : [only]) {
    await group.register(program, io, state);
  }

  return program;
}

const VERSION = '0.1.0';

async function loadAndCheck(
  io: Io,
  file: string,
  options: { rules?: boolean } = {},
): Promise<{ loaded?: LoadedMap; diagnostics: Diagnostic[] }> {
  const display = relative(io, file);
  let result: Awaited<ReturnType<typeof loadFile>>;
  try {
    result = await loadFile(path.resolve(io.cwd, file));
  } catch (error) {
    if (error instanceof CustodianError && error.code === 'map.unreadable') {
      throw new UsageError(`${display}: ${String(error.details['reason'])}`);
    }
    throw error;
  }
  // Findings in a datastore file the map includes name that file, relative like the map.
  const shown = (diagnostic: Diagnostic): Diagnostic => ({
    ...diagnostic,
    file: diagnostic.file === loadedFrom ? display : relative(io, diagnostic.file),
  });
  const loadedFrom = path.resolve(io.cwd, file);
  if (!result.ok) return { diagnostics: result.issues.map(shown) };
  const loaded: LoadedMap = { ...result.value, file: display };
  return {
    loaded,
    diagnostics: options.rules === false ? [] : check({ ...loaded, file: loadedFrom }).map(shown),
  };
}

/**
 * Loads a map for a generator; prints its errors and warnings and sets exit 1 when it cannot be
 * published. A draft is rendered despite rule errors (not despite a map that does not load).
 * Assumptions are left to `custodian check`, which lists them.
 */
async function loadPublishable(
  io: Io,
  state: State,
  file: string,
  options: { rules?: boolean; draft?: boolean } = {},
): Promise<LoadedMap | undefined> {
  const { loaded, diagnostics } = await loadAndCheck(io, file, options);
  for (const diagnostic of diagnostics) {
    if (diagnostic.severity !== 'assumption') io.stderr(`${formatDiagnostic(diagnostic)}\n`);
  }
  if (loaded && options.draft === true) return loaded;
  if (!loaded || hasErrors(diagnostics)) {
    io.stderr(
      `custodian: ${relative(io, file)} has errors; fix them before publishing (custodian check)\n`,
    );
    state.exitCode = EXIT.findings;
    return undefined;
  }
  return loaded;
}

/** The rule catalogue as a Markdown table, as docs/checks.md carries it. */
export function rulesTable(): string {
  const rows = RULES.map(
    (rule) => `| \`${rule.id}\` | ${rule.severity} | ${rule.law} | ${rule.summary} |`,
  );
  return [
    '| rule | severity | law | what it checks |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

async function render(document: PublishedDocument, format: 'md' | 'html'): Promise<string> {
  const { renderHtml, renderMarkdown } = await import('../publish/index.js');
  return format === 'html' ? renderHtml(document) : renderMarkdown(document);
}

async function emit(io: Io, text: string, out: string | undefined): Promise<void> {
  if (out === undefined) {
    io.stdout(text);
    return;
  }
  const target = path.resolve(io.cwd, out);
  try {
    await publishedDir(path.dirname(target), io.publishUmask);
    await writePublished(target, text, io.publishUmask);
  } catch (cause) {
    throw new UsageError(
      `cannot write ${relative(io, target)} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  io.stderr(`wrote ${relative(io, target)}\n`);
}

/** Makes the directory of a published document; those it creates get the user's umask too. */
async function publishedDir(dir: string, umask: number | undefined): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined || umask === undefined) return;
  for (let created = dir; ; created = path.dirname(created)) {
    await chmod(created, 0o777 & ~umask);
    if (created === first || created === path.dirname(created)) return;
  }
}

/**
 * Writes a document meant to be published. A new file gets the mode the user's umask gives (the
 * process's own is 0077); a file already there keeps its mode, as any editor would leave it.
 */
async function writePublished(
  file: string,
  text: string,
  umask: number | undefined,
): Promise<void> {
  if (umask === undefined) {
    await writeFile(file, text);
    return;
  }
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await writeFile(file, text);
    return;
  }
  try {
    await handle.chmod(0o666 & ~umask);
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}

function relative(io: Io, file: string): string {
  const resolved = path.resolve(io.cwd, file);
  const rel = path.relative(io.cwd, resolved);
  return rel.startsWith('..') ? resolved : rel;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
