import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rulesTable } from '../../src/cli/main.js';
import { ERROR_CODES, errorsTable, isErrorCode } from '../../src/error-codes.js';
import { dataMapJsonSchema, RULES } from '../../src/map/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string): string => readFileSync(root + file, 'utf8');

/** Every property name anywhere in a JSON Schema. */
function propertyNames(schema: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) propertyNames(item, names);
  } else if (schema !== null && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && value !== null && typeof value === 'object') {
        for (const name of Object.keys(value)) names.add(name);
      }
      propertyNames(value, names);
    }
  }
  return names;
}

describe('docs/data-map.md', () => {
  it('documents every key of the data map', () => {
    const doc = read('docs/data-map.md');
    const missing = [...propertyNames(dataMapJsonSchema())].filter(
      (name) => !doc.includes(`\`${name}\``),
    );
    expect(missing).toEqual([]);
  });
});

describe('docs/data-map.md on the sentences the notice commits to', () => {
  it('lists the default behind every assumption rule', () => {
    const doc = read('docs/data-map.md');
    const section = doc.slice(doc.indexOf('## Sentences the notice commits you to'));
    for (const rule of RULES.filter((candidate) => candidate.severity === 'assumption')) {
      expect(section).toContain(`\`${rule.id}\``);
    }
  });
});

describe('docs/checks.md', () => {
  it('carries the current rule table', () => {
    const doc = read('docs/checks.md');
    const between = /<!-- rules:start -->\n([\s\S]*)<!-- rules:end -->/.exec(doc)?.[1];
    expect(between).toBe(rulesTable());
  });

  it('mentions every rule id', () => {
    const doc = read('docs/checks.md');
    for (const rule of RULES) expect(doc).toContain(`\`${rule.id}\``);
  });
});

describe('docs/errors.md', () => {
  it('carries the current table of error codes: every code, nothing stale', () => {
    const doc = read('docs/errors.md');
    const between = /<!-- errors:start -->\n([\s\S]*)<!-- errors:end -->/.exec(doc)?.[1];
    expect(between).toBe(errorsTable());
    for (const code of Object.keys(ERROR_CODES)) expect(doc).toContain(`\`${code}\``);
  });

  it('api.md names catalogued codes only, with their statuses', () => {
    const doc = read('docs/api.md');
    const section = doc.slice(doc.indexOf('## Errors'), doc.indexOf('## Cross-origin calls'));
    const rows = section.split('\n').filter((line) => /^\| \d{3} /.test(line));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const status = Number(row.slice(2, 5));
      for (const [, code = ''] of row.matchAll(/`([a-z_.]+)`/g)) {
        expect(isErrorCode(code), code).toBe(true);
        if (isErrorCode(code)) expect(ERROR_CODES[code].status, code).toBe(status);
      }
    }
  });
});
