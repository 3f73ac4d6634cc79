import {
  LANGUAGE_HINTS,
  LEXICON,
  PERSON_CUES,
  REDACTION_MARKERS,
  SPECIAL_CATEGORY_IDS,
  SPECIAL_LANGUAGES,
  SUPPRESSIONS,
  type SpecialCategory,
  type SpecialLanguage,
  type Strength,
} from './special-lexicon.js';

export { SPECIAL_CATEGORY_IDS, SPECIAL_LANGUAGES, type SpecialCategory, type SpecialLanguage };

/**
 * The categories this classifier ships: each reached precision ≥ 0.9 on the labelled corpus
 * (test/discovery/special-categories.test.ts; issue 12: no classifier below 0.9 ships).
 */
export const SPECIAL_CATEGORIES_SHIPPED: readonly SpecialCategory[] = SPECIAL_CATEGORY_IDS;

/** The longest text scanned; the rest of a longer text is not read (`truncated`). */
export const MAX_SPECIAL_TEXT = 100_000;

/** The confidence from which a passage is reported, unless the caller asks otherwise. */
export const DEFAULT_MIN_CONFIDENCE = 0.55;

/** Where a passage lies: UTF-16 offsets into the text, `end` exclusive, as `String#slice` takes them. */
export interface SpecialPassage {
  readonly start: number;
  readonly end: number;
  readonly confidence: number;
}

/** One category found in a text: its best confidence and every passage that reveals it. */
export interface SpecialCategoryFinding {
  readonly category: SpecialCategory;
  readonly confidence: number;
  readonly passages: readonly SpecialPassage[];
}

/** What `detectSpecialCategories` found. Offsets only: never the passage text. */
export interface SpecialCategoryScan {
  readonly findings: readonly SpecialCategoryFinding[];
  /** The language whose stop words the text uses most (for the redaction marker). */
  readonly language: SpecialLanguage;
  /** True when the text was longer than MAX_SPECIAL_TEXT and only its start was read. */
  readonly truncated: boolean;
}

export interface DetectOptions {
  readonly minConfidence?: number;
  readonly categories?: readonly SpecialCategory[];
}

interface Token {
  readonly norm: string;
  readonly start: number;
  readonly end: number;
  readonly sentence: number;
}

type WordMatcher = { readonly kind: 'exact' | 'prefix' | 'suffix'; readonly text: string };

interface Entry {
  readonly category: SpecialCategory;
  readonly strength: Strength;
  readonly words: readonly WordMatcher[];
}

