import { describe, expect, it } from 'vitest';
import { RULES, runRules } from '../../src/map/index.js';
import { findingsOf, mapWith, type Raw } from './helpers.js';

const purpose = (raw: Raw, id: string): Raw => raw.purposes.find((p: Raw) => p.id === id);
const recipient = (raw: Raw, id: string): Raw => raw.recipients.find((r: Raw) => r.id === id);

describe('the valid fixture', () => {
  it('has no findings at all', () => {
    expect(runRules(mapWith())).toEqual([]);
  });
});

describe('reference.unknown', () => {
  it('reports a purpose naming an undeclared recipient, with a suggestion', () => {
    const found = findingsOf('reference.unknown', (raw) => {
      purpose(raw, 'orders').recipients = ['hostng'];
    });
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toEqual(['purposes', 0, 'recipients', 0]);
    expect(found[0]?.message).toBe('unknown recipient "hostng" (did you mean "hosting"?)');
  });

  it('accepts built-in categories and rejects unknown ones', () => {
    expect(findingsOf('reference.unknown')).toEqual([]);
    const found = findingsOf('reference.unknown', (raw) => {
      purpose(raw, 'orders').categories.push('contact.fax');
    });
    expect(found.map((f) => f.message)).toEqual(['unknown category "contact.fax"']);
  });

  it('checks channels, subjects, controllers, authorities and cookie purposes', () => {
    const found = findingsOf('reference.unknown', (raw) => {
      purpose(raw, 'newsletter').consent.withdrawal = ['carrier-pigeon'];
      purpose(raw, 'orders').subjects = ['aliens'];
      raw.jurisdictions[0].controller = 'shop-fr';
      raw.organisation.controllers[0].supervisoryAuthority = 'cnil';
      raw.cookies[0].purpose = 'tracking';
    });
    expect(found.map((f) => f.message).sort()).toEqual([
      'unknown authority "cnil"',
      'unknown channel "carrier-pigeon"',
      'unknown controller "shop-fr" (did you mean "shop-be"?)',
      'unknown purpose "tracking"',
      'unknown subject "aliens"',
    ]);
  });
});

describe('reference.duplicate', () => {
  it('reports a controller id declared twice', () => {
    const found = findingsOf('reference.duplicate', (raw) => {
      raw.organisation.controllers[1].id = 'shop-be';
    });
    expect(found.map((f) => f.path)).toEqual([['organisation', 'controllers', 1, 'id']]);
  });

  it('reports an id declared twice', () => {
    const found = findingsOf('reference.duplicate', (raw) => {
      raw.channels.push({ id: 'banner', type: 'web-form', url: 'https://example.com/form' });
    });
    expect(found.map((f) => f.path)).toEqual([['channels', 3, 'id']]);
  });
});

describe('purpose.legal-basis — GDPR Art. 6(1)', () => {
  it('reports a purpose without a legal basis', () => {
    const found = findingsOf('purpose.legal-basis', (raw) => {
      delete purpose(raw, 'orders').legalBasis;
    });
    expect(found.map((f) => f.message)).toEqual([
      'purpose "orders" has no legalBasis (GDPR Art. 6(1))',
    ]);
  });
});

describe('purpose.retention — GDPR Art. 5(1)(e), 13(2)(a)', () => {
  it('reports a purpose without retention', () => {
    const found = findingsOf('purpose.retention', (raw) => {
      delete purpose(raw, 'analytics').retention;
    });
    expect(found.map((f) => f.path)).toEqual([['purposes', 2]]);
  });
});

describe('purpose.legitimate-interest — GDPR Art. 6(1)(f)', () => {
  it('reports legitimate interests without the interest and balancing', () => {
    const found = findingsOf('purpose.legitimate-interest', (raw) => {
      purpose(raw, 'orders').legalBasis = 'legitimate-interests';
    });
    expect(found).toHaveLength(1);
  });

  it('passes when interest and balancing are stated', () => {
    const found = findingsOf('purpose.legitimate-interest', (raw) => {
      const p = purpose(raw, 'orders');
      p.legalBasis = 'legitimate-interests';
      p.legitimateInterest = {
        interest: { en: 'Selling', nl: 'Verkopen' },
        balancing: { en: 'Expected', nl: 'Verwacht' },
      };
    });
    expect(found).toEqual([]);
  });

  it('rejects a balancing statement missing one half at load time', () => {
    expect(() =>
      mapWith((raw) => {
        const p = purpose(raw, 'orders');
        p.legalBasis = 'legitimate-interests';
        p.legitimateInterest = { interest: 'Selling' };
      }),
    ).toThrow(/balancing/);
  });
});

