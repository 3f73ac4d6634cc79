import { describe, expect, it } from 'vitest';
import { isNonWorkingDay, onWorkingDay } from '../../src/requests/working-days.js';

const day = (text: string) => {
  const [year, month, date] = text.split('-').map(Number) as [number, number, number];
  return { year, month, day: date };
};

describe('working days (Reg. 1182/71 Art. 3(4))', () => {
  it('moves an end on a Saturday or Sunday to the Monday', () => {
    // 2026-02-28 is a Saturday.
    expect(onWorkingDay(day('2026-02-28'), 'BE')).toEqual(day('2026-03-02'));
    expect(onWorkingDay(day('2026-03-01'), 'BE')).toEqual(day('2026-03-02'));
  });

  it("moves an end on a public holiday of the controller's country, not of another", () => {
    // 21 July is the Belgian national day (a Tuesday in 2026), a working day in the Netherlands.
    expect(onWorkingDay(day('2026-07-21'), 'BE')).toEqual(day('2026-07-22'));
    expect(onWorkingDay(day('2026-07-21'), 'NL')).toEqual(day('2026-07-21'));
  });

  it('skips a holiday followed by a weekend', () => {
    // Christmas 2026 is a Friday: the next working day in Belgium is Monday 28 December.
    expect(onWorkingDay(day('2026-12-25'), 'BE')).toEqual(day('2026-12-28'));
    // In the UK Boxing Day falls on Saturday and is substituted on Monday 28 December.
    expect(onWorkingDay(day('2026-12-25'), 'GB')).toEqual(day('2026-12-29'));
  });

  it('leaves a working day as it is and knows weekends in a country without holiday data', () => {
    expect(onWorkingDay(day('2026-11-23'), 'BE')).toEqual(day('2026-11-23'));
    expect(isNonWorkingDay(day('2026-11-22'), 'AQ')).toBe(true);
    expect(isNonWorkingDay(day('2026-11-23'), 'AQ')).toBe(false);
  });
});
