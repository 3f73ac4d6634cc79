import { domainToASCII } from 'node:url';
import type { Result } from '../errors.js';
import { normaliseEmail, PLAIN_EMAIL } from './identity.js';

/** The longest input taken, surrounding spaces included: RFC 5321's 64 + 1 + 255, rounded. */
export const MAX_EMAIL_LENGTH = 320;

/** RFC 5321 section 4.5.3.1.1: a local part is at most 64 octets. */
const MAX_LOCAL_OCTETS = 64;
/** RFC 1035 section 2.3.4: 255 octets on the wire, so 253 as text; a label at most 63. */
const MAX_DOMAIN_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

/**
 * Characters no address may hold: controls (Cc), invisible format characters (Cf: zero-width
 * spaces and joiners, U+2060, U+FEFF, the bidirectional marks, embeddings, overrides and
 * isolates), unpaired surrogates (Cs) and separators (Z: spaces of every width, line and
 * paragraph separators). One character class and no quantifier: a single linear scan.
 */
export const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Z}]/u;

/** ASCII a local part may hold besides letters and digits: RFC 5322 atext, and the dot. */
const LOCAL_SYMBOLS = ".!#$%&'*+-/=?^_`{|}~";

/** A failure of `parseEmail`: what is wrong, in words that never quote the address. */
export type EmailIssue = string;

const fail = (issue: EmailIssue): Result<string, EmailIssue> => ({ ok: false, issues: issue });

/**
 * Parses one mailbox as a person or a product gives it, and returns it in the normal form its
 * hash is taken of and mail is sent to (`normaliseEmail`: NFKC, lower case, the domain in ASCII by
 * IDNA, so `Ana@Exämple.com` is `ana@xn--exmple-cua.com`), or what is wrong with it. Surrounding
 * spaces are allowed (pasted lists). Refused: controls, invisible format and bidirectional
 * characters, unpaired surrogates, spaces inside; anything but one `@`; an empty local part, or
 * one over 64 octets or with characters RFC 5322 does not allow unquoted (quoted local parts are
 * not taken); IP addresses for domains (`[127.0.0.1]`, `127.0.0.1`); empty labels (`b..com`,
 * `.com`, `com.`), labels over 63 characters, or a domain over 253 after IDNA; labels that are
 * not letters, digits and inner hyphens once in ASCII. Linear in the length of the input, which
 * is capped at 320 characters before anything else reads it.
 *
 * @example parseEmail(' Ana@Exämple.com') // { ok: true, value: 'ana@xn--exmple-cua.com' }
 * @example parseEmail('ana@b..com') // { ok: false, issues: 'the domain has an empty label' }
 */
export function parseEmail(input: string): Result<string, EmailIssue> {
  if (input.length > MAX_EMAIL_LENGTH) return fail(`at most ${MAX_EMAIL_LENGTH} characters`);
  const trimmed = withoutSurroundingSpaces(input);
  // Most addresses are already in normal form (lower-case ASCII of allowed characters): batches of
  // a million skip the Unicode work and all checks but those of lengths and hyphens.
  if (PLAIN_EMAIL.test(trimmed)) {
    const issue = plainAddressIssue(trimmed);
    return issue === undefined ? { ok: true, value: trimmed } : fail(issue);
  }
  const fault = characterFault(trimmed);
  if (fault !== undefined) return fail(fault);
  // The form normaliseEmail hashes, step by step, checking each.
  const folded = trimmed.normalize('NFKC').toLowerCase();
  // NFKC makes spaces and controls of other characters (U+00A8 is a space and a diaeresis).
  if (characterFault(folded) !== undefined) {
    return fail('the address holds a character that is not allowed once normalised (NFKC)');
  }
  const at = folded.indexOf('@');
  if (at === -1) return fail('an address has an @');
  if (folded.indexOf('@', at + 1) !== -1) return fail('an address has one @ only');
  const localIssue = localPartIssue(folded.slice(0, at));
  if (localIssue !== undefined) return fail(localIssue);
  const domain = folded.slice(at + 1);
  if (domain === '') return fail('the domain is empty');
  if (domain.startsWith('[')) return fail('an IP address is not taken as the domain');
  for (let i = 0; i < domain.length; i += 1) {
    const code = domain.charCodeAt(i);
    // ASCII other than letters, digits, dots and hyphens would be rewritten by IDNA (`%61` is
    // `a`) or refused by it; the rest of Unicode is for IDNA to map or refuse.
    if (code < 0x80 && !isLetterOrDigit(code) && code !== 0x2e && code !== 0x2d) {
      return fail('the domain may hold only letters, digits, dots and hyphens');
    }
  }
  const ascii = domainToASCII(domain);
  if (ascii === '') return fail('the domain is not a valid internationalised domain name');
  const issue = domainIssue(ascii);
  if (issue !== undefined) return fail(issue);
  const value = `${folded.slice(0, at)}@${ascii}`;
  // The normal form is normaliseEmail's, which stored hashes were taken with; it must not drift.
  return value === normaliseEmail(input)
    ? { ok: true, value }
    : fail('the address has no single normal form');
}

