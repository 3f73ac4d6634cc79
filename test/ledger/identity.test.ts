import { createHmac } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import { identityHash, normaliseEmail, normalisePhone } from '../../src/ledger/index.js';
import { SECRET } from './fixture.js';

/** The normal form without the fast path for addresses already in it. */
function slowNormaliseEmail(email: string): string {
  const value = email.normalize('NFKC').trim().toLowerCase();
  const at = value.lastIndexOf('@');
  if (at < 1 || at === value.length - 1) return value;
  const domain = domainToASCII(value.slice(at + 1));
  return `${value.slice(0, at)}@${domain === '' ? value.slice(at + 1) : domain}`;
}

describe('identities', () => {
  it('normalise every spelling of an email to one form', () => {
    const forms = [
      'ana@exämple.com',
      '  ANA@EXÄMPLE.COM ',
      'ana@xn--exmple-cua.com',
      'ａｎａ@exämple.com',
      'Ana@Exa\u0308mple.com',
    ];
    expect(new Set(forms.map(normaliseEmail))).toEqual(new Set(['ana@xn--exmple-cua.com']));
  });

  it('take the shortcut for addresses already normal only where the full form agrees', () => {
    const samples = [
      'ana@example.com',
      'a.b+tag@mail.example.co.uk',
      'x@1.2',
      'x@0x10',
      'x@xn--zz.com',
      'x@xn--exmple-cua.com',
      'x@a..b',
      'x@-a.com',
      'x@example.com.',
      'x_y%z@sub-domain.example',
      'a@b@example.com',
      'ana@127.0.0.1',
    ];
    for (const email of samples)
      expect(normaliseEmail(email), email).toBe(slowNormaliseEmail(email));
  });

  it('normalise phone numbers to + and digits', () => {
    expect(normalisePhone('+32 470 12 34 56')).toBe('+32470123456');
    expect(normalisePhone('0032 470/12.34.56')).toBe('+32470123456');
    expect(normalisePhone('＋３２ ４７０ １２３４５６')).toBe('+32470123456');
  });

  it('hash with HMAC-SHA256 over kind and normal form, so kinds never collide', () => {
    const email = identityHash(SECRET, { email: ' Ana@Example.com' });
    expect(email).toEqual({
      kind: 'email',
      hash: createHmac('sha256', SECRET).update('email:ana@example.com').digest('hex'),
    });
    expect(identityHash(SECRET, { accountId: 'ana@example.com' }).hash).not.toBe(email.hash);
    expect(identityHash(Buffer.from('another secret'), { email: 'ana@example.com' }).hash).not.toBe(
      email.hash,
    );
  });
});
