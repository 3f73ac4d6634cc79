import {
  controllersOf,
  countryName,
  localize,
  recipientCountries,
  resolveCategory,
  transfers,
  type Address,
  type Controller,
  type DataMap,
  type LegalBasis,
  type Purpose,
  type Recipient,
  type Text,
} from '../map/index.js';
import { withoutStop, type Block, type PublishedDocument } from './document.js';
import { placesText, transferMechanism, transferMechanismLabel } from './subprocessors.js';

/**
 * The record of processing activities (GDPR Art. 30): one record per controller with one activity
 * per purpose (Art. 30(1)), and, when the organisation is also a processor, the processor's record
 * with one activity per processor activity (Art. 30(2)). English; identifiers from W3C DPV.
 */
export interface Ropa {
  readonly generatedFrom: {
    readonly organisation: string;
    readonly version: string;
    readonly effectiveDate: string;
  };
  /** CURIE prefixes used by the `dpv` fields. */
  readonly prefixes: Readonly<Record<string, string>>;
  readonly controller: readonly ControllerRecord[];
  readonly processor?: ProcessorRecord;
}

/** Name and contact details of a party. */
export interface Party {
  readonly name: string;
  readonly address: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly url: string | null;
}

export interface Representative extends Party {
  /** GDPR Art. 27 (EU) or UK GDPR Art. 27 (UK). */
  readonly region: 'EU' | 'UK';
}

/** A legal entity of the organisation, as controller or processor (Art. 30(1)(a), 30(2)(a)). */
export interface Entity extends Party {
  readonly id: string;
  readonly tradingName: string | null;
  readonly companyNumber: string | null;
  readonly vatNumber: string | null;
  readonly representatives: readonly Representative[];
  readonly dpo: Party | null;
}

export interface ControllerRecord {
  /** Art. 30(1)(a). */
  readonly controller: Entity;
  readonly activities: readonly ControllerActivity[];
  /** Art. 30(1)(g). */
  readonly security: SecurityRecord;
}

export interface JointController extends Party {
  readonly id: string;
  /** GDPR Art. 26(2): the essence of the arrangement. */
  readonly arrangement: string | null;
}

export interface LegalBasisRecord {
  readonly basis: LegalBasis;
  readonly label: string;
  /** DPV core term, e.g. dpv:Consent. */
  readonly dpv: string;
  /** DPV GDPR extension term, e.g. eu-gdpr:A6-1-a. */
  readonly gdpr: string;
  /** The legitimate interest and its balancing, the law imposing the obligation, or consent details. */
  readonly detail: string | null;
}

export interface SpecialConditionRecord {
  readonly condition: string;
  readonly label: string;
  readonly gdpr: string;
  readonly details: string | null;
}

export interface SubjectRecord {
  readonly id: string;
  readonly name: string;
  readonly children: boolean;
}

export interface CategoryRecord {
  readonly id: string;
  readonly name: string;
  /** DPV or DPV-PD CURIE; null for an id the map does not resolve. */
  readonly dpv: string | null;
  /** GDPR Art. 9(1) kind. */
  readonly special: string | null;
  /** GDPR Art. 10. */
  readonly criminal: boolean;
}

export interface RecipientRecord {
  readonly id: string;
  readonly name: string;
  readonly legalName: string | null;
  readonly type: string;
  readonly dpv: string;
  readonly category: boolean;
  readonly service: string;
  readonly countries: readonly string[];
  /** Of those, the countries outside the EEA (or the UK under UK GDPR). */
  readonly thirdCountries: readonly string[];
}

/** Art. 30(1)(e), 30(2)(c): a transfer with its third countries and safeguards. */
export interface TransferRecord {
  readonly recipient: string;
  readonly recipientName: string;
  readonly countries: readonly string[];
  /** Countries without an adequacy decision that covers the recipient. */
  readonly needsSafeguard: readonly string[];
  readonly mechanism: string | null;
  readonly dpv: string | null;
  readonly derogation: string | null;
  /** Whether, or the date when, a transfer impact assessment was done. */
  readonly tia: boolean | string | null;
  readonly supplementaryMeasures: string | null;
  readonly copy: string | null;
  /** The documentation of the safeguards, in words. */
  readonly documentation: string;
}

export interface RetentionRecord {
  /** Art. 30(1)(f) in words: "7 years from the end of the financial year". */
  readonly text: string;
  readonly duration: string | null;
  readonly from: string | null;
  readonly criteria: readonly string[];
  readonly maximum: string | null;
  readonly thenAnonymise: boolean;
  /** GDPR Art. 17(3)(b): the law that requires the data to be kept, when a legal hold. */
  readonly legalHold: string | null;
}

