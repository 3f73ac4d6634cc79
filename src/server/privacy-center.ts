import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CustodianError } from '../errors.js';
import { MAIL_STRINGS } from '../mail/i18n/index.js';
import type { DataMap, Language } from '../map/index.js';
import { formatDate, notice, renderHtmlBlocks, STRINGS } from '../publish/index.js';
import { answeringFor, countryCode, grantedTypes } from '../requests/jurisdiction.js';
import { openRequest } from '../requests/open-request.js';
import { readRequest, toRecord, type RequestContext } from '../requests/request-context.js';
import { verifyRequest } from '../requests/verify-request.js';
import { MAX_DETAILS_LENGTH } from '../requests/request-text.js';
import type { RequestType } from '../requests/types.js';
import { problemFor } from './errors.js';
import { escapeHtml } from './html.js';
import { bounded } from './schemas.js';
import { CENTER_WORDS, type CenterWords } from './privacy-words.js';
import { defineRoute, type AnyRoute, type ServerContext } from './route.js';
import { isSameOrigin } from './same-origin.js';
import { isLanguage, negotiateLanguage } from './unsubscribe-page.js';

/** How the privacy center looks: the company's name, its colour and logo (same origin). */
export interface Brand {
  readonly name?: string;
  /** `#rgb` or `#rrggbb`. */
  readonly color?: string;
  /** A path on this server's origin (`/assets/logo.svg`): the center loads nothing from elsewhere. */
  readonly logoUrl?: string;
}

