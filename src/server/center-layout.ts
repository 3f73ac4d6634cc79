import type { FastifyReply, FastifyRequest } from 'fastify';
import { CustodianError } from '../errors.js';
import type { Language } from '../map/index.js';
import { escapeHtml } from './html.js';
import { CENTER_WORDS } from './privacy-words.js';
import type { ServerContext } from './route.js';

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

/** Where the center's pages live on this server: errors under it are answered as pages. */
export const CENTER_PREFIX = '/privacy';

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
 * The origins of `CUSTODIAN_FRAME_ANCESTORS` (comma- or space-separated), which may frame the
 * privacy center and the unsubscribe pages in their own pages: each an `https://` (or `http://`)
 * origin, scheme and host and maybe a port, nothing else. Empty when unset: nobody may frame them.
 * Throws `config.invalid` for anything that is not such an origin (a path, a wildcard, a keyword).
 */
export function frameAncestorsFromEnv(value: string | undefined): readonly string[] {
  const origins: string[] = [];
  for (const entry of (value ?? '').split(/[\s,]/)) {
    if (entry === '') continue;
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    const given = entry.endsWith('/') ? entry.slice(0, -1) : entry;
    if (
      url === undefined ||
      (url.protocol !== 'https:' && url.protocol !== 'http:') ||
      // A host name of letters, digits, dots and hyphens (or an IPv6 literal): nothing that could
      // end the directive, such as `;`, which URL parsing lets through in a host.
      !/^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])$/.test(url.hostname) ||
      url.origin !== given.toLowerCase()
    ) {
      throw new CustodianError(
        'config.invalid',
        'CUSTODIAN_FRAME_ANCESTORS must list origins such as https://www.example.com, separated by commas: a scheme, a host and maybe a port, no path or wildcard',
      );
    }
    if (!origins.includes(url.origin)) origins.push(url.origin);
  }
  return origins;
}

/**
 * The headers of the center's pages: its own stylesheet and images only, no script at all, forms
 * posting only to itself, framed by nobody but the configured origins, and the request id in a
 * URL never sent to another site as a referrer. `same-origin`, not `no-referrer`: under the latter
 * a browser sends `Origin: null` with the center's own forms, and the origin check could not tell
 * them from another site's. Pages whose URL is a secret (an unsubscribe token) pass `no-referrer`.
 */
export function centerHeaders(
  context: Pick<ServerContext, 'frameAncestors'>,
  referrer: 'same-origin' | 'no-referrer' = 'same-origin',
): Record<string, string> {
  const ancestors = context.frameAncestors ?? [];
  const framing = ancestors.length === 0 ? "'none'" : ancestors.join(' ');
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors ${framing}`,
    'referrer-policy': referrer,
    // X-Frame-Options names no allowed origin: only sent when nobody may frame the pages.
    ...(ancestors.length === 0 ? { 'x-frame-options': 'DENY' } : {}),
    'cache-control': 'no-store',
  };
}

/** The center's headers with no frame ancestor: what tests and older callers compare against. */
export const CENTER_HEADERS: Readonly<Record<string, string>> = centerHeaders({});

/**
 * The path a browser reaches the center at: the path of the public URL (`CUSTODIAN_PUBLIC_URL`
 * `https://example.com/privacy-center` behind a reverse proxy gives `/privacy-center`), then
 * `/privacy`. Every link, form action and redirect of the center starts with it.
 */
export function centerPath(context: ServerContext, request: FastifyRequest): string {
  return `${publicPath(context, request)}${CENTER_PREFIX}`;
}

/** The path of the public URL, without a trailing slash: empty at the root of its host. */
export function publicPath(context: ServerContext, request: FastifyRequest): string {
  let path: string;
  try {
    path = new URL(context.publicUrl(request)).pathname;
  } catch {
    return '';
  }
  while (path.endsWith('/')) path = path.slice(0, -1);
  return path;
}

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
.purpose{border-top:1px solid #999;margin-top:1rem}
.gpc,.saved{border-left:4px solid var(--brand);padding-left:1rem}
.superseded{border:2px solid #8a4b00;background:#fff4e5;padding:.25rem 1rem;margin:1rem 0}
.error{border-left:4px solid #b00020;padding-left:1rem}
section{border-top:1px solid #ccc;margin-top:1.5rem}
.done{border-left:4px solid var(--brand);padding-left:1rem}
`;
}

/** The center's stylesheet, in the brand colour. */
export function centerStylesheet(context: ServerContext): string {
  return stylesheet(brandOf(context));
}

/** Each language in its own name, for the switch. */
const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  nl: 'Nederlands',
  fr: 'Français',
  de: 'Deutsch',
};

/** The brand, with the map's organisation name where none is configured. */
export function brandOf(context: ServerContext): Brand {
  return { name: context.map.organisation.name, ...context.brand };
}

/** The center's page around `body`: header with brand and language switch, no script. */
export function centerPage(options: {
  readonly context: ServerContext;
  readonly request: FastifyRequest;
  readonly language: Language;
  readonly title: string;
  readonly body: string;
  /** The path under the center each language link points to (`/request?lang=nl`); no switch when absent. */
  readonly switchTo?: (language: Language) => string;
}): string {
  const { context, language, title } = options;
  const root = escapeHtml(centerPath(context, options.request));
  const words = CENTER_WORDS[language];
  const brand = brandOf(context);
  const logo = brand.logoUrl === undefined ? '' : `<img src="${escapeHtml(brand.logoUrl)}" alt="">`;
  const switcher =
    options.switchTo === undefined
      ? ''
      : `<nav aria-label="${escapeHtml(words.language)}"><ul>${context.map.notice.languages
          .map(
            (other) =>
              `<li><a href="${root}${escapeHtml(options.switchTo?.(other) ?? '')}" hreflang="${other}" lang="${other}"${other === language ? ' aria-current="page"' : ''}>${escapeHtml(LANGUAGE_NAMES[other])}</a></li>`,
          )
          .join('')}</ul></nav>`;
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} – ${escapeHtml(brand.name ?? '')}</title>
<link rel="stylesheet" href="${root}/style.css">
</head>
<body>
<header><div class="wrap">${logo}<span class="name">${escapeHtml(brand.name ?? '')}</span> · ${escapeHtml(words.center)}
<nav aria-label="${escapeHtml(words.center)}"><ul><li><a href="${root}/${language}">${escapeHtml(words.notice)}</a></li><li><a href="${root}/request?lang=${language}">${escapeHtml(words.exercise)}</a></li><li><a href="${root}/${language}/preferences">${escapeHtml(words.yourPreferences)}</a></li></ul></nav>
${switcher}</div></header>
<main>
${options.body}
</main>
</body>
</html>
`;
}

/** Answers with a center page under the center's headers. */
export function sendCenterPage(
  context: ServerContext,
  reply: FastifyReply,
  status: number,
  body: string,
  referrer: 'same-origin' | 'no-referrer' = 'same-origin',
): FastifyReply {
  return reply.code(status).headers(centerHeaders(context, referrer)).send(body);
}
