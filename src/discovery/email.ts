import { columnHint, type ColumnHint } from './column-hint.js';
import type { ValueMatch } from './kinds.js';

const LOCAL_SPECIALS = "!#$%&'*+/=?^_`{|}~.-";

function isAsciiAlnum(char: string): boolean {
  return (
    (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || (char >= '0' && char <= '9')
  );
}

function validLabel(label: string): boolean {
  if (label.length === 0 || label.length > 63) return false;
  if (label.startsWith('-') || label.endsWith('-')) return false;
  for (const char of label) if (!isAsciiAlnum(char) && char !== '-') return false;
  return true;
}

/** Hand-parsed RFC 5321 mailbox (dot-atom local part, DNS host name); no quoted local parts. */
export function matchEmail(value: string, hint: ColumnHint | undefined): ValueMatch | undefined {
  if (value.length < 6 || value.length > 254) return undefined;
  const at = value.indexOf('@');
  if (at <= 0 || at !== value.lastIndexOf('@')) return undefined;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  // RFC 5321 §4.5.3.1.1: a local part holds at most 64 octets.
  if (local.length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return undefined;
  }
  for (const char of local)
    if (!isAsciiAlnum(char) && !LOCAL_SPECIALS.includes(char)) return undefined;
  const labels = domain.toLowerCase().split('.');
  if (labels.length < 2 || !labels.every(validLabel)) return undefined;
  const tld = labels[labels.length - 1] ?? '';
  let alphabeticTld = tld.length >= 2;
  for (const char of tld) if (char < 'a' || char > 'z') alphabeticTld = false;
  if (!alphabeticTld && !tld.startsWith('xn--')) return undefined;
  return { kind: 'email', confidence: hint === 'email' ? 0.99 : 0.95 };
}

/** An email address? `classifyEmail('ana@example.com')` → `{ kind: 'email', confidence: 0.95 }`. */
export function classifyEmail(value: string, column?: string): ValueMatch | undefined {
  return matchEmail(value.trim(), columnHint(column));
}
