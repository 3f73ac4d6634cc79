import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, loadFile, type DataMap } from '../../src/map/index.js';
import {
  notice,
  renderHtml,
  renderMarkdown,
  ropa,
  ropaCsv,
  subprocessors,
  subprocessorsDocument,
} from '../../src/publish/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const goldenDir = `${root}test/golden/`;
const EXAMPLES = ['bestmix', 'behind-the-buttons', 'flexmail'] as const;

async function load(
  name: string,
): Promise<{ map: DataMap; diagnostics: ReturnType<typeof check> }> {
  const result = await loadFile(`${root}examples/${name}/privacy.yaml`);
  if (!result.ok)
    throw new Error(result.issues.map((i) => `${i.line}:${i.column} ${i.message}`).join('\n'));
  return { map: result.value.map, diagnostics: check(result.value) };
}

/** Compares with the checked-in golden file; UPDATE_GOLDEN=1 rewrites it for review. */
function golden(file: string, actual: string): void {
  const path = goldenDir + file;
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(path)) {
    if (process.env['CI'] && !existsSync(path)) throw new Error(`golden file ${file} is missing`);
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe.each(EXAMPLES)('the %s example', (name) => {
  it('passes check without errors or warnings', async () => {
    const { diagnostics } = await load(name);
    // Assumptions name sentences the notice states from a default; PROMISES.md explains them.
    const findings = diagnostics.filter((d) => d.severity !== 'assumption');
    expect(findings.map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`)).toEqual([]);
  });

  it('regenerates its notice in every declared language, as reviewed', async () => {
    const { map } = await load(name);
    for (const language of map.notice.languages) {
      golden(`${name}.notice.${language}.md`, renderMarkdown(notice(map, { language })));
    }
    golden(
      `${name}.notice.${map.notice.languages[0] ?? 'en'}.html`,
      renderHtml(notice(map, { language: map.notice.languages[0] ?? 'en' })),
    );
  });

  it('regenerates its sub-processor list and record, as reviewed', async () => {
    const { map } = await load(name);
    golden(`${name}.subprocessors.md`, renderMarkdown(subprocessorsDocument(map)));
    golden(`${name}.ropa.csv`, ropaCsv(ropa(map)));
  });
});

describe('the BESTMIX notice (seed 000)', () => {
  it('names both controllers and who each is responsible for', async () => {
    const { map } = await load('bestmix');
    const text = renderMarkdown(notice(map, { language: 'en' }));
    expect(text).toContain('BESTMIX Software NV');
    expect(text).toContain('BESTMIX Software Inc.');
    expect(text).toContain('Industrielaan 11B');
    expect(text).toContain('1700 W. Irving Rd.');
    expect(text).toMatch(/United States/);
  });

  it('states transfers under SCCs and the Data Privacy Framework, and the right to complain to the GBA', async () => {
    const { map } = await load('bestmix');
    const en = renderMarkdown(notice(map, { language: 'en' }));
    expect(en).toMatch(/Standard Contractual Clauses/);
    expect(en).toMatch(/Data Privacy Framework/);
    expect(en).toContain('Drukpersstraat 35');
    const nl = renderMarkdown(notice(map, { language: 'nl' }));
    expect(nl).toContain('Gegevensbeschermingsautoriteit');
  });

  it('has a US section that says nothing is sold or shared', async () => {
    const { map } = await load('bestmix');
    const text = renderMarkdown(notice(map, { language: 'en' }));
    expect(text).toMatch(/do not sell/i);
  });

  it('explains the personalisation scoring (GDPR Art. 13(2)(f))', async () => {
    const { map } = await load('bestmix');
    const scoring = map.purposes.find((p) => p.automatedDecisions !== undefined);
    expect(scoring).toBeDefined();
  });

  it('lists HubSpot among its processors', async () => {
    const { map } = await load('bestmix');
    expect(
      subprocessors(map)
        .map((s) => s.company)
        .join(' '),
    ).toMatch(/HubSpot/);
  });
});

describe('the Behind The Buttons notice (seed 001)', () => {
  it('is both controller and processor, with a DPO, and never processes special categories', async () => {
    const { map } = await load('behind-the-buttons');
    expect(map.organisation.processor).toBeDefined();
    expect(map.organisation.controllers[0]?.dpo).toBeDefined();
    expect(map.statements.specialCategories).toMatchObject({
      processed: false,
      onReceipt: 'delete',
    });
    expect(map.purposes.some((p) => p.softOptIn !== undefined)).toBe(true);
    const nl = renderMarkdown(notice(map, { language: 'nl' }));
    expect(nl).toContain('data.protection@behindthebuttons.com');
  });

  it('keeps data within the EU', async () => {
    const { map } = await load('behind-the-buttons');
    expect(map.residency.some((r) => r.within.includes('EU'))).toBe(true);
  });
});

describe('the Flexmail record (seed 003)', () => {
  it('keeps an Art. 30(2) record as processor with its sub-processors', async () => {
    const { map } = await load('flexmail');
    const record = ropa(map);
    expect(record.processor).toBeDefined();
    expect(subprocessors(map).length).toBeGreaterThan(0);
    expect(map.organisation.processor?.commitments.auditResponseWorkdays).toBe(12);
  });

  it('promises access within 30 days, free of charge, and suppression after erasure', async () => {
    const { map } = await load('flexmail');
    const gdpr = map.jurisdictions.find((j) => j.law === 'gdpr');
    expect(gdpr?.responseTime).toBe('P30D');
    expect(gdpr?.fee).toBe('none');
    expect(map.statements.suppressionAfterErasure).toBe(true);
  });
});
