import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { expect } from 'vitest';
import { loadSource, runRules, type DataMap, type Finding } from '../../src/map/index.js';

export const VALID_YAML = readFileSync(
  fileURLToPath(new URL('../fixtures/valid.yaml', import.meta.url)),
  'utf8',
);

/** The fixture as plain data, to be changed by a test before loading. */
export type Raw = any;

/** Loads the valid fixture after `change` edits a copy of its raw data; fails the test on schema errors. */
export function mapWith(change: (raw: Raw) => void = () => undefined): DataMap {
  const raw: Raw = parse(VALID_YAML);
  change(raw);
  const result = loadSource(stringify(raw), 'fixture.yaml');
  if (!result.ok)
    expect.fail(result.issues.map((issue) => `${issue.rule} ${issue.message}`).join('\n'));
  return result.value.map;
}

/** Findings of one rule on the fixture after `change`. */
export function findingsOf(rule: string, change?: (raw: Raw) => void): Finding[] {
  return runRules(mapWith(change)).filter((finding) => finding.rule === rule);
}