export interface ControllerActivity {
  readonly id: string;
  readonly name: string;
  /** Art. 30(1)(b). */
  readonly purpose: string;
  /** Art. 30(1)(a): joint controllers of this activity. */
  readonly jointControllers: readonly JointController[];
  readonly legalBasis: LegalBasisRecord | null;
  readonly specialCondition: SpecialConditionRecord | null;
  /** Art. 30(1)(c). */
  readonly subjects: readonly SubjectRecord[];
  readonly categories: readonly CategoryRecord[];
  readonly sources: readonly {
    readonly id: string;
    readonly name: string;
    readonly type: string;
  }[];
  /** Art. 30(1)(d). */
  readonly recipients: readonly RecipientRecord[];
  /** Art. 30(1)(e). */
  readonly transfers: readonly TransferRecord[];
  /** Art. 30(1)(f). */
  readonly retention: RetentionRecord | null;
}

export interface SecurityRecord {
  readonly measures: readonly {
    readonly type: string;
    readonly label: string;
    readonly dpv: string;
    readonly description: string | null;
  }[];
  readonly statement: string | null;
}

export interface ProcessorActivityRecord {
  readonly id: string;
  readonly name: string;
  /** Art. 30(2)(b): categories of processing. */
  readonly description: string | null;
  /** Art. 30(2)(a): the controllers on whose behalf the processor acts. */
  readonly controllers: string;
  readonly subjects: string | null;
  readonly categories: readonly CategoryRecord[];
  readonly subProcessors: readonly RecipientRecord[];
  /** Art. 30(2)(c). */
  readonly transfers: readonly TransferRecord[];
}

export interface ProcessorRecord {
  /** Art. 30(2)(a): the organisation's entities acting as processor, with representatives and DPO. */
  readonly processors: readonly Entity[];
  readonly description: string;
  readonly agreement: string | null;
  readonly activities: readonly ProcessorActivityRecord[];
  readonly transfersOutsideEea: string | null;
  /** Art. 30(2)(d). */
  readonly security: SecurityRecord;
}

const PREFIXES = {
  dpv: 'https://w3id.org/dpv#',
  pd: 'https://w3id.org/dpv/pd#',
  'eu-gdpr': 'https://w3id.org/dpv/legal/eu/gdpr#',
} as const;

// GDPR Art. 6(1)(a)-(f); DPV 2.1 core and eu-gdpr legal_basis module.
const LEGAL_BASES: Readonly<Record<LegalBasis, { label: string; dpv: string; gdpr: string }>> = {
  consent: { label: 'Consent (GDPR Art. 6(1)(a))', dpv: 'dpv:Consent', gdpr: 'eu-gdpr:A6-1-a' },
  contract: { label: 'Contract (GDPR Art. 6(1)(b))', dpv: 'dpv:Contract', gdpr: 'eu-gdpr:A6-1-b' },
  'legal-obligation': {
    label: 'Legal obligation (GDPR Art. 6(1)(c))',
    dpv: 'dpv:LegalObligation',
    gdpr: 'eu-gdpr:A6-1-c',
  },
  'vital-interests': {
    label: 'Vital interests (GDPR Art. 6(1)(d))',
    dpv: 'dpv:VitalInterest',
    gdpr: 'eu-gdpr:A6-1-d',
  },
  'public-task': {
    label: 'Public task (GDPR Art. 6(1)(e))',
    dpv: 'dpv:PublicInterest',
    gdpr: 'eu-gdpr:A6-1-e',
  },
  'legitimate-interests': {
    label: 'Legitimate interests (GDPR Art. 6(1)(f))',
    dpv: 'dpv:LegitimateInterest',
    gdpr: 'eu-gdpr:A6-1-f',
  },
};

// GDPR Art. 9(2)(a)-(j); DPV eu-gdpr legal_basis_special module.
const ART9: Readonly<Record<string, { label: string; gdpr: string }>> = {
  'explicit-consent': { label: 'Explicit consent (GDPR Art. 9(2)(a))', gdpr: 'eu-gdpr:A9-2-a' },
  'employment-social-security': {
    label: 'Employment and social security law (GDPR Art. 9(2)(b))',
    gdpr: 'eu-gdpr:A9-2-b',
  },
  'vital-interests': { label: 'Vital interests (GDPR Art. 9(2)(c))', gdpr: 'eu-gdpr:A9-2-c' },
  'not-for-profit-body': {
    label: 'Not-for-profit body (GDPR Art. 9(2)(d))',
    gdpr: 'eu-gdpr:A9-2-d',
  },
  'made-public-by-subject': {
    label: 'Made public by the data subject (GDPR Art. 9(2)(e))',
    gdpr: 'eu-gdpr:A9-2-e',
  },
  'legal-claims': { label: 'Legal claims (GDPR Art. 9(2)(f))', gdpr: 'eu-gdpr:A9-2-f' },
  'substantial-public-interest': {
    label: 'Substantial public interest (GDPR Art. 9(2)(g))',
    gdpr: 'eu-gdpr:A9-2-g',
  },
  'health-or-social-care': {
    label: 'Health or social care (GDPR Art. 9(2)(h))',
    gdpr: 'eu-gdpr:A9-2-h',
  },
  'public-health': { label: 'Public health (GDPR Art. 9(2)(i))', gdpr: 'eu-gdpr:A9-2-i' },
  'archiving-research-statistics': {
    label: 'Archiving, research or statistics (GDPR Art. 9(2)(j))',
    gdpr: 'eu-gdpr:A9-2-j',
  },
};

