import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CustodianError } from '../errors.js';
import {
  consentState,
  gpcOptOutCovers,
  recordConsent,
  recordObjection,
  type Choice,
  type ConsentState,
  type LedgerContext,
  type SubjectRef,
} from '../ledger/index.js';
import { isUsLaw, localize, type Language, type Purpose } from '../map/index.js';
import { MAX_TOKEN_LENGTH, verifyAccountToken } from './account-token.js';
import { BANNER_RATE_LIMIT } from './banner-routes.js';
import { escapeHtml } from './html.js';
import { CENTER_PREFIX, centerPage, centerPath, sendCenterPage } from './center-layout.js';
import { dateOf, requireSameOrigin } from './privacy-center.js';
import { CENTER_WORDS } from './privacy-words.js';
import { clientRateLimiter } from './rate-limit.js';
import { defineRoute, type AnyRoute, type ServerContext } from './route.js';
import { bounded } from './schemas.js';
import { isLanguage } from './unsubscribe-page.js';

/**
 * The browser's own cookie: a random opaque id under which an anonymous visitor's choices are kept
 * in the ledger, as the banner keeps its visitors' (`banner-visitor:<id>`). `__Host-` binds it to
 * this host and path `/`, Secure; HttpOnly (no script reads it); SameSite=Lax (another site's
 * form does not carry it). It holds nothing about the person.
 */
export const BROWSER_COOKIE = '__Host-custodian_browser';

/** Thirteen months, the longest a consent cookie is kept (CNIL deliberation 2020-091, art. 2). */
const BROWSER_COOKIE_MAX_AGE_S = 396 * 24 * 3600;

const BROWSER_ID = /^[\w-]{16,64}$/;

/** The channel the ledger names for choices made here. */
const SOURCE = 'privacy-center';

const PAGE = { description: 'HTML page.', contentType: 'text/html' } as const;

const Params = z.object({ lang: bounded(16) });
const Query = z.object({
  account: bounded(MAX_TOKEN_LENGTH)
    .optional()
    .describe('An account token signed by the embedding site (docs/privacy-center.md).'),
});
const Form = z.object({
  lang: bounded(16).optional(),
  purpose: bounded(100),
  choice: z.enum(['granted', 'denied', 'object']),
  account: bounded(MAX_TOKEN_LENGTH).optional(),
});

/** Whose preferences a page shows: an account the site vouched for, or this browser. */
interface Holder {
  readonly subject: SubjectRef | undefined;
  /** The token, carried on in the page's forms; absent for a browser. */
  readonly token?: string;
}

function browserId(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === BROWSER_COOKIE) {
      const value = part.slice(at + 1).trim();
      return BROWSER_ID.test(value) ? value : undefined;
    }
  }
  return undefined;
}

function browserSubject(id: string): SubjectRef {
  return { accountId: `banner-visitor:${id}` };
}

/** A new browser id and its subject. */
function freshBrowser(): [SubjectRef, string] {
  const id = randomUUID();
  return [browserSubject(id), id];
}

/** The account of a valid token, else this browser's id (when it has one). */
function holderOf(context: ServerContext, request: FastifyRequest, token?: string): Holder {
  if (token !== undefined && token !== '') {
    const claim = verifyAccountToken(context.siteSecrets, token, context.clock());
    return { subject: { accountId: claim.accountId }, token };
  }
  const id = browserId(request);
  return { subject: id === undefined ? undefined : browserSubject(id) };
}

function ledger(context: ServerContext): LedgerContext {
  return { map: context.map, secret: context.secret, now: context.clock, actor: SOURCE };
}

function pageLanguage(context: ServerContext, lang: string): Language {
  if (!isLanguage(lang) || !context.map.notice.languages.includes(lang)) {
    throw new CustodianError('route.not_found', 'The notice is not published in that language.');
  }
  return lang;
}

/** `Sec-GPC: 1` (Global Privacy Control, https://privacycg.github.io/gpc-spec/). */
function sendsGpc(request: FastifyRequest): boolean {
  return request.headers['sec-gpc']?.toString().trim() === '1';
}

/** The consent purposes a GPC signal switches off under the map's US laws (as the banner). */
function gpcPurposes(context: ServerContext): Purpose[] {
  const us = context.map.jurisdictions.filter((j) => isUsLaw(j.law) && j.gpc === true);
  return context.map.purposes.filter(
    (purpose) => purpose.legalBasis === 'consent' && gpcOptOutCovers(purpose, us),
  );
}

