import { describe, expect, it } from 'vitest';
import { load, loadWith } from '../support/load.js';
import { renderHtml } from '../../src/publish/document.js';
import {
  ROPA_CSV_COLUMNS,
  ropa,
  ropaCsv,
  ropaDocument,
  type ControllerActivity,
  type Ropa,
} from '../../src/publish/ropa.js';

/** RFC 4180: CRLF between records; quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else field += c;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) throw new Error('the last record does not end with CRLF');
  return rows;
}

const DESCRIPTION = 'Deliver orders, "fast"\nand safely.';

const MAP = `
custodian: 1
notice: { version: '3', effectiveDate: 2026-01-15, languages: [en] }
organisation:
  name: Example Shop
  controllers:
    - id: shop
      legalName: Example Shop NV
      address: { street: Voorbeeldstraat 1, postalCode: '9000', city: Gent, country: BE }
      vatNumber: BE 0123.456.789
      contact: { email: privacy@example.com, phone: '+32 9 000 00 00' }
      dpo: { name: Ana Example, contact: { email: dpo@example.com } }
      ukRepresentative:
        name: Example Rep Ltd
        contact: { email: ukrep@example.com, address: { street: 1 Example Road, city: London, country: GB } }
subjects:
  - { id: customers, name: Customers }
  - { id: patients, name: Patients }
purposes:
  - id: orders
    name: Orders
    description: ${JSON.stringify(DESCRIPTION)}
    subjects: [customers]
    categories: [identity.name, contact.email]
    legalBasis: contract
    retention: { duration: P7Y, from: end-of-financial-year }
    recipients: [hosting, mailer, partner]
  - id: care
    name: Care
    description: "Look after patients\\nat home"
    subjects: [patients]
    categories: [special.health]
    legalBasis: legitimate-interests
    legitimateInterest: { interest: Safe care., balancing: Expected by patients. }
    special: { condition: explicit-consent }
    retention: { criteria: [Until the treatment ends., While a claim is possible], maximum: P10Y }
recipients:
  - id: hosting
    name: Example Cloud
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
    transfer: { mechanism: scc, tia: 2025-05-01, supplementaryMeasures: Encryption with keys held in the EU }
  - id: partner
    name: Example Partner
    legalName: Example Partner BV
    type: joint-controller
    service: Co-branded delivery
    arrangement: Partner answers delivery questions.
    url: https://partner.example.com
    countries: { processing: [NL] }
  - id: relay
    name: Example Relay
    type: processor
    service: Delivering campaign email
    countries: { processing: [US] }
    dpa: { signed: true }
    transfer: { mechanism: scc, tia: true }
channels:
  - { id: email, type: email, email: privacy@example.com }
jurisdictions:
  - { law: gdpr, channels: [email] }
security:
  measures:
    - { type: encryption-in-transit, description: 'TLS 1.2+, everywhere' }
    - { type: access-control }
`;

function withProcessor(raw: { organisation: Record<string, unknown> }): void {
  raw.organisation['processor'] = {
    description: 'We send campaigns for our customers.',
    activities: [
      {
        id: 'campaigns',
        name: 'Sending campaigns',
        description: 'Storing contact lists and sending email on instruction.',
        controllers: 'Our customers (the senders of campaigns)',
        subjects: "Recipients of our customers' campaigns",
        categories: ['contact.email'],
        subProcessors: ['hosting', 'relay'],
      },
    ],
  };
}

function activity(record: Ropa, id: string): ControllerActivity {
  const found = record.controller[0]?.activities.find((item) => item.id === id);
  if (!found) return expect.fail(`no activity ${id}`);
  return found;
}

describe('ropa: Art. 30(1)', () => {
  const record = ropa(load(MAP));

  it('records who made it from which version of the map', () => {
    expect(record.generatedFrom).toEqual({
      organisation: 'Example Shop',
      version: '3',
      effectiveDate: '2026-01-15',
    });
  });

  it('(a) names the controller, its contact, representative, DPO and joint controllers', () => {
    const controller = record.controller[0]?.controller;
    expect(controller?.name).toBe('Example Shop NV');
    expect(controller?.email).toBe('privacy@example.com');
    expect(controller?.address).toBe('Voorbeeldstraat 1, 9000 Gent, Belgium');
    expect(controller?.representatives).toEqual([
      expect.objectContaining({
        region: 'UK',
        name: 'Example Rep Ltd',
        email: 'ukrep@example.com',
      }),
    ]);
    expect(controller?.dpo).toEqual(
      expect.objectContaining({ name: 'Ana Example', email: 'dpo@example.com' }),
    );
    expect(activity(record, 'orders').jointControllers).toEqual([
      expect.objectContaining({
        id: 'partner',
        name: 'Example Partner BV',
        url: 'https://partner.example.com',
        arrangement: 'Partner answers delivery questions.',
      }),
    ]);
  });

  it('(b) states each purpose with its legal basis as DPV terms', () => {
    const orders = activity(record, 'orders');
    expect(orders.purpose).toBe(DESCRIPTION);
    expect(orders.legalBasis).toEqual(
      expect.objectContaining({ basis: 'contract', dpv: 'dpv:Contract', gdpr: 'eu-gdpr:A6-1-b' }),
    );
    const care = activity(record, 'care');
    expect(care.legalBasis?.dpv).toBe('dpv:LegitimateInterest');
    expect(care.legalBasis?.detail).toBe('Interest: Safe care. Balancing: Expected by patients.');
    expect(care.specialCondition).toEqual(
      expect.objectContaining({ condition: 'explicit-consent', gdpr: 'eu-gdpr:A9-2-a' }),
    );
  });

  it('(c) lists the categories of data subjects and of personal data, with DPV terms', () => {
    const orders = activity(record, 'orders');
    expect(orders.subjects.map((subject) => subject.name)).toEqual(['Customers']);
    expect(orders.categories.map((category) => [category.id, category.name, category.dpv])).toEqual(
      [
        ['identity.name', 'Name', 'pd:Name'],
        ['contact.email', 'Email address', 'pd:EmailAddress'],
      ],
    );
    expect(activity(record, 'care').categories[0]?.special).toBe('health');
  });

  it('(d) lists the recipients, marking those in third countries', () => {
    const recipients = activity(record, 'orders').recipients;
    expect(recipients.map((recipient) => [recipient.id, recipient.thirdCountries])).toEqual([
      ['hosting', []],
      ['mailer', ['US']],
      ['partner', []],
    ]);
    expect(recipients[0]?.dpv).toBe('dpv:DataProcessor');
  });

  it('(e) identifies each transfer’s third country and documents its safeguard', () => {
    expect(activity(record, 'orders').transfers).toEqual([
      expect.objectContaining({
        recipient: 'mailer',
        countries: ['US'],
        mechanism: 'scc',
        dpv: 'eu-gdpr:A46-2-c',
        tia: '2025-05-01',
        supplementaryMeasures: 'Encryption with keys held in the EU',
      }),
    ]);
    expect(activity(record, 'orders').transfers[0]?.documentation).toBe(
      'Standard contractual clauses (GDPR Art. 46(2)(c)); transfer impact assessment of 2025-05-01; supplementary measures: Encryption with keys held in the EU',
    );
  });

  it('(f) states the time limits for erasure, as a period or as criteria', () => {
    expect(activity(record, 'orders').retention?.text).toBe(
      '7 years from the end of the financial year, then erased.',
    );
    expect(activity(record, 'care').retention?.text).toBe(
      'Criteria: Until the treatment ends; While a claim is possible. At most 10 years.',
    );
  });

  it('(g) describes the security measures with DPV terms', () => {
    expect(record.controller[0]?.security.measures).toEqual([
      {
        type: 'encryption-in-transit',
        label: 'Encryption in transit',
        dpv: 'dpv:EncryptionInTransfer',
        description: 'TLS 1.2+, everywhere',
      },
      {
        type: 'access-control',
        label: 'Access control',
        dpv: 'dpv:AccessControlMethod',
        description: null,
      },
    ]);
  });

  it('has no processor record when the organisation is not a processor', () => {
    expect('processor' in record).toBe(false);
    expect(
      parseCsv(ropaCsv(record))
        .slice(1)
        .map((row) => row[0]),
    ).toEqual(['Art. 30(1)', 'Art. 30(1)']);
  });

  it('gives one record per controller, with only the purposes it carries out', () => {
    const map = loadWith(MAP, (raw) => {
      raw.organisation.controllers.push({
        id: 'shop-us',
        legalName: 'Example Shop Inc.',
        address: { street: '1 Example Ave', city: 'Chicago', region: 'IL', country: 'US' },
        contact: { email: 'privacy@example.com' },
      });
      raw.purposes[1].controllers = ['shop'];
    });
    const two = ropa(map);
    expect(two.controller.map((c) => [c.controller.id, c.activities.map((a) => a.id)])).toEqual([
      ['shop', ['orders', 'care']],
      ['shop-us', ['orders']],
    ]);
  });

  it('is deterministic', () => {
    const again = ropa(load(MAP));
    expect(again).toEqual(record);
    expect(ropaCsv(again)).toBe(ropaCsv(record));
    expect(JSON.stringify(again)).toBe(JSON.stringify(record));
  });
});

describe('ropa: Art. 30(2)', () => {
  const record = ropa(loadWith(MAP, withProcessor));

  it('adds the processor record when the organisation processes for customers', () => {
    const processor = record.processor;
    expect(processor?.processors.map((p) => p.name)).toEqual(['Example Shop NV']);
    expect(processor?.processors[0]?.dpo?.email).toBe('dpo@example.com');
    const campaigns = processor?.activities[0];
    expect(campaigns?.controllers).toBe('Our customers (the senders of campaigns)');
    expect(campaigns?.description).toBe('Storing contact lists and sending email on instruction.');
    expect(campaigns?.subProcessors.map((s) => s.id)).toEqual(['hosting', 'relay']);
    expect(campaigns?.transfers.map((t) => [t.recipient, t.countries, t.mechanism])).toEqual([
      ['relay', ['US'], 'scc'],
    ]);
    expect(processor?.security.measures).toHaveLength(2);
  });
});

describe('ropa: Art. 30(2)(a) processor entities', () => {
  it('names only the entities declared as processor', () => {
    const record = ropa(
      loadWith(MAP, (raw: any) => {
        withProcessor(raw);
        raw.organisation.controllers.push({
          id: 'shop-us',
          legalName: 'Example Shop Inc.',
          address: { street: '1 Example Ave', city: 'Chicago', region: 'IL', country: 'US' },
          contact: { email: 'privacy@example.com' },
        });
        raw.organisation.processor.entities = ['shop-us'];
      }),
    );
    expect(record.processor?.processors.map((p) => p.name)).toEqual(['Example Shop Inc.']);
  });
});

describe('ropaCsv', () => {
  const record = ropa(loadWith(MAP, withProcessor));
  const csv = ropaCsv(record);
  const rows = parseCsv(csv);
  const [head, ...body] = rows;
  const column = (name: (typeof ROPA_CSV_COLUMNS)[number]): number =>
    ROPA_CSV_COLUMNS.indexOf(name);
  const cell = (
    row: readonly string[] | undefined,
    name: (typeof ROPA_CSV_COLUMNS)[number],
  ): string => row?.[column(name)] ?? '';

  it('ends every record with CRLF and gives every row the header’s width', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(head).toEqual([...ROPA_CSV_COLUMNS]);
    for (const row of body) expect(row).toHaveLength(ROPA_CSV_COLUMNS.length);
  });

  it('has one row per processing activity, the record column telling 30(1) from 30(2)', () => {
    expect(body.map((row) => [row[0], row[1]])).toEqual([
      ['Art. 30(1)', 'orders'],
      ['Art. 30(1)', 'care'],
      ['Art. 30(2)', 'campaigns'],
    ]);
  });

  it('round-trips a field holding a comma, a quote and a line break', () => {
    expect(cell(body[0], 'Purpose / categories of processing')).toBe(DESCRIPTION);
    expect(cell(body[1], 'Purpose / categories of processing')).toBe(
      'Look after patients\nat home',
    );
    expect(csv).toContain('"Deliver orders, ""fast""\nand safely."');
  });

  it('fills a column for each Art. 30(1) item', () => {
    const orders = body[0];
    expect(cell(orders, 'Controller')).toBe('Example Shop NV'); // (a)
    expect(cell(orders, 'Controller contact')).toContain('privacy@example.com'); // (a)
    expect(cell(orders, 'Joint controllers')).toContain('Example Partner BV'); // (a)
    expect(cell(orders, 'Representative')).toContain('UK: Example Rep Ltd'); // (a)
    expect(cell(orders, 'Data protection officer')).toContain('dpo@example.com'); // (a)
    expect(cell(orders, 'Legal basis')).toBe('Contract (GDPR Art. 6(1)(b))'); // (b)
    expect(cell(orders, 'Legal basis (DPV)')).toBe('dpv:Contract eu-gdpr:A6-1-b');
    expect(cell(orders, 'Data subjects')).toBe('Customers'); // (c)
    expect(cell(orders, 'Personal data categories')).toBe('Name; Email address'); // (c)
    expect(cell(orders, 'Personal data categories (DPV)')).toBe('pd:Name; pd:EmailAddress');
    expect(cell(orders, 'Recipients')).toContain(
      'Example Mailer (processor; United States, Ireland)',
    ); // (d)
    expect(cell(orders, 'Third-country transfers')).toBe('Example Mailer: United States'); // (e)
    expect(cell(orders, 'Transfer safeguards')).toContain('Standard contractual clauses'); // (e)
    expect(cell(orders, 'Erasure time limits')).toBe(
      '7 years from the end of the financial year, then erased.',
    ); // (f)
    expect(cell(orders, 'Security measures')).toBe(
      'Encryption in transit: TLS 1.2+, everywhere; Access control',
    ); // (g)
    expect(cell(body[1], 'Special category condition')).toBe(
      'Explicit consent (GDPR Art. 9(2)(a)) eu-gdpr:A9-2-a',
    );
  });

  it('fills the Art. 30(2) items in the processor rows', () => {
    const campaigns = body[2];
    expect(cell(campaigns, 'Processor')).toContain('Example Shop NV (Voorbeeldstraat 1'); // (a)
    expect(cell(campaigns, 'Controller')).toBe('Our customers (the senders of campaigns)'); // (a)
    expect(cell(campaigns, 'Data protection officer')).toContain('dpo@example.com'); // (a)
    expect(cell(campaigns, 'Purpose / categories of processing')).toBe(
      'Storing contact lists and sending email on instruction.',
    ); // (b)
    expect(cell(campaigns, 'Third-country transfers')).toBe('Example Relay: United States'); // (c)
    expect(cell(campaigns, 'Security measures')).toContain('Access control'); // (d)
  });
});

describe('ropaDocument', () => {
  it('renders the record as an HTML page with every controller, activity and the processor part', () => {
    const html = renderHtml(ropaDocument(ropa(loadWith(MAP, withProcessor))));
    expect(html).toContain('<h1>Example Shop: record of processing activities</h1>');
    expect(html).toContain('<h2 id="controller-shop">Controller: Example Shop NV</h2>');
    expect(html).toContain('<h3 id="activity-shop-orders">Orders</h3>');
    expect(html).toContain('<dt>Transfers to third countries (Art. 30(1)(e))</dt>');
    expect(html).toContain('Deliver orders, &quot;fast&quot;');
    expect(html).toContain('<h2 id="processor">As processor (Art. 30(2))</h2>');
    expect(html).toContain('<dd>Our customers (the senders of campaigns)</dd>');
  });

  it('leaves the processor part out for a controller only', () => {
    const html = renderHtml(ropaDocument(ropa(load(MAP))));
    expect(html).not.toContain('Art. 30(2)');
  });
});
