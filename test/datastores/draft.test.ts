import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { draftDeclaration, type LiveSchema, type LiveTable } from '../../src/datastores/index.js';
import { runRules } from '../../src/map/index.js';
import { loadWith } from '../support/load.js';
import { VALID_YAML } from '../map/helpers.js';

const table = (name: string, columns: string[], extra: Partial<LiveTable> = {}): LiveTable => ({
  schema: 'public',
  name,
  columns: columns.map((column) => ({
    name: column,
    type: /_at$|_on$/.test(column) ? 'timestamp with time zone' : 'text',
    nullable: column !== 'id',
  })),
  primaryKey: ['id'],
  foreignKeys: [],
  ...extra,
});

const GUESSED = [
  'email',
  'phone',
  'street',
  'first_name',
  'dob',
  'gender',
  'nationality',
  'passport_number',
  'avatar',
  'username',
  'password_hash',
  'iban',
  'card_last4',
  'ip_address',
  'device_id',
  'user_agent',
  'session_id',
  'latitude',
  'locale',
  'newsletter',
  'job_title',
  'company',
  'allergies',
  'religion',
  'comment',
];

const LIVE: LiveSchema = {
  tables: [
    table('users', ['id', ...GUESSED, 'created_at']),
    table('tickets', ['id', 'user_id', 'body'], {
      foreignKeys: [
        {
          name: 'tickets_user_fk',
          columns: ['user_id'],
          references: { schema: 'public', table: 'users', columns: ['id'] },
        },
      ],
    }),
    table('newsletter_log', ['id', 'subscriber_id', 'sent_at']),
    table('invoices', ['id', 'user_id', 'issued_at', 'amount'], { rows: 1200 }),
    table('events', ['payload'], { primaryKey: [] }),
    { ...table('users', ['id']), schema: 'archive' },
  ],
};

const draftOf = (live: LiveSchema): string =>
  draftDeclaration(live, {
    id: 'app',
    type: 'postgres',
    urlEnv: 'APP_DATABASE_URL',
    schema: 'public',
    defaultSchema: 'public',
    now: new Date('2026-03-01T00:00:00Z'),
  });

describe('draftDeclaration', () => {
  it('guesses only categories of the built-in taxonomy, and the draft loads', () => {
    const draft = parse(draftOf(LIVE));
    const map = loadWith(VALID_YAML, (raw) => {
      raw.datastores = [draft];
    });
    expect(runRules(map).filter((f) => f.rule === 'reference.unknown')).toEqual([]);
    const users = map.datastores[0]?.collections.find((c) => c.name === 'users');
    expect(users?.fields.map((f) => f.name)).toEqual(['id', ...GUESSED]);
    expect(users?.fields.every((f) => f.name === 'id' || f.categories.length === 1)).toBe(true);
    expect(users?.fields.find((f) => f.name === 'id')?.identity).toBe('user-id');
    expect(users?.fields.find((f) => f.name === 'phone')?.identity).toBe('phone');
  });

  it('reads a message in a support table as a support ticket and follows its foreign key', () => {
    const draft = parse(draftOf(LIVE));
    const tickets = draft.collections.find((c: { name: string }) => c.name === 'tickets');
    expect(tickets).toEqual({
      name: 'tickets',
      primaryKey: ['id'],
      fields: [{ name: 'body', categories: ['communications.support-tickets'] }],
      references: [{ fields: ['user_id'], to: { collection: 'users', fields: ['id'] } }],
    });
  });

  it('takes a person id without a foreign key as an identity', () => {
    const draft = parse(draftOf(LIVE));
    const log = draft.collections.find((c: { name: string }) => c.name === 'newsletter_log');
    expect(log.fields).toEqual([{ name: 'subscriber_id', identity: 'subscriber-id' }]);
  });

  it('suggests a hold on invoices and declares the date it counts from', () => {
    const text = draftOf(LIVE);
    expect(text).toContain(
      '  # public.invoices: about 1200 rows\n  # other columns (no guess): amount\n  # looks like accounting records',
    );
    expect(text).toContain(
      '# hold: { reason: "Tax law: 7 years", basis: "<the rule>", field: issued_at, duration: P7Y }',
    );
    const invoices = parse(text).collections.find((c: { name: string }) => c.name === 'invoices');
    expect(invoices.fields).toEqual([
      { name: 'user_id', identity: 'user-id' },
      { name: 'issued_at' },
    ]);
  });

  it('marks guessed categories for review, plainly where the table identifies nobody', () => {
    const text = draftDeclaration(
      {
        tables: [
          table('customers', ['id', 'email', 'name']),
          table('lists', ['id', 'name']),
          table('notes', ['id', 'customer_id', 'body'], {
            foreignKeys: [
              {
                name: 'notes_customer_fk',
                columns: ['customer_id'],
                references: { schema: 'public', table: 'customers', columns: ['id'] },
              },
            ],
          }),
        ],
      },
      { id: 'crm', type: 'postgres', urlEnv: 'CRM_DATABASE_URL', now: new Date('2026-01-01') },
    );
    expect(text).toContain('- { name: name, categories: [ identity.name ] } # guessed: review\n');
    expect(text).toContain(
      '- { name: name, categories: [ identity.name ] } # guessed: review (this table identifies nobody: may not be personal data)\n',
    );
    expect(text).toContain(
      '- { name: body, categories: [ communications.message-content ] } # guessed: review\n',
    );
  });

  it('declares a chain of foreign keys back into a collection as never followed', () => {
    const fk = (name: string, column: string, target: string) => ({
      name,
      columns: [column],
      references: { schema: 'public', table: target, columns: ['id'] },
    });
    const text = draftDeclaration(
      {
        tables: [
          table('contacts', ['id', 'email', 'default_address_id'], {
            foreignKeys: [fk('contacts_address_fk', 'default_address_id', 'addresses')],
          }),
          table('addresses', ['id', 'contact_id', 'city'], {
            foreignKeys: [fk('addresses_contact_fk', 'contact_id', 'contacts')],
          }),
        ],
      },
      { id: 'crm', type: 'postgres', urlEnv: 'CRM_DATABASE_URL', now: new Date('2026-01-01') },
    );
    const draft = parse(text);
    // Into contacts (found by email) the chain is cut; contacts still lead to their addresses.
    expect(draft.collections[0].references).toEqual([
      {
        fields: ['default_address_id'],
        to: { collection: 'addresses', fields: ['id'] },
        follow: 'none',
      },
    ]);
    expect(draft.collections[1].references).toEqual([
      { fields: ['contact_id'], to: { collection: 'contacts', fields: ['id'] } },
    ]);
  });

  it('leaves out tables without a primary key and other schemas, saying so', () => {
    const text = draftOf(LIVE);
    expect(text).toContain(
      '# Tables without a primary key, left out (rows cannot be addressed): events',
    );
    const names = parse(text).collections.map((c: { name: string }) => c.name);
    expect(names).toEqual(['users', 'tickets', 'newsletter_log', 'invoices']);
    expect(stringify(parse(text))).not.toContain('archive');
  });
});
