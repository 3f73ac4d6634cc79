import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { LedgerContext } from '../../src/ledger/index.js';
import type { Database } from '../../src/store/index.js';
import { load } from '../support/load.js';

/**
 * A small map with a purpose of every legal basis, a soft opt-in, direct marketing on consent and
 * on legitimate interest, an advertising purpose whose data is shared, two controllers (BE for
 * everyone but the US, US for the US) and GDPR + CCPA.
 */
export const LEDGER_MAP = load(`
custodian: 1
notice: { version: '4', effectiveDate: 2026-02-01, languages: [en, nl] }
organisation:
  name: Example Shop
  controllers:
    - id: shop-be
      legalName: Example Shop NV
      address: { street: Voorbeeldstraat 1, postalCode: '9000', city: Gent, country: BE }
      contact: { email: privacy@example.com }
      territory: { default: true, exclude: [US] }
      dpo: { name: Data Protection Officer, contact: { email: dpo@example.com } }
    - id: shop-us
      legalName: Example Shop Inc.
      address: { street: 1 Example Ave, city: Chicago, region: IL, country: US }
      contact: { email: privacy-us@example.com }
      territory: { include: [US] }
subjects:
  - { id: customers, name: { en: Customers, nl: Klanten } }
  - { id: prospects, name: { en: Prospects, nl: Prospecten } }
purposes:
  - id: orders
    name: { en: Orders, nl: Bestellingen }
    description: Deliver what you ordered.
    subjects: [customers]
    categories: [identity.name, contact.email]
    legalBasis: contract
  - id: newsletter
    name: { en: Newsletter, nl: Nieuwsbrief }
    description: { en: News about our products., nl: Nieuws over onze producten. }
    subjects: [customers, prospects]
    categories: [contact.email]
    legalBasis: consent
    consent: { withdrawal: [unsubscribe, privacy-email] }
    directMarketing: true
    softOptIn:
      subjects: [customers]
      interest: Offers similar to what customers bought.
      balancing: Customers expect it and can object in every mail.
    objection: [unsubscribe]
  - id: analytics
    name: Website analytics
    description: Count visits.
    subjects: [prospects]
    categories: [online.ip-address]
    legalBasis: consent
    consent: { withdrawal: [banner] }
  - id: ads
    name: Advertising
    description: Show ads on other sites.
    subjects: [prospects]
    categories: [online.ip-address]
    legalBasis: consent
    consent: { withdrawal: [banner] }
    recipients: [adnetwork]
  - id: fraud
    name: Fraud prevention
    description: Stop fraudulent orders.
    subjects: [customers]
    categories: [online.ip-address]
    legalBasis: legitimate-interests
    legitimateInterest: { interest: Not being defrauded., balancing: Only order data is used. }
  - id: postal-offers
    name: Offers by post
    description: Send offers by post.
    subjects: [customers]
    categories: [identity.name]
    legalBasis: legitimate-interests
    legitimateInterest: { interest: Selling more., balancing: Post is not intrusive. }
    directMarketing: true
  - id: tax
    name: Tax records
    description: Keep invoices.
    subjects: [customers]
    categories: [identity.name]
    legalBasis: legal-obligation
    legalObligation: Belgian VAT Code, art. 60.
  - id: emergency
    name: Emergencies
    description: Warn about a product recall.
    subjects: [customers]
    categories: [contact.email]
    legalBasis: vital-interests
  - id: claims
    name: Legal claims
    description: Defend our rights in disputes.
    subjects: [customers]
    categories: [identity.name]
    legalBasis: legitimate-interests
    legitimateInterest: { interest: Defending claims., balancing: Only what a dispute needs. }
    restrictionExemption: legal-claims
  - id: census
    name: Census
    description: A statistics duty in the public interest.
    subjects: [customers]
    categories: [identity.name]
    legalBasis: public-task
recipients:
  - id: adnetwork
    name: Example Ads Inc.
    type: controller
    service: Advertising
channels:
  - { id: privacy-email, type: email, email: privacy@example.com }
  - { id: unsubscribe, type: unsubscribe-link }
  - { id: banner, type: cookie-banner }
jurisdictions:
  - law: gdpr
    controller: shop-be
    channels: [privacy-email]
  - law: ccpa
    controller: shop-us
    channels: [privacy-email]
    sale: { sells: false, shares: true, recipients: [adnetwork] }
    gpc: true
`);

/** A clock the tests move by hand. */
export interface TestClock {
  readonly now: () => Date;
  /** Moves on, a minute by default. */
  readonly advance: (ms?: number) => void;
}

export function testClock(start = '2026-03-02T09:00:00.000Z'): TestClock {
  let time = Date.parse(start);
  return {
    now: () => new Date(time),
    advance: (ms = 60_000) => {
      time += ms;
    },
  };
}

export const SECRET = Buffer.from('ledger-test-secret-ledger-test-secret');

export function ledgerContext(clock: TestClock, actor = 'api-key:test'): LedgerContext {
  return { map: LEDGER_MAP, secret: SECRET, now: clock.now, actor };
}

/** A person no other test uses, at an RFC 2606 domain. */
export function person(name = 'ana'): string {
  return `${name}.${randomBytes(4).toString('hex')}@example.com`;
}

export async function count(
  db: Kysely<Database>,
  table: 'ledger_events' | 'evidence' | 'subjects' | 'suppressions' | 'objections',
): Promise<number> {
  const { rows } = await sql<{
    n: string | number;
  }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Every row of a table as text, to look for a value that must not be there. */
export async function tableText(db: Kysely<Database>, table: string): Promise<string> {
  const { rows } = await sql<{
    row: string;
  }>`select t::text as row from ${sql.table(table)} t`.execute(db);
  return rows.map((row) => row.row).join('\n');
}