describe('purpose.legal-obligation — GDPR Art. 6(1)(c)', () => {
  it('warns when the law is not named', () => {
    const found = findingsOf('purpose.legal-obligation', (raw) => {
      purpose(raw, 'orders').legalBasis = 'legal-obligation';
    });
    expect(found.map((f) => f.severity)).toEqual(['warning']);
  });
});

describe('consent.withdrawal — GDPR Art. 7(3)', () => {
  it('reports a consent purpose without withdrawal channels', () => {
    const found = findingsOf('consent.withdrawal', (raw) => {
      delete purpose(raw, 'analytics').consent;
    });
    expect(found.map((f) => f.path)).toEqual([['purposes', 2, 'legalBasis']]);
  });
});

describe('consent.soft-opt-in — ePrivacy Art. 13(2)', () => {
  it('allows soft opt-in on consent-based direct marketing', () => {
    const found = findingsOf('consent.soft-opt-in', (raw) => {
      purpose(raw, 'newsletter').softOptIn = {
        subjects: ['customers'],
        interest: 'Offers',
        balancing: 'Expected',
      };
    });
    expect(found).toEqual([]);
  });

  it('reports soft opt-in on a purpose that is not direct marketing', () => {
    const found = findingsOf('consent.soft-opt-in', (raw) => {
      purpose(raw, 'analytics').softOptIn = {
        subjects: ['customers'],
        interest: 'Offers',
        balancing: 'Expected',
      };
    });
    expect(found).toHaveLength(1);
  });
});

describe('special-category.condition — GDPR Art. 9', () => {
  it('reports a special category without an Art. 9(2) condition', () => {
    const found = findingsOf('special-category.condition', (raw) => {
      purpose(raw, 'orders').categories.push('special.health');
    });
    expect(found.map((f) => f.path)).toEqual([['purposes', 0, 'categories', 2]]);
  });

  it('passes with a condition', () => {
    const found = findingsOf('special-category.condition', (raw) => {
      purpose(raw, 'orders').categories.push('special.health');
      purpose(raw, 'orders').special = { condition: 'health-or-social-care' };
    });
    expect(found).toEqual([]);
  });

  it('requires explicit consent to be collected when it is the Art. 9(2)(a) condition', () => {
    const withoutConsent = findingsOf('special-category.condition', (raw) => {
      purpose(raw, 'orders').categories.push('special.health');
      purpose(raw, 'orders').special = { condition: 'explicit-consent' };
    });
    expect(withoutConsent.map((f) => f.path)).toEqual([['purposes', 0, 'special', 'condition']]);
    const withConsent = findingsOf('special-category.condition', (raw) => {
      purpose(raw, 'orders').categories.push('special.health');
      purpose(raw, 'orders').special = { condition: 'explicit-consent' };
      purpose(raw, 'orders').consent = { explicit: true, withdrawal: ['privacy-email'] };
    });
    expect(withConsent).toEqual([]);
  });

  it('treats the unspecified special group as special', () => {
    const found = findingsOf('special-category.condition', (raw) => {
      raw.categories = [{ id: 'sensitive-notes', name: 'Sensitive notes', parent: 'special' }];
      purpose(raw, 'orders').categories.push('special', 'sensitive-notes');
    });
    expect(found).toHaveLength(2);
  });

  it('inherits the special kind through a declared child category', () => {
    const found = findingsOf('special-category.condition', (raw) => {
      raw.categories = [{ id: 'allergies', name: 'Allergies', parent: 'special.health' }];
      purpose(raw, 'orders').categories.push('allergies');
    });
    expect(found).toHaveLength(1);
  });

  it('reports special data used although the map says none is processed', () => {
    const found = findingsOf('special-category.condition', (raw) => {
      raw.statements = { specialCategories: { processed: false, onReceipt: 'delete' } };
      purpose(raw, 'orders').categories.push('special.religious-beliefs');
      purpose(raw, 'orders').special = { condition: 'explicit-consent' };
    });
    expect(found[0]?.message).toMatch(
      /although statements.specialCategories says none is processed/,
    );
  });
});

