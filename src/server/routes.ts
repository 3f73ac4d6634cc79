import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import { MAX_BATCH } from '../batch.js';
import { CustodianError } from '../errors.js';
import {
  checkConsent,
  checkSuppression,
  consentReceipt,
  consentState,
  isObjectable,
  linkSubject,
  recordConsent,
  recordObjection,
  suppress,
  unsubscribe,
  unsubscribeToken,
  verifyUnsubscribeToken,
  type LedgerContext,
} from '../ledger/index.js';
import { localize, type Purpose, type Text } from '../map/index.js';
import { storeFailure } from '../store/index.js';
import { bannerRoutes } from './banner-routes.js';
import { MAX_BATCHES_IN_FLIGHT, streamJsonList } from './batch-routes.js';
import { docsPage } from './docs-page.js';
import { html, wantsHtml } from './html.js';
import { packageRoutes } from './package-routes.js';
import { privacyCenterRoutes } from './privacy-center.js';
import { preferencesRoutes } from './privacy-preferences.js';
import { mailWritten, requestContext, requestRoutes } from './request-routes.js';
import { defineRoute, type AnyRoute, type ServerContext } from './route.js';
import {
  CheckConsentBody,
  CheckConsentResponse,
  ConsentReceiptResponse,
  ConsentStateBody,
  ConsentStateResponse,
  GpcResponse,
  HealthResponse,
  ObjectionBody,
  ObjectionResponse,
  OneClickBody,
  PurposesResponse,
  ReceiptParams,
  RecordConsentBody,
  RecordConsentResponse,
  SuppressBody,
  SuppressionCheckBody,
  SuppressionCheckResponse,
  SuppressResponse,
  TokenParams,
  UnsubscribeLinkBody,
  UnsubscribeLinkResponse,
  UnsubscribeResponse,
} from './schemas.js';
import {
  negotiateLanguage,
  unsubscribeAskPage,
  unsubscribeDonePage,
  unsubscribeInvalidPage,
  sendUnsubscribePage,
} from './unsubscribe-page.js';
import { brandOf } from './center-layout.js';

/**
 * 8 MiB: a batch of 50,000 subjects or identifiers (MAX_BATCH) with room to spare (a typical one
 * is 2-4 MiB). Parsing the body is the one step of a batch not cut in chunks: ~25 ms of the
 * event loop for a typical largest batch, ~60 ms for 8 MiB.
 */
export const BATCH_BODY_LIMIT = 8 * 1024 * 1024;

/** What every batch route may answer besides its own (batch-routes.ts, docs/api.md#batches). */
const BATCH_RESPONSES = {
  413: {
    description: `request.batch_too_large: more than ${MAX_BATCH.toLocaleString('en')} items; request.too_large: a body over ${BATCH_BODY_LIMIT / 1024 / 1024} MiB.`,
  },
  503: {
    description: `server.busy: this process works on ${MAX_BATCHES_IN_FLIGHT} batches already; send again after Retry-After.`,
  },
} as const;

/** Two minutes: a batch route's time to answer, where other routes have the server's 30 s. */
const BATCH_TIMEOUT_MS = 120_000;

const ledger = (context: ServerContext, actor: string): LedgerContext => ({
  map: context.map,
  secret: context.secret,
  now: context.clock,
  actor,
});

/** One text of the map in every language of the notice. */
function texts(context: ServerContext, text: Text): Record<string, string> {
  return Object.fromEntries(
    context.map.notice.languages.map((language) => [language, localize(text, language)]),
  );
}

function purposeOf(context: ServerContext, id: string): Purpose {
  const purpose = context.map.purposes.find((candidate) => candidate.id === id);
  if (!purpose) {
    throw new CustodianError('consent.unknown_purpose', 'the data map declares no such purpose', {
      details: { errors: [{ path: '/purpose', message: 'not a purpose of the data map' }] },
    });
  }
  return purpose;
}

function languageOf(context: ServerContext, request: FastifyRequest) {
  return negotiateLanguage(request.headers['accept-language'], context.map.notice.languages);
}

