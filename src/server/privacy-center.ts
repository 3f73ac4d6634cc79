import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CustodianError } from '../errors.js';
import { claimPackage, livePackage } from '../execution/index.js';
import { MAIL_STRINGS } from '../mail/i18n/index.js';
import type { DataMap, Language } from '../map/index.js';
import { formatDate, notice, renderHtmlBlocks, STRINGS } from '../publish/index.js';
import { appealOfRequest, appealStanding } from '../requests/appeal.js';
import {
  answeringFor,
  countryCode,
  grantedTypes,
  statesWithOwnLaw,
} from '../requests/jurisdiction.js';
import {
  listPublications,
  publicationOf,
  readPublication,
  stoppedApplying,
  supersededOn,
} from '../publications/index.js';
import { openRequest } from '../requests/open-request.js';
import {
  readRequest,
  toRecord,
  type RequestContext,
  type RequestRow,
} from '../requests/request-context.js';
import { verifyRequest } from '../requests/verify-request.js';
import { MAX_DETAILS_LENGTH } from '../requests/request-text.js';
import type { RequestType } from '../requests/types.js';
import {
  CENTER_PREFIX,
  centerPage,
  centerPath,
  centerStylesheet,
  sendCenterPage,
} from './center-layout.js';
import { problemFor } from './errors.js';
import { escapeHtml } from './html.js';
import { sendClaimedPackage } from './package-routes.js';
import { bounded } from './schemas.js';
import { CENTER_WORDS, STATE_NAMES, type CenterWords } from './privacy-words.js';
import { defineRoute, type AnyRoute, type ServerContext } from './route.js';
import { isSameOrigin } from './same-origin.js';
import { isLanguage, negotiateLanguage } from './unsubscribe-page.js';