describe('transfer.safeguard — GDPR Art. 44-46', () => {
  it('reports a recipient in a third country without a mechanism', () => {
    const found = findingsOf('transfer.safeguard', (raw) => {
      delete recipient(raw, 'mailer').transfer;
      recipient(raw, 'mailer').dpfCertified = false;
    });
    expect(found.map((f) => f.message)).toEqual([
      'recipient "mailer" processes data in US without a transfer mechanism (GDPR Art. 44-46)',
    ]);
  });

  it('needs no mechanism for adequate countries or DPF-certified US recipients', () => {
    expect(
      findingsOf('transfer.safeguard', (raw) => {
        delete recipient(raw, 'mailer').transfer;
        recipient(raw, 'mailer').countries = { processing: ['JP', 'CH', 'US'] };
      }),
    ).toEqual([]);
  });

  it('reports China without a mechanism and a derogation without its ground', () => {
    const found = findingsOf('transfer.safeguard', (raw) => {
      recipient(raw, 'hosting').countries = { processing: ['CN'] };
      recipient(raw, 'mailer').dpfCertified = false;
      recipient(raw, 'mailer').transfer = { mechanism: 'derogation' };
    });
    expect(found.map((f) => f.message)).toEqual([
      'recipient "hosting" processes data in CN without a transfer mechanism (GDPR Art. 44-46)',
      'recipient "mailer" relies on a derogation without naming its Art. 49(1) ground',
    ]);
  });

  it('accepts SCCs for UK GDPR only with the UK Addendum, and the IDTA only for UK GDPR', () => {
    const uk = (raw: Raw): void => {
      raw.jurisdictions.push({ law: 'uk-gdpr', channels: ['privacy-email'] });
      recipient(raw, 'hosting').countries = { processing: ['IN'] };
    };
    const scc = findingsOf('transfer.safeguard', (raw) => {
      uk(raw);
      recipient(raw, 'hosting').transfer = { mechanism: 'scc', tia: true };
    });
    expect(scc.map((f) => f.message)).toEqual([
      'recipient "hosting" processes data in IN, where scc is no safeguard under UK GDPR (add the UK Addendum: transfer.ukAddendum)',
    ]);
    expect(
      findingsOf('transfer.safeguard', (raw) => {
        uk(raw);
        recipient(raw, 'hosting').transfer = { mechanism: 'scc', tia: true, ukAddendum: true };
      }),
    ).toEqual([]);
    const idta = findingsOf('transfer.safeguard', (raw) => {
      uk(raw);
      recipient(raw, 'hosting').transfer = { mechanism: 'uk-idta', tia: true };
    });
    expect(idta.map((f) => f.message)).toEqual([
      'recipient "hosting" processes data in IN, where uk-idta is no safeguard under GDPR',
    ]);
  });

  it('ignores recipients only the US controller discloses to', () => {
    const found = findingsOf('transfer.safeguard', (raw) => {
      recipient(raw, 'hosting').countries = { processing: ['US'] };
      recipient(raw, 'hosting').controllers = ['shop-us'];
    });
    expect(found).toEqual([]);
    const both = findingsOf('transfer.safeguard', (raw) => {
      recipient(raw, 'hosting').countries = { processing: ['US'] };
      recipient(raw, 'hosting').controllers = ['shop-us', 'shop-be'];
    });
    expect(both).toHaveLength(1);
  });

  it('applies UK GDPR when the map declares it, reporting the finding once for both laws', () => {
    const found = findingsOf('transfer.safeguard', (raw) => {
      raw.jurisdictions.push({ law: 'uk-gdpr', channels: ['privacy-email'] });
      recipient(raw, 'hosting').countries = { processing: ['IN'] };
    });
    expect(found.map((f) => f.message)).toEqual([
      'recipient "hosting" processes data in IN without a transfer mechanism (GDPR Art. 44-46; UK GDPR Art. 44-46)',
    ]);
  });
});

