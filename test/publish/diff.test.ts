import { describe, expect, it } from 'vitest';
import type { DataMap } from '../../src/map/index.js';
import { load, loadWith as loadSource_, type Raw } from '../support/load.js';
import {
  CHANGE_KINDS,
  diff,
  diffDocument,
  type Change,
  type ChangeKind,
} from '../../src/publish/diff.js';
import { renderMarkdown } from '../../src/publish/document.js';

function loadWith(change: (raw: Raw) => void): DataMap {
  return loadSource_(BASE, change);
}

const BASE = `
custodian: 1
notice: { version: '1', effectiveDate: 2026-01-01, languages: [en] }
organisation:
  name: Example Mail
  controllers:
    - id: mail
      legalName: Example Mail NV
      address: { street: Voorbeeldstraat 1, city: Gent, country: BE }
      contact: { email: privacy@example.com }
      dpo: { contact: { email: dpo@example.com } }
  processor:
    description: We send campaigns for our customers.
    activities:
      - id: campaigns
        name: Campaigns
        controllers: Our customers
        subProcessors: [cloud, relay]
    commitments:
      subProcessorChanges: { noticeDays: 30 }
subjects:
  - { id: customers, name: Customers }
  - { id: prospects, name: Prospects }
purposes:
  - id: accounts
    name: Accounts
    description: Run customer accounts.
    subjects: [customers]
    categories: [identity.name, contact.email]
    legalBasis: contract
    retention: { duration: P2Y, from: contract-end }
    recipients: [cloud, mailer]
  - id: newsletter
    name: Newsletter
    description: News.
    subjects: [prospects]
    categories: [contact.email]
    legalBasis: consent
    consent: { withdrawal: [email] }
    retention: { criteria: [While you stay subscribed] }
    recipients: [cloud]
  - id: support
    name: Support
    description: Answer questions.
    subjects: [customers]
    categories: [contact.email, communications.support-tickets]
    legalBasis: legitimate-interests
    legitimateInterest: { interest: Help customers., balancing: Expected. }
    retention: { duration: P1Y, from: request-closure }
    recipients: [cloud]
recipients:
  - id: cloud
    name: Example Cloud
    type: processor
    service: Hosting
    countries: { processing: [BE] }
    dpa: { signed: true }
  - id: mailer
    name: Example Mailer
    type: processor
    service: Sending email
    countries: { processing: [US] }
    dpa: { signed: true }
    transfer: { mechanism: scc, tia: true }
  - id: relay
    name: Example Relay
    type: processor
    service: Delivering email
    countries: { processing: [DE] }
    dpa: { signed: true }
  - id: partner
    name: Example Partner
    type: controller
    service: Joint events
    countries: { processing: [NL] }
  - id: backup
    name: Example Backup
    type: processor
    service: Backups
    countries: { processing: [FR] }
    dpa: { signed: true }
channels:
  - { id: email, type: email, email: privacy@example.com }
  - { id: form, type: web-form, url: https://www.example.com/privacy }
jurisdictions:
  - law: gdpr
    channels: [email, form]
  - law: ccpa
    channels: [email]
    sale: { sells: false, shares: false }
cookies:
  - { name: session, provider: Example Mail, purpose: accounts, strictlyNecessary: true, duration: session, party: first }
`;

interface Case {
  readonly kind: ChangeKind;
  readonly severity: Change['severity'];
  readonly subject: string;
  readonly change: (raw: Raw) => void;
}

const purpose = (raw: Raw, id: string): Raw => raw.purposes.find((p: Raw) => p.id === id);
const recipient = (raw: Raw, id: string): Raw => raw.recipients.find((r: Raw) => r.id === id);

