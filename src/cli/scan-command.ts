import path from 'node:path';
import { Option, type Command } from 'commander';
import { openConnector } from '../datastores/index.js';
import {
  DEFAULT_SAMPLE,
  MAX_SAMPLE,
  scanDatastores,
  scanDraft,
  type ScanFinding,
} from '../discovery/scan.js';
import { EXIT } from '../errors.js';
import { formatDiagnostic, type Diagnostic } from '../map/index.js';
import type { LoadMap } from './datastores-command.js';
import type { Io } from './main.js';
import { defaultMap } from './runtime-commands.js';

/** Exit codes, from the catalog (src/error-codes.ts): 0 nothing found, 1 findings, 2 usage or a map that cannot be read. */
const { ok: OK, findings: FINDINGS, usage: UNUSABLE } = EXIT;

/**
 * `custodian scan`: what the connected databases hold, against what the map declares. Returns the
 * command, so the review list's subcommands (src/cli/scan-review-command.ts) join it.
 */
export function registerScanCommand(
  program: Command,
  io: Io,
  state: { exitCode: number },
  load: LoadMap,
): Command {
  const scan = program
    .command('scan')
    .description(
      'sample every column of the connected databases and report personal data the map does not declare; review|redact|dismiss|arrivals: special categories found on arrival',
    )
    // `scan review --format json`: options after a subcommand's name are the subcommand's.
    .enablePositionalOptions()
    .option('--map <file>', 'the data map (default: ./privacy.yaml)')
    .option('--datastore <id>', 'scan only this datastore')
    .option('--sample <n>', `values read per column (1-${MAX_SAMPLE})`, String(DEFAULT_SAMPLE))
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .option('--fix-draft <file>', 'write the declarations to review to this file')
    .action(
      async (options: {
        map?: string;
        datastore?: string;
        sample: string;
        format: 'text' | 'json';
        fixDraft?: string;
      }) => {
        const sample = /^\d{1,4}$/.test(options.sample) ? Number(options.sample) : Number.NaN;
        if (!(sample >= 1 && sample <= MAX_SAMPLE)) {
          io.stderr(`custodian: --sample must be a whole number from 1 to ${MAX_SAMPLE}\n`);
          state.exitCode = UNUSABLE;
          return;
        }
        const file = options.map ?? (await defaultMap(io.cwd));
        const { loaded, diagnostics } = await load(file);
        if (loaded === undefined) {
          for (const diagnostic of diagnostics) io.stderr(`${formatDiagnostic(diagnostic)}\n`);
          io.stderr(`custodian: the map cannot be read; fix it, then scan\n`);
          state.exitCode = UNUSABLE;
          return;
        }
        const { map } = loaded;
        if (
          options.datastore !== undefined &&
          !map.datastores.some((datastore) => datastore.id === options.datastore)
        ) {
          io.stderr(`custodian: the map declares no datastore "${options.datastore}"\n`);
          state.exitCode = UNUSABLE;
          return;
        }
        const mapDir = path.dirname(path.resolve(io.cwd, file));
        const result = await scanDatastores(map, {
          open: (datastore) => openConnector(datastore, { mapDir }),
          sample,
          ...(options.datastore === undefined ? {} : { datastore: options.datastore }),
        });
        const placed: (Diagnostic & Pick<ScanFinding, 'detail'>)[] = result.findings
          .map((found) => {
            const position = loaded.locate(found.path);
            return {
              ...found,
              ...position,
              file: position.file === undefined ? loaded.file : displayed(io, position.file),
            };
          })
          .sort(
            (a, b) =>
              a.file.localeCompare(b.file) ||
              a.line - b.line ||
              a.column - b.column ||
              a.message.localeCompare(b.message),
          );
        for (const note of result.notes) io.stderr(`custodian: ${note}\n`);
        if (options.format === 'json') {
          io.stdout(
            `${JSON.stringify(
              {
                map: options.map ?? 'privacy.yaml',
                tables: result.tables,
                columns: result.columns,
                diagnostics: placed,
              },
              null,
              2,
            )}\n`,
          );
        } else {
          for (const diagnostic of placed) io.stdout(`${formatDiagnostic(diagnostic)}\n`);
          io.stderr(
            `${result.tables} tables, ${result.columns} columns sampled (≤ ${sample} values each): ${placed.length} finding${placed.length === 1 ? '' : 's'}\n`,
          );
        }
        if (options.fixDraft !== undefined) {
          const { mkdir, writeFile } = await import('node:fs/promises');
          const out = path.resolve(io.cwd, options.fixDraft);
          await mkdir(path.dirname(out), { recursive: true });
          await writeFile(out, scanDraft(result.drafts, new Date()));
          io.stderr(`wrote ${displayed(io, out)}: ${result.drafts.length} fields to review\n`);
        }
        state.exitCode = placed.length > 0 ? FINDINGS : OK;
      },
    );
  return scan;
}

function displayed(io: Io, file: string): string {
  const relative = path.relative(io.cwd, file);
  return relative.startsWith('..') ? file : relative;
}
