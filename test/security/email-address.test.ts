import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustodianError } from '../../src/errors.js';
import { identityHash, normaliseEmail, parseEmail } from '../../src/ledger/index.js';
import { openRequest } from '../../src/requests/index.js';
import { Email } from '../../src/server/schemas.js';
import { requestHarness, type RequestHarness } from '../requests/fixture.js';

/** Addresses refused, each with why: a second person who looks like the first, or no mailbox. */
const REFUSED: readonly (readonly [string, string])[] = [
  ['ana\u200b@example.com', 'invisible formatting'],
  ['ana@exam\u200cple.com', 'invisible formatting'],
  ['ana\u200d@example.com', 'invisible formatting'],
  ['ana\u2060@example.com', 'invisible formatting'],
  ['\ufeffana@example.com', 'invisible formatting'],
  ['ana\u200e@example.com', 'invisible formatting'],
  ['ana\u200f@example.com', 'invisible formatting'],
  ['ana\u061c@example.com', 'invisible formatting'],
  ['ana\u202a@example.com', 'invisible formatting'],
  ['ana\u202e@example.com', 'invisible formatting'],
  ['ana@example\u2066.com', 'invisible formatting'],
  ['ana@example.com\u2069', 'invisible formatting'],
  ['ana\u00ad@example.com', 'invisible formatting'],
  ['ana\ud800@example.com', 'unpaired surrogates'],
  ['ana\udc00@example.com', 'unpaired surrogates'],
  ['ana\u0000@example.com', 'control characters'],
  ['ana@example.com\n', 'control characters'],
  ['ana\u0085@example.com', 'control characters'],
  ['ana @example.com', 'spaces'],
  ['ana\u00a0@example.com', 'spaces'],
  ['ana\u3000@example.com', 'spaces'],
  ['ana\u00a8@example.com', 'once normalised'],
  ['ana@[127.0.0.1]', 'IP address'],
  ['ana@[IPv6:::1]', 'IP address'],
  ['ana@127.0.0.1', 'IP address'],
  ['ana@0x7f.1', 'IP address'],
  ['ana@2130706433', 'IP address'],
  ['ana@b..com', 'empty label'],
  ['ana@.com', 'empty label'],
  ['ana@com.', 'empty label'],
  ['ana@example\u2025com', 'empty label'],
  ['@example.com', 'before the @ is empty'],
  ['  @example.com', 'before the @ is empty'],
  ['ana@', 'domain is empty'],
  ['ana', 'has an @'],
  ['ana@b@example.com', 'one @ only'],
  ['"ana lima"@example.com', 'spaces'],
  ['ana,bob@example.com', 'needs quoting'],
  ['<ana>@example.com', 'needs quoting'],
  ['ana@-example.com', 'hyphen'],
  ['ana@example-.com', 'hyphen'],
  ['ana@exa_mple.com', 'letters, digits, dots and hyphens'],
  ['ana@ex%61mple.com', 'letters, digits, dots and hyphens'],
  ['ana@xn--zz.com', 'internationalised domain name'],
  [`${'a'.repeat(65)}@example.com`, '64 bytes'],
  [`${'ä'.repeat(33)}@example.com`, '64 bytes'],
  [`ana@${'b'.repeat(64)}.com`, '63 characters'],
  [`ana@${`${'b'.repeat(63)}.`.repeat(4)}com`, '253 characters'],
  [`ana@${'b'.repeat(320)}.com`, 'at most 320 characters'],
];

/** Addresses taken, and the normal form their hash is taken of and mail goes to. */
const TAKEN: readonly (readonly [string, string])[] = [
  ['ana@example.com', 'ana@example.com'],
  ['  Ana@Example.COM ', 'ana@example.com'],
  ['bob+tag@example.com', 'bob+tag@example.com'],
  ["o'brien@example.com", "o'brien@example.com"],
  ['x_y%z@sub-domain.example', 'x_y%z@sub-domain.example'],
  ['ana@exämple.com', 'ana@xn--exmple-cua.com'],
  ['ANA@EXÄMPLE.COM', 'ana@xn--exmple-cua.com'],
  ['ana@xn--exmple-cua.com', 'ana@xn--exmple-cua.com'],
  ['Ana@Exa\u0308mple.com', 'ana@xn--exmple-cua.com'],
  ['ａｎａ@exämple.com', 'ana@xn--exmple-cua.com'],
  ['zoë@exämple.com', 'zoë@xn--exmple-cua.com'],
  ['ÅSA@EXAMPLE.COM', 'åsa@example.com'],
  ['ana@例え。jp', 'ana@xn--r8jz45g.jp'],
  ['ana@faß.de', 'ana@xn--fa-hia.de'],
  ['ana@localhost', 'ana@localhost'],
  [`${'a'.repeat(64)}@example.com`, `${'a'.repeat(64)}@example.com`],
];

