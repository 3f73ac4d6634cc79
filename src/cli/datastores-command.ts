import path from 'node:path';
import { Option, type Command } from 'commander';
import {
  checkDatastores,
  draftDeclaration,
  mysqlConnector,
  postgresConnector,
  type Connector,
} from '../datastores/index.js';
import { CustodianError, EXIT, exitCodeOf } from '../errors.js';
import { formatDiagnostic, type Datastore, type Diagnostic, type LoadedMap } from '../map/index.js';
import type { Io } from './main.js';
import { defaultMap } from './runtime-commands.js';

/** Exit codes, from the catalog (src/error-codes.ts): 0 clean, 1 findings, 2 nothing could be checked or written. */
const { ok: OK, findings: FINDINGS, usage: UNUSABLE } = EXIT;

/** Loads and checks a map as `custodian check` does (main.ts passes its own). */
export type LoadMap = (file: string) => Promise<{ loaded?: LoadedMap; diagnostics: Diagnostic[] }>;

/** `--id` of `datastores introspect`: a datastore id as the map writes it. */
export const DATASTORE_ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * `custodian datastores introspect` (a draft declaration from a live database) and
 * `custodian datastores check` (declarations against the live databases).
 */
export function registerDatastoresCommands(
  program: Command,
  io: Io,
  state: { exitCode: number },
  load: LoadMap,
): void {
  const datastores = program
    .command('datastores')
    .description('the databases that hold personal data: draft their declarations, check them');

  datastores
    .command('introspect')
    .description(
      'read a live PostgreSQL or MySQL/MariaDB schema and write a draft declaration to review',
    )
    .requiredOption('--url <url>', 'postgres://… or mysql://… (prefer --url "$VARIABLE")')
    .option('--schema <schema>', 'PostgreSQL schema to read', 'public')
    .option('--id <id>', 'the datastore id to declare (default: the database name)')
    .option(
      '--url-env <name>',
      'the variable the declaration reads its URL from (default: <ID>_DATABASE_URL)',
    )
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .action(
      async (options: {
        url: string;
        schema: string;
        id?: string;
        urlEnv?: string;
        out?: string;
      }) => {
        const target = parseUrl(options.url);
        if (target === undefined) {
          // The URL is not echoed: it may carry a password.
          io.stderr(
            'custodian: --url must be a postgres://, postgresql://, mysql:// or mariadb:// URL\n',
          );
          state.exitCode = UNUSABLE;
          return;
        }
        const id = options.id ?? target.database;
        if (!DATASTORE_ID.test(id)) {
          io.stderr(
            `custodian: "${id}" is not a datastore id; pass --id (lower-case letters, digits, "-")\n`,
          );
          state.exitCode = UNUSABLE;
          return;
        }
        const urlEnv = options.urlEnv ?? `${id.toUpperCase().replaceAll('-', '_')}_DATABASE_URL`;
        const stub: Datastore = {
          id,
          type: target.type,
          connection: { urlEnv },
          collections: [],
        };
        const connector: Connector =
          target.type === 'postgres'
            ? postgresConnector(stub, target.url)
            : mysqlConnector(stub, target.url);
        try {
          const live = await connector.introspect?.();
          if (live === undefined) return;
          const draft = draftDeclaration(live, {
            id,
            type: target.type,
            urlEnv,
            ...(target.type === 'postgres'
              ? { schema: options.schema, defaultSchema: 'public' }
              : {}),
            now: new Date(),
          });
          const count = live.tables.filter(
            (t) => target.type !== 'postgres' || t.schema === options.schema,
          ).length;
          if (options.out === undefined) io.stdout(draft);
          else {
            const { mkdir, writeFile } = await import('node:fs/promises');
            const file = path.resolve(io.cwd, options.out);
            await mkdir(path.dirname(file), { recursive: true });
            await writeFile(file, draft);
            io.stderr(`wrote ${path.relative(io.cwd, file)}\n`);
          }
          io.stderr(`${count} tables read; the declaration is a draft: review every guess\n`);
          state.exitCode = OK;
        } catch (error) {
          if (!(error instanceof CustodianError) || exitCodeOf(error) === EXIT.internal)
            throw error;
          io.stderr(`custodian: ${error.message}\n`);
          state.exitCode = exitCodeOf(error);
        } finally {
          await connector.close().catch(() => undefined);
        }
      },
    );

  datastores
    .command('check')
    .description(
      'compare the declared datastores with the live databases; exit 1 when there are errors',
    )
    .option('--map <file>', 'the data map (default: ./privacy.yaml)')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async (options: { map?: string; format: 'text' | 'json' }) => {
      const file = options.map ?? (await defaultMap(io.cwd));
      const { loaded, diagnostics: loadDiagnostics } = await load(file);
      let diagnostics: Diagnostic[] = loadDiagnostics.filter(
        (d) => d.path[0] === 'datastores' || !loaded,
      );
      if (loaded !== undefined) {
        const findings = await checkDatastores(loaded.map, {
          mapDir: path.dirname(path.resolve(io.cwd, file)),
        });
        diagnostics = findings
          .map((found) => {
            const position = loaded.locate(found.path);
            return {
              ...found,
              ...position,
              file: position.file === undefined ? loaded.file : displayed(io, position.file),
            };
          })
          .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
      }
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      if (options.format === 'json') {
        io.stdout(
          `${JSON.stringify({ map: options.map ?? 'privacy.yaml', diagnostics }, null, 2)}\n`,
        );
      } else {
        for (const diagnostic of diagnostics) io.stdout(`${formatDiagnostic(diagnostic)}\n`);
        const warnings = diagnostics.length - errors;
        io.stderr(
          `${loaded?.map.datastores.length ?? 0} datastores: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`,
        );
      }
      state.exitCode = errors > 0 ? FINDINGS : OK;
    });
}

function displayed(io: Io, file: string): string {
  const relative = path.relative(io.cwd, file);
  return relative.startsWith('..') ? file : relative;
}

function parseUrl(
  value: string,
): { type: 'postgres' | 'mysql'; url: string; database: string } | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const database =
    decodeURIComponent(url.pathname.replace(/^\//, '')).toLowerCase().replaceAll('_', '-') || 'db';
  if (url.protocol === 'postgres:' || url.protocol === 'postgresql:') {
    return { type: 'postgres', url: value, database };
  }
  if (url.protocol === 'mysql:' || url.protocol === 'mariadb:') {
    return { type: 'mysql', url: `mysql:${value.slice(url.protocol.length)}`, database };
  }
  return undefined;
}
