/**
 * The data map (`privacy.yaml`): what an organisation processes and promises.
 *
 * Controller = decides why and how; processor = acts on a controller's behalf.
 * Purpose = one processing activity with its legal basis, subjects, categories, retention and recipients.
 * Recipient = anyone data is disclosed to; transfer = a disclosure outside the EEA, with its safeguard.
 * Category = a kind of personal data, from the built-in taxonomy (mapped to W3C DPV) or declared.
 * Jurisdiction = a law in force (GDPR, CCPA, ...) with its rights and channels.
 * Commitment = a notice sentence with legal weight; from a map field, or a default `check` shows as an assumption.
 *
 * Pure: no I/O beyond reading the file in `loadFile`.
 */
export { check } from './check.js';
export {
  advertisingDisclosures,
  COMMITMENT_DEFAULTS,
  effectiveSale,
  requiresAppeal,
  type AdvertisingDisclosure,
  type EffectiveSale,
} from './commitments.js';
export {
  crossingArcs,
  crossingReferences,
  holdsPersonalData,
  unreachableCollections,
  type CollectionAt,
  type ReferenceAt,
  type SearchArc,
  type SearchEdge,
} from './datastore-reach.js';
export { durationDays, parseDuration, type DurationParts } from './duration.js';
export { collectionPeriod, purposeMaximum, type RetentionPeriod } from './retention.js';
export { formatDiagnostic } from './finding.js';
export type { Diagnostic, Finding, PathSegment, Severity } from './finding.js';
export {
  ADEQUACY,
  countryName,
  EEA_COUNTRIES,
  EU_COUNTRIES,
  expandRegion,
  isAdequate,
  isInEea,
  type Regime,
} from './geography.js';
export {
  appealPeriod,
  extendable,
  isoPeriod,
  LAW_CATALOG,
  RESPONSE_PERIOD,
  RIGHTS_BY_LAW,
  rightsOf,
  type LawClock,
  type LawFacts,
  type Period,
} from './laws.js';
export { loadFile, loadSource, type Includes, type LoadedMap, type Position } from './load.js';
export { RULES, runRules, type Rule } from './rules.js';
export { dataMapJsonSchema } from './json-schema.js';
export {
  ART9_CONDITIONS,
  CHANNEL_TYPES,
  DataMap,
  Datastore,
  DEROGATIONS,
  ERASE_STRATEGIES,
  LANGUAGES,
  LAWS,
  LEGAL_BASES,
  PURGE_MODES,
  purgeMode,
  RECIPIENT_TYPES,
  RETENTION_EVENTS,
  RIGHTS,
  SECURITY_MEASURES,
  SOURCE_TYPES,
  TRANSFER_MECHANISMS,
  US_LAWS,
  type Address,
  type Controller,
  type DataMapInput,
  type DatastoreCollection,
  type DatastoreField,
  type DatastoreReference,
  type EraseStrategy,
  type LegalHold,
  OWN_RECORD_KEYS,
  type OwnRecords,
  type CollectionRetention,
  type RetentionStart,
  type Jurisdiction,
  type Language,
  type LegalBasis,
  type Law,
  type Purpose,
  type PurgeMode,
  type Recipient,
  type Right,
  type Text,
} from './schema.js';
export {
  BUILT_IN_CATEGORIES,
  CCPA_CATEGORIES,
  CCPA_CATEGORY_NAMES,
  SPECIAL_CATEGORY_NAMES,
  expandCurie,
  type CategoryDefinition,
  type CcpaCategory,
  type SpecialCategoryKind,
} from './taxonomy.js';
export { localize, missingLanguages } from './text.js';
export {
  controllerFor,
  categoryCycles,
  controllersOf,
  isWithinCategory,
  hasUsLaw,
  isUsLaw,
  purposesOf,
  recipientCountries,
  recipientsOf,
  resolveCategory,
  transferRegimes,
  transfers,
  usedCategories,
  type ResolvedCategory,
  type Transfer,
} from './views.js';