describe('transfer.dpf-scope — EU-US Data Privacy Framework', () => {
  it('reports the DPF used for a non-US country', () => {
    const found = findingsOf('transfer.dpf-scope', (raw) => {
      recipient(raw, 'mailer').transfer = { mechanism: 'dpf' };
      recipient(raw, 'mailer').countries = { processing: ['US', 'IN'] };
    });
    expect(found.map((f) => f.message)).toEqual([
      'recipient "mailer" uses the DPF for IN; it covers only the US',
    ]);
  });

  it('accepts the DPF for a certified recipient in the US only', () => {
    const found = findingsOf('transfer.dpf-scope', (raw) => {
      recipient(raw, 'mailer').transfer = { mechanism: 'dpf' };
      recipient(raw, 'mailer').countries = { processing: ['US'], storage: ['US', 'IE'] };
    });
    expect(found).toEqual([]);
  });

  it('reports the DPF for a recipient not certified', () => {
    const found = findingsOf('transfer.dpf-scope', (raw) => {
      recipient(raw, 'mailer').transfer = { mechanism: 'dpf' };
      recipient(raw, 'mailer').dpfCertified = false;
    });
    expect(found).toHaveLength(1);
  });
});

describe('transfer.impact-assessment — Schrems II', () => {
  it('warns about SCCs without a transfer impact assessment', () => {
    const found = findingsOf('transfer.impact-assessment', (raw) => {
      recipient(raw, 'mailer').dpfCertified = false;
      recipient(raw, 'mailer').transfer = { mechanism: 'scc' };
    });
    expect(found.map((f) => f.severity)).toEqual(['warning']);
  });
});

describe('processor.dpa — GDPR Art. 28(3)', () => {
  it('reports a processor without a signed DPA', () => {
    const found = findingsOf('processor.dpa', (raw) => {
      recipient(raw, 'hosting').dpa = { signed: false };
    });
    expect(found.map((f) => f.path)).toEqual([['recipients', 0, 'dpa']]);
  });

  it('does not ask independent controllers for a DPA', () => {
    const found = findingsOf('processor.dpa', (raw) => {
      recipient(raw, 'hosting').type = 'controller';
      delete recipient(raw, 'hosting').dpa;
    });
    expect(found).toEqual([]);
  });
});

describe('joint-controller.arrangement — GDPR Art. 26(2)', () => {
  it('reports a joint controller without the essence of the arrangement', () => {
    const found = findingsOf('joint-controller.arrangement', (raw) => {
      recipient(raw, 'hosting').type = 'joint-controller';
    });
    expect(found).toHaveLength(1);
  });
});

describe('reference.unknown for category parents', () => {
  it('reports a category that is its own ancestor', () => {
    const found = findingsOf('reference.unknown', (raw) => {
      raw.categories = [
        { id: 'a', name: 'A', parent: 'b' },
        { id: 'b', name: 'B', parent: 'a' },
      ];
    });
    expect(found.map((f) => f.message)).toEqual([
      'category "a" is its own ancestor through parent',
      'category "b" is its own ancestor through parent',
    ]);
  });
});

describe('residency.location — residency commitments', () => {
  it('covers the children of a listed category', () => {
    const found = findingsOf('residency.location', (raw) => {
      raw.residency = [{ id: 'contact-in-eu', within: ['EU'], categories: ['contact'] }];
    });
    expect(found.map((f) => f.path)).toEqual([['recipients', 1, 'countries']]);
  });

  it('reports a recipient processing outside a promised region', () => {
    const found = findingsOf('residency.location', (raw) => {
      raw.residency = [{ id: 'eu-only', within: ['EU'] }];
    });
    expect(found.map((f) => f.message)).toEqual([
      'recipient "mailer" (purpose "newsletter") processes data in US, outside residency "eu-only" (EU)',
    ]);
  });

  it('checks only storage for a storage commitment, and only covered categories', () => {
    expect(
      findingsOf('residency.location', (raw) => {
        raw.residency = [{ id: 'stored-in-eu', within: ['EU'], scope: 'storage' }];
      }),
    ).toEqual([]);
    expect(
      findingsOf('residency.location', (raw) => {
        raw.residency = [
          { id: 'names-in-be', within: ['BE', 'NL'], categories: ['identity.name'] },
        ];
      }),
    ).toEqual([]);
  });
});

