import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { dataMapJsonSchema } from '../../src/map/index.js';
import { VALID_YAML } from './helpers.js';

const examplesDir = fileURLToPath(new URL('../../examples/', import.meta.url));
const exampleMaps = readdirSync(examplesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'broken')
  .map((entry) => `${examplesDir}${entry.name}/privacy.yaml`);

function validator(): (data: unknown) => { valid: boolean; errors: string[] } {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  const validate = ajv.compile(dataMapJsonSchema());
  return (data) => {
    const valid = validate(data);
    return {
      valid,
      errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`),
    };
  };
}

describe('the exported JSON Schema', () => {
  const validate = validator();

  it('is draft 2020-12 with a title and an id', () => {
    const schema = dataMapJsonSchema();
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['title']).toMatch(/privacy\.yaml/);
  });

  it('accepts the test fixture', () => {
    expect(validate(parse(VALID_YAML)).errors).toEqual([]);
  });

  it.each(exampleMaps)('accepts the example %s', (file) => {
    expect(validate(parse(readFileSync(file, 'utf8'))).errors).toEqual([]);
  });

  it('rejects an unknown key, a bad enum value and a bad country code, as the loader does', () => {
    const raw = parse(VALID_YAML);
    raw.purposes[0].legalBase = 'consent';
    raw.purposes[1].legalBasis = 'because';
    raw.recipients[0].countries.processing = ['Belgium'];
    const { valid, errors } = validate(raw);
    expect(valid).toBe(false);
    expect(errors.join('\n')).toMatch(/\/purposes\/0 must NOT have additional properties/);
    expect(errors.join('\n')).toMatch(
      /\/purposes\/1\/legalBasis must be equal to one of the allowed values/,
    );
    expect(errors.join('\n')).toMatch(
      /\/recipients\/0\/countries\/processing\/0 must be equal to one of the allowed values/,
    );
  });

  it('offers editors the legal bases and country codes to complete', () => {
    const text = JSON.stringify(dataMapJsonSchema());
    expect(text).toContain('"legitimate-interests"');
    expect(text).toContain('"BE"');
    expect(text).toContain('GDPR Art. 6(1).');
  });
});
