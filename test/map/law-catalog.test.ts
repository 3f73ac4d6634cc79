import { describe, expect, it } from 'vitest';
import {
  isoPeriod,
  LANGUAGES,
  LAW_CATALOG,
  LAWS,
  runRules,
  US_LAWS,
  type Law,
  type Period,
} from '../../src/map/index.js';
import { renderMarkdown } from '../../src/publish/index.js';
import { formatDuration, STRINGS } from '../../src/publish/i18n/index.js';
import { notice } from '../../src/publish/notice.js';
import {
  dueDates,
  extendedDueDate,
  REQUEST_TYPES,
  takenUnverified,
} from '../../src/requests/index.js';
import { mapWith } from './helpers.js';

/**
 * One source for each statutory period: the notice states, the checker enforces and the request
 * clocks count the very numbers of the law catalog (src/map/laws.ts). Each expectation is worked
 * out here from the catalog entry's numbers, not through the code under test.
 */

/** The valid fixture with one jurisdiction under `law`, whose answer the map may promise sooner. */
function mapUnder(law: Law, responseTime?: string) {
  return mapWith((raw) => {
    const us = US_LAWS.includes(law);
    raw['jurisdictions'] = [
      {
        law,
        controller: us ? 'shop-us' : 'shop-be',
        channels: ['privacy-email'],
        ...(us ? { sale: { sells: false, shares: false }, appeal: ['privacy-email'] } : {}),
        ...(responseTime === undefined ? {} : { responseTime }),
      },
    ];
  });
}

/** Whole days a period spans, for periods of days only. */
function daysOf(period: Period): number {
  if (!('days' in period)) throw new Error('not a period of days');
  return period.days;
}

/** The end of the UTC day `days` after 2026-01-12 (a Monday), or `months` after it. */
function after(period: Period): string {
  if ('months' in period) {
    return new Date(Date.UTC(2026, period.months, 12, 23, 59, 59, 999)).toISOString();
  }
  // From a Monday, whole weeks of five business days are seven calendar days.
  const days =
    'days' in period
      ? period.days
      : Math.floor(period.businessDays / 5) * 7 + (period.businessDays % 5);
  return new Date(Date.UTC(2026, 0, 12 + days, 23, 59, 59, 999)).toISOString();
}

const RECEIVED = new Date('2026-01-12T10:00:00Z');

describe('the law catalog', () => {
  it('gives every law a response period, an extension and a citation', () => {
    for (const law of LAWS) {
      const { request, rights, rightsCitation } = LAW_CATALOG[law];
      expect(rights.length, law).toBeGreaterThan(0);
      expect(rightsCitation, law).not.toBe('');
      expect(request.citation, law).not.toBe('');
      expect(request.extension, law).toBeDefined();
    }
  });

  describe.each(LAWS)('%s', (law) => {
    const facts = LAW_CATALOG[law];

    it.each(LANGUAGES)('the notice in %s states the catalog’s periods', (language) => {
      const s = STRINGS[language];
      const text = renderMarkdown(notice(mapUnder(law), { language }));
      const words = (period: Period): string => formatDuration(isoPeriod(period), language);
      const { response, extension } = facts.request;
      const sentence = US_LAWS.includes(law)
        ? s.text.usResponse(words(response), words(extension))
        : s.text.responseTime(words(response), words(extension));
      expect(text).toContain(sentence);
      const acknowledge = facts.request.acknowledgeBusinessDays;
      if (acknowledge !== undefined) expect(text).toContain(s.text.usConfirmReceipt(acknowledge));
      else expect(text).not.toContain(s.text.usConfirmReceipt(10));
      if (facts.appeal !== undefined) {
        const period = words(facts.appeal.response);
        expect(text).toContain(s.text.usAppeal(s.lawShort[law], 'privacy@example.com', period));
      } else {
        // No appeal promised where the law provides none.
        const [before = ''] = s.text
          .usAppeal(s.lawShort[law], 'privacy@example.com', '\0')
          .split('\0');
        expect(text).not.toContain(before);
      }
    });

    it('the clock counts the catalog’s periods', () => {
      const { request } = facts;
      for (const type of REQUEST_TYPES) {
        const optOut = facts.optOut?.types.some((right) => right === type) === true;
        // The catalog's opt-outs are taken without verifying the person; every other type is not.
        expect(takenUnverified(law, type), type).toBe(optOut);
        const clock = type === 'appeal' ? facts.appeal : optOut ? facts.optOut : request;
        if (clock === undefined) continue;
        expect(dueDates(law, type, RECEIVED).dueAt.toISOString(), type).toBe(after(clock.response));
        const extended = extendedDueDate(law, type, RECEIVED);
        if ('days' in clock.extension && clock.extension.days === 0) {
          expect(extended, type).toBeUndefined();
        } else if ('days' in clock.response && 'days' in clock.extension) {
          expect(extended?.toISOString(), type).toBe(
            after({ days: daysOf(clock.response) + daysOf(clock.extension) }),
          );
        } else if ('months' in clock.response && 'months' in clock.extension) {
          expect(extended?.toISOString(), type).toBe(
            after({ months: clock.response.months + clock.extension.months }),
          );
        }
      }
      const acknowledge = dueDates(law, 'access', RECEIVED).acknowledgeBy;
      expect(acknowledge?.toISOString() ?? null).toBe(
        request.acknowledgeBusinessDays === undefined
          ? null
          : after({ businessDays: request.acknowledgeBusinessDays }),
      );
    });

    it('the checker holds a promise to the catalog’s period', () => {
      const { response } = facts.request;
      // The longest the statutory period can be, in days: a month has at most 31.
      const longest = 'months' in response ? response.months * 31 : daysOf(response);
      const finding = (promise: string) =>
        runRules(mapUnder(law, promise)).filter((f) => f.rule === 'jurisdiction.response-time');
      expect(finding(`P${longest}D`)).toEqual([]);
      const over = finding(`P${longest + 1}D`);
      expect(over).toHaveLength(1);
      expect(over[0]?.message).toContain(isoPeriod(response));
    });
  });
});