describe('marketing.objection — GDPR Art. 21(2)-(3)', () => {
  it('reports direct marketing without an objection route', () => {
    const found = findingsOf('marketing.objection', (raw) => {
      delete purpose(raw, 'newsletter').objection;
    });
    expect(found).toHaveLength(1);
  });
});

describe('us.limit-use — CCPA 1798.121', () => {
  it('reports sensitive use beyond the permitted purposes without a route to limit it', () => {
    const found = findingsOf('us.limit-use', (raw) => {
      raw.jurisdictions[1].sensitiveUse = 'beyond-permitted';
    });
    expect(found.map((f) => f.path)).toEqual([['jurisdictions', 1, 'sensitiveUse']]);
  });

  it('passes with a limitUse channel, or with use limited to the permitted purposes', () => {
    expect(
      findingsOf('us.limit-use', (raw) => {
        raw.jurisdictions[1].sensitiveUse = 'beyond-permitted';
        raw.jurisdictions[1].limitUse = ['privacy-email'];
      }),
    ).toEqual([]);
    expect(
      findingsOf('us.limit-use', (raw) => {
        raw.jurisdictions[1].sensitiveUse = 'limited-to-permitted';
      }),
    ).toEqual([]);
  });
});

describe('us.opt-out — CCPA 1798.120', () => {
  it('reports sharing without an opt-out', () => {
    const found = findingsOf('us.opt-out', (raw) => {
      raw.jurisdictions[1].sale = { sells: false, shares: true };
    });
    expect(found.map((f) => f.path)).toEqual([['jurisdictions', 1, 'sale']]);
  });

  it('passes with a Do Not Sell or Share channel', () => {
    const found = findingsOf('us.opt-out', (raw) => {
      raw.jurisdictions[1].sale = { sells: true, shares: false, optOut: ['privacy-email'] };
    });
    expect(found).toEqual([]);
  });

  it('warns when a US jurisdiction is silent about selling', () => {
    const found = findingsOf('us.sale-declared', (raw) => {
      delete raw.jurisdictions[1].sale;
    });
    expect(found.map((f) => f.severity)).toEqual(['warning']);
  });
});

describe('sale.consistent', () => {
  it('reports a US sale that contradicts a general promise not to sell', () => {
    const found = findingsOf('sale.consistent', (raw) => {
      raw.statements = { sale: { sells: false } };
      raw.jurisdictions[1].sale = { sells: true, shares: false, optOut: ['privacy-email'] };
    });
    expect(found.map((f) => f.path)).toEqual([['jurisdictions', 1, 'sale', 'sells']]);
    expect(
      findingsOf('sale.consistent', (raw) => (raw.statements = { sale: { sells: false } })),
    ).toEqual([]);
  });
});

describe('us.appeal — Va. Code 59.1-578(C)', () => {
  it('reports VCDPA without an appeal channel, and passes with one', () => {
    const vcdpa = {
      law: 'vcdpa',
      controller: 'shop-us',
      channels: ['privacy-email'],
      sale: { sells: false, shares: false },
    };
    expect(findingsOf('us.appeal', (raw) => raw.jurisdictions.push(vcdpa))).toHaveLength(1);
    expect(
      findingsOf('us.appeal', (raw) =>
        raw.jurisdictions.push({ ...vcdpa, appeal: ['privacy-email'] }),
      ),
    ).toEqual([]);
  });
});

