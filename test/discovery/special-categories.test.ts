import { describe, expect, it } from 'vitest';
import {
  detectSpecialCategories,
  guessLanguage,
  MAX_SPECIAL_TEXT,
  redactSpecialCategories,
  SPECIAL_CATEGORIES_SHIPPED,
  SPECIAL_LANGUAGES,
  type SpecialCategory,
  type SpecialCategoryFinding,
} from '../../src/discovery/special-categories.js';
import { HELD_OUT, specialCorpus } from './special-corpus.js';

const categoriesOf = (text: string): SpecialCategory[] =>
  detectSpecialCategories(text).findings.map((f) => f.category);

const passagesOf = (text: string): string[] =>
  detectSpecialCategories(text).findings.flatMap((f) =>
    f.passages.map((p) => text.slice(p.start, p.end)),
  );

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

describe('special categories on the labelled corpus (GDPR Art. 9(1), Art. 10; issue 12)', () => {
  const corpus = specialCorpus(12, 3000);
  const tallies = new Map<string, Tally>();
  const tally = (key: string): Tally => {
    const held = tallies.get(key) ?? { tp: 0, fp: 0, fn: 0 };
    tallies.set(key, held);
    return held;
  };
  for (const item of corpus) {
    const found = new Set(categoriesOf(item.text));
    for (const category of SPECIAL_CATEGORIES_SHIPPED) {
      for (const key of [category, `${category}/${item.language}`]) {
        const t = tally(key);
        if (found.has(category) && item.labels.has(category)) t.tp += 1;
        else if (found.has(category)) t.fp += 1;
        else if (item.labels.has(category)) t.fn += 1;
      }
    }
  }
  const precision = (t: Tally): number => t.tp / (t.tp + t.fp);
  const recall = (t: Tally): number => t.tp / (t.tp + t.fn);

  it('is the same corpus for the same seed, with positives and hard negatives in every language', () => {
    expect(specialCorpus(12, 50).map((t) => t.text)).toEqual(
      corpus.slice(0, 50).map((t) => t.text),
    );
    for (const language of SPECIAL_LANGUAGES) {
      const texts = corpus.filter((t) => t.language === language);
      expect(texts.filter((t) => t.labels.size > 0).length).toBeGreaterThan(100);
      expect(texts.filter((t) => t.labels.size === 0).length).toBeGreaterThan(100);
    }
  });

  // Issue 12: no classifier whose precision on the corpus is below 0.9 ships.
  it.each(SPECIAL_CATEGORIES_SHIPPED)(
    'ships %s only with precision ≥ 0.9 overall and per language',
    (category) => {
      const overall = tally(category);
      expect(overall.tp).toBeGreaterThan(50);
      expect(precision(overall)).toBeGreaterThanOrEqual(0.9);
      for (const language of SPECIAL_LANGUAGES) {
        const t = tally(`${category}/${language}`);
        expect(t.tp).toBeGreaterThan(5);
        expect(precision(t)).toBeGreaterThanOrEqual(0.9);
      }
      // Not a promise of the issue, a guard against a lexicon change that silently loses recall.
      expect(recall(overall)).toBeGreaterThanOrEqual(0.8);
    },
  );

  it('leaves no finding in a redacted text', () => {
    for (const item of corpus.filter((t) => t.labels.size > 0).slice(0, 300)) {
      const scan = detectSpecialCategories(item.text);
      const redacted = redactSpecialCategories(item.text, scan.findings, item.language);
      if (!redacted.ok) throw new Error('redaction refused');
      expect(categoriesOf(redacted.text)).toEqual([]);
    }
  });
});

describe('special categories on held-out sentences', () => {
  // Measured 2026-12-06: precision 0.81, recall 0.50 (13 TP, 3 FP, 13 FN on 48 sentences).
  // A floor, not a goal: it fails when a lexicon change makes unseen text worse.
  it('keeps precision and recall on sentences the lexicon was not written against', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const [text, labels] of HELD_OUT) {
      const found = categoriesOf(text);
      for (const c of found) {
        if (labels.includes(c)) tp += 1;
        else fp += 1;
      }
      fn += labels.filter((c) => !found.includes(c)).length;
    }
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.8);
    expect(tp / (tp + fn)).toBeGreaterThanOrEqual(0.5);
  });
});

