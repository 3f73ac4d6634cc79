import { z } from 'zod';
import { CustodianError } from '../errors.js';
import { certificateKey, downloadPackage, storedCertificate } from '../execution/index.js';
import { getRequest } from '../requests/index.js';
import { RequestIdParams } from './request-schemas.js';
import { defineRoute, type AnyRoute } from './route.js';

const PackageParams = z.strictObject({
  token: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_.-]+$/, 'must be a package token'),
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

/** The routes of request execution: the one-time package download, certificates and their key. */
export function packageRoutes(): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/packages/:token',
      operationId: 'downloadPackage',
      summary: 'Download an access package once (GDPR Art. 15(3), 20).',
      description:
        'The link a person receives when their access, know or portability request is answered: a zip with data.json, one CSV per table and summary.html. It works once and until it expires; the package is deleted when downloaded. The token names the package, never the person.',
      tags: ['requests'],
      scope: 'public',
      params: PackageParams,
      paramsCheckedByHandler: true,
      responses: {
        200: { description: 'The zip.', contentType: 'application/zip' },
        404: { description: 'No package answers to this link.' },
        410: { description: 'Downloaded already, or expired.' },
      },
      handler: async ({ params, reply, context }) => {
        const token: unknown = params.token;
        if (!PackageParams.safeParse({ token }).success || typeof token !== 'string') {
          throw new CustodianError('package.not_found', 'no package answers to this link');
        }
        // `package.gone` (410) and `package.not_found` (404) answer as problems (errors.ts).
        const { requestId, zip } = await downloadPackage(
          { db: context.db, secret: context.secret, now: context.clock, actor: 'package-link' },
          token,
        );
        return reply
          .code(200)
          .header('content-type', 'application/zip')
          .header('content-disposition', `attachment; filename="personal-data-${requestId}.zip"`)
          .header('cache-control', 'no-store')
          .send(zip);
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