/** GDPR Art. 21(2)-(3): direct marketing, whose objection is absolute. */
function isDirectMarketing(purpose: Purpose): boolean {
  return purpose.directMarketing || purpose.softOptIn !== undefined;
}

/**
 * Whether the state is a grant made after a GPC signal (11 CCR 7025(c)(3): the later explicit
 * choice wins over the signal).
 */
function grantedAfterGpc(state: ConsentState, purpose: string): boolean {
  const current = state.purposes.find((p) => p.purpose === purpose);
  if (current?.status !== 'granted') return false;
  const firstGpc = state.events.find((event) => event.gpc)?.recordedAt;
  return firstGpc !== undefined && current.updatedAt >= firstGpc;
}

/** On or off, as the page shows it: a GPC signal shows the purposes it covers off. */
function isOn(state: ConsentState, purpose: string, gpcOff: boolean): boolean {
  if (gpcOff) return grantedAfterGpc(state, purpose);
  return state.purposes.find((p) => p.purpose === purpose)?.status === 'granted';
}

const EMPTY_STATE: ConsentState = {
  subjectId: null,
  purposes: [],
  objections: [],
  restricted: null,
  gpc: false,
  events: [],
};

async function stateOf(context: ServerContext, holder: Holder): Promise<ConsentState> {
  return holder.subject === undefined
    ? EMPTY_STATE
    : consentState(context.db, ledger(context), holder.subject);
}

