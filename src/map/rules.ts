import { expandRegion, type Regime } from './geography.js';
import type { Finding, PathSegment, Severity } from './finding.js';
import {
  crossingReferences,
  holdsPersonalData,
  unreachableCollections,
} from './datastore-reach.js';
import { durationDays } from './duration.js';
import { RESPONSE_PERIOD } from './laws.js';
import { APPEAL_CITATION, ASSUMPTION_RULES, effectiveSale, requiresAppeal } from './commitments.js';
import { OWN_RECORD_KEYS, purgeMode, type DataMap, type Language, type Text } from './schema.js';
import { missingLanguages } from './text.js';
import { collectionPeriod, purposeMaximum } from './retention.js';
import {
  categoryCycles,
  isUsLaw,
  isWithinCategory,
  recipientCountries,
  resolveCategory,
  transferRegimes,
  transfers,
} from './views.js';
import { isInEea } from './geography.js';

/** A policy rule: a stable id, what it enforces, and the check itself. */
export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  /** The legal provision it operationalises, for docs and `check --rules`. */
  readonly law: string;
  readonly summary: string;
  readonly check: (map: DataMap) => Iterable<RuleHit>;
}

/** One hit of a rule: where and what; severity and id come from the rule. */
export interface RuleHit {
  readonly path: readonly PathSegment[];
  readonly message: string;
  /**
   * The law the hit is found under, when the same hit can come from several laws: hits of one rule
   * at one path with one message are reported once, naming every law.
   */
  readonly law?: string;
}

const hit = (path: readonly PathSegment[], message: string, law?: string): RuleHit =>
  law === undefined ? { path, message } : { path, message, law };

/** Every reference in the map, with the kind of thing it must name. */
function* references(map: DataMap): Generator<{ path: PathSegment[]; kind: RefKind; id: string }> {
  const each = function* (ids: readonly string[] | undefined, path: PathSegment[], kind: RefKind) {
    for (const [index, id] of (ids ?? []).entries()) yield { path: [...path, index], kind, id };
  };
  for (const [c, controller] of map.organisation.controllers.entries()) {
    if (controller.supervisoryAuthority !== undefined) {
      yield {
        path: ['organisation', 'controllers', c, 'supervisoryAuthority'],
        kind: 'authority',
        id: controller.supervisoryAuthority,
      };
    }
  }
  yield* each(
    map.organisation.processor?.entities,
    ['organisation', 'processor', 'entities'],
    'controller',
  );
  for (const [a, activity] of (map.organisation.processor?.activities ?? []).entries()) {
    const base: PathSegment[] = ['organisation', 'processor', 'activities', a];
    yield* each(activity.categories, [...base, 'categories'], 'category');
    yield* each(activity.subProcessors, [...base, 'subProcessors'], 'recipient');
  }
  for (const [c, category] of map.categories.entries()) {
    if (category.parent !== undefined)
      yield { path: ['categories', c, 'parent'], kind: 'category', id: category.parent };
  }
  for (const [p, purpose] of map.purposes.entries()) {
    const base: PathSegment[] = ['purposes', p];
    yield* each(purpose.subjects, [...base, 'subjects'], 'subject');
    yield* each(purpose.categories, [...base, 'categories'], 'category');
    yield* each(purpose.sources, [...base, 'sources'], 'source');
    yield* each(purpose.recipients, [...base, 'recipients'], 'recipient');
    yield* each(purpose.consent?.withdrawal, [...base, 'consent', 'withdrawal'], 'channel');
    yield* each(purpose.softOptIn?.subjects, [...base, 'softOptIn', 'subjects'], 'subject');
    yield* each(purpose.objection, [...base, 'objection'], 'channel');
    yield* each(purpose.controllers, [...base, 'controllers'], 'controller');
  }
  for (const [r, recipient] of map.recipients.entries()) {
    yield* each(recipient.controllers, ['recipients', r, 'controllers'], 'controller');
  }
  for (const [j, jurisdiction] of map.jurisdictions.entries()) {
    const base: PathSegment[] = ['jurisdictions', j];
    if (jurisdiction.controller !== undefined) {
      yield { path: [...base, 'controller'], kind: 'controller', id: jurisdiction.controller };
    }
    yield* each(jurisdiction.channels, [...base, 'channels'], 'channel');
    yield* each(jurisdiction.appeal, [...base, 'appeal'], 'channel');
    yield* each(jurisdiction.sale?.categories, [...base, 'sale', 'categories'], 'category');
    yield* each(jurisdiction.sale?.recipients, [...base, 'sale', 'recipients'], 'recipient');
    yield* each(jurisdiction.sale?.optOut, [...base, 'sale', 'optOut'], 'channel');
    yield* each(jurisdiction.limitUse, [...base, 'limitUse'], 'channel');
  }
  for (const [c, cookie] of map.cookies.entries()) {
    yield { path: ['cookies', c, 'purpose'], kind: 'purpose', id: cookie.purpose };
  }
  for (const [r, residency] of map.residency.entries()) {
    yield* each(residency.categories, ['residency', r, 'categories'], 'category');
  }
  for (const [d, datastore] of map.datastores.entries()) {
    for (const [c, collection] of datastore.collections.entries()) {
      for (const [f, field] of collection.fields.entries()) {
        const path = ['datastores', d, 'collections', c, 'fields', f, 'categories'];
        yield* each(field.categories, path, 'category');
      }
      const retentionPath = ['datastores', d, 'collections', c, 'retention', 'purposes'];
      yield* each(collection.retention?.purposes, retentionPath, 'purpose');
    }
  }
}

/**
 * The columns a collection declares: its key, its fields, its reference columns and its flag.
 * A reference may only point at these, so a typo cannot silently match nothing.
 */
function declaredColumns(
  collection: DataMap['datastores'][number]['collections'][number],
): Set<string> {
  return new Set([
    ...collection.primaryKey,
    ...collection.fields.map((field) => field.name),
    ...collection.references.flatMap((reference) => reference.fields),
    ...(collection.restrictionFlag === undefined ? [] : [collection.restrictionFlag]),
  ]);
}

type RefKind =
  | 'authority'
  | 'category'
  | 'channel'
  | 'controller'
  | 'purpose'
  | 'recipient'
  | 'source'
  | 'subject';

function idsOf(map: DataMap, kind: RefKind): Set<string> {
  switch (kind) {
    case 'authority':
      return new Set(map.authorities.map((item) => item.id));
    case 'category':
      return new Set(map.categories.map((item) => item.id));
    case 'channel':
      return new Set(map.channels.map((item) => item.id));
    case 'controller':
      return new Set(map.organisation.controllers.map((item) => item.id));
    case 'purpose':
      return new Set(map.purposes.map((item) => item.id));
    case 'recipient':
      return new Set(map.recipients.map((item) => item.id));
    case 'source':
      return new Set(map.sources.map((item) => item.id));
    case 'subject':
      return new Set(map.subjects.map((item) => item.id));
  }
}

/** Every free text in the map, with its path, for the language rule. */
function* texts(
  value: unknown,
  path: PathSegment[],
): Generator<{ path: PathSegment[]; text: Text }> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* texts(item, [...path, index]);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const entries = Object.entries(value);
  const isText =
    entries.length > 0 &&
    entries.every(([key, v]) => ['en', 'nl', 'fr', 'de'].includes(key) && typeof v === 'string');
  if (isText) {
    yield { path, text: value };
    return;
  }
  for (const [key, item] of entries) yield* texts(item, [...path, key]);
}

/** Whether a declared safeguard is one the regime recognises (GDPR Art. 46-49; UK GDPR Art. 46, s.119A DPA 2018). */
function coversRegime(
  safeguard: NonNullable<DataMap['recipients'][number]['transfer']>,
  regime: Regime,
): boolean {
  switch (safeguard.mechanism) {
    case 'adequacy': // the country was found not adequate for this recipient
      return false;
    case 'scc':
      return regime === 'gdpr' || safeguard.ukAddendum === true;
    case 'uk-idta':
      return regime === 'uk-gdpr';
    case 'dpf': // the UK Extension covers the same certified companies; dpf-scope checks the rest
    case 'bcr':
    case 'code-of-conduct':
    case 'certification':
    case 'derogation':
      return true;
  }
}

