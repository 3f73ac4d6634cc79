import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addMonths,
  afterDuration,
  dueDates,
  extendedDueDate,
} from '../../src/requests/index.js';

const at = (iso: string): Date => new Date(iso);
const due = (
  law: Parameters<typeof dueDates>[0],
  received: string,
  options: Parameters<typeof dueDates>[3] = {},
) => dueDates(law, 'access', at(received), options).dueAt.toISOString();

describe('GDPR Art. 12(3): one calendar month of receipt (Reg. 1182/71 Art. 3(2)(c))', () => {
  it.each([
    ['2026-01-15T10:00:00Z', '2026-02-15T23:59:59.999Z'],
    ['2026-01-31T10:00:00Z', '2026-02-28T23:59:59.999Z'],
    ['2028-01-31T10:00:00Z', '2028-02-29T23:59:59.999Z'],
    ['2028-01-30T10:00:00Z', '2028-02-29T23:59:59.999Z'],
    ['2026-03-31T08:00:00Z', '2026-04-30T23:59:59.999Z'],
    ['2026-11-30T12:00:00Z', '2026-12-30T23:59:59.999Z'],
    ['2026-12-31T23:59:59Z', '2027-01-31T23:59:59.999Z'],
    ['2028-02-29T00:00:00Z', '2028-03-29T23:59:59.999Z'],
  ])('received %s is due %s', (received, expected) => {
    expect(due('gdpr', received)).toBe(expected);
    expect(due('uk-gdpr', received)).toBe(expected);
  });

  it('counts from the UTC calendar date of receipt and falls due at the end of that day', () => {
    // 00:30 in Brussels on 1 March is 23:30Z on 28 February: the earlier date counts.
    expect(due('gdpr', '2026-02-28T23:30:00Z')).toBe('2026-03-28T23:59:59.999Z');
    expect(due('gdpr', '2026-03-01T00:00:00Z')).toBe('2026-04-01T23:59:59.999Z');
  });

  it("moves an end on a weekend or public holiday of the controller's country (Art. 3(4))", () => {
    // 2026-02-28 is a Saturday: Monday 2 March.
    expect(due('gdpr', '2026-01-28T09:00:00Z', { country: 'BE' })).toBe('2026-03-02T23:59:59.999Z');
    // 21 July is the Belgian national day, a working day in the Netherlands.
    expect(due('gdpr', '2026-06-21T09:00:00Z', { country: 'BE' })).toBe('2026-07-22T23:59:59.999Z');
    expect(due('gdpr', '2026-06-21T09:00:00Z', { country: 'NL' })).toBe('2026-07-21T23:59:59.999Z');
    expect(due('uk-gdpr', '2026-11-25T09:00:00Z', { country: 'GB' })).toBe(
      '2026-12-29T23:59:59.999Z',
    );
    // Without the controller's country, nothing moves.
    expect(due('gdpr', '2026-01-28T09:00:00Z')).toBe('2026-02-28T23:59:59.999Z');
    // The US laws count calendar days: 45 days from 3 January 2026 is Tuesday 17 February; from
    // 4 January, Wednesday 18 February; from 1 January, Sunday 15 February, which stays.
    expect(due('ccpa', '2026-01-01T10:00:00Z', { country: 'US' })).toBe('2026-02-15T23:59:59.999Z');
  });

  it('extends by two further months from the original deadline, month ends clamped', () => {
    const extended = (received: string) =>
      extendedDueDate('gdpr', 'erasure', at(received))?.toISOString();
    expect(extended('2026-01-15T10:00:00Z')).toBe('2026-04-15T23:59:59.999Z');
    // 31 Jan → 28 Feb → 28 Apr: never later than "three months of receipt" (30 Apr).
    expect(extended('2026-01-31T10:00:00Z')).toBe('2026-04-28T23:59:59.999Z');
    expect(extended('2026-10-31T10:00:00Z')).toBe('2027-01-30T23:59:59.999Z');
    // 30 January 2027 is a Saturday: in Belgium the extended period ends on Monday 1 February.
    expect(
      extendedDueDate('gdpr', 'erasure', at('2026-10-31T10:00:00Z'), {
        country: 'BE',
      })?.toISOString(),
    ).toBe('2027-02-01T23:59:59.999Z');
  });
});

