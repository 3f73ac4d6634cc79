import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_CATEGORIES,
  CCPA_CATEGORIES,
  CCPA_CATEGORY_NAMES,
  DPV_PREFIXES,
  SPECIAL_CATEGORY_KINDS,
  SPECIAL_CATEGORY_NAMES,
  builtInCategory,
  expandCurie,
  type Translations,
} from '../../src/map/taxonomy.js';

const LANGUAGES = ['en', 'nl', 'fr', 'de'] as const;

const missingLanguages = (names: Translations): string[] =>
  LANGUAGES.filter((language) => names[language].trim() === '');

describe('built-in taxonomy', () => {
  it('has unique ids', () => {
    const ids = BUILT_IN_CATEGORIES.map((category) => category.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses dotted lower-kebab ids whose prefix is the parent', () => {
    for (const category of BUILT_IN_CATEGORIES) {
      expect(category.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/);
      const dot = category.id.lastIndexOf('.');
      if (dot === -1) expect(category.parent, category.id).toBeUndefined();
      else expect(category.parent, category.id).toBe(category.id.slice(0, dot));
    }
  });

  it('lists every parent before its children', () => {
    const seen = new Set<string>();
    for (const category of BUILT_IN_CATEGORIES) {
      if (category.parent !== undefined) expect(seen.has(category.parent), category.id).toBe(true);
      seen.add(category.id);
    }
  });

  it('names every category in all four languages', () => {
    for (const category of BUILT_IN_CATEGORIES) {
      expect(missingLanguages(category.name), category.id).toEqual([]);
    }
  });

  it('covers each Art. 9(1) special kind with exactly one category', () => {
    for (const kind of SPECIAL_CATEGORY_KINDS) {
      const matching = BUILT_IN_CATEGORIES.filter((category) => category.special === kind);
      expect(matching.map((category) => category.id)).toEqual([`special.${kind}`]);
    }
  });

  it('marks only the criminal category as Art. 10 data', () => {
    const criminal = BUILT_IN_CATEGORIES.filter((category) => category.criminal === true);
    expect(criminal.map((category) => category.id)).toEqual(['criminal']);
    expect(criminal[0]?.special).toBeUndefined();
  });

  it('writes DPV terms as CURIEs with a known prefix', () => {
    for (const category of BUILT_IN_CATEGORIES) {
      const match = /^([a-z]+):([A-Za-z0-9]+)$/.exec(category.dpv);
      expect(match, category.id).not.toBeNull();
      expect(Object.keys(DPV_PREFIXES), category.id).toContain(match?.[1]);
    }
  });

  it('uses only known CCPA categories, and flags every "sensitive" one as sensitive', () => {
    for (const category of BUILT_IN_CATEGORIES) {
      expect(CCPA_CATEGORIES, category.id).toContain(category.ccpa);
      if (category.ccpa === 'sensitive') expect(category.ccpaSensitive, category.id).toBe(true);
    }
  });

  it('marks what Cal. Civ. Code 1798.140(ae) calls sensitive', () => {
    const sensitive = [
      'identity.official-id',
      'account.credentials',
      'financial.bank-account',
      'financial.payment-card',
      'location.precise',
      'communications.message-content',
      'special.racial-ethnic-origin',
      'special.religious-beliefs',
      'special.trade-union-membership',
      'special.genetic',
      'special.biometric',
      'special.health',
      'special.sex-life-orientation',
    ];
    for (const id of sensitive) expect(builtInCategory(id)?.ccpaSensitive, id).toBe(true);
    for (const id of ['contact.email', 'location.approximate', 'communications.correspondence']) {
      expect(builtInCategory(id)?.ccpaSensitive ?? false, id).toBe(false);
    }
  });

  it('maps common categories to their DPV personal-data terms', () => {
    expect(builtInCategory('contact.email')?.dpv).toBe('pd:EmailAddress');
    expect(builtInCategory('contact.phone')?.dpv).toBe('pd:TelephoneNumber');
    expect(builtInCategory('identity.name')?.dpv).toBe('pd:Name');
    expect(builtInCategory('online.ip-address')?.dpv).toBe('pd:IPAddress');
  });

  it('finds categories by id and nothing for an unknown id', () => {
    expect(builtInCategory('contact.email')?.parent).toBe('contact');
    expect(builtInCategory('contact.fax')).toBeUndefined();
  });
});

describe('names of statutory categories', () => {
  it('names every CCPA category in all four languages', () => {
    for (const category of CCPA_CATEGORIES) {
      expect(missingLanguages(CCPA_CATEGORY_NAMES[category]), category).toEqual([]);
    }
    expect(Object.keys(CCPA_CATEGORY_NAMES).sort()).toEqual([...CCPA_CATEGORIES].sort());
  });

  it('names every special category in all four languages', () => {
    for (const kind of SPECIAL_CATEGORY_KINDS) {
      expect(missingLanguages(SPECIAL_CATEGORY_NAMES[kind]), kind).toEqual([]);
    }
    expect(Object.keys(SPECIAL_CATEGORY_NAMES).sort()).toEqual([...SPECIAL_CATEGORY_KINDS].sort());
  });
});

describe('expandCurie', () => {
  it('expands the pd and dpv prefixes to DPV IRIs', () => {
    expect(expandCurie('pd:EmailAddress')).toBe('https://w3id.org/dpv/pd#EmailAddress');
    expect(expandCurie('dpv:SpecialCategoryPersonalData')).toBe(
      'https://w3id.org/dpv#SpecialCategoryPersonalData',
    );
  });

  it('leaves unknown prefixes and full IRIs unchanged', () => {
    expect(expandCurie('ex:Thing')).toBe('ex:Thing');
    expect(expandCurie('https://w3id.org/dpv#PersonalData')).toBe(
      'https://w3id.org/dpv#PersonalData',
    );
  });
});
