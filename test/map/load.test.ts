import { describe, expect, it } from 'vitest';
import { check, loadSource, type Diagnostic } from '../../src/map/index.js';
import { VALID_YAML } from './helpers.js';

function issues(source: string): Diagnostic[] {
  const result = loadSource(source, 'privacy.yaml');
  if (result.ok) throw new Error('expected the map to be rejected');
  return result.issues;
}

/** Replaces the first occurrence of `from` in the fixture, failing loudly if it is not there. */
function edit(from: string, to: string): string {
  if (!VALID_YAML.includes(from)) throw new Error(`fixture has no ${from}`);
  return VALID_YAML.replace(from, to);
}

function lineOf(source: string, needle: string): number {
  return source.slice(0, source.indexOf(needle)).split('\n').length;
}

describe('loadSource', () => {
  it('loads the valid fixture with defaults applied', () => {
    const result = loadSource(VALID_YAML);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map.organisation.controllers).toHaveLength(2);
    expect(result.value.map.purposes[0]?.directMarketing).toBe(false);
    expect(result.value.map.notice.effectiveDate).toBe('2026-01-15');
  });

  it('reports broken YAML at its line and column', () => {
    const source = edit('  languages: [en, nl]', '  languages: [en, nl');
    const [issue, ...rest] = issues(source);
    expect(rest.length).toBeGreaterThanOrEqual(0);
    expect(issue?.rule).toBe('yaml.syntax');
    expect(issue?.line).toBeGreaterThanOrEqual(lineOf(source, 'languages'));
    expect(issue?.message).not.toMatch(/\n/);
  });

  it('reports a duplicate key', () => {
    const source = edit("  version: '3'\n", "  version: '3'\n  version: '4'\n");
    expect(issues(source).map((i) => [i.rule, i.line])).toEqual([
      ['yaml.syntax', lineOf(source, "version: '4'")],
    ]);
  });

  it('reports a wrong type at the value', () => {
    const source = edit('custodian: 1', 'custodian: 1\n').replace(
      '    subjects: [customers]\n',
      '    subjects: customers\n',
    );
    const [issue] = issues(source);
    expect(issue).toMatchObject({
      rule: 'schema.type',
      line: lineOf(source, 'subjects: customers'),
      column: 15,
      message: '`purposes.0.subjects`: expected array, got "customers"',
    });
  });

  it('reports a value outside a closed list', () => {
    const source = edit('    legalBasis: contract', '    legalBasis: contractual');
    const [issue] = issues(source);
    expect(issue?.rule).toBe('schema.enum');
    expect(issue?.line).toBe(lineOf(source, 'legalBasis: contractual'));
    expect(issue?.message).toContain('"contractual" is not one of "consent", "contract"');
  });

  it('reports an invalid country code and an invalid duration', () => {
    const source = edit('processing: [BE, NL]', 'processing: [BE, XX]').replace(
      'duration: P7Y',
      'duration: 7 years',
    );
    const found = issues(source);
    expect(found.map((i) => i.message)).toEqual([
      '`purposes.0.retention.duration`: must be an ISO 8601 duration (e.g. "P2Y", "P6M", "P30D", "PT72H")',
      '`recipients.0.countries.processing.1`: "XX" must be an ISO 3166-1 alpha-2 country code in capitals, "EU" or "EEA"',
    ]);
    expect(found[1]?.line).toBe(lineOf(source, '[BE, XX]'));
    const line = source.split('\n')[lineOf(source, '[BE, XX]') - 1] ?? '';
    expect(found[1]?.column).toBe(line.indexOf('XX') + 1);
  });

  it('reports an unknown key at the key itself', () => {
    const source = edit(
      '    legalBasis: contract',
      '    legalBasis: contract\n    legalBase: consent',
    );
    const [issue] = issues(source);
    expect(issue).toMatchObject({
      rule: 'schema.unknown-key',
      line: lineOf(source, 'legalBase:'),
      column: 5,
      message: 'unknown key `legalBase` in `purposes.0`',
    });
  });

  it('reports a missing required field at its parent', () => {
    const source = edit('      legalName: Example Shop NV\n', '');
    const [issue] = issues(source);
    expect(issue?.rule).toBe('schema.required');
    expect(issue?.message).toBe('missing required `legalName` in `organisation.controllers.0`');
    expect(issue?.line).toBe(lineOf(source, '- id: shop-be'));
  });

  it('explains a retention that is neither a period nor criteria', () => {
    const source = edit(
      'retention: { duration: P7Y, from: end-of-financial-year }',
      'retention: { duration: P7Y }',
    );
    const [issue] = issues(source);
    expect(issue?.message).toBe('missing required `from` in `purposes.0.retention`');
  });

  it('reports an empty file', () => {
    expect(issues('').map((i) => i.rule)).toEqual(['schema.type']);
  });
});

describe('check', () => {
  it('places rule findings on the line of the offending reference', () => {
    const source = edit('    recipients: [hosting]', '    recipients: [hostng]');
    const result = loadSource(source, 'privacy.yaml');
    if (!result.ok) throw new Error('fixture must load');
    const [finding] = check(result.value);
    expect(finding).toMatchObject({
      file: 'privacy.yaml',
      line: lineOf(source, '[hostng]'),
      column: 18,
      severity: 'error',
      rule: 'reference.unknown',
    });
  });
});
