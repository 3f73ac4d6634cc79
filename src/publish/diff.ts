import {
  controllersOf,
  durationDays,
  localize,
  recipientCountries,
  resolveCategory,
  transfers,
  type DataMap,
  type Jurisdiction,
  type Law,
  type Purpose,
  type Recipient,
  type Text,
} from '../map/index.js';
import type { Block, PublishedDocument } from './document.js';
import { placesText, transferMechanism, transferMechanismLabel } from './subprocessors.js';

/** Every kind of change `diff` reports. */
export const CHANGE_KINDS = [
  'purpose-added',
  'purpose-removed',
  'legal-basis-changed',
  'direct-marketing-started',
  'subject-added',
  'category-added',
  'category-removed',
  'special-category-added',
  'recipient-added',
  'recipient-removed',
  'transfer-added',
  'transfer-mechanism-changed',
  'country-added',
  'retention-longer',
  'retention-shorter',
  'retention-changed',
  'automated-decision-added',
  'controller-changed',
  'dpo-changed',
  'rights-channel-changed',
  'sale-started',
  'subprocessor-added',
  'subprocessor-removed',
  'cookie-added',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/**
 * notify: people (or, as a processor, customers) must be told before the change takes effect;
 * inform: the published notice must be updated; record: internal record keeping only.
 */
export type ChangeSeverity = 'notify' | 'inform' | 'record';

/** One change between two versions of a data map, with why it matters. */
export interface Change {
  readonly kind: ChangeKind;
  readonly severity: ChangeSeverity;
  /** The id of what changed: a purpose, recipient, controller, law or cookie name. */
  readonly subject: string;
  readonly message: string;
  readonly reason: string;
}

// WP29 Guidelines on transparency (WP260 rev.01, endorsed by the EDPB), paras. 29-32: fundamental
// changes (purpose, controller identity, how rights are exercised, wider recipients, new transfers)
// are brought to people's attention actively and well before they take effect.
const WP260 = 'WP29 Guidelines on transparency (WP260 rev.01), paras. 29-32';

const en = (text: Text): string => localize(text, 'en');
const byId = <T extends { readonly id: string }>(items: readonly T[]): Map<string, T> =>
  new Map(items.map((item) => [item.id, item]));
const added = (before: readonly string[], after: readonly string[]): string[] =>
  after.filter((item, index) => !before.includes(item) && after.indexOf(item) === index);

/** Stable JSON for comparing parsed values regardless of key order. */
function same(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/**
 * What changed from `before` to `after`, compared by id, in map order: purposes first, then
 * recipients and transfers, sub-processors, controllers, rights channels, sale, cookies.
 * Identical maps give no changes.
 */
export function diff(before: DataMap, after: DataMap): Change[] {
  return [
    ...purposeChanges(before, after),
    ...transferChanges(before, after),
    ...subprocessorChanges(before, after),
    ...controllerChanges(before, after),
    ...channelChanges(before, after),
    ...saleChanges(before, after),
    ...cookieChanges(before, after),
  ];
}

function purposeChanges(before: DataMap, after: DataMap): Change[] {
  const changes: Change[] = [];
  const old = byId(before.purposes);
  const next = byId(after.purposes);
  for (const purpose of after.purposes) {
    const previous = old.get(purpose.id);
    if (previous === undefined) {
      changes.push({
        kind: 'purpose-added',
        severity: 'notify',
        subject: purpose.id,
        message: `new purpose "${en(purpose.name)}"${purpose.legalBasis === undefined ? '' : ` on ${purpose.legalBasis}`}`,
        reason: `GDPR Art. 13(3), 14(4): people are told of a new purpose before their data is used for it${purpose.legalBasis === 'consent' ? ', and consent is asked for it (Art. 6(1)(a), 7)' : ''}; ${WP260}.`,
      });
      for (const id of purpose.categories) {
        const special = resolveCategory(after, id)?.special;
        if (special !== undefined) changes.push(specialCategoryAdded(purpose, id, special));
      }
      continue;
    }
    changes.push(...purposeEdits(before, after, previous, purpose));
  }
  for (const purpose of before.purposes) {
    if (next.has(purpose.id)) continue;
    changes.push({
      kind: 'purpose-removed',
      severity: 'inform',
      subject: purpose.id,
      message: `purpose "${en(purpose.name)}" removed`,
      reason:
        'GDPR Art. 13(1)(c): the notice lists the purposes in force; data kept only for this purpose is erased (Art. 5(1)(e), 17(1)(a)).',
    });
  }
  return changes;
}

function specialCategoryAdded(purpose: Purpose, id: string, special: string): Change {
  return {
    kind: 'special-category-added',
    severity: 'notify',
    subject: purpose.id,
    message: `purpose "${en(purpose.name)}" now uses special-category data "${id}" (${special})`,
    reason: `GDPR Art. 9(1)-(2): special categories need an Art. 9(2) condition${purpose.special === undefined ? ', and the purpose states none' : ` (here ${purpose.special.condition})`}; people are told before such data is processed (Art. 13(1)(c), ${WP260}).`,
  };
}

function purposeEdits(
  before: DataMap,
  after: DataMap,
  previous: Purpose,
  purpose: Purpose,
): Change[] {
  const changes: Change[] = [];
  const name = en(purpose.name);

  if (previous.legalBasis !== purpose.legalBasis) {
    changes.push({
      kind: 'legal-basis-changed',
      severity: 'notify',
      subject: purpose.id,
      message: `purpose "${name}" changes its legal basis from ${previous.legalBasis ?? 'none'} to ${purpose.legalBasis ?? 'none'}`,
      reason:
        'GDPR Art. 13(1)(c): the notice names the legal basis, and the rights people have depend on it (Art. 17(1)(b), 20(1), 21(1)); a basis cannot be swapped after the fact (EDPB Guidelines 05/2020 on consent), so people are told before the new basis is relied on.',
    });
  }

  if (!previous.directMarketing && purpose.directMarketing) {
    changes.push({
      kind: 'direct-marketing-started',
      severity: 'notify',
      subject: purpose.id,
      message: `purpose "${name}" is now used for direct marketing`,
      reason:
        'GDPR Art. 21(2)-(4): the absolute right to object to direct marketing is explicitly brought to people’s attention at the latest at the first communication; using data for marketing is a new purpose (Art. 13(3)).',
    });
  }

  const oldControllers = controllersOf(before, previous).map((c) => c.id);
  const newControllers = controllersOf(after, purpose).map((c) => c.id);
  if (!same([...oldControllers].sort(), [...newControllers].sort())) {
    changes.push({
      kind: 'controller-changed',
      severity: 'notify',
      subject: purpose.id,
      message: `purpose "${name}" is now carried out by ${newControllers.join(', ') || 'no controller'} (was ${oldControllers.join(', ') || 'none'})`,
      reason: `GDPR Art. 13(1)(a): people are told who the controller is; a change of controller is communicated before it takes effect (${WP260}).`,
    });
  }

  for (const id of added(previous.subjects, purpose.subjects)) {
    changes.push({
      kind: 'subject-added',
      severity: 'inform',
      subject: purpose.id,
      message: `purpose "${name}" now also concerns the data subjects "${id}"`,
      reason:
        'GDPR Art. 13(1), 14(1): the new group is given the notice when its data is collected or obtained.',
    });
  }

  for (const id of added(previous.categories, purpose.categories)) {
    const special = resolveCategory(after, id)?.special;
    if (special !== undefined) {
      changes.push(specialCategoryAdded(purpose, id, special));
      continue;
    }
    const consent = purpose.legalBasis === 'consent';
    changes.push({
      kind: 'category-added',
      severity: consent ? 'notify' : 'inform',
      subject: purpose.id,
      message: `purpose "${name}" now uses "${id}"`,
      reason: consent
        ? 'GDPR Art. 4(11), 7: consent covers the data it was asked for; new data needs fresh, informed consent before it is used.'
        : 'GDPR Art. 14(1)(d), 15(1)(b): the notice and access answers list the categories of data processed.',
    });
  }
  for (const id of added(purpose.categories, previous.categories)) {
    changes.push({
      kind: 'category-removed',
      severity: 'record',
      subject: purpose.id,
      message: `purpose "${name}" no longer uses "${id}"`,
      reason:
        'GDPR Art. 5(1)(c), 30(1)(c): data minimisation; update the record, and erase what is no longer needed.',
    });
  }

  const recipients = byId(after.recipients);
  for (const id of added(previous.recipients, purpose.recipients)) {
    const recipient = recipients.get(id);
    const processor = recipient?.type === 'processor';
    changes.push({
      kind: 'recipient-added',
      severity: processor ? 'inform' : 'notify',
      subject: id,
      message: `"${recipient ? en(recipient.name) : id}"${recipient ? ` (${recipient.type})` : ''} now receives data for purpose "${name}"`,
      reason: processor
        ? 'GDPR Art. 13(1)(e), 30(1)(d): the notice and the record list the recipients; the processor works under an Art. 28(3) agreement.'
        : `GDPR Art. 13(1)(e): disclosing data to a further controller widens the recipients, a change people are told of before it takes effect (${WP260}).`,
    });
  }
  for (const id of added(purpose.recipients, previous.recipients)) {
    const recipient = byId(before.recipients).get(id);
    changes.push({
      kind: 'recipient-removed',
      severity: 'inform',
      subject: id,
      message: `"${recipient ? en(recipient.name) : id}" no longer receives data for purpose "${name}"`,
      reason:
        'GDPR Art. 13(1)(e), 30(1)(d): the notice and the record list current recipients; a processor deletes or returns the data at the end of the service (Art. 28(3)(g)).',
    });
  }

  const retention = retentionChange(previous, purpose);
  if (retention) changes.push(retention);

  const oldAdm = previous.automatedDecisions;
  const newAdm = purpose.automatedDecisions;
  const significant = (adm: Purpose['automatedDecisions']): boolean =>
    adm !== undefined && adm.solelyAutomated && adm.significantEffect;
  if (
    newAdm !== undefined &&
    (oldAdm === undefined || (significant(newAdm) && !significant(oldAdm)))
  ) {
    const art22 = significant(newAdm);
    changes.push({
      kind: 'automated-decision-added',
      severity: art22 ? 'notify' : 'inform',
      subject: purpose.id,
      message: art22
        ? `purpose "${name}" now takes solely automated decisions with legal or similarly significant effects`
        : `purpose "${name}" now involves ${newAdm.profiling ? 'profiling' : 'automated decision-making'}`,
      reason: art22
        ? 'GDPR Art. 22(1)-(3), 13(2)(f): only under an Art. 22(2) exception, with human review and a way to contest; people are told of the logic and consequences before it applies.'
        : 'GDPR Art. 13(2)(f), 21(1): the notice describes profiling, and people may object to it.',
    });
  }

  return changes;
}

function retentionChange(previous: Purpose, purpose: Purpose): Change | undefined {
  const a = previous.retention;
  const b = purpose.retention;
  if (same(a, b)) return undefined;
  const name = en(purpose.name);
  const describe = (retention: Purpose['retention']): string =>
    retention === undefined
      ? 'none stated'
      : 'duration' in retention
        ? `${retention.duration} from ${retention.from}`
        : `criteria${retention.maximum === undefined ? '' : `, at most ${retention.maximum}`}`;
  if (
    a !== undefined &&
    b !== undefined &&
    'duration' in a &&
    'duration' in b &&
    a.from === b.from
  ) {
    const before = durationDays(a.duration);
    const after = durationDays(b.duration);
    if (after > before) {
      return {
        kind: 'retention-longer',
        severity: 'inform',
        subject: purpose.id,
        message: `purpose "${name}" keeps data longer: ${describe(a)} becomes ${describe(b)}`,
        reason:
          'GDPR Art. 5(1)(e), 13(2)(a): data is kept no longer than needed, and the notice states the period; a longer period needs a reason and an updated notice.',
      };
    }
    if (after < before) {
      return {
        kind: 'retention-shorter',
        severity: 'inform',
        subject: purpose.id,
        message: `purpose "${name}" keeps data for less time: ${describe(a)} becomes ${describe(b)}`,
        reason:
          'GDPR Art. 13(2)(a): the notice states the period; the next retention sweep erases data past the new limit, except what a legal hold keeps (Art. 17(3)).',
      };
    }
    // Same length: only the reason, the event text or anonymisation changed.
    if (a.thenAnonymise === b.thenAnonymise) return undefined;
  }
  return {
    kind: 'retention-changed',
    severity: 'inform',
    subject: purpose.id,
    message: `purpose "${name}" changes its retention: ${describe(a)} becomes ${describe(b)}`,
    reason:
      'GDPR Art. 13(2)(a): the notice states the period or the criteria used to determine it.',
  };
}

/** Every country outside the free-flow area a recipient uses, across regimes. */
function transferCountries(map: DataMap): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const transfer of transfers(map)) {
    const set = result.get(transfer.recipient.id) ?? new Set<string>();
    for (const country of transfer.countries) set.add(country);
    result.set(transfer.recipient.id, set);
  }
  return result;
}

