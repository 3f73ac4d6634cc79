import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  countryName,
  LANGUAGES,
  loadSource,
  RIGHTS_BY_LAW,
  type DataMap,
  type Language,
} from '../../src/map/index.js';
import { renderHtml, renderMarkdown, type Block } from '../../src/publish/index.js';
import { formatDate, formatDuration, STRINGS } from '../../src/publish/i18n/index.js';
import { notice } from '../../src/publish/notice.js';

/** A map that exercises every item of GDPR Art. 13 and 14 and the US disclosures. */
const FIXTURE = `
custodian: 1
notice:
  version: '4'
  effectiveDate: 2026-03-01
  languages: [en, nl, fr, de]
  related:
    - { title: { en: Cookie policy, nl: Cookiebeleid, fr: Politique cookies, de: Cookie-Richtlinie }, url: https://example.com/cookies }
  sections:
    - id: links
      title: { en: Links, nl: Links, fr: Liens, de: Links }
      body: { en: We are not responsible for other websites., nl: Wij zijn niet verantwoordelijk voor andere websites., fr: Nous ne sommes pas responsables des autres sites., de: Für andere Websites sind wir nicht verantwortlich. }
organisation:
  name: Example Shop
  controllers:
    - id: shop-be
      legalName: Example Shop NV
      address: { street: Voorbeeldstraat 1, postalCode: '9000', city: Gent, country: BE }
      vatNumber: BE 0123.456.789
      contact: { email: privacy@example.com }
      territory: { default: true, exclude: [US] }
      dpo: { name: Dana Officer, contact: { email: dpo@example.com } }
      supervisoryAuthority: be-apd
    - id: shop-us
      legalName: Example Shop Inc.
      address: { street: 1 Example Ave, postalCode: '60601', city: Chicago, region: IL, country: US }
      contact: { email: us-privacy@example.com }
      territory: { include: [US] }
      euRepresentative: { name: Example Rep BV, contact: { email: rep@example.com } }
authorities:
  - id: be-apd
    name: { en: Belgian Data Protection Authority, nl: Gegevensbeschermingsautoriteit, fr: Autorité de protection des données, de: Belgische Datenschutzbehörde }
    country: BE
    address: { street: Drukpersstraat 35, postalCode: '1000', city: Brussel, country: BE }
    url: https://www.gegevensbeschermingsautoriteit.be
subjects:
  - id: customers
    name: { en: Customers, nl: Klanten, fr: Clients, de: Kunden }
  - id: prospects
    name: { en: Prospects, nl: Prospecten, fr: Prospects, de: Interessenten }
sources:
  - id: forms
    name: { en: Forms you fill in, nl: Formulieren die u invult, fr: Formulaires que vous remplissez, de: Von Ihnen ausgefüllte Formulare }
    type: data-subject
  - id: registry
    name: { en: The company register, nl: Het ondernemingsregister, fr: Le registre des entreprises, de: Das Handelsregister }
    type: third-party
    publiclyAccessible: true
purposes:
  - id: orders
    name: { en: Orders, nl: Bestellingen, fr: Commandes, de: Bestellungen }
    description: Deliver what you ordered.
    subjects: [customers]
    categories: [identity.name, contact.email]
    sources: [forms]
    legalBasis: contract
    requirement: { type: contractual, consequences: Without your address we cannot deliver. }
    retention: { duration: P7Y, from: end-of-financial-year }
    recipients: [hosting]
  - id: newsletter
    name: { en: Newsletter, nl: Nieuwsbrief, fr: Lettre d'information, de: Newsletter }
    description: News about our products.
    subjects: [prospects, customers]
    categories: [contact.email]
    legalBasis: consent
    consent: { withdrawal: [unsubscribe, privacy-email] }
    softOptIn: { subjects: [customers], interest: Keeping customers informed., balancing: Only similar products. }
    directMarketing: true
    objection: [unsubscribe, privacy-email]
    retention: { duration: P2Y, from: last-interaction }
    recipients: [mailer]
  - id: fraud
    name: { en: Fraud prevention, nl: Fraudepreventie, fr: Prévention de la fraude, de: Betrugsprävention }
    description: Screening orders for payment fraud.
    subjects: [customers]
    categories: [identity.name, online.ip-address]
    sources: [forms, registry]
    legalBasis: legitimate-interests
    legitimateInterest: { interest: Preventing payment fraud., balancing: Screening uses only order data and a person reviews every refusal. }
    retention: { duration: P1Y6M, from: collection, thenAnonymise: true }
    automatedDecisions:
      profiling: true
      solelyAutomated: true
      significantEffect: true
      logic: A score adds risk signals such as a mismatch between billing and IP country.
      significance: Orders above the threshold are refused.
      consequences: You may have to pay by bank transfer instead.
      exception: contract
      safeguards: Ask for a human review at fraud@example.com.
      inspect: https://example.com/score
  - id: tax
    name: { en: Accounting, nl: Boekhouding, fr: Comptabilité, de: Buchhaltung }
    description: Keeping the accounts the law requires.
    subjects: [customers]
    categories: [identity.name]
    legalBasis: legal-obligation
    legalObligation: Belgian Code of Economic Law, Art. III.88.
    retention: { criteria: [Until the tax authority can no longer audit the year.], maximum: P10Y }
    recipients: [tax-office]
recipients:
  - id: hosting
    name: Example Cloud
    type: processor
    service: Hosting
    countries: { processing: [BE, NL] }
    dpa: { signed: true }
  - id: mailer
    name: Example Mailer Inc.
    type: processor
    service: Sending email
    countries: { processing: [US], storage: [IE] }
    dpa: { signed: true }
    transfer: { mechanism: scc, tia: 2025-05-01, copy: Ask privacy@example.com for a copy. }
  - id: tax-office
    name: { en: Tax authority, nl: Belastingadministratie, fr: Administration fiscale, de: Steuerbehörde }
    type: authority
    category: true
    service: Tax audits
    condition: { en: Only when the law requires it., nl: Alleen wanneer de wet het vereist., fr: Uniquement lorsque la loi l'exige., de: Nur wenn das Gesetz es verlangt. }
channels:
  - id: privacy-email
    type: email
    email: privacy@example.com
  - id: unsubscribe
    type: unsubscribe-link
  - id: banner
    type: cookie-banner
  - id: post
    type: postal
    label: Example Shop NV
    address: { street: Voorbeeldstraat 1, postalCode: '9000', city: Gent, country: BE }
jurisdictions:
  - law: gdpr
    controller: shop-be
    channels: [privacy-email, post]
  - law: vcdpa
    controller: shop-us
    channels: [privacy-email]
    appeal: [privacy-email]
    sale: { sells: false, shares: false }
    gpc: true
cookies:
  - { name: session, provider: Example Shop, purpose: orders, strictlyNecessary: true, duration: session, party: first }
  - { name: _visits, provider: mailer, purpose: newsletter, duration: P13M, party: third, type: pixel }
security:
  measures:
    - { type: encryption-in-transit, description: TLS 1.2 or later. }
    - type: access-control
statements:
  specialCategories: { processed: false, onReceipt: delete }
  children: { collected: false, minimumAge: 16 }
  suppressionAfterErasure: true
  changes: { notify: true, how: By email to customers. }
`;

