import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  checkDatastores,
  draftDeclaration,
  type Connector,
  type LiveSchema,
} from '../../src/datastores/index.js';
import {
  findPerson,
  planErasure,
  stepChange,
  type Found,
  type LiveSchemas,
} from '../../src/execution/index.js';
import type { Datastore } from '../../src/map/index.js';
import { createCrm, crmEngines, type CrmFixture, type PlainRow } from '../support/crm/index.js';
import { mapWith } from '../map/helpers.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const HASH_KEY = Buffer.alloc(32, 7);

/** The ids of the rows found in one collection. */
const ids = (found: Found, collection: string): unknown[] =>
  found.collections.find((c) => c.collection === collection)?.rows.map((row) => row['id']) ?? [];

/** Searches the CRM for `email` through one open connector, with its live schema. */
async function search(
  datastore: Datastore,
  connector: Connector,
  email: string,
): Promise<{ found: Found; schemas: LiveSchemas }> {
  const live = (await connector.introspect?.()) as LiveSchema;
  const schemas = new Map([[datastore.id, live]]);
  const found = await findPerson(
    [datastore],
    new Map([[datastore.id, connector]]),
    { email: [email] },
    {
      schemas,
    },
  );
  return { found, schemas };
}

/** The rows of every table but the one row `except` names, for before/after comparisons. */
const others = (
  rows: Record<string, PlainRow[]>,
  gone: (table: string, row: PlainRow) => boolean,
) =>
  Object.fromEntries(
    Object.entries(rows).map(([table, list]) => [table, list.filter((row) => !gone(table, row))]),
  );