describe('detectSpecialCategories', () => {
  it('finds a first- or third-person statement in each language', () => {
    expect(categoriesOf('I have diabetes.')).toEqual(['health']);
    expect(categoriesOf('Ik ben zwanger.')).toEqual(['health']);
    expect(categoriesOf('Il est musulman.')).toEqual(['religion']);
    expect(categoriesOf('Er ist Gewerkschaftsmitglied.')).toEqual(['trade-union']);
  });

  it('gives the offsets of the passage, never its text', () => {
    const text = 'Customer wrote: I have diabetes and take insulin. Deliver before noon.';
    const scan = detectSpecialCategories(text);
    expect(passagesOf(text)).toEqual(['diabetes and take insulin']);
    expect(JSON.stringify(scan)).not.toContain('diabetes');
    expect(JSON.stringify(scan)).not.toContain('insulin');
  });

  it('keeps offsets true across emoji, decomposed accents, ß and umlauts', () => {
    expect(passagesOf('😀😀 I am pregnant')).toEqual(['pregnant']);
    const decomposed = 'Il est diabe\u0301tique.';
    expect(passagesOf(decomposed)).toEqual(['diabe\u0301tique']);
    expect(passagesOf('Meine Tochter hat Migräne.')).toEqual(['Migräne']);
    expect(passagesOf('Er sitzt wegen Trunkenheit am Steuer, sagt seine Frau.')).toEqual([
      'Trunkenheit am Steuer',
    ]);
  });

  it('matches whole words and the stems of compounds, not parts of other words', () => {
    expect(categoriesOf('Grace joined the hivemind channel.')).toEqual([]);
    expect(categoriesOf('Mijn moeder heeft borstkanker.')).toEqual(['health']);
    expect(categoriesOf('Sie ist Gewerkschafterin.')).toEqual(['trade-union']);
  });

  // Decision: a denial still tells something about the person's health (GDPR Art. 9(1)).
  it('reports a denial', () => {
    expect(categoriesOf('I am not pregnant.')).toEqual(['health']);
    expect(categoriesOf('Ik ben geen moslim.')).toEqual(['religion']);
  });

  it('needs a person for a medium word and a second word for a weak one', () => {
    expect(categoriesOf('Allergy season starts in March.')).toEqual([]);
    expect(categoriesOf('My allergy is back.')).toEqual(['health']);
    expect(categoriesOf('Join the union of both lists.')).toEqual([]);
    expect(categoriesOf('The union called a strike for Monday.')).toEqual(['trade-union']);
    const bare = detectSpecialCategories('Diabetes.').findings[0]?.confidence ?? 0;
    const stated = detectSpecialCategories('I have diabetes.').findings[0]?.confidence ?? 0;
    expect(stated).toBeGreaterThan(bare);
  });

  it('drops names of companies, charities and lines of business', () => {
    expect(categoriesOf('We sell health insurance to Christian Dior.')).toEqual([]);
    expect(categoriesOf('De Europese Unie en de Europese Unie.')).toEqual([]);
    expect(categoriesOf('Gift aan het Diabetes Fonds.')).toEqual([]);
    expect(categoriesOf('Order for the birthday party.')).toEqual([]);
    expect(categoriesOf('Une enceinte Bluetooth pour la fête.')).toEqual([]);
    expect(categoriesOf('Der Fingerabdrucksensor ist kaputt.')).toEqual([]);
  });

  it('looks only for the categories asked for', () => {
    const text = 'I have diabetes and a criminal record.';
    expect(categoriesOf(text)).toEqual(['health', 'criminal']);
    expect(
      detectSpecialCategories(text, { categories: ['criminal'] }).findings.map((f) => f.category),
    ).toEqual(['criminal']);
  });

  it('reads a bounded length and says when it stopped', () => {
    const text = `${'a '.repeat(MAX_SPECIAL_TEXT)}I have diabetes.`;
    const scan = detectSpecialCategories(text);
    expect(scan.truncated).toBe(true);
    expect(scan.findings).toEqual([]);
    expect(detectSpecialCategories('I have diabetes.').truncated).toBe(false);
  });

  it('guesses the language of a text', () => {
    expect(guessLanguage('De klant heeft een vraag over de factuur.')).toBe('nl');
    expect(guessLanguage('Le client a une question pour la facture.')).toBe('fr');
    expect(guessLanguage('Der Kunde hat eine Frage und ist nicht da.')).toBe('de');
    expect(guessLanguage('The customer has a question.')).toBe('en');
  });
});

describe('redactSpecialCategories', () => {
  it('replaces each passage with a marker in the language of the text and counts them', () => {
    const text = 'Ik ben zwanger en lid van het ABVV. Graag levering na 17 uur.';
    const scan = detectSpecialCategories(text);
    const result = redactSpecialCategories(text, scan.findings);
    expect(result).toEqual({
      ok: true,
      text: 'Ik ben [verwijderd: gezondheid] en lid van het [verwijderd: vakbondslidmaatschap]. Graag levering na 17 uur.',
      replaced: 2,
      byCategory: { health: 1, 'trade-union': 1 },
    });
  });

  it('writes the marker in each language', () => {
    const marker = (text: string, language: 'en' | 'fr' | 'de'): string => {
      const result = redactSpecialCategories(
        text,
        detectSpecialCategories(text).findings,
        language,
      );
      return result.ok ? result.text : '';
    };
    expect(marker('I have diabetes.', 'en')).toBe('I have [removed: health].');
    expect(marker('Il est musulman.', 'fr')).toBe('Il est [supprimé: religion ou convictions].');
    expect(marker('Er ist vorbestraft.', 'de')).toBe('Er ist [entfernt: Straftaten].');
  });

  it('joins overlapping passages into one marker naming each category', () => {
    const findings: SpecialCategoryFinding[] = [
      { category: 'health', confidence: 0.9, passages: [{ start: 2, end: 10, confidence: 0.9 }] },
      { category: 'genetic', confidence: 0.9, passages: [{ start: 6, end: 14, confidence: 0.9 }] },
    ];
    const result = redactSpecialCategories('a xxxxxxxxxxxx b', findings, 'en');
    expect(result).toEqual({
      ok: true,
      text: 'a [removed: health, genetic data] b',
      replaced: 1,
      byCategory: { health: 1, genetic: 1 },
    });
  });

  it('refuses findings whose passages lie outside the text', () => {
    const findings: SpecialCategoryFinding[] = [
      { category: 'health', confidence: 0.9, passages: [{ start: 5, end: 40, confidence: 0.9 }] },
    ];
    expect(redactSpecialCategories('short text', findings)).toEqual({
      ok: false,
      issue: 'passage-outside-text',
    });
  });

  it('returns the text unchanged when nothing was found', () => {
    expect(redactSpecialCategories('Deliver after 5 pm.', [])).toEqual({
      ok: true,
      text: 'Deliver after 5 pm.',
      replaced: 0,
      byCategory: {},
    });
  });
});