// GDPR Art. 45-49; DPV eu-gdpr legal_basis_data_transfer module. The DPF is an adequacy decision
// (Commission Implementing Decision (EU) 2023/1795); the UK IDTA has no DPV term.
const MECHANISM_DPV: Readonly<Record<string, string>> = {
  adequacy: 'eu-gdpr:A45-3',
  dpf: 'eu-gdpr:A45-3',
  scc: 'eu-gdpr:A46-2-c',
  bcr: 'eu-gdpr:A46-2-b',
  'code-of-conduct': 'eu-gdpr:A46-2-e',
  certification: 'eu-gdpr:A46-2-f',
};

// GDPR Art. 49(1)(a)-(g).
const DEROGATIONS: Readonly<Record<string, { label: string; gdpr: string }>> = {
  'explicit-consent': { label: 'explicit consent (GDPR Art. 49(1)(a))', gdpr: 'eu-gdpr:A49-1-a' },
  'contract-with-subject': {
    label: 'contract with the data subject (GDPR Art. 49(1)(b))',
    gdpr: 'eu-gdpr:A49-1-b',
  },
  'contract-in-subject-interest': {
    label: 'contract in the interest of the data subject (GDPR Art. 49(1)(c))',
    gdpr: 'eu-gdpr:A49-1-c',
  },
  'public-interest': {
    label: 'important reasons of public interest (GDPR Art. 49(1)(d))',
    gdpr: 'eu-gdpr:A49-1-d',
  },
  'legal-claims': { label: 'legal claims (GDPR Art. 49(1)(e))', gdpr: 'eu-gdpr:A49-1-e' },
  'vital-interests': { label: 'vital interests (GDPR Art. 49(1)(f))', gdpr: 'eu-gdpr:A49-1-f' },
  'public-register': { label: 'public register (GDPR Art. 49(1)(g))', gdpr: 'eu-gdpr:A49-1-g' },
};

const RECIPIENT_DPV: Readonly<Record<string, string>> = {
  processor: 'dpv:DataProcessor',
  controller: 'dpv:DataController',
  'joint-controller': 'dpv:JointDataControllers',
  authority: 'dpv:Authority',
  'group-company': 'dpv:Recipient',
};

const RECIPIENT_TYPES: Readonly<Record<string, string>> = {
  processor: 'processor',
  controller: 'controller',
  'joint-controller': 'joint controller',
  authority: 'authority',
  'group-company': 'group company',
};

// GDPR Art. 32(1); DPV 2.1 technical and organisational measures.
const SECURITY: Readonly<Record<string, { label: string; dpv: string }>> = {
  'encryption-in-transit': { label: 'Encryption in transit', dpv: 'dpv:EncryptionInTransfer' },
  'encryption-at-rest': { label: 'Encryption at rest', dpv: 'dpv:EncryptionAtRest' },
  'access-control': { label: 'Access control', dpv: 'dpv:AccessControlMethod' },
  authentication: { label: 'Authentication', dpv: 'dpv:AuthenticationProtocols' },
  'network-security': { label: 'Network security', dpv: 'dpv:NetworkSecurityProtocols' },
  'logging-monitoring': { label: 'Logging and monitoring', dpv: 'dpv:ActivityMonitoring' },
  backup: { label: 'Backups', dpv: 'dpv:DataBackupProtocols' },
  pseudonymisation: { label: 'Pseudonymisation', dpv: 'dpv:Pseudonymisation' },
  'confidentiality-agreements': { label: 'Confidentiality agreements', dpv: 'dpv:NDA' },
  training: { label: 'Staff training', dpv: 'dpv:StaffTraining' },
  'physical-security': { label: 'Physical security', dpv: 'dpv:PhysicalMeasure' },
  'vendor-management': { label: 'Vendor management', dpv: 'dpv:SecurityProcedure' },
  'incident-response': { label: 'Incident response', dpv: 'dpv:IncidentManagementProcedures' },
  testing: { label: 'Regular testing and evaluation', dpv: 'dpv:SecurityAssessment' },
  other: { label: 'Other measure', dpv: 'dpv:TechnicalOrganisationalMeasure' },
};