describe('controller.representative — GDPR Art. 27, UK GDPR Art. 27', () => {
  it('reports a US controller answering under GDPR without an EU representative', () => {
    const found = findingsOf('controller.representative', (raw) => {
      raw.jurisdictions[0].controller = 'shop-us';
    });
    expect(found.map((f) => f.path)).toEqual([['organisation', 'controllers', 1]]);
  });

  it('passes once the representative is named', () => {
    const found = findingsOf('controller.representative', (raw) => {
      raw.jurisdictions[0].controller = 'shop-us';
      raw.organisation.controllers[1].euRepresentative = {
        name: 'Rep BV',
        contact: { email: 'rep@example.com' },
      };
    });
    expect(found).toEqual([]);
  });

  it('asks a Belgian controller answering under UK GDPR for a UK representative', () => {
    const found = findingsOf('controller.representative', (raw) => {
      raw.jurisdictions.push({
        law: 'uk-gdpr',
        controller: 'shop-be',
        channels: ['privacy-email'],
      });
    });
    expect(found.map((f) => f.message)).toEqual([
      'controller "shop-be" is established outside the UK and answers under UK GDPR (jurisdictions.2) but names no ukRepresentative',
    ]);
  });
});

describe('purpose.retention — events', () => {
  it('asks for a description when retention runs from a custom event', () => {
    const found = findingsOf('purpose.retention', (raw) => {
      purpose(raw, 'orders').retention = { duration: 'P1Y', from: 'event' };
    });
    expect(found.map((f) => f.path)).toEqual([['purposes', 0, 'retention', 'from']]);
  });
});

describe('recipient.countries', () => {
  it('warns about a recipient that does not say where it processes data', () => {
    const found = findingsOf('recipient.countries', (raw) => {
      delete recipient(raw, 'hosting').countries;
    });
    expect(found.map((f) => f.severity)).toEqual(['warning']);
  });
});

describe('channel.contact — GDPR Art. 12(2)', () => {
  it('reports an email channel without an address and a web form without a URL', () => {
    const found = findingsOf('channel.contact', (raw) => {
      delete raw.channels[0].email;
      raw.channels.push({ id: 'form', type: 'web-form' });
    });
    expect(found.map((f) => f.message)).toEqual([
      'channel "privacy-email" of type email needs its email',
      'channel "form" of type web-form needs its url',
    ]);
  });
});

describe('jurisdiction.response-time — GDPR Art. 12(3)', () => {
  it('rejects a promise longer than the law, accepts 30 days against one month', () => {
    expect(
      findingsOf(
        'jurisdiction.response-time',
        (raw) => (raw.jurisdictions[0].responseTime = 'P2M'),
      ),
    ).toHaveLength(1);
    expect(
      findingsOf(
        'jurisdiction.response-time',
        (raw) => (raw.jurisdictions[0].responseTime = 'P30D'),
      ),
    ).toEqual([]);
    expect(
      findingsOf(
        'jurisdiction.response-time',
        (raw) => (raw.jurisdictions[1].responseTime = 'P60D'),
      ),
    ).toHaveLength(1);
  });
});

describe('us.gpc — 11 CCR 7025', () => {
  it('requires GPC to be honoured when personal information is shared', () => {
    const found = findingsOf('us.gpc', (raw) => {
      raw.jurisdictions[1].sale = { sells: false, shares: true, optOut: ['privacy-email'] };
      raw.jurisdictions[1].gpc = false;
    });
    expect(found).toHaveLength(1);
    expect(
      findingsOf('us.gpc', (raw) => {
        raw.jurisdictions[1].sale = { sells: false, shares: true, optOut: ['privacy-email'] };
      }),
    ).toEqual([]);
  });
});

describe('controller.territory', () => {
  it('reports two controllers without exactly one default, and overlapping territories', () => {
    const found = findingsOf('controller.territory', (raw) => {
      raw.organisation.controllers[0].territory = { include: ['EEA', 'US'] };
    });
    expect(found.map((f) => f.message)).toEqual([
      '2 controllers need exactly one with territory.default: true (found 0)',
      'controllers "shop-be" and "shop-us" both claim US',
    ]);
  });
});

