import { parse, stringify } from 'yaml';
import { expect } from 'vitest';
import { loadSource, type DataMap } from '../../src/map/index.js';

/** Raw YAML data of a map, for tests to change before loading. */
export type Raw = any;

/** Loads a map from YAML text, failing the test with the loader's messages if it is invalid. */
export function load(source: string): DataMap {
  const result = loadSource(source, 'fixture.yaml');
  if (!result.ok) {
    return expect.fail(result.issues.map((issue) => `${issue.rule} ${issue.message}`).join('\n'));
  }
  return result.value.map;
}

/** Loads a map from YAML text after `change` edits a copy of its raw data. */
export function loadWith(source: string, change: (raw: Raw) => void): DataMap {
  const raw: Raw = parse(source);
  change(raw);
  return load(stringify(raw));
}
