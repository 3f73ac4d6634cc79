import { columnHint, type ColumnHint } from './column-hint.js';
import type { ValueMatch } from './kinds.js';

/** Lower-case words that sit inside names in the four languages: "van der Berg", "de la Tour". */
const PARTICLES = new Set([
  'van',
  'der',
  'den',
  'de',
  'het',
  'ten',
  'ter',
  'te',
  'op',
  'in',
  'vd',
  'von',
  'zu',
  'vom',
  'zum',
  'du',
  'des',
  'la',
  'le',
  'di',
  'da',
  'del',
  'dos',
  'y',
  'bin',
  'ben',
  "d'",
  "'t",
]);
const INNER = "'’-.";

function isLetter(char: string): boolean {
  return /^\p{L}$/u.test(char);
}

function nameWord(word: string): boolean {
  if (PARTICLES.has(word.toLowerCase()) && word === word.toLowerCase()) return true;
  const first = word.charAt(0);
  if (!isLetter(first)) return false;
  // A name starts with a capital where the script has cases: "ana" in a name column is a login.
  if (first.toLowerCase() !== first.toUpperCase() && first === first.toLowerCase()) {
    return word.startsWith("d'") || word.startsWith('d’');
  }
  for (const char of word) if (!isLetter(char) && !INNER.includes(char)) return false;
  return true;
}

/**
 * A person's name, only when the column's name says it holds one (first_name, voornaam, prénom,
 * nachname, …): a name's shape alone (capitalised words) is shared by products, cities and
 * companies. One to five words of letters, with the particles and punctuation names carry.
 */
export function matchPersonName(
  value: string,
  hint: ColumnHint | undefined,
): ValueMatch | undefined {
  if (hint !== 'person-name' || value.length < 2 || value.length > 80) return undefined;
  const words = value.split(' ').filter((word) => word.length > 0);
  if (words.length === 0 || words.length > 5 || !words.every(nameWord)) return undefined;
  return { kind: 'person-name', confidence: 0.85 };
}

/** A person's name? Only when `column` says so: `classifyPersonName('Ana Peeters', 'full_name')`. */
export function classifyPersonName(value: string, column?: string): ValueMatch | undefined {
  return matchPersonName(value.trim(), columnHint(column));
}
