import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { ensureDemoShop } from '../demo/index.js';
import { loadFile } from '../map/index.js';
import { writePrivateFile } from '../store/index.js';
import type { Io } from './main.js';

/** The example maps shipped with the package. */
export const EXAMPLES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../examples',
);

/**
 * A five-minute tour: check an example map, publish its notice, sub-processors and record, show
 * what changed since its previous version, then answer a person's requests against the demo
 * shop's databases. Each step prints the command a user would type. `run` takes the io a step
 * writes to, so the tour can read the request id a step prints.
 */
export async function tour(
  io: Io,
  run: (args: readonly string[], stepIo?: Io) => Promise<number>,
): Promise<number> {
  const example = (...parts: string[]): string =>
    path.relative(io.cwd, path.join(EXAMPLES_DIR, ...parts)) || '.';
  const map = example('bestmix', 'privacy.yaml');
  // Generated files go under the working directory, never into the installed package.
  const out = (file: string): string => path.join('.custodian', 'tour', file);
  const steps: TourStep[] = [
    {
      say: 'BESTMIX declares its processing once, in privacy.yaml. Custodian checks it against the schema and the law:',
      args: ['check', map],
    },
    {
      say: 'A broken map is pointed out by file, line and column (here: an example with deliberate mistakes):',
      args: ['check', example('broken', 'privacy.yaml')],
      expect: 1,
    },
    {
      say: 'The privacy notice is generated from the map, in every language it declares (first lines, Dutch):',
      args: ['notice', map, '--lang', 'nl', '--format', 'md', '--out', out('notice.nl.md')],
      show: out('notice.nl.md'),
    },
    {
      say: 'The public list of processors, with where each processes and stores data and the transfer safeguard:',
      args: ['subprocessors', map],
    },
    {
      say: 'The Art. 30 record of processing activities, as CSV for the auditor:',
      args: ['ropa', map, '--format', 'csv', '--out', out('ropa.csv')],
    },
    {
      say: 'And what changed since the previous version, with why each change matters:',
      args: ['diff', example('bestmix', 'previous', 'privacy.yaml'), map],
    },
  ];
  // The requests run on the tour's own copy of the demo map, shop databases and Custodian
  // database, made fresh each time: a running `npm start` is not disturbed, and a person erased
  // on the shared demo shop is still there for the next tour.
  const tourMap = out('privacy.yaml');
  const db = ['--map', tourMap, '--data', out('db')];
  const opened: Record<string, string> = {};
  const request = (type: string): string => opened[type] ?? '<id>';
  steps.push(...requestSteps(db, out('ana.zip')));
  // The tour's copies (a person's package among them) are its user's only, as all of .custodian;
  // a directory an earlier version made is closed too.
  const tourDir = path.resolve(io.cwd, out(''));
  await mkdir(tourDir, { recursive: true, mode: 0o700 });
  await chmod(tourDir, 0o700);
  for (const [index, step] of steps.entries()) {
    const args = step.args.map((arg) =>
      arg.replace(/^\{(\w+)\}$/, (_, type: string) => request(type)),
    );
    if (index === steps.findIndex((s) => s.opens !== undefined)) {
      await demoCopy(path.resolve(io.cwd, tourMap));
    }
    io.stdout(`\n── ${index + 1}/${steps.length}  ${step.say}\n$ custodian ${args.join(' ')}\n\n`);
    let printed = '';
    // Without `publishUmask`: the tour's notice and record are copies under .custodian, not
    // documents to publish.
    const stepIo: Io = {
      cwd: io.cwd,
      stderr: io.stderr,
      stdout: (text) => {
        printed += text;
        io.stdout(text);
      },
    };
    const code = await run(args, stepIo);
    if (code !== (step.expect ?? 0)) {
      io.stderr(`tour: step ${index + 1} exited ${code}\n`);
      return 1;
    }
    if (step.opens !== undefined) opened[step.opens] = printed.trim().split('\n')[0] ?? '';
    if (step.show !== undefined) {
      const lines = (await readFile(path.resolve(io.cwd, step.show), 'utf8')).split('\n');
      io.stdout(`\n${lines.slice(0, 24).join('\n')}\n[… ${lines.length - 24} more lines]\n`);
    }
  }
  io.stdout(
    '\nNext: `custodian init` writes a starter privacy.yaml for your company; docs/data-map.md describes every field.\n',
  );
  return 0;
}

/** A step of the tour: what it says, the command it runs, and what it expects. */
export interface TourStep {
  readonly say: string;
  readonly args: readonly string[];
  readonly expect?: number;
  readonly show?: string;
  /** The step opens a request of this type and prints its id first. */
  readonly opens?: string;
}

/**
 * The tour's requests, on its copy of the demo (`db`: `--map` and `--data`): Ana's access request
 * and erasure, each opened by an operator who checked who she is; her package is written to
 * `packageFile`. `{access}` and `{erasure}` stand for the id the step that opens it prints. The
 * CLI bench (bench/cli.ts) opens its erasure with the same step.
 */
export function requestSteps(db: readonly string[], packageFile: string): TourStep[] {
  return [
    {
      say: 'A person asks for a copy of her data. An operator who checked who she is opens the request (the tour’s own copy of the demo shop holds Ana, Bruno and Eva, all at example.com):',
      args: [
        'requests',
        'open',
        '--type',
        'access',
        '--email',
        'ana@example.com',
        '--country',
        'BE',
        '--operator',
        'tour',
        ...db,
      ],
      opens: 'access',
    },
    {
      say: 'Custodian finds her rows across the shop, newsletter and billing databases, through her second email and her customer id. A dry run only counts them:',
      args: ['requests', 'run', '{access}', '--dry-run', ...db],
    },
    {
      say: 'Running it builds her package (data.json, CSV, an HTML summary of Art. 15) behind a one-time download link:',
      args: ['requests', 'run', '{access}', ...db],
    },
    {
      say: 'Or write the package to a file, to hand it over another way:',
      args: ['requests', 'package', '{access}', '--out', packageFile, ...db],
    },
    {
      say: 'She asks to be forgotten. Erasure waits for an operator’s approval:',
      args: [
        'requests',
        'open',
        '--type',
        'erasure',
        '--email',
        'ana@example.com',
        '--country',
        'BE',
        '--operator',
        'tour',
        ...db,
      ],
      opens: 'erasure',
    },
    {
      say: 'The dry run of the erasure: what would be deleted or anonymised, and the invoice kept under the tax hold. Approve it (`custodian requests approve <id>`) and `requests run <id>` does it, with a signed certificate:',
      args: ['requests', 'run', '{erasure}', '--dry-run', ...db],
    },
  ];
}

/**
 * Writes the demo map to `file` with its embedded shop databases next to it (`demo/<id>`), and
 * creates them afresh with the demo's people, along with an empty Custodian database.
 */
export async function demoCopy(file: string): Promise<void> {
  const dir = path.dirname(file);
  await rm(path.join(dir, 'demo'), { recursive: true, force: true });
  await rm(path.join(dir, 'db'), { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const raw = parse(await readFile(path.join(EXAMPLES_DIR, 'bestmix', 'privacy.yaml'), 'utf8')) as {
    datastores?: { id: string; connection: { dataDir?: string } }[];
  };
  for (const datastore of raw.datastores ?? []) {
    if (datastore.connection.dataDir !== undefined) {
      datastore.connection.dataDir = path.join('demo', datastore.id);
    }
  }
  await writePrivateFile(file, stringify(raw));
  const loaded = await loadFile(file);
  if (!loaded.ok) throw new Error('the demo map does not load');
  await ensureDemoShop(loaded.value.map, dir);
}