interface Suppression {
  readonly only: SpecialCategory | null;
  readonly words: readonly WordMatcher[];
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;
const COMBINING_MARKS = /\p{M}/gu;
const SENTENCE_END = new Set(['.', '!', '?', ';', '\n', '\r', '•']);

const BASE: Record<Strength, number> = { strong: 0.7, medium: 0.4, weak: 0.25 };
const CUE_BONUS: Record<Strength, number> = { strong: 0.2, medium: 0.25, weak: 0.15 };
/** How many words from a term a person cue may stand. */
const CUE_WINDOW = 8;
/** Terms of one category at most this many words apart form one passage. */
const MERGE_GAP = 3;

function matcher(word: string): WordMatcher {
  if (word.endsWith('*')) return { kind: 'prefix', text: word.slice(0, -1) };
  if (word.startsWith('*')) return { kind: 'suffix', text: word.slice(1) };
  return { kind: 'exact', text: word };
}

function wordsOf(phrase: string): WordMatcher[] {
  return phrase.split(' ').map(matcher);
}

function compileEntries(): { byFirst: Map<string, Entry[]>; wild: Entry[] } {
  const byFirst = new Map<string, Entry[]>();
  const wild: Entry[] = [];
  for (const category of SPECIAL_CATEGORY_IDS) {
    for (const language of SPECIAL_LANGUAGES) {
      const words = LEXICON[category][language];
      for (const strength of ['strong', 'medium', 'weak'] as const) {
        const list = words[strength];
        if (list === undefined) continue;
        for (const phrase of list.split('|')) {
          const entry: Entry = { category, strength, words: wordsOf(phrase) };
          const first = entry.words[0];
          if (first === undefined) continue;
          if (first.kind === 'exact') {
            const same = byFirst.get(first.text) ?? [];
            same.push(entry);
            byFirst.set(first.text, same);
          } else wild.push(entry);
        }
      }
    }
  }
  return { byFirst, wild };
}

const ENTRIES = compileEntries();
const CUES = new Set(PERSON_CUES);

function normaliseChar(ch: string): string {
  if (ch === 'ß') return 'ss';
  return ch.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** Splits a text into lower-case words without diacritics, keeping each word's offsets. */
function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  let norm = '';
  let start = -1;
  let end = -1;
  let sentence = 0;
  const close = (): void => {
    if (start >= 0 && norm !== '') tokens.push({ norm, start, end, sentence });
    norm = '';
    start = -1;
  };
  let i = 0;
  while (i < text.length) {
    const code = text.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(code);
    const next = i + ch.length;
    if (WORD_CHAR.test(ch)) {
      if (start < 0) start = i;
      norm += normaliseChar(ch);
      end = next;
    } else if (MARK.test(ch) && start >= 0) {
      // A combining accent of a decomposed letter belongs to its word and adds nothing to it.
      end = next;
    } else {
      close();
      if (SENTENCE_END.has(ch)) sentence += 1;
    }
    i = next;
  }
  close();
  return tokens;
}

/** The suppressions of the lexicon, and the redaction markers: a redacted text scans clean. */
const SUPPRESSION_LIST: readonly Suppression[] = [
  ...SUPPRESSIONS.map(({ phrase, only }) => ({ only, words: wordsOf(phrase) })),
  ...SPECIAL_LANGUAGES.flatMap((language) => {
    const marker = REDACTION_MARKERS[language];
    return SPECIAL_CATEGORY_IDS.map((category) => ({
      only: null,
      words: tokenise(`${marker.word} ${marker.names[category]}`).map((t): WordMatcher => ({
        kind: 'exact',
        text: t.norm,
      })),
    }));
  }),
];

/** The suppressions by their first word, so each word of a text is checked against a few. */
const SUPPRESSIONS_BY_FIRST = new Map<string, Suppression[]>();
const SUPPRESSIONS_WILD: Suppression[] = [];
for (const suppression of SUPPRESSION_LIST) {
  const first = suppression.words[0];
  if (first === undefined) continue;
  if (first.kind === 'exact') {
    const same = SUPPRESSIONS_BY_FIRST.get(first.text) ?? [];
    same.push(suppression);
    SUPPRESSIONS_BY_FIRST.set(first.text, same);
  } else SUPPRESSIONS_WILD.push(suppression);
}

function wordMatches(word: WordMatcher, token: Token | undefined): boolean {
  if (token === undefined) return false;
  switch (word.kind) {
    case 'exact':
      return token.norm === word.text;
    case 'prefix':
      return token.norm.startsWith(word.text);
    case 'suffix':
      // "*kanker" matches "borstkanker", never "kanker" itself (the exact entry does that).
      return token.norm.length > word.text.length && token.norm.endsWith(word.text);
  }
}

/** The number of tokens the phrase covers from `at`, or 0; a phrase never spans two sentences. */
function phraseLength(words: readonly WordMatcher[], tokens: readonly Token[], at: number): number {
  const first = tokens[at];
  if (first === undefined) return 0;
  for (let k = 0; k < words.length; k += 1) {
    const token = tokens[at + k];
    const word = words[k];
    if (word === undefined || token === undefined || token.sentence !== first.sentence) return 0;
    if (!wordMatches(word, token)) return 0;
  }
  return words.length;
}

interface Hit {
  readonly category: SpecialCategory;
  readonly strength: Strength;
  readonly from: number;
  /** Exclusive token index. */
  readonly to: number;
}

function findHits(tokens: readonly Token[], wanted: ReadonlySet<SpecialCategory>): Hit[] {
  const suppressed: { from: number; to: number; only: SpecialCategory | null }[] = [];
  const hits: Hit[] = [];
  for (let at = 0; at < tokens.length; at += 1) {
    const token = tokens[at];
    if (token === undefined) continue;
    for (const s of [...(SUPPRESSIONS_BY_FIRST.get(token.norm) ?? []), ...SUPPRESSIONS_WILD]) {
      const length = phraseLength(s.words, tokens, at);
      if (length > 0) suppressed.push({ from: at, to: at + length, only: s.only });
    }
    const candidates = [...(ENTRIES.byFirst.get(token.norm) ?? []), ...ENTRIES.wild];
    // The longest phrase per category wins where phrases start at the same word ("sick leave"
    // over "sick").
    const best = new Map<SpecialCategory, Hit>();
    for (const entry of candidates) {
      if (!wanted.has(entry.category)) continue;
      const length = phraseLength(entry.words, tokens, at);
      if (length === 0) continue;
      const held = best.get(entry.category);
      const hit = { category: entry.category, strength: entry.strength, from: at, to: at + length };
      if (
        held === undefined ||
        length > held.to - held.from ||
        (length === held.to - held.from && BASE[entry.strength] > BASE[held.strength])
      ) {
        best.set(entry.category, hit);
      }
    }
    hits.push(...best.values());
  }
  const kept = hits.filter(
    (hit) =>
      !suppressed.some(
        (s) => (s.only === null || s.only === hit.category) && s.from < hit.to && hit.from < s.to,
      ),
  );
  // A phrase inside a longer phrase of the same category ("union" in "trade union") is one hit.
  return kept.filter(
    (hit) =>
      !kept.some(
        (other) =>
          other !== hit &&
          other.category === hit.category &&
          other.from <= hit.from &&
          hit.to <= other.to &&
          other.to - other.from > hit.to - hit.from,
      ),
  );
}

function hasPersonCue(tokens: readonly Token[], hit: Hit): boolean {
  const sentence = tokens[hit.from]?.sentence;
  const from = Math.max(0, hit.from - CUE_WINDOW);
  const to = Math.min(tokens.length, hit.to + CUE_WINDOW);
  for (let k = from; k < to; k += 1) {
    const token = tokens[k];
    if (k >= hit.from && k < hit.to) continue;
    if (token !== undefined && token.sentence === sentence && CUES.has(token.norm)) return true;
  }
  return false;
}

const round = (value: number): number => Math.round(value * 100) / 100;

/** The language of the four whose common words the text uses most; English on a tie. */
export function guessLanguage(text: string): SpecialLanguage {
  const tokens = tokenise(text.slice(0, MAX_SPECIAL_TEXT));
  let best: SpecialLanguage = 'en';
  let bestCount = 0;
  for (const language of SPECIAL_LANGUAGES) {
    const hints = new Set(LANGUAGE_HINTS[language]);
    const count = tokens.filter((t) => hints.has(t.norm)).length;
    if (count > bestCount) {
      best = language;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Finds the special categories of personal data (GDPR Art. 9(1)) and criminal data (Art. 10) a
 * free text reveals, in English, Dutch, French or German, with the offsets of each passage.
 *
 * A statement about a person ("I have diabetes", "ik ben zwanger") scores higher than a bare
 * word; a denial ("I am not pregnant") still reveals the category and is reported.
 *
 * @example detectSpecialCategories('Ik ben zwanger.').findings[0]?.category // 'health'
 */
export function detectSpecialCategories(
  text: string,
  options: DetectOptions = {},
): SpecialCategoryScan {
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const wanted = new Set(options.categories ?? SPECIAL_CATEGORIES_SHIPPED);
  const truncated = text.length > MAX_SPECIAL_TEXT;
  let scanned = truncated ? text.slice(0, MAX_SPECIAL_TEXT) : text;
  // Never cut a surrogate pair in half.
  const last = scanned.charCodeAt(scanned.length - 1);
  if (truncated && last >= 0xd800 && last <= 0xdbff) scanned = scanned.slice(0, -1);
  const tokens = tokenise(scanned);
  const hits = findHits(tokens, wanted);

  // Score each category per sentence: the terms combine as independent evidence.
  const groups = new Map<string, Hit[]>();
  for (const hit of hits) {
    const key = `${hit.category}:${tokens[hit.from]?.sentence ?? 0}`;
    const group = groups.get(key) ?? [];
    group.push(hit);
    groups.set(key, group);
  }
  const passages = new Map<SpecialCategory, SpecialPassage[]>();
  for (const group of groups.values()) {
    let miss = 1;
    for (const hit of group) {
      const score = BASE[hit.strength] + (hasPersonCue(tokens, hit) ? CUE_BONUS[hit.strength] : 0);
      miss *= 1 - Math.min(score, 0.98);
    }
    const confidence = round(1 - miss);
    const first = group[0];
    if (first === undefined || confidence < minConfidence) continue;
    const sorted = [...group].sort((a, b) => a.from - b.from);
    const list = passages.get(first.category) ?? [];
    let open: { from: number; to: number } | undefined;
    const flush = (): void => {
      if (open === undefined) return;
      const start = tokens[open.from]?.start ?? 0;
      const end = tokens[open.to - 1]?.end ?? start;
      list.push({ start, end, confidence });
    };
    for (const hit of sorted) {
      if (open !== undefined && hit.from - open.to <= MERGE_GAP) {
        open.to = Math.max(open.to, hit.to);
      } else {
        flush();
        open = { from: hit.from, to: hit.to };
      }
    }
    flush();
    passages.set(first.category, list);
  }

  const findings: SpecialCategoryFinding[] = [];
  for (const category of SPECIAL_CATEGORY_IDS) {
    const list = passages.get(category);
    if (list === undefined || list.length === 0) continue;
    list.sort((a, b) => a.start - b.start);
    findings.push({
      category,
      confidence: Math.max(...list.map((p) => p.confidence)),
      passages: list,
    });
  }
  return { findings, language: guessLanguage(scanned), truncated };
}

/** What `redactSpecialCategories` did: the new text and how many passages of each category went. */
export type RedactionResult =
  | {
      readonly ok: true;
      readonly text: string;
      /** Stretches of text replaced (overlapping passages count once). */
      readonly replaced: number;
      readonly byCategory: Partial<Record<SpecialCategory, number>>;
    }
  | { readonly ok: false; readonly issue: 'passage-outside-text' };

/**
 * Replaces every passage of the findings with a marker in the text's language, e.g.
 * `[removed: health]`, for the `specialCategories: purge` flow (GDPR Art. 9(1); a policy's promise
 * to delete special-category data on receipt). Overlapping passages become one marker naming
 * each category. A passage outside the text (findings of another text) is refused, not skipped.
 */
export function redactSpecialCategories(
  text: string,
  findings: readonly SpecialCategoryFinding[],
  language: SpecialLanguage = guessLanguage(text),
): RedactionResult {
  const spans: { start: number; end: number; categories: SpecialCategory[] }[] = [];
  const byCategory: Partial<Record<SpecialCategory, number>> = {};
  for (const finding of findings) {
    for (const p of finding.passages) {
      if (
        !Number.isInteger(p.start) ||
        !Number.isInteger(p.end) ||
        p.start < 0 ||
        p.end > text.length ||
        p.start >= p.end
      ) {
        return { ok: false, issue: 'passage-outside-text' };
      }
      spans.push({ start: p.start, end: p.end, categories: [finding.category] });
      byCategory[finding.category] = (byCategory[finding.category] ?? 0) + 1;
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: typeof spans = [];
  for (const span of spans) {
    const previous = merged[merged.length - 1];
    if (previous !== undefined && span.start < previous.end) {
      previous.end = Math.max(previous.end, span.end);
      for (const c of span.categories) {
        if (!previous.categories.includes(c)) previous.categories.push(c);
      }
    } else merged.push({ ...span, categories: [...span.categories] });
  }
  const marker = REDACTION_MARKERS[language];
  let out = '';
  let at = 0;
  for (const span of merged) {
    const names = SPECIAL_CATEGORY_IDS.filter((c) => span.categories.includes(c)).map(
      (c) => marker.names[c],
    );
    out += `${text.slice(at, span.start)}[${marker.word}: ${names.join(', ')}]`;
    at = span.end;
  }
  out += text.slice(at);
  return { ok: true, text: out, replaced: merged.length, byCategory };
}
