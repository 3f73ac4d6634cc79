/** ISO 8601 durations as the data map writes them: `P2Y`, `P6M`, `P30D`, `PT72H`, `P1Y6M`. */
export interface DurationParts {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

export const ISO_DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** The parts of a duration, or undefined when it is not one. */
export function parseDuration(duration: string): DurationParts | undefined {
  const match = ISO_DURATION.exec(duration);
  if (!match) return undefined;
  const part = (index: number): number => Number(match[index] ?? 0);
  return {
    years: part(1),
    months: part(2),
    weeks: part(3),
    days: part(4),
    hours: part(5),
    minutes: part(6),
    seconds: part(7),
  };
}

/**
 * A duration in days, for comparisons only (calendar arithmetic belongs to whoever computes dates).
 * `calendar` picks how long months and years are taken to be: `shortest` (28 and 365 days),
 * `longest` (31 and 366) or `average` (30.44 and 365.25).
 */
export function durationDays(
  duration: string,
  calendar: 'shortest' | 'longest' | 'average' = 'average',
): number {
  const parts = parseDuration(duration);
  if (!parts) return Number.NaN;
  const [month, year] =
    calendar === 'shortest'
      ? [28, 365]
      : calendar === 'longest'
        ? [31, 366]
        : [30.436875, 365.2425];
  return (
    parts.years * year +
    parts.months * month +
    parts.weeks * 7 +
    parts.days +
    (parts.hours + (parts.minutes + parts.seconds / 60) / 60) / 24
  );
}
