import { CustodianError } from '../errors.js';

/**
 * Refuses a value that looks like an email address or a phone number anywhere in an evidence
 * record. The chain is append-only and cannot be edited, so personal data written into it could
 * never be erased again (GDPR Art. 17(1)); records name people only by a pseudonymous reference
 * (Art. 4(5)). A defensive guard, not a detector: it catches the slips (an email pasted into
 * `details`), while other identifiers (names, addresses, bare digit strings) remain the caller's duty.
 *
 * Object keys are checked as well as string values; numbers are not (an epoch in milliseconds has
 * the digits of a phone number). Throws `evidence.personal_data` naming the field, never the value.
 */
export function assertNoPersonalData(field: string, value: unknown): void {
  const found = search(value, field);
  if (found !== undefined) {
    throw new CustodianError(
      'evidence.personal_data',
      `evidence ${found.path} looks like ${found.kind === 'email' ? 'an email address' : 'a phone number'}; evidence records carry no personal data`,
      { details: { field: found.path, kind: found.kind } },
    );
  }
}

/** Whether a text holds something that looks like an email address or a phone number. */
export function personalDataIn(text: string): 'email' | 'phone' | undefined {
  if (EMAIL.test(text)) return 'email';
  for (const match of text.matchAll(PHONE_CANDIDATE)) {
    if (isPhone(match[0])) return 'phone';
  }
  return undefined;
}

interface Found {
  readonly path: string;
  readonly kind: 'email' | 'phone';
}

function search(value: unknown, path: string): Found | undefined {
  if (typeof value === 'string') {
    const kind = personalDataIn(value);
    return kind === undefined ? undefined : { path, kind };
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = search(item, `${path}.${index}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      // The key itself is not repeated in the path when it is the personal data.
      const kind = personalDataIn(key);
      if (kind !== undefined) return { path: `${path} (a key)`, kind };
      const found = search(item, `${path}.${key}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * local@domain.tld, with Unicode letters on either side (EAI, IDN). The local part starts where a
 * run of its characters starts (the lookbehind): a match is tried once per run, not from every
 * character of it, which would be quadratic on a long run without an `@`.
 */
const EMAIL =
  /(?<![\p{L}\p{N}._%+'-])[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;

/**
 * A run of digits with the separators phone numbers are written with, standing on its own: not
 * glued to letters or digits (hex hashes) and not part of a hyphenated token (UUIDs, slugs).
 */
const PHONE_CANDIDATE =
  /(?<![\p{L}\p{N}_-])(?:\+|\(\+?)?\d[\d\s()./-]*\d(?![\p{L}\p{N}_]|-[\p{L}\p{N}])/gu;

/** 555-123-4567, (555) 123-4567, 1 555 123 4567: the North American plan, written without +1. */
const NANP = /^(?:1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}$/;

function isPhone(run: string): boolean {
  const digits = run.replace(/\D/g, '').length;
  // E.164 numbers have at most 15 digits; no dialable number has fewer than 7.
  if (digits < 7 || digits > 15) return false;
  if (/^\d{4}-\d{2}-\d{2}/.test(run)) return false; // an ISO 8601 date
  if (/^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(run)) return false; // 31/12/2025, 31.12.2025
  if (/^\d+\.\d+$/.test(run)) return false; // a decimal
  if (run.startsWith('+') || run.startsWith('(+')) return true; // international form
  if (/^\(?0/.test(run)) return digits >= 9; // a national trunk prefix, or 00 + country code
  return NANP.test(run);
}