/** A hex colour: `#` and three or six hex digits. */
export const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** A same-origin path: one leading slash (not `//host`), no backslash, quote, space or control character. */
export const SAME_ORIGIN_PATH = /^\/(?![/\\])[^\s"'<>\\]*$/;

const DEFAULT_COLOR = '#1f5fbf';

/**
 * The brand of `CUSTODIAN_BRAND_NAME`, `CUSTODIAN_BRAND_COLOR` and `CUSTODIAN_BRAND_LOGO_URL`.
 * Throws `config.invalid` for a colour that is not hex or a logo that is not a same-origin path.
 */
export function brandFromEnv(env: NodeJS.ProcessEnv): Brand {
  const name = env['CUSTODIAN_BRAND_NAME']?.trim();
  const color = env['CUSTODIAN_BRAND_COLOR']?.trim();
  const logoUrl = env['CUSTODIAN_BRAND_LOGO_URL']?.trim();
  if (color !== undefined && color !== '' && !HEX_COLOR.test(color)) {
    throw new CustodianError(
      'config.invalid',
      'CUSTODIAN_BRAND_COLOR must be a hex colour such as #1f5fbf',
    );
  }
  if (logoUrl !== undefined && logoUrl !== '' && !SAME_ORIGIN_PATH.test(logoUrl)) {
    throw new CustodianError(
      'config.invalid',
      'CUSTODIAN_BRAND_LOGO_URL must be a path on this server, such as /assets/logo.svg (the privacy center loads nothing from another origin)',
    );
  }
  return {
    ...(name === undefined || name === '' ? {} : { name }),
    ...(color === undefined || color === '' ? {} : { color }),
    ...(logoUrl === undefined || logoUrl === '' ? {} : { logoUrl }),
  };
}

/**
 * The headers of the center's pages: its own stylesheet and images only, no script at all, forms
 * posting only to itself, never framed, and the request id in a URL never sent to another site as
 * a referrer. `same-origin`, not `no-referrer`: under the latter a browser sends `Origin: null`
 * with the center's own forms, and the origin check could not tell them from another site's.
 */
export const CENTER_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

/** Where the center's pages live: errors under it are answered as pages, not problem documents. */
export const CENTER_PREFIX = '/privacy';

function stylesheet(brand: Brand): string {
  const color = brand.color ?? DEFAULT_COLOR;
  return `:root{color-scheme:light;--brand:${color};font-family:system-ui,sans-serif;line-height:1.55;color:#1a1a1a;background:#fff}
body{margin:0}
header{border-bottom:4px solid var(--brand);padding:1rem}
header .wrap,main,footer{max-width:52rem;margin:auto}
header img{max-height:2.5rem;vertical-align:middle;margin-right:.75rem}
header .name{font-weight:700;font-size:1.2rem}
nav ul{list-style:none;padding:0;margin:.5rem 0 0;display:flex;flex-wrap:wrap;gap:1rem}
main{padding:1rem}
footer{padding:1rem;font-size:.9rem}
a{color:#0b3d91}
a[aria-current]{font-weight:700}
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.92rem}
th,td{border:1px solid #999;padding:.4rem .5rem;text-align:left;vertical-align:top}
th{background:#f1f1f1}
dt{font-weight:600;margin-top:.5rem}dd{margin-left:1rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
fieldset{border:1px solid #999;margin:1rem 0}
fieldset label{font-weight:400;display:flex;gap:.5rem;align-items:baseline}
input[type=email],input[type=text],select,textarea{font:inherit;padding:.4rem;max-width:100%;width:24rem;border:1px solid #555}
button{font:inherit;padding:.6rem 1.2rem;background:var(--brand);color:#fff;border:2px solid #1a1a1a;cursor:pointer;margin-top:1rem}
.version{font-size:.95rem}
.error{border-left:4px solid #b00020;padding-left:1rem}
.purpose{border-top:1px solid #999;margin-top:1rem}
.gpc,.saved{border-left:4px solid var(--brand);padding-left:1rem}
`;
}

/** The center's page around `body`: header with brand and language switch, no script. */
export function centerPage(options: {
  readonly context: ServerContext;
  readonly language: Language;
  readonly title: string;
  readonly body: string;
  /** The path each language link points to, `{lang}` replaced; no switch when absent. */
  readonly switchTo?: (language: Language) => string;
}): string {
  const { context, language, title } = options;
  const words = CENTER_WORDS[language];
  const brand = brandOf(context);
  const logo = brand.logoUrl === undefined ? '' : `<img src="${escapeHtml(brand.logoUrl)}" alt="">`;
  const switcher =
    options.switchTo === undefined
      ? ''
      : `<nav aria-label="${escapeHtml(words.language)}"><ul>${context.map.notice.languages
          .map(
            (other) =>
              `<li><a href="${escapeHtml(options.switchTo?.(other) ?? '')}" hreflang="${other}" lang="${other}"${other === language ? ' aria-current="page"' : ''}>${escapeHtml(LANGUAGE_NAMES[other])}</a></li>`,
          )
          .join('')}</ul></nav>`;
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} – ${escapeHtml(brand.name ?? '')}</title>
<link rel="stylesheet" href="${CENTER_PREFIX}/style.css">
</head>
<body>
<header><div class="wrap">${logo}<span class="name">${escapeHtml(brand.name ?? '')}</span> · ${escapeHtml(words.center)}
<nav aria-label="${escapeHtml(words.center)}"><ul><li><a href="${CENTER_PREFIX}/${language}">${escapeHtml(words.notice)}</a></li><li><a href="${CENTER_PREFIX}/request?lang=${language}">${escapeHtml(words.exercise)}</a></li><li><a href="${CENTER_PREFIX}/${language}/preferences">${escapeHtml(words.yourPreferences)}</a></li></ul></nav>
${switcher}</div></header>
<main>
${options.body}
</main>
</body>
</html>
`;
}

/** Each language in its own name, for the switch. */
const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  nl: 'Nederlands',
  fr: 'Français',
  de: 'Deutsch',
};

function brandOf(context: ServerContext): Brand {
  return { name: context.map.organisation.name, ...context.brand };
}

/** Answers a page of the center with its headers (CSP without script, no-store). */
export function send(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).headers(CENTER_HEADERS).send(body);
}

/** The language of a page: `?lang=` when it is a notice language, else the browser's. */
export function languageFor(
  context: ServerContext,
  request: FastifyRequest,
  asked?: unknown,
): Language {
  const offered = context.map.notice.languages;
  if (typeof asked === 'string' && isLanguage(asked) && offered.includes(asked)) return asked;
  return negotiateLanguage(request.headers['accept-language'], offered);
}

function langParam(request: FastifyRequest): unknown {
  const query = request.query as Record<string, unknown> | undefined;
  const body = request.body as Record<string, unknown> | undefined;
  return body?.['lang'] ?? query?.['lang'];
}

/** The country list of the form: every ISO 3166-1 country, named in the page's language, sorted. */
const countryLists = new Map<Language, readonly (readonly [string, string])[]>();
function countries(language: Language): readonly (readonly [string, string])[] {
  const cached = countryLists.get(language);
  if (cached) return cached;
  const names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
  const list: [string, string][] = [];
  for (let a = 65; a <= 90; a += 1) {
    for (let b = 65; b <= 90; b += 1) {
      const code = String.fromCharCode(a, b);
      const name = countryCode(code) === undefined ? undefined : names.of(code);
      if (name !== undefined && name !== code) list.push([code, name]);
    }
  }
  list.sort((x, y) => x[1].localeCompare(y[1], language));
  countryLists.set(language, list);
  return list;
}

function typeName(type: RequestType, language: Language): string {
  const name = MAIL_STRINGS[language].types[type] ?? type;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** A date as the page's language writes it. */
export function dateOf(date: Date, language: Language): string {
  return formatDate(date.toISOString().slice(0, 10), language);
}

/**
 * Refuses a form posted from another site (CSRF): a browser names the site a form came from in
 * `Sec-Fetch-Site`, and its origin in `Origin`. A client that sends neither (curl) is no browser a
 * page could have tricked, and is let through; the rate limits apply to it as to anyone.
 */
export function requireSameOrigin(context: ServerContext, request: FastifyRequest): void {
  if (!isSameOrigin(request, context, 'allow-headerless')) {
    throw new CustodianError('auth.forbidden', 'This form must be sent from this site.');
  }
}

/** The page of an error under the center: a readable title in the page's language, and the detail. */
export function centerErrorPage(
  context: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
): FastifyReply {
  const problem = problemFor(error, request.id);
  const language = languageFor(context, request, safeLang(request));
  const words = CENTER_WORDS[language];
  // An account link that expired or was altered: say how to get a new one.
  const title = problem.code.startsWith('account_token.')
    ? words.error.link
    : errorTitle(words, problem.status);
  const detail =
    problem.detail === undefined || problem.status === 403
      ? ''
      : `<p>${escapeHtml(problem.detail)}</p>`;
  const fields =
    problem.errors === undefined || problem.errors.length === 0
      ? ''
      : `<ul>${problem.errors.map((e) => `<li>${escapeHtml(e.path.replace(/^\//, ''))}: ${escapeHtml(e.message)}</li>`).join('')}</ul>`;
  return send(
    reply,
    problem.status,
    centerPage({
      context,
      language,
      title,
      body: `<div class="error" role="alert"><h1>${escapeHtml(title)}</h1>${detail}${fields}</div>
<p><a href="${CENTER_PREFIX}/request?lang=${language}">${escapeHtml(words.back)}</a></p>`,
    }),
  );
}

function safeLang(request: FastifyRequest): unknown {
  try {
    return langParam(request);
  } catch {
    return undefined;
  }
}

function errorTitle(words: CenterWords, status: number): string {
  if (status === 403) return words.error.forbidden;
  if (status === 404) return words.error.notFound;
  if (status === 409) return words.error.conflict;
  if (status === 410) return words.error.gone;
  if (status === 429) return words.error.tooMany;
  if (status >= 500) return words.error.server;
  return words.error.invalid;
}

function noticePage(context: ServerContext, language: Language): string {
  const words = CENTER_WORDS[language];
  const map: DataMap = context.map;
  const document = notice(map, { language });
  return centerPage({
    context,
    language,
    title: document.title,
    switchTo: (other) => `${CENTER_PREFIX}/${other}`,
    body: `<p class="version">${escapeHtml(words.version(map.notice.version, formatDate(map.notice.effectiveDate, language)))} ${escapeHtml(words.earlier)}</p>
${renderHtmlBlocks(document)}`,
  });
}

const LangParams = z.object({ lang: bounded(16) });
const RequestQuery = z.object({ lang: bounded(16).optional(), country: bounded(8).optional() });
// The domain checks the values (openRequest, as for the API); these only bound their length.
const RequestForm = z.object({
  lang: bounded(16).optional(),
  country: bounded(8),
  type: bounded(40),
  email: bounded(320),
  details: bounded(MAX_DETAILS_LENGTH).optional(),
});
const IdParams = z.object({ id: bounded(64) });
const VerifyForm = z.object({ lang: bounded(16).optional(), code: bounded(16) });

const PAGE = { description: 'HTML page.', contentType: 'text/html' } as const;

/** The public privacy center: the notice and the request forms, server-rendered, no script. */
export function privacyCenterRoutes(
  requestContext: (context: ServerContext, actor: string) => RequestContext,
  mailWritten: (context: ServerContext) => void,
): AnyRoute[] {
  const tags = ['privacy center'];
  return [
    defineRoute({
      method: 'GET',
      url: `${CENTER_PREFIX}/style.css`,
      operationId: 'privacyCenterStyle',
      summary: "The privacy center's stylesheet, in the configured brand colour.",
      tags,
      scope: 'public',
      responses: { 200: { description: 'CSS.', contentType: 'text/css' } },
      handler: ({ context, reply }) =>
        reply
          .code(200)
          .headers({ 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' })
          .send(stylesheet(brandOf(context))),
    }),

    defineRoute({
      method: 'GET',
      url: CENTER_PREFIX,
      operationId: 'privacyCenter',
      summary:
        'The privacy notice in the visitor’s language (Accept-Language), with a language switch.',
      tags,
      scope: 'public',
      responses: { 200: PAGE },
      handler: ({ context, request, reply }) =>
        send(reply, 200, noticePage(context, languageFor(context, request))),
    }),

    defineRoute({
      method: 'GET',
      url: `${CENTER_PREFIX}/:lang`,
      operationId: 'privacyCenterIn',
      summary: 'The privacy notice in one of its languages.',
      tags,
      scope: 'public',
      params: LangParams,
      responses: { 200: PAGE, 404: { ...PAGE, description: 'HTML page: not a notice language.' } },
      handler: ({ context, params, reply }) => {
        const lang = params.lang;
        if (!isLanguage(lang) || !context.map.notice.languages.includes(lang)) {
          throw new CustodianError(
            'route.not_found',
            'The notice is not published in that language.',
          );
        }
        return send(reply, 200, noticePage(context, lang));
      },
    }),

    defineRoute({
      method: 'GET',
      url: `${CENTER_PREFIX}/request`,
      operationId: 'privacyRequestForm',
      summary: 'The request form: first the country, then the types its law grants.',
      tags,
      scope: 'public',
      query: RequestQuery,
      responses: { 200: PAGE, 422: { ...PAGE, description: 'HTML page: not a country.' } },
      handler: ({ context, query, request, reply }) => {
        const language = languageFor(context, request, query.lang);
        return send(reply, 200, requestFormPage(context, language, query.country));
      },
    }),

    defineRoute({
      method: 'POST',
      url: `${CENTER_PREFIX}/request`,
      operationId: 'privacyRequestOpen',
      summary: 'Opens a request from the form, as `POST /v1/requests` does, and goes to its page.',
      description:
        'Same-origin forms only (`Sec-Fetch-Site`, `Origin`). Rate-limited and mail-capped as the API intake. Answers 303 to the request page, which asks for the mailed code.',
      tags,
      scope: 'public',
      rateLimited: true,
      consumes: ['application/x-www-form-urlencoded'],
      body: RequestForm,
      responses: {
        303: { description: 'To the request page.' },
        403: { ...PAGE, description: 'HTML page: sent from another site.' },
        422: { ...PAGE, description: 'HTML page: what is wrong with the form.' },
        429: { ...PAGE, description: 'HTML page: too many requests.' },
      },
      handler: async ({ context, body, request, reply, actor }) => {
        requireSameOrigin(context, request);
        const language = languageFor(context, request, body.lang);
        const details = body.details?.trim();
        const opened = await openRequest(context.db, requestContext(context, actor), {
          type: body.type,
          email: body.email,
          country: body.country,
          language,
          ...(details === undefined || details === '' ? {} : { details }),
        });
        mailWritten(context);
        return reply
          .code(303)
          .header('location', `${CENTER_PREFIX}/request/${opened.requestId}?lang=${language}`)
          .send();
      },
    }),

    defineRoute({
      method: 'POST',
      url: `${CENTER_PREFIX}/request/:id/verify`,
      operationId: 'privacyRequestVerify',
      summary: 'Confirms a request with the mailed code, then back to its page.',
      tags,
      scope: 'public',
      rateLimited: true,
      consumes: ['application/x-www-form-urlencoded'],
      params: IdParams,
      body: VerifyForm,
      responses: {
        303: { description: 'To the request page.' },
        403: { ...PAGE, description: 'HTML page: sent from another site.' },
        404: { ...PAGE, description: 'HTML page: no such request.' },
        409: { ...PAGE, description: 'HTML page: locked or already confirmed.' },
        410: { ...PAGE, description: 'HTML page: the code expired.' },
        422: { ...PAGE, description: 'HTML page: wrong code, with the tries left.' },
      },
      handler: async ({ context, params, body, request, reply, actor }) => {
        requireSameOrigin(context, request);
        const language = languageFor(context, request, body.lang);
        await verifyRequest(
          context.db,
          requestContext(context, actor),
          params.id,
          body.code.trim(),
        );
        mailWritten(context);
        return reply
          .code(303)
          .header('location', `${CENTER_PREFIX}/request/${params.id}?lang=${language}`)
          .send();
      },
    }),

    defineRoute({
      method: 'GET',
      url: `${CENTER_PREFIX}/request/:id`,
      operationId: 'privacyRequestStatus',
      summary: 'A request’s status and due date, by its opaque id; nothing personal.',
      description: 'Opening it changes nothing. While unconfirmed, it asks for the mailed code.',
      tags,
      scope: 'public',
      params: IdParams,
      query: z.object({ lang: bounded(16).optional() }),
      responses: { 200: PAGE, 404: { ...PAGE, description: 'HTML page: no such request.' } },
      handler: async ({ context, params, query, request, reply }) => {
        const language = languageFor(context, request, query.lang);
        const record = toRecord(await readRequest(context.db, params.id));
        const words = CENTER_WORDS[language];
        // Opening the page changes nothing; a lapsed code is marked expired by the server's sweep.
        const status = record.status;
        const codeForm =
          status === 'unverified'
            ? `<p>${escapeHtml(words.codeSent)}</p>
<form method="post" action="${CENTER_PREFIX}/request/${escapeHtml(record.id)}/verify">
<input type="hidden" name="lang" value="${language}">
<label for="code">${escapeHtml(words.code)}</label>
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
<button type="submit">${escapeHtml(words.confirm)}</button>
</form>`
            : '';
        return send(
          reply,
          200,
          centerPage({
            context,
            language,
            title: words.status,
            switchTo: (other) => `${CENTER_PREFIX}/request/${record.id}?lang=${other}`,
            body: `<h1>${escapeHtml(words.status)}</h1>
<dl>
<dt>${escapeHtml(words.reference)}</dt><dd><code>${escapeHtml(record.id)}</code></dd>
<dt>${escapeHtml(typeName(record.type, language))}</dt><dd>${escapeHtml(STRINGS[language].laws[record.law])}</dd>
<dt>${escapeHtml(words.status)}</dt><dd id="status">${escapeHtml(words.statuses[status])}</dd>
</dl>
<p id="due">${escapeHtml(words.dueBy(dateOf(record.dueAt, language)))}</p>
${codeForm}`,
          }),
        );
      },
    }),
  ];
}

/** Step one picks the country; step two, with it, offers the types that country's law grants. */
function requestFormPage(
  context: ServerContext,
  language: Language,
  country: string | undefined,
): string {
  const words = CENTER_WORDS[language];
  const switchTo = (other: Language): string =>
    `${CENTER_PREFIX}/request?lang=${other}${country === undefined ? '' : `&country=${encodeURIComponent(country)}`}`;
  const chosen = country === undefined || country.trim() === '' ? undefined : country;
  if (chosen === undefined) {
    const options = countries(language)
      .map(([code, name]) => `<option value="${code}">${escapeHtml(name)}</option>`)
      .join('');
    return centerPage({
      context,
      language,
      title: words.exercise,
      switchTo,
      body: `<h1>${escapeHtml(words.exercise)}</h1>
<form method="get" action="${CENTER_PREFIX}/request">
<input type="hidden" name="lang" value="${language}">
<label for="country">${escapeHtml(words.country)}</label>
<select id="country" name="country" required>${options}</select>
<button type="submit">${escapeHtml(words.next)}</button>
</form>`,
    });
  }
  // Throws request.unknown_country (422) for a code that names no country.
  const { jurisdiction } = answeringFor(context.map, chosen);
  const code = countryCode(chosen) ?? chosen;
  // An appeal needs the id of the refused request: it is made from that request's mail, not here.
  const types = grantedTypes(jurisdiction).filter((type) => type !== 'appeal');
  const countryName = countries(language).find(([c]) => c === code)?.[1] ?? code;
  const radios = types
    .map(
      (type, index) =>
        `<label><input type="radio" name="type" value="${type}"${index === 0 ? ' checked' : ''} required> ${escapeHtml(typeName(type, language))}</label>`,
    )
    .join('\n');
  return centerPage({
    context,
    language,
    title: words.exercise,
    switchTo,
    body: `<h1>${escapeHtml(words.exercise)}</h1>
<p>${escapeHtml(words.country)}: <strong id="country-name">${escapeHtml(countryName)}</strong> · <a href="${CENTER_PREFIX}/request?lang=${language}">${escapeHtml(words.changeCountry)}</a></p>
<form method="post" action="${CENTER_PREFIX}/request">
<input type="hidden" name="lang" value="${language}">
<input type="hidden" name="country" value="${escapeHtml(code)}">
<fieldset><legend>${escapeHtml(words.chooseType(STRINGS[language].laws[jurisdiction.law]))}</legend>
${radios}
</fieldset>
<label for="email">${escapeHtml(words.email)}</label>
<input type="email" id="email" name="email" autocomplete="email" required>
<label for="details">${escapeHtml(words.details)}</label>
<textarea id="details" name="details" rows="4"></textarea>
<button type="submit">${escapeHtml(words.send)}</button>
</form>`,
  });
}
