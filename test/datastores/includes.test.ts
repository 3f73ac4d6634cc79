import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check, loadFile } from '../../src/map/index.js';
import { VALID_YAML } from '../map/helpers.js';

const SHOP = `id: shop
type: postgres
connection: { urlEnv: SHOP_DATABASE_URL }
collections:
  - name: customers
    primaryKey: [id]
    fields:
      - { name: email, identity: email, categories: [contact.email] }
`;

describe('a datastore declared in a file of its own', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'custodian-include-'));
    await mkdir(path.join(dir, 'datastores'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const write = async (name: string, text: string): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, text);
    return file;
  };
  const mapIncluding = (entry: string): Promise<string> =>
    write('privacy.yaml', `${VALID_YAML.trimEnd()}\ndatastores:\n  - ${entry}\n`);

  it('is read in place of its path, relative to the map', async () => {
    await write('datastores/shop.yaml', SHOP);
    const result = await loadFile(await mapIncluding('datastores/shop.yaml'));
    expect(result.ok && result.value.map.datastores.map((d) => d.id)).toEqual(['shop']);
  });

  it('reports schema errors at that file, line and column', async () => {
    await write('datastores/shop.yaml', SHOP.replace('type: postgres', 'type: oracle'));
    const result = await loadFile(await mapIncluding('datastores/shop.yaml'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.file, i.line, i.column, i.rule])).toEqual([
      [path.join(dir, 'datastores/shop.yaml'), 2, 7, 'schema.enum'],
    ]);
  });

  it('reports rule findings at that file too', async () => {
    await write(
      'datastores/shop.yaml',
      `${SHOP}  - name: addresses\n    primaryKey: [id]\n    fields: [{ name: street, categories: [contact.postal-address] }]\n`,
    );
    const result = await loadFile(await mapIncluding('datastores/shop.yaml'));
    if (!result.ok) return expect.fail(result.issues.map((i) => i.message).join('\n'));
    const found = check(result.value).filter((d) => d.rule === 'datastore.unreachable');
    expect(found.map((d) => [d.file, d.line, d.column])).toEqual([
      [path.join(dir, 'datastores/shop.yaml'), 9, 5],
    ]);
  });

  it('reports a YAML syntax error in the included file', async () => {
    await write('datastores/shop.yaml', 'id: shop\ntype: [postgres\n');
    const result = await loadFile(await mapIncluding('datastores/shop.yaml'));
    expect(!result.ok && result.issues[0]?.file).toBe(path.join(dir, 'datastores/shop.yaml'));
    expect(!result.ok && result.issues[0]?.rule).toBe('yaml.syntax');
  });

  it('reports a missing file at the entry that names it', async () => {
    const map = await mapIncluding('datastores/billing.yaml');
    const result = await loadFile(map);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const [issue] = result.issues;
    expect([issue?.file, issue?.rule, issue?.message]).toEqual([
      map,
      'map.include',
      'cannot read included file "datastores/billing.yaml" (no such file)',
    ]);
    expect(issue?.line).toBe(VALID_YAML.trimEnd().split('\n').length + 2);
  });
});
