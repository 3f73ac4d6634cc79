import type { FastifyReply } from 'fastify';
import {
  approveRequest,
  denyRequest,
  extendRequest,
  isOverdue,
  listRequests,
  openRequest,
  requestDetail,
  verifyRequest,
  type RequestContext,
  type RequestRecord,
} from '../requests/index.js';
import {
  ListRequestsQuery,
  ListRequestsResponse,
  OpenRequestBody,
  OpenRequestResponse,
  ReasonBody,
  RequestDetailResponse,
  RequestIdParams,
  RequestResponse,
  VerifyRequestBody,
  VerifyRequestResponse,
} from './request-schemas.js';
import { defineRoute, type AnyRoute, type ServerContext } from './route.js';
import { negotiateLanguage } from './unsubscribe-page.js';

/** The request context of a call: the server's map, secret and clock, the caller, the hooks. */
export function requestContext(context: ServerContext, actor: string): RequestContext {
  const { onApproved } = context.requestHooks;
  return {
    map: context.map,
    secret: context.secret,
    now: context.clock,
    actor,
    ...(onApproved === undefined ? {} : { onApproved }),
    ...(context.mailLimits === undefined ? {} : { mailLimits: context.mailLimits }),
  };
}

/** Tells the mailer a mail is waiting, after the step that wrote it committed. */
export function mailWritten(context: ServerContext): void {
  context.requestHooks.onMail?.();
}

/** A request as the operator API shows it. */
function view(request: RequestRecord, now: Date) {
  return {
    id: request.id,
    type: request.type,
    law: request.law,
    controller: request.controller,
    country: request.country,
    region: request.region,
    language: request.language,
    status: request.status,
    verification: request.verification,
    receivedAt: request.receivedAt.toISOString(),
    acknowledgeBy: request.acknowledgeBy?.toISOString() ?? null,
    dueAt: request.dueAt.toISOString(),
    overdue: isOverdue(request, now),
    extendedAt: request.extendedAt?.toISOString() ?? null,
    verifiedAt: request.verifiedAt?.toISOString() ?? null,
    decidedAt: request.decidedAt?.toISOString() ?? null,
    finishedAt: request.finishedAt?.toISOString() ?? null,
    summary: request.summary === null ? null : { ...request.summary },
  };
}

/** The person's pages must not be cached or indexed anywhere. */
function privateAnswer(reply: FastifyReply): void {
  void reply.header('cache-control', 'no-store');
}

