import { describe, expect, it } from 'vitest';
import {
  check,
  collectionPeriod,
  loadSource,
  runRules,
  type Finding,
} from '../../src/map/index.js';
import { findingsOf, mapWith, VALID_YAML, type Raw } from './helpers.js';

/** A shop declaring retention per collection: customers by last activity, lines by their contract. */
function declare(raw: Raw): void {
  raw.datastores = [
    {
      id: 'shop',
      type: 'postgres',
      connection: { urlEnv: 'SHOP_DATABASE_URL' },
      collections: [
        {
          name: 'customers',
          primaryKey: ['id'],
          activity: 'last_login',
          fields: [
            { name: 'id', identity: 'customer-id' },
            { name: 'email', identity: 'email', categories: ['contact.email'], erase: 'hash' },
            { name: 'last_login' },
          ],
          retention: { purposes: ['newsletter'], from: 'lastActivity' },
        },
        {
          name: 'contracts',
          primaryKey: ['id'],
          fields: [
            { name: 'ended_at' },
            { name: 'total', categories: ['financial.purchase-history'] },
          ],
          references: [
            { fields: ['customer_id'], to: { collection: 'customers', fields: ['id'] } },
          ],
          retention: { purposes: ['orders'], from: { column: 'ended_at' }, period: 'P5Y' },
        },
        {
          name: 'contract_lines',
          primaryKey: ['id'],
          fields: [{ name: 'item', categories: ['financial.purchase-history'] }],
          references: [
            { fields: ['contract_id'], to: { collection: 'contracts', fields: ['id'] } },
          ],
          retention: {
            purposes: ['orders', 'newsletter'],
            from: { reference: 'contracts', column: 'ended_at' },
          },
        },
        // No personal data: no retention needed.
        { name: 'products', primaryKey: ['id'], fields: [{ name: 'title' }] },
      ],
    },
  ];
}

const retentionFindings = (rule: string, change: (raw: Raw) => void = () => undefined): Finding[] =>
  findingsOf(rule, (raw) => {
    declare(raw);
    change(raw);
  });

const collection = (raw: Raw, name: string): Raw =>
  raw.datastores[0].collections.find((c: Raw) => c.name === name);

describe('collection retention', () => {
  it('declared for every collection holding personal data: no findings', () => {
    expect(runRules(mapWith(declare))).toEqual([]);
  });

  it('resolves the period to the longest of its purposes, or its own shorter one', () => {
    const map = mapWith(declare);
    const [customers, contracts, lines] = map.datastores[0]?.collections ?? [];
    expect(customers && collectionPeriod(map, customers)).toMatchObject({ period: 'P2Y' });
    expect(contracts && collectionPeriod(map, contracts)).toMatchObject({ period: 'P5Y' });
    // orders P7Y, newsletter P2Y: the longest
    expect(lines && collectionPeriod(map, lines)).toMatchObject({ period: 'P7Y' });
  });
});

describe('datastore.retention', () => {
  it('warns of a collection holding personal data with no retention rule', () => {
    const found = retentionFindings('datastore.retention', (raw) => {
      delete collection(raw, 'contract_lines').retention;
    });
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: ['datastores', 0, 'collections', 2],
        message: expect.stringContaining(
          '"shop.contract_lines" holds personal data but declares no retention',
        ),
      }),
    ]);
  });
});

describe('datastore.retention-period', () => {
  it('is an error when a collection keeps rows longer than its purposes allow', () => {
    const found = retentionFindings('datastore.retention-period', (raw) => {
      collection(raw, 'contracts').retention.period = 'P8Y';
    });
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: ['datastores', 0, 'collections', 1, 'retention', 'period'],
        message:
          'collection "shop.contracts" keeps rows for P8Y, longer than its purposes allow (P7Y, the longest of orders)',
      }),
    ]);
  });

  it('takes P84M as no longer than P7Y', () => {
    const found = retentionFindings('datastore.retention-period', (raw) => {
      collection(raw, 'contracts').retention.period = 'P84M';
    });
    expect(found).toEqual([]);
  });

  it('reports an unknown purpose through reference.unknown', () => {
    const found = retentionFindings('reference.unknown', (raw) => {
      collection(raw, 'contracts').retention.purposes = ['order'];
    });
    expect(found.map((f) => [f.path, f.message])).toEqual([
      [
        ['datastores', 0, 'collections', 1, 'retention', 'purposes', 0],
        'unknown purpose "order" (did you mean "orders"?)',
      ],
    ]);
  });
});