function preferencesPage(
  context: ServerContext,
  request: FastifyRequest,
  language: Language,
  holder: Holder,
  state: ConsentState,
  options: { readonly gpc: boolean; readonly saved: boolean },
): string {
  const words = CENTER_WORDS[language];
  const w = words.preferences;
  const root = escapeHtml(centerPath(context, request));
  const action = `${root}/${language}/preferences`;
  const covered = options.gpc ? new Set(gpcPurposes(context).map((p) => p.id)) : new Set();
  const hidden = `<input type="hidden" name="lang" value="${language}">${
    holder.token === undefined
      ? ''
      : `<input type="hidden" name="account" value="${escapeHtml(holder.token)}">`
  }`;
  const form = (purpose: Purpose, choice: string, label: string, describedBy: string): string =>
    `<form method="post" action="${action}">${hidden}<input type="hidden" name="purpose" value="${escapeHtml(purpose.id)}"><input type="hidden" name="choice" value="${choice}"><button type="submit" aria-describedby="${describedBy}">${escapeHtml(label)}</button></form>`;
  const name = (purpose: Purpose): string => localize(purpose.name, language);
  const anchor = (purpose: Purpose): string => `p-${purpose.id}`;

  const consent = context.map.purposes.filter((p) => p.legalBasis === 'consent');
  const interest = context.map.purposes.filter(
    (p) => p.legalBasis === 'legitimate-interests' || p.legalBasis === 'public-task',
  );
  const other = context.map.purposes.filter((p) => !consent.includes(p) && !interest.includes(p));

  const consentSection =
    consent.length === 0
      ? ''
      : `<section aria-labelledby="consent-heading"><h2 id="consent-heading">${escapeHtml(w.consentHeading)}</h2>
<p>${escapeHtml(w.consentIntro)}</p>
${consent
  .map((purpose) => {
    const on = isOn(state, purpose.id, covered.has(purpose.id));
    const id = anchor(purpose);
    // GDPR Art. 7(3): one button to withdraw, as one gave.
    return `<div class="purpose" id="${escapeHtml(id)}" data-state="${on ? 'on' : 'off'}"><h3 id="${escapeHtml(id)}-name">${escapeHtml(name(purpose))}</h3>
<p>${escapeHtml(localize(purpose.description, language))}</p>
<p>${escapeHtml(w.status)}: <strong class="state">${escapeHtml(on ? w.on : w.off)}</strong></p>
${isDirectMarketing(purpose) ? `<p>${escapeHtml(w.marketingEffect)}</p>` : ''}
${form(purpose, on ? 'denied' : 'granted', on ? w.turnOff : w.turnOn, `${id}-name`)}</div>`;
  })
  .join('\n')}</section>`;

  const interestSection =
    interest.length === 0
      ? ''
      : `<section aria-labelledby="interest-heading"><h2 id="interest-heading">${escapeHtml(w.interestHeading)}</h2>
<p>${escapeHtml(w.interestIntro)}</p>
${interest
  .map((purpose) => {
    const id = anchor(purpose);
    const objection = state.objections.find((o) => o.purpose === purpose.id);
    const li = purpose.legitimateInterest;
    const balance =
      li === undefined
        ? ''
        : `<dl><dt>${escapeHtml(w.interest)}</dt><dd>${escapeHtml(localize(li.interest, language))}</dd><dt>${escapeHtml(w.balancing)}</dt><dd class="balancing">${escapeHtml(localize(li.balancing, language))}</dd></dl>`;
    // GDPR Art. 21(1): stop unless compelling grounds; Art. 21(2)-(3): direct marketing stops.
    const effect = isDirectMarketing(purpose) ? w.marketingEffect : w.objectionEffect;
    const control =
      objection === undefined
        ? form(purpose, 'object', w.object, `${id}-name`)
        : `<p class="objected"><strong>${escapeHtml(w.objected(dateOf(new Date(objection.createdAt), language)))}</strong></p>`;
    return `<div class="purpose" id="${escapeHtml(id)}" data-state="${objection === undefined ? 'active' : 'objected'}"><h3 id="${escapeHtml(id)}-name">${escapeHtml(name(purpose))}</h3>
<p>${escapeHtml(localize(purpose.description, language))}</p>
${balance}
<p>${escapeHtml(effect)}</p>
${control}</div>`;
  })
  .join('\n')}</section>`;

  const otherSection =
    other.length === 0
      ? ''
      : `<section aria-labelledby="other-heading"><h2 id="other-heading">${escapeHtml(w.otherHeading)}</h2>
<p>${escapeHtml(w.otherIntro)} <a href="${root}/request?lang=${language}">${escapeHtml(words.exercise)}</a></p>
<ul>${other.map((purpose) => `<li>${escapeHtml(name(purpose))}</li>`).join('')}</ul></section>`;

  const switched = consent.filter((p) => covered.has(p.id)).map(name);
  const gpcLine = options.gpc
    ? `<p class="gpc" id="gpc" role="note">${escapeHtml(switched.length === 0 ? w.gpcNone : w.gpc(switched.join(', ')))}</p>`
    : '';
  const saved = options.saved
    ? `<p class="saved" id="saved" role="status">${escapeHtml(w.saved)}</p>`
    : '';
  return centerPage({
    context,
    request,
    language,
    title: w.title,
    // A token is not carried into the language links: the URL would keep it in more places.
    ...(holder.token === undefined
      ? { switchTo: (other: Language) => `/${other}/preferences` }
      : {}),
    body: `<h1>${escapeHtml(w.title)}</h1>
${saved}
<p>${escapeHtml(holder.token === undefined ? w.browserIntro : w.accountIntro)}</p>
${gpcLine}
${consentSection}
${interestSection}
${otherSection}`,
  });
}

/** The preferences' own counter per client network, at the banner's rate. */
function limit(context: ServerContext, request: FastifyRequest): Promise<void> {
  return clientRateLimiter(context, BANNER_RATE_LIMIT, 'preferences')(request);
}

function setBrowserCookie(reply: FastifyReply, id: string): void {
  void reply.header(
    'set-cookie',
    `${BROWSER_COOKIE}=${id}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=${BROWSER_COOKIE_MAX_AGE_S}`,
  );
}

/**
 * Records one choice of the page for `subject`. Under a GPC signal, the purposes it covers that
 * the person has not turned on since a signal are recorded off too, flagged GPC, in the same
 * receipt where the choice is a consent one (Cal. Civ. Code 1798.135(e), 11 CCR 7025).
 */