const RETENTION_FROM: Readonly<Record<string, string>> = {
  collection: 'from collection',
  'last-interaction': 'from the last interaction',
  'contract-end': 'from the end of the contract',
  'account-closure': 'from the closure of the account',
  'consent-withdrawal': 'from the withdrawal of consent',
  'request-closure': 'from the closure of the request',
  'end-of-financial-year': 'from the end of the financial year',
  event: 'from the event',
};

const en = (text: Text): string => localize(text, 'en');
/** Joins statements as sentences, whether or not each ends with a full stop. */
const sentences = (parts: readonly string[]): string =>
  parts.map((part) => `${withoutStop(part)}.`).join(' ');
const enOrNull = (text: Text | undefined): string | null => (text === undefined ? null : en(text));

/** The Art. 30 record of a data map. Deterministic: the same map gives the same record. */
export function ropa(map: DataMap): Ropa {
  const security = securityRecord(map);
  const controller = map.organisation.controllers.map((entity): ControllerRecord => ({
    controller: entityRecord(entity),
    activities: map.purposes
      .filter((purpose) => controllersOf(map, purpose).some((c) => c.id === entity.id))
      .map((purpose) => controllerActivity(map, purpose)),
    security,
  }));
  const processor = map.organisation.processor;
  return {
    generatedFrom: {
      organisation: map.organisation.name,
      version: map.notice.version,
      effectiveDate: map.notice.effectiveDate,
    },
    prefixes: PREFIXES,
    controller,
    ...(processor === undefined
      ? {}
      : {
          processor: {
            processors: map.organisation.controllers
              .filter((c) => processor.entities === undefined || processor.entities.includes(c.id))
              .map(entityRecord),
            description: en(processor.description),
            agreement: enOrNull(processor.agreement),
            activities: processor.activities.map((activity): ProcessorActivityRecord => {
              const subProcessors = recipientsByIds(map, activity.subProcessors);
              return {
                id: activity.id,
                name: en(activity.name),
                description: enOrNull(activity.description),
                controllers: en(activity.controllers),
                subjects: enOrNull(activity.subjects),
                categories: (activity.categories ?? []).map((id) => categoryRecord(map, id)),
                subProcessors: subProcessors.map((recipient) => recipientRecord(map, recipient)),
                transfers: transferRecords(map, subProcessors),
              };
            }),
            transfersOutsideEea: processor.commitments.transfersOutsideEea ?? null,
            security,
          },
        }),
  };
}

function formatAddress(address: Address): string {
  const city = [address.postalCode, address.city].filter((part) => part !== undefined).join(' ');
  return [address.street, city, address.region, countryName(address.country, 'en')]
    .filter((part): part is string => part !== undefined && part !== '')
    .join(', ');
}

interface ContactLike {
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
  readonly url?: string | undefined;
  readonly address?: Address | undefined;
  readonly attention?: string | undefined;
}

function party(name: string, contact: ContactLike, fallbackAddress?: Address): Party {
  const address = contact.address ?? fallbackAddress;
  return {
    name,
    address:
      address === undefined
        ? null
        : `${contact.attention === undefined ? '' : `${contact.attention}, `}${formatAddress(address)}`,
    email: contact.email ?? null,
    phone: contact.phone ?? null,
    url: contact.url ?? null,
  };
}

function entityRecord(controller: Controller): Entity {
  const representatives: Representative[] = [];
  if (controller.euRepresentative) {
    const r = controller.euRepresentative;
    representatives.push({ ...party(r.name, r.contact), region: 'EU' });
  }
  if (controller.ukRepresentative) {
    const r = controller.ukRepresentative;
    representatives.push({ ...party(r.name, r.contact), region: 'UK' });
  }
  const dpo = controller.dpo;
  return {
    id: controller.id,
    ...party(controller.legalName, controller.contact, controller.address),
    tradingName: controller.tradingName ?? null,
    companyNumber: controller.companyNumber ?? null,
    vatNumber: controller.vatNumber ?? null,
    representatives,
    dpo: dpo === undefined ? null : party(dpo.name ?? 'Data protection officer', dpo.contact),
  };
}

