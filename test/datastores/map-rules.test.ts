import { describe, expect, it } from 'vitest';
import { loadSource, runRules, type Finding } from '../../src/map/index.js';
import { findingsOf, mapWith, VALID_YAML, type Raw } from '../map/helpers.js';

/** Two datastores as a company would declare them: a shop and its billing database. */
function declare(raw: Raw): void {
  // The purpose the invoices' tax hold serves names that law too (rule retention.legal-hold).
  raw.purposes[0].retention.legalHold = { basis: 'BE WIB 92 art. 315' };
  raw.datastores = [
    {
      id: 'shop',
      type: 'postgres',
      connection: { urlEnv: 'SHOP_DATABASE_URL' },
      collections: [
        {
          name: 'customers',
          primaryKey: ['id'],
          fields: [
            { name: 'id', identity: 'customer-id' },
            { name: 'email', identity: 'email', categories: ['contact.email'], erase: 'hash' },
          ],
          retention: { purposes: ['orders'], from: { column: 'id' } },
        },
        {
          name: 'orders',
          primaryKey: ['id'],
          fields: [{ name: 'total', categories: ['financial.purchase-history'] }],
          retention: { purposes: ['orders'], from: { reference: 'customers', column: 'id' } },
          references: [
            { fields: ['customer_id'], to: { collection: 'customers', fields: ['id'] } },
          ],
        },
      ],
    },
    {
      id: 'billing',
      type: 'mysql',
      connection: { urlEnv: 'BILLING_DATABASE_URL' },
      collections: [
        {
          name: 'invoices',
          primaryKey: ['id'],
          fields: [
            { name: 'issued_at' },
            { name: 'address', categories: ['contact.postal-address'], erase: 'mask' },
          ],
          retention: { purposes: ['orders'], from: { column: 'issued_at' } },
          hold: {
            reason: 'Tax law: 7 years',
            basis: 'BE WIB 92 art. 315',
            field: 'issued_at',
            duration: 'P7Y',
          },
          references: [
            {
              fields: ['customer_id'],
              to: { datastore: 'shop', collection: 'customers', fields: ['id'] },
            },
          ],
        },
      ],
    },
  ];
}

const datastoreFindings = (rule: string, change: (raw: Raw) => void = () => undefined): Finding[] =>
  findingsOf(rule, (raw) => {
    declare(raw);
    change(raw);
  });

const shop = (raw: Raw): Raw => raw.datastores[0];
const billing = (raw: Raw): Raw => raw.datastores[1];

describe('declared datastores', () => {
  it('have no findings when every reference resolves and every collection is reachable', () => {
    expect(runRules(mapWith(declare))).toEqual([]);
  });
});

describe('reference.unknown for datastore fields', () => {
  it('reports a field in an unknown category', () => {
    const found = datastoreFindings('reference.unknown', (raw) => {
      shop(raw).collections[0].fields[1].categories = ['contact.emial'];
    });
    expect(found.map((f) => [f.path, f.message])).toEqual([
      [
        ['datastores', 0, 'collections', 0, 'fields', 1, 'categories', 0],
        'unknown category "contact.emial"',
      ],
    ]);
  });
});

describe('reference.duplicate for datastores', () => {
  it('reports a datastore id and a collection name declared twice', () => {
    const found = datastoreFindings('reference.duplicate', (raw) => {
      billing(raw).id = 'shop';
      shop(raw).collections.push({ ...shop(raw).collections[1] });
    });
    expect(found.map((f) => f.message).sort()).toEqual([
      '"shop" is declared twice in datastores',
      'collection "orders" is declared twice in datastore "shop"',
    ]);
  });

  it('allows one name in two schemas', () => {
    const found = datastoreFindings('reference.duplicate', (raw) => {
      shop(raw).collections.push({ ...shop(raw).collections[1], schema: 'archive' });
    });
    expect(found).toEqual([]);
  });
});

