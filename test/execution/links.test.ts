import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Connector, LiveSchema } from '../../src/datastores/index.js';
import {
  certificateBody,
  erasureHashKey,
  findPerson,
  planErasure,
  stepChange,
  type ErasurePlan,
} from '../../src/execution/index.js';
import { CustodianError } from '../../src/errors.js';
import { Datastore } from '../../src/map/index.js';
import { eachDb, openShop, type DbTarget, type OpenShop } from '../datastores/fixture.js';

/**
 * Members who refer each other (`referred_by`, a real foreign key the declaration leaves out),
 * gift cards whose recipient must exist (a foreign key that refuses null), and profiles whose
 * text columns are 20 characters wide.
 */
function ddl(target: DbTarget): string[] {
  const engine = target === 'mysql' ? ' engine = InnoDB' : '';
  return [
    `create table members (id integer primary key, email varchar(200) not null, note varchar(200),
       referred_by integer null, constraint members_referrer_fk foreign key (referred_by) references members (id))${engine}`,
    `create table gift_cards (id integer primary key, buyer_email varchar(200) not null,
       recipient_id integer not null, constraint gift_cards_recipient_fk foreign key (recipient_id) references members (id))${engine}`,
    `create table profiles (id integer primary key, email varchar(20) not null, nick varchar(20) not null)${engine}`,
    `insert into members (id, email, note, referred_by) values (1, 'ana@example.com', null, null)`,
    `insert into members (id, email, note, referred_by) values (2, 'bob@example.com', null, 1)`,
    `insert into members (id, email, note, referred_by) values (3, 'cy@example.com', null, 2)`,
    `insert into profiles values (1, 'ana@example.com', 'AnaTheGreatest2000'), (2, 'bob@example.com', 'bobby')`,
  ];
}

const CLUB = Datastore.parse({
  id: 'shop',
  type: 'postgres',
  connection: { urlEnv: 'SHOP_DATABASE_URL' },
  collections: [
    {
      name: 'members',
      primaryKey: ['id'],
      fields: [{ name: 'email', identity: 'email', categories: ['contact.email'] }],
    },
    {
      name: 'gift_cards',
      primaryKey: ['id'],
      fields: [{ name: 'buyer_email', identity: 'email', categories: ['contact.email'] }],
    },
    {
      name: 'profiles',
      primaryKey: ['id'],
      erase: 'update',
      fields: [
        { name: 'email', identity: 'email', categories: ['contact.email'], erase: 'hash' },
        { name: 'nick', categories: ['identity.name'], erase: 'mask' },
      ],
    },
  ],
});

const NOW = new Date('2026-03-01T12:00:00Z');
const hashKey = erasureHashKey(Buffer.alloc(32, 7));

/** Each step of the plan, as an erasure run changes it. */
async function apply(connector: Connector, plan: ErasurePlan): Promise<void> {
  for (const step of plan.steps) await connector.apply([stepChange(step)]);
}

eachDb('erasure next to other people on $target', ({ target }) => {
  let shop: OpenShop;
  let schema: LiveSchema;
  beforeEach(async () => {
    shop = await openShop(target, { data: false, datastore: { ...CLUB, type: target } });
    for (const statement of ddl(target)) await shop.sql(statement);
    const read = await shop.connector.introspect?.();
    if (read === undefined) throw new Error('a SQL connector introspects');
    schema = read;
  });
  afterEach(async () => {
    await shop.close();
  });

  const plan = async (): Promise<ErasurePlan> => {
    const schemas = new Map([['shop', schema]]);
    const connectors = new Map([['shop', shop.connector]]);
    const found = await findPerson([CLUB], connectors, { email: ['ana@example.com'] }, { schemas });
    return planErasure([CLUB], found, { now: NOW, hashKey, schemas });
  };

  it('reads the length of varchar columns', () => {
    const profiles = schema.tables.find((table) => table.name === 'profiles');
    expect(profiles?.columns.find((c) => c.name === 'nick')).toMatchObject({ maxLength: 20 });
    expect(profiles?.columns.find((c) => c.name === 'nick')?.type).toMatch(
      /varying\(20\)|varchar\(20\)/,
    );
    const members = schema.tables.find((table) => table.name === 'members');
    expect(members?.columns.find((c) => c.name === 'id')?.maxLength).toBeUndefined();
  });

  it('cuts hashes and masks to a varchar(20) column instead of failing the erasure', async () => {
    const erasure = await plan();
    await apply(shop.connector, erasure);
    const rows = await shop.sql('select id, email, nick from profiles order by id');
    expect(rows[0]?.['email']).toMatch(/^[0-9a-f]{20}$/);
    expect(rows[0]?.['nick']).toBe('[erased]');
    expect(rows[1]).toMatchObject({ email: 'bob@example.com', nick: 'bobby' });
  });

  it("nulls another person's undeclared reference first, keeping their row, and certifies it", async () => {
    const erasure = await plan();
    const detach = erasure.steps.filter((step) => step.purpose === 'detach');
    expect(detach).toEqual([
      expect.objectContaining({
        collection: 'members',
        op: 'update',
        count: 1,
        set: { referred_by: null },
      }),
    ]);
    // Before the delete of Ana's row.
    expect(erasure.steps.findIndex((step) => step.purpose === 'detach')).toBeLessThan(
      erasure.steps.findIndex((step) => step.collection === 'members' && step.op === 'delete'),
    );
    await apply(shop.connector, erasure);
    const members = await shop.sql('select id, referred_by from members order by id');
    expect(members.map((row) => [Number(row['id']), row['referred_by'] ?? null])).toEqual([
      [2, null],
      [3, 2],
    ]);
    const body = certificateBody('r-1', erasure, NOW.toISOString(), { email: 1, phone: 0 });
    expect(body.steps).toContainEqual({
      datastore: 'shop',
      collection: 'members',
      op: 'update',
      purpose: 'detach',
      rows: 1,
    });
    expect(JSON.stringify(body)).not.toMatch(/example\.com/);
  });

  it('refuses the plan, naming table and column, when the reference cannot be null', async () => {
    await shop.sql(
      `insert into gift_cards (id, buyer_email, recipient_id) values (9, 'bob@example.com', 1)`,
    );
    const error = await plan().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(CustodianError);
    expect(error).toMatchObject({
      code: 'plan.foreign_reference',
      details: { collection: 'gift_cards', columns: ['recipient_id'] },
    });
    expect((error as Error).message).toMatch(/"shop\.gift_cards".*"recipient_id"/);
    expect((error as Error).message).not.toMatch(/bob|ana|example/);
    expect(await shop.sql('select id from members')).toHaveLength(3);
  });

  it('writes an undeclared column only to null it, and only if it is a nullable foreign key', async () => {
    const members = (set: Record<string, null | number>) =>
      shop.connector.apply([{ op: 'update', collection: 'members', keys: [[3]], set }]);
    await expect(members({ referred_by: 1 })).rejects.toMatchObject({
      code: 'datastore.undeclared_column',
    });
    await expect(members({ note: null })).rejects.toMatchObject({
      code: 'datastore.undeclared_column',
    });
    await expect(
      shop.connector.apply([
        { op: 'update', collection: 'gift_cards', keys: [[9]], set: { recipient_id: null } },
      ]),
    ).rejects.toMatchObject({ code: 'datastore.undeclared_column' });
    expect(await members({ referred_by: null })).toEqual([1]);
    const rows = await shop.sql('select referred_by from members where id = 3');
    expect(rows[0]?.['referred_by'] ?? null).toBeNull();
  });
});