function subProcessorIds(map: DataMap): string[] {
  const ids = (map.organisation.processor?.activities ?? []).flatMap(
    (activity) => activity.subProcessors,
  );
  return [...new Set(ids)];
}

function transferChanges(before: DataMap, after: DataMap): Change[] {
  const changes: Change[] = [];
  const oldTransfers = transferCountries(before);
  const newTransfers = transferCountries(after);
  const oldRecipients = byId(before.recipients);
  const customerData = new Set(subProcessorIds(after));
  for (const recipient of after.recipients) {
    const previous = oldRecipients.get(recipient.id);
    const was = oldTransfers.get(recipient.id) ?? new Set<string>();
    const now = newTransfers.get(recipient.id) ?? new Set<string>();
    const newCountries = [...now].filter((country) => !was.has(country));
    const name = en(recipient.name);
    if (newCountries.length > 0) {
      const subProcessor = customerData.has(recipient.id);
      changes.push({
        kind: 'transfer-added',
        severity: 'notify',
        subject: recipient.id,
        message: `"${name}" now processes or stores data in ${placesText(newCountries)}, outside the EEA${mechanismNote(after, recipient)}`,
        reason: subProcessor
          ? 'GDPR Art. 28(3)(a), 44: a processor transfers customer data to a third country only on the customer’s documented instructions, under an Art. 45-49 mechanism; customers are told first.'
          : `GDPR Art. 13(1)(f), 44-46: the notice names third-country transfers and their safeguard; a new transfer is a change people are told of before it takes effect (${WP260}).`,
      });
    }
    if (previous === undefined) continue;
    if (was.size > 0 && now.size > 0) {
      const oldMechanism = transferMechanism(before, previous);
      const newMechanism = transferMechanism(after, recipient);
      if (oldMechanism !== newMechanism) {
        changes.push({
          kind: 'transfer-mechanism-changed',
          severity: 'inform',
          subject: recipient.id,
          message: `"${name}" transfers under ${label(newMechanism)} (was ${label(oldMechanism)})`,
          reason:
            'GDPR Art. 13(1)(f), 46: the notice names the safeguard and how to obtain a copy of it.',
        });
      }
    }
    const oldPlaces = placesOf(previous);
    const newPlaces = [...placesOf(recipient)].filter(
      (country) => !oldPlaces.has(country) && !now.has(country),
    );
    if (newPlaces.length > 0) {
      changes.push({
        kind: 'country-added',
        severity: 'record',
        subject: recipient.id,
        message: `"${name}" now also processes or stores data in ${placesText(newPlaces)}`,
        reason:
          'GDPR Art. 30(1)(d)-(e): the record keeps where recipients process data; check residency commitments.',
      });
    }
  }
  return changes;
}