function controllerActivity(map: DataMap, purpose: Purpose): ControllerActivity {
  const recipients = recipientsByIds(map, purpose.recipients);
  return {
    id: purpose.id,
    name: en(purpose.name),
    purpose: en(purpose.description),
    jointControllers: recipients
      .filter((recipient) => recipient.type === 'joint-controller')
      .map((recipient) => ({
        id: recipient.id,
        ...party(recipient.legalName ?? en(recipient.name), {
          ...(recipient.url === undefined ? {} : { url: recipient.url }),
        }),
        arrangement: enOrNull(recipient.arrangement),
      })),
    legalBasis: legalBasisRecord(purpose),
    specialCondition:
      purpose.special === undefined
        ? null
        : {
            condition: purpose.special.condition,
            label: ART9[purpose.special.condition]?.label ?? purpose.special.condition,
            gdpr: ART9[purpose.special.condition]?.gdpr ?? 'dpv:LegalBasis',
            details: enOrNull(purpose.special.details),
          },
    subjects: purpose.subjects.map((id) => {
      const subject = map.subjects.find((item) => item.id === id);
      return { id, name: subject ? en(subject.name) : id, children: subject?.children ?? false };
    }),
    categories: purpose.categories.map((id) => categoryRecord(map, id)),
    sources: purpose.sources.map((id) => {
      const source = map.sources.find((item) => item.id === id);
      return { id, name: source ? en(source.name) : id, type: source?.type ?? 'unknown' };
    }),
    recipients: recipients.map((recipient) => recipientRecord(map, recipient)),
    transfers: transferRecords(map, recipients),
    retention: retentionRecord(purpose),
  };
}

function legalBasisRecord(purpose: Purpose): LegalBasisRecord | null {
  const basis = purpose.legalBasis;
  if (basis === undefined) return null;
  const details: string[] = [];
  if (purpose.legitimateInterest) {
    details.push(
      `Interest: ${en(purpose.legitimateInterest.interest)}`,
      `Balancing: ${en(purpose.legitimateInterest.balancing)}`,
    );
  }
  if (purpose.legalObligation !== undefined)
    details.push(`Obligation: ${en(purpose.legalObligation)}`);
  if (purpose.consent?.explicit === true) details.push('Explicit consent');
  if (purpose.softOptIn) {
    details.push(
      `Existing customers: legitimate interest until they object (ePrivacy Directive Art. 13(2)): ${en(purpose.softOptIn.interest)}`,
    );
  }
  return { basis, ...LEGAL_BASES[basis], detail: details.length > 0 ? sentences(details) : null };
}

function categoryRecord(map: DataMap, id: string): CategoryRecord {
  const category = resolveCategory(map, id);
  if (!category) return { id, name: id, dpv: null, special: null, criminal: false };
  return {
    id,
    name: en(category.name),
    dpv: category.dpv,
    special: category.special ?? null,
    criminal: category.criminal,
  };
}

function recipientsByIds(map: DataMap, ids: readonly string[]): Recipient[] {
  return ids.flatMap((id) => map.recipients.filter((recipient) => recipient.id === id));
}

function thirdCountriesOf(
  map: DataMap,
  recipient: Recipient,
): { countries: string[]; needsSafeguard: string[] } {
  const found = transfers(map).filter((transfer) => transfer.recipient.id === recipient.id);
  return {
    countries: [...new Set(found.flatMap((transfer) => transfer.countries))],
    needsSafeguard: [...new Set(found.flatMap((transfer) => transfer.needsSafeguard))],
  };
}

function recipientRecord(map: DataMap, recipient: Recipient): RecipientRecord {
  const { processing, storage } = recipientCountries(recipient);
  return {
    id: recipient.id,
    name: en(recipient.name),
    legalName: recipient.legalName ?? null,
    type: recipient.type,
    dpv: RECIPIENT_DPV[recipient.type] ?? 'dpv:Recipient',
    category: recipient.category,
    service: en(recipient.service),
    countries: [...new Set([...processing, ...storage])],
    thirdCountries: thirdCountriesOf(map, recipient).countries,
  };
}

