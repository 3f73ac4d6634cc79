import { describe, expect, it } from 'vitest';
import { EEA_COUNTRIES, expandRegion } from '../../src/map/index.js';
import { load, loadWith } from '../support/load.js';
import { renderHtml, renderMarkdown } from '../../src/publish/document.js';
import {
  placesText,
  subprocessors,
  subprocessorsDocument,
} from '../../src/publish/subprocessors.js';

const CONTROLLER = `
custodian: 1
notice: { version: '4', effectiveDate: 2026-02-01, languages: [en] }
organisation:
  name: Example Shop
  controllers:
    - id: shop
      legalName: Example Shop NV
      address: { street: Voorbeeldstraat 1, city: Gent, country: BE }
      contact: { email: privacy@example.com }
subjects:
  - { id: customers, name: Customers }
purposes:
  - id: orders
    name: Orders
    description: Deliver orders.
    subjects: [customers]
    categories: [contact.email]
    legalBasis: contract
    retention: { duration: P7Y, from: end-of-financial-year }
    recipients: [hosting, it-providers, tax-office, partner]
  - id: newsletter
    name: Newsletter
    description: News.
    subjects: [customers]
    categories: [contact.email]
    legalBasis: consent
    consent: { withdrawal: [email] }
    retention: { duration: P2Y, from: last-interaction }
    recipients: [mailer, hosting]
recipients:
  - id: hosting
    name: Example Cloud
    legalName: Example Cloud BV
    type: processor
    service: Hosting
    countries: { processing: [BE, NL] }
    dpa: { signed: true }
  - id: mailer
    name: Example Mailer
    type: processor
    service: Sending email
    countries: { processing: [US], storage: [IE] }
    dpa: { signed: true }
    transfer: { mechanism: scc, tia: 2025-05-01 }
  - id: it-providers
    name: IT service providers
    type: processor
    category: true
    service: Support and maintenance
    countries: { processing: [EEA] }
    dpa: { signed: true }
  - id: tax-office
    name: Tax authority
    type: authority
    service: Tax audits
  - id: partner
    name: Example Partner
    type: controller
    service: Co-marketing
  - id: analytics-us
    name: Example Analytics
    type: processor
    service: Analytics
    countries: { processing: [US] }
    dpa: { signed: true }
    dpfCertified: true
channels:
  - { id: email, type: email, email: privacy@example.com }
jurisdictions:
  - { law: gdpr, channels: [email] }
`;

const PROCESSOR = `
custodian: 1
notice: { version: '2', effectiveDate: 2026-03-01, languages: [en] }
organisation:
  name: Example Mail
  controllers:
    - id: mail
      legalName: Example Mail NV
      address: { street: Voorbeeldstraat 2, city: Gent, country: BE }
      contact: { email: privacy@example.com }
  processor:
    description: We send email campaigns for our customers.
    activities:
      - id: sending
        name: Sending campaigns
        controllers: Our customers
        subProcessors: [smtp, cloud]
      - id: statistics
        name: Campaign statistics
        controllers: Our customers
        subProcessors: [cloud]
    commitments:
      subProcessorChanges: { noticeDays: 30, objection: true }
      transfersOutsideEea: with-permission
subjects:
  - { id: customers, name: Customers }
purposes:
  - id: billing
    name: Billing
    description: Invoice customers.
    subjects: [customers]
    categories: [contact.email]
    legalBasis: contract
    retention: { duration: P7Y, from: end-of-financial-year }
    recipients: [crm]
recipients:
  - id: crm
    name: Example CRM
    type: processor
    service: Our own customer records
    countries: { processing: [BE] }
    dpa: { signed: true }
  - id: cloud
    name: Example Cloud
    type: processor
    service: Hosting
    countries: { processing: [DE] }
    dpa: { signed: true }
  - id: smtp
    name: Example Relay
    type: processor
    service: Delivering email
    countries: { processing: [US] }
    dpa: { signed: false }
    transfer: { mechanism: scc, tia: true }
channels:
  - { id: email, type: email, email: privacy@example.com }
jurisdictions:
  - { law: gdpr, channels: [email] }
`;