describe('datastore.reference', () => {
  it('reports references to an unknown datastore, collection or column', () => {
    const found = datastoreFindings('datastore.reference', (raw) => {
      billing(raw).collections[0].references[0].to.datastore = 'shops';
      shop(raw).collections[1].references.push({
        fields: ['order_id'],
        to: { collection: 'order', fields: ['id'] },
      });
      shop(raw).collections[1].references[0].to.fields = ['uid'];
    });
    expect(found.map((f) => f.message)).toEqual([
      '"customers" declares no column "uid" (did you mean "id"?): declare it in primaryKey or fields',
      'datastore "shop" declares no collection "order" (did you mean "orders"?)',
      'unknown datastore "shops" (did you mean "shop"?)',
    ]);
    expect(found[2]?.path).toEqual([
      'datastores',
      1,
      'collections',
      0,
      'references',
      0,
      'to',
      'datastore',
    ]);
  });

  it('reports a reference with more columns on one side than the other', () => {
    const found = datastoreFindings('datastore.reference', (raw) => {
      shop(raw).collections[1].references[0].fields = ['customer_id', 'shop_id'];
    });
    expect(found.map((f) => f.message)).toEqual([
      'a reference from 2 column(s) to 1 column(s) of "customers"',
    ]);
  });

  it('reports a hold counting from a column the collection does not declare', () => {
    const found = datastoreFindings('datastore.reference', (raw) => {
      billing(raw).collections[0].hold.field = 'issued_on';
    });
    expect(found.map((f) => f.path.join('.'))).toEqual(['datastores.1.collections.0.hold.field']);
  });
});

describe('datastore.unreachable — GDPR Art. 15, 17', () => {
  it('reports personal data no identity reaches, and accepts it once referenced', () => {
    const found = datastoreFindings('datastore.unreachable', (raw) => {
      shop(raw).collections.push({
        name: 'addresses',
        primaryKey: ['id'],
        fields: [{ name: 'street', categories: ['contact.postal-address'] }],
      });
    });
    expect(found.map((f) => [f.path, f.message])).toEqual([
      [
        ['datastores', 0, 'collections', 2],
        'collection "shop.addresses" holds personal data that no identity reaches: declare an identity field or a reference to a collection that has one',
      ],
    ]);
    const fixed = datastoreFindings('datastore.unreachable', (raw) => {
      shop(raw).collections.push({
        name: 'addresses',
        primaryKey: ['id'],
        fields: [{ name: 'street', categories: ['contact.postal-address'] }],
        references: [{ fields: ['order_id'], to: { collection: 'orders', fields: ['id'] } }],
      });
    });
    expect(fixed).toEqual([]);
  });

  it('follows a reference towards its parent only when told to (follow: both)', () => {
    const change = (follow: string) => (raw: Raw) => {
      // Customers hold no identity now; only the newsletter's subscribers do.
      shop(raw).collections[0].fields = [{ name: 'name', categories: ['identity.name'] }];
      shop(raw).collections.push({
        name: 'subscribers',
        primaryKey: ['email'],
        fields: [{ name: 'email', identity: 'email' }],
        references: [
          { fields: ['customer_id'], to: { collection: 'customers', fields: ['id'] }, follow },
        ],
      });
    };
    const fromParent = datastoreFindings('datastore.unreachable', change('from-parent'));
    expect(fromParent.map((f) => f.message)).toEqual([
      expect.stringContaining('"shop.customers"'),
      expect.stringContaining('"shop.orders"'),
      expect.stringContaining('"billing.invoices"'),
    ]);
    expect(datastoreFindings('datastore.unreachable', change('both'))).toEqual([]);
  });
});

describe('datastore.crossing-reference', () => {
  const contacts = (references: Raw[]) => (raw: Raw) => {
    shop(raw).collections.push({
      name: 'contacts',
      primaryKey: ['id'],
      fields: [{ name: 'email', identity: 'email', categories: ['contact.email'] }],
      references,
    });
  };
  const referredBy = { fields: ['referred_by'], to: { collection: 'contacts', fields: ['id'] } };

  it('reports a self-reference a request would follow, either way', () => {
    for (const follow of ['from-parent', 'both']) {
      const found = datastoreFindings(
        'datastore.crossing-reference',
        contacts([{ ...referredBy, follow }]),
      );
      expect(found.map((f) => [f.severity, f.path.join('.')])).toEqual([
        ['warning', 'datastores.0.collections.2.references.0'],
      ]);
      expect(found[0]?.message).toContain('declare it "follow: none"');
    }
    expect(
      datastoreFindings(
        'datastore.crossing-reference',
        contacts([{ ...referredBy, follow: 'none' }]),
      ),
    ).toEqual([]);
  });

  it('reports the way back of a chain into the same collection (a referral naming two contacts)', () => {
    const found = datastoreFindings('datastore.crossing-reference', (raw) => {
      contacts([])(raw);
      shop(raw).collections.push({
        name: 'referrals',
        primaryKey: ['id'],
        references: [
          { fields: ['referrer_id'], to: { collection: 'contacts', fields: ['id'] } },
          {
            fields: ['referred_id'],
            to: { collection: 'contacts', fields: ['id'] },
            follow: 'both',
          },
        ],
      });
    });
    // Down from Ana to her referrals is hers; up from a referral to the contact referred is not.
    expect(found.map((f) => f.path.join('.'))).toEqual(['datastores.0.collections.3.references.1']);
    expect(found[0]?.message).toContain('up to "contacts"');
    expect(found[0]?.message).toContain('through a chain of references');
  });

  it('does not report a reference followed down and back up the same way', () => {
    const found = datastoreFindings('datastore.crossing-reference', (raw) => {
      shop(raw).collections[1].references[0].follow = 'both';
    });
    expect(found).toEqual([]);
  });
});

