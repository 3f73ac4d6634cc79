import { describe, expect, it } from 'vitest';
import { loadSource, purgeMode } from '../../src/map/index.js';
import { findingsOf, mapWith, VALID_YAML, type Raw } from './helpers.js';

/** A helpdesk whose tickets' message is purged of special categories (GDPR Art. 9(1), 10). */
function helpdesk(
  type: 'postgres' | 'http',
  message: Record<string, unknown> = { specialCategories: 'purge' },
): (raw: Raw) => void {
  return (raw) => {
    raw.datastores = [
      {
        id: 'helpdesk',
        type,
        connection:
          type === 'http'
            ? { url: 'https://helpdesk.example.com/custodian' }
            : { urlEnv: 'HELPDESK_URL' },
        collections: [
          {
            name: 'tickets',
            primaryKey: ['id'],
            fields: [
              { name: 'email', identity: 'email', categories: ['contact.email'] },
              { name: 'message', categories: ['communications.message-content'], ...message },
            ],
          },
        ],
      },
    ];
  };
}

describe('specialCategories: purge on a field', () => {
  it('reads "purge" as review only and { purge: automatic } as automatic redaction', () => {
    const review = mapWith(helpdesk('postgres'));
    const field = review.datastores[0]?.collections[0]?.fields[1];
    expect(field === undefined ? undefined : purgeMode(field)).toBe('review');
    const automatic = mapWith(helpdesk('postgres', { specialCategories: { purge: 'automatic' } }));
    const auto = automatic.datastores[0]?.collections[0]?.fields[1];
    expect(auto === undefined ? undefined : purgeMode(auto)).toBe('automatic');
    const plain = review.datastores[0]?.collections[0]?.fields[0];
    expect(plain === undefined ? undefined : purgeMode(plain)).toBeUndefined();
  });

  it('refuses another spelling with a message at its place in the file', () => {
    const yaml = `${VALID_YAML.trimEnd()}
datastores:
  - id: helpdesk
    type: postgres
    connection: { urlEnv: HELPDESK_URL }
    collections:
      - name: tickets
        primaryKey: [id]
        fields:
          - { name: message, specialCategories: { purge: sometimes } }
`;
    const result = loadSource(yaml, 'privacy.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.issues.find((candidate) => candidate.message.includes('review'));
    expect(issue?.line).toBe(yaml.split('\n').findIndex((line) => line.includes('sometimes')) + 1);
  });

  it('is an error on an HTTP datastore, which cannot be paged', () => {
    const found = findingsOf('datastore.special-purge', helpdesk('http'));
    expect(found.map((finding) => finding.path.join('.'))).toEqual([
      'datastores.0.collections.0.fields.1.specialCategories',
    ]);
    expect(found[0]?.severity).toBe('error');
    expect(found[0]?.message).toContain('HTTP datastore');
    expect(findingsOf('datastore.special-purge', helpdesk('postgres'))).toEqual([]);
  });

  it('is an error on a key column, which a redaction must not change', () => {
    const found = findingsOf('datastore.special-purge', (raw) => {
      helpdesk('postgres')(raw);
      const datastores = raw.datastores as { collections: { primaryKey: string[] }[] }[];
      const tickets = datastores[0]?.collections[0];
      if (tickets !== undefined) tickets.primaryKey = ['message'];
    });
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('key column');
  });
});

describe('statements.specialCategories.onReceipt: delete', () => {
  const promise = (raw: Raw): void => {
    raw.statements = { specialCategories: { processed: false, onReceipt: 'delete' } };
  };

  it('warns when SQL datastores are declared but no field is purged', () => {
    const found = findingsOf('statements.special-on-receipt', (raw) => {
      promise(raw);
      helpdesk('postgres', {})(raw);
    });
    expect(found).toHaveLength(1);
    expect(found[0]?.severity).toBe('warning');
    expect(found[0]?.path).toEqual(['statements', 'specialCategories', 'onReceipt']);
  });

  it('is quiet when a field is purged, without SQL datastores, or without the promise', () => {
    expect(
      findingsOf('statements.special-on-receipt', (raw) => {
        promise(raw);
        helpdesk('postgres')(raw);
      }),
    ).toEqual([]);
    expect(findingsOf('statements.special-on-receipt', promise)).toEqual([]);
    expect(findingsOf('statements.special-on-receipt', helpdesk('postgres', {}))).toEqual([]);
  });
});