function transferRecords(map: DataMap, recipients: readonly Recipient[]): TransferRecord[] {
  return recipients.flatMap((recipient): TransferRecord[] => {
    const { countries, needsSafeguard } = thirdCountriesOf(map, recipient);
    if (countries.length === 0) return [];
    const t = recipient.transfer;
    const mechanism = transferMechanism(map, recipient);
    const derogation = t?.derogation ?? null;
    const dpv =
      mechanism === 'derogation'
        ? derogation === null
          ? null
          : (DEROGATIONS[derogation]?.gdpr ?? null)
        : mechanism === null
          ? null
          : (MECHANISM_DPV[mechanism] ?? null);
    const tia = t?.tia ?? null;
    const parts: string[] = [];
    if (mechanism === null) parts.push('No safeguard declared');
    else if (mechanism === 'derogation') {
      parts.push(
        `Derogation: ${derogation === null ? 'ground not stated (GDPR Art. 49(1))' : (DEROGATIONS[derogation]?.label ?? derogation)}`,
      );
    } else parts.push(transferMechanismLabel(mechanism));
    if (tia === true) parts.push('transfer impact assessment done');
    else if (typeof tia === 'string') parts.push(`transfer impact assessment of ${tia}`);
    if (t?.supplementaryMeasures !== undefined)
      parts.push(`supplementary measures: ${en(t.supplementaryMeasures)}`);
    if (t?.copy !== undefined) parts.push(`copy of the safeguards: ${en(t.copy)}`);
    return [
      {
        recipient: recipient.id,
        recipientName: en(recipient.name),
        countries,
        needsSafeguard,
        mechanism,
        dpv,
        derogation,
        tia,
        supplementaryMeasures: enOrNull(t?.supplementaryMeasures),
        copy: enOrNull(t?.copy),
        documentation: parts.map(withoutStop).join('; '),
      },
    ];
  });
}

/** Units of the date part of an ISO 8601 duration, then of its time part (after `T`). */
const UNITS: Readonly<Record<string, string>> = { Y: 'year', M: 'month', W: 'week', D: 'day' };
const TIME_UNITS: Readonly<Record<string, string>> = { H: 'hour', M: 'minute', S: 'second' };

/** An ISO 8601 duration in English words: P1Y6M is "1 year and 6 months". */
export function durationText(duration: string): string {
  const parts: string[] = [];
  let digits = '';
  let units = UNITS;
  // One pass: digits, then the letter of their unit.
  for (const char of duration.slice(1)) {
    if (char >= '0' && char <= '9') {
      digits += char;
      continue;
    }
    if (char === 'T') units = TIME_UNITS;
    const unit = units[char];
    if (unit !== undefined && digits !== '') {
      const count = Number(digits);
      parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
    }
    digits = '';
  }
  if (parts.length === 0) return duration;
  return parts.length === 1
    ? (parts[0] ?? duration)
    : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
}

function retentionRecord(purpose: Purpose): RetentionRecord | null {
  const retention = purpose.retention;
  if (retention === undefined) return null;
  const hold =
    retention.legalHold === undefined
      ? ''
      : ` Kept as long as the law requires: ${withoutStop(retention.legalHold.basis)}.`;
  const reason =
    (retention.reason === undefined ? '' : ` Reason: ${withoutStop(en(retention.reason))}.`) + hold;
  const legalHold = retention.legalHold?.basis ?? null;
  if ('duration' in retention) {
    const from =
      retention.from === 'event' && retention.event !== undefined
        ? `from ${en(retention.event)}`
        : (RETENTION_FROM[retention.from] ?? retention.from);
    const anonymise = retention.thenAnonymise === true ? ', then anonymised' : ', then erased';
    return {
      text: `${durationText(retention.duration)} ${from}${anonymise}.${reason}`,
      duration: retention.duration,
      from: retention.from,
      criteria: [],
      maximum: null,
      thenAnonymise: retention.thenAnonymise === true,
      legalHold,
    };
  }
  const criteria = retention.criteria.map(en);
  const maximum =
    retention.maximum === undefined ? '' : ` At most ${durationText(retention.maximum)}.`;
  const anonymise =
    retention.thenAnonymise === true ? ' Anonymised where deletion is not possible.' : '';
  return {
    text: `Criteria: ${criteria.map(withoutStop).join('; ')}.${maximum}${anonymise}${reason}`,
    duration: null,
    from: null,
    criteria,
    maximum: retention.maximum ?? null,
    thenAnonymise: retention.thenAnonymise === true,
    legalHold,
  };
}

function securityRecord(map: DataMap): SecurityRecord {
  return {
    measures: (map.security?.measures ?? []).map((measure) => ({
      type: measure.type,
      label: SECURITY[measure.type]?.label ?? measure.type,
      dpv: SECURITY[measure.type]?.dpv ?? 'dpv:TechnicalOrganisationalMeasure',
      description: enOrNull(measure.description),
    })),
    statement: enOrNull(map.security?.statement),
  };
}

// ---- Text of the record, shared by the CSV and the HTML document ----

function contactText(p: Party): string {
  return [p.address, p.email, p.phone, p.url]
    .filter((part): part is string => part !== null)
    .join(', ');
}

function partyText(p: Party): string {
  const contact = contactText(p);
  return contact === '' ? p.name : `${p.name} (${contact})`;
}

function representativesText(representatives: readonly Representative[]): string {
  return representatives.map((r) => `${r.region}: ${partyText(r)}`).join('; ');
}