describe.each(crmEngines().map((engine) => ({ engine })))('a CRM on $engine', ({ engine }) => {
  let crm: CrmFixture;
  let connector: Connector | undefined;
  beforeEach(async () => {
    crm = await createCrm(engine);
  });
  afterEach(async () => {
    await connector?.close();
    connector = undefined;
    await crm.drop();
  });

  it('finds every row of the person whatever the case, and nothing of whom she referred or who referred her', async () => {
    connector = await crm.connect();
    // Typed in yet another case, with a space: the search uses the normal form only.
    const { found } = await search(crm.datastore, connector, ' ANA.Martin@example.COM');
    expect(ids(found, 'contacts')).toEqual([1, 5]);
    expect(ids(found, 'signups')).toEqual([1]);
    expect(ids(found, 'addresses')).toEqual([10, 12]);
    expect(ids(found, 'billing_addresses')).toEqual([20]);
    expect(ids(found, 'notes')).toEqual([30, 31]);
    // Three case variants in the data, one identity; the phone in the ledger's normal form.
    expect(found.identities['email']).toEqual(['ana.martin@example.com']);
    expect(found.identities['phone']).toEqual(['+32470000001']);
    // Bruno points at Ana through referred_by: a link to detach, not a row of hers.
    expect(found.links?.map((link) => link.rows.map((row) => row['id']))).toEqual([[2]]);
  });

  it('erases her rows, detaches the contact she referred, and changes nothing else of anyone', async () => {
    const before = await crm.rows();
    connector = await crm.connect();
    const { found, schemas } = await search(crm.datastore, connector, 'ana.martin@example.com');
    const plan = planErasure([crm.datastore], found, { now: NOW, hashKey: HASH_KEY, schemas });
    expect(
      plan.steps
        .filter((step) => step.purpose === 'detach')
        .map(({ collection, keys, set }) => ({ collection, keys, set })),
    ).toEqual([{ collection: 'contacts', keys: [[2]], set: { referred_by: null } }]);
    await connector.apply(plan.steps.map(stepChange));
    await connector.close();
    connector = undefined;

    const after = await crm.rows();
    const ana = (table: string, row: PlainRow): boolean =>
      table === 'contacts'
        ? row['id'] === 1 || row['id'] === 5
        : table === 'signups'
          ? row['id'] === 1
          : row['contact_id'] === 1 || row['contact_id'] === 5;
    // Nothing of Ana is left, whatever the case it was stored in.
    for (const [table, rows] of Object.entries(after)) {
      expect(
        rows.filter((row) => ana(table, row)),
        table,
      ).toEqual([]);
    }
    // Everyone else's rows are as they were, but Bruno's link to Ana, which is gone.
    const expected = others(before, ana);
    expected['contacts'] = (expected['contacts'] ?? []).map((row) =>
      row['id'] === 2 ? { ...row, referred_by: null } : row,
    );
    expect(after).toEqual(expected);
    expect(before['contacts']?.find((row) => row['id'] === 2)?.['referred_by']).toBe(1);
  });

  it('refuses to follow a self-reference a hand-written map declares as followed', async () => {
    const followed: Datastore = {
      ...crm.datastore,
      collections: crm.datastore.collections.map((collection) =>
        collection.name === 'contacts'
          ? {
              ...collection,
              references: collection.references.map((reference) => ({
                ...reference,
                follow: 'both' as const,
              })),
            }
          : collection,
      ),
    };
    connector = await crm.connect();
    const { found, schemas } = await search(followed, connector, 'ana.martin@example.com');
    // Neither Bruno (whom she referred) nor Carla (who referred her).
    expect(ids(found, 'contacts')).toEqual([1, 5]);
    expect(ids(found, 'notes')).toEqual([30, 31]);
    const plan = planErasure([followed], found, { now: NOW, hashKey: HASH_KEY, schemas });
    const deleted = plan.steps
      .filter((step) => step.op === 'delete' && step.collection === 'contacts')
      .flatMap((step) => step.keys);
    expect(deleted).toEqual([[1], [5]]);
    expect(plan.steps.some((step) => step.purpose === 'detach' && step.keys.length === 1)).toBe(
      true,
    );
  });

  it('says in datastores check which identity lookups no index serves, and which fix', async () => {
    const map = mapWith((raw) => {
      raw.datastores = [crm.raw];
    });
    const findings = await checkDatastores(map, crm.options);
    const unindexed = findings
      .filter((finding) => finding.rule === 'live.unindexed-identity')
      .map((finding) => finding.message);
    // contacts.email: exact (PostgreSQL text) or binary (MariaDB utf8mb4_bin), no lower() index.
    expect(unindexed).toEqual([
      expect.stringContaining(
        engine === 'mysql'
          ? 'datastore "crm", collection "contacts": the email lookup compares lower(email) and no index serves it, so every request reads the whole table; add a case-insensitive collation on contacts.email'
          : 'datastore "crm", collection "contacts": the email lookup compares lower(email) and no index serves it, so every request reads the whole table; add create index on contacts (lower(email))',
      ),
      'datastore "crm", collection "contacts": the phone lookup compares phone and no index serves it, so every request reads the whole table; add create index on contacts (phone)',
    ]);
    // signups.email has what it needs: a lower(email) index, or a *_ci collation and an index.
    expect(unindexed.join('\n')).not.toContain('"signups"');
  });

  it('finds no unindexed lookup once the company adds the index, and still finds every case', async () => {
    await crm.sql(
      engine === 'mysql'
        ? 'alter table contacts modify email varchar(200) character set utf8mb4 collate utf8mb4_unicode_ci not null, add index contacts_email (email), add index contacts_phone (phone)'
        : 'create index contacts_email_lower on contacts (lower(email)); create index on contacts (phone)',
    );
    const map = mapWith((raw) => {
      raw.datastores = [crm.raw];
    });
    const findings = await checkDatastores(map, crm.options);
    expect(findings.filter((finding) => finding.rule.startsWith('live.'))).toEqual([]);
    connector = await crm.connect();
    const { found } = await search(crm.datastore, connector, 'ana.martin@example.com');
    expect(ids(found, 'contacts')).toEqual([1, 5]);
    expect(ids(found, 'signups')).toEqual([1]);
  });

  it.runIf(engine === 'postgres')(
    'compares a citext column as it is, served by a plain index',
    async () => {
      await crm.sql(
        'create extension if not exists citext; alter table contacts alter column email type citext; create index on contacts (email); create index on contacts (phone)',
      );
      const map = mapWith((raw) => {
        raw.datastores = [crm.raw];
      });
      const findings = await checkDatastores(map, crm.options);
      expect(findings.filter((finding) => finding.rule.startsWith('live.'))).toEqual([]);
      connector = await crm.connect();
      const { found } = await search(crm.datastore, connector, 'ana.martin@example.com');
      expect(ids(found, 'contacts')).toEqual([1, 5]);
    },
  );

  it('reports a declared self-reference that says it is followed', async () => {
    const map = mapWith((raw) => {
      const declaration = structuredClone(crm.raw) as {
        collections: { references?: { follow?: string }[] }[];
      };
      const contacts = declaration.collections[0];
      for (const reference of contacts?.references ?? []) delete reference.follow;
      raw.datastores = [declaration];
    });
    const findings = await checkDatastores(map, crm.options);
    expect(
      findings
        .filter((finding) => finding.rule === 'datastore.crossing-reference')
        .map((finding) => [finding.severity, finding.path.join('.')]),
    ).toEqual([['warning', 'datastores.0.collections.0.references.0']]);
  });

  it('drafts the self-reference as never followed, and marks guessed categories', async () => {
    connector = await crm.connect();
    const live = (await connector.introspect?.()) as LiveSchema;
    const text = draftDeclaration(live, {
      id: 'crm',
      type: engine,
      urlEnv: 'CRM_DATABASE_URL',
      ...(engine === 'mysql' ? {} : { schema: 'public', defaultSchema: 'public' }),
      now: NOW,
    });
    const draft = parse(text) as {
      collections: { name: string; references?: { fields: string[]; follow?: string }[] }[];
    };
    const contacts = draft.collections.find((collection) => collection.name === 'contacts');
    expect(contacts?.references).toEqual([
      { fields: ['referred_by'], to: { collection: 'contacts', fields: ['id'] }, follow: 'none' },
    ]);
    const notes = draft.collections.find((collection) => collection.name === 'notes');
    expect(notes?.references?.[0]?.follow).toBeUndefined();
    expect(text).toContain("(referred_by) → contacts links one person's row to another's");
    expect(text).toContain(
      '- { name: body, categories: [ communications.message-content ] } # guessed: review\n',
    );
  });
});