function placesOf(recipient: Recipient): Set<string> {
  const { processing, storage } = recipientCountries(recipient);
  return new Set([...processing, ...storage]);
}

function label(mechanism: string | null): string {
  return mechanism === null ? 'no declared mechanism' : transferMechanismLabel(mechanism);
}

function mechanismNote(map: DataMap, recipient: Recipient): string {
  const mechanism = transferMechanism(map, recipient);
  return mechanism === null
    ? ', with no transfer mechanism declared'
    : `, under ${transferMechanismLabel(mechanism)}`;
}

function subprocessorChanges(before: DataMap, after: DataMap): Change[] {
  const oldIds = subProcessorIds(before);
  const newIds = subProcessorIds(after);
  const recipients = byId(after.recipients);
  const oldRecipients = byId(before.recipients);
  const notice = after.organisation.processor?.commitments.subProcessorChanges;
  const when =
    notice === undefined
      ? 'before the change'
      : `at least ${notice.noticeDays} days before the change${notice.objection ? ', with a chance to object' : ''}`;
  return [
    ...added(oldIds, newIds).map((id): Change => ({
      kind: 'subprocessor-added',
      severity: 'notify',
      subject: id,
      message: `new sub-processor "${en(recipients.get(id)?.name ?? id)}" for customer data`,
      reason: `GDPR Art. 28(2), 28(4): customers are told of an added or replaced sub-processor ${when}, and the same data protection obligations bind it.`,
    })),
    ...added(newIds, oldIds).map((id): Change => ({
      kind: 'subprocessor-removed',
      severity: 'record',
      subject: id,
      message: `"${en(oldRecipients.get(id)?.name ?? id)}" is no longer a sub-processor`,
      reason:
        'GDPR Art. 28(3)(g), 30(2): the sub-processor deletes or returns the customer data; update the record and the public list.',
    })),
  ];
}

