/**
 * The value classifiers of the discovery scan: pure functions that say what a sampled value or
 * column looks like, without a database.
 *
 * Value = one cell's text as the database returns it. Kind = what it was recognised as (email,
 * IBAN, Belgian rijksregisternummer, …), with a confidence 0..1. Hint = what the column's name
 * suggests (`geboortedatum` → birth). Column classification = the kind a share of a column's
 * sampled values match, with counts, never values. Corpus = generated, labelled values and columns
 * (valid numbers, near-misses with wrong check digits, columns without personal data) on which
 * precision and recall are measured (docs/discovery.md).
 *
 * Purged field = a free-text field declared `specialCategories: purge`: its new rows are scanned
 * on arrival (arrivals), findings go on the review list (a row of `special_findings`, by the row's
 * primary key, never its text) and are redacted or dismissed; watermark = the primary key of the
 * last row scanned (docs/discovery-special.md).
 */
export {
  VALUE_KINDS,
  KIND_CATEGORY,
  isPersonalKind,
  type ValueKind,
  type ValueMatch,
} from './kinds.js';
export { columnHint, columnWords, type ColumnHint } from './column-hint.js';
export {
  elfproefValid,
  ibanMod97,
  iso7064Mod1110CheckDigit,
  luhnCheckDigit,
  luhnValid,
  mod97,
} from './checksums.js';
export { classifyEmail } from './email.js';
export { classifyPhone } from './phone.js';
export { classifyIban } from './iban.js';
export { classifyPaymentCard } from './payment-card.js';
export {
  classifyBelgianId,
  classifyDutchId,
  classifyFrenchId,
  classifyGermanId,
} from './national-id.js';
export { classifyIpAddress } from './ip-address.js';
export { classifyDate, parseCalendarDate } from './date-of-birth.js';
export { classifyPersonName } from './person-name.js';
export {
  bestMatch,
  classifyValue,
  MAX_VALUE_LENGTH,
  type ClassifyOptions,
} from './classify-value.js';
export {
  classifyColumn,
  COLUMN_MATCH_SHARE,
  COLUMN_SAMPLE_LIMIT,
  type ColumnClassification,
} from './classify-column.js';
export { generateCorpus, type CorpusColumn, type CorpusValue, type Corpus } from './corpus.js';
export { measureClassifiers, type Score, type Scores } from './measure.js';
// Special categories of data (GDPR Art. 9(1), Art. 10) in free text: docs/discovery-special.md.
export {
  DEFAULT_MIN_CONFIDENCE,
  detectSpecialCategories,
  guessLanguage,
  MAX_SPECIAL_TEXT,
  redactSpecialCategories,
  SPECIAL_CATEGORIES_SHIPPED,
  SPECIAL_CATEGORY_IDS,
  SPECIAL_LANGUAGES,
  type DetectOptions,
  type RedactionResult,
  type SpecialCategory,
  type SpecialCategoryFinding,
  type SpecialCategoryScan,
  type SpecialLanguage,
  type SpecialPassage,
} from './special-categories.js';
// `specialCategories: purge`: scan on arrival, review list, redaction (docs/discovery-special.md).
export {
  ARRIVAL_PAGE_ROWS,
  ARRIVAL_PAGES_PER_RUN,
  scanArrivals,
  type ArrivalsContext,
  type ArrivalsOptions,
  type ArrivalsReport,
  type FieldPass,
} from './arrivals.js';
export {
  ARRIVALS_EVERY_MS,
  ARRIVALS_QUEUE,
  arrivalsInterval,
  startArrivalScans,
  type ArrivalScansOptions,
} from './arrival-scans.js';
export {
  dismissFinding,
  FINDING_STATUSES,
  MAX_REASON,
  PURGE_MIN_CONFIDENCE,
  purgedFields,
  redactFinding,
  specialFinding,
  specialFindings,
  type FindingStatus,
  type PurgedField,
  type ReviewContext,
  type RowRedaction,
  type SpecialFinding,
} from './review-list.js';
