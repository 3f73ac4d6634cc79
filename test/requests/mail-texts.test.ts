import { describe, expect, it } from 'vitest';
import {
  MAIL_KINDS,
  MAIL_STRINGS,
  mailText,
  type HeldRecords,
  type MailKind,
  type MailValues,
  type Remedy,
} from '../../src/mail/index.js';
import { LANGUAGES, type Language } from '../../src/map/index.js';
import { REQUEST_TYPES } from '../../src/requests/index.js';

const COMMON = {
  organisation: 'BESTMIX',
  requestId: '0b7e6c1e-2f0a-4c55-9a35-7f3a1d2c9e11',
};
const CODE = '482913';
const EXPIRES = new Date('2026-03-03T09:30:00Z');
const DUE = new Date('2026-04-02T23:59:59Z');
const URL = 'https://privacy.example.com/v1/packages/tok';
const REASON = 'Staff wrote this reason.';

const INVOICES: HeldRecords = {
  datastore: 'Billing',
  collection: 'invoices',
  reason: {
    en: 'Tax law: invoices are kept for 7 years',
    nl: 'Belastingwet: facturen worden 7 jaar bewaard',
    fr: 'Droit fiscal : les factures sont conservées 7 ans',
    de: 'Steuerrecht: Rechnungen werden 7 Jahre aufbewahrt',
  },
  basis: 'BE WIB 92 art. 315',
  rows: 3,
  ends: [
    { until: '2031-03-04', rows: 2 },
    { until: null, rows: 1 },
  ],
};
const COMPLAINTS: HeldRecords = {
  datastore: 'Billing',
  collection: 'complaints',
  reason: 'Evidence',
  rows: 1,
  ends: [{ until: '2030-06-30', rows: 1 }],
};

const AUTHORITY: Remedy = {
  kind: 'complaint',
  authority: {
    name: { en: 'Belgian Data Protection Authority', nl: 'Gegevensbeschermingsautoriteit' },
    url: 'https://www.gegevensbeschermingsautoriteit.be',
  },
};

/** Every kind with values that fill every placeholder of its text. */
function values(type: string): { [K in MailKind]: MailValues[K] } {
  const common = { ...COMMON, type };
  return {
    'verification-code': { ...common, code: CODE, expiresAt: EXPIRES, dueAt: DUE },
    received: { ...common, dueAt: DUE },
    extension: { ...common, reason: REASON, dueAt: DUE },
    denial: { ...common, reason: REASON, remedy: AUTHORITY },
    completion: {
      ...common,
      downloadUrl: URL,
      downloadExpiresAt: EXPIRES,
      held: [INVOICES, COMPLAINTS],
      remedy: AUTHORITY,
    },
  };
}

/** What must appear in each kind's text: what the person needs from it. */
const MUST: { readonly [K in MailKind]: readonly string[] } = {
  'verification-code': [CODE],
  received: [],
  extension: [REASON],
  denial: [REASON, 'https://www.gegevensbeschermingsautoriteit.be'],
  completion: [URL, 'BE WIB 92 art. 315', 'Billing (invoices)', 'Billing (complaints)'],
};

/** Words of the English texts that no other language's text has (names aside). */
const ENGLISH =
  /\b(the|your|we|you|request|will|answer|please|until|kept|complete|link expires|ignore)\b/i;

/** The days of the test values, per language, as people read them. */
const DAYS: Readonly<Record<Language, readonly string[]>> = {
  en: ['3 March 2026', '2 April 2026', '4 March 2031', '30 June 2030'],
  nl: ['3 maart 2026', '2 april 2026', '4 maart 2031', '30 juni 2030'],
  fr: ['3 mars 2026', '2 avril 2026', '4 mars 2031', '30 juin 2030'],
  de: ['3. März 2026', '2. April 2026', '4. März 2031', '30. Juni 2030'],
};

/** A copy of `values` without `keys`. */
function withoutKeys<T extends object>(values: T, keys: readonly (keyof T)[]): T {
  return Object.fromEntries(
    Object.entries(values).filter(([key]) => !keys.includes(key as keyof T)),
  ) as T;
}