/** The longest a duration can last (months of 31 days). */
const maxDays = (duration: string): number => durationDays(duration, 'longest');
/** The shortest a duration can last (months of 28 days). */
const minDays = (duration: string): number => durationDays(duration, 'shortest');

function placesCover(within: readonly string[], country: string): boolean {
  return within.some((place) => expandRegion(place).includes(country));
}

const isEuropean = (law: string): boolean => law === 'gdpr' || law === 'uk-gdpr';

/**
 * Phrases that leave the retention period to the controller's judgement, in the notice languages.
 * Plain substrings of the lower-cased text: no pattern that could backtrack.
 */
const VAGUE_RETENTION = [
  'as long as necessary',
  'as long as needed',
  'as long as required',
  'as long as we need',
  'indefinitely',
  'indefinite period',
  'no longer needed',
  'no longer necessary',
  'no longer required',
  'reasonable period',
  'reasonable time',
  'as appropriate',
  'permanently',
  'forever',
  'zolang nodig',
  'zo lang als nodig',
  'zolang als nodig',
  'onbepaalde tijd',
  'niet langer nodig',
  'redelijke termijn',
  'aussi longtemps que nécessaire',
  'le temps nécessaire',
  'durée indéterminée',
  'indéfiniment',
  'plus nécessaire',
  'délai raisonnable',
  'solange erforderlich',
  'solange nötig',
  'so lange wie nötig',
  'so lange wie erforderlich',
  'unbegrenzt',
  'unbefristet',
  'nicht mehr erforderlich',
  'angemessene frist',
  'angemessenen zeitraum',
] as const;

function vaguePhrase(text: string): string | undefined {
  const lower = text.toLowerCase();
  return VAGUE_RETENTION.find((phrase) => lower.includes(phrase));
}