async function apply(
  context: ServerContext,
  subject: SubjectRef,
  purpose: Purpose,
  choice: 'granted' | 'denied' | 'object',
  gpc: boolean,
): Promise<void> {
  const ctx = ledger(context);
  const before = gpc ? await consentState(context.db, ctx, subject) : EMPTY_STATE;
  const gpcDenials: Record<string, Choice> = {};
  if (gpc) {
    for (const covered of gpcPurposes(context)) {
      const status = before.purposes.find((p) => p.purpose === covered.id)?.status;
      if (covered.id === purpose.id || status === 'denied') continue;
      if (!grantedAfterGpc(before, covered.id)) gpcDenials[covered.id] = 'denied';
    }
  }
  // GDPR Art. 21(1) for a legitimate interest or public task; Art. 21(2)-(3) for direct
  // marketing, whose "off" is also an objection: it ends a soft opt-in as well as the consent.
  const objection = choice === 'object' || (choice === 'denied' && isDirectMarketing(purpose));
  if (objection) {
    await recordObjection(context.db, ctx, { subject, purpose: purpose.id, source: SOURCE });
  }
  const choices: Record<string, Choice> = {
    ...gpcDenials,
    ...(objection ? {} : { [purpose.id]: choice }),
  };
  if (Object.keys(choices).length > 0) {
    // GDPR Art. 7(3): a withdrawal is recorded as a grant is, one click, one event.
    await recordConsent(context.db, ctx, {
      subject,
      choices,
      source: SOURCE,
      gpc,
    });
  }
}

/** The privacy center's preferences page: what a person's choices are, and how to change them. */
export function preferencesRoutes(): AnyRoute[] {
  const tags = ['privacy center'];
  return [
    defineRoute({
      method: 'GET',
      url: `${CENTER_PREFIX}/:lang/preferences`,
      operationId: 'privacyPreferences',
      summary:
        'A person’s choices per purpose: consent toggles, objections to legitimate interests, the GPC signal.',
      description:
        'For this browser (its cookie), or for the account an `account` token of the embedding site names (signed with the site key’s secret, docs/privacy-center.md). Opening it changes nothing. The token is never logged: the log names the route pattern only.',
      tags,
      scope: 'public',
      params: Params,
      query: Query,
      responses: {
        200: PAGE,
        401: { ...PAGE, description: 'HTML page: the account token expired or is not valid.' },
        404: { ...PAGE, description: 'HTML page: not a notice language.' },
      },
      handler: async ({ context, params, query, request, reply }) => {
        const language = pageLanguage(context, params.lang);
        const holder = holderOf(context, request, query.account);
        const state = await stateOf(context, holder);
        return sendCenterPage(
          context,
          reply,
          200,
          preferencesPage(context, request, language, holder, state, {
            gpc: sendsGpc(request),
            saved: false,
          }),
        );
      },
    }),

    defineRoute({
      method: 'POST',
      url: `${CENTER_PREFIX}/:lang/preferences`,
      operationId: 'privacyPreferencesChange',
      summary: 'Records one choice of the preferences page, and shows the page again.',
      description:
        '`choice` is `granted` or `denied` for a consent purpose (GDPR Art. 7(3)), `object` for a legitimate interest or public task (Art. 21(1)); `denied` on direct marketing is also an objection (Art. 21(2)-(3)). Same-origin forms only. Without an `account` token, the browser’s cookie names the visitor (set here when absent). At most 60 a minute per client network.',
      tags,
      scope: 'public',
      consumes: ['application/x-www-form-urlencoded'],
      params: Params,
      body: Form,
      responses: {
        200: PAGE,
        400: { ...PAGE, description: 'HTML page: what is wrong with the form.' },
        401: { ...PAGE, description: 'HTML page: the account token expired or is not valid.' },
        403: { ...PAGE, description: 'HTML page: sent from another site.' },
        422: { ...PAGE, description: 'HTML page: no such purpose, or no such choice for it.' },
        429: { ...PAGE, description: 'HTML page: too many requests.' },
      },
      handler: async ({ context, params, body, request, reply }) => {
        requireSameOrigin(context, request);
        const language = pageLanguage(context, params.lang);
        await limit(context, request);
        const found = holderOf(context, request, body.account);
        const purpose = context.map.purposes.find((p) => p.id === body.purpose);
        if (purpose === undefined) {
          throw new CustodianError(
            'consent.unknown_purpose',
            'The data map declares no such purpose.',
          );
        }
        // A browser without its cookie gets one with its first choice, not before.
        const [subject, newId] =
          found.subject === undefined ? freshBrowser() : [found.subject, undefined];
        const holder: Holder = { ...found, subject };
        const gpc = sendsGpc(request);
        await apply(context, subject, purpose, body.choice, gpc);
        if (newId !== undefined) setBrowserCookie(reply, newId);
        const state = await stateOf(context, holder);
        return sendCenterPage(
          context,
          reply,
          200,
          preferencesPage(context, request, language, holder, state, { gpc, saved: true }),
        );
      },
    }),
  ];
}
