import {
  countryName,
  expandRegion,
  localize,
  purposesOf,
  recipientCountries,
  transfers,
  type DataMap,
  type Recipient,
} from '../map/index.js';
import { withoutStop, type Block, type PublishedDocument } from './document.js';

/** One line of the public sub-processor list. */
export interface SubprocessorEntry {
  readonly id: string;
  /** The name people know the company by, in English. */
  readonly company: string;
  readonly legalName?: string;
  /** A category of providers ("IT service providers") rather than one named company. */
  readonly category: boolean;
  readonly service: string;
  /** Purpose ids (as controller) or processor activity ids (as processor) the recipient serves. */
  readonly purposes: readonly string[];
  readonly processingCountries: readonly string[];
  readonly storageCountries: readonly string[];
  /** GDPR Art. 45-49 mechanism for processing outside the EEA; null when none is needed or known. */
  readonly transferMechanism: string | null;
  readonly dpfCertified: boolean;
  readonly dpaSigned: boolean;
}

/**
 * The processors a customer or visitor should know about. As a processor (organisation.processor),
 * the sub-processors engaged for customer data: the recipients the activities name (GDPR Art. 28(2),
 * 28(4)). Otherwise the controller's own processors.
 */
export function subprocessors(map: DataMap): SubprocessorEntry[] {
  const processor = map.organisation.processor;
  if (processor) {
    const byRecipient = new Map<string, string[]>();
    for (const activity of processor.activities) {
      for (const id of activity.subProcessors) {
        const ids = byRecipient.get(id) ?? [];
        if (!ids.includes(activity.id)) ids.push(activity.id);
        byRecipient.set(id, ids);
      }
    }
    return map.recipients
      .filter((recipient) => byRecipient.has(recipient.id))
      .map((recipient) => entry(map, recipient, byRecipient.get(recipient.id) ?? []));
  }
  return map.recipients
    .filter((recipient) => recipient.type === 'processor')
    .map((recipient) =>
      entry(
        map,
        recipient,
        purposesOf(map, recipient.id).map((purpose) => purpose.id),
      ),
    );
}

function entry(map: DataMap, recipient: Recipient, purposes: string[]): SubprocessorEntry {
  const { processing, storage } = recipientCountries(recipient);
  return {
    id: recipient.id,
    company: localize(recipient.name, 'en'),
    ...(recipient.legalName === undefined ? {} : { legalName: recipient.legalName }),
    category: recipient.category,
    service: localize(recipient.service, 'en'),
    purposes,
    processingCountries: processing,
    storageCountries: storage,
    transferMechanism: transferMechanism(map, recipient),
    dpfCertified: recipient.dpfCertified === true,
    dpaSigned: recipient.dpa?.signed === true,
  };
}

/**
 * The mechanism a recipient's transfers rest on: the declared one, else an adequacy decision when
 * every third country it uses is adequate for it (the DPF for certified US companies), else null.
 */
export function transferMechanism(map: DataMap, recipient: Recipient): string | null {
  if (recipient.transfer) return recipient.transfer.mechanism;
  const found = transfers(map).filter((transfer) => transfer.recipient.id === recipient.id);
  if (found.length === 0 || found.some((transfer) => transfer.needsSafeguard.length > 0))
    return null;
  const usesUs = found.some((transfer) => transfer.countries.includes('US'));
  return usesUs && recipient.dpfCertified === true ? 'dpf' : 'adequacy';
}

const MECHANISM_LABELS: Readonly<Record<string, string>> = {
  adequacy: 'Adequacy decision (GDPR Art. 45)',
  scc: 'Standard contractual clauses (GDPR Art. 46(2)(c))',
  'uk-idta': 'UK International Data Transfer Agreement (UK GDPR Art. 46)',
  dpf: 'EU-US Data Privacy Framework (GDPR Art. 45)',
  bcr: 'Binding corporate rules (GDPR Art. 46(2)(b), 47)',
  'code-of-conduct': 'Approved code of conduct (GDPR Art. 46(2)(e))',
  certification: 'Approved certification (GDPR Art. 46(2)(f))',
  derogation: 'Derogation for a specific situation (GDPR Art. 49)',
};

/** The English name of a transfer mechanism id, with its article. */
export function transferMechanismLabel(mechanism: string): string {
  return MECHANISM_LABELS[mechanism] ?? mechanism;
}

/** Countries by English name; the whole EEA (or EU) in one phrase when all of it is listed. */
export function placesText(codes: readonly string[]): string {
  const set = new Set(codes);
  for (const [region, name] of [
    ['EEA', 'European Economic Area'],
    ['EU', 'European Union'],
  ] as const) {
    const members = expandRegion(region);
    if (members.every((code) => set.has(code))) {
      const rest = codes.filter((code) => !members.includes(code));
      return [name, ...rest.map((code) => countryName(code, 'en'))].join(', ');
    }
  }
  return codes.map((code) => countryName(code, 'en')).join(', ');
}