export const RULES: readonly Rule[] = [
  {
    id: 'reference.unknown',
    severity: 'error',
    law: 'GDPR Art. 30(1)',
    summary: 'Every id a section refers to is declared (categories may also be built-in).',
    *check(map) {
      const known = new Map<RefKind, Set<string>>();
      for (const ref of references(map)) {
        let ids = known.get(ref.kind);
        if (!ids) {
          ids = idsOf(map, ref.kind);
          known.set(ref.kind, ids);
        }
        if (ids.has(ref.id)) continue;
        if (ref.kind === 'category' && resolveCategory(map, ref.id)) continue;
        yield hit(ref.path, `unknown ${ref.kind} "${ref.id}"${suggest(ref.id, ids)}`);
      }
      for (const id of categoryCycles(map)) {
        const c = map.categories.findIndex((category) => category.id === id);
        yield hit(
          ['categories', c, 'parent'],
          `category "${id}" is its own ancestor through parent`,
        );
      }
    },
  },
  {
    id: 'reference.duplicate',
    severity: 'error',
    law: 'GDPR Art. 30(1)',
    summary: 'Ids are unique within their section.',
    *check(map) {
      const sections = [
        ['subjects', map.subjects],
        ['categories', map.categories],
        ['sources', map.sources],
        ['purposes', map.purposes],
        ['recipients', map.recipients],
        ['channels', map.channels],
        ['authorities', map.authorities],
        ['residency', map.residency],
        ['organisation.controllers', map.organisation.controllers],
        ['organisation.processor.activities', map.organisation.processor?.activities ?? []],
        ['notice.sections', map.notice.sections],
        ['datastores', map.datastores],
      ] as const;
      for (const [section, items] of sections) {
        const seen = new Set<string>();
        for (const [index, item] of items.entries()) {
          if (seen.has(item.id))
            yield hit(
              [...section.split('.'), index, 'id'],
              `"${item.id}" is declared twice in ${section}`,
            );
          seen.add(item.id);
        }
      }
      for (const [d, datastore] of map.datastores.entries()) {
        const seen = new Set<string>();
        for (const [c, collection] of datastore.collections.entries()) {
          const name = `${collection.schema ?? ''}.${collection.name}`;
          if (seen.has(name))
            yield hit(
              ['datastores', d, 'collections', c, 'name'],
              `collection "${collection.name}" is declared twice in datastore "${datastore.id}"`,
            );
          seen.add(name);
        }
      }
    },
  },
  {
    id: 'purpose.legal-basis',
    severity: 'error',
    law: 'GDPR Art. 6(1)',
    summary: 'Every purpose has one of the six legal bases.',
    *check(map) {
      for (const [p, purpose] of map.purposes.entries()) {
        if (purpose.legalBasis === undefined) {
          yield hit(['purposes', p], `purpose "${purpose.id}" has no legalBasis (GDPR Art. 6(1))`);
        }
      }
    },
  },
  {
    id: 'purpose.retention',
    severity: 'error',
    law: 'GDPR Art. 5(1)(e), 13(2)(a)',
    summary: 'Every purpose states a retention period or the criteria that decide it.',
    *check(map) {
      for (const [p, purpose] of map.purposes.entries()) {
        if (purpose.retention === undefined) {
          yield hit(
            ['purposes', p],
            `purpose "${purpose.id}" has no retention (GDPR Art. 13(2)(a))`,
          );
        } else if (
          'from' in purpose.retention &&
          purpose.retention.from === 'event' &&
          purpose.retention.event === undefined
        ) {
          yield hit(
            ['purposes', p, 'retention', 'from'],
            `purpose "${purpose.id}" keeps data from an event it does not describe (retention.event)`,
          );
        } else if (
          'criteria' in purpose.retention &&
          purpose.retention.maximum === undefined &&
          purpose.retention.legalHold === undefined
        ) {
          // GDPR Art. 5(1)(e): criteria alone may never end; only a law that requires the data
          // to be kept may set the end instead of a maximum.
          yield hit(
            ['purposes', p, 'retention', 'criteria'],
            `purpose "${purpose.id}" keeps data by criteria with no end: give retention.maximum, or retention.legalHold naming the law that requires keeping it (GDPR Art. 5(1)(e))`,
          );
        }
      }
    },
  },
  {
    id: 'retention.vague',
    severity: 'warning',
    law: 'GDPR Art. 5(1)(e), 13(2)(a); EDPB Guidelines on transparency (WP260) para. 48',
    summary:
      'Retention criteria say how the period is decided, not "as long as necessary" or "indefinitely".',
    *check(map) {
      for (const [p, purpose] of map.purposes.entries()) {
        const retention = purpose.retention;
        if (retention === undefined || !('criteria' in retention)) continue;
        for (const [c, criterion] of retention.criteria.entries()) {
          const versions =
            typeof criterion === 'string'
              ? [criterion]
              : Object.values(criterion).filter((text) => text !== undefined);
          for (const text of versions) {
            const phrase = vaguePhrase(text);
            if (phrase === undefined) continue;
            yield hit(
              ['purposes', p, 'retention', 'criteria', c],
              `purpose "${purpose.id}" gives a vague retention criterion ("${text}"): "${phrase}" does not tell people how long; name the event or period that decides it`,
            );
            break;
          }
        }
      }
    },
  },
  {
    id: 'retention.legal-hold',
    severity: 'warning',
    law: 'GDPR Art. 13(2)(a), 17(3)(b)',
    summary:
      "A purpose's legal hold is enforced by a datastore hold with the same basis, and each datastore hold's basis is told to people by a purpose.",
    *check(map) {
      if (map.datastores.length === 0) return;
      const enforced = new Set<string>();
      for (const datastore of map.datastores) {
        for (const collection of datastore.collections) {
          if (collection.hold?.basis !== undefined) enforced.add(collection.hold.basis);
        }
      }
      const declared = new Set<string>();
      for (const [p, purpose] of map.purposes.entries()) {
        const basis = purpose.retention?.legalHold?.basis;
        if (basis === undefined) continue;
        declared.add(basis);
        if (!enforced.has(basis)) {
          yield hit(
            ['purposes', p, 'retention', 'legalHold', 'basis'],
            `purpose "${purpose.id}" keeps data under a legal hold (${basis}) that no datastore collection hold enforces: an erasure request would delete it (declare hold.basis "${basis}" on the collections that keep it)`,
          );
        }
      }
      for (const [d, datastore] of map.datastores.entries()) {
        for (const [c, collection] of datastore.collections.entries()) {
          const basis = collection.hold?.basis;
          if (basis === undefined || declared.has(basis)) continue;
          yield hit(
            ['datastores', d, 'collections', c, 'hold', 'basis'],
            `collection "${datastore.id}.${collection.name}" is held under ${basis}, which no purpose's retention.legalHold names, so the notice does not tell people their data is kept under it`,
          );
        }
      }
    },
  },
  {
    id: 'purpose.legitimate-interest',
    severity: 'error',
    law: 'GDPR Art. 6(1)(f), 13(1)(d)',
    summary: 'Legitimate interest names the interest and the balancing test.',
    *check(map) {
      for (const [p, purpose] of map.purposes.entries()) {
        if (
          purpose.legalBasis === 'legitimate-interests' &&
          purpose.legitimateInterest === undefined
        ) {
          yield hit(
            ['purposes', p, 'legalBasis'],
            `purpose "${purpose.id}" relies on legitimate interests but states no legitimateInterest.interest and .balancing`,
          );
        }
        if (
          purpose.legitimateInterest !== undefined &&
          purpose.legalBasis !== 'legitimate-interests'
        ) {
          yield hit(
            ['purposes', p, 'legitimateInterest'],
            `purpose "${purpose.id}" states a legitimate interest but its legalBasis is ${purpose.legalBasis ?? 'missing'}`,
          );
        }
      }
    },
  },
  {
    id: 'purpose.legal-obligation',
    severity: 'warning',
    law: 'GDPR Art. 6(1)(c), 6(3)',
    summary: 'A legal-obligation purpose names the law that imposes it.',
    *check(map) {
      for (const [p, purpose] of map.purposes.entries()) {
        if (purpose.legalBasis === 'legal-obligation' && purpose.legalObligation === undefined) {
          yield hit(
            ['purposes', p, 'legalBasis'],
            `purpose "${purpose.id}" relies on a legal obligation but does not name it`,
          );
        }
      }
    },
  },
  {
    id: 'consent.withdrawal',
    severity: 'error',
    law: 'GDPR Art. 7(3)',
    summary: 'A consent purpose names the channels through which consent is withdrawn.',
    *check(map) {
      for (const [p, purpose] of map.purposes.entries()) {
        if (purpose.legalBasis === 'consent' && purpose.consent === undefined) {
          yield hit(
            ['purposes', p, 'legalBasis'],
            `purpose "${purpose.id}" relies on consent but names no consent.withdrawal channel (GDPR Art. 7(3))`,
          );
        }
      }
    },
  },
  {
    id: 'consent.soft-opt-in',
    severity: 'error',
    law: 'ePrivacy Directive Art. 13(2)',
    summary:
      'Soft opt-in applies only to direct marketing based on consent, for existing customers.',
    *check(map) {
      for (const [p, purpose] of map.purposes.entries()) {
        if (purpose.softOptIn && (purpose.legalBasis !== 'consent' || !purpose.directMarketing)) {
          yield hit(
            ['purposes', p, 'softOptIn'],
            `purpose "${purpose.id}" declares softOptIn but is not a consent-based direct-marketing purpose`,
          );
        }
      }
    },
  },
  {
    id: 'special-category.condition',
    severity: 'error',
    law: 'GDPR Art. 9(1)-(2)',
    summary: 'A purpose using special-category data names its Art. 9(2) condition.',
    *check(map) {
      const neverProcessed = map.statements.specialCategories?.processed === false;
      for (const [p, purpose] of map.purposes.entries()) {
        for (const [c, id] of purpose.categories.entries()) {
          const category = resolveCategory(map, id);
          if (category?.art9 !== true) continue;
          if (neverProcessed) {
            yield hit(
              ['purposes', p, 'categories', c],
              `purpose "${purpose.id}" uses special category "${id}" although statements.specialCategories says none is processed`,
            );
          } else if (purpose.special === undefined) {
            yield hit(
              ['purposes', p, 'categories', c],
              `purpose "${purpose.id}" uses special category "${id}" without an Art. 9(2) condition (special.condition)`,
            );
          }
        }
        // Art. 9(2)(a): explicit consent is collected and withdrawable like any consent.
        if (
          purpose.special?.condition === 'explicit-consent' &&
          purpose.consent?.explicit !== true
        ) {
          yield hit(
            ['purposes', p, 'special', 'condition'],
            `purpose "${purpose.id}" relies on explicit consent (Art. 9(2)(a)) but does not collect it: set consent.explicit and consent.withdrawal`,
          );
        }
      }
    },
  },
  {
    id: 'transfer.safeguard',
    severity: 'error',
    law: 'GDPR Art. 44-46, 49',
    summary: 'A recipient outside the EEA and adequate countries has a transfer mechanism.',
    *check(map) {
      for (const transfer of transfers(map)) {
        if (transfer.needsSafeguard.length === 0) continue;
        const r = map.recipients.indexOf(transfer.recipient);
        const safeguard = transfer.recipient.transfer;
        const law = transfer.regime === 'gdpr' ? 'GDPR' : 'UK GDPR';
        const where = transfer.needsSafeguard.join(', ');
        if (safeguard === undefined) {
          yield hit(
            ['recipients', r, 'countries'],
            `recipient "${transfer.recipient.id}" processes data in ${where} without a transfer mechanism`,
            `${law} Art. 44-46`,
          );
        } else if (!coversRegime(safeguard, transfer.regime)) {
          yield hit(
            ['recipients', r, 'transfer', 'mechanism'],
            `recipient "${transfer.recipient.id}" processes data in ${where}, where ${safeguard.mechanism} is no safeguard under ${law}${safeguard.mechanism === 'scc' ? ' (add the UK Addendum: transfer.ukAddendum)' : ''}`,
          );
        } else if (
          safeguard.mechanism === 'derogation' &&
          safeguard.derogation === undefined &&
          transfer.regime === transferRegimes(map)[0]
        ) {
          yield hit(
            ['recipients', r, 'transfer'],
            `recipient "${transfer.recipient.id}" relies on a derogation without naming its Art. 49(1) ground`,
          );
        }
      }
    },
  },
  {
    id: 'transfer.dpf-scope',
    severity: 'error',
    law: 'Commission Implementing Decision (EU) 2023/1795',
    summary: 'The EU-US Data Privacy Framework covers only certified US recipients.',
    *check(map) {
      for (const [r, recipient] of map.recipients.entries()) {
        if (recipient.transfer?.mechanism !== 'dpf') continue;
        const { processing, storage } = recipientCountries(recipient);
        const outside = [...new Set([...processing, ...storage])].filter(
          (c) => c !== 'US' && !isInEea(c),
        );
        if (outside.length > 0) {
          yield hit(
            ['recipients', r, 'transfer', 'mechanism'],
            `recipient "${recipient.id}" uses the DPF for ${outside.join(', ')}; it covers only the US`,
          );
        }
        if (recipient.dpfCertified !== true) {
          yield hit(
            ['recipients', r, 'transfer', 'mechanism'],
            `recipient "${recipient.id}" uses the DPF but is not marked dpfCertified`,
          );
        }
      }
    },
  },
  {
    id: 'transfer.impact-assessment',
    severity: 'warning',
    law: 'CJEU C-311/18 (Schrems II); EDPB Recommendations 01/2020',
    summary: 'Transfers under SCCs, the UK IDTA or BCRs record a transfer impact assessment.',
    *check(map) {
      for (const transfer of transfers(map)) {
        const t = transfer.recipient.transfer;
        if (transfer.needsSafeguard.length === 0 || t === undefined) continue;
        if (
          (t.mechanism === 'scc' || t.mechanism === 'bcr' || t.mechanism === 'uk-idta') &&
          (t.tia === undefined || t.tia === false)
        ) {
          const r = map.recipients.indexOf(transfer.recipient);
          yield hit(
            ['recipients', r, 'transfer'],
            `recipient "${transfer.recipient.id}" transfers under ${t.mechanism.toUpperCase()} without a transfer impact assessment (transfer.tia)`,
            transfer.regime === 'gdpr' ? 'GDPR' : 'UK GDPR',
          );
        }
      }
    },
  },
  {
    id: 'processor.dpa',
    severity: 'error',
    law: 'GDPR Art. 28(3)',
    summary: 'Every processor works under a signed data processing agreement.',
    *check(map) {
      for (const [r, recipient] of map.recipients.entries()) {
        if (recipient.type === 'processor' && recipient.dpa?.signed !== true) {
          yield hit(
            ['recipients', r, recipient.dpa ? 'dpa' : 'type'],
            `processor "${recipient.id}" has no signed data processing agreement (GDPR Art. 28(3))`,
          );
        }
      }
    },
  },
  {
    id: 'joint-controller.arrangement',
    severity: 'error',
    law: 'GDPR Art. 26(2)',
    summary: 'Joint controllers state the essence of their arrangement.',
    *check(map) {
      for (const [r, recipient] of map.recipients.entries()) {
        if (recipient.type === 'joint-controller' && recipient.arrangement === undefined) {
          yield hit(
            ['recipients', r, 'type'],
            `joint controller "${recipient.id}" has no arrangement (GDPR Art. 26(2))`,
          );
        }
      }
    },
  },
  {
    id: 'residency.location',
    severity: 'error',
    law: 'Data residency commitment',
    summary: 'Recipients of covered data process and store it only where the map promises.',
    *check(map) {
      for (const residency of map.residency) {
        for (const purpose of map.purposes) {
          const covered =
            residency.categories === undefined ||
            purpose.categories.some((c) =>
              residency.categories?.some((ancestor) => isWithinCategory(map, c, ancestor)),
            );
          if (!covered) continue;
          for (const recipientId of purpose.recipients) {
            const r = map.recipients.findIndex((item) => item.id === recipientId);
            const recipient = map.recipients[r];
            if (!recipient || recipient.type === 'authority') continue;
            const countries = recipientCountries(recipient);
            const places =
              residency.scope === 'storage'
                ? countries.storage
                : [...countries.processing, ...countries.storage];
            const outside = [
              ...new Set(places.filter((country) => !placesCover(residency.within, country))),
            ];
            if (outside.length > 0) {
              yield hit(
                ['recipients', r, 'countries'],
                `recipient "${recipient.id}" (purpose "${purpose.id}") ${residency.scope === 'storage' ? 'stores' : 'processes'} data in ${outside.join(', ')}, outside residency "${residency.id}" (${residency.within.join(', ')})`,
              );
            }
          }
        }
      }
    },
  },
  {
    id: 'marketing.objection',
    severity: 'error',
    law: 'GDPR Art. 21(2)-(3)',
    summary: 'Direct marketing names a route to object, which is absolute.',
    *check(map) {
      for (const [p, purpose] of map.purposes.entries()) {
        if (
          purpose.directMarketing &&
          (purpose.objection === undefined || purpose.objection.length === 0)
        ) {
          yield hit(
            ['purposes', p, 'directMarketing'],
            `direct-marketing purpose "${purpose.id}" names no objection channel (GDPR Art. 21(2))`,
          );
        }
      }
    },
  },
  {
    id: 'us.opt-out',
    severity: 'error',
    law: 'Cal. Civ. Code 1798.120, 1798.135; Va. Code 59.1-577(A)(5)',
    summary: 'Selling or sharing personal information offers an opt-out.',
    *check(map) {
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        if (!isUsLaw(jurisdiction.law)) continue;
        const sale = effectiveSale(map, jurisdiction);
        if (!sale || !(sale.sells || sale.shares || sale.targetedAdvertising)) continue;
        const optOut = jurisdiction.sale?.optOut;
        if (optOut === undefined || optOut.length === 0) {
          // The notice names no route it was not given: no fall-back to the general channels.
          yield hit(
            ['jurisdictions', j, ...(jurisdiction.sale === undefined ? [] : ['sale'])],
            `${jurisdiction.law.toUpperCase()}: personal information is sold or shared${jurisdiction.law === 'ccpa' ? '' : ', or processed for targeted advertising,'} but no sale.optOut channel is named; the notice cannot say where to opt out`,
          );
        }
      }
    },
  },
  {
    id: 'sale.consistent',
    severity: 'error',
    law: 'GDPR Art. 5(1)(a); Cal. Civ. Code 1798.120',
    summary: 'A general promise not to sell agrees with what each US jurisdiction declares.',
    *check(map) {
      if (map.statements.sale?.sells !== false) return;
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        if (jurisdiction.sale?.sells === true) {
          yield hit(
            ['jurisdictions', j, 'sale', 'sells'],
            `${jurisdiction.law.toUpperCase()} declares personal information sold, but statements.sale promises it never is`,
          );
        }
      }
    },
  },
  {
    id: 'us.sale-declared',
    severity: 'warning',
    law: 'Cal. Civ. Code 1798.130(a)(5)',
    summary: 'A US jurisdiction states whether personal information is sold or shared.',
    *check(map) {
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        if (isUsLaw(jurisdiction.law) && jurisdiction.sale === undefined) {
          yield hit(
            ['jurisdictions', j],
            `${jurisdiction.law.toUpperCase()} jurisdiction does not state whether personal information is sold or shared (sale)`,
          );
        }
      }
    },
  },
  {
    id: 'us.limit-use',
    severity: 'error',
    law: 'Cal. Civ. Code 1798.121, 1798.135(a)(2); 11 CCR 7027',
    summary:
      'Using sensitive personal information beyond the permitted purposes offers a route to limit it; the notice names no other.',
    *check(map) {
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        if (jurisdiction.sensitiveUse !== 'beyond-permitted') continue;
        if (jurisdiction.limitUse === undefined || jurisdiction.limitUse.length === 0) {
          // The notice names no route it was not given: no fall-back to the general channels.
          yield hit(
            ['jurisdictions', j, 'sensitiveUse'],
            `${jurisdiction.law.toUpperCase()}: sensitive personal information is used beyond the permitted purposes but no limitUse channel is named; the notice cannot say where to limit its use`,
          );
        }
      }
    },
  },
  {
    id: 'us.appeal',
    severity: 'error',
    law: 'Va. Code 59.1-578(C); Colo. Rev. Stat. 6-1-1306(3); Conn. Gen. Stat. 42-518(d)',
    summary:
      'VCDPA, CPA and CTDPA need an appeal channel, whatever the rights list says; the notice names no other.',
    *check(map) {
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        // A narrowed rights list never silences the duty: the law, not the list, decides.
        if (!requiresAppeal(jurisdiction.law)) continue;
        if (jurisdiction.appeal === undefined || jurisdiction.appeal.length === 0) {
          yield hit(
            ['jurisdictions', j],
            `${jurisdiction.law.toUpperCase()} requires an appeal process (${APPEAL_CITATION[jurisdiction.law] ?? ''}): name appeal channels (appeal); the notice cannot say where to appeal`,
          );
        }
      }
    },
  },
  {
    id: 'us.advertising',
    severity: 'error',
    law: 'Cal. Civ. Code 1798.140(ah); Va. Code 59.1-575',
    summary:
      'An advertising platform receiving identifiers makes the map share (CCPA) and process for targeted advertising (VCDPA and its copies), whatever sale says.',
    *check(map) {
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        if (!isUsLaw(jurisdiction.law)) continue;
        const sale = effectiveSale(map, jurisdiction);
        if (sale === undefined) continue;
        const ccpa = jurisdiction.law === 'ccpa';
        const field = ccpa ? 'shares' : 'targetedAdvertising';
        const said = jurisdiction.sale?.[field];
        for (const disclosure of sale.inferred) {
          const how =
            disclosure.purpose === undefined
              ? `sets ${disclosure.identifiers.join(', ')} on people's devices`
              : `receives ${disclosure.identifiers.join(', ')} for purpose "${disclosure.purpose.id}"`;
          yield hit(
            ['jurisdictions', j, ...(jurisdiction.sale === undefined ? [] : ['sale'])],
            `${jurisdiction.law.toUpperCase()}: advertising platform "${disclosure.recipient.id}" ${how}, which is ${ccpa ? 'sharing for cross-context behavioural advertising (Cal. Civ. Code 1798.140(ah))' : 'targeted advertising (Va. Code 59.1-575)'}, although sale.${field} is ${said === undefined ? 'not declared' : String(said)}: set sale.${field}: true and offer the opt-out`,
          );
        }
      }
    },
  },
  {
    id: 'controller.representative',
    severity: 'error',
    law: 'GDPR Art. 27; UK GDPR Art. 27',
    summary:
      'A controller established outside the EEA (or the UK) that answers under the GDPR (or UK GDPR) names a representative there.',
    *check(map) {
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        if (jurisdiction.law !== 'gdpr' && jurisdiction.law !== 'uk-gdpr') continue;
        const uk = jurisdiction.law === 'uk-gdpr';
        const ids =
          jurisdiction.controller === undefined
            ? map.organisation.controllers.map((c) => c.id)
            : [jurisdiction.controller];
        for (const [c, controller] of map.organisation.controllers.entries()) {
          if (!ids.includes(controller.id)) continue;
          const established = uk
            ? controller.address.country === 'GB'
            : isInEea(controller.address.country);
          const representative = uk ? controller.ukRepresentative : controller.euRepresentative;
          if (established || representative) continue;
          yield hit(
            ['organisation', 'controllers', c],
            `controller "${controller.id}" is established outside the ${uk ? 'UK' : 'EEA'} and answers under ${uk ? 'UK GDPR' : 'GDPR'} (jurisdictions.${j}) but names no ${uk ? 'ukRepresentative' : 'euRepresentative'}`,
          );
        }
      }
    },
  },
  {
    id: 'controller.contact',
    severity: 'error',
    law: 'GDPR Art. 13(1)(a)-(b), 27, 37(7)',
    summary:
      'A controller, its DPO and its representatives can be reached: each contact gives an email, phone, URL or address.',
    *check(map) {
      const empty = (contact: DataMap['organisation']['controllers'][number]['contact']): boolean =>
        contact.email === undefined &&
        contact.phone === undefined &&
        contact.url === undefined &&
        contact.address === undefined;
      for (const [c, controller] of map.organisation.controllers.entries()) {
        const base = ['organisation', 'controllers', c];
        if (empty(controller.contact)) {
          yield hit(
            [...base, 'contact'],
            `controller "${controller.id}" gives no contact details (GDPR Art. 13(1)(a)): add contact.email, phone, url or address`,
          );
        }
        if (controller.dpo !== undefined && empty(controller.dpo.contact)) {
          yield hit(
            [...base, 'dpo', 'contact'],
            `controller "${controller.id}" declares a data protection officer without contact details (GDPR Art. 37(7), 13(1)(b))`,
          );
        }
        for (const key of ['euRepresentative', 'ukRepresentative'] as const) {
          const representative = controller[key];
          if (representative !== undefined && empty(representative.contact)) {
            yield hit(
              [...base, key, 'contact'],
              `controller "${controller.id}" declares a ${key} without contact details (GDPR Art. 27(4), 13(1)(a))`,
            );
          }
        }
      }
    },
  },
  {
    id: 'jurisdiction.duty',
    severity: 'error',
    law: 'GDPR Art. 19; 11 CCR 7021(a), 7063',
    summary:
      'A duty the law imposes is not declared away (recipientsInformed, confirmReceipt, authorisedAgents).',
    *check(map) {
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        const base = ['jurisdictions', j];
        const law = jurisdiction.law.toUpperCase();
        if (isEuropean(jurisdiction.law) && jurisdiction.recipientsInformed === false) {
          yield hit(
            [...base, 'recipientsInformed'],
            `${law}: each recipient must be told of a rectification, erasure or restriction (GDPR Art. 19); recipientsInformed cannot be false`,
          );
        }
        if (jurisdiction.law === 'ccpa' && jurisdiction.confirmReceipt === false) {
          yield hit(
            [...base, 'confirmReceipt'],
            'CCPA: receipt of a request to know, delete or correct must be confirmed within 10 business days (11 CCR 7021(a)); confirmReceipt cannot be false',
          );
        }
        if (jurisdiction.law === 'ccpa' && jurisdiction.authorisedAgents === false) {
          yield hit(
            [...base, 'authorisedAgents'],
            'CCPA: consumers may use an authorised agent (Cal. Civ. Code 1798.130(a)(3)(A), 11 CCR 7063); authorisedAgents cannot be false',
          );
        }
      }
    },
  },
  {
    id: 'automated-decisions.statement',
    severity: 'error',
    law: 'GDPR Art. 13(2)(f), 22',
    summary:
      'statements.solelyAutomatedDecisions agrees with the purposes: false while a purpose takes such decisions is a contradiction.',
    *check(map) {
      if (map.statements.solelyAutomatedDecisions !== false) return;
      for (const [p, purpose] of map.purposes.entries()) {
        const decisions = purpose.automatedDecisions;
        if (decisions?.solelyAutomated === true && decisions.significantEffect) {
          yield hit(
            ['statements', 'solelyAutomatedDecisions'],
            `statements.solelyAutomatedDecisions is false, but purpose "${purpose.id}" (purposes.${p}) takes solely automated decisions with significant effect`,
          );
        }
      }
    },
  },
  {
    id: 'us.do-not-track',
    severity: 'warning',
    law: 'Cal. Bus. & Prof. Code 22575(b)(5) (CalOPPA)',
    summary:
      'A CCPA jurisdiction says whether browser Do Not Track signals are honoured (doNotTrack).',
    *check(map) {
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        if (jurisdiction.law === 'ccpa' && jurisdiction.doNotTrack === undefined) {
          yield hit(
            ['jurisdictions', j],
            'CCPA: CalOPPA requires the notice to say how Do Not Track signals are handled; declare doNotTrack: true or false',
          );
        }
      }
    },
  },
  ...ASSUMPTION_RULES,
  {
    id: 'controller.territory',
    severity: 'error',
    law: 'GDPR Art. 13(1)(a)',
    summary:
      'With several controllers, each person has exactly one: territories do not overlap and one is the default.',
    *check(map) {
      const controllers = map.organisation.controllers;
      if (controllers.length < 2) return;
      const defaults = controllers.filter((c) => c.territory?.default === true);
      if (defaults.length !== 1) {
        yield hit(
          ['organisation', 'controllers'],
          `${controllers.length} controllers need exactly one with territory.default: true (found ${defaults.length})`,
        );
      }
      const claimed = new Map<string, string>();
      for (const [c, controller] of controllers.entries()) {
        for (const place of controller.territory?.include ?? []) {
          for (const country of expandRegion(place)) {
            const other = claimed.get(country);
            if (other !== undefined && other !== controller.id) {
              yield hit(
                ['organisation', 'controllers', c, 'territory'],
                `controllers "${other}" and "${controller.id}" both claim ${country}`,
              );
            }
            claimed.set(country, controller.id);
          }
        }
      }
    },
  },
  {
    id: 'controller.authority',
    severity: 'warning',
    law: 'GDPR Art. 13(2)(d), 77',
    summary:
      'A controller answering under GDPR names its supervisory authority, for the right to complain.',
    *check(map) {
      for (const jurisdiction of map.jurisdictions) {
        if (jurisdiction.law !== 'gdpr' && jurisdiction.law !== 'uk-gdpr') continue;
        const ids =
          jurisdiction.controller === undefined
            ? map.organisation.controllers.map((c) => c.id)
            : [jurisdiction.controller];
        for (const [c, controller] of map.organisation.controllers.entries()) {
          if (ids.includes(controller.id) && controller.supervisoryAuthority === undefined) {
            yield hit(
              ['organisation', 'controllers', c],
              `controller "${controller.id}" names no supervisoryAuthority`,
              jurisdiction.law === 'gdpr' ? 'GDPR' : 'UK GDPR',
            );
          }
        }
      }
    },
  },
  {
    id: 'automated-decisions.safeguards',
    severity: 'error',
    law: 'GDPR Art. 22(2)-(3)',
    summary:
      'Solely automated decisions with significant effects rest on an Art. 22(2) exception with safeguards.',
    *check(map) {
      for (const [p, purpose] of map.purposes.entries()) {
        const adm = purpose.automatedDecisions;
        if (!adm?.solelyAutomated || !adm.significantEffect) continue;
        if (adm.exception === undefined || adm.safeguards === undefined) {
          yield hit(
            ['purposes', p, 'automatedDecisions'],
            `purpose "${purpose.id}" takes solely automated decisions with significant effects without exception and safeguards (GDPR Art. 22)`,
          );
        }
      }
    },
  },
  {
    id: 'cookie.consent',
    severity: 'error',
    law: 'ePrivacy Directive Art. 5(3)',
    summary: 'Cookies that are not strictly necessary serve consent purposes.',
    *check(map) {
      for (const [c, cookie] of map.cookies.entries()) {
        if (cookie.strictlyNecessary) continue;
        const purpose = map.purposes.find((item) => item.id === cookie.purpose);
        if (purpose && purpose.legalBasis !== 'consent') {
          yield hit(
            ['cookies', c, 'purpose'],
            `cookie "${cookie.name}" is not strictly necessary, so its purpose "${purpose.id}" must rely on consent (ePrivacy Art. 5(3))`,
          );
        }
      }
    },
  },
  {
    id: 'children.age',
    severity: 'warning',
    law: 'GDPR Art. 8(1)',
    summary: 'Consent purposes for groups that include children state the age of digital consent.',
    *check(map) {
      const childGroups = new Set(map.subjects.filter((s) => s.children).map((s) => s.id));
      if (childGroups.size === 0 || map.statements.children?.minimumAge !== undefined) return;
      for (const [p, purpose] of map.purposes.entries()) {
        if (purpose.legalBasis === 'consent' && purpose.subjects.some((s) => childGroups.has(s))) {
          yield hit(
            ['purposes', p, 'subjects'],
            `purpose "${purpose.id}" asks children for consent: set statements.children.minimumAge (13-16)`,
          );
        }
      }
    },
  },
  {
    id: 'recipient.unused',
    severity: 'warning',
    law: 'GDPR Art. 30(1)(d)',
    summary: 'Each declared recipient receives data for some purpose or processor activity.',
    *check(map) {
      const used = new Set([
        ...map.purposes.flatMap((p) => p.recipients),
        ...(map.organisation.processor?.activities.flatMap((a) => a.subProcessors) ?? []),
        ...map.jurisdictions.flatMap((j) => j.sale?.recipients ?? []),
      ]);
      for (const [r, recipient] of map.recipients.entries()) {
        if (!used.has(recipient.id))
          yield hit(
            ['recipients', r, 'id'],
            `recipient "${recipient.id}" is not used by any purpose`,
          );
      }
    },
  },
  {
    id: 'recipient.countries',
    severity: 'warning',
    law: 'GDPR Art. 13(1)(f), 30(1)(e)',
    summary: 'Recipients state where they process data, so transfers and residency can be checked.',
    *check(map) {
      for (const [r, recipient] of map.recipients.entries()) {
        if (recipient.type !== 'authority' && recipient.countries === undefined) {
          yield hit(
            ['recipients', r, 'id'],
            `recipient "${recipient.id}" does not say where it processes data (countries)`,
          );
        }
      }
    },
  },
  {
    id: 'channel.contact',
    severity: 'error',
    law: 'GDPR Art. 12(2)',
    summary:
      'Each channel carries the detail people need to use it: an address for email, a URL for forms.',
    *check(map) {
      const needs: Partial<Record<string, 'email' | 'url' | 'phone' | 'address'>> = {
        email: 'email',
        'web-form': 'url',
        'privacy-center': 'url',
        phone: 'phone',
        'toll-free-phone': 'phone',
        postal: 'address',
      };
      for (const [c, channel] of map.channels.entries()) {
        const field = needs[channel.type];
        if (field !== undefined && channel[field] === undefined) {
          yield hit(
            ['channels', c],
            `channel "${channel.id}" of type ${channel.type} needs its ${field}`,
          );
        }
      }
    },
  },
  {
    id: 'jurisdiction.response-time',
    severity: 'error',
    law: 'GDPR Art. 12(3); Cal. Civ. Code 1798.130(a)(2); Va. Code 59.1-578(B)',
    summary: 'A promised response time is no longer than the law allows.',
    *check(map) {
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        if (jurisdiction.responseTime === undefined) continue;
        // A promise that can exceed the law only in short months (P30D against one month) stands:
        // requests fall due at the earlier of the promise and the statutory date.
        const promised = minDays(jurisdiction.responseTime);
        const allowed = maxDays(RESPONSE_PERIOD[jurisdiction.law]);
        if (promised > allowed) {
          yield hit(
            ['jurisdictions', j, 'responseTime'],
            `${jurisdiction.law.toUpperCase()} requires an answer within ${RESPONSE_PERIOD[jurisdiction.law]}; ${jurisdiction.responseTime} promises longer`,
          );
        }
      }
    },
  },
  {
    id: 'us.gpc',
    severity: 'error',
    law: 'Cal. Civ. Code 1798.135(e); 11 CCR 7025(b)',
    summary: 'A business that sells or shares personal information honours Global Privacy Control.',
    *check(map) {
      for (const [j, jurisdiction] of map.jurisdictions.entries()) {
        if (jurisdiction.law !== 'ccpa') continue;
        const sale = effectiveSale(map, jurisdiction);
        if (!(sale?.sells || sale?.shares)) continue;
        if (jurisdiction.gpc !== true) {
          yield hit(
            ['jurisdictions', j, ...(jurisdiction.sale === undefined ? [] : ['sale'])],
            'CCPA: personal information is sold or shared, so opt-out preference signals (GPC) must be honoured (gpc: true)',
          );
        }
      }
    },
  },
  {
    id: 'text.language',
    severity: 'warning',
    law: 'GDPR Art. 12(1)',
    summary: 'Texts written per language cover every language the notice declares.',
    *check(map) {
      const languages: readonly Language[] = map.notice.languages;
      for (const { path, text } of texts(map, [])) {
        const missing = missingLanguages(text, languages);
        if (missing.length > 0) yield hit(path, `text has no ${missing.join(', ')} version`);
      }
    },
  },
  {
    id: 'datastore.reference',
    severity: 'error',
    law: 'GDPR Art. 15(1), 17(1)',
    summary:
      'Datastore references name a declared datastore, collection and columns, with as many columns on each side; a partOf reference stays within its datastore.',
    *check(map) {
      for (const [d, datastore] of map.datastores.entries()) {
        for (const [c, collection] of datastore.collections.entries()) {
          for (const [r, reference] of collection.references.entries()) {
            const path = ['datastores', d, 'collections', c, 'references', r];
            const targetId = reference.to.datastore ?? datastore.id;
            const target = map.datastores.find((candidate) => candidate.id === targetId);
            if (target === undefined) {
              const ids = new Set(map.datastores.map((candidate) => candidate.id));
              yield hit(
                [...path, 'to', 'datastore'],
                `unknown datastore "${targetId}"${suggest(targetId, ids)}`,
              );
              continue;
            }
            // A row is held with the row it is part of within one datastore: the hold, its
            // certificate entry and the rows it keeps are that datastore's.
            if (reference.partOf === true && targetId !== datastore.id) {
              yield hit(
                [...path, 'partOf'],
                `a row can only be part of a row of its own datastore, not of "${targetId}"`,
              );
            }
            const parent = target.collections.find(
              (candidate) => candidate.name === reference.to.collection,
            );
            if (parent === undefined) {
              const names = new Set(target.collections.map((candidate) => candidate.name));
              yield hit(
                [...path, 'to', 'collection'],
                `datastore "${targetId}" declares no collection "${reference.to.collection}"${suggest(reference.to.collection, names)}`,
              );
              continue;
            }
            if (reference.fields.length !== reference.to.fields.length) {
              yield hit(
                [...path, 'fields'],
                `a reference from ${reference.fields.length} column(s) to ${reference.to.fields.length} column(s) of "${parent.name}"`,
              );
            }
            const columns = declaredColumns(parent);
            for (const [f, field] of reference.to.fields.entries()) {
              if (!columns.has(field)) {
                yield hit(
                  [...path, 'to', 'fields', f],
                  `"${parent.name}" declares no column "${field}"${suggest(field, columns)}: declare it in primaryKey or fields`,
                );
              }
            }
          }
          const columns = declaredColumns(collection);
          if (collection.hold?.field !== undefined && !columns.has(collection.hold.field)) {
            yield hit(
              ['datastores', d, 'collections', c, 'hold', 'field'],
              `the hold counts from "${collection.hold.field}", which "${collection.name}" does not declare as a field`,
            );
          }
        }
      }
    },
  },
  {
    id: 'datastore.part-of-cycle',
    severity: 'warning',
    law: 'GDPR Art. 17(3)(b)',
    summary:
      'References marked partOf form no cycle: a row cannot be part of a row that is part of it.',
    *check(map) {
      for (const [d, datastore] of map.datastores.entries()) {
        const parents = new Map<string, string[]>();
        for (const collection of datastore.collections) {
          for (const reference of collection.references) {
            if (reference.partOf !== true) continue;
            if ((reference.to.datastore ?? datastore.id) !== datastore.id) continue;
            parents.set(collection.name, [
              ...(parents.get(collection.name) ?? []),
              reference.to.collection,
            ]);
          }
        }
        for (const [c, collection] of datastore.collections.entries()) {
          const chain = partOfCycle(collection.name, parents);
          // Once per cycle: on its collection whose name sorts first.
          if (chain === undefined || chain.some((name) => name < collection.name)) continue;
          const r = collection.references.findIndex((reference) => reference.partOf === true);
          yield hit(
            ['datastores', d, 'collections', c, 'references', r, 'partOf'],
            `"${collection.name}" is part of itself through ${chain.join(' -> ')}: a hold cannot tell which row keeps which; remove partOf from one of these references`,
          );
        }
      }
    },
  },
  {
    id: 'datastore.unreachable',
    severity: 'error',
    law: 'GDPR Art. 15(1), 17(1); CCPA 1798.105, 1798.110',
    summary:
      'Every collection holding personal data has an identity field or references leading to one, so requests reach it.',
    *check(map) {
      for (const { datastore: d, collection: c } of unreachableCollections(map)) {
        const datastore = map.datastores[d];
        const collection = datastore?.collections[c];
        if (datastore === undefined || collection === undefined) continue;
        yield hit(
          ['datastores', d, 'collections', c],
          `collection "${datastore.id}.${collection.name}" holds personal data that no identity reaches: declare an identity field or a reference to a collection that has one`,
        );
      }
    },
  },
  {
    id: 'datastore.crossing-reference',
    severity: 'warning',
    law: 'GDPR Art. 15(1), (4), 17(1)',
    summary:
      "A reference a request would follow from one person's row to another person's row of the same collection (a self-reference, or a chain back into it) is declared `follow: none`.",
    *check(map) {
      for (const at of crossingReferences(map)) {
        const datastore = map.datastores[at.datastore];
        const collection = datastore?.collections[at.collection];
        const reference = collection?.references[at.reference];
        if (datastore === undefined || collection === undefined || reference === undefined) {
          continue;
        }
        const target = reference.to.collection;
        const way =
          at.direction === 'up'
            ? `from "${collection.name}" up to "${target}"`
            : `from "${target}" to the "${collection.name}" rows referencing it`;
        yield hit(
          ['datastores', at.datastore, 'collections', at.collection, 'references', at.reference],
          `reference "${datastore.id}.${collection.name}" (${reference.fields.join(', ')}) → ${target} would lead ${way}, from one person's row to another person's${collection.name === target && (reference.to.datastore ?? datastore.id) === datastore.id ? '' : ' through a chain of references back into the same collection'}: requests do not follow it that way, and an erasure detaches the other person's row instead of deleting it; declare it "follow: none"${at.direction === 'up' ? ' or "from-parent"' : ''}`,
        );
      }
    },
  },
  {
    id: 'datastore.retention',
    severity: 'warning',
    law: 'GDPR Art. 5(1)(e), 17(1)(a)',
    summary:
      'Every collection holding personal data declares a retention rule (purposes and the date it counts from), so a sweep can keep it only as long as promised.',
    *check(map) {
      for (const [d, datastore] of map.datastores.entries()) {
        for (const [c, collection] of datastore.collections.entries()) {
          if (collection.retention !== undefined || !holdsPersonalData(collection)) continue;
          yield hit(
            ['datastores', d, 'collections', c],
            `collection "${datastore.id}.${collection.name}" holds personal data but declares no retention: its rows stay until someone asks for erasure (declare retention.purposes and retention.from)`,
          );
        }
      }
    },
  },
  {
    id: 'datastore.retention-period',
    severity: 'error',
    law: 'GDPR Art. 5(1)(e), 13(2)(a)',
    summary:
      "A collection's retention period is no longer than its purposes allow, and each of its purposes states a retention.",
    *check(map) {
      for (const [d, datastore] of map.datastores.entries()) {
        for (const [c, collection] of datastore.collections.entries()) {
          const rule = collection.retention;
          if (rule === undefined) continue;
          const path = ['datastores', d, 'collections', c, 'retention'];
          for (const [p, id] of rule.purposes.entries()) {
            const purpose = map.purposes.find((candidate) => candidate.id === id);
            if (purpose !== undefined && purposeMaximum(purpose) === undefined) {
              yield hit(
                [...path, 'purposes', p],
                `purpose "${id}" states no retention, so the rows of "${collection.name}" have no period`,
              );
            }
          }
          if (rule.period === undefined) continue;
          const allowed = collectionPeriod(map, {
            ...collection,
            retention: { ...rule, period: undefined },
          });
          if (allowed?.kind !== 'period') continue;
          // Compared at their shortest and longest: P12M is not longer than P1Y.
          if (durationDays(rule.period, 'shortest') > durationDays(allowed.period, 'longest')) {
            yield hit(
              [...path, 'period'],
              `collection "${datastore.id}.${collection.name}" keeps rows for ${rule.period}, longer than its purposes allow (${allowed.period}, the longest of ${rule.purposes.join(', ')})`,
            );
          }
        }
      }
    },
  },
  {
    id: 'datastore.retention-from',
    severity: 'error',
    law: 'GDPR Art. 5(1)(e)',
    summary:
      'The date a retention counts from is a declared column of the row, a declared column of a collection it references, or the last activity of a person the collection identifies.',
    *check(map) {
      for (const [d, datastore] of map.datastores.entries()) {
        for (const [c, collection] of datastore.collections.entries()) {
          const path = ['datastores', d, 'collections', c];
          if (collection.activity !== undefined) {
            const columns = declaredColumns(collection);
            if (!columns.has(collection.activity)) {
              yield hit(
                [...path, 'activity'],
                `"${collection.name}" does not declare a column "${collection.activity}"${suggest(collection.activity, columns)}: declare it in fields`,
              );
            }
          }
          const from = collection.retention?.from;
          if (from === undefined) continue;
          const at = [...path, 'retention', 'from'];
          if (from === 'lastActivity') {
            if (!collection.fields.some((field) => field.identity !== undefined)) {
              yield hit(
                at,
                `"${collection.name}" counts from the person's last activity but has no identity field to tell whose it is`,
              );
            } else if (!datastore.collections.some((other) => other.activity !== undefined)) {
              yield hit(
                at,
                `"${collection.name}" counts from the person's last activity, but no collection of datastore "${datastore.id}" declares an activity column`,
              );
            }
            continue;
          }
          if (!('reference' in from)) {
            const columns = declaredColumns(collection);
            if (!columns.has(from.column)) {
              yield hit(
                [...at, 'column'],
                `"${collection.name}" does not declare a column "${from.column}"${suggest(from.column, columns)}: declare it in fields`,
              );
            }
            continue;
          }
          const reference = collection.references.find(
            (candidate) =>
              candidate.to.collection === from.reference &&
              (candidate.to.datastore ?? datastore.id) === datastore.id,
          );
          if (reference === undefined) {
            const names = new Set(
              collection.references
                .filter((candidate) => (candidate.to.datastore ?? datastore.id) === datastore.id)
                .map((candidate) => candidate.to.collection),
            );
            yield hit(
              [...at, 'reference'],
              `"${collection.name}" has no reference to a collection "${from.reference}" of its datastore${suggest(from.reference, names)}`,
            );
            continue;
          }
          const parent = datastore.collections.find(
            (candidate) => candidate.name === from.reference,
          );
          if (parent === undefined) continue; // datastore.reference reports it
          const columns = declaredColumns(parent);
          if (!columns.has(from.column)) {
            yield hit(
              [...at, 'column'],
              `"${parent.name}" does not declare a column "${from.column}"${suggest(from.column, columns)}: declare it in fields`,
            );
          }
        }
      }
    },
  },
  {
    id: 'datastore.special-purge',
    severity: 'error',
    law: 'GDPR Art. 9(1), 10',
    summary:
      'A field scanned on arrival for special categories (specialCategories: purge) is in a SQL datastore, which can be paged, and is not a column of the primary key or a reference, which a redaction must not change.',
    *check(map) {
      for (const [d, datastore] of map.datastores.entries()) {
        for (const [c, collection] of datastore.collections.entries()) {
          for (const [f, field] of collection.fields.entries()) {
            if (purgeMode(field) === undefined) continue;
            const at = ['datastores', d, 'collections', c, 'fields', f, 'specialCategories'];
            const named = `"${datastore.id}.${collection.name}.${field.name}"`;
            if (datastore.type === 'http') {
              yield hit(
                at,
                `field ${named} is to be purged of special categories, but an HTTP datastore cannot be read page by page: declare it on a SQL datastore`,
              );
            } else if (
              collection.primaryKey.includes(field.name) ||
              collection.references.some((reference) => reference.fields.includes(field.name))
            ) {
              yield hit(
                at,
                `field ${named} is to be purged of special categories, but it is a key column: redacting it would change which row it names`,
              );
            }
          }
        }
      }
    },
  },
  {
    id: 'statements.special-on-receipt',
    severity: 'warning',
    law: 'GDPR Art. 9(1), 5(1)(c)',
    summary:
      'When the map promises to delete special categories received anyway (statements.specialCategories.onReceipt: delete) and declares SQL datastores, some free-text field declares specialCategories: purge, so the promise is kept.',
    *check(map) {
      if (map.statements.specialCategories?.onReceipt !== 'delete') return;
      const sql = map.datastores.filter((datastore) => datastore.type !== 'http');
      if (sql.length === 0) return;
      const purged = sql.some((datastore) =>
        datastore.collections.some((collection) =>
          collection.fields.some((field) => purgeMode(field) !== undefined),
        ),
      );
      if (purged) return;
      yield hit(
        ['statements', 'specialCategories', 'onReceipt'],
        'the notice promises to delete special categories of data received anyway, but no field of the SQL datastores declares specialCategories: purge, so nothing finds them; declare it on the free-text fields (messages, notes, comments)',
      );
    },
  },
  {
    id: 'datastore.erase',
    severity: 'error',
    law: 'GDPR Art. 17(1)',
    summary: 'A field erased by "generalise" says what is kept (generalise.to).',
    *check(map) {
      for (const [d, datastore] of map.datastores.entries()) {
        for (const [c, collection] of datastore.collections.entries()) {
          const path = ['datastores', d, 'collections', c];
          for (const [f, field] of collection.fields.entries()) {
            if (field.erase === 'generalise' && field.generalise === undefined) {
              yield hit(
                [...path, 'fields', f, 'erase'],
                `field "${field.name}" is generalised but does not say to what (generalise.to)`,
              );
            }
          }
        }
      }
    },
  },
  {
    id: 'records.retention',
    severity: 'warning',
    law: 'GDPR Art. 5(1)(e), 5(2), 7(1), 12(3)',
    summary:
      "Custodian's own records of people (closed requests, delivered mail, replaced consent choices) have a retention period, and closed requests outlive their access packages.",
    *check(map) {
      // GDPR Art. 5(1)(e): Custodian's records of people are personal data too; unset keeps them.
      const records = map.records ?? {};
      const unset = OWN_RECORD_KEYS.filter((key) => records[key] === undefined);
      if (unset.length > 0) {
        yield hit(
          ['records'],
          `Custodian's own records have no retention for ${unset.map((key) => `records.${key}`).join(', ')}: they are kept for ever (declare each as an ISO 8601 duration, e.g. closedRequests: P3Y, deliveredMail: P30D, consentProof: P5Y)`,
        );
      }
      // A request deleted before its package expires takes a download the person was promised.
      const closed = records.closedRequests;
      if (
        closed !== undefined &&
        durationDays(closed, 'shortest') < durationDays(map.requests.packageExpiry, 'longest')
      ) {
        yield hit(
          ['records', 'closedRequests'],
          `records.closedRequests (${closed}) is shorter than requests.packageExpiry (${map.requests.packageExpiry}): a closed access request would be deleted before the person could download its package`,
        );
      }
    },
  },
];

