import { columnHint, type ColumnHint } from './column-hint.js';
import type { ValueMatch } from './kinds.js';

interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function number(text: string): number | undefined {
  if (text.length === 0 || text.length > 4) return undefined;
  for (const char of text) if (char < '0' || char > '9') return undefined;
  return Number(text);
}

function realDate(year: number, month: number, day: number): CalendarDate | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/** After the date, only a midnight time may follow (a DATE column read as a timestamp). */
function midnightOnly(rest: string): boolean {
  if (rest.length === 0) return true;
  if (rest[0] !== 'T' && rest[0] !== ' ') return false;
  if (!rest.startsWith('00:00', 1)) return false;
  for (const char of rest.slice(1)) if (!'0:.Z+'.includes(char)) return false;
  return true;
}

/**
 * A calendar date written as ISO 8601 (YYYY-MM-DD), or day first with `/`, `-` or `.` as the four
 * languages write it (DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY); US month-first when day-first is no date.
 */
export function parseCalendarDate(value: string): CalendarDate | undefined {
  if (value.length < 8 || value.length > 29) return undefined;
  const iso = value.slice(0, 10);
  if (iso.length === 10 && iso[4] === '-' && iso[7] === '-') {
    const year = number(iso.slice(0, 4));
    const month = number(iso.slice(5, 7));
    const day = number(iso.slice(8, 10));
    if (year === undefined || month === undefined || day === undefined) return undefined;
    if (!midnightOnly(value.slice(10))) return undefined;
    return realDate(year, month, day);
  }
  const separator = value.includes('/') ? '/' : value.includes('.') ? '.' : '-';
  const parts = value.split(separator);
  if (parts.length !== 3) return undefined;
  const [a, b, c] = parts.map((part) =>
    part.length <= 2 || part.length === 4 ? number(part) : undefined,
  );
  if (a === undefined || b === undefined || c === undefined || parts[2]?.length !== 4)
    return undefined;
  return realDate(c, b, a) ?? (separator === '/' ? realDate(c, a, b) : undefined);
}

/**
 * A date of birth when the column says so (dob, birth, geboorte, naissance, geburt) and the date is
 * plausible: 1900-01-01 up to `today`. Any other date is only a low-confidence `date`.
 */
export function matchDate(
  value: string,
  hint: ColumnHint | undefined,
  today: Date,
): ValueMatch | undefined {
  const date = parseCalendarDate(value);
  if (date === undefined) return undefined;
  const time = Date.UTC(date.year, date.month - 1, date.day);
  if (hint === 'birth' && date.year >= 1900 && time <= today.getTime()) {
    return { kind: 'date-of-birth', confidence: 0.95 };
  }
  return { kind: 'date', confidence: 0.3 };
}

/** A date of birth (with a birth hint in `column`) or a bare date? `today` bounds the past. */
export function classifyDate(
  value: string,
  column?: string,
  today: Date = new Date(),
): ValueMatch | undefined {
  return matchDate(value.trim(), columnHint(column), today);
}
