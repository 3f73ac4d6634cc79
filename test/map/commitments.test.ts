import { describe, expect, it } from 'vitest';
import { check, loadSource, RULES } from '../../src/map/index.js';
import { findingsOf, VALID_YAML, type Raw } from './helpers.js';

const purpose = (raw: Raw, id: string): Raw => raw.purposes.find((p: Raw) => p.id === id);
const jurisdiction = (raw: Raw, law: string): Raw =>
  raw.jurisdictions.find((j: Raw) => j.law === law);

describe('purpose.retention — GDPR Art. 5(1)(e): a maximum or a legal hold', () => {
  it('refuses criteria without a maximum', () => {
    const found = findingsOf('purpose.retention', (raw) => {
      delete purpose(raw, 'analytics').retention.maximum;
    });
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toEqual(['purposes', 2, 'retention', 'criteria']);
    expect(found[0]?.message).toContain('GDPR Art. 5(1)(e)');
  });

  it('accepts criteria without a maximum under a legal hold naming its law', () => {
    const found = findingsOf('purpose.retention', (raw) => {
      delete purpose(raw, 'analytics').retention.maximum;
      purpose(raw, 'analytics').retention.legalHold = { basis: 'BE WIB 92 art. 315' };
    });
    expect(found).toEqual([]);
  });
});

describe('retention.vague', () => {
  it('quotes a criterion that leaves the period to judgement, in any language', () => {
    const found = findingsOf('retention.vague', (raw) => {
      purpose(raw, 'analytics').retention.criteria = [
        { en: 'For as long as necessary for our business.', nl: 'Zolang nodig.' },
        { en: 'Until the statistics are aggregated.', nl: 'Zo lang als nodig voor de statistiek.' },
      ];
    });
    expect(found.map((finding) => finding.path)).toEqual([
      ['purposes', 2, 'retention', 'criteria', 0],
      ['purposes', 2, 'retention', 'criteria', 1],
    ]);
    expect(found[0]?.message).toContain('("For as long as necessary for our business.")');
    expect(found[1]?.message).toContain('"zo lang als nodig"');
  });

  it('leaves a criterion naming its event alone', () => {
    expect(findingsOf('retention.vague')).toEqual([]);
  });
});

describe('retention.legal-hold — the notice and the datastores agree', () => {
  const withInvoices = (raw: Raw): void => {
    raw.datastores = [
      {
        id: 'billing',
        type: 'pglite',
        connection: { dataDir: 'billing' },
        collections: [
          {
            name: 'invoices',
            primaryKey: ['id'],
            fields: [{ name: 'email', identity: 'email', categories: ['contact.email'] }],
            hold: { reason: 'Tax law', basis: 'BE WIB 92 art. 315', until: '2030-01-01' },
          },
        ],
      },
    ];
  };

  it('reports a datastore hold no purpose tells people about', () => {
    const found = findingsOf('retention.legal-hold', withInvoices);
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toEqual(['datastores', 0, 'collections', 0, 'hold', 'basis']);
  });

  it('reports a purpose hold no datastore enforces', () => {
    const found = findingsOf('retention.legal-hold', (raw) => {
      withInvoices(raw);
      purpose(raw, 'orders').retention.legalHold = { basis: 'HGB 257' };
      purpose(raw, 'analytics').retention.legalHold = { basis: 'BE WIB 92 art. 315' };
    });
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('"orders"');
    expect(found[0]?.message).toContain('HGB 257');
  });

  it('passes when the bases match', () => {
    const found = findingsOf('retention.legal-hold', (raw) => {
      withInvoices(raw);
      purpose(raw, 'orders').retention.legalHold = { basis: 'BE WIB 92 art. 315' };
    });
    expect(found).toEqual([]);
  });
});