describe('subprocessors', () => {
  it('lists the controller’s processors, including categories of providers, and no other recipients', () => {
    const entries = subprocessors(load(CONTROLLER));
    expect(entries.map((entry) => entry.id)).toEqual([
      'hosting',
      'mailer',
      'it-providers',
      'analytics-us',
    ]);
    const providers = entries.find((entry) => entry.id === 'it-providers');
    expect(providers?.category).toBe(true);
    expect(providers?.processingCountries).toHaveLength(EEA_COUNTRIES.length);
  });

  it('names the purposes each processor serves, its countries and its transfer mechanism', () => {
    const entries = subprocessors(load(CONTROLLER));
    expect(entries.find((entry) => entry.id === 'hosting')).toEqual({
      id: 'hosting',
      company: 'Example Cloud',
      legalName: 'Example Cloud BV',
      category: false,
      service: 'Hosting',
      purposes: ['orders', 'newsletter'],
      processingCountries: ['BE', 'NL'],
      storageCountries: ['BE', 'NL'],
      transferMechanism: null,
      dpfCertified: false,
      dpaSigned: true,
    });
    const mailer = entries.find((entry) => entry.id === 'mailer');
    expect(mailer?.purposes).toEqual(['newsletter']);
    expect(mailer?.processingCountries).toEqual(['US']);
    expect(mailer?.storageCountries).toEqual(['IE']);
    expect(mailer?.transferMechanism).toBe('scc');
  });

  it('derives the EU-US Data Privacy Framework for a certified US processor without a declared mechanism', () => {
    const entry = subprocessors(load(CONTROLLER)).find((item) => item.id === 'analytics-us');
    expect(entry?.transferMechanism).toBe('dpf');
    expect(entry?.dpfCertified).toBe(true);
  });

  it('lists, for a processor, the sub-processors its activities name and not its own processors', () => {
    const entries = subprocessors(load(PROCESSOR));
    expect(entries.map((entry) => entry.id)).toEqual(['cloud', 'smtp']);
    expect(entries.find((entry) => entry.id === 'cloud')?.purposes).toEqual([
      'sending',
      'statistics',
    ]);
    expect(entries.find((entry) => entry.id === 'smtp')?.dpaSigned).toBe(false);
  });

  it('publishes a table of company, purpose, countries and mechanism', () => {
    const document = subprocessorsDocument(load(CONTROLLER));
    const table = document.blocks.find((block) => block.kind === 'table');
    if (table?.kind !== 'table') return expect.fail('no table');
    expect(table.head).toEqual([
      'Company',
      'Purpose / service',
      'Processing countries',
      'Storage countries',
      'Transfer mechanism',
    ]);
    const mailer = table.rows.find((row) => row[0] === 'Example Mailer');
    expect(mailer).toEqual([
      'Example Mailer',
      'Sending email. For: Newsletter',
      'United States',
      'Ireland',
      'Standard contractual clauses (GDPR Art. 46(2)(c))',
    ]);
    const providers = table.rows.find((row) => row[0]?.startsWith('IT service providers'));
    expect(providers?.[2]).toBe('European Economic Area');
    expect(renderMarkdown(document)).toContain('| Example Cloud (Example Cloud BV) |');
  });

  it('tells customers how they learn of changes when the processor commits to notice (GDPR Art. 28(2))', () => {
    const markdown = renderMarkdown(subprocessorsDocument(load(PROCESSOR)));
    expect(markdown).toContain('Changes to this list');
    expect(markdown).toContain('at least 30 days before the change takes effect');
    expect(markdown).toContain('may object');
    expect(markdown).toContain('Art. 28(2)');
    expect(markdown).toContain('only with the customer’s permission');
    expect(markdown).toContain('Campaign statistics');
  });

  it('says nothing about changes when the map makes no commitment', () => {
    const map = loadWith(PROCESSOR, (raw) => {
      delete raw.organisation.processor.commitments;
    });
    const markdown = renderMarkdown(subprocessorsDocument(map));
    expect(markdown).not.toContain('Changes to this list');
    expect(renderHtml(subprocessorsDocument(map))).toContain('<td>Example Relay</td>');
  });

  it('names countries in English and a whole region in one phrase', () => {
    expect(placesText(['US', 'IE'])).toBe('United States, Ireland');
    expect(placesText([...expandRegion('EU'), 'CH'])).toBe('European Union, Switzerland');
    expect(placesText([...expandRegion('EEA')])).toBe('European Economic Area');
    expect(placesText([])).toBe('');
  });
});
