/**
 * Every sentence of the notice with legal weight traces to a map field or a documented default
 * (docs/data-map.md, "Sentences the notice commits you to"): rendered without the fact, the
 * sentence is absent, marked NOT DECLARED, or the documented default; with the fact, it is there.
 * In the four notice languages.
 */
import { describe, expect, it } from 'vitest';
import { LANGUAGES, LAW_CATALOG, type DataMap, type Language } from '../../src/map/index.js';
import type { Block } from '../../src/publish/index.js';
import { formatDuration, STRINGS, type Strings } from '../../src/publish/i18n/index.js';
import { notice } from '../../src/publish/notice.js';
import { mapWith, type Raw } from '../map/helpers.js';

const jurisdiction = (raw: Raw, law: string): Raw =>
  raw.jurisdictions.find((j: Raw) => j.law === law);
const purpose = (raw: Raw, id: string): Raw => raw.purposes.find((p: Raw) => p.id === id);

/** Every piece of text the notice shows: paragraphs, list items, field values, table cells. */
function texts(map: DataMap, language: Language, draft = false): string[] {
  const blocks: readonly Block[] = notice(map, { language, draft }).blocks;
  return blocks.flatMap((block) => {
    switch (block.kind) {
      case 'paragraph':
        return [block.text];
      case 'list':
        return [...block.items];
      case 'fields':
        return block.items.map(([, value]) => value);
      case 'table':
        return block.rows.flat();
      case 'heading':
        return [];
    }
  });
}

/** The words of a sentence before its first parameter. */
const before = (sentence: (value: string) => string): string =>
  sentence('\u0000').split('\u0000')[0] ?? '';

const marker = (s: Strings, gap: keyof Strings['gaps']): string =>
  s.format.notDeclared(s.gaps[gap]);

const vcdpa = (extra: Raw = {}): Raw => ({
  law: 'vcdpa',
  controller: 'shop-us',
  channels: ['privacy-email'],
  appeal: ['privacy-email'],
  sale: { sells: false, shares: false, minorsUnder16: false, targetedAdvertising: false },
  authorisedAgents: true,
  ...extra,
});

