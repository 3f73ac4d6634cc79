import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import type { CalendarDate } from './clock.js';

/**
 * The date-holidays constructor, loaded on first use: its data for every country costs ~0.1 s to
 * load, which a command that computes no deadline (`requests list`) does not pay.
 */
let HolidaysClass: typeof Holidays | undefined;
function newHolidays(country?: string): Holidays {
  HolidaysClass ??= createRequire(import.meta.url)('date-holidays') as typeof Holidays;
  return country === undefined ? new HolidaysClass() : new HolidaysClass(country);
}

/** One calendar per country: loading a country's rules is the slow part. */
const calendars = new Map<string, Holidays | null>();

let countries: Readonly<Record<string, string>> | undefined;

function known(): Readonly<Record<string, string>> {
  return (countries ??= newHolidays().getCountries('en'));
}

function calendarOf(country: string): Holidays | null {
  let calendar = calendars.get(country);
  if (calendar === undefined) {
    // A country without holiday data has no public holidays we know of: weekends still count.
    calendar = country in known() ? newHolidays(country) : null;
    calendars.set(country, calendar);
  }
  return calendar;
}

/**
 * Whether a day is a Saturday, a Sunday or a public holiday in `country` (ISO 3166-1 alpha-2).
 * Holidays come from the maintained date-holidays data, only those of type `public`: bank and
 * school holidays are working days for a controller.
 */
export function isNonWorkingDay(date: CalendarDate, country: string): boolean {
  const noon = new Date(Date.UTC(date.year, date.month - 1, date.day, 12));
  const weekday = noon.getUTCDay();
  if (weekday === 0 || weekday === 6) return true;
  const calendar = calendarOf(country);
  if (calendar === null) return false;
  const key = `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
  return calendar
    .getHolidays(date.year)
    .some((holiday) => holiday.type === 'public' && holiday.date.startsWith(key));
}

/**
 * The day a period ends when its last day is not a working day: Regulation 1182/71 Art. 3(4) (as
 * the EDPB applies it to GDPR Art. 12(3), Guidelines 01/2022): a period whose last day is a public
 * holiday, Saturday or Sunday ends with the following working day, counted in the controller's
 * country.
 */
export function onWorkingDay(date: CalendarDate, country: string): CalendarDate {
  let current = date;
  while (isNonWorkingDay(current, country)) {
    const next = new Date(Date.UTC(current.year, current.month - 1, current.day + 1));
    current = {
      year: next.getUTCFullYear(),
      month: next.getUTCMonth() + 1,
      day: next.getUTCDate(),
    };
  }
  return current;
}