/**
 * What PLAIN_EMAIL leaves unchecked of an address it matched: the lengths, hyphens at the ends of
 * labels, and A-labels (`xn--`) that IDNA must be able to decode. One pass over the domain.
 */
function plainAddressIssue(address: string): EmailIssue | undefined {
  const at = address.indexOf('@');
  if (at > MAX_LOCAL_OCTETS)
    return `the part before the @ is longer than ${MAX_LOCAL_OCTETS} bytes`;
  if (address.length - at - 1 > MAX_DOMAIN_LENGTH) {
    return `the domain is longer than ${MAX_DOMAIN_LENGTH} characters in ASCII`;
  }
  // PLAIN_EMAIL leaves no empty label; each label is address[start, end).
  let start = at + 1;
  for (let end = start; end <= address.length; end += 1) {
    if (end < address.length && address.charCodeAt(end) !== 0x2e) continue;
    if (end - start > MAX_LABEL_LENGTH) {
      return `a label of the domain is longer than ${MAX_LABEL_LENGTH} characters in ASCII`;
    }
    if (address.charCodeAt(start) === 0x2d || address.charCodeAt(end - 1) === 0x2d) {
      return 'a label of the domain starts or ends with a hyphen';
    }
    if (address.startsWith('xn--', start)) {
      const label = address.slice(start, end);
      if (domainToASCII(label) !== label) {
        return 'the domain is not a valid internationalised domain name';
      }
    }
    start = end + 1;
  }
  return undefined;
}

/** `input` without the U+0020 spaces around it (pasted lists); other whitespace stays and fails. */
function withoutSurroundingSpaces(input: string): string {
  let start = 0;
  let end = input.length;
  while (start < end && input.charCodeAt(start) === 0x20) start += 1;
  while (end > start && input.charCodeAt(end - 1) === 0x20) end -= 1;
  return input.slice(start, end);
}

function characterFault(text: string): EmailIssue | undefined {
  const found = FORBIDDEN.exec(text)?.[0];
  if (found === undefined) return undefined;
  const code = found.charCodeAt(0);
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return 'control characters are not allowed';
  if (code >= 0xd800 && code <= 0xdfff) return 'unpaired surrogates are not allowed';
  if (/\p{Z}/u.test(found)) return 'spaces are not allowed inside an address';
  return 'invisible formatting characters (zero-width, bidirectional) are not allowed';
}

function isLetterOrDigit(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || isDigit(code);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function localPartIssue(local: string): EmailIssue | undefined {
  if (local === '') return 'the part before the @ is empty';
  if (Buffer.byteLength(local, 'utf8') > MAX_LOCAL_OCTETS) {
    return `the part before the @ is longer than ${MAX_LOCAL_OCTETS} bytes`;
  }
  for (let i = 0; i < local.length; i += 1) {
    const code = local.charCodeAt(i);
    if (code < 0x80 && !isLetterOrDigit(code) && !LOCAL_SYMBOLS.includes(local.charAt(i))) {
      return 'the part before the @ holds a character that needs quoting (quoted addresses are not taken)';
    }
  }
  return undefined;
}

/** What is wrong with a domain in ASCII (after IDNA), or undefined. */
function domainIssue(ascii: string): EmailIssue | undefined {
  if (ascii === '') return 'the domain is empty';
  if (ascii.length > MAX_DOMAIN_LENGTH) {
    return `the domain is longer than ${MAX_DOMAIN_LENGTH} characters in ASCII`;
  }
  let start = 0;
  let last = '';
  while (start <= ascii.length) {
    const dot = ascii.indexOf('.', start);
    const end = dot === -1 ? ascii.length : dot;
    const label = ascii.slice(start, end);
    if (label === '') return 'the domain has an empty label';
    if (label.length > MAX_LABEL_LENGTH) {
      return `a label of the domain is longer than ${MAX_LABEL_LENGTH} characters in ASCII`;
    }
    // RFC 5321 section 4.1.2: letters, digits and hyphens, not first or last.
    if (label.startsWith('-') || label.endsWith('-')) {
      return 'a label of the domain starts or ends with a hyphen';
    }
    for (let i = 0; i < label.length; i += 1) {
      const code = label.charCodeAt(i);
      if (!isLetterOrDigit(code) && code !== 0x2d) {
        return 'the domain may hold only letters, digits, dots and hyphens';
      }
    }
    last = label;
    if (dot === -1) break;
    start = dot + 1;
  }
  // RFC 3696 section 2: a top-level domain is never all digits; such a domain is an IPv4 address.
  let numeric = true;
  for (let i = 0; i < last.length; i += 1) numeric &&= isDigit(last.charCodeAt(i));
  if (numeric) return 'an IP address is not taken as the domain';
  return undefined;
}
