import { describe, expect, it } from 'vitest';
import type { LiveTable } from '../../src/datastores/index.js';
import { identityLookup } from '../../src/datastores/identity-lookup.js';
import {
  findStatements,
  MYSQL_DIALECT,
  POSTGRES_DIALECT,
} from '../../src/datastores/sql-dialect.js';
import type { DatastoreCollection } from '../../src/map/index.js';

const contacts = (extra: Partial<LiveTable> = {}): LiveTable => ({
  schema: 'public',
  name: 'contacts',
  columns: [
    { name: 'id', type: 'integer', nullable: false },
    { name: 'email', type: 'character varying(200)', nullable: false },
  ],
  primaryKey: ['id'],
  foreignKeys: [],
  indexes: [{ name: 'contacts_pkey', keys: ['id'] }],
  ...extra,
});

const COLLECTION: DatastoreCollection = {
  name: 'contacts',
  primaryKey: ['id'],
  fields: [{ name: 'email', identity: 'email', categories: [], rectifiable: true }],
  references: [],
  erase: 'delete',
};

describe('identityLookup', () => {
  it('compares a case-sensitive column through lower(), served only by a lower() index', () => {
    expect(identityLookup(contacts(), 'email')).toEqual({ comparison: 'lower', indexed: false });
    // A plain index does not serve lower(email).
    const plain = contacts({ indexes: [{ name: 'contacts_email', keys: ['email'] }] });
    expect(identityLookup(plain, 'email')).toEqual({ comparison: 'lower', indexed: false });
    // PostgreSQL prints a varchar's expression index with a cast.
    const lowered = contacts({
      indexes: [{ name: 'contacts_email_lower', keys: ['lower((email)::text)'] }],
    });
    expect(identityLookup(lowered, 'email')).toEqual({ comparison: 'lower', indexed: true });
  });

  it('compares a column that ignores case as it is, served by a plain index', () => {
    const ci = contacts({
      columns: [{ name: 'email', type: 'citext', nullable: false, caseInsensitive: true }],
      indexes: [{ name: 'contacts_email', keys: ['email', 'id'] }],
    });
    expect(identityLookup(ci, 'email')).toEqual({ comparison: 'as-is', indexed: true });
  });

  it('uses lower() and cannot tell about indexes without a live table', () => {
    expect(identityLookup(undefined, 'email')).toEqual({ comparison: 'lower', indexed: undefined });
  });
});

describe('findStatements for a case-insensitive match', () => {
  const match = {
    fields: ['email'],
    values: [['Ana@Example.com'], ['ana@example.com']],
    caseInsensitive: true,
  };

  it('lower-cases the values once each and compares lower(column) where the column needs it', () => {
    expect(findStatements(POSTGRES_DIALECT, COLLECTION, [match], () => 'lower')).toEqual([
      { sql: 'select * from "contacts" where lower("email") in ($1)', params: ['ana@example.com'] },
    ]);
  });

  it('compares the column as it is where its collation ignores case', () => {
    expect(findStatements(MYSQL_DIALECT, COLLECTION, [match], () => 'as-is')).toEqual([
      { sql: 'select * from `contacts` where `email` in (?)', params: ['ana@example.com'] },
    ]);
  });

  it('leaves an exact match as it is', () => {
    const exact = { fields: ['email'], values: [['Ana@Example.com']] };
    expect(findStatements(POSTGRES_DIALECT, COLLECTION, [exact], () => 'lower')).toEqual([
      { sql: 'select * from "contacts" where "email" in ($1)', params: ['Ana@Example.com'] },
    ]);
  });
});
