import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from './main.js';

/** The example maps shipped with the package. */
export const EXAMPLES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../examples',
);

/**
 * A five-minute tour: check an example map, publish its notice, sub-processors and record, and
 * show what changed since its previous version. Each step prints the command a user would type.
 */
export async function tour(
  io: Io,
  run: (args: readonly string[]) => Promise<number>,
): Promise<number> {
  const example = (...parts: string[]): string =>
    path.relative(io.cwd, path.join(EXAMPLES_DIR, ...parts)) || '.';
  const map = example('bestmix', 'privacy.yaml');
  // Generated files go under the working directory, never into the installed package.
  const out = (file: string): string => path.join('.custodian', 'tour', file);
  const steps: { say: string; args: string[]; expect?: number; show?: string }[] = [
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
  for (const [index, step] of steps.entries()) {
    io.stdout(
      `\n── ${index + 1}/${steps.length}  ${step.say}\n$ custodian ${step.args.join(' ')}\n\n`,
    );
    const code = await run(step.args);
    if (code !== (step.expect ?? 0)) {
      io.stderr(`tour: step ${index + 1} exited ${code}\n`);
      return 1;
    }
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
