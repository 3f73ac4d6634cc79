import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CustodianError } from '../../src/errors.js';
import { assertNoPersonalData, personalDataIn } from '../../src/evidence/index.js';

describe('the personal-data guard of evidence records', () => {
  it.each([
    'ana@example.com',
    'Ana.Peeters+news@Example.COM',
    'forwarded by bo@mail.example.org today',
    'zoë@exämple.com',
  ])('sees an email address in %j', (text) => {
    expect(personalDataIn(text)).toBe('email');
  });

  it.each([
    '+32 470 12 34 56',
    '+32470123456',
    '0032 470 12 34 56',
    '0470 12 34 56',
    '0470/12.34.56',
    '01.23.45.67.89',
    '+44 (0)20 7946 0958',
    '(555) 123-4567',
    '555-123-4567',
    '1 555 123 4567',
    'call +1-202-555-0143 after 5',
  ])('sees a phone number in %j', (text) => {
    expect(personalDataIn(text)).toBe('phone');
  });

  it.each([
    '2026-01-01',
    '2026-01-01T09:00:00.123Z',
    '31/12/2025',
    '31.12.2025',
    '550e8400-e29b-41d4-a716-446655440000',
    'a71f-012345678912',
    '01234567-89ab-4def-8123-456789abcdef',
    '01234567-8901-4234-8567-890123456789',
    'subject-0470123456',
    '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    '0.30000000000000004',
    '1700000000000',
    '20260101',
    'consent.recorded',
    'newsletter',
    'v3',
    'key_0470123',
    'privacy@', // no domain
    '',
  ])('lets %j through', (text) => {
    expect(personalDataIn(text)).toBeUndefined();
  });

  it('lets random UUIDs and SHA-256 hashes through', () => {
    for (let i = 0; i < 20_000; i++) {
      const uuid = randomUUID();
      expect(personalDataIn(uuid), uuid).toBeUndefined();
      const hash = createHash('sha256').update(uuid).digest('hex');
      expect(personalDataIn(hash), hash).toBeUndefined();
    }
  });

  it('looks into nested objects, arrays and keys, and names the field but not the value', () => {
    const cases: [unknown, string][] = [
      [{ a: { b: ['x', 'ana@example.com'] } }, 'details.a.b.1'],
      [{ list: [{ 'bo@example.com': true }] }, 'details.list.0 (a key)'],
    ];
    for (const [details, field] of cases) {
      let thrown: unknown;
      try {
        assertNoPersonalData('details', details);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(CustodianError);
      const error = thrown as CustodianError;
      expect(error.code).toBe('evidence.personal_data');
      expect(error.details).toEqual({ field, kind: 'email' });
      expect(error.message).not.toContain('example.com');
    }
  });

  it('ignores numbers, which may have as many digits as a phone number', () => {
    expect(() => {
      assertNoPersonalData('details', { at: 1_700_000_000_000, cents: 32_470_123_456 });
    }).not.toThrow();
  });
});