/** A 201's `Location` (RFC 9110 section 15.3.2): the receipt of what was recorded. */
function created<T extends { receiptId: string }>(reply: FastifyReply, receipt: T): T {
  void reply.header('location', `/v1/consents/receipts/${receipt.receiptId}`);
  return receipt;
}

/** `Sec-GPC: 1` (Global Privacy Control). */
function gpcSignal(request: FastifyRequest): boolean {
  return request.headers['sec-gpc']?.toString().trim() === '1';
}

function validToken(token: unknown): token is string {
  return TokenParams.safeParse({ token }).success;
}

/**
 * How long /healthz waits for the database: a probe must get an answer, never hang. On the embedded
 * store a long transaction (an erasure) holds the one connection; 5 s is longer than ordinary ones.
 */
const HEALTH_DEADLINE_MS = 5000;

/** A JSON answer `{"<field>": items}`, written out in chunks (batch-routes.ts). */
function streamedList(reply: FastifyReply, field: string, items: readonly unknown[]): Readable {
  void reply.type('application/json; charset=utf-8');
  return streamJsonList(field, items);
}

/** Runs `select 1`, or throws `store.unreachable` when it fails or takes longer than `ms`. */
async function answersWithin(context: ServerContext, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(
        new CustodianError(
          'store.unreachable',
          `the database does not answer within ${ms / 1000} s`,
        ),
      );
    }, ms);
    timer.unref();
  });
  try {
    await Promise.race([sql`select 1`.execute(context.db), late]);
  } catch (cause) {
    throw (
      storeFailure(cause) ??
      new CustodianError('store.unreachable', 'the database does not answer', { cause })
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Every route of the API, declared once: the server and the OpenAPI document both read this. */
export function routes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/healthz',
      operationId: 'health',
      summary: 'Liveness, and whether the database answers and can write.',
      tags: ['service'],
      scope: 'public',
      responses: {
        200: {
          description: 'The server answers, and its database answers and can write.',
          schema: HealthResponse,
        },
        503: {
          description: `A problem whose code says why: store.disk_full (no space left to write), store.failed (the embedded database stopped; restart after fixing the cause), store.unreachable (the database does not answer within ${HEALTH_DEADLINE_MS / 1000} s).`,
        },
      },
      handler: async ({ context }) => {
        const problem = context.storeProblem();
        if (problem) throw problem;
        await answersWithin(context, HEALTH_DEADLINE_MS);
        return { status: 'ok' };
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/openapi.json',
      operationId: 'openapi',
      summary: 'This API described as OpenAPI 3.1.',
      tags: ['service'],
      scope: 'public',
      responses: { 200: { description: 'The OpenAPI document.' } },
      handler: ({ context }) => context.openApi(),
    }),

    defineRoute({
      method: 'GET',
      url: '/docs',
      operationId: 'docs',
      summary: 'This API as a readable page.',
      tags: ['service'],
      scope: 'public',
      responses: { 200: { description: 'HTML.', contentType: 'text/html' } },
      handler: ({ context, reply }) => html(reply, 200, docsPage(context.openApi())),
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/purposes',
      operationId: 'listPurposes',
      summary: 'The purposes of the data map, for the consent banner and the privacy center.',
      description:
        'Names and descriptions in every language of the notice, the legal basis, and whether consent can be withdrawn or an objection made.',
      tags: ['consent'],
      scope: 'public',
      responses: { 200: { description: 'The purposes.', schema: PurposesResponse } },
      handler: ({ context, reply }) => {
        void reply.header('cache-control', 'public, max-age=300');
        const map = context.map;
        return {
          noticeVersion: map.notice.version,
          effectiveDate: map.notice.effectiveDate,
          languages: [...map.notice.languages],
          purposes: map.purposes.map((purpose) => ({
            id: purpose.id,
            name: texts(context, purpose.name),
            description: texts(context, purpose.description),
            legalBasis: purpose.legalBasis ?? null,
            directMarketing: purpose.directMarketing || purpose.softOptIn !== undefined,
            // GDPR Art. 7(3): consent can be withdrawn at any time, as easily as given.
            withdrawable: purpose.legalBasis === 'consent',
            // GDPR Art. 21(1)-(2).
            objectable: isObjectable(purpose),
          })),
        };
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/.well-known/gpc.json',
      operationId: 'gpc',
      summary: 'Global Privacy Control support resource.',
      description:
        '`gpc: true` when a jurisdiction of the map honours GPC as an opt-out (Cal. Civ. Code 1798.135(e), 11 CCR 7025).',
      tags: ['consent'],
      scope: 'public',
      responses: { 200: { description: 'The GPC support resource.', schema: GpcResponse } },
      handler: ({ context, reply }) => {
        void reply.header('cache-control', 'public, max-age=86400');
        return {
          gpc: context.map.jurisdictions.some((jurisdiction) => jurisdiction.gpc === true),
          lastUpdate: context.map.notice.effectiveDate,
        };
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/consents',
      operationId: 'recordConsent',
      summary: "Record a person's consent choices.",
      description:
        'One append-only event per choice, the current state and an evidence record, in one transaction (GDPR Art. 7(1)). A `Sec-GPC: 1` header is recorded as a Global Privacy Control signal.',
      tags: ['consent'],
      scope: 'consent:write',
      body: RecordConsentBody,
      status: 201,
      responses: {
        201: { description: 'Recorded; the receipt.', schema: RecordConsentResponse },
        404: { description: 'No subject with that id.' },
        422: { description: 'Unknown purpose, or a purpose not based on consent.' },
      },
      handler: async ({ body, request, reply, context, actor }) =>
        created(
          reply,
          await recordConsent(context.db, ledger(context, actor), {
            subject: body.subject,
            choices: body.choices,
            source: body.source,
            ...(body.noticeVersion === undefined ? {} : { noticeVersion: body.noticeVersion }),
            ...(body.country === undefined ? {} : { country: body.country }),
            gpc: gpcSignal(request),
          }),
        ),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/consents/state',
      operationId: 'consentState',
      summary: "A person's current consent per purpose, objections, and history.",
      description: 'The person is named in the body, never in the URL.',
      tags: ['consent'],
      scope: 'consent:read',
      body: ConsentStateBody,
      responses: {
        200: {
          description: 'The state; empty for a person never seen.',
          schema: ConsentStateResponse,
        },
        404: { description: 'No subject with that id.' },
      },
      handler: ({ body, context, actor }) =>
        consentState(context.db, ledger(context, actor), body.subject),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/consents/check',
      operationId: 'checkConsent',
      summary: 'May this purpose be used for these people now? Up to 50,000 per request.',
      description:
        'Answers in request order by the rules of the map: a live grant for consent purposes, no objection for legitimate interests, no objection or suppression for direct marketing (GDPR Art. 21(3)), GPC as an opt-out under US state law, restriction (Art. 18), soft opt-in (ePrivacy Art. 13(2)).',
      tags: ['consent'],
      scope: 'consent:read',
      body: CheckConsentBody,
      batch: { field: 'subjects' },
      bodyLimit: BATCH_BODY_LIMIT,
      handlerTimeoutMs: BATCH_TIMEOUT_MS,
      responses: {
        200: { description: 'One result per subject.', schema: CheckConsentResponse },
        ...BATCH_RESPONSES,
        422: { description: 'Unknown purpose.' },
      },
      handler: async ({ body, reply, context, actor }) => {
        const { results } = await checkConsent(context.db, ledger(context, actor), {
          purpose: body.purpose,
          ...(body.country === undefined ? {} : { country: body.country }),
          subjects: body.subjects.map((item) => ({
            subject:
              item.email !== undefined
                ? { email: item.email }
                : item.phone !== undefined
                  ? { phone: item.phone }
                  : item.accountId !== undefined
                    ? { accountId: item.accountId }
                    : { id: item.id ?? '' },
            ...(item.groups === undefined ? {} : { groups: item.groups }),
            ...(item.country === undefined ? {} : { country: item.country }),
          })),
        });
        return streamedList(reply, 'results', results);
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/consents/receipts/:receiptId',
      operationId: 'consentReceipt',
      summary: 'The receipt of one recorded change, shaped as ISO/IEC TS 27560.',
      description: 'In the language of `Accept-Language` among the notice languages.',
      tags: ['consent'],
      scope: 'consent:read',
      params: ReceiptParams,
      responses: {
        200: { description: 'The receipt.', schema: ConsentReceiptResponse },
        404: { description: 'No receipt with that id.' },
      },
      handler: ({ params, request, context, actor }) =>
        consentReceipt(
          context.db,
          ledger(context, actor),
          params.receiptId.toLowerCase(),
          languageOf(context, request),
        ),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/objections',
      operationId: 'recordObjection',
      summary: 'Record an objection to a purpose (GDPR Art. 21).',
      description:
        'For direct marketing it stops all further direct marketing (Art. 21(3)); for a consent purpose it is a withdrawal. Re-authorising later is a new grant.',
      tags: ['consent'],
      scope: 'consent:write',
      body: ObjectionBody,
      status: 201,
      responses: {
        201: { description: 'Recorded; the receipt.', schema: ObjectionResponse },
        404: { description: 'No subject with that id.' },
        422: { description: 'Unknown purpose, or no right to object on its legal basis.' },
      },
      handler: async ({ body, reply, context, actor }) =>
        created(
          reply,
          await recordObjection(context.db, ledger(context, actor), {
            subject: body.subject,
            purpose: body.purpose,
            source: body.source ?? 'api',
          }),
        ),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/suppressions',
      operationId: 'suppress',
      summary: 'Put identifiers on the suppression list: never contact or re-import them.',
      description:
        'Stored only as keyed hashes (HMAC-SHA256 with the server secret) of normalised identifiers. Up to 50,000 per request.',
      tags: ['suppression'],
      scope: 'suppression:write',
      body: SuppressBody,
      batch: { field: 'identifiers' },
      bodyLimit: BATCH_BODY_LIMIT,
      handlerTimeoutMs: BATCH_TIMEOUT_MS,
      status: 201,
      responses: {
        201: { description: 'Suppressed.', schema: SuppressResponse },
        ...BATCH_RESPONSES,
        422: { description: 'Unknown purpose as scope.' },
      },
      handler: ({ body, context, actor }) =>
        suppress(context.db, ledger(context, actor), {
          identifiers: body.identifiers,
          reason: body.reason,
          ...(body.scope === undefined ? {} : { scope: body.scope }),
        }),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/suppressions/check',
      operationId: 'checkSuppression',
      summary: 'Which of these identifiers are suppressed? Up to 50,000 per request.',
      description: 'Import pipelines and mail senders call this before they load or send.',
      tags: ['suppression'],
      scope: 'suppression:read',
      body: SuppressionCheckBody,
      batch: { field: 'identifiers' },
      bodyLimit: BATCH_BODY_LIMIT,
      handlerTimeoutMs: BATCH_TIMEOUT_MS,
      responses: {
        200: { description: 'One result per identifier.', schema: SuppressionCheckResponse },
        ...BATCH_RESPONSES,
        422: { description: 'Unknown purpose.' },
      },
      handler: async ({ body, context, reply, actor }) => {
        const { results } = await checkSuppression(context.db, ledger(context, actor), {
          identifiers: body.identifiers,
          ...(body.purpose === undefined ? {} : { purpose: body.purpose }),
        });
        return streamedList(reply, 'results', results);
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/unsubscribe-links',
      operationId: 'unsubscribeLink',
      summary: 'A one-click unsubscribe link for a message (RFC 8058).',
      description:
        'Put `headers` on the message as they are. The URL carries a signed, opaque token: no email. A POST to it unsubscribes at once; a GET shows a page with a button.',
      tags: ['suppression'],
      scope: 'consent:write',
      body: UnsubscribeLinkBody,
      responses: {
        200: { description: 'The link and the headers.', schema: UnsubscribeLinkResponse },
        404: {
          description: 'No subject with that id (an email, phone or account id is taken as new).',
        },
        422: { description: 'Unknown purpose, or one a person cannot object to.' },
      },
      handler: async ({ body, request, context, actor }) => {
        const purpose = purposeOf(context, body.purpose);
        if (!isObjectable(purpose)) {
          throw new CustodianError(
            'objection.not_applicable',
            'GDPR Art. 21 gives no right to object to processing on this legal basis',
          );
        }
        // A person the ledger has not seen yet is recorded on first use, by keyed hash only.
        const subjectId = await linkSubject(context.db, ledger(context, actor), body.subject);
        const token = unsubscribeToken(context.secret, {
          subjectId,
          purpose: purpose.id,
          issuedAt: context.clock(),
        });
        const url = `${context.publicUrl(request)}/u/${token}`;
        return {
          url,
          headers: {
            'List-Unsubscribe': `<${url}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          },
        };
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/u/:token',
      operationId: 'unsubscribePage',
      summary: 'The page an unsubscribe link opens: one button, no login.',
      description:
        'Opening the link changes nothing (mail scanners follow links); the button POSTs to the same URL.',
      tags: ['suppression'],
      scope: 'public',
      params: TokenParams,
      paramsCheckedByHandler: true,
      responses: {
        200: { description: 'HTML page with the button.', contentType: 'text/html' },
        404: { description: 'HTML page: the link is not valid.', contentType: 'text/html' },
      },
      handler: ({ params, request, reply, context }) => {
        const language = languageOf(context, request);
        // Unvalidated here (paramsCheckedByHandler): whatever the URL held.
        const token: unknown = params.token;
        const claims = validToken(token) ? verifyUnsubscribeToken(context.secret, token) : null;
        const frame = { context, request, language };
        if (!claims) return sendUnsubscribePage(frame, reply, 404, unsubscribeInvalidPage(frame));
        const purpose = context.map.purposes.find((p) => p.id === claims.purpose);
        return sendUnsubscribePage(
          frame,
          reply,
          200,
          unsubscribeAskPage(
            frame,
            brandOf(context).name ?? context.map.organisation.name,
            purpose ? localize(purpose.name, language) : claims.purpose,
          ),
        );
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/u/:token',
      operationId: 'unsubscribe',
      summary: 'One-click unsubscribe (RFC 8058): takes effect at once.',
      description:
        'Body `List-Unsubscribe=One-Click` (form-encoded or multipart), or empty. Records an objection to the purpose and suppresses every identity of the person for it. Idempotent. A browser (Accept: text/html) gets a page, anything else JSON.',
      tags: ['suppression'],
      scope: 'public',
      params: TokenParams,
      paramsCheckedByHandler: true,
      body: OneClickBody,
      bodyOptional: true,
      consumes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
      responses: {
        200: { description: 'Unsubscribed.', schema: UnsubscribeResponse },
        404: { description: 'The link is not valid.' },
      },
      handler: async ({ params, request, reply, context }) => {
        // Tokens name a subject id and a purpose only; the actor is the link itself.
        const token: unknown = params.token;
        const done = validToken(token)
          ? await unsubscribe(context.db, ledger(context, 'unsubscribe'), token)
          : null;
        const language = languageOf(context, request);
        const frame = { context, request, language };
        if (!done) {
          if (wantsHtml(request)) {
            return sendUnsubscribePage(frame, reply, 404, unsubscribeInvalidPage(frame));
          }
          throw new CustodianError(
            'unsubscribe.invalid_token',
            'this unsubscribe link is not valid',
          );
        }
        if (wantsHtml(request)) {
          const purpose = context.map.purposes.find((p) => p.id === done.purpose);
          return sendUnsubscribePage(
            frame,
            reply,
            200,
            unsubscribeDonePage(
              frame,
              brandOf(context).name ?? context.map.organisation.name,
              purpose ? localize(purpose.name, language) : done.purpose,
              done.receiptId,
            ),
          );
        }
        return { unsubscribed: true, purpose: done.purpose };
      },
    }),

    ...requestRoutes(),
    ...privacyCenterRoutes(requestContext, mailWritten),
    ...preferencesRoutes(),

    ...bannerRoutes(),

    ...packageRoutes(),
  ];
}