function load(source: string): DataMap {
  const result = loadSource(source, 'notice-fixture.yaml');
  if (!result.ok) {
    expect.fail(
      result.issues.map((issue) => `${issue.line}:${issue.column} ${issue.message}`).join('\n'),
    );
  }
  return result.value.map;
}

/** The fixture after `change` edits a copy of its raw data. */
function variant(change: (raw: any) => void): DataMap {
  const raw = parse(FIXTURE);
  change(raw);
  return load(stringify(raw));
}

const MAP = load(FIXTURE);

function headingIds(blocks: readonly Block[]): string[] {
  return blocks.flatMap((block) =>
    block.kind === 'heading' && block.id !== undefined ? [block.id] : [],
  );
}

describe.each(LANGUAGES.map((language) => [language] as const))('the notice in %s', (language) => {
  const s = STRINGS[language];
  const document = notice(MAP, { language });
  const text = renderMarkdown(document);
  const us = countryName('US', language);

  it('names every controller with address, the people it is responsible for, DPO and EU representative (Art. 13(1)(a)-(b), 27)', () => {
    expect(document.language).toBe(language);
    expect(text).toContain('Example Shop NV');
    expect(text).toContain('Voorbeeldstraat 1');
    expect(text).toContain('BE 0123.456.789');
    expect(text).toContain('Example Shop Inc.');
    expect(text).toContain(s.text.peopleIn(us, 1));
    expect(text).toContain(s.text.everyoneOutside(us, 1));
    expect(text).toContain(s.labels.dpo);
    expect(text).toContain('dpo@example.com');
    expect(text).toContain(s.labels.euRepresentative);
    expect(text).toContain('rep@example.com');
  });

  it('states version and effective date at the top', () => {
    const fields = document.blocks[1];
    expect(fields?.kind).toBe('fields');
    expect(JSON.stringify(fields)).toContain(formatDate('2026-03-01', language));
    expect(JSON.stringify(fields)).toContain('"4"');
  });

  it('gives each purpose its legal basis, the legitimate interest with its balancing and the legal obligation (Art. 13(1)(c)-(d))', () => {
    for (const purpose of MAP.purposes) {
      if (purpose.legalBasis !== undefined)
        expect(text).toContain(s.legalBases[purpose.legalBasis]);
    }
    expect(text).toContain('Preventing payment fraud.');
    expect(text).toContain('a person reviews every refusal');
    expect(text).toContain(s.labels.balancing);
    expect(text).toContain('Belgian Code of Economic Law, Art. III.88.');
  });

  it('states retention per purpose, as a period from an event or as criteria (Art. 13(2)(a))', () => {
    const table = document.blocks.find(
      (block) => block.kind === 'table' && block.head[1] === s.labels.retentionPeriod,
    );
    expect(table).toBeDefined();
    expect(text).toContain(
      s.text.retentionFor(
        formatDuration('P7Y', language),
        s.retentionEvents['end-of-financial-year'],
      ),
    );
    expect(text).toContain(formatDuration('P1Y6M', language));
    expect(text).toContain(s.text.thenAnonymised);
    expect(text).toContain('Until the tax authority can no longer audit the year.');
    expect(text).toContain(s.text.retentionMaximum(formatDuration('P10Y', language)));
    expect(text).toContain(s.text.suppression);
  });

  it('states how long Custodian keeps the records of people who use their rights, where the map says (Art. 13(2)(a))', () => {
    const rowsOf = (map: DataMap): string[] => {
      const table = notice(map, { language }).blocks.find(
        (block) => block.kind === 'table' && block.head[1] === s.labels.retentionPeriod,
      );
      return table?.kind === 'table' ? table.rows.map((row) => row.join(' | ')) : [];
    };
    const own = (key: 'closedRequests' | 'deliveredMail' | 'consentProof', period: string) =>
      [
        s.ownRecords[key].what,
        s.text.retentionFor(formatDuration(period, language), s.ownRecords[key].event),
        s.ownRecords[key].reason,
      ].join(' | ');
    const without = rowsOf(variant((raw) => delete raw.records));
    const declared = rowsOf(
      variant((raw) => {
        raw.records = { closedRequests: 'P3Y', consentProof: 'P5Y' };
      }),
    );
    // Rows for the declared periods, after the purposes; none claims a period left out.
    expect(declared).toEqual([
      ...without,
      own('closedRequests', 'P3Y'),
      own('consentProof', 'P5Y'),
    ]);
    expect(declared.join('\n')).not.toContain(s.ownRecords.deliveredMail.what);
  });

  it('lists the recipients with role, countries and the condition of disclosure (Art. 13(1)(e))', () => {
    expect(text).toContain('Example Cloud');
    expect(text).toContain('Example Mailer Inc.');
    expect(text).toContain(s.recipientTypes.processor);
    expect(text).toContain(s.text.processorsBound);
    expect(text).toContain(s.text.conditionsIntro);
    const condition = {
      en: 'Only when the law requires it.',
      nl: 'Alleen wanneer de wet het vereist.',
      fr: "Uniquement lorsque la loi l'exige.",
      de: 'Nur wenn das Gesetz es verlangt.',
    }[language];
    expect(text).toContain(condition);
  });

  it('names the transfer safeguard, the countries in the notice language and how to get a copy (Art. 13(1)(f))', () => {
    expect(text).toContain(`Example Mailer Inc. (${us}): ${s.transferMechanisms.scc}`);
    expect(text).toContain(s.text.tiaDoneOn(formatDate('2025-05-01', language)));
    expect(text).toContain('Ask privacy@example.com for a copy.');
    const post = `${s.channelTypes.postal}: Example Shop NV, Voorbeeldstraat 1, 9000 Gent, ${countryName('BE', language)}`;
    expect(text).toContain(s.text.copyOfSafeguards(`privacy@example.com; ${post}`));
    expect(text).toContain(countryName('NL', language));
  });

  it('explains every GDPR right and how to exercise it, with response time, fee and identity check (Art. 13(2)(b), 12)', () => {
    for (const right of RIGHTS_BY_LAW.gdpr) {
      expect(text).toContain(s.rights[right].name);
      expect(text).toContain(s.rights[right].explanation);
    }
    expect(text).toContain(s.text.exerciseIntro);
    expect(text).toContain(
      s.text.responseTime(formatDuration('P1M', language), formatDuration('P2M', language)),
    );
    expect(text).toContain(s.text.feeNone);
    expect(text).toContain(s.text.identityDefault);
    expect(text).toContain('Voorbeeldstraat 1, 9000 Gent');
  });

  it('says consent can be withdrawn at any time, and how (Art. 7(3), 13(2)(c))', () => {
    expect(text).toContain(s.text.withdrawIntro);
    expect(text).toContain(
      s.text.withdrawVia(`${s.channelDefaults['unsubscribe-link']}; privacy@example.com`),
    );
  });

  it('brings the right to object and the absolute objection to direct marketing to attention (Art. 21(4))', () => {
    expect(headingIds(document.blocks)).toContain('objection');
    expect(text).toContain(s.text.objectionIntro);
    expect(text).toContain(s.text.directMarketingIntro);
    const customers = { en: 'Customers', nl: 'Klanten', fr: 'Clients', de: 'Kunden' }[language];
    expect(text).toContain(s.text.softOptIn(customers));
  });

  it('names the supervisory authority with its address and website (Art. 13(2)(d), 77)', () => {
    expect(text).toContain(s.text.complaintIntro);
    expect(text).toContain(
      {
        en: 'Belgian Data Protection Authority',
        nl: 'Gegevensbeschermingsautoriteit',
        fr: 'Autorité de protection des données',
        de: 'Belgische Datenschutzbehörde',
      }[language],
    );
    expect(text).toContain('Drukpersstraat 35');
    expect(text).toContain('https://www.gegevensbeschermingsautoriteit.be');
  });

  it('says whether providing data is required and what happens if not (Art. 13(2)(e))', () => {
    expect(text).toContain(s.requirementTypes.contractual);
    expect(text).toContain('Without your address we cannot deliver.');
  });

  it('explains automated decisions: logic, significance, consequences, safeguards and where to inspect (Art. 13(2)(f), 22)', () => {
    expect(text).toContain(s.labels.logic);
    expect(text).toContain('A score adds risk signals');
    expect(text).toContain('Orders above the threshold are refused.');
    expect(text).toContain('You may have to pay by bank transfer instead.');
    expect(text).toContain(s.art22Exceptions.contract);
    expect(text).toContain(s.text.art22Rights);
    expect(text).toContain('https://example.com/score');
    expect(text).not.toContain(s.text.noAutomated);
  });

  it('lists the categories of data and the sources, saying which are publicly accessible (Art. 14(1)(d), 14(2)(f))', () => {
    expect(text).toContain(s.text.dataIntro);
    expect(text).toContain(s.text.sourcesIntro);
    expect(text).toContain(s.sourceTypes['third-party']);
    expect(text).toContain(s.text.publiclyAccessible);
    expect(text).toContain(
      {
        en: 'The company register',
        nl: 'Het ondernemingsregister',
        fr: 'Le registre des entreprises',
        de: 'Das Handelsregister',
      }[language],
    );
  });

  it('has a cookie table with name, provider, purpose, duration, party and type', () => {
    const table = document.blocks.find(
      (block): block is Extract<Block, { kind: 'table' }> =>
        block.kind === 'table' && block.head[0] === s.labels.cookieName,
    );
    expect(table?.head).toEqual([
      s.labels.cookieName,
      s.labels.provider,
      s.labels.purpose,
      s.labels.duration,
      s.labels.party,
      s.labels.cookieType,
    ]);
    expect(table?.rows[0]?.[0]).toBe('session');
    expect(table?.rows[0]?.[2]).toContain(s.text.strictlyNecessary);
    expect(table?.rows[0]?.[3]).toBe(s.format.session);
    expect(table?.rows[1]).toEqual([
      '_visits',
      'Example Mailer Inc.',
      expect.stringContaining(
        { en: 'Newsletter', nl: 'Nieuwsbrief', fr: "Lettre d'information", de: 'Newsletter' }[
          language
        ],
      ),
      formatDuration('P13M', language),
      s.cookieParties.third,
      s.cookieTypes.pixel,
    ]);
  });

  it('states special categories, children, security, changes and the extra sections', () => {
    expect(text).toContain(s.text.specialNotProcessed);
    expect(text).toContain(s.text.specialDeleted);
    expect(text).toContain(s.text.childrenNotCollectedUnder(16));
    expect(text).toContain(s.securityMeasures['encryption-in-transit']);
    expect(text).toContain('TLS 1.2 or later.');
    expect(text).toContain(s.text.changesNotify);
    expect(text).toContain('By email to customers.');
    expect(headingIds(document.blocks)).toContain('links');
  });

  it('adds the US section with sale, GPC, rights, appeal and the Attorney General', () => {
    expect(headingIds(document.blocks)).toEqual(
      expect.arrayContaining(['us', 'us-collected', 'us-appeal']),
    );
    expect(text).toContain(s.text.usNoSale);
    expect(text).toContain(s.text.usGpc);
    expect(text).toContain(s.text.usAgent);
    expect(text).toContain(s.text.usNonDiscrimination);
    expect(text).toContain(s.laws.vcdpa);
    expect(text).toContain(s.rights['opt-out-targeted-advertising'].name);
    expect(text).toContain(s.usPortability.explanation);
    expect(text).toContain(
      s.text.usResponse(formatDuration('P45D', language), formatDuration('P45D', language)),
    );
    expect(text).toContain(
      s.text.usAppeal('VCDPA', 'privacy@example.com', formatDuration('P60D', language)),
    );
    expect(text).toContain(
      s.text.usAppealAttorneyGeneral(s.attorneyGeneral.vcdpa, 'https://www.oag.state.va.us'),
    );
  });

  it('anchors every heading with a unique id', () => {
    const headings = document.blocks.filter((block) => block.kind === 'heading');
    const ids = headingIds(document.blocks);
    expect(ids).toHaveLength(headings.length);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the notice', () => {
  it('has no US section when no US law is declared', () => {
    const map = variant((raw) => {
      raw.jurisdictions = raw.jurisdictions.filter((j: { law: string }) => j.law === 'gdpr');
    });
    for (const language of LANGUAGES) {
      const document = notice(map, { language });
      expect(headingIds(document.blocks).filter((id) => id.startsWith('us'))).toEqual([]);
      expect(renderMarkdown(document)).not.toContain(STRINGS[language].text.usGpc);
    }
  });

  it('says GPC is not honoured when the map does not honour it, and names the CCPA controls', () => {
    const map = variant((raw) => {
      raw.jurisdictions[1] = {
        law: 'ccpa',
        controller: 'shop-us',
        channels: ['privacy-email'],
        sale: {
          sells: true,
          shares: false,
          categories: ['contact.email'],
          recipients: ['mailer'],
          optOut: ['privacy-email'],
        },
        sensitiveUse: 'limited-to-permitted',
      };
    });
    const text = renderMarkdown(notice(map, { language: 'en' }));
    expect(text).toContain(STRINGS.en.text.usNoGpc);
    // A sentence ending in "Inc." keeps one full stop.
    expect(text).toContain(
      STRINGS.en.text.usSells('Email address', 'Example Mailer Inc.').replace(/\.\.$/, '.'),
    );
    expect(text).toContain(STRINGS.en.text.usOptOut('privacy@example.com'));
    expect(text).toContain(STRINGS.en.text.usConfirmReceipt(10));
    expect(text).toContain(STRINGS.en.text.usSensitiveLimited);
    expect(text).not.toContain(STRINGS.en.text.usNoSale);
    expect(text).not.toContain('Appeals');
  });

  it('is deterministic: the same map gives byte-identical output', () => {
    for (const language of LANGUAGES) {
      const again = load(FIXTURE);
      expect(renderMarkdown(notice(again, { language }))).toBe(
        renderMarkdown(notice(MAP, { language })),
      );
      expect(renderHtml(notice(again, { language }))).toBe(renderHtml(notice(MAP, { language })));
    }
  });

  it('escapes a hostile description in HTML', () => {
    const map = variant((raw) => {
      raw.purposes[0].description = '<script>alert("x")</script>';
      raw.organisation.name = 'Evil <img src=x onerror=alert(1)>';
    });
    const html = renderHtml(notice(map, { language: 'en' }));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('says there are no transfers or automated decisions when there are none', () => {
    const map = variant((raw) => {
      raw.recipients = raw.recipients.filter((r: { id: string }) => r.id !== 'mailer');
      raw.purposes[1].recipients = [];
      raw.cookies = [raw.cookies[0]];
      delete raw.purposes[2].automatedDecisions;
    });
    const text = renderMarkdown(notice(map, { language: 'de' }));
    expect(text).toContain(STRINGS.de.text.noTransfers);
    expect(text).toContain(STRINGS.de.text.noAutomated);
  });

  it('uses each language’s own legal terms', () => {
    expect(renderMarkdown(notice(MAP, { language: 'nl' }))).toMatch(
      /verwerkingsverantwoordelijke[\s\S]*gerechtvaardigd/,
    );
    expect(renderMarkdown(notice(MAP, { language: 'fr' }))).toContain('responsable du traitement');
    expect(renderMarkdown(notice(MAP, { language: 'fr' }))).toContain('intérêts légitimes');
    expect(renderMarkdown(notice(MAP, { language: 'de' }))).toContain('Verantwortliche');
    expect(renderMarkdown(notice(MAP, { language: 'de' }))).toContain('berechtigten Interessen');
  });
});

describe('formatDuration', () => {
  const cases: Record<string, Record<Language, string>> = {
    P2Y: { en: '2 years', nl: '2 jaar', fr: '2 ans', de: '2 Jahre' },
    PT72H: { en: '72 hours', nl: '72 uur', fr: '72 heures', de: '72 Stunden' },
    P1Y6M: {
      en: '1 year and 6 months',
      nl: '1 jaar en 6 maanden',
      fr: '1 an et 6 mois',
      de: '1 Jahr und 6 Monate',
    },
    P1D: { en: '1 day', nl: '1 dag', fr: '1 jour', de: '1 Tag' },
    P1Y2M3D: {
      en: '1 year, 2 months and 3 days',
      nl: '1 jaar, 2 maanden en 3 dagen',
      fr: '1 an, 2 mois et 3 jours',
      de: '1 Jahr, 2 Monate und 3 Tage',
    },
    session: { en: 'Session', nl: 'Sessie', fr: 'Session', de: 'Sitzung' },
  };
  it.each(Object.entries(cases))('writes %s in words in every language', (duration, expected) => {
    for (const language of LANGUAGES)
      expect(formatDuration(duration, language)).toBe(expected[language]);
  });

  it('returns what is not a duration unchanged', () => {
    expect(formatDuration('two years', 'en')).toBe('two years');
  });
});

describe('formatDate', () => {
  it('writes a date the same way on every machine', () => {
    expect(formatDate('2026-03-01', 'en')).toBe('1 March 2026');
    expect(formatDate('2026-03-01', 'nl')).toBe('1 maart 2026');
    expect(formatDate('2026-03-01', 'fr')).toBe('1er mars 2026');
    expect(formatDate('2026-12-24', 'fr')).toBe('24 décembre 2026');
    expect(formatDate('2026-03-01', 'de')).toBe('1. März 2026');
    expect(formatDate('not a date', 'en')).toBe('not a date');
  });
});

describe('STRINGS', () => {
  /** Every leaf of a Strings object, functions called with sample arguments. */
  function leaves(value: unknown, path: string): [string, unknown][] {
    if (typeof value === 'function') {
      const sample = Array.from({ length: value.length }, (_, index) =>
        index === 1 ? 2 : 'Sample',
      );
      return [[path, (value as (...args: unknown[]) => unknown)(...sample)]];
    }
    if (Array.isArray(value))
      return value.flatMap((item, index) => leaves(item, `${path}[${index}]`));
    if (typeof value === 'object' && value !== null) {
      return Object.entries(value).flatMap(([key, item]) => leaves(item, `${path}.${key}`));
    }
    return [[path, value]];
  }

  it('has every text non-empty in every language, with the same keys', () => {
    const shape = leaves(STRINGS.en, '').map(([path]) => path);
    for (const language of LANGUAGES) {
      const all = leaves(STRINGS[language], '');
      expect(all.map(([path]) => path)).toEqual(shape);
      for (const [path, value] of all) {
        expect(typeof value, `${language}${path}`).toBe('string');
        expect((value as string).trim(), `${language}${path}`).not.toBe('');
      }
      expect(STRINGS[language].format.months).toHaveLength(12);
    }
  });

  it('puts the parameters into the sentences', () => {
    for (const language of LANGUAGES) {
      const text = STRINGS[language].text;
      expect(text.retentionFor('X1', 'X2')).toMatch(/X1.*X2/);
      expect(text.withdrawVia('privacy@example.com')).toContain('privacy@example.com');
      expect(text.usAppealAttorneyGeneral('AG', 'https://example.com')).toContain(
        'https://example.com',
      );
    }
  });
});