describe('US state laws: days of receipt', () => {
  it('CCPA: 45 calendar days, extendable once to 90 (11 CCR 7021(b))', () => {
    expect(due('ccpa', '2026-01-01T10:00:00Z')).toBe('2026-02-15T23:59:59.999Z');
    expect(extendedDueDate('ccpa', 'delete', at('2026-01-01T10:00:00Z'))?.toISOString()).toBe(
      '2026-04-01T23:59:59.999Z',
    );
  });

  it('CCPA: receipt confirmed within 10 business days, weekends skipped (11 CCR 7021(a))', () => {
    // Friday 6 March 2026 + 10 business days = Friday 20 March.
    const friday = dueDates('ccpa', 'know', at('2026-03-06T15:00:00Z'));
    expect(friday.acknowledgeBy?.toISOString()).toBe('2026-03-20T23:59:59.999Z');
    // Saturday 7 March: Monday 9 is day 1, Friday 20 is day 10.
    const saturday = dueDates('ccpa', 'know', at('2026-03-07T15:00:00Z'));
    expect(saturday.acknowledgeBy?.toISOString()).toBe('2026-03-20T23:59:59.999Z');
    expect(dueDates('gdpr', 'access', at('2026-03-06T15:00:00Z')).acknowledgeBy).toBeNull();
  });

  it('CCPA: opt-outs within 15 business days, no extension (11 CCR 7026(f), 7027(g))', () => {
    // Friday 6 March 2026 + 15 business days = Friday 27 March.
    expect(dueDates('ccpa', 'opt-out-sale', at('2026-03-06T15:00:00Z')).dueAt.toISOString()).toBe(
      '2026-03-27T23:59:59.999Z',
    );
    expect(
      dueDates('ccpa', 'limit-sensitive', at('2026-03-06T15:00:00Z')).dueAt.toISOString(),
    ).toBe('2026-03-27T23:59:59.999Z');
    expect(extendedDueDate('ccpa', 'opt-out-sale', at('2026-03-06T15:00:00Z'))).toBeUndefined();
    // Under the VCDPA an opt-out is an ordinary request: 45 days.
    expect(dueDates('vcdpa', 'opt-out-sale', at('2026-03-06T15:00:00Z')).dueAt.toISOString()).toBe(
      '2026-04-20T23:59:59.999Z',
    );
  });

  it('VCDPA: 45 + 45 days, and an appeal within 60 days (Va. Code 59.1-578(B)(1), (C))', () => {
    expect(due('vcdpa', '2026-01-31T10:00:00Z')).toBe('2026-03-17T23:59:59.999Z');
    expect(dueDates('vcdpa', 'appeal', at('2026-01-31T10:00:00Z')).dueAt.toISOString()).toBe(
      '2026-04-01T23:59:59.999Z',
    );
    expect(extendedDueDate('vcdpa', 'appeal', at('2026-01-31T10:00:00Z'))).toBeUndefined();
    expect(extendedDueDate('vcdpa', 'delete', at('2026-01-31T10:00:00Z'))?.toISOString()).toBe(
      '2026-05-01T23:59:59.999Z',
    );
  });

  it('CPA appeals within 45 days, CTDPA within 60; CPA, CTDPA and UCPA answer in 45', () => {
    const received = at('2026-06-01T10:00:00Z');
    expect(dueDates('cpa', 'appeal', received).dueAt.toISOString()).toBe(
      '2026-07-16T23:59:59.999Z',
    );
    expect(dueDates('ctdpa', 'appeal', received).dueAt.toISOString()).toBe(
      '2026-07-31T23:59:59.999Z',
    );
    for (const law of ['cpa', 'ctdpa', 'ucpa'] as const) {
      expect(dueDates(law, 'delete', received).dueAt.toISOString()).toBe(
        '2026-07-16T23:59:59.999Z',
      );
    }
  });
});

describe("the map's responseTime", () => {
  it('makes the answer due earlier when it is shorter than the law', () => {
    expect(due('gdpr', '2026-01-31T10:00:00Z', { responseTime: 'P14D' })).toBe(
      '2026-02-14T23:59:59.999Z',
    );
    expect(due('ccpa', '2026-01-01T10:00:00Z', { responseTime: 'P30D' })).toBe(
      '2026-01-31T23:59:59.999Z',
    );
  });

  it('never makes it later', () => {
    expect(due('gdpr', '2026-01-31T10:00:00Z', { responseTime: 'P60D' })).toBe(
      '2026-02-28T23:59:59.999Z',
    );
    expect(due('ccpa', '2026-01-01T10:00:00Z', { responseTime: 'P2M' })).toBe(
      '2026-02-15T23:59:59.999Z',
    );
  });
});

describe('calendar arithmetic', () => {
  it('adds months with month-end clamping, across years', () => {
    expect(addMonths({ year: 2026, month: 12, day: 31 }, 2)).toEqual({
      year: 2027,
      month: 2,
      day: 28,
    });
    expect(addMonths({ year: 2027, month: 3, day: 31 }, -1)).toEqual({
      year: 2027,
      month: 2,
      day: 28,
    });
  });

  it('skips Saturdays and Sundays when adding business days', () => {
    expect(addBusinessDays({ year: 2026, month: 3, day: 6 }, 1)).toEqual({
      year: 2026,
      month: 3,
      day: 9,
    });
  });

  it('ends a duration with a time part at the exact instant', () => {
    expect(afterDuration(at('2026-03-02T09:15:00Z'), 'PT24H')?.toISOString()).toBe(
      '2026-03-03T09:15:00.000Z',
    );
    expect(afterDuration(at('2026-03-02T09:15:00Z'), 'P1D')?.toISOString()).toBe(
      '2026-03-03T23:59:59.999Z',
    );
    expect(afterDuration(at('2026-03-02T09:15:00Z'), 'nonsense')).toBeUndefined();
  });
});