describe('the mails to people', () => {
  for (const language of LANGUAGES) {
    it(`writes every kind in ${language}, every placeholder filled`, () => {
      for (const kind of MAIL_KINDS) {
        const mail = mailText(kind, values('erasure')[kind], language);
        const all = `${mail.subject}\n${mail.text}`;
        expect(all, kind).not.toMatch(/undefined|NaN|\[object|\$\{|Invalid Date/);
        expect(mail.text, kind).toContain(COMMON.organisation);
        expect(mail.text, kind).toContain(COMMON.requestId);
        expect(all, kind).toContain(MAIL_STRINGS[language].types['erasure']);
        for (const text of MUST[kind]) expect(mail.text, `${kind}: ${text}`).toContain(text);
        if (language !== 'en') {
          // Names (the organisation, "Billing", a URL) aside, nothing English.
          const words = all
            .replaceAll(COMMON.organisation, '')
            .replaceAll('Billing', '')
            .replace(/https:\/\/\S+/g, '');
          expect(words, kind).not.toMatch(ENGLISH);
        }
      }
    });

    it(`writes the days in ${language}`, () => {
      const [expires = '', due = '', invoices = '', complaints = ''] = DAYS[language];
      const code = mailText('verification-code', values('access')['verification-code'], language);
      expect(code.text).toContain(expires);
      expect(code.text).toContain('09:30');
      expect(code.text).toContain(due);
      const done = mailText('completion', values('erasure').completion, language).text;
      expect(done).toContain(invoices);
      expect(done).toContain(complaints);
    });

    it(`names every request type in ${language}`, () => {
      for (const type of REQUEST_TYPES) {
        expect(MAIL_STRINGS[language].types[type], type).toEqual(expect.any(String));
      }
    });
  }

  it('lists held records with the reason in the person’s language, the basis and the last day (GDPR Art. 17(3))', () => {
    // An erasure has no download.
    const erasure = withoutKeys(values('erasure').completion, ['downloadUrl', 'downloadExpiresAt']);
    const nl = mailText('completion', erasure, 'nl').text;
    expect(nl).not.toContain('Downloaden');
    expect(nl).toContain('Wij hebben niet alles gewist');
    expect(nl).toContain('- Billing (invoices): 3 records');
    expect(nl).toContain('  Reden: Belastingwet: facturen worden 7 jaar bewaard');
    expect(nl).toContain('  Rechtsgrond: BE WIB 92 art. 315');
    expect(nl).toContain(
      '  Bewaard: tot en met 4 maart 2031 (2 records); totdat de datum kan worden vastgesteld (1 record)',
    );
    // A plain-string reason is the map author's words in every language; no basis, no line.
    expect(nl).toContain('  Reden: Evidence\n  Bewaard: tot en met 30 juni 2030');
    // GDPR Art. 12(4): what the person can do about what was kept.
    expect(nl).toContain('klacht indienen bij een toezichthoudende autoriteit');
    expect(nl).toContain('Gegevensbeschermingsautoriteit');
    const fr = mailText('completion', values('erasure').completion, 'fr').text;
    expect(fr).toContain('Motif : Droit fiscal : les factures sont conservées 7 ans');
    expect(fr).toContain('jusqu’au 4 mars 2031 inclus (2 enregistrements)');
    const de = mailText('completion', values('erasure').completion, 'de').text;
    expect(de).toContain('Grund: Steuerrecht: Rechnungen werden 7 Jahre aufbewahrt');
    expect(de).toContain('bis einschließlich 4. März 2031 (2 Datensätze)');
    // No language declared for a text: the reason falls back, never empty.
    const en = mailText('completion', values('erasure').completion, 'en').text;
    expect(en).toContain('  Why: Tax law: invoices are kept for 7 years');
    expect(en).toContain('up to and including 4 March 2031 (2 records)');
    expect(en).toContain('until the date can be determined (1 record)');
  });

  it('goes on after the greeting as each language writes a letter', () => {
    const received = values('access').received;
    expect(mailText('received', received, 'de').text).toMatch(
      /^Guten Tag,\n\nwir haben Ihren Antrag auf Auskunft erhalten\.\n/,
    );
    expect(mailText('received', received, 'nl').text).toMatch(
      /^Geachte heer, mevrouw,\n\nWij hebben uw verzoek om inzage ontvangen\.\n/,
    );
    expect(mailText('received', received, 'fr').text).toMatch(
      /^Madame, Monsieur,\n\nNous avons bien reçu votre demande d’accès\.\n/,
    );
    expect(mailText('received', received, 'en').text).toMatch(
      /^Hello,\n\nWe received your access request\.\n/,
    );
  });

  it('says nothing of holds, nor a remedy, when nothing was kept', () => {
    const plain = withoutKeys(values('erasure').completion, ['held', 'remedy']);
    const text = mailText('completion', plain, 'de').text;
    expect(text).not.toContain('Aufbewahrung');
    expect(text).not.toContain('Aufsichtsbehörde');
    // And a remedy without holds is not told either: nothing was refused.
    expect(mailText('completion', { ...plain, remedy: AUTHORITY }, 'de').text).not.toContain(
      'Aufsichtsbehörde',
    );
  });

  it('names the remedy of each law in each language', () => {
    const remedies: Remedy[] = [
      { kind: 'complaint' },
      { kind: 'appeal', channels: [] },
      { kind: 'appeal', channels: ['appeals@example.com'] },
      { kind: 'attorney-general', law: 'vcdpa', url: 'https://www.oag.state.va.us' },
      { kind: 'attorney-general', law: 'unknown' },
      { kind: 'contact' },
    ];
    const seen = new Set<string>();
    for (const language of LANGUAGES) {
      for (const remedy of remedies) {
        const text = mailText('denial', { ...values('appeal').denial, remedy }, language).text;
        expect(text).not.toMatch(/undefined/);
        if (remedy.kind === 'appeal' && remedy.channels.length > 0) {
          expect(text).toContain('appeals@example.com');
        }
        if (remedy.kind === 'attorney-general' && remedy.law === 'vcdpa') {
          expect(text).toContain('Virgini');
          expect(text).toContain('https://www.oag.state.va.us');
        }
        seen.add(text);
      }
    }
    // Every remedy reads differently in every language.
    expect(seen.size).toBe(remedies.length * LANGUAGES.length);
  });
});
