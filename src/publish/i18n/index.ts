/**
 * The fixed texts of the published notice in every notice language, and the formatting of durations,
 * dates, lists and places in those languages. Deterministic: no clock, no locale of the machine.
 *
 * Strings = every heading, label, enum name and sentence of the notice in one language.
 */
import { countryName, parseDuration, type DurationParts } from '../../map/index.js';
import { de } from './de.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { nl } from './nl.js';
import type { DurationUnit, Language, Strings } from './strings.js';

export type * from './strings.js';

/** The notice texts per language. */
export const STRINGS: Readonly<Record<Language, Strings>> = { en, nl, fr, de };

const UNITS: readonly (readonly [DurationUnit, keyof DurationParts])[] = [
  ['year', 'years'],
  ['month', 'months'],
  ['week', 'weeks'],
  ['day', 'days'],
  ['hour', 'hours'],
  ['minute', 'minutes'],
  ['second', 'seconds'],
];

/**
 * An ISO 8601 duration in words: `formatDuration('P1Y6M', 'en')` is "1 year and 6 months",
 * `formatDuration('PT72H', 'de')` is "72 Stunden"; "session" is a browser session. Anything else is
 * returned unchanged.
 */
export function formatDuration(duration: string, language: Language): string {
  const strings = STRINGS[language].format;
  if (duration === 'session') return strings.session;
  if (duration === 'none') return strings.noStorage;
  const parsed = parseDuration(duration);
  if (parsed === undefined) return duration;
  const parts = UNITS.flatMap(([unit, field]) => {
    const count = parsed[field];
    if (count === 0) return [];
    const [one, many] = strings.units[unit];
    return [`${count} ${count === 1 ? one : many}`];
  });
  return parts.length === 0 ? duration : joinList(parts, language);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date in words: `formatDate('2026-03-01', 'fr')` is "1 mars 2026". */
export function formatDate(date: string, language: Language): string {
  const match = ISO_DATE.exec(date);
  const strings = STRINGS[language].format;
  const month = match === null ? undefined : strings.months[Number(match[2]) - 1];
  if (match === null || month === undefined) return date;
  return strings.date(Number(match[3]), month, Number(match[1]));
}

/** Items joined as a list: "A, B and C". */
export function joinList(items: readonly string[], language: Language): string {
  if (items.length <= 1) return items[0] ?? '';
  const and = STRINGS[language].format.and;
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1] ?? ''}`;
}

/** A country code or region token ("EU", "EEA") named in `language`. */
export function placeName(place: string, language: Language): string {
  if (place === 'EU' || place === 'EEA') return STRINGS[language].regions[place];
  return countryName(place, language);
}