/** English possessive: "Flexmail's", "Behind The Buttons'". */
function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

/** The public sub-processor list as a document (English). */
export function subprocessorsDocument(map: DataMap, language: 'en' = 'en'): PublishedDocument {
  const organisation = map.organisation.name;
  const processor = map.organisation.processor;
  const entries = subprocessors(map);
  const activityNames = new Map(
    (processor?.activities ?? []).map((activity) => [
      activity.id,
      localize(activity.name, language),
    ]),
  );
  const purposeNames = new Map(
    map.purposes.map((purpose) => [purpose.id, localize(purpose.name, language)]),
  );
  const names = processor ? activityNames : purposeNames;
  // GDPR Art. 44: a transfer is a disclosure outside the EEA (or the UK, under UK GDPR).
  const transferring = new Set(transfers(map).map((transfer) => transfer.recipient.id));

  const blocks: Block[] = [
    {
      kind: 'heading',
      level: 1,
      text: `${organisation}: ${processor ? 'sub-processors' : 'processors'}`,
    },
    {
      kind: 'paragraph',
      text: `Version ${map.notice.version}, effective ${map.notice.effectiveDate}.`,
    },
    {
      kind: 'paragraph',
      text: processor
        ? `${organisation} engages the following sub-processors to provide its services. They process personal data that customers entrust to ${organisation}, on ${possessive(organisation)} behalf (GDPR Art. 28(2), 28(4)).`
        : `${organisation} engages the following processors. They process personal data on ${possessive(organisation)} behalf and only on its instructions (GDPR Art. 28).`,
    },
  ];

  if (entries.length === 0) {
    blocks.push({
      kind: 'paragraph',
      text: processor ? 'No sub-processors are engaged.' : 'No processors are engaged.',
    });
  } else {
    blocks.push({
      kind: 'table',
      head: [
        'Company',
        'Purpose / service',
        'Processing countries',
        'Storage countries',
        'Transfer mechanism',
      ],
      rows: entries.map((item) => {
        const company = [
          item.company,
          item.legalName !== undefined && item.legalName !== item.company
            ? ` (${item.legalName})`
            : '',
          item.category ? ' (category of providers)' : '',
        ].join('');
        const purposes = item.purposes.map((id) => names.get(id) ?? id);
        const service =
          purposes.length > 0
            ? `${withoutStop(item.service)}. For: ${purposes.join(', ')}`
            : item.service;
        const mechanism =
          item.transferMechanism !== null
            ? transferMechanismLabel(item.transferMechanism)
            : transferring.has(item.id)
              ? 'None declared'
              : 'Not needed (no transfer)';
        return [
          company,
          service,
          placesText(item.processingCountries) || 'Not stated',
          placesText(item.storageCountries) || 'Not stated',
          item.processingCountries.length === 0 && item.storageCountries.length === 0
            ? 'Not stated'
            : mechanism,
        ];
      }),
    });
  }

  const commitments = processor?.commitments;
  const changes = commitments?.subProcessorChanges;
  if (changes) {
    const when =
      changes.noticeDays > 0
        ? `at least ${changes.noticeDays} ${changes.noticeDays === 1 ? 'day' : 'days'} before the change takes effect`
        : 'before the change takes effect';
    const objection = changes.objection
      ? ', and customers may object to the change within that period'
      : '';
    blocks.push(
      { kind: 'heading', level: 2, text: 'Changes to this list' },
      {
        kind: 'paragraph',
        // GDPR Art. 28(2): inform the controller of intended additions or replacements, giving it the
        // opportunity to object.
        text: `${organisation} tells its customers of any intended addition or replacement of a sub-processor ${when}${objection} (GDPR Art. 28(2)).`,
      },
    );
  }
  const outside = commitments?.transfersOutsideEea;
  if (outside) {
    const text = {
      never: 'Customer data is not transferred outside the European Economic Area.',
      'with-permission':
        'Customer data is transferred outside the European Economic Area only with the customer’s permission.',
      'with-safeguards':
        'Customer data is transferred outside the European Economic Area only under an adequacy decision or appropriate safeguards (GDPR Art. 44-46).',
    }[outside];
    blocks.push(
      { kind: 'heading', level: 2, text: 'Transfers outside the EEA' },
      { kind: 'paragraph', text },
    );
  }

  return {
    title: `${organisation}: ${processor ? 'sub-processors' : 'processors'}`,
    language,
    blocks,
  };
}