describe.each(LANGUAGES)('notice facts in %s', (language) => {
  const s = STRINGS[language];
  const render = (change?: (raw: Raw) => void, draft = false): string[] =>
    texts(mapWith(change), language, draft);

  it('names the appeal channel the map declares, and marks a missing one instead of the general channels', () => {
    const period = formatDuration('P60D', language);
    const law = s.lawShort.vcdpa;
    const without = render((raw) => raw.jurisdictions.push(vcdpa({ appeal: undefined })));
    expect(without).toContain(s.text.usAppeal(law, marker(s, 'appealChannel'), period));
    const withIt = render((raw) => raw.jurisdictions.push(vcdpa()));
    expect(withIt).toContain(s.text.usAppeal(law, 'privacy@example.com', period));
    expect(withIt.join('\n')).not.toContain(marker(s, 'appealChannel'));
  });

  it('names the opt-out route the map declares, and marks a missing one', () => {
    const sharing = (optOut?: string[]) => (raw: Raw) => {
      jurisdiction(raw, 'ccpa').sale = { sells: false, shares: true, optOut, minorsUnder16: false };
    };
    expect(render(sharing())).toContain(s.text.usOptOut(marker(s, 'optOutChannel')));
    const withIt = render(sharing(['privacy-email']));
    expect(withIt).toContain(s.text.usOptOut('privacy@example.com'));
    expect(withIt.join('\n')).not.toContain(marker(s, 'optOutChannel'));
  });

  it('names the route to limit the use of sensitive information the map declares, and marks a missing one', () => {
    const beyond = (limitUse?: string[]) => (raw: Raw) => {
      jurisdiction(raw, 'ccpa').sensitiveUse = 'beyond-permitted';
      jurisdiction(raw, 'ccpa').limitUse = limitUse;
    };
    expect(render(beyond())).toContain(s.text.usSensitiveBeyond(marker(s, 'limitUseChannel')));
    const withIt = render(beyond(['privacy-email']));
    expect(withIt).toContain(s.text.usSensitiveBeyond('privacy@example.com'));
    expect(withIt.join('\n')).not.toContain(marker(s, 'limitUseChannel'));
  });

  it('names the withdrawal route of a consent purpose, and marks a missing one', () => {
    const without = render((raw) => delete purpose(raw, 'analytics').consent);
    expect(without).toContain(s.text.withdrawVia(marker(s, 'withdrawalChannel')));
    const withIt = render().join('\n');
    expect(withIt).toContain(before(s.text.withdrawVia));
    expect(withIt).not.toContain(marker(s, 'withdrawalChannel'));
  });

  it('names the objection route of a marketing purpose, and marks a missing one', () => {
    const without = render((raw) => delete purpose(raw, 'newsletter').objection);
    expect(without.join('\n')).toContain(s.text.objectMarketingVia(marker(s, 'objectionChannel')));
    expect(render().join('\n')).not.toContain(marker(s, 'objectionChannel'));
  });

  it('marks a missing legal basis and retention period', () => {
    const without = render((raw) => {
      delete purpose(raw, 'orders').legalBasis;
      delete purpose(raw, 'orders').retention;
    });
    expect(without).toContain(marker(s, 'legalBasis'));
    expect(without).toContain(marker(s, 'retention'));
    expect(render()).not.toContain(marker(s, 'legalBasis'));
  });

  it('says rights are free of charge from fee, by default "none"', () => {
    expect(render((raw) => delete jurisdiction(raw, 'gdpr').fee)).toContain(s.text.feeNone);
    expect(render()).toContain(s.text.feeNone);
    const excessive = render((raw) => (jurisdiction(raw, 'gdpr').fee = 'reasonable-if-excessive'));
    expect(excessive).toContain(s.text.feeExcessive);
    expect(excessive).not.toContain(s.text.feeNone);
  });

  it('promises to inform recipients (Art. 19) from recipientsInformed, by default true', () => {
    expect(render()).toContain(s.text.recipientsInformed);
    expect(render((raw) => delete jurisdiction(raw, 'gdpr').recipientsInformed)).toContain(
      s.text.recipientsInformed,
    );
    expect(render((raw) => (jurisdiction(raw, 'gdpr').recipientsInformed = false))).not.toContain(
      s.text.recipientsInformed,
    );
  });

  it('gives the identity check the map declares, else the documented default', () => {
    expect(render()).not.toContain(s.text.identityDefault);
    expect(render((raw) => delete jurisdiction(raw, 'gdpr').identityVerification)).toContain(
      s.text.identityDefault,
    );
  });

  it('denies solely automated decisions from statements.solelyAutomatedDecisions, by default when no purpose declares one', () => {
    expect(render()).toContain(s.text.noAutomated);
    expect(render((raw) => delete raw.statements.solelyAutomatedDecisions)).toContain(
      s.text.noAutomated,
    );
    expect(render((raw) => (raw.statements.solelyAutomatedDecisions = true))).not.toContain(
      s.text.noAutomated,
    );
  });

  it("confirms receipt within the catalog's business days from confirmReceipt, by default true", () => {
    const confirm = s.text.usConfirmReceipt(LAW_CATALOG.ccpa.request.acknowledgeBusinessDays ?? 0);
    expect(render()).toContain(confirm);
    expect(render((raw) => delete jurisdiction(raw, 'ccpa').confirmReceipt)).toContain(confirm);
    expect(render((raw) => (jurisdiction(raw, 'ccpa').confirmReceipt = false))).not.toContain(
      confirm,
    );
  });

  it('accepts authorised agents from authorisedAgents, by default true', () => {
    expect(render()).toContain(s.text.usAgent);
    expect(render((raw) => (jurisdiction(raw, 'ccpa').authorisedAgents = false))).not.toContain(
      s.text.usAgent,
    );
  });

  it('says whether GPC is honoured from gpc, by default not', () => {
    expect(render()).toContain(s.text.usGpc);
    expect(render((raw) => delete jurisdiction(raw, 'ccpa').gpc)).toContain(s.text.usNoGpc);
  });

  it('says how Do Not Track is handled only when the map declares it', () => {
    expect(render()).toContain(s.text.dntNotHonoured);
    expect(render((raw) => (jurisdiction(raw, 'ccpa').doNotTrack = true))).toContain(
      s.text.dntHonoured,
    );
    const undeclared = render((raw) => delete jurisdiction(raw, 'ccpa').doNotTrack);
    expect(undeclared).not.toContain(s.text.dntHonoured);
    expect(undeclared).not.toContain(s.text.dntNotHonoured);
  });

  it('says DNT is honoured under the GDPR alone too', () => {
    const text = render((raw) => {
      raw.jurisdictions = raw.jurisdictions.filter((j: Raw) => j.law === 'gdpr');
      jurisdiction(raw, 'gdpr').doNotTrack = true;
    });
    expect(text).toContain(s.text.dntHonoured);
  });

  it('speaks of minors from sale.minorsUnder16, by default no sale of their data', () => {
    expect(render()).toContain(s.text.usNoMinors);
    expect(render((raw) => delete jurisdiction(raw, 'ccpa').sale.minorsUnder16)).toContain(
      s.text.usNoMinors,
    );
    expect(render((raw) => (jurisdiction(raw, 'ccpa').sale.minorsUnder16 = true))).toContain(
      s.text.usMinors,
    );
  });

  it('speaks of targeted advertising from sale.targetedAdvertising, by default none', () => {
    const advertising = (value?: boolean) => (raw: Raw) =>
      raw.jurisdictions.push(
        vcdpa({ sale: { sells: false, shares: false, targetedAdvertising: value } }),
      );
    expect(render(advertising(false))).toContain(s.text.usNoTargetedAdvertising);
    expect(render(advertising(undefined))).toContain(s.text.usNoTargetedAdvertising);
    expect(render(advertising(true))).toContain(s.text.usTargetedAdvertising);
    expect(render(advertising(true))).toContain(
      s.text.usOptOutTargetedAdvertising(marker(s, 'optOutChannel')),
    );
    const withRoute = render((raw) =>
      raw.jurisdictions.push(
        vcdpa({
          sale: {
            sells: false,
            shares: false,
            targetedAdvertising: true,
            optOut: ['privacy-email'],
          },
        }),
      ),
    );
    expect(withRoute).toContain(s.text.usOptOutTargetedAdvertising('privacy@example.com'));
  });

  it('states a legal hold with the law that requires it', () => {
    const text = render((raw) => {
      purpose(raw, 'orders').retention.legalHold = { basis: 'BE WIB 92 art. 315' };
    });
    expect(text.join('\n')).toContain(s.text.legalHold('BE WIB 92 art. 315'));
    expect(render().join('\n')).not.toContain(before(s.text.legalHold));
  });

  it('lists an advertising platform as shared with, never as disclosed for a business purpose', () => {
    const map = mapWith((raw) => {
      raw.recipients.push({
        id: 'ads',
        name: 'Example Ads',
        type: 'controller',
        service: 'Custom audiences',
        countries: { processing: ['IE'] },
        advertising: true,
      });
      purpose(raw, 'newsletter').recipients.push('ads');
    });
    const blocks = notice(map, { language }).blocks;
    const collected = blocks.find(
      (block) => block.kind === 'table' && block.head.includes(s.labels.disclosedTo),
    );
    if (collected?.kind !== 'table') return expect.fail('no table of collected information');
    const disclosedTo = collected.head.indexOf(s.labels.disclosedTo);
    expect(collected.rows.map((row) => row[disclosedTo]).join(' ')).not.toContain('Example Ads');
    const text = texts(map, language).join('\n');
    expect(text).toContain(before((x) => s.text.usShares(x, '')));
    expect(text).toMatch(/Example Ads/);
  });

  it('puts a banner on a draft only', () => {
    expect(render(undefined, true)[0]).toBe(s.text.draftBanner);
    expect(render()).not.toContain(s.text.draftBanner);
  });
});
