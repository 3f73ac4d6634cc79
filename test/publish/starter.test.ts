import { describe, expect, it } from 'vitest';
import { isInEea, loadSource, type DataMap } from '../../src/map/index.js';
import { runRules } from '../../src/map/rules.js';
import { ropa } from '../../src/publish/ropa.js';
import { starterMap } from '../../src/publish/starter.js';
import { subprocessors } from '../../src/publish/subprocessors.js';

function load(source: string): DataMap {
  const result = loadSource(source, 'privacy.yaml');
  if (!result.ok)
    return expect.fail(result.issues.map((issue) => `${issue.rule} ${issue.message}`).join('\n'));
  return result.value.map;
}

describe('starterMap', () => {
  const map = load(starterMap());

  it('loads and passes every rule without an error or a warning', () => {
    const findings = runRules(map);
    expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(findings).toEqual([]);
  });

  it('explains itself and points at the data map reference', () => {
    const text = starterMap();
    expect(text).toContain('docs/data-map.md');
    expect(
      text.split('\n').filter((line) => line.trimStart().startsWith('#')).length,
    ).toBeGreaterThan(20);
  });

  it('declares one controller in Belgium under the GDPR, published in English', () => {
    expect(map.organisation.controllers).toHaveLength(1);
    const controller = map.organisation.controllers[0];
    expect(controller?.legalName).toBe('Example Ltd');
    expect(controller?.address.country).toBe('BE');
    expect(controller?.contact.email).toBe('privacy@example.com');
    expect(map.jurisdictions.map((jurisdiction) => jurisdiction.law)).toEqual(['gdpr']);
    expect(map.notice.languages).toEqual(['en']);
  });

  it('has a contact form on contract, a consent newsletter with withdrawal and objection, and analytics with a cookie', () => {
    const byId = new Map(map.purposes.map((purpose) => [purpose.id, purpose]));
    expect(byId.get('contact')?.legalBasis).toBe('contract');
    const newsletter = byId.get('newsletter');
    expect(newsletter?.legalBasis).toBe('consent');
    expect(newsletter?.directMarketing).toBe(true);
    expect(newsletter?.consent?.withdrawal.length).toBeGreaterThan(0);
    expect(newsletter?.objection?.length).toBeGreaterThan(0);
    expect(byId.get('analytics')?.legalBasis).toBe('consent');
    expect(map.cookies.map((cookie) => cookie.purpose)).toEqual(['analytics']);
  });

  it('has one processor in the EEA under a signed agreement, and security measures', () => {
    const processors = map.recipients.filter((recipient) => recipient.type === 'processor');
    expect(processors).toHaveLength(1);
    expect(processors[0]?.dpa?.signed).toBe(true);
    expect(processors[0]?.countries?.processing.every((country) => isInEea(country))).toBe(true);
    expect(map.security?.measures.length).toBeGreaterThan(0);
  });

  it('uses the organisation name it is given, quoted safely', () => {
    const named = load(starterMap({ organisation: 'Acme "Widgets": #1' }));
    expect(named.organisation.name).toBe('Acme "Widgets": #1');
    expect(named.cookies[0]?.provider).toBe('Acme "Widgets": #1');
    expect(runRules(named)).toEqual([]);
  });

  it('rejects an effective date that is not YYYY-MM-DD', () => {
    expect(() => starterMap({ effectiveDate: '1 January 2026' })).toThrow(RangeError);
    expect(load(starterMap({ effectiveDate: '2027-05-01' })).notice.effectiveDate).toBe(
      '2027-05-01',
    );
  });

  it('feeds the generators: three activities in the record, one processor in the list', () => {
    expect(ropa(map).controller[0]?.activities.map((activity) => activity.id)).toEqual([
      'contact',
      'newsletter',
      'analytics',
    ]);
    expect(subprocessors(map).map((entry) => entry.id)).toEqual(['hosting']);
  });
});
