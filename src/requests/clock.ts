import {
  extendable,
  LAW_CATALOG,
  LAWS,
  parseDuration,
  type Law,
  type LawClock,
  type Period,
} from '../map/index.js';
import { REQUEST_TYPES, type RequestType } from './types.js';
import { onWorkingDay } from './working-days.js';

/**
 * Deadlines of data-subject requests, per law. Pure functions of the time of receipt.
 *
 * Time zone: the law counts in days of the calendar, not in hours, and a request has no time zone
 * of its own. Custodian takes the calendar date of receipt in UTC and makes a deadline fall due at
 * the very end of its day in UTC (23:59:59.999Z). A request received at 00:30 in Brussels
 * (23:30Z the day before) so counts from the earlier UTC date: the deadline is a day early, never
 * late.
 *
 * Periods in days and months follow Regulation (EEC, Euratom) No 1182/71, which the EDPB applies to
 * GDPR Art. 12(3) (Guidelines 01/2022 on the right of access): the day of receipt is not counted
 * (Art. 3(1)); a period of months ends on the same date of the last month, or on that month's last
 * day when it has no such date (Art. 3(2)(c)); a period whose last day is a Saturday, Sunday or
 * public holiday ends with the next working day (Art. 3(4)), counted in the controller's country
 * with the public holidays of the date-holidays data (src/requests/working-days.ts). The US laws
 * count calendar days and move nothing.
 */

export type { LawClock, Period } from '../map/index.js';

/**
 * The statutory clocks, as the law catalog (src/map/laws.ts) states them with their citations.
 * The map's `responseTime` may make the answer due earlier (a promise), never later.
 */
export const CLOCKS: Readonly<Record<Law, LawClock>> = Object.fromEntries(
  LAWS.map((law) => [law, LAW_CATALOG[law].request]),
) as Record<Law, LawClock>;

/**
 * Appeals of a refusal, where the law provides one: the period runs from receipt of the appeal.
 * No extension unless the law grants one.
 */
export const APPEAL_CLOCKS: Readonly<Partial<Record<Law, LawClock>>> = Object.fromEntries(
  LAWS.flatMap((law) => {
    const appeal = LAW_CATALOG[law].appeal;
    return appeal === undefined ? [] : [[law, appeal]];
  }),
);

/**
 * CCPA opt-outs of sale or sharing and limits on sensitive data: honoured within 15 business days,
 * with no extension (11 CCR 7026(f)(1), 7027(g)(1)); they need no verified identity (7026(d)).
 */
export const CCPA_OPT_OUT_CLOCK: LawClock = optOutClock('ccpa');

/** Request types the CCPA takes without verifying the person (11 CCR 7026(d), 7027(e)). */
export const CCPA_OPT_OUTS: readonly RequestType[] = REQUEST_TYPES.filter((type) =>
  (LAW_CATALOG.ccpa.optOut?.types ?? []).some((right) => right === type),
);

/**
 * Whether the law takes a request of `type` without verifying the person: the law catalog's
 * opt-outs (11 CCR 7026(d), 7027(e)); every other request is verified first.
 */
export function takenUnverified(law: Law, type: RequestType): boolean {
  return LAW_CATALOG[law].optOut?.types.some((right) => right === type) === true;
}

function optOutClock(law: Law): LawClock {
  const optOut = LAW_CATALOG[law].optOut;
  if (optOut === undefined) throw new Error(`the law catalog gives ${law} an opt-out clock`);
  return optOut;
}

/** The clock of a request of `type` under `law`; undefined for an appeal the law does not provide. */
export function clockOf(law: Law, type: RequestType): LawClock | undefined {
  if (type === 'appeal') return APPEAL_CLOCKS[law];
  const optOut = LAW_CATALOG[law].optOut;
  if (optOut !== undefined && takenUnverified(law, type)) return optOut;
  return CLOCKS[law];
}

/** The deadlines of a request, as computed at receipt. */
export interface Deadlines {
  /** When the answer is due: the law's period, or the map's shorter promise. */
  readonly dueAt: Date;
  /** CCPA: receipt confirmed by; null under laws that do not ask it. */
  readonly acknowledgeBy: Date | null;
}

/** What besides the law a deadline depends on. */
export interface ClockOptions {
  /** The jurisdiction's promise in the map (`responseTime`, an ISO 8601 duration such as `P30D`). */
  readonly responseTime?: string;
  /**
   * The controller's country (ISO 3166-1 alpha-2), whose weekends and public holidays move the
   * end of a GDPR period (Reg. 1182/71 Art. 3(4)). Without it, no end is moved.
   */
  readonly country?: string;
}

/**
 * When a request received at `receivedAt` must be answered under `law`, and by when receipt must
 * be confirmed. The map's `responseTime` makes the answer due earlier when it is shorter than the
 * law, never later.
 *
 * @example dueDates('gdpr', 'access', new Date('2026-01-15T10:00:00Z')).dueAt
 *   // 2026-02-16T23:59:59.999Z (15 February 2026 is a Sunday: Reg. 1182/71 Art. 3(4))
 */
