/**
 * Searches output for a fixture person's data without tripping on random tokens. Signatures,
 * sealed values and link tokens are long runs of base64url characters, and one in a few hundred
 * holds "ana" somewhere by chance: a search for a name over them fails at random. This blanks
 * every run of 24 or more such characters (longer than any fixture value) and then looks for
 * each value as a whole word, case-insensitively.
 */
export function leaked(text: string, values: readonly string[]): string[] {
  const plain = text.replace(/[\w+/=-]{24,}/g, '<token>').toLowerCase();
  return values.filter((value) => {
    const needle = value.toLowerCase();
    for (let at = plain.indexOf(needle); at !== -1; at = plain.indexOf(needle, at + 1)) {
      const before = plain[at - 1] ?? ' ';
      const after = plain[at + needle.length] ?? ' ';
      if (!/\w/.test(before) && !/\w/.test(after)) return true;
    }
    return false;
  });
}
