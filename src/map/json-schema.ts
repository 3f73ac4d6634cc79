import { z } from 'zod';
import { DataMap } from './schema.js';

/** The data map schema as JSON Schema (draft 2020-12), for editors and CI. */
export function dataMapJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(DataMap, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return {
    ...schema,
    $id: 'https://custodian.dev/schema/privacy.schema.json',
    title: 'Custodian data map (privacy.yaml)',
  };
}