function controllerChanges(before: DataMap, after: DataMap): Change[] {
  const changes: Change[] = [];
  const old = byId(before.organisation.controllers);
  const next = byId(after.organisation.controllers);
  const identity = `GDPR Art. 13(1)(a): the notice identifies the controller; a change of controller is communicated actively before it takes effect (${WP260}).`;
  for (const controller of after.organisation.controllers) {
    const previous = old.get(controller.id);
    if (previous === undefined) {
      changes.push({
        kind: 'controller-changed',
        severity: 'notify',
        subject: controller.id,
        message: `new controller ${controller.legalName}`,
        reason: identity,
      });
      continue;
    }
    if (previous.legalName !== controller.legalName) {
      changes.push({
        kind: 'controller-changed',
        severity: 'notify',
        subject: controller.id,
        message: `controller ${previous.legalName} is now ${controller.legalName}`,
        reason: identity,
      });
    } else {
      const fields = (
        ['address', 'contact', 'territory', 'euRepresentative', 'ukRepresentative'] as const
      ).filter((field) => !same(previous[field], controller[field]));
      if (fields.length > 0) {
        changes.push({
          kind: 'controller-changed',
          severity: 'inform',
          subject: controller.id,
          message: `controller ${controller.legalName} changes its ${fields.join(', ')}`,
          reason:
            'GDPR Art. 13(1)(a), 27: the notice gives the contact details of the controller and its representative.',
        });
      }
    }
    if (!same(previous.dpo, controller.dpo)) {
      changes.push({
        kind: 'dpo-changed',
        severity: 'inform',
        subject: controller.id,
        message: `the data protection officer of ${controller.legalName} ${controller.dpo === undefined ? 'is no longer named' : 'changes'}`,
        reason:
          'GDPR Art. 13(1)(b), 37(7): the contact details of the DPO are published and given to the supervisory authority.',
      });
    }
  }
  for (const controller of before.organisation.controllers) {
    if (next.has(controller.id)) continue;
    changes.push({
      kind: 'controller-changed',
      severity: 'notify',
      subject: controller.id,
      message: `controller ${controller.legalName} removed`,
      reason: identity,
    });
  }
  return changes;
}

