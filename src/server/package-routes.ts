import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CustodianError } from '../errors.js';
import {
  certificateKey,
  claimPackage,
  packageLink,
  storedCertificate,
  type PackageClaim,
} from '../execution/index.js';
import type { Language } from '../map/index.js';
import { getRequest, organisationOf } from '../requests/index.js';
import { html, wantsHtml } from './html.js';
import { packageAskPage, packageEndPage } from './package-page.js';
import { RequestIdParams } from './request-schemas.js';
import { defineRoute, type AnyRoute, type ServerContext } from './route.js';
import { bounded } from './schemas.js';
import { negotiateLanguage } from './unsubscribe-page.js';

const PackageParams = z.strictObject({
  token: bounded(200).regex(/^[\w.-]+$/, 'must be a package token'),
});

const CertificateKeyResponse = z
  .object({
    algorithm: z.literal('Ed25519'),
    keyId: z.string().describe('Names the key in certificates: `keyId` of each certificate.'),
    publicKey: z.string().describe('The public key, SPKI in PEM.'),
  })
  .describe('The key erasure certificates are signed with.');

const CertificateResponse = z
  .object({
    body: z
      .record(z.string(), z.unknown())
      .describe(
        'What was erased where, how, how many rows, and what the law keeps until when; no personal data.',
      ),
    algorithm: z.literal('Ed25519'),
    keyId: z.string().describe('The key it is signed with: `GET /v1/certificates/key`.'),
    signature: z.string().describe('base64url Ed25519 signature of the canonical JSON of `body`.'),
  })
  .describe('A signed erasure certificate.');

/** A download that has not gone out in full after this long is cut off (and can be tried again). */
const DOWNLOAD_TIME_LIMIT_MS = 30 * 60 * 1000;

const DownloadBody = z
  .object({})
  .describe('Nothing is needed: an empty body, or the form of the page the link opens.');

/** The page of each way a link can fail, and its status (as the problem would have it). */
const END_PAGES: Readonly<Record<string, { status: number; kind: 'gone' | 'invalid' | 'busy' }>> = {
  'package.not_found': { status: 404, kind: 'invalid' },
  'package.gone': { status: 410, kind: 'gone' },
  'package.downloading': { status: 409, kind: 'busy' },
};

function languageOf(context: ServerContext, request: FastifyRequest): Language {
  return negotiateLanguage(request.headers['accept-language'], context.map.notice.languages);
}

function validToken(token: unknown): token is string {
  return PackageParams.safeParse({ token }).success;
}

/**
 * Resolves, when the response closes, whether its whole body was handed to the network. Node's
 * 'finish' alone does not say so: it is also emitted when the connection was reset midway, or
 * cut by the server's own close, after the socket was destroyed. So the socket must still be
 * alive at 'finish' (looked at before Node's own listener, which may close the socket of a
 * `Connection: close` request). Bytes the network took are as far as a server can see: a client
 * that stops after the last of them were handed over counts as having them.
 */
function sentInFull(response: ServerResponse, socket: Socket): Promise<boolean> {
  let whole = false;
  response.prependOnceListener('finish', () => {
    // An injected request's socket is a stand-in without `destroyed`.
    whole = !socket.destroyed;
  });
  return new Promise((resolve) => {
    response.once('close', () => {
      resolve(whole);
    });
  });
}

/**
 * After the body of a download: spends the package when it went out in full, gives the claim
 * back when the connection was cut (or took longer than the limit), so the person can try again.
 */
async function settle(
  claim: PackageClaim,
  response: ServerResponse,
  sent: Promise<boolean>,
  log: FastifyBaseLogger,
): Promise<void> {
  const limit = setTimeout(() => {
    response.destroy();
  }, DOWNLOAD_TIME_LIMIT_MS);
  limit.unref();
  try {
    if (await sent) await claim.spend();
    else await claim.release();
  } catch (error) {
    log.error({ err: error }, 'packages: recording the end of a download failed');
  } finally {
    clearTimeout(limit);
  }
}

/**
 * Sends the zip of a claimed package, and spends the package once the whole zip has gone out, or
 * gives the claim back when the download was cut off: the one way every download page sends it.
 */
export async function sendClaimedPackage(
  context: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  claim: PackageClaim,
): Promise<FastifyReply> {
  const response = reply.raw;
  const socket = request.raw.socket;
  if (response.destroyed || socket.destroyed) {
    // Gone before a byte was sent: nothing was downloaded.
    await claim.release();
    return reply;
  }
  context.afterResponse(settle(claim, response, sentInFull(response, socket), request.log));
  return reply
    .code(200)
    .header('content-type', 'application/zip')
    .header('content-disposition', `attachment; filename="personal-data-${claim.requestId}.zip"`)
    .header('cache-control', 'no-store')
    .send(claim.zip);
}