/** The data-subject request routes: public intake and verification, and the operator's. */
export function requestRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/requests',
      operationId: 'openRequest',
      summary: 'Ask to see, take, correct, limit or delete your data.',
      description:
        'Public. The law and the controller follow `country`; a type that law does not grant is refused (422). A six-digit code is mailed to the address, which confirms the request at `POST /v1/requests/{id}/verify`. The answer is the same whether or not the address is known. Rate-limited per client address; the mail it sends is capped per address and in all per day (429 `request.mail_limited`, the same for both caps, and nothing is stored).',
      tags: ['requests'],
      scope: 'public',
      rateLimited: true,
      body: OpenRequestBody,
      status: 202,
      responses: {
        202: { description: 'Accepted; a code is on its way.', schema: OpenRequestResponse },
        400: {
          description:
            'A body that does not match the schema, or a `language` the notice is not published in (`request.unsupported_language`).',
        },
        422: {
          description:
            'A type the law does not grant, an unknown country, or an appeal without the id it appeals.',
        },
        429: {
          description:
            'Too many calls from this address (`request.rate_limited`), or no more mail for new requests today, to this address or in all (`request.mail_limited`); see Retry-After. Nothing was stored.',
        },
      },
      handler: async ({ body, context, actor, request, reply }) => {
        privateAnswer(reply);
        const opened = await openRequest(context.db, requestContext(context, actor), {
          type: body.type,
          email: body.subject.email,
          country: body.country,
          // The form's choice; else the browser's, among the notice languages; else the first.
          language:
            body.language ??
            negotiateLanguage(request.headers['accept-language'], context.map.notice.languages),
          ...(body.state === undefined ? {} : { state: body.state }),
          ...(body.details === undefined ? {} : { details: body.details }),
          ...(body.changes === undefined ? {} : { changes: body.changes }),
          ...(body.appealOf === undefined ? {} : { appealOf: body.appealOf }),
        });
        mailWritten(context);
        return { requestId: opened.requestId, dueAt: opened.dueAt.toISOString() };
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/requests/:id/verify',
      operationId: 'verifyRequest',
      summary: 'Confirm a request with the code from the mail.',
      description:
        'Public. Five wrong codes lock the request; an expired code ends it. The right code of an appeal also checks the request it appeals; if that check fails, the appeal stays unverified and the answer says why. Rate-limited per client address.',
      tags: ['requests'],
      scope: 'public',
      rateLimited: true,
      params: RequestIdParams,
      body: VerifyRequestBody,
      responses: {
        200: { description: 'Verified.', schema: VerifyRequestResponse },
        404: {
          description:
            "No such request; for an appeal, also: the request appealed is unknown or not this person's.",
        },
        409: {
          description:
            'Locked after five wrong codes, or already verified; for an appeal, also: the request appealed was not refused, or was appealed already.',
        },
        410: { description: 'The code expired.' },
        422: {
          description:
            "Wrong code; `detail` says how many tries are left. For an appeal, also: the appealed request's law provides no appeal.",
        },
      },
      handler: async ({ params, body, context, actor, reply }) => {
        privateAnswer(reply);
        return verifyRequest(context.db, requestContext(context, actor), params.id, body.code);
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/requests',
      operationId: 'listRequests',
      summary: 'Data-subject requests, nearest deadline first.',
      description:
        'Without personal data. An unverified request whose code ran out shows as `expired` (the server records it so in the background; listing changes nothing).',
      tags: ['requests'],
      scope: 'requests:read',
      query: ListRequestsQuery,
      responses: { 200: { description: 'The requests.', schema: ListRequestsResponse } },
      handler: async ({ query, context }) => {
        // Opening a list changes nothing: lapsed codes show as expired without being written.
        const now = context.clock();
        const requests = await listRequests(context.db, {
          now,
          ...(query.status === undefined ? {} : { status: query.status }),
          ...(query.type === undefined ? {} : { type: query.type }),
          ...(query.overdue === 'true' ? { overdue: true } : {}),
          ...(query.limit === undefined ? {} : { limit: query.limit }),
        });
        return { requests: requests.map((request) => view(request, now)) };
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/requests/:id',
      operationId: 'getRequest',
      summary: 'One request with its timeline and the person who made it.',
      tags: ['requests'],
      scope: 'requests:read',
      params: RequestIdParams,
      responses: {
        200: { description: 'The request.', schema: RequestDetailResponse },
        404: { description: 'No such request.' },
      },
      handler: async ({ params, context }) => {
        const now = context.clock();
        const detail = await requestDetail(context.db, context.secret, params.id, now);
        return {
          ...view(detail.request, now),
          subject: { email: detail.subject.email },
          details: detail.subject.details,
          changes: detail.subject.changes === null ? null : { ...detail.subject.changes },
          reason: detail.reason,
          appealOf: detail.appealOf,
          appeals: [...detail.appeals],
          events: detail.events.map((event) => ({
            at: event.at.toISOString(),
            actor: event.actor,
            kind: event.kind,
            status: event.status,
            details: { ...event.details },
          })),
        };
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/requests/:id/approve',
      operationId: 'approveRequest',
      summary: 'Approve a request that waits for an operator; it then runs.',
      tags: ['requests'],
      scope: 'requests:write',
      params: RequestIdParams,
      responses: {
        200: { description: 'Approved.', schema: RequestResponse },
        404: { description: 'No such request.' },
        409: { description: 'The request does not wait for approval.' },
      },
      handler: async ({ params, context, actor }) =>
        view(
          await approveRequest(context.db, requestContext(context, actor), params.id),
          context.clock(),
        ),
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/requests/:id/deny',
      operationId: 'denyRequest',
      summary: 'Refuse a request; the reason is mailed to the person (GDPR Art. 12(4)).',
      tags: ['requests'],
      scope: 'requests:write',
      params: RequestIdParams,
      body: ReasonBody,
      responses: {
        200: { description: 'Denied.', schema: RequestResponse },
        404: { description: 'No such request.' },
        409: { description: 'The request is running or finished.' },
        422: { description: 'No reason given.' },
      },
      handler: async ({ params, body, context, actor }) => {
        const denied = await denyRequest(
          context.db,
          requestContext(context, actor),
          params.id,
          body.reason,
        );
        mailWritten(context);
        return view(denied, context.clock());
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/requests/:id/extend',
      operationId: 'extendRequest',
      summary: 'Extend the deadline once, within the law; the reason is mailed to the person.',
      description:
        'GDPR Art. 12(3): by two further months; CCPA and the VCDPA family: by 45 days. Only within the first period, and only once.',
      tags: ['requests'],
      scope: 'requests:write',
      params: RequestIdParams,
      body: ReasonBody,
      responses: {
        200: { description: 'Extended; `dueAt` is the new deadline.', schema: RequestResponse },
        404: { description: 'No such request.' },
        409: { description: 'Already extended, finished, or past the first deadline.' },
        422: { description: 'No reason given.' },
      },
      handler: async ({ params, body, context, actor }) => {
        const extended = await extendRequest(
          context.db,
          requestContext(context, actor),
          params.id,
          body.reason,
        );
        mailWritten(context);
        return view(extended, context.clock());
      },
    }),
  ];
}