function channelChanges(before: DataMap, after: DataMap): Change[] {
  const changes: Change[] = [];
  for (const jurisdiction of after.jurisdictions) {
    const previous = matching(before.jurisdictions, jurisdiction);
    if (previous === undefined) continue;
    const removed = added(jurisdiction.channels, previous.channels);
    const introduced = added(previous.channels, jurisdiction.channels);
    if (removed.length === 0 && introduced.length === 0) continue;
    changes.push({
      kind: 'rights-channel-changed',
      severity: removed.length > 0 ? 'notify' : 'inform',
      subject: jurisdiction.law,
      message: `${jurisdiction.law.toUpperCase()}: channels to exercise rights${introduced.length > 0 ? ` added: ${introduced.join(', ')}` : ''}${removed.length > 0 ? `${introduced.length > 0 ? ';' : ''} removed: ${removed.join(', ')}` : ''}`,
      reason:
        removed.length > 0
          ? `GDPR Art. 12(2), 13(2)(b): people must be able to exercise their rights; a change in how they do so is communicated before it takes effect (${WP260}).`
          : 'GDPR Art. 12(2), 13(2)(b): the notice lists how to exercise rights.',
    });
  }
  return changes;
}

function matching(
  list: readonly Jurisdiction[],
  jurisdiction: Jurisdiction,
): Jurisdiction | undefined {
  return (
    list.find(
      (item) =>
        item.law === jurisdiction.law &&
        (item.controller ?? '') === (jurisdiction.controller ?? ''),
    ) ?? list.find((item) => item.law === jurisdiction.law)
  );
}