describe('datastore.retention-from', () => {
  it('reports an unknown column of the row, with a suggestion', () => {
    const found = retentionFindings('datastore.retention-from', (raw) => {
      collection(raw, 'contracts').retention.from = { column: 'endedat' };
    });
    expect(found.map((f) => [f.severity, f.path, f.message])).toEqual([
      [
        'error',
        ['datastores', 0, 'collections', 1, 'retention', 'from', 'column'],
        '"contracts" does not declare a column "endedat" (did you mean "ended_at"?): declare it in fields',
      ],
    ]);
  });

  it('reports an unknown reference and an unknown column of the referenced row', () => {
    const unknownReference = retentionFindings('datastore.retention-from', (raw) => {
      collection(raw, 'contract_lines').retention.from = {
        reference: 'contract',
        column: 'ended_at',
      };
    });
    expect(unknownReference.map((f) => f.message)).toEqual([
      '"contract_lines" has no reference to a collection "contract" of its datastore (did you mean "contracts"?)',
    ]);
    const unknownColumn = retentionFindings('datastore.retention-from', (raw) => {
      collection(raw, 'contract_lines').retention.from = {
        reference: 'contracts',
        column: 'closed_on',
      };
    });
    expect(unknownColumn.map((f) => f.message)).toEqual([
      '"contracts" does not declare a column "closed_on": declare it in fields',
    ]);
  });

  it('reports lastActivity with no activity column in the datastore, or no identity', () => {
    const noActivity = retentionFindings('datastore.retention-from', (raw) => {
      delete collection(raw, 'customers').activity;
    });
    expect(noActivity.map((f) => f.message)).toEqual([
      '"customers" counts from the person\'s last activity, but no collection of datastore "shop" declares an activity column',
    ]);
    const noIdentity = retentionFindings('datastore.retention-from', (raw) => {
      collection(raw, 'contracts').retention.from = 'lastActivity';
    });
    expect(noIdentity.map((f) => f.message)).toEqual([
      '"contracts" counts from the person\'s last activity but has no identity field to tell whose it is',
    ]);
  });

  it('gives the file, line and column of a bad from', () => {
    const yaml = `${VALID_YAML}
datastores:
  - id: shop
    type: postgres
    connection: { urlEnv: SHOP_DATABASE_URL }
    collections:
      - name: contracts
        primaryKey: [id]
        fields:
          - { name: ended_at }
          - { name: email, identity: email, categories: [contact.email] }
        retention: { purposes: [orders], from: { column: endd_at } }
`;
    const loaded = loadSource(yaml, 'privacy.yaml');
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const finding = check(loaded.value).find((f) => f.rule === 'datastore.retention-from');
    expect(finding).toMatchObject({ file: 'privacy.yaml', severity: 'error' });
    const lines = yaml.split('\n');
    const line = lines.findIndex((text) => text.includes('endd_at')) + 1;
    expect(finding?.line).toBe(line);
    expect(finding?.column).toBe((lines[line - 1] ?? '').indexOf('endd_at') + 1);
  });
});

describe('records.retention', () => {
  it('is quiet when every record of Custodian has a period', () => {
    expect(findingsOf('records.retention')).toEqual([]);
  });

  it("warns once, naming each key left out, when Custodian's own records are kept for ever", () => {
    const none = findingsOf('records.retention', (raw) => {
      delete raw.records;
    });
    expect(none).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining(
          'no retention for records.closedRequests, records.deliveredMail, records.consentProof',
        ),
      }),
    ]);
    const some = findingsOf('records.retention', (raw) => {
      raw.records = { closedRequests: 'P3Y' };
    });
    expect(some.map((f) => f.message)).toEqual([
      expect.stringContaining('no retention for records.deliveredMail, records.consentProof:'),
    ]);
    expect(some[0]?.path).toEqual(['records']);
  });

  it('warns when closed requests would go before their access package expires', () => {
    const found = findingsOf('records.retention', (raw) => {
      raw.records = { closedRequests: 'P1D', deliveredMail: 'P30D', consentProof: 'P5Y' };
      raw.requests = { packageExpiry: 'P7D' };
    });
    expect(found).toEqual([
      expect.objectContaining({
        path: ['records', 'closedRequests'],
        message: expect.stringContaining('shorter than requests.packageExpiry (P7D)'),
      }),
    ]);
  });

  it('refuses a period that is not an ISO 8601 duration, at its line', () => {
    const yaml = VALID_YAML.replace('deliveredMail: P30D', 'deliveredMail: 30 days');
    const loaded = loadSource(yaml, 'privacy.yaml');
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const line = yaml.split('\n').findIndex((text) => text.includes('30 days')) + 1;
    expect(loaded.issues).toEqual([
      expect.objectContaining({ line, message: expect.stringContaining('ISO 8601 duration') }),
    ]);
  });
});
