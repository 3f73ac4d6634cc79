import type { Language, Text } from './schema.js';

/**
 * The text in `language`. A plain string is language-neutral (names, addresses); a per-language
 * object falls back to `fallback`, then to any language present, so output is never empty.
 */
export function localize(text: Text, language: Language, fallback: Language = 'en'): string {
  if (typeof text === 'string') return text;
  return (
    text[language] ??
    text[fallback] ??
    Object.values(text).find((value) => value !== undefined) ??
    ''
  );
}

/** Languages a per-language text lacks among `wanted`; none for a plain string. */
export function missingLanguages(text: Text, wanted: readonly Language[]): Language[] {
  if (typeof text === 'string') return [];
  return wanted.filter((language) => text[language] === undefined);
}