describe('datastore.erase', () => {
  it('reports generalise without saying to what', () => {
    const found = datastoreFindings('datastore.erase', (raw) => {
      billing(raw).collections[0].fields[1].erase = 'generalise';
    });
    expect(found.map((f) => f.path.join('.'))).toEqual([
      'datastores.1.collections.0.fields.1.erase',
    ]);
    const fine = datastoreFindings('datastore.erase', (raw) => {
      billing(raw).collections[0].fields[1].erase = 'generalise';
      billing(raw).collections[0].fields[1].generalise = { to: 'prefix', keep: 4 };
    });
    expect(fine).toEqual([]);
  });
});

describe('the datastore schema', () => {
  const yaml = (datastore: string): string => `${VALID_YAML.trimEnd()}\ndatastores:\n${datastore}`;

  it('rejects a hold with neither until nor field and duration', () => {
    const result = loadSource(
      yaml(`  - id: shop
    type: postgres
    connection: { urlEnv: SHOP_URL }
    collections:
      - name: invoices
        primaryKey: [id]
        hold: { reason: "tax", field: issued_at }
`),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.rule, i.message])).toEqual([
      [
        'schema.invalid',
        '`datastores.0.collections.0.hold`: give "until", or "field" and "duration"',
      ],
    ]);
  });

  it('rejects a connection that does not fit the type, naming the missing key', () => {
    const result = loadSource(
      yaml(`  - id: demo
    type: pglite
    connection: { urlEnv: DEMO_URL }
    collections:
      - { name: customers, primaryKey: [id] }
`),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.message)).toEqual([
      '`datastores.0.connection.dataDir`: a pglite datastore needs connection.dataDir',
    ]);
  });

  it('reports an unknown key inside a datastore, not a type mismatch', () => {
    const result = loadSource(
      yaml(`  - id: shop
    type: postgres
    connection: { urlEnv: SHOP_URL }
    password: hunter2
    collections:
      - { name: customers, primaryKey: [id] }
`),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.rule, i.line])).toEqual([
      ['schema.unknown-key', expect.any(Number)],
    ]);
  });
});

describe('partOf references', () => {
  it('accept a row part of a row of its own datastore', () => {
    const found = runRules(
      mapWith((raw) => {
        declare(raw);
        shop(raw).collections[1].references[0].partOf = true;
      }),
    );
    expect(found).toEqual([]);
  });

  it('report a row part of a row of another datastore, or of a collection not declared', () => {
    const found = datastoreFindings('datastore.reference', (raw) => {
      billing(raw).collections[0].references[0].partOf = true;
      shop(raw).collections[1].references.push({
        fields: ['order_id'],
        to: { collection: 'order', fields: ['id'] },
        partOf: true,
      });
    });
    expect(found.map((f) => [f.path.at(-1), f.message])).toEqual([
      ['collection', 'datastore "shop" declares no collection "order" (did you mean "orders"?)'],
      ['partOf', 'a row can only be part of a row of its own datastore, not of "shop"'],
    ]);
  });

  it('report a cycle of partOf once, naming its chain', () => {
    const found = datastoreFindings('datastore.part-of-cycle', (raw) => {
      shop(raw).collections[1].references[0].partOf = true;
      shop(raw).collections[0].fields.push({ name: 'order_id' });
      shop(raw).collections[0].references = [
        { fields: ['order_id'], to: { collection: 'orders', fields: ['id'] }, partOf: true },
      ];
    });
    expect(found.map((f) => [f.path, f.message])).toEqual([
      [
        ['datastores', 0, 'collections', 0, 'references', 0, 'partOf'],
        '"customers" is part of itself through customers -> orders -> customers: a hold cannot tell which row keeps which; remove partOf from one of these references',
      ],
    ]);
    expect(found[0]?.severity).toBe('warning');
  });
});
