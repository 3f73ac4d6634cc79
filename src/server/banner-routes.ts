import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CustodianError } from '../errors.js';
import { gpcOptOutCovers, recordConsent } from '../ledger/index.js';
import { canonicalJson } from '../evidence/index.js';
import { isUsLaw, localize, type DataMap } from '../map/index.js';
import type { RateLimit } from '../store/index.js';
import { clientRateLimiter } from './rate-limit.js';
import { defineRoute, type AnyRoute } from './route.js';
import { bounded, text } from './schemas.js';
import { MAX_TOKEN_LENGTH, verifyAccountToken, type AccountClaim } from './account-token.js';
import { checkSiteKey } from './site-keys.js';
import { negotiateLanguage } from './unsubscribe-page.js';

/** A choice body is a handful of purposes: 4 KiB is ample, and nothing larger is read. */
export const BANNER_BODY_LIMIT = 4096;

/**
 * Sixty recorded choices a minute per client network, counted apart from the request intake: a
 * page of visitors behind one office address stays under it, a script filling the ledger does not.
 */
export const BANNER_RATE_LIMIT: RateLimit = { max: 60, windowMs: 60_000 };

const SiteKey = text('line', 80).min(1).describe('The publishable site key (pk_…).');

export const BannerQuery = z.strictObject({
  siteKey: SiteKey,
  lang: text('line', 35).optional().describe('The visitor’s language (BCP 47).'),
});

export const PublicConsentBody = z.strictObject({
  siteKey: SiteKey,
  visitorId: bounded(64)
    .regex(/^[\w-]{16,64}$/)
    .describe('The opaque first-party id the SDK made for this browser.'),
  choices: z
    .array(z.strictObject({ purpose: text('line', 100).min(1), granted: z.boolean() }))
    .min(1)
    .max(50),
  gpc: z.boolean().optional().describe('navigator.globalPrivacyControl was true.'),
  noticeVersion: text('line', 64).min(1),
  accountToken: bounded(MAX_TOKEN_LENGTH)
    .optional()
    .describe(
      '`Custodian.identify(token)`: an account token the site signed (docs/banner.md); the choices are recorded for that account too.',
    ),
});

const BannerResponse = z.object({
  noticeVersion: z.string(),
  consentVersion: z
    .string()
    .describe(
      'A fingerprint of the consent purposes as declared (every language): the banner asks again when it changes, not on every notice version.',
    ),
  language: z.string(),
  purposes: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      gpcOptOut: z
        .boolean()
        .describe('A Global Privacy Control signal opts out of it (sale, sharing, targeting).'),
    }),
  ),
  labels: z.record(z.string(), z.string()),
});

const PublicConsentResponse = z.object({
  recorded: z.boolean(),
  recordedAt: z.string(),
  account: z
    .enum(['recorded', 'refused'])
    .optional()
    .describe(
      'With an `accountToken`: recorded for the account too, or refused (expired, altered, another site’s) and recorded for the visitor only.',
    ),
});

const consentVersions = new WeakMap<DataMap, string>();

/**
 * The fingerprint of what a visitor consents to: the declarations of the map's consent purposes,
 * every field in every language, and whether GPC covers each. A notice version that changes none of
 * them leaves consents given under the previous one valid (GDPR Art. 7(1), EDPB Guidelines 05/2020
 * on consent, 3.3: consent must be asked again when the purposes change).
 */
export function consentVersionOf(map: DataMap): string {
  const known = consentVersions.get(map);
  if (known !== undefined) return known;
  const us = map.jurisdictions.filter((j) => isUsLaw(j.law) && j.gpc === true);
  const purposes = map.purposes
    .filter((purpose) => purpose.legalBasis === 'consent')
    .map((purpose) => ({ purpose, gpcOptOut: gpcOptOutCovers(purpose, us) }));
  const version = createHash('sha256').update(canonicalJson(purposes)).digest('hex').slice(0, 16);
  consentVersions.set(map, version);
  return version;
}

/** The banner's own words, per notice language; English where a language has none. */
const LABELS: Record<string, Record<string, string>> = {
  en: {
    title: 'Your privacy choices',
    intro: 'We ask before we use cookies or similar technology for these purposes.',
    acceptAll: 'Accept all',
    rejectAll: 'Reject all',
    choose: 'Choose',
    save: 'Save my choices',
    gpc: 'Your browser sends a Global Privacy Control signal: we do not sell or share your data for advertising, and have switched these off.',
  },
  nl: {
    title: 'Uw privacykeuzes',
    intro: 'We vragen het eerst voor we cookies of vergelijkbare technieken hiervoor gebruiken.',
    acceptAll: 'Alles accepteren',
    rejectAll: 'Alles weigeren',
    choose: 'Kiezen',
    save: 'Mijn keuzes bewaren',
    gpc: 'Uw browser stuurt een Global Privacy Control-signaal: we verkopen of delen uw gegevens niet voor reclame en hebben dit uitgeschakeld.',
  },
  fr: {
    title: 'Vos choix de confidentialité',
    intro:
      'Nous vous demandons avant d’utiliser des cookies ou technologies similaires à ces fins.',
    acceptAll: 'Tout accepter',
    rejectAll: 'Tout refuser',
    choose: 'Choisir',
    save: 'Enregistrer mes choix',
    gpc: 'Votre navigateur envoie un signal Global Privacy Control : nous ne vendons ni ne partageons vos données à des fins publicitaires, et l’avons désactivé.',
  },
  de: {
    title: 'Ihre Datenschutz-Einstellungen',
    intro: 'Wir fragen, bevor wir Cookies oder ähnliche Techniken für diese Zwecke nutzen.',
    acceptAll: 'Alle akzeptieren',
    rejectAll: 'Alle ablehnen',
    choose: 'Auswählen',
    save: 'Auswahl speichern',
    gpc: 'Ihr Browser sendet ein Global-Privacy-Control-Signal: Wir verkaufen oder teilen Ihre Daten nicht für Werbung und haben dies ausgeschaltet.',
  },
};

