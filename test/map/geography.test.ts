import { describe, expect, it } from 'vitest';
import {
  ADEQUACY,
  ADEQUATE_ORGANISATIONS,
  COUNTRY_CODES,
  EEA_COUNTRIES,
  EU_COUNTRIES,
  adequacyDecision,
  countryName,
  expandRegion,
  isAdequate,
  isCountryCode,
  isInEea,
} from '../../src/map/geography.js';

describe('country codes', () => {
  it('holds the 249 officially assigned ISO 3166-1 alpha-2 codes', () => {
    expect(COUNTRY_CODES.size).toBe(249);
    for (const code of COUNTRY_CODES) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it('rejects user-assigned, lower-case and unknown codes', () => {
    expect(isCountryCode('BE')).toBe(true);
    expect(isCountryCode('XK')).toBe(false);
    expect(isCountryCode('be')).toBe(false);
    expect(isCountryCode('UK')).toBe(false);
  });

  it('has a display name for every code', () => {
    for (const code of COUNTRY_CODES) expect(countryName(code, 'en'), code).not.toBe(code);
  });
});

describe('EU and EEA', () => {
  it('has 27 EU member states and 30 EEA states, all valid codes', () => {
    expect(new Set(EU_COUNTRIES).size).toBe(27);
    expect(new Set(EEA_COUNTRIES).size).toBe(30);
    for (const code of EEA_COUNTRIES) expect(isCountryCode(code), code).toBe(true);
    expect(EEA_COUNTRIES).toEqual(expect.arrayContaining(['IS', 'LI', 'NO', ...EU_COUNTRIES]));
  });

  it('treats EU outermost regions as inside and the UK, Switzerland and Greenland as outside', () => {
    expect(isInEea('BE')).toBe(true);
    expect(isInEea('NO')).toBe(true);
    expect(isInEea('RE')).toBe(true);
    expect(isInEea('GB')).toBe(false);
    expect(isInEea('CH')).toBe(false);
    expect(isInEea('GL')).toBe(false);
  });

  it('expands region tokens', () => {
    expect(expandRegion('EU')).toHaveLength(27);
    expect(expandRegion('EEA')).toHaveLength(30);
    expect(expandRegion('BE')).toEqual(['BE']);
    expect(expandRegion('Mars')).toEqual([]);
  });
});

describe('adequacy (GDPR Art. 45, UK GDPR Art. 45)', () => {
  it('lets data flow freely within the EEA', () => {
    expect(isAdequate('gdpr', 'DE')).toBe(true);
    expect(isAdequate('gdpr', 'NO')).toBe(true);
  });

  it('recognises EU adequacy decisions', () => {
    expect(isAdequate('gdpr', 'JP')).toBe(true);
    expect(isAdequate('gdpr', 'GB')).toBe(true);
    expect(isAdequate('gdpr', 'CH')).toBe(true);
    expect(isAdequate('gdpr', 'KR')).toBe(true);
  });

  it('covers the US only for DPF-certified recipients', () => {
    expect(isAdequate('gdpr', 'US')).toBe(false);
    expect(isAdequate('gdpr', 'US', { dpfCertified: false })).toBe(false);
    expect(isAdequate('gdpr', 'US', { dpfCertified: true })).toBe(true);
    expect(isAdequate('uk-gdpr', 'US')).toBe(false);
    expect(isAdequate('uk-gdpr', 'US', { dpfCertified: true })).toBe(true);
  });

  it('requires a safeguard for countries without a decision', () => {
    expect(isAdequate('gdpr', 'CN')).toBe(false);
    expect(isAdequate('gdpr', 'IN')).toBe(false);
    expect(isAdequate('uk-gdpr', 'CN')).toBe(false);
    expect(isAdequate('gdpr', 'XX')).toBe(false);
  });

  it('treats the UK as home and the EEA and Gibraltar as adequate under the UK GDPR', () => {
    expect(isAdequate('uk-gdpr', 'GB')).toBe(true);
    expect(isAdequate('uk-gdpr', 'DE')).toBe(true);
    expect(isAdequate('uk-gdpr', 'GI')).toBe(true);
    expect(isAdequate('uk-gdpr', 'KR')).toBe(true);
    expect(isAdequate('uk-gdpr', 'JE')).toBe(true);
    // Gibraltar has no EU adequacy decision of its own.
    expect(isAdequate('gdpr', 'GI')).toBe(false);
  });

  it('records each decision once per regime, with a date, instrument and valid country', () => {
    for (const regime of ['gdpr', 'uk-gdpr'] as const) {
      const { asOf, decisions } = ADEQUACY[regime];
      expect(asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const countries = decisions.map((decision) => decision.country);
      expect(new Set(countries).size, regime).toBe(countries.length);
      for (const decision of decisions) {
        expect(decision.since, decision.country).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(decision.since <= asOf, decision.country).toBe(true);
        expect(decision.instrument.length, decision.country).toBeGreaterThan(0);
        const valid =
          isCountryCode(decision.country) || ADEQUATE_ORGANISATIONS.includes(decision.country);
        expect(valid, decision.country).toBe(true);
      }
    }
  });

  it('names the instrument of the EU-US Data Privacy Framework decision', () => {
    expect(adequacyDecision('gdpr', 'US')).toMatchObject({
      since: '2023-07-10',
      scope: 'dpf-certified-only',
      instrument: 'Commission Implementing Decision (EU) 2023/1795',
    });
    expect(adequacyDecision('gdpr', 'CN')).toBeUndefined();
  });
});

describe('countryName', () => {
  it('names countries in each notice language', () => {
    expect(countryName('BE', 'nl')).toBe('België');
    expect(countryName('BE', 'fr')).toBe('Belgique');
    expect(countryName('DE', 'de')).toBe('Deutschland');
    expect(countryName('US', 'en')).toBe('United States');
  });

  it('falls back to the code for anything that is not a country code', () => {
    expect(countryName('EU', 'en')).toBe('EU');
    expect(countryName('XK', 'nl')).toBe('XK');
  });
});