describe('parseEmail, the one parser of email addresses', () => {
  it.each(REFUSED)('refuses %j, saying why without quoting it', (input, why) => {
    const parsed = parseEmail(input);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toContain(why);
    const local = input.split('@')[0]?.trim() ?? '';
    if (local.length > 2) expect(parsed.issues).not.toContain(local);
  });

  it.each(TAKEN)('takes %j as %j', (input, normal) => {
    expect(parseEmail(input)).toEqual({ ok: true, value: normal });
  });

  it('gives the normal form stored hashes were taken of, so they still match', () => {
    for (const [input] of TAKEN) {
      const parsed = parseEmail(input);
      expect(parsed.ok && parsed.value, input).toBe(normaliseEmail(input));
    }
    // Pinned: a change of normalisation would orphan every suppression and identity hash.
    const secret = Buffer.from('a secret of the ledger, for the pinned hash');
    expect(identityHash(secret, { email: ' Ana@Exämple.com' }).hash).toBe(
      createHmac('sha256', secret).update('email:ana@xn--exmple-cua.com').digest('hex'),
    );
  });

  it('gives the same verdict on an address in normal form as the full parse does', () => {
    const plain = [
      'ana@example.com',
      `${'a'.repeat(64)}@example.com`,
      `${'a'.repeat(65)}@example.com`,
      `ana@${'b'.repeat(63)}.com`,
      `ana@${'b'.repeat(64)}.com`,
      `ana@${`${'b'.repeat(62)}.`.repeat(4)}com`,
      'ana@-example.com',
      'ana@example-.com',
      'ana@xn--exmple-cua.com',
      'ana@xn--zz.com',
      'ana@sub.xn--zz.com',
    ];
    for (const address of plain) {
      // Upper case is not normal form: it takes the full parse, then lower-cases.
      const full = parseEmail(address.toUpperCase());
      const fast = parseEmail(address);
      expect(fast.ok, address).toBe(full.ok);
      if (fast.ok && full.ok) expect(fast.value).toBe(full.value);
    }
  });

  it('is what the API schema applies: the same verdict on every address', () => {
    for (const [input] of [...REFUSED, ...TAKEN]) {
      expect(Email.safeParse(input).success, JSON.stringify(input)).toBe(parseEmail(input).ok);
    }
    const problem = Email.safeParse('ana@b..com').error?.issues[0];
    expect(problem?.message).toBe('must be an email address: the domain has an empty label');
  });
});

describe('requests to an internationalised domain', () => {
  let h: RequestHarness;
  beforeAll(async () => {
    h = await requestHarness('pglite');
  });
  afterAll(() => h.close());

  it('are mailed to the domain in ASCII (punycode): RCPT TO carries xn--', async () => {
    await openRequest(h.store.db, h.context(), {
      type: 'access',
      email: 'Ana@Exämple.com',
      country: 'BE',
    });
    await h.deliver();
    // As sent: the sink's envelope is decoded back to Unicode by smtp-server, the wire is not.
    expect(h.sink.wire).toContain('RCPT TO:<ana@xn--exmple-cua.com>');
    expect(h.sink.wire.filter((line) => line.startsWith('RCPT TO:'))).not.toContainEqual(
      expect.stringContaining('exämple'),
    );
    expect(h.sink.mails.at(-1)?.raw).toMatch(/^To: ana@xn--exmple-cua\.com\r$/m);
  });

  it('are refused at intake by the same parser when the address is not one', async () => {
    const refused = await openRequest(h.store.db, h.context(), {
      type: 'access',
      email: 'ana@exämple.com\u202e',
      country: 'BE',
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CustodianError);
    expect(refused).toMatchObject({
      code: 'request.invalid_email',
      details: { errors: [{ path: '/subject/email' }] },
    });
  });
});
