import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  hotp,
  matchTotp,
  otpauthUri,
  totp,
  totpStep,
} from '../../src/staff/index.js';

/** The seed of RFC 6238 Appendix B (and RFC 4226 Appendix D) for HMAC-SHA1. */
const SEED = Buffer.from('12345678901234567890', 'ascii');

describe('TOTP (RFC 6238)', () => {
  it('gives the HMAC-SHA1 test vectors of RFC 6238 Appendix B (8 digits)', () => {
    const vectors: readonly [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [seconds, code] of vectors) {
      expect(totp(SEED, new Date(seconds * 1000), 8)).toBe(code);
    }
  });

  it('gives the HOTP test vectors of RFC 4226 Appendix D (6 digits)', () => {
    const codes = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    expect(codes.map((_, counter) => hotp(SEED, counter))).toEqual(codes);
  });

  it('encodes and decodes base32 as RFC 4648 section 10 does', () => {
    const cases: readonly [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, encoded] of cases) {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded);
      expect(base32Decode(encoded)?.toString()).toBe(plain);
    }
    expect(base32Decode('mzxw 6ytb oi======')?.toString()).toBe('foobar');
    expect(base32Decode('MZXW1')).toBeUndefined();
    expect(base32Encode(SEED)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('accepts the code of the step before, now and after, and none further', () => {
    const at = new Date(1_111_111_111_000);
    const step = totpStep(at);
    expect(matchTotp(SEED, hotp(SEED, step), at)).toBe(step);
    expect(matchTotp(SEED, hotp(SEED, step - 1), at)).toBe(step - 1);
    expect(matchTotp(SEED, hotp(SEED, step + 1), at)).toBe(step + 1);
    expect(matchTotp(SEED, hotp(SEED, step - 2), at)).toBeUndefined();
    expect(matchTotp(SEED, hotp(SEED, step + 2), at)).toBeUndefined();
    // Spaces as apps show them are fine; anything but six digits is not.
    const code = hotp(SEED, step);
    expect(matchTotp(SEED, `${code.slice(0, 3)} ${code.slice(3)}`, at)).toBe(step);
    expect(matchTotp(SEED, `${code}0`, at)).toBeUndefined();
    expect(matchTotp(SEED, 'abcdef', at)).toBeUndefined();
  });

  it('refuses a code of a step at or before the last one used (no replay)', () => {
    const at = new Date(1_234_567_890_000);
    const step = totpStep(at);
    const code = hotp(SEED, step);
    expect(matchTotp(SEED, code, at, step - 1)).toBe(step);
    expect(matchTotp(SEED, code, at, step)).toBeUndefined();
    // The previous step's code, still in the window, is refused once a later one was used.
    expect(matchTotp(SEED, hotp(SEED, step - 1), at, step)).toBeUndefined();
    expect(matchTotp(SEED, hotp(SEED, step + 1), at, step)).toBe(step + 1);
  });

  it('writes an otpauth:// URI authenticator apps import', () => {
    expect(otpauthUri({ issuer: 'ACME Shop', account: 'ana@example.com', secret: SEED })).toBe(
      'otpauth://totp/ACME%20Shop:ana%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME%20Shop&algorithm=SHA1&digits=6&period=30',
    );
  });
});
