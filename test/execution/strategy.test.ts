import { describe, expect, it } from 'vitest';
import {
  addDuration,
  erasedValue,
  erasureHashKey,
  holdStatus,
  planErasure,
} from '../../src/execution/index.js';
import { Datastore } from '../../src/map/index.js';

const hashKey = erasureHashKey(Buffer.alloc(32, 1));
const column = (type: string, nullable = true) => ({ name: 'c', type, nullable });

describe('field strategies', () => {
  it('nulls', () => {
    expect(erasedValue('null', 'ana@example.com', { hashKey })).toBeNull();
  });

  it('masks by type, cutting text to the column length', () => {
    expect(erasedValue('mask', 'Ana Example', { hashKey })).toBe('[erased]');
    expect(
      erasedValue('mask', 'Ana Example', { hashKey, column: column('character varying(5)') }),
    ).toBe('[eras');
    expect(erasedValue('mask', 42, { hashKey })).toBe(0);
    expect(erasedValue('mask', '9007199254740993', { hashKey, column: column('bigint') })).toBe(
      '0',
    );
    expect(erasedValue('mask', new Date('1990-05-17T00:00:00Z'), { hashKey })).toEqual(new Date(0));
    expect(erasedValue('mask', true, { hashKey })).toBe(false);
    expect(erasedValue('mask', new Uint8Array([1, 2]), { hashKey })).toEqual(new Uint8Array(0));
  });

  it('hashes with the key: stable, keyed, cut to fit, never the value', () => {
    const hashed = erasedValue('hash', 'ana@example.com', { hashKey });
    expect(hashed).toMatch(/^[0-9a-f]{64}$/);
    expect(erasedValue('hash', 'ana@example.com', { hashKey })).toBe(hashed);
    expect(
      erasedValue('hash', 'ana@example.com', { hashKey: erasureHashKey(Buffer.alloc(32, 2)) }),
    ).not.toBe(hashed);
    expect(
      erasedValue('hash', 'ana@example.com', { hashKey, column: column('varchar(12)') }),
    ).toHaveLength(12);
    const number = erasedValue('hash', 123456, { hashKey });
    expect(typeof number).toBe('number');
    expect(number).toBeLessThan(2 ** 28);
  });

  it('generalises dates to the year or month, text to a prefix, numbers to digits', () => {
    const birth = new Date('1990-05-17T00:00:00Z');
    expect(
      erasedValue('generalise', birth, { hashKey, field: { generalise: { to: 'year' } } }),
    ).toEqual(new Date('1990-01-01T00:00:00Z'));
    expect(
      erasedValue('generalise', birth, { hashKey, field: { generalise: { to: 'month' } } }),
    ).toEqual(new Date('1990-05-01T00:00:00Z'));
    expect(
      erasedValue('generalise', '9000', {
        hashKey,
        field: { generalise: { to: 'prefix', keep: 2 } },
      }),
    ).toBe('90');
    expect(
      erasedValue('generalise', 12345, {
        hashKey,
        field: { generalise: { to: 'round', keep: 2 } },
      }),
    ).toBe(12000);
  });

  it('keeps', () => {
    expect(erasedValue('keep', 'Gent', { hashKey })).toBe('Gent');
  });
});

describe('holds', () => {
  const now = new Date('2026-11-22T12:00:00Z');

  it('holds every row through an `until` day', () => {
    const hold = { reason: 'claims', until: '2026-11-22' };
    expect(holdStatus(hold, {}, now)).toEqual({ held: true, until: '2026-11-22' });
    expect(holdStatus({ ...hold, until: '2026-11-21' }, {}, now)).toEqual({
      held: false,
      until: '2026-11-21',
    });
  });

  it('holds each row until its date plus the duration, and lists the last day', () => {
    const hold = { reason: 'tax', field: 'issued_at', duration: 'P7Y' };
    expect(holdStatus(hold, { issued_at: new Date('2024-03-05T00:00:00Z') }, now)).toEqual({
      held: true,
      until: '2031-03-04',
    });
    expect(holdStatus(hold, { issued_at: new Date('2019-11-22T11:00:00Z') }, now)).toEqual({
      held: false,
      until: '2026-11-22',
    });
    expect(holdStatus(hold, { issued_at: '2020-01-01' }, now).held).toBe(true);
  });

  it('keeps a row whose date is missing, with no known end', () => {
    const hold = { reason: 'tax', field: 'issued_at', duration: 'P7Y' };
    expect(holdStatus(hold, { issued_at: null }, now)).toEqual({ held: true, until: null });
  });

  it('adds months the way Reg. 1182/71 counts them, at month ends and in leap years', () => {
    expect(addDuration(new Date('2024-01-31T00:00:00Z'), 'P1M')).toEqual(
      new Date('2024-02-29T00:00:00Z'),
    );
    expect(addDuration(new Date('2024-02-29T00:00:00Z'), 'P1Y')).toEqual(
      new Date('2025-02-28T00:00:00Z'),
    );
    expect(addDuration(new Date('2024-02-29T10:00:00Z'), 'P4Y')).toEqual(
      new Date('2028-02-29T10:00:00Z'),
    );
    expect(addDuration(new Date('2024-03-05T00:00:00Z'), 'P1Y2M10DT2H')).toEqual(
      new Date('2025-05-15T02:00:00Z'),
    );
  });
});

describe('a cycle of foreign keys that cannot be broken', () => {
  it('is refused before anything changes', () => {
    const store = Datastore.parse({
      id: 'loop',
      type: 'postgres',
      connection: { urlEnv: 'LOOP_URL' },
      collections: [
        {
          name: 'a',
          primaryKey: ['id'],
          references: [{ fields: ['b_id'], to: { collection: 'b', fields: ['id'] } }],
        },
        {
          name: 'b',
          primaryKey: ['id'],
          references: [{ fields: ['a_id'], to: { collection: 'a', fields: ['id'] } }],
        },
      ],
    });
    const table = (name: string, other: string) => ({
      schema: 'public',
      name,
      primaryKey: ['id'],
      columns: [
        { name: 'id', type: 'integer', nullable: false },
        { name: `${other}_id`, type: 'integer', nullable: false },
      ],
      foreignKeys: [
        {
          name: `${name}_fk`,
          columns: [`${other}_id`],
          references: { schema: 'public', table: other, columns: ['id'] },
        },
      ],
    });
    const schemas = new Map([['loop', { tables: [table('a', 'b'), table('b', 'a')] }]]);
    const found = {
      collections: [
        { datastore: 'loop', collection: 'a', rows: [{ id: 1, b_id: 1 }] },
        { datastore: 'loop', collection: 'b', rows: [{ id: 1, a_id: 1 }] },
      ],
      identities: {},
      rounds: 1,
    };
    expect(() => planErasure([store], found, { now: new Date(), hashKey, schemas })).toThrow(
      expect.objectContaining({
        code: 'plan.unbreakable_cycle',
        details: { datastore: 'loop', collections: ['a', 'b'] },
      }),
    );
  });
});