/** The routes of request execution: the package download link, certificates and their key. */
export function packageRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/packages/:token',
      operationId: 'packagePage',
      summary: 'The page a download link opens: what the package is, until when, and a button.',
      description:
        'The link a person receives when their access, know or portability request is answered. Opening it changes nothing (mail scanners and previews follow links, and HEAD answers as GET): it shows a page, in the language of the request (else of `Accept-Language` among the notice languages), naming the controller, the size and the expiry, with a Download button that POSTs to the same URL. A link downloaded already or expired, and one that is not valid, get a page saying so and nothing more. The token names the package, never the person.',
      tags: ['requests'],
      scope: 'public',
      params: PackageParams,
      paramsCheckedByHandler: true,
      responses: {
        200: { description: 'HTML page with the Download button.', contentType: 'text/html' },
        404: { description: 'HTML page: the link is not valid.', contentType: 'text/html' },
        410: {
          description: 'HTML page: downloaded already, or expired.',
          contentType: 'text/html',
        },
      },
      handler: async ({ params, request, reply, context }) => {
        const language = languageOf(context, request);
        // Unvalidated here (paramsCheckedByHandler): whatever the URL held.
        const token: unknown = params.token;
        const link = validToken(token)
          ? await packageLink({ db: context.db, secret: context.secret, now: context.clock }, token)
          : ({ kind: 'not_found' } as const);
        if (link.kind === 'not_found') return html(reply, 404, packageEndPage(language, 'invalid'));
        if (link.kind === 'gone') return html(reply, 410, packageEndPage(language, 'gone'));
        // The person's own language, which the mail with this link was written in and names the
        // page's button in; the browser's for a request opened before languages were recorded.
        const offered: readonly string[] = context.map.notice.languages;
        const asked =
          link.language !== null && offered.includes(link.language)
            ? (link.language as Language)
            : language;
        return html(
          reply,
          200,
          packageAskPage(asked, {
            organisation: organisationOf(context.map, link.controller),
            expiresAt: link.expiresAt,
            bytes: link.bytes,
          }),
        );
      },
    }),

    defineRoute({
      method: 'POST',
      url: '/v1/packages/:token',
      operationId: 'downloadPackage',
      summary: 'Download an access package once (GDPR Art. 15(3), 20).',
      description:
        "The Download button of the link's page: a zip with data.json, one CSV per table and summary.html. It works once and until the link expires. The package is deleted, and the download recorded, only once the whole zip has gone out; a download cut off midway leaves it to be tried again. While one download is being sent, another is refused (409). A browser (Accept: text/html) gets a page for each refusal, anything else a problem.",
      tags: ['requests'],
      scope: 'public',
      params: PackageParams,
      paramsCheckedByHandler: true,
      body: DownloadBody,
      bodyOptional: true,
      consumes: ['application/x-www-form-urlencoded', 'application/json'],
      responses: {
        200: { description: 'The zip.', contentType: 'application/zip' },
        404: { description: 'No package answers to this link.' },
        409: { description: 'This package is being downloaded right now; try again in a minute.' },
        410: { description: 'Downloaded already, or expired.' },
      },
      handler: async ({ params, request, reply, context }) => {
        const token: unknown = params.token;
        let claim: PackageClaim;
        try {
          if (!validToken(token)) {
            throw new CustodianError('package.not_found', 'no package answers to this link');
          }
          claim = await claimPackage(
            {
              db: context.db,
              secret: context.secret,
              now: context.clock,
              actor: 'package-link',
              onError: (error) => {
                request.log.error({ err: error }, 'packages: renewing a download claim failed');
              },
            },
            token,
          );
        } catch (error) {
          // `package.gone` (410), `package.not_found` (404) and `package.downloading` (409)
          // answer as problems (errors.ts), or as a page to the browser the button is in.
          const end = error instanceof CustodianError ? END_PAGES[error.code] : undefined;
          if (end === undefined || !wantsHtml(request)) throw error;
          return html(reply, end.status, packageEndPage(languageOf(context, request), end.kind));
        }
        return sendClaimedPackage(context, request, reply, claim);
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/requests/:id/certificate',
      operationId: 'getCertificate',
      summary: 'The signed certificate of a completed erasure (GDPR Art. 5(2), 17).',
      description:
        'Proof of an erasure for the person, an auditor or a supervisory authority: the collections, strategies, row counts and legal holds, signed with the key of `GET /v1/certificates/key`. It names the request by id and holds no personal data.',
      tags: ['requests'],
      scope: 'requests:read',
      params: RequestIdParams,
      responses: {
        200: { description: 'The certificate.', schema: CertificateResponse },
        404: { description: 'No such request, or no certificate for it (yet).' },
      },
      handler: async ({ params, context }) => {
        const request = await getRequest(context.db, params.id);
        const certificate = await storedCertificate({ db: context.db }, request.id);
        if (certificate === undefined) {
          throw new CustodianError(
            'certificate.not_found',
            'this request has no erasure certificate: it is not an erasure, or it has not completed',
          );
        }
        return certificate;
      },
    }),

    defineRoute({
      method: 'GET',
      url: '/v1/certificates/key',
      operationId: 'certificateKey',
      summary: 'The public key erasure certificates are signed with (Ed25519).',
      description:
        'Anyone holding a certificate can check it against this key: the signature covers the canonical JSON of the body.',
      tags: ['requests'],
      scope: 'public',
      responses: { 200: { description: 'The key.', schema: CertificateKeyResponse } },
      handler: ({ context }) => certificateKey(context.signingKey),
    }),
  ];
}
