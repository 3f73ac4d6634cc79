import { CustodianError } from '../errors.js';
import {
  localize,
  resolveCategory,
  type Address,
  type Controller,
  type Language,
  type Law,
  type LegalBasis,
} from '../map/index.js';
import { iso } from './consent-state.js';
import type { LedgerEventKind } from './ledger-event.js';
import {
  controllerOf,
  jurisdictionsOf,
  legalBasisOf,
  normaliseCountry,
  type Choice,
  type Db,
  type LedgerContext,
} from './ledger-context.js';
import { isSubjectId } from './subject.js';

/** A party named on a receipt (ISO/IEC TS 27560 party fields). */
export interface ReceiptParty {
  readonly id: string;
  readonly role: 'controller';
  readonly name: string;
  readonly tradingName: string | null;
  readonly address: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly url: string | null;
  /** GDPR Art. 13(1)(b): the data protection officer's contact. */
  readonly dpo: { readonly name: string | null; readonly email: string | null } | null;
}

/** A purpose on a receipt, with its basis and data (27560 processing and personal data fields). */
export interface ReceiptPurpose {
  readonly id: string;
  /** Null when the purpose has since left the map. */
  readonly name: string | null;
  readonly description: string | null;
  readonly legalBasis: LegalBasis | null;
  /** W3C DPV term and GDPR article of the basis, e.g. dpv:Consent, eu-gdpr:A6-1-a. */
  readonly dpvLegalBasis: string | null;
  readonly gdprLegalBasis: string | null;
  readonly directMarketing: boolean;
  readonly personalData: readonly {
    readonly id: string;
    readonly name: string;
    readonly dpv: string;
  }[];
  /** GDPR Art. 7(3): how to withdraw, as the map's channels. */
  readonly withdrawal: readonly {
    readonly channel: string;
    readonly type: string;
    readonly email: string | null;
    readonly url: string | null;
  }[];
  /** The state this receipt recorded (DPV consent status), or null when it recorded none. */
  readonly status: ConsentStatus | null;
  /** The live state now, which a later receipt may have changed. */
  readonly currentStatus: Choice | null;
}

/** DPV consent statuses a receipt can record. */
export type ConsentStatus = 'dpv:ConsentGiven' | 'dpv:ConsentRefused' | 'dpv:ConsentWithdrawn';

/** A status change (27560 event fields). */
export interface ReceiptEvent {
  readonly time: string;
  readonly purpose: string | null;
  readonly type: LedgerEventKind;
  readonly status: ConsentStatus | null;
  readonly by: 'data-subject';
  readonly source: string;
}

/**
 * A consent receipt in the shape of ISO/IEC TS 27560:2023 (header, processing, parties, events),
 * with W3C DPV identifiers: an authoritative copy of one consent record that can be handed to the
 * person. It names them only by their pseudonymous subject id.
 */
export interface ConsentReceipt {
  readonly schemaVersion: 'ISO/IEC TS 27560:2023';
  readonly receiptId: string;
  readonly recordId: string;
  readonly piiPrincipalId: string;
  readonly recordedAt: string;
  readonly language: Language;
  readonly notice: { readonly version: string | null; readonly effectiveDate: string | null };
  readonly jurisdictions: readonly Law[];
  readonly controller: ReceiptParty;
  readonly collectionMethod: string;
  readonly gpc: boolean;
  readonly purposes: readonly ReceiptPurpose[];
  readonly events: readonly ReceiptEvent[];
}

// GDPR Art. 6(1)(a)-(f) as W3C DPV core terms and eu-gdpr legal bases.
const BASIS_TERMS: Readonly<Record<LegalBasis, { dpv: string; gdpr: string }>> = {
  consent: { dpv: 'dpv:Consent', gdpr: 'eu-gdpr:A6-1-a' },
  contract: { dpv: 'dpv:Contract', gdpr: 'eu-gdpr:A6-1-b' },
  'legal-obligation': { dpv: 'dpv:LegalObligation', gdpr: 'eu-gdpr:A6-1-c' },
  'vital-interests': { dpv: 'dpv:VitalInterest', gdpr: 'eu-gdpr:A6-1-d' },
  'public-task': { dpv: 'dpv:PublicInterest', gdpr: 'eu-gdpr:A6-1-e' },
  'legitimate-interests': { dpv: 'dpv:LegitimateInterest', gdpr: 'eu-gdpr:A6-1-f' },
};

function receiptNotFound(): CustodianError {
  return new CustodianError('receipt.not_found', 'no receipt with that id');
}

/**
 * The receipt of one recorded change, to hand to the person (ISO/IEC TS 27560; GDPR Art. 7(1)).
 * The controller is the one answering for the country given when the consent was recorded.
 *
 * @throws `receipt.not_found`.
 */
