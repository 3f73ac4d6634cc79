import type { Diagnostic } from './finding.js';
import type { LoadedMap } from './load.js';
import { runRules } from './rules.js';

/** Runs the policy rules on a loaded map and places each finding in the file. */
export function check(loaded: LoadedMap): Diagnostic[] {
  return runRules(loaded.map)
    .map((finding) => ({ ...finding, file: loaded.file, ...loaded.locate(finding.path) }))
    .sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}
