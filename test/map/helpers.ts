import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runRules, type DataMap, type Finding } from '../../src/map/index.js';
import { loadWith, type Raw } from '../support/load.js';

export const VALID_YAML = readFileSync(
  fileURLToPath(new URL('../fixtures/valid.yaml', import.meta.url)),
  'utf8',
);

export type { Raw };

/** Loads the valid fixture after `change` edits a copy of its raw data; fails the test on schema errors. */
export function mapWith(change: (raw: Raw) => void = () => undefined): DataMap {
  return loadWith(VALID_YAML, change);
}

/** Findings of one rule on the fixture after `change`. */
export function findingsOf(rule: string, change?: (raw: Raw) => void): Finding[] {
  return runRules(mapWith(change)).filter((finding) => finding.rule === rule);
}