const SALE_REASON: Partial<Record<Law, string>> = {
  ccpa: 'Cal. Civ. Code 1798.120(b), 1798.135(a): consumers are told, and offered a "Do Not Sell or Share My Personal Information" opt-out, before their personal information is sold or shared; information collected while the business said it did not sell needs the consumer’s affirmative authorisation (11 CCR 7013, formerly 999.306(e)).',
  vcdpa:
    'Va. Code 59.1-578(D): a controller that sells personal data or processes it for targeted advertising discloses it clearly and conspicuously, with how to opt out (59.1-577(A)(5)).',
};

function saleChanges(before: DataMap, after: DataMap): Change[] {
  const changes: Change[] = [];
  for (const jurisdiction of after.jurisdictions) {
    const sale = jurisdiction.sale;
    if (!sale) continue;
    const previous = matching(before.jurisdictions, jurisdiction)?.sale;
    const started = [
      sale.sells && previous?.sells !== true ? 'sold' : undefined,
      sale.shares && previous?.shares !== true
        ? 'shared for cross-context behavioural advertising'
        : undefined,
      sale.targetedAdvertising && previous?.targetedAdvertising !== true
        ? 'used for targeted advertising'
        : undefined,
    ].filter((item): item is string => item !== undefined);
    if (started.length === 0) continue;
    changes.push({
      kind: 'sale-started',
      severity: 'notify',
      subject: jurisdiction.law,
      message: `${jurisdiction.law.toUpperCase()}: personal information is now ${started.join(' and ')}`,
      reason:
        SALE_REASON[jurisdiction.law] ??
        `${jurisdiction.law.toUpperCase()}: the privacy notice discloses sale and targeted advertising, with how to opt out, before it starts.`,
    });
  }
  return changes;
}

function cookieChanges(before: DataMap, after: DataMap): Change[] {
  const names = new Set(before.cookies.map((cookie) => `${cookie.provider}\u0000${cookie.name}`));
  return after.cookies
    .filter((cookie) => !names.has(`${cookie.provider}\u0000${cookie.name}`))
    .map((cookie): Change => ({
      kind: 'cookie-added',
      severity: cookie.strictlyNecessary ? 'record' : 'inform',
      subject: cookie.name,
      message: `new ${cookie.party}-party ${cookie.type} "${cookie.name}" for purpose "${cookie.purpose}"`,
      reason: cookie.strictlyNecessary
        ? 'ePrivacy Directive Art. 5(3): strictly necessary, so exempt from consent; list it in the cookie table.'
        : 'ePrivacy Directive Art. 5(3): it is set only after consent; the banner and the cookie table must list it.',
    }));
}

const SEVERITY_TITLES: Readonly<Record<ChangeSeverity, { title: string; intro: string }>> = {
  notify: {
    title: 'Tell people before it takes effect',
    intro:
      'These changes must be brought to the attention of the people concerned (or, as a processor, of customers) before they take effect.',
  },
  inform: {
    title: 'Update the notice',
    intro: 'These changes must be reflected in the published notice and the records.',
  },
  record: {
    title: 'Record internally',
    intro: 'These changes need no notice but belong in the record of processing activities.',
  },
};

/** A summary of changes for review, grouped by what must be done. */
export function diffDocument(changes: readonly Change[]): PublishedDocument {
  const title = 'Changes to the data map';
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: title }];
  if (changes.length === 0) {
    blocks.push({
      kind: 'paragraph',
      text: 'No changes that affect people, customers or the record.',
    });
    return { title, language: 'en', blocks };
  }
  const count = (severity: ChangeSeverity): number =>
    changes.filter((c) => c.severity === severity).length;
  blocks.push({
    kind: 'paragraph',
    text: `${changes.length} ${changes.length === 1 ? 'change' : 'changes'}: ${count('notify')} to notify, ${count('inform')} to inform, ${count('record')} to record.`,
  });
  for (const severity of ['notify', 'inform', 'record'] as const) {
    const group = changes.filter((change) => change.severity === severity);
    if (group.length === 0) continue;
    blocks.push(
      { kind: 'heading', level: 2, text: SEVERITY_TITLES[severity].title, id: severity },
      { kind: 'paragraph', text: SEVERITY_TITLES[severity].intro },
      {
        kind: 'table',
        head: ['Change', 'Subject', 'What', 'Why'],
        rows: group.map((change) => [change.kind, change.subject, change.message, change.reason]),
      },
    );
  }
  return { title, language: 'en', blocks };
}