function recipientText(r: RecipientRecord): string {
  const where = r.countries.length > 0 ? `; ${placesText(r.countries)}` : '';
  return `${r.name} (${RECIPIENT_TYPES[r.type] ?? r.type}${r.category ? ', category' : ''}${where})`;
}

function transferText(t: TransferRecord): string {
  return `${t.recipientName}: ${placesText(t.countries)}`;
}

function safeguardText(t: TransferRecord): string {
  return `${t.recipientName}: ${t.documentation}`;
}

function categoriesText(categories: readonly CategoryRecord[]): string {
  return categories
    .map(
      (c) =>
        `${c.name}${c.special !== null ? ' (special category, GDPR Art. 9(1))' : ''}${c.criminal ? ' (criminal data, GDPR Art. 10)' : ''}`,
    )
    .join('; ');
}

function securityText(security: SecurityRecord): string {
  const measures = security.measures.map((m) =>
    m.description === null ? m.label : `${m.label}: ${withoutStop(m.description)}`,
  );
  const all =
    security.statement === null ? measures : [...measures, withoutStop(security.statement)];
  return all.length === 0 ? 'Not described in the data map' : all.join('; ');
}

function legalBasisText(basis: LegalBasisRecord | null): string {
  if (basis === null) return 'Not stated';
  return basis.detail === null ? basis.label : `${basis.label}. ${basis.detail}`;
}

export const ROPA_CSV_COLUMNS = [
  'Record',
  'Activity id',
  'Processing activity',
  'Controller',
  'Controller contact',
  'Joint controllers',
  'Representative',
  'Data protection officer',
  'Processor',
  'Purpose / categories of processing',
  'Legal basis',
  'Legal basis (DPV)',
  'Special category condition',
  'Data subjects',
  'Personal data categories',
  'Personal data categories (DPV)',
  'Recipients',
  'Third-country transfers',
  'Transfer safeguards',
  'Erasure time limits',
  'Security measures',
] as const;

/** One row per processing activity: Art. 30(1) rows per controller, then Art. 30(2) rows. */
function csvRows(record: Ropa): string[][] {
  const rows: string[][] = [];
  for (const { controller, activities, security } of record.controller) {
    for (const activity of activities) {
      rows.push([
        'Art. 30(1)',
        activity.id,
        activity.name,
        controller.name,
        contactText(controller),
        activity.jointControllers
          .map(
            (j) =>
              `${partyText(j)}${j.arrangement === null ? '' : `; arrangement: ${j.arrangement}`}`,
          )
          .join('; '),
        representativesText(controller.representatives),
        controller.dpo === null ? '' : partyText(controller.dpo),
        '',
        activity.purpose,
        legalBasisText(activity.legalBasis),
        activity.legalBasis === null
          ? ''
          : `${activity.legalBasis.dpv} ${activity.legalBasis.gdpr}`,
        activity.specialCondition === null
          ? ''
          : `${activity.specialCondition.label} ${activity.specialCondition.gdpr}`,
        activity.subjects.map((s) => s.name).join('; '),
        categoriesText(activity.categories),
        activity.categories.map((c) => c.dpv ?? '').join('; '),
        activity.recipients.map(recipientText).join('; '),
        activity.transfers.map(transferText).join('; '),
        activity.transfers.map(safeguardText).join('; '),
        activity.retention?.text ?? 'Not stated',
        securityText(security),
      ]);
    }
  }
  const processor = record.processor;
  if (processor) {
    const processors = processor.processors.map(partyText).join('; ');
    const representatives = processor.processors
      .map((p) => representativesText(p.representatives))
      .filter((text) => text !== '')
      .join('; ');
    const dpos = processor.processors
      .flatMap((p) => (p.dpo === null ? [] : [partyText(p.dpo)]))
      .join('; ');
    for (const activity of processor.activities) {
      rows.push([
        'Art. 30(2)',
        activity.id,
        activity.name,
        activity.controllers,
        '',
        '',
        representatives,
        dpos,
        processors,
        activity.description ?? activity.name,
        '',
        '',
        '',
        activity.subjects ?? '',
        categoriesText(activity.categories),
        activity.categories.map((c) => c.dpv ?? '').join('; '),
        activity.subProcessors.map(recipientText).join('; '),
        activity.transfers.map(transferText).join('; '),
        activity.transfers.map(safeguardText).join('; '),
        '',
        securityText(processor.security),
      ]);
    }
  }
  return rows;
}

/** RFC 4180: quote fields that hold a comma, quote, CR or LF, doubling quotes. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The record as one CSV table (RFC 4180, CRLF line ends), with a `Record` column for 30(1) / 30(2). */
export function ropaCsv(record: Ropa): string {
  const lines = [[...ROPA_CSV_COLUMNS], ...csvRows(record)].map((row) =>
    row.map(csvField).join(','),
  );
  return `${lines.join('\r\n')}\r\n`;
}