describe('us.appeal — a narrowed rights list never silences the duty', () => {
  for (const law of ['vcdpa', 'cpa', 'ctdpa']) {
    it(`requires an appeal channel under ${law.toUpperCase()} without "appeal" in rights`, () => {
      const found = findingsOf('us.appeal', (raw) =>
        raw.jurisdictions.push({
          law,
          channels: ['privacy-email'],
          rights: ['know', 'delete'],
          sale: { sells: false, shares: false },
        }),
      );
      expect(found).toHaveLength(1);
    });
  }

  it('does not ask for one under the CCPA', () => {
    expect(findingsOf('us.appeal')).toEqual([]);
  });
});

describe('us.advertising — sharing inferred from recipients', () => {
  const withAds = (raw: Raw): void => {
    raw.recipients.push({
      id: 'ads',
      name: 'Example Ads',
      type: 'controller',
      service: 'Custom audiences',
      countries: { processing: ['IE'] },
      advertising: true,
    });
    purpose(raw, 'newsletter').recipients.push('ads');
  };

  it('makes a map that says shares: false share under the CCPA, saying why', () => {
    const found = findingsOf('us.advertising', withAds);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('"ads"');
    expect(found[0]?.message).toContain('contact.email');
    expect(found[0]?.message).toContain('1798.140(ah)');
    expect(found[0]?.message).toContain('sale.shares is false');
  });

  it('is targeted advertising under the VCDPA, and needs an opt-out route', () => {
    const map = (raw: Raw): void => {
      withAds(raw);
      raw.jurisdictions.push({
        law: 'vcdpa',
        channels: ['privacy-email'],
        appeal: ['privacy-email'],
        sale: { sells: false, shares: false, targetedAdvertising: false },
      });
    };
    const found = findingsOf('us.advertising', map).map((finding) => finding.message);
    expect(found.some((message) => message.includes('59.1-575'))).toBe(true);
    expect(findingsOf('us.opt-out', map)).toHaveLength(2);
  });

  it('is silent when the map declares the sharing', () => {
    const found = findingsOf('us.advertising', (raw) => {
      withAds(raw);
      jurisdiction(raw, 'ccpa').sale = { sells: false, shares: true, optOut: ['privacy-email'] };
    });
    expect(found).toEqual([]);
  });

  it('ignores a platform that receives no identifier', () => {
    const found = findingsOf('us.advertising', (raw) => {
      withAds(raw);
      purpose(raw, 'newsletter').categories = ['preferences.interests'];
    });
    expect(found).toEqual([]);
  });
});

describe('controller.contact — GDPR Art. 13(1)(a), 37(7)', () => {
  it('refuses an empty controller contact', () => {
    const found = findingsOf('controller.contact', (raw) => {
      raw.organisation.controllers[0].contact = {};
    });
    expect(found.map((finding) => finding.path)).toEqual([
      ['organisation', 'controllers', 0, 'contact'],
    ]);
  });

  it('refuses a DPO without contact details, and accepts one with an email', () => {
    const found = findingsOf('controller.contact', (raw) => {
      raw.organisation.controllers[0].dpo = { name: 'A. DPO', contact: {} };
    });
    expect(found[0]?.message).toContain('Art. 37(7)');
    expect(
      findingsOf('controller.contact', (raw) => {
        raw.organisation.controllers[0].dpo = { contact: { email: 'dpo@example.com' } };
      }),
    ).toEqual([]);
  });
});

describe('jurisdiction.duty', () => {
  it('refuses to declare away GDPR Art. 19 or the CCPA receipt and agent duties', () => {
    const found = findingsOf('jurisdiction.duty', (raw) => {
      jurisdiction(raw, 'gdpr').recipientsInformed = false;
      jurisdiction(raw, 'ccpa').confirmReceipt = false;
      jurisdiction(raw, 'ccpa').authorisedAgents = false;
    });
    expect(found.map((finding) => finding.path.at(-1))).toEqual([
      'recipientsInformed',
      'confirmReceipt',
      'authorisedAgents',
    ]);
  });
});