export function dueDates(
  law: Law,
  type: RequestType,
  receivedAt: Date,
  options: ClockOptions = {},
): Deadlines {
  const clock = clockOf(law, type) ?? CLOCKS[law];
  const statutory = statutoryEnd(clock, endOfPeriod(receivedAt, clock.response), options);
  const promised =
    options.responseTime === undefined
      ? undefined
      : afterDuration(receivedAt, options.responseTime);
  const dueAt =
    promised !== undefined && promised.getTime() < statutory.getTime() ? promised : statutory;
  const acknowledgeBy =
    clock.acknowledgeBusinessDays === undefined
      ? null
      : endOfDay(addBusinessDays(utcDate(receivedAt), clock.acknowledgeBusinessDays));
  return { dueAt, acknowledgeBy };
}

/**
 * The latest an extended request may be answered: the end of the law's response period plus its
 * one extension. Counted from the statutory deadline, not from receipt: under GDPR Art. 12(3)
 * 31 January gives 28 February and then 28 April, where "three months of receipt" would give
 * 30 April; the earlier date is the one that is certainly in time. Undefined when the law allows
 * no extension (an appeal under the VCDPA).
 */
export function extendedDueDate(
  law: Law,
  type: RequestType,
  receivedAt: Date,
  options: Pick<ClockOptions, 'country'> = {},
): Date | undefined {
  const clock = clockOf(law, type) ?? CLOCKS[law];
  if (!extendable(clock)) return undefined;
  // From the unmoved end of the first period; the end of the extension moves on its own.
  const statutory = endOfPeriod(receivedAt, clock.response);
  return statutoryEnd(clock, endOfPeriod(statutory, clock.extension), options);
}

/** The end of a statutory period, moved to the next working day where the law says so. */
function statutoryEnd(clock: LawClock, end: Date, options: Pick<ClockOptions, 'country'>): Date {
  if (clock.workingDayEnd !== true || options.country === undefined) return end;
  // Reg. 1182/71 Art. 3(4), in the controller's country.
  return endOfDay(onWorkingDay(utcDate(end), options.country));
}

/**
 * The end of a period that starts on the UTC calendar date of `from`: `months` by Reg. 1182/71
 * Art. 3(2)(c) (same date, else the month's last day), `days` by Art. 3(1) (the start day not
 * counted), `businessDays` skipping Saturdays and Sundays. At 23:59:59.999Z of the last day.
 */
export function endOfPeriod(from: Date, period: Period): Date {
  const start = utcDate(from);
  const last =
    'months' in period
      ? addMonths(start, period.months)
      : 'days' in period
        ? addDays(start, period.days)
        : addBusinessDays(start, period.businessDays);
  return endOfDay(last);
}

/**
 * A calendar date `months` later (Reg. 1182/71 Art. 3(2)(c)): the same day of the month, or the
 * month's last day when it is shorter (31 January + 1 month = 28 or 29 February).
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** A calendar date `days` later. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return utcDate(new Date(Date.UTC(date.year, date.month - 1, date.day + days)));
}

/**
 * A calendar date `days` business days later (11 CCR 7021(a) counts the confirmation of receipt
 * in business days), taken as Monday to Friday. The day of receipt does not count; public holidays
 * are not skipped, so the date is never later than the law's.
 */
export function addBusinessDays(date: CalendarDate, days: number): CalendarDate {
  let current = date;
  let left = days;
  while (left > 0) {
    current = addDays(current, 1);
    const weekday = new Date(Date.UTC(current.year, current.month - 1, current.day)).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return current;
}

/** A day of the calendar, without a time or zone. */
export interface CalendarDate {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** 1–31. */
  readonly day: number;
}

/** The UTC calendar date of an instant. */
export function utcDate(at: Date): CalendarDate {
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() };
}

/** The last millisecond of a calendar date in UTC: when a deadline on that day falls due. */
export function endOfDay(date: CalendarDate): Date {
  return new Date(Date.UTC(date.year, date.month - 1, date.day, 23, 59, 59, 999));
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The end of an ISO 8601 duration from `from`: a duration of whole days, weeks, months or years
 * ends at the end of its last UTC day, counted as `endOfPeriod` counts; one with a time part
 * (`PT72H`) ends at that exact instant. Undefined for a text that is not a duration.
 */
export function afterDuration(from: Date, duration: string): Date | undefined {
  const parts = parseDuration(duration);
  if (parts === undefined) return undefined;
  const seconds = (parts.hours * 60 + parts.minutes) * 60 + parts.seconds;
  const calendar = addDays(
    addMonths(utcDate(from), parts.years * 12 + parts.months),
    parts.weeks * 7 + parts.days,
  );
  if (seconds === 0) return endOfDay(calendar);
  const shifted = Date.UTC(
    calendar.year,
    calendar.month - 1,
    calendar.day,
    from.getUTCHours(),
    from.getUTCMinutes(),
    from.getUTCSeconds(),
    from.getUTCMilliseconds(),
  );
  return new Date(shifted + seconds * 1000);
}
