import { describe, expect, it } from 'vitest';
import { durationDays, parseDuration } from '../../src/map/index.js';

describe('durationDays', () => {
  it('approximates ISO 8601 durations in days', () => {
    expect(durationDays('P1Y')).toBeCloseTo(365.2425);
    expect(durationDays('P12M')).toBeCloseTo(durationDays('P1Y'));
    expect(durationDays('P2W')).toBe(14);
    expect(durationDays('PT72H')).toBe(3);
    expect(durationDays('P1Y6M')).toBeGreaterThan(durationDays('P17M'));
    expect(durationDays('P1M')).toBeGreaterThan(durationDays('P30D'));
    expect(durationDays('nonsense')).toBeNaN();
  });

  it('bounds a month between 28 and 31 days for legal comparisons', () => {
    expect(durationDays('P1M', 'shortest')).toBe(28);
    expect(durationDays('P1M', 'longest')).toBe(31);
    expect(durationDays('P1Y', 'longest')).toBe(366);
  });
});

describe('parseDuration', () => {
  it('splits a duration into its parts, and rejects what is not one', () => {
    expect(parseDuration('P1Y6M2DT3H')).toEqual({
      years: 1,
      months: 6,
      weeks: 0,
      days: 2,
      hours: 3,
      minutes: 0,
      seconds: 0,
    });
    expect(parseDuration('P')).toBeUndefined();
    expect(parseDuration('PT')).toBeUndefined();
    expect(parseDuration('2 years')).toBeUndefined();
  });
});