const CASES: readonly Case[] = [
  {
    kind: 'purpose-added',
    severity: 'notify',
    subject: 'profiling',
    change: (raw) =>
      raw.purposes.push({
        id: 'profiling',
        name: 'Profiling',
        description: 'Segments.',
        subjects: ['customers'],
        categories: ['profiling.segments'],
        legalBasis: 'consent',
        consent: { withdrawal: ['email'] },
      }),
  },
  {
    kind: 'purpose-removed',
    severity: 'inform',
    subject: 'support',
    change: (raw) => raw.purposes.pop(),
  },
  {
    kind: 'legal-basis-changed',
    severity: 'notify',
    subject: 'support',
    change: (raw) => {
      const support = purpose(raw, 'support');
      support.legalBasis = 'consent';
      delete support.legitimateInterest;
      support.consent = { withdrawal: ['email'] };
    },
  },
  {
    kind: 'direct-marketing-started',
    severity: 'notify',
    subject: 'newsletter',
    change: (raw) => {
      purpose(raw, 'newsletter').directMarketing = true;
      purpose(raw, 'newsletter').objection = ['email'];
    },
  },
  {
    kind: 'subject-added',
    severity: 'inform',
    subject: 'newsletter',
    change: (raw) => purpose(raw, 'newsletter').subjects.push('customers'),
  },
  {
    kind: 'category-added',
    severity: 'inform',
    subject: 'accounts',
    change: (raw) => purpose(raw, 'accounts').categories.push('contact.phone'),
  },
  {
    // Consent covers the data it was asked for (GDPR Art. 4(11)).
    kind: 'category-added',
    severity: 'notify',
    subject: 'newsletter',
    change: (raw) => purpose(raw, 'newsletter').categories.push('identity.name'),
  },
  {
    kind: 'category-removed',
    severity: 'record',
    subject: 'accounts',
    change: (raw) => purpose(raw, 'accounts').categories.shift(),
  },
  {
    kind: 'special-category-added',
    severity: 'notify',
    subject: 'support',
    change: (raw) => {
      purpose(raw, 'support').categories.push('special.health');
      purpose(raw, 'support').special = { condition: 'explicit-consent' };
    },
  },
  {
    kind: 'recipient-added',
    severity: 'notify',
    subject: 'partner',
    change: (raw) => purpose(raw, 'newsletter').recipients.push('partner'),
  },
  {
    kind: 'recipient-added',
    severity: 'inform',
    subject: 'backup',
    change: (raw) => purpose(raw, 'accounts').recipients.push('backup'),
  },
  {
    kind: 'recipient-removed',
    severity: 'inform',
    subject: 'mailer',
    change: (raw) => purpose(raw, 'accounts').recipients.pop(),
  },
  {
    kind: 'transfer-added',
    severity: 'notify',
    subject: 'cloud',
    change: (raw) => {
      recipient(raw, 'cloud').countries.processing.push('IN');
      recipient(raw, 'cloud').transfer = { mechanism: 'scc', tia: true };
    },
  },
  {
    kind: 'transfer-mechanism-changed',
    severity: 'inform',
    subject: 'mailer',
    change: (raw) => (recipient(raw, 'mailer').transfer = { mechanism: 'bcr', tia: true }),
  },
  {
    kind: 'country-added',
    severity: 'record',
    subject: 'cloud',
    change: (raw) => recipient(raw, 'cloud').countries.processing.push('NL'),
  },
  {
    kind: 'retention-longer',
    severity: 'inform',
    subject: 'accounts',
    change: (raw) => (purpose(raw, 'accounts').retention.duration = 'P25M'),
  },
  {
    kind: 'retention-shorter',
    severity: 'inform',
    subject: 'accounts',
    change: (raw) => (purpose(raw, 'accounts').retention.duration = 'P700D'),
  },
  {
    kind: 'retention-changed',
    severity: 'inform',
    subject: 'newsletter',
    change: (raw) =>
      (purpose(raw, 'newsletter').retention = { criteria: ['Until you unsubscribe'] }),
  },
  {
    kind: 'automated-decision-added',
    severity: 'notify',
    subject: 'accounts',
    change: (raw) =>
      (purpose(raw, 'accounts').automatedDecisions = {
        profiling: true,
        solelyAutomated: true,
        significantEffect: true,
        logic: 'Scores payment risk.',
        significance: 'Decides credit.',
        consequences: 'No credit.',
        exception: 'contract',
        safeguards: 'Human review on request.',
      }),
  },
  {
    kind: 'automated-decision-added',
    severity: 'inform',
    subject: 'newsletter',
    change: (raw) =>
      (purpose(raw, 'newsletter').automatedDecisions = {
        profiling: true,
        solelyAutomated: false,
        significantEffect: false,
        logic: 'Picks topics.',
        significance: 'Which news you get.',
        consequences: 'None.',
      }),
  },
  {
    kind: 'controller-changed',
    severity: 'notify',
    subject: 'mail',
    change: (raw) => (raw.organisation.controllers[0].legalName = 'Example Mail BV'),
  },
  {
    kind: 'controller-changed',
    severity: 'inform',
    subject: 'mail',
    change: (raw) => (raw.organisation.controllers[0].contact.email = 'legal@example.com'),
  },
  {
    kind: 'controller-changed',
    severity: 'notify',
    subject: 'mail-us',
    change: (raw) =>
      raw.organisation.controllers.push({
        id: 'mail-us',
        legalName: 'Example Mail Inc.',
        address: { street: '1 Example Ave', city: 'Chicago', country: 'US' },
        contact: { email: 'privacy@example.com' },
      }),
  },
  {
    kind: 'dpo-changed',
    severity: 'inform',
    subject: 'mail',
    change: (raw) => (raw.organisation.controllers[0].dpo.contact.email = 'new-dpo@example.com'),
  },
  {
    kind: 'rights-channel-changed',
    severity: 'notify',
    subject: 'gdpr',
    change: (raw) => raw.jurisdictions[0].channels.pop(),
  },
  {
    kind: 'sale-started',
    severity: 'notify',
    subject: 'ccpa',
    change: (raw) => {
      raw.jurisdictions[1].sale.shares = true;
      raw.jurisdictions[1].sale.optOut = ['form'];
    },
  },
  {
    kind: 'subprocessor-added',
    severity: 'notify',
    subject: 'backup',
    change: (raw) => raw.organisation.processor.activities[0].subProcessors.push('backup'),
  },
  {
    kind: 'subprocessor-removed',
    severity: 'record',
    subject: 'relay',
    change: (raw) => raw.organisation.processor.activities[0].subProcessors.pop(),
  },
  {
    kind: 'cookie-added',
    severity: 'inform',
    subject: '_visits',
    change: (raw) =>
      raw.cookies.push({
        name: '_visits',
        provider: 'Example Mail',
        purpose: 'newsletter',
        duration: 'P13M',
        party: 'first',
      }),
  },
];