function suggest(id: string, known: ReadonlySet<string>): string {
  const close = [...known].find((candidate) => distance(candidate, id) <= 2);
  return close === undefined ? '' : ` (did you mean "${close}"?)`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min(
        current + 1,
        (row[j - 1] ?? 0) + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

/** Runs every rule, minus those the file switches off. */
export function runRules(map: DataMap): Finding[] {
  const findings: Finding[] = [];
  const off = map.checks.off;
  for (const rule of RULES) {
    // Each finding once: the same hit under two laws is one finding naming both.
    const merged = new Map<string, { hit: RuleHit; laws: string[] }>();
    for (const found of rule.check(map)) {
      const silenced = off.some(
        (entry) =>
          entry.rule === rule.id &&
          (entry.at === undefined || found.path.join('.').startsWith(resolveAt(map, entry.at))),
      );
      if (silenced) continue;
      const key = `${found.path.join('.')}\u0000${found.message}`;
      const seen = merged.get(key);
      if (seen === undefined) merged.set(key, { hit: found, laws: found.law ? [found.law] : [] });
      else if (found.law !== undefined && !seen.laws.includes(found.law)) seen.laws.push(found.law);
    }
    for (const { hit: found, laws } of merged.values()) {
      findings.push({
        rule: rule.id,
        severity: rule.severity,
        message: laws.length === 0 ? found.message : `${found.message} (${laws.join('; ')})`,
        path: found.path,
      });
    }
  }
  for (const [index, entry] of off.entries()) {
    if (!RULES.some((rule) => rule.id === entry.rule)) {
      findings.push({
        rule: 'checks.unknown-rule',
        severity: 'error',
        message: `checks.off names unknown rule "${entry.rule}"`,
        path: ['checks', 'off', index, 'rule'],
      });
    }
  }
  return findings;
}

/** `at: recipients.azure` names an item by id; findings carry list indexes. */
function resolveAt(map: DataMap, at: string): string {
  const [section, itemId, ...rest] = at.split('.');
  const list = (map as unknown as Record<string, unknown>)[section ?? ''];
  if (!Array.isArray(list) || itemId === undefined) return at;
  const index = list.findIndex((item: unknown) => (item as { id?: unknown }).id === itemId);
  return index < 0 ? at : [section, index, ...rest].join('.');
}

/**
 * The chain of `partOf` references leading from a collection back to itself, or undefined. A
 * depth-first walk over collection names, each visited once.
 */
function partOfCycle(
  start: string,
  parents: ReadonlyMap<string, readonly string[]>,
): string[] | undefined {
  const seen = new Set<string>();
  const walk = (name: string, path: readonly string[]): string[] | undefined => {
    for (const parent of parents.get(name) ?? []) {
      if (parent === start) return [...path, parent];
      if (seen.has(parent)) continue;
      seen.add(parent);
      const found = walk(parent, [...path, parent]);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}