describe('us.do-not-track — CalOPPA', () => {
  it('asks a CCPA jurisdiction how DNT is handled', () => {
    expect(
      findingsOf('us.do-not-track', (raw) => delete jurisdiction(raw, 'ccpa').doNotTrack),
    ).toHaveLength(1);
    expect(findingsOf('us.do-not-track')).toEqual([]);
  });
});

describe('automated-decisions.statement', () => {
  it('refuses a statement of no solely automated decisions that a purpose contradicts', () => {
    const found = findingsOf('automated-decisions.statement', (raw) => {
      purpose(raw, 'orders').automatedDecisions = {
        profiling: true,
        solelyAutomated: true,
        significantEffect: true,
        logic: 'Scores',
        significance: 'Credit',
        consequences: 'Refusal',
        exception: 'contract',
        safeguards: 'Human review',
      };
    });
    expect(found).toHaveLength(1);
  });
});

describe('assumptions: every sentence the notice commits to from a default', () => {
  const undeclared = (raw: Raw): void => {
    const gdpr = jurisdiction(raw, 'gdpr');
    const ccpa = jurisdiction(raw, 'ccpa');
    delete gdpr.fee;
    delete gdpr.recipientsInformed;
    delete gdpr.identityVerification;
    delete ccpa.confirmReceipt;
    delete ccpa.authorisedAgents;
    delete ccpa.gpc;
    delete jurisdiction(raw, 'ccpa').sale.minorsUnder16;
    raw.jurisdictions.push({
      law: 'vcdpa',
      channels: ['privacy-email'],
      appeal: ['privacy-email'],
      authorisedAgents: true,
      gpc: false,
      sale: { sells: false, shares: false, minorsUnder16: false },
    });
    delete raw.statements.solelyAutomatedDecisions;
  };

  it('reports one assumption per defaulted fact, and none when each is declared', () => {
    const assumptions = (change?: (raw: Raw) => void): string[] =>
      RULES.filter((rule) => rule.severity === 'assumption')
        .flatMap((rule) => findingsOf(rule.id, change))
        .map((finding) => finding.rule);
    expect(assumptions()).toEqual([]);
    expect(assumptions(undeclared).sort()).toEqual(
      [
        'notice.authorised-agents',
        'notice.automated-decisions',
        'notice.confirm-receipt',
        'notice.fee',
        'notice.gpc',
        'notice.identity-verification',
        'notice.minors',
        'notice.recipients-informed',
        'notice.targeted-advertising',
      ].sort(),
    );
  });

  it('does not assume GPC is ignored when another jurisdiction honours it', () => {
    const vcdpa = { law: 'vcdpa', channels: ['privacy-email'], appeal: ['privacy-email'] };
    expect(findingsOf('notice.gpc', (raw) => raw.jurisdictions.push(vcdpa))).toEqual([]);
    const found = findingsOf('notice.gpc', (raw) => delete jurisdiction(raw, 'ccpa').gpc);
    expect(found).toHaveLength(1);
  });

  it('places assumptions in the file, with their own severity', () => {
    const source = VALID_YAML.replace('    fee: none\n', '');
    const loaded = loadSource(source, 'fixture.yaml');
    if (!loaded.ok) return expect.fail('fixture does not load');
    const fee = check(loaded.value).filter((d) => d.rule === 'notice.fee');
    expect(fee).toHaveLength(1);
    expect(fee[0]?.severity).toBe('assumption');
    expect(fee[0]?.message).toContain('Exercising your rights is free of charge.');
    expect(fee[0]?.line).toBeGreaterThan(1);
  });
});

describe('each finding once', () => {
  it('reports a hit found under two laws once, naming both', () => {
    const found = findingsOf('controller.authority', (raw) => {
      delete raw.organisation.controllers[0].supervisoryAuthority;
      raw.jurisdictions.push({ law: 'uk-gdpr', channels: ['privacy-email'] });
    });
    const first = found.filter(
      (finding) => finding.path.join('.') === 'organisation.controllers.0',
    );
    expect(first).toHaveLength(1);
    expect(first[0]?.message).toMatch(/\(GDPR; UK GDPR\)$/);
  });
});