describe('diff', () => {
  const before = load(BASE);

  it('finds no changes between identical maps', () => {
    expect(diff(before, load(BASE))).toEqual([]);
    expect(diff(before, before)).toEqual([]);
  });

  it.each(CASES.map((c) => [`${c.kind} (${c.severity}, ${c.subject})`, c] as const))(
    'detects %s',
    (_, c) => {
      const changes = diff(before, loadWith(c.change));
      const found = changes.find(
        (change) => change.kind === c.kind && change.subject === c.subject,
      );
      expect(found, JSON.stringify(changes, null, 2)).toBeDefined();
      expect(found?.severity).toBe(c.severity);
      expect(found?.message).not.toBe('');
      // Every change says why, citing the rule.
      expect(found?.reason).toMatch(/Art\.|Cal\. Civ\. Code|Va\. Code/);
    },
  );

  it('has a case for every kind of change', () => {
    expect(new Set(CASES.map((c) => c.kind))).toEqual(new Set(CHANGE_KINDS));
  });

  it('reports a new purpose alone, not each of its categories and recipients', () => {
    const changes = diff(before, loadWith(CASES[0]?.change ?? (() => undefined)));
    expect(changes.map((change) => change.kind)).toEqual(['purpose-added']);
  });

  it('flags special-category data in a new purpose as well', () => {
    const changes = diff(
      before,
      loadWith((raw) =>
        raw.purposes.push({
          id: 'health',
          name: 'Health',
          description: 'Allergies.',
          subjects: ['customers'],
          categories: ['special.health'],
          legalBasis: 'consent',
          consent: { withdrawal: ['email'], explicit: true },
          special: { condition: 'explicit-consent' },
        }),
      ),
    );
    expect(changes.map((change) => [change.kind, change.subject])).toEqual([
      ['purpose-added', 'health'],
      ['special-category-added', 'health'],
    ]);
  });

  it('treats a new country inside the EEA as a record change, not a transfer', () => {
    const changes = diff(
      before,
      loadWith((raw) => recipient(raw, 'cloud').countries.processing.push('NL')),
    );
    expect(changes.map((change) => change.kind)).toEqual(['country-added']);
  });

  it('reports a new recipient outside the EEA as a transfer', () => {
    const changes = diff(
      before,
      loadWith((raw) => {
        raw.recipients.push({
          id: 'crm',
          name: 'Example CRM',
          type: 'processor',
          service: 'CRM',
          countries: { processing: ['US'] },
          dpa: { signed: true },
          transfer: { mechanism: 'scc', tia: true },
        });
        purpose(raw, 'accounts').recipients.push('crm');
      }),
    );
    expect(changes.map((change) => [change.kind, change.subject, change.severity])).toEqual([
      ['recipient-added', 'crm', 'inform'],
      ['transfer-added', 'crm', 'notify'],
    ]);
  });

  it('tells customers of a new sub-processor with the promised notice period (GDPR Art. 28(2))', () => {
    const changes = diff(
      before,
      loadWith(CASES.find((c) => c.kind === 'subprocessor-added')?.change ?? (() => undefined)),
    );
    expect(changes.find((change) => change.kind === 'subprocessor-added')?.reason).toContain(
      'at least 30 days',
    );
  });

  it('sees no retention change when the same period is written differently', () => {
    const changes = diff(
      before,
      loadWith((raw) => (purpose(raw, 'accounts').retention.duration = 'P24M')),
    );
    expect(changes).toEqual([]);
  });

  it('treats a new starting event as a retention change', () => {
    const changes = diff(
      before,
      loadWith((raw) => (purpose(raw, 'accounts').retention.from = 'last-interaction')),
    );
    expect(changes.map((change) => change.kind)).toEqual(['retention-changed']);
  });
});

describe('diffDocument', () => {
  it('says so when nothing changed', () => {
    expect(renderMarkdown(diffDocument([]))).toContain('No changes');
  });

  it('groups changes by what must be done, with the reason', () => {
    const changes = diff(
      load(BASE),
      loadWith((raw) => {
        purpose(raw, 'accounts').retention.duration = 'P3Y';
        raw.organisation.processor.activities[0].subProcessors.pop();
        raw.organisation.processor.activities[0].subProcessors.push('backup');
      }),
    );
    const markdown = renderMarkdown(diffDocument(changes));
    expect(markdown).toContain('3 changes: 1 to notify, 1 to inform, 1 to record.');
    const notify = markdown.indexOf('## Tell people before it takes effect');
    const inform = markdown.indexOf('## Update the notice');
    const record = markdown.indexOf('## Record internally');
    expect(notify).toBeGreaterThan(0);
    expect(inform).toBeGreaterThan(notify);
    expect(record).toBeGreaterThan(inform);
    expect(markdown).toContain('| subprocessor-added | backup |');
    expect(markdown).toContain('GDPR Art. 28(2)');
  });
});
