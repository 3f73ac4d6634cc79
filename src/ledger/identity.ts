import { createHmac } from 'node:crypto';
import { domainToASCII } from 'node:url';

/** How a product names a person: by email, phone, its own account id, or Custodian's subject id. */
export type SubjectRef =
  | { readonly email: string }
  | { readonly phone: string }
  | { readonly accountId: string }
  | { readonly id: string };

/** An identifier that can be hashed: everything but Custodian's own subject id. */
export type Identifier = Exclude<SubjectRef, { readonly id: string }>;

export type IdentityKind = 'email' | 'phone' | 'account';

/**
 * An address that normalisation leaves as it is: lower-case ASCII, no spaces, and a domain of
 * letters, digits and hyphens whose last label starts with a letter (IDNA maps such a domain to
 * itself; a numeric last label would be read as an IPv4 address).
 */
export const PLAIN_EMAIL = /^[a-z0-9._%+-]+@(?:[a-z0-9-]+\.)+[a-z][a-z0-9-]*$/;

/**
 * An email in the one form its hash is taken of: NFKC, trimmed, lower-cased, the domain in ASCII
 * (IDNA), so `Ana@Exämple.com ` and `ana@xn--exmple-cua.com` are the same person.
 */
export function normaliseEmail(email: string): string {
  // Most addresses are already in normal form; batches of 100k skip the Unicode work for them.
  if (PLAIN_EMAIL.test(email)) return email;
  const value = email.normalize('NFKC').trim().toLowerCase();
  const at = value.lastIndexOf('@');
  if (at < 1 || at === value.length - 1) return value;
  const domain = domainToASCII(value.slice(at + 1));
  return `${value.slice(0, at)}@${domain === '' ? value.slice(at + 1) : domain}`;
}

/** A phone number as `+` and digits only; the caller gives it in international form. */
export function normalisePhone(phone: string): string {
  const value = phone.normalize('NFKC').trim();
  const digits = value.replace(/\D/g, '');
  return value.startsWith('+')
    ? `+${digits}`
    : value.startsWith('00')
      ? `+${digits.slice(2)}`
      : digits;
}

/** The kind and normalised value of an identifier. */
export function normalise(identifier: Identifier): { kind: IdentityKind; value: string } {
  if ('email' in identifier) return { kind: 'email', value: normaliseEmail(identifier.email) };
  if ('phone' in identifier) return { kind: 'phone', value: normalisePhone(identifier.phone) };
  return { kind: 'account', value: identifier.accountId.normalize('NFKC').trim() };
}

/**
 * The keyed hash an identifier is stored and looked up by (HMAC-SHA256 with the server secret):
 * without the secret, a stolen table cannot be reversed by hashing a list of known emails.
 */
export function identityHash(
  secret: Buffer,
  identifier: Identifier,
): { kind: IdentityKind; hash: string } {
  const { kind, value } = normalise(identifier);
  return { kind, hash: hashNormalised(secret, kind, value) };
}

/** The keyed hash of a value already in normal form (see `normalise`). */
export function hashNormalised(secret: Buffer, kind: IdentityKind, value: string): string {
  return createHmac('sha256', secret).update(`${kind}:${value}`).digest('hex');
}