describe('automated-decisions.safeguards — GDPR Art. 22', () => {
  const adm = {
    profiling: true,
    solelyAutomated: true,
    significantEffect: true,
    logic: 'Score',
    significance: 'Credit',
    consequences: 'Refusal',
  };
  it('reports solely automated significant decisions without safeguards', () => {
    expect(
      findingsOf(
        'automated-decisions.safeguards',
        (raw) => (purpose(raw, 'orders').automatedDecisions = adm),
      ),
    ).toHaveLength(1);
  });
  it('passes with an exception and human review', () => {
    expect(
      findingsOf('automated-decisions.safeguards', (raw) => {
        purpose(raw, 'orders').automatedDecisions = {
          ...adm,
          exception: 'contract',
          safeguards: 'Human review on request',
        };
      }),
    ).toEqual([]);
  });
});

describe('cookie.consent — ePrivacy Art. 5(3)', () => {
  it('reports a non-essential cookie for a purpose without consent', () => {
    const found = findingsOf('cookie.consent', (raw) => {
      raw.cookies[0].strictlyNecessary = false;
    });
    expect(found.map((f) => f.path)).toEqual([['cookies', 0, 'purpose']]);
  });
});

describe('children.age — GDPR Art. 8', () => {
  it('warns when children are asked for consent without a minimum age', () => {
    expect(findingsOf('children.age', (raw) => (raw.subjects[1].children = true))).toHaveLength(2);
    expect(
      findingsOf('children.age', (raw) => {
        raw.subjects[1].children = true;
        raw.statements = { children: { collected: true, minimumAge: 13 } };
      }),
    ).toEqual([]);
  });
});

describe('recipient.unused', () => {
  it('warns about a recipient no purpose uses', () => {
    const found = findingsOf('recipient.unused', (raw) => {
      purpose(raw, 'orders').recipients = [];
    });
    expect(found.map((f) => f.message)).toEqual(['recipient "hosting" is not used by any purpose']);
  });
});

describe('text.language — declared languages', () => {
  it('warns about a per-language text missing a declared language', () => {
    const found = findingsOf('text.language', (raw) => {
      purpose(raw, 'orders').description = { en: 'Deliver.' };
    });
    expect(found.map((f) => [f.severity, f.path.join('.'), f.message])).toEqual([
      ['warning', 'purposes.0.description', 'text has no nl version'],
    ]);
  });

  it('treats a plain string as language-neutral', () => {
    expect(
      findingsOf('text.language', (raw) => (purpose(raw, 'orders').description = 'Deliver.')),
    ).toEqual([]);
  });
});

describe('checks.off', () => {
  it('switches a rule off for the file, with a reason', () => {
    const map = mapWith((raw) => {
      delete purpose(raw, 'orders').legalBasis;
      raw.checks = {
        off: [{ rule: 'purpose.legal-basis', reason: 'Being decided with counsel this week.' }],
      };
    });
    expect(runRules(map)).toEqual([]);
  });

  it('limits a switch-off to one item with `at`', () => {
    const map = mapWith((raw) => {
      recipient(raw, 'hosting').dpa = { signed: false };
      recipient(raw, 'mailer').dpa = { signed: false };
      raw.checks = {
        off: [
          {
            rule: 'processor.dpa',
            reason: 'DPA with the mailer is being countersigned.',
            at: 'recipients.mailer',
          },
        ],
      };
    });
    expect(runRules(map).map((f) => f.message)).toEqual([
      'processor "hosting" has no signed data processing agreement (GDPR Art. 28(3))',
    ]);
  });

  it('reports an unknown rule id', () => {
    const map = mapWith((raw) => {
      raw.checks = { off: [{ rule: 'no.such-rule', reason: 'A reason long enough.' }] };
    });
    expect(runRules(map).map((f) => f.rule)).toEqual(['checks.unknown-rule']);
  });

  it('requires a reason', () => {
    expect(() => mapWith((raw) => (raw.checks = { off: [{ rule: 'processor.dpa' }] }))).toThrow(
      /reason/,
    );
  });
});

describe('the rule catalogue', () => {
  it('gives every rule a unique id, a law and a summary', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.law.length).toBeGreaterThan(3);
      expect(rule.summary.length).toBeGreaterThan(10);
    }
  });
});