let sdkSource: Buffer | undefined;

/**
 * The SDK as built: beside this module, `../sdk/custodian.js` is the minified file `npm run build`
 * writes to dist/sdk/ (scripts/build-sdk.js), or the readable source when run from src/.
 */
function sdk(): Buffer {
  sdkSource ??= readFileSync(new URL('../sdk/custodian.js', import.meta.url));
  return sdkSource;
}

/** The consent banner's routes: its script, its texts, and where it records choices. */
export function bannerRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/sdk/custodian.js',
      operationId: 'bannerSdk',
      summary: 'The consent banner SDK: one script, its styles inlined (docs/banner.md).',
      tags: ['consent'],
      scope: 'public',
      responses: { 200: { description: 'JavaScript.', contentType: 'text/javascript' } },
      handler: ({ reply }) => {
        void reply
          .type('text/javascript; charset=utf-8')
          .header('cache-control', 'public, max-age=300')
          // Loaded by other origins' pages with <script src>: allowed to be embedded.
          .header('cross-origin-resource-policy', 'cross-origin');
        return reply.send(sdk());
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/public/banner',
      operationId: 'bannerTexts',
      summary: 'What the banner shows: the consent purposes in the visitor’s language.',
      description:
        'For a site key; answers its origins only (CORS). No personal data in or out. Purposes are those whose legal basis is consent (GDPR Art. 6(1)(a)); `gpcOptOut` marks those a Global Privacy Control signal switches off (Cal. Civ. Code 1798.135(e), 11 CCR 7025).',
      tags: ['consent'],
      scope: 'public',
      query: BannerQuery,
      responses: {
        200: { description: 'The texts.', schema: BannerResponse },
        403: { description: 'site_key.unknown or site_key.origin_not_allowed.' },
      },
      handler: ({ query, request, reply, context }) => {
        const origin = request.headers.origin;
        // A GET may come without Origin (a same-origin or direct fetch); one that names an origin
        // must be the site key's.
        checkSiteKey(context.siteKeys, query.siteKey, origin, { originRequired: false });
        void reply.header('cache-control', 'public, max-age=300').header('vary', 'Origin');
        const map = context.map;
        const language = negotiateLanguage(query.lang, map.notice.languages);
        const us = map.jurisdictions.filter((j) => isUsLaw(j.law) && j.gpc === true);
        return {
          noticeVersion: map.notice.version,
          consentVersion: consentVersionOf(map),
          language,
          purposes: map.purposes
            .filter((purpose) => purpose.legalBasis === 'consent')
            .map((purpose) => ({
              id: purpose.id,
              name: localize(purpose.name, language),
              description: localize(purpose.description, language),
              gpcOptOut: gpcOptOutCovers(purpose, us),
            })),
          labels: LABELS[language] ?? LABELS['en'] ?? {},
        };
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/public/consent',
      operationId: 'recordBannerConsent',
      summary: 'The banner records a visitor’s choices with a publishable site key.',
      description:
        'The `Origin` must be one of the site key’s origins. The visitor is the SDK’s opaque first-party id, stored as a keyed hash only. One event per choice in the ledger (GDPR Art. 7(1)), flagged GPC when `gpc` is true or `Sec-GPC: 1` came. At most 60 a minute per client network.',
      tags: ['consent'],
      scope: 'public',
      body: PublicConsentBody,
      bodyLimit: BANNER_BODY_LIMIT,
      status: 201,
      responses: {
        201: { description: 'Recorded.', schema: PublicConsentResponse },
        403: { description: 'site_key.unknown or site_key.origin_not_allowed.' },
        422: { description: 'Unknown purpose, or a purpose not based on consent.' },
        429: { description: 'request.rate_limited, with Retry-After.' },
      },
      handler: async ({ body, request, context }) => {
        checkSiteKey(context.siteKeys, body.siteKey, request.headers.origin);
        await clientRateLimiter(context, BANNER_RATE_LIMIT, 'banner')(request);
        const at = context.clock();
        // An account token that does not verify does not lose the choice: it is recorded for the
        // visitor, and the answer says the account was refused (docs/banner.md).
        let account: AccountClaim | undefined;
        if (body.accountToken !== undefined) {
          try {
            account = verifyAccountToken(context.siteSecrets, body.accountToken, at, body.siteKey);
          } catch (error) {
            if (!(error instanceof CustodianError)) throw error;
          }
        }
        const ledger = {
          map: context.map,
          secret: context.secret,
          now: context.clock,
          actor: 'consent-banner',
        };
        const input = {
          choices: Object.fromEntries(
            body.choices.map((choice) => [choice.purpose, choice.granted ? 'granted' : 'denied']),
          ) as Record<string, 'granted' | 'denied'>,
          source: 'consent-banner',
          noticeVersion: body.noticeVersion,
          gpc: body.gpc === true || request.headers['sec-gpc']?.toString().trim() === '1',
        };
        const receipt = await recordConsent(context.db, ledger, {
          ...input,
          subject: { accountId: `banner-visitor:${body.visitorId}` },
        });
        if (account !== undefined) {
          await recordConsent(context.db, ledger, {
            ...input,
            subject: { accountId: account.accountId },
          });
        }
        // The receipt names the visitor's subject: the page has no need of it.
        return {
          recorded: true,
          recordedAt: receipt.recordedAt,
          ...(body.accountToken === undefined
            ? {}
            : { account: account === undefined ? 'refused' : 'recorded' }),
        };
      },
    }),
  ];
}