export async function consentReceipt(
  db: Db,
  ctx: LedgerContext,
  receiptId: string,
  language: Language = ctx.map.notice.languages[0] ?? 'en',
): Promise<ConsentReceipt> {
  if (!isSubjectId(receiptId)) throw receiptNotFound();
  const events = await db
    .selectFrom('ledger_events')
    .select([
      'id',
      'subject_id',
      'purpose',
      'kind',
      'source',
      'notice_version',
      'gpc',
      'recorded_at',
      'details',
      'withdrawal',
    ])
    .where('receipt_id', '=', receiptId)
    .orderBy('id')
    .execute();
  const first = events[0];
  if (!first) throw receiptNotFound();
  const purposeIds = [
    ...new Set(events.flatMap((event) => (event.purpose === null ? [] : [event.purpose]))),
  ];

  const current = new Map<string, Choice>();
  if (purposeIds.length > 0) {
    const rows = await db
      .selectFrom('consent_state')
      .select(['purpose', 'status'])
      .where('subject_id', '=', first.subject_id)
      .where('purpose', 'in', purposeIds)
      .execute();
    for (const row of rows) current.set(row.purpose, row.status as Choice);
  }

  // Whether a refusal withdrew an earlier grant (GDPR Art. 7(3)) is decided when the event is
  // written and kept on it: the grant it withdrew may since have been swept (map
  // `records.consentProof`), and the receipt must read the same.
  const statusOf = (event: { kind: string; withdrawal: boolean }): ConsentStatus | null => {
    if (event.kind === 'granted') return 'dpv:ConsentGiven';
    if (event.kind !== 'denied') return null;
    return event.withdrawal ? 'dpv:ConsentWithdrawn' : 'dpv:ConsentRefused';
  };

  const country = normaliseCountry(
    typeof first.details['country'] === 'string' ? first.details['country'] : undefined,
  );
  const map = ctx.map;
  const text = (value: Parameters<typeof localize>[0] | undefined): string | null =>
    value === undefined ? null : localize(value, language);

  const purposes = purposeIds.map((id): ReceiptPurpose => {
    const purpose = map.purposes.find((candidate) => candidate.id === id);
    const basis = purpose ? (legalBasisOf(purpose) ?? null) : null;
    const recorded = events.filter((event) => event.purpose === id);
    const last = recorded.findLast((event) => event.kind === 'granted' || event.kind === 'denied');
    return {
      id,
      name: text(purpose?.name),
      description: text(purpose?.description),
      legalBasis: basis,
      dpvLegalBasis: basis === null ? null : BASIS_TERMS[basis].dpv,
      gdprLegalBasis: basis === null ? null : BASIS_TERMS[basis].gdpr,
      directMarketing: purpose?.directMarketing ?? false,
      personalData: (purpose?.categories ?? []).map((category) => {
        const resolved = resolveCategory(map, category);
        return {
          id: category,
          name: resolved ? localize(resolved.name, language) : category,
          dpv: resolved?.dpv ?? 'dpv:PersonalData',
        };
      }),
      withdrawal: (purpose?.consent?.withdrawal ?? purpose?.objection ?? []).map((channelId) => {
        const channel = map.channels.find((candidate) => candidate.id === channelId);
        return {
          channel: channelId,
          type: channel?.type ?? 'unknown',
          email: channel?.email ?? null,
          url: channel?.url ?? null,
        };
      }),
      status: last ? statusOf(last) : null,
      currentStatus: current.get(id) ?? null,
    };
  });

  const noticeVersion = first.notice_version;
  return {
    schemaVersion: 'ISO/IEC TS 27560:2023',
    receiptId,
    recordId: receiptId,
    piiPrincipalId: first.subject_id,
    recordedAt: iso(first.recorded_at),
    language,
    notice: {
      version: noticeVersion,
      effectiveDate:
        noticeVersion !== null && noticeVersion === map.notice.version
          ? map.notice.effectiveDate
          : null,
    },
    jurisdictions: [...new Set(jurisdictionsOf(map, country).map((j) => j.law))],
    controller: party(controllerOf(map, country)),
    collectionMethod: first.source,
    gpc: events.some((event) => event.gpc),
    purposes,
    events: events.map((event) => ({
      time: iso(event.recorded_at),
      purpose: event.purpose,
      type: event.kind as LedgerEventKind,
      status: statusOf(event),
      by: 'data-subject',
      source: event.source,
    })),
  };
}

function party(controller: Controller): ReceiptParty {
  return {
    id: controller.id,
    role: 'controller',
    name: controller.legalName,
    tradingName: controller.tradingName ?? null,
    address: formatAddress(controller.address),
    email: controller.contact.email ?? null,
    phone: controller.contact.phone ?? null,
    url: controller.contact.url ?? null,
    dpo: controller.dpo
      ? { name: controller.dpo.name ?? null, email: controller.dpo.contact.email ?? null }
      : null,
  };
}

function formatAddress(address: Address): string {
  return [
    address.street,
    [address.postalCode, address.city].filter((part) => part !== undefined).join(' '),
    address.region,
    address.country,
  ]
    .filter((part): part is string => part !== undefined && part !== '')
    .join(', ');
}