/** The record as a document, for HTML (and Markdown) output. */
export function ropaDocument(record: Ropa): PublishedDocument {
  const { organisation, version, effectiveDate } = record.generatedFrom;
  const title = `${organisation}: record of processing activities`;
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: title },
    {
      kind: 'paragraph',
      text: `Generated from data map version ${version}, effective ${effectiveDate}. GDPR Art. 30(1) for each controller${record.processor ? ', and Art. 30(2) for the processing carried out on behalf of customers' : ''}.`,
    },
  ];

  for (const { controller, activities, security } of record.controller) {
    blocks.push(
      {
        kind: 'heading',
        level: 2,
        text: `Controller: ${controller.name}`,
        id: `controller-${controller.id}`,
      },
      {
        kind: 'fields',
        items: [
          ['Controller (Art. 30(1)(a))', partyText(controller)],
          ...(controller.companyNumber === null
            ? []
            : [['Company number', controller.companyNumber] as const]),
          ...(controller.vatNumber === null ? [] : [['VAT number', controller.vatNumber] as const]),
          ['Representative', representativesText(controller.representatives) || 'None'],
          [
            'Data protection officer',
            controller.dpo === null ? 'None designated' : partyText(controller.dpo),
          ],
          ['Security measures (Art. 30(1)(g))', securityText(security)],
        ],
      },
    );
    for (const activity of activities) {
      blocks.push(
        {
          kind: 'heading',
          level: 3,
          text: activity.name,
          id: `activity-${controller.id}-${activity.id}`,
        },
        {
          kind: 'fields',
          items: [
            ['Purpose (Art. 30(1)(b))', activity.purpose],
            ['Legal basis', legalBasisText(activity.legalBasis)],
            ...(activity.specialCondition === null
              ? []
              : [['Special category condition', activity.specialCondition.label] as const]),
            [
              'Joint controllers (Art. 30(1)(a))',
              activity.jointControllers.map(partyText).join('; ') || 'None',
            ],
            ['Data subjects (Art. 30(1)(c))', activity.subjects.map((s) => s.name).join('; ')],
            ['Personal data (Art. 30(1)(c))', categoriesText(activity.categories)],
            [
              'Recipients (Art. 30(1)(d))',
              activity.recipients.map(recipientText).join('; ') || 'None',
            ],
            [
              'Transfers to third countries (Art. 30(1)(e))',
              activity.transfers.map((t) => `${transferText(t)}. ${t.documentation}`).join('; ') ||
                'None',
            ],
            ['Time limits for erasure (Art. 30(1)(f))', activity.retention?.text ?? 'Not stated'],
          ],
        },
      );
    }
  }

  const processor = record.processor;
  if (processor) {
    blocks.push(
      { kind: 'heading', level: 2, text: 'As processor (Art. 30(2))', id: 'processor' },
      {
        kind: 'fields',
        items: [
          ['Processor (Art. 30(2)(a))', processor.processors.map(partyText).join('; ')],
          [
            'Representative',
            processor.processors
              .map((p) => representativesText(p.representatives))
              .filter(Boolean)
              .join('; ') || 'None',
          ],
          [
            'Data protection officer',
            processor.processors
              .flatMap((p) => (p.dpo === null ? [] : [partyText(p.dpo)]))
              .join('; ') || 'None designated',
          ],
          ['Description', processor.description],
          ...(processor.agreement === null ? [] : [['Agreement', processor.agreement] as const]),
          ['Security measures (Art. 30(2)(d))', securityText(processor.security)],
        ],
      },
    );
    for (const activity of processor.activities) {
      blocks.push(
        { kind: 'heading', level: 3, text: activity.name, id: `processor-${activity.id}` },
        {
          kind: 'fields',
          items: [
            ['On behalf of (Art. 30(2)(a))', activity.controllers],
            ['Categories of processing (Art. 30(2)(b))', activity.description ?? activity.name],
            ...(activity.subjects === null ? [] : [['Data subjects', activity.subjects] as const]),
            ...(activity.categories.length === 0
              ? []
              : [['Personal data', categoriesText(activity.categories)] as const]),
            ['Sub-processors', activity.subProcessors.map(recipientText).join('; ') || 'None'],
            [
              'Transfers to third countries (Art. 30(2)(c))',
              activity.transfers.map((t) => `${transferText(t)}. ${t.documentation}`).join('; ') ||
                'None',
            ],
          ],
        },
      );
    }
  }

  return { title, language: 'en', blocks };
}
