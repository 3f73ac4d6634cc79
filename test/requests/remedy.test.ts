import { describe, expect, it } from 'vitest';
import { remedyOf } from '../../src/requests/remedy.js';
import { mapWith, type Raw } from '../map/helpers.js';

/** A Virginia jurisdiction of the test map, with what the test changes. */
const vcdpa = (extra: Raw = {}): Raw => ({
  law: 'vcdpa',
  controller: 'shop-us',
  channels: ['privacy-email'],
  sale: { sells: false, shares: false, minorsUnder16: false, targetedAdvertising: false },
  ...extra,
});

describe('the remedy a refused US request names', () => {
  it('offers the appeal through the declared appeal channels only', () => {
    const map = mapWith((raw) => raw.jurisdictions.push(vcdpa({ appeal: ['privacy-email'] })));
    expect(remedyOf(map, { law: 'vcdpa', controller: 'shop-us', type: 'access' })).toEqual({
      kind: 'appeal',
      channels: ['privacy@example.com'],
    });
  });

  it('offers the appeal under the VCDPA even when the rights list leaves it out (Va. Code 59.1-578(C))', () => {
    const map = mapWith((raw) =>
      raw.jurisdictions.push(vcdpa({ rights: ['know', 'delete'], appeal: ['privacy-email'] })),
    );
    expect(remedyOf(map, { law: 'vcdpa', controller: 'shop-us', type: 'erasure' })).toEqual({
      kind: 'appeal',
      channels: ['privacy@example.com'],
    });
  });

  it('names no channel the map does not declare', () => {
    const map = mapWith((raw) => raw.jurisdictions.push(vcdpa()));
    expect(remedyOf(map, { law: 'vcdpa', controller: 'shop-us', type: 'access' })).toEqual({
      kind: 'appeal',
      channels: [],
    });
  });
});