export {
  brandFromEnv,
  CENTER_HEADERS,
  CENTER_PREFIX,
  HEX_COLOR,
  SAME_ORIGIN_PATH,
  type Brand,
} from './center-layout.js';

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
export /** A date as the page's language writes it. */
function dateOf(date: Date, language: Language): string {
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
  // A package link used up or expired; an account link expired or altered: say what to do.
  const title = problem.code.startsWith('package.')
    ? words.packageGone
    : problem.code.startsWith('account_token.')
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
  return sendCenterPage(
    context,
    reply,
    problem.status,
    centerPage({
      context,
      request,
      language,
      title,
      body: `<div class="error" role="alert"><h1>${escapeHtml(title)}</h1>${detail}${fields}</div>
<p><a href="${escapeHtml(centerPath(context, request))}/request?lang=${language}">${escapeHtml(words.back)}</a></p>`,
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

function noticePage(context: ServerContext, request: FastifyRequest, language: Language): string {
  const words = CENTER_WORDS[language];
  const map: DataMap = context.map;
  const document = notice(map, { language });
  return centerPage({
    context,
    request,
    language,
    title: document.title,
    switchTo: (other) => `/${other}`,
    body: `<p class="version">${escapeHtml(words.version(map.notice.version, formatDate(map.notice.effectiveDate, language)))} <a href="${escapeHtml(centerPath(context, request))}/${language}/versions">${escapeHtml(words.earlier)}</a></p>
${renderHtmlBlocks(document)}`,
  });
}

/** The notice language of a path, or a 404 for one the served notice is not published in. */
function noticeLanguage(context: ServerContext, lang: string): Language {
  if (!isLanguage(lang) || !context.map.notice.languages.includes(lang)) {
    throw new CustodianError('route.not_found', 'The notice is not published in that language.');
  }
  return lang;
}

/**
 * Every recorded publication of the notice, newest first: when each was in effect and a link to
 * its text. Earlier notices stay readable after a change (GDPR Art. 5(2), Art. 13: what people
 * were told, and when; Art. 7(1): the notice a consent cited).
 */
async function versionsPage(
  context: ServerContext,
  request: FastifyRequest,
  language: Language,
): Promise<string> {
  const words = CENTER_WORDS[language];
  const map = context.map;
  const root = escapeHtml(centerPath(context, request));
  const served = publicationOf(map).noticeHash;
  const publications = await listPublications(context.db);
  const rows = publications.map((publication, index) => {
    const newer = publications[index - 1];
    const current = newer === undefined && publication.noticeHash === served;
    const until = current
      ? escapeHtml(words.current)
      : newer === undefined
        ? '—'
        : escapeHtml(formatDate(stoppedApplying(newer), language));
    const number = publication.languages.includes(language)
      ? `<a href="${root}/${language}/versions/${publication.seq}">${publication.seq}</a>`
      : `${publication.seq} (${escapeHtml(words.notInLanguage)})`;
    return `<tr><td>${number}</td><td>${escapeHtml(publication.version)}</td><td>${escapeHtml(formatDate(publication.effectiveDate, language))}</td><td>${until}</td></tr>`;
  });
  const table =
    rows.length === 0
      ? `<p>${escapeHtml(words.noVersions)}</p>`
      : `<table>
<thead><tr><th scope="col">${escapeHtml(words.columns.number)}</th><th scope="col">${escapeHtml(words.columns.version)}</th><th scope="col">${escapeHtml(words.columns.from)}</th><th scope="col">${escapeHtml(words.columns.until)}</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
  return centerPage({
    context,
    request,
    language,
    title: words.versions,
    switchTo: (other) => `/${other}/versions`,
    body: `<h1>${escapeHtml(words.versions)}</h1>
<p>${escapeHtml(words.versionsIntro)}</p>
<p><a href="${root}/${language}">${escapeHtml(words.currentLine(map.notice.version, formatDate(map.notice.effectiveDate, language)))}</a></p>
${table}`,
  });
}

/** One recorded publication's notice as it was published, marked superseded unless it is current. */
async function versionPage(
  context: ServerContext,
  request: FastifyRequest,
  language: Language,
  number: string,
): Promise<string> {
  const words = CENTER_WORDS[language];
  const root = escapeHtml(centerPath(context, request));
  const seq = /^[1-9]\d{0,8}$/.test(number) ? Number(number) : 0;
  const publication = seq === 0 ? undefined : await readPublication(context.db, seq);
  const text = publication?.notices[language];
  if (publication === undefined || text === undefined) {
    throw new CustodianError('route.not_found', 'No such version of the notice in that language.');
  }
  const successor = await supersededOn(context.db, publication.seq);
  const current =
    successor === undefined && publication.noticeHash === publicationOf(context.map).noticeHash;
  const status = current
    ? `<p class="version">${escapeHtml(words.isCurrent)}</p>`
    : `<div class="superseded" role="note"><p><strong>${escapeHtml(
        successor === undefined
          ? words.supersededUndated
          : words.superseded(formatDate(successor.date, language), successor.by.version),
      )}</strong></p>
<p><a href="${root}/${language}">${escapeHtml(words.readCurrent)}</a> · <a href="${root}/${language}/versions">${escapeHtml(words.versions)}</a></p></div>`;
  return centerPage({
    context,
    request,
    language,
    title: `${text.title} (${publication.version})`,
    switchTo: (other) =>
      publication.languages.includes(other)
        ? `/${other}/versions/${publication.seq}`
        : `/${other}/versions`,
    body: `${status}
<p class="version">${escapeHtml(words.version(publication.version, formatDate(publication.effectiveDate, language)))}</p>
${text.html}`,
  });
}

/**
 * The cookie that tells the center this browser typed the mailed code of one request: a MAC of
 * the request id and an expiry, scoped to that request's pages (`Path`), never readable by a page
 * (`HttpOnly`), sent over https only (`Secure`; browsers also keep it on http://localhost) and
 * not on another site's subrequests or forms (`SameSite=Lax`). It holds nothing of the person.
 * With it, the status page offers the access package for download; without it, the mailed link
 * is the way (GDPR Art. 12(6), 32: only the person gets their data).
 */
const PROOF_COOKIE = '__Secure-custodian_request';

/** How long the proof lasts past the request's due date: time to fetch an answer sent late in its period. */
const PROOF_MARGIN_MS = 30 * 24 * 60 * 60 * 1000;

function proofMac(secret: Buffer, id: string, seconds: string): string {
  const key = Buffer.from(
    hkdfSync('sha256', secret, Buffer.alloc(0), 'custodian privacy center proof', 32),
  );
  return createHmac('sha256', key).update(`${id}.${seconds}`).digest('base64url');
}

function setProof(
  context: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  row: RequestRow,
): void {
  const now = context.clock().getTime();
  const until = Math.max(new Date(row.due_at).getTime(), now) + PROOF_MARGIN_MS;
  const seconds = String(Math.floor(until / 1000));
  const path = `${centerPath(context, request)}/request/${row.id}`.replaceAll(';', '%3B');
  void reply.header(
    'set-cookie',
    `${PROOF_COOKIE}=${seconds}.${proofMac(context.secret, row.id, seconds)}; Path=${path}; Max-Age=${Math.floor((until - now) / 1000)}; Secure; HttpOnly; SameSite=Lax`,
  );
}

/** Whether the browser holds the proof of having typed this request's mailed code. */
function holdsProof(context: ServerContext, request: FastifyRequest, id: string): boolean {
  const now = context.clock().getTime();
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0 || part.slice(0, at).trim() !== PROOF_COOKIE) continue;
    const value = part.slice(at + 1).trim();
    const dot = value.indexOf('.');
    const seconds = value.slice(0, dot);
    if (dot <= 0 || !/^\d{1,12}$/.test(seconds) || Number(seconds) * 1000 <= now) continue;
    const expected = Buffer.from(proofMac(context.secret, id, seconds));
    const given = Buffer.from(value.slice(dot + 1));
    if (expected.length === given.length && timingSafeEqual(expected, given)) return true;
  }
  return false;
}

/** Types whose answer is a package of the person's data. */
const PACKAGE_TYPES: readonly RequestType[] = ['access', 'portability', 'know'];

const LangParams = z.object({ lang: bounded(16) });
const VersionParams = z.object({ lang: bounded(16), n: bounded(16) });
const RequestQuery = z.object({
  lang: bounded(16).optional(),
  country: bounded(8).optional(),
  state: bounded(8).optional(),
});
// The domain checks the values (openRequest, as for the API); these only bound their length.
const RequestForm = z.object({
  lang: bounded(16).optional(),
  country: bounded(8),
  state: bounded(8).optional(),
  type: bounded(40),
  email: bounded(320),
  details: bounded(MAX_DETAILS_LENGTH).optional(),
});
const IdParams = z.object({ id: bounded(64) });
const VerifyForm = z.object({ lang: bounded(16).optional(), code: bounded(16) });
const LangForm = z.object({ lang: bounded(16).optional() });
const AppealForm = z.object({
  lang: bounded(16).optional(),
  email: bounded(320),
  reason: bounded(MAX_DETAILS_LENGTH),
});

const PAGE = { description: 'HTML page.', contentType: 'text/html' } as const;

/** The state a form names, for a US resident only: another country's person has no US state. */
function usState(country: string, state: string | undefined): string | undefined {
  const trimmed = state?.trim();
  return countryCode(country) === 'US' && trimmed !== undefined && trimmed !== ''
    ? trimmed.toUpperCase()
    : undefined;
}

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
          .send(centerStylesheet(context)),
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
        sendCenterPage(
          context,
          reply,
          200,
          noticePage(context, request, languageFor(context, request)),
        ),
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
      handler: ({ context, params, request, reply }) =>
        sendCenterPage(
          context,
          reply,
          200,
          noticePage(context, request, noticeLanguage(context, params.lang)),
        ),
    }),

    defineRoute({
      method: 'GET',
      url: `${CENTER_PREFIX}/:lang/versions`,
      operationId: 'privacyNoticeVersions',
      summary: 'Every published version of the notice, newest first, with when each was in effect.',
      tags,
      scope: 'public',
      params: LangParams,
      responses: { 200: PAGE, 404: { ...PAGE, description: 'HTML page: not a notice language.' } },
      handler: async ({ context, params, request, reply }) =>
        sendCenterPage(
          context,
          reply,
          200,
          await versionsPage(context, request, noticeLanguage(context, params.lang)),
        ),
    }),

    defineRoute({
      method: 'GET',
      url: `${CENTER_PREFIX}/:lang/versions/:n`,
      operationId: 'privacyNoticeVersion',
      summary: 'One published version of the notice as it was published, marked when superseded.',
      tags,
      scope: 'public',
      params: VersionParams,
      responses: {
        200: PAGE,
        404: { ...PAGE, description: 'HTML page: no such version in that language.' },
      },
      handler: async ({ context, params, request, reply }) =>
        sendCenterPage(
          context,
          reply,
          200,
          await versionPage(context, request, noticeLanguage(context, params.lang), params.n),
        ),
    }),

    defineRoute({
      method: 'GET',
      url: `${CENTER_PREFIX}/request`,
      operationId: 'privacyRequestForm',
      summary:
        'The request form: first the country (and a US resident’s state), then the types its law grants.',
      tags,
      scope: 'public',
      query: RequestQuery,
      responses: {
        200: PAGE,
        422: { ...PAGE, description: 'HTML page: not a country, or not a state code.' },
      },
      handler: ({ context, query, request, reply }) => {
        const language = languageFor(context, request, query.lang);
        return sendCenterPage(
          context,
          reply,
          200,
          requestFormPage(context, request, language, query.country, query.state),
        );
      },
    }),

    defineRoute({
      method: 'POST',
      url: `${CENTER_PREFIX}/request`,
      operationId: 'privacyRequestOpen',
      summary: 'Opens a request from the form, as `POST /v1/requests` does, and goes to its page.',
      description:
        'Same-origin forms only (`Sec-Fetch-Site`, `Origin`). Rate-limited and mail-capped as the API intake. A US resident’s `state` picks the state law (VA → VCDPA); it is ignored for other countries. Answers 303 to the request page, which asks for the mailed code.',
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
        const state = usState(body.country, body.state);
        const opened = await openRequest(context.db, requestContext(context, actor), {
          type: body.type,
          email: body.email,
          country: body.country,
          ...(state === undefined ? {} : { state }),
          language,
          ...(details === undefined || details === '' ? {} : { details }),
        });
        mailWritten(context);
        return reply
          .code(303)
          .header(
            'location',
            `${centerPath(context, request)}/request/${opened.requestId}?lang=${language}`,
          )
          .send();
      },
    }),

    defineRoute({
      method: 'POST',
      url: `${CENTER_PREFIX}/request/:id/verify`,
      operationId: 'privacyRequestVerify',
      summary: 'Confirms a request with the mailed code, then back to its page.',
      description:
        'Also leaves a cookie, scoped to the request’s pages, that proves this browser typed the code: with it the status page offers the access package for download.',
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
        const row = await readRequest(context.db, params.id);
        setProof(context, request, reply, row);
        return reply
          .code(303)
          .header('location', `${centerPath(context, request)}/request/${row.id}?lang=${language}`)
          .send();
      },
    }),

    defineRoute({
      method: 'GET',
      url: `${CENTER_PREFIX}/request/:id`,
      operationId: 'privacyRequestStatus',
      summary: 'A request’s status and due date, by its opaque id; nothing personal.',
      description:
        'Opening it changes nothing. While unconfirmed, it asks for the mailed code. An answered access request offers its package to the browser that typed the code. A refused request under a law with an appeal process offers the appeal form, or shows the appeal and its due date.',
      tags,
      scope: 'public',
      params: IdParams,
      query: z.object({ lang: bounded(16).optional() }),
      responses: { 200: PAGE, 404: { ...PAGE, description: 'HTML page: no such request.' } },
      handler: async ({ context, params, query, request, reply }) => {
        const language = languageFor(context, request, query.lang);
        const row = await readRequest(context.db, params.id);
        return sendCenterPage(
          context,
          reply,
          200,
          await statusPage(context, request, row, language),
        );
      },
    }),

    defineRoute({
      method: 'POST',
      url: `${CENTER_PREFIX}/request/:id/download`,
      operationId: 'privacyRequestDownload',
      summary: 'Downloads the access package of a request, from the browser that typed its code.',
      description:
        'Same-origin forms only, and only with the cookie the code left (else 404, as for no package): the mailed link stays the way from any other browser. Sends the zip once, as `POST /v1/packages/{token}` does, and records the download once it has gone out in full.',
      tags,
      scope: 'public',
      rateLimited: true,
      consumes: ['application/x-www-form-urlencoded'],
      params: IdParams,
      body: LangForm,
      bodyOptional: true,
      responses: {
        200: { description: 'The zip.', contentType: 'application/zip' },
        403: { ...PAGE, description: 'HTML page: sent from another site.' },
        404: { ...PAGE, description: 'HTML page: no package here for this browser.' },
        409: { ...PAGE, description: 'HTML page: being downloaded right now.' },
        410: { ...PAGE, description: 'HTML page: downloaded already, or expired.' },
      },
      handler: async ({ context, params, request, reply }) => {
        requireSameOrigin(context, request);
        const row = await readRequest(context.db, params.id);
        const live = holdsProof(context, request, row.id)
          ? await livePackage(
              { db: context.db, secret: context.secret, now: context.clock },
              row.id,
            )
          : undefined;
        if (live === undefined) {
          throw new CustodianError(
            'package.not_found',
            'There is no package to download here. The link in the mail we sent you opens it from any browser.',
          );
        }
        const claim = await claimPackage(
          {
            db: context.db,
            secret: context.secret,
            now: context.clock,
            actor: 'privacy-center',
            onError: (error) => {
              request.log.error({ err: error }, 'packages: renewing a download claim failed');
            },
          },
          live.token,
        );
        return sendClaimedPackage(context, request, reply, claim);
      },
    }),

    defineRoute({
      method: 'POST',
      url: `${CENTER_PREFIX}/request/:id/appeal`,
      operationId: 'privacyRequestAppeal',
      summary:
        'Appeals the refusal of a request, then to the appeal’s page, which asks for the code.',
      description:
        'Opens an appeal as `POST /v1/requests` with `type: appeal` and `appealOf` does (Va. Code 59.1-578(C), Colo. Rev. Stat. 6-1-1306(3), Conn. Gen. Stat. 42-518(d)): a code goes to the email given, and the appeal is checked against the appealed request (same person, refused, under a law with an appeal) once the code is typed. Same-origin forms only; rate-limited and mail-capped as the intake.',
      tags,
      scope: 'public',
      rateLimited: true,
      consumes: ['application/x-www-form-urlencoded'],
      params: IdParams,
      body: AppealForm,
      responses: {
        303: { description: 'To the appeal’s page.' },
        403: { ...PAGE, description: 'HTML page: sent from another site.' },
        404: { ...PAGE, description: 'HTML page: no such request.' },
        422: { ...PAGE, description: 'HTML page: what is wrong with the form.' },
        429: { ...PAGE, description: 'HTML page: too many requests.' },
      },
      handler: async ({ context, params, body, request, reply, actor }) => {
        requireSameOrigin(context, request);
        const language = languageFor(context, request, body.lang);
        const row = await readRequest(context.db, params.id);
        const reason = body.reason.trim();
        if (reason === '') {
          throw new CustodianError('request.reason_required', 'Say why you disagree.', {
            details: { errors: [{ path: '/reason', message: 'required' }] },
          });
        }
        const opened = await openRequest(context.db, requestContext(context, actor), {
          type: 'appeal',
          appealOf: row.id,
          email: body.email,
          // The appealed request's own country and state: its law answers the appeal.
          country: row.country,
          ...(row.region === null ? {} : { state: row.region }),
          language,
          details: reason,
        });
        mailWritten(context);
        return reply
          .code(303)
          .header(
            'location',
            `${centerPath(context, request)}/request/${opened.requestId}?lang=${language}`,
          )
          .send();
      },
    }),
  ];
}

/** The status page of one request: nothing of the person, only what the request id tells. */
async function statusPage(
  context: ServerContext,
  request: FastifyRequest,
  row: RequestRow,
  language: Language,
): Promise<string> {
  const record = toRecord(row);
  const words = CENTER_WORDS[language];
  const root = escapeHtml(centerPath(context, request));
  const id = escapeHtml(record.id);
  const status = record.status;
  // Opening the page changes nothing; a lapsed code is marked expired by the server's sweep.
  const codeForm =
    status === 'unverified'
      ? `<p>${escapeHtml(words.codeSent)}</p>
<form method="post" action="${root}/request/${id}/verify">
<input type="hidden" name="lang" value="${language}">
<label for="code">${escapeHtml(words.code)}</label>
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
<button type="submit">${escapeHtml(words.confirm)}</button>
</form>`
      : '';
  const appealed =
    record.type === 'appeal' ? await appealOfRequest(context.db, record.id) : undefined;
  const appealedLine =
    appealed === undefined
      ? ''
      : `\n<dt>${escapeHtml(words.appealOf)}</dt><dd><a id="appealed" href="${root}/request/${escapeHtml(appealed)}?lang=${language}"><code>${escapeHtml(appealed)}</code></a></dd>`;
  const due =
    record.type === 'appeal'
      ? words.appealDue(dateOf(record.dueAt, language))
      : words.dueBy(dateOf(record.dueAt, language));
  return centerPage({
    context,
    request,
    language,
    title: words.status,
    switchTo: (other) => `/request/${record.id}?lang=${other}`,
    body: `<h1>${escapeHtml(words.status)}</h1>
<dl>
<dt>${escapeHtml(words.reference)}</dt><dd><code>${id}</code></dd>
<dt>${escapeHtml(typeName(record.type, language))}</dt><dd>${escapeHtml(STRINGS[language].laws[record.law])}</dd>
<dt>${escapeHtml(words.status)}</dt><dd id="status">${escapeHtml(words.statuses[status])}</dd>${appealedLine}
</dl>
<p id="due">${escapeHtml(due)}</p>
${codeForm}${await packageSection(context, request, row, language)}${await appealSection(context, request, row, language)}`,
  });
}

/** An answered access request's package: a download for the browser that typed the code. */
async function packageSection(
  context: ServerContext,
  request: FastifyRequest,
  row: RequestRow,
  language: Language,
): Promise<string> {
  if (!PACKAGE_TYPES.includes(row.type as RequestType) || row.status !== 'completed') return '';
  const live = await livePackage(
    { db: context.db, secret: context.secret, now: context.clock },
    row.id,
  );
  if (live === undefined) return '';
  const words = CENTER_WORDS[language];
  if (!holdsProof(context, request, row.id)) {
    return `\n<section><h2>${escapeHtml(words.download)}</h2><p id="package">${escapeHtml(words.packageByMail)}</p></section>`;
  }
  // GDPR Art. 15(3), 20: the copy; a POST, so that opening this page spends nothing.
  return `\n<section><h2>${escapeHtml(words.download)}</h2>
<p id="package">${escapeHtml(words.packageReady(dateOf(live.expiresAt, language)))}</p>
<form method="post" action="${escapeHtml(centerPath(context, request))}/request/${escapeHtml(row.id)}/download">
<input type="hidden" name="lang" value="${language}">
<button type="submit" id="download">${escapeHtml(words.download)}</button>
</form></section>`;
}

/**
 * A refused request under a law that requires an appeal process (Va. Code 59.1-578(C): "a process
 * for a consumer to appeal", "conspicuously available"): the appeal form, or the appeal made and
 * its due date.
 */
async function appealSection(
  context: ServerContext,
  request: FastifyRequest,
  row: RequestRow,
  language: Language,
): Promise<string> {
  if (row.type === 'appeal') return '';
  const standing = await appealStanding(context.db, row);
  const words = CENTER_WORDS[language];
  const root = escapeHtml(centerPath(context, request));
  if (standing.appeal !== undefined) {
    const appeal = toRecord(standing.appeal);
    return `\n<section id="appeal"><h2>${escapeHtml(words.appealTitle)}</h2>
<p>${escapeHtml(words.appealed)} <a href="${root}/request/${escapeHtml(appeal.id)}?lang=${language}">${escapeHtml(words.appealStatus)}</a></p>
<p id="appeal-due">${escapeHtml(words.appealDue(dateOf(appeal.dueAt, language)))}</p></section>`;
  }
  if (!standing.appealable) return '';
  return `\n<section id="appeal"><h2>${escapeHtml(words.appealTitle)}</h2>
<p>${escapeHtml(words.appealIntro)}</p>
<form method="post" action="${root}/request/${escapeHtml(row.id)}/appeal">
<input type="hidden" name="lang" value="${language}">
<label for="appeal-email">${escapeHtml(words.email)}</label>
<p id="appeal-email-note">${escapeHtml(words.appealCodeNote)}</p>
<input type="email" id="appeal-email" name="email" autocomplete="email" aria-describedby="appeal-email-note" required>
<label for="reason">${escapeHtml(words.appealReason)}</label>
<textarea id="reason" name="reason" rows="4" maxlength="${MAX_DETAILS_LENGTH}" required></textarea>
<button type="submit">${escapeHtml(words.appealSend)}</button>
</form></section>`;
}

/**
 * Step one picks the country (and, for a US resident, the state whose law the map declares);
 * step two, with them, offers the types that person's law grants.
 */
function requestFormPage(
  context: ServerContext,
  request: FastifyRequest,
  language: Language,
  country: string | undefined,
  state: string | undefined,
): string {
  const words = CENTER_WORDS[language];
  const root = escapeHtml(centerPath(context, request));
  const chosen = country === undefined || country.trim() === '' ? undefined : country;
  const stated = chosen === undefined ? undefined : usState(chosen, state);
  const switchTo = (other: Language): string =>
    `/request?lang=${other}${chosen === undefined ? '' : `&country=${encodeURIComponent(chosen)}`}${stated === undefined ? '' : `&state=${encodeURIComponent(stated)}`}`;
  if (chosen === undefined) {
    const options = countries(language)
      .map(([code, name]) => `<option value="${code}">${escapeHtml(name)}</option>`)
      .join('');
    const states = statesWithOwnLaw(context.map);
    // Cal. Civ. Code 1798.140(i), Va. Code 59.1-575, …: each state's law protects its residents.
    const stateField =
      states.length === 0
        ? ''
        : `\n<label for="state">${escapeHtml(words.state)}</label>
<select id="state" name="state"><option value="">${escapeHtml(words.stateOther)}</option>${states
            .map(
              ({ state: code }) =>
                `<option value="${code}">${escapeHtml(STATE_NAMES[code]?.[language] ?? code)}</option>`,
            )
            .join('')}</select>`;
    return centerPage({
      context,
      request,
      language,
      title: words.exercise,
      switchTo,
      body: `<h1>${escapeHtml(words.exercise)}</h1>
<form method="get" action="${root}/request">
<input type="hidden" name="lang" value="${language}">
<label for="country">${escapeHtml(words.country)}</label>
<select id="country" name="country" required>${options}</select>${stateField}
<button type="submit">${escapeHtml(words.next)}</button>
</form>`,
    });
  }
  // Throws request.unknown_country (422) for a code that names no country, and
  // request.unknown_state for a state that is not a two-letter code.
  const { jurisdiction } = answeringFor(context.map, chosen, stated);
  const code = countryCode(chosen) ?? chosen;
  // An appeal names the refused request: it is made from that request's status page, not here.
  const types = grantedTypes(jurisdiction).filter((type) => type !== 'appeal');
  const countryName = countries(language).find(([c]) => c === code)?.[1] ?? code;
  const stateName =
    stated === undefined
      ? ''
      : ` · ${escapeHtml(words.stateShown)}: <strong id="state-name">${escapeHtml(STATE_NAMES[stated]?.[language] ?? stated)}</strong>`;
  const radios = types
    .map(
      (type, index) =>
        `<label><input type="radio" name="type" value="${type}"${index === 0 ? ' checked' : ''} required> ${escapeHtml(typeName(type, language))}</label>`,
    )
    .join('\n');
  return centerPage({
    context,
    request,
    language,
    title: words.exercise,
    switchTo,
    body: `<h1>${escapeHtml(words.exercise)}</h1>
<p>${escapeHtml(words.country)}: <strong id="country-name">${escapeHtml(countryName)}</strong>${stateName} · <a href="${root}/request?lang=${language}">${escapeHtml(words.changeCountry)}</a></p>
<form method="post" action="${root}/request">
<input type="hidden" name="lang" value="${language}">
<input type="hidden" name="country" value="${escapeHtml(code)}">${stated === undefined ? '' : `\n<input type="hidden" name="state" value="${escapeHtml(stated)}">`}
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
