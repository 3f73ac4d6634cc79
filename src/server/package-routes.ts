import { z } from 'zod';
import { CustodianError } from '../errors.js';
import { certificateKey, downloadPackage } from '../execution/index.js';
import { problemFor, sendProblem } from './errors.js';
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

/** The routes of request execution: the one-time package download and the certificate key. */
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
      handler: async ({ params, request, reply, context }) => {
        const token: unknown = params.token;
        if (!PackageParams.safeParse({ token }).success || typeof token !== 'string') {
          throw new CustodianError('package.not_found', 'no package answers to this link');
        }
        try {
          const { requestId, zip } = await downloadPackage(
            { db: context.db, secret: context.secret, now: context.clock, actor: 'package-link' },
            token,
          );
          return await reply
            .code(200)
            .header('content-type', 'application/zip')
            .header('content-disposition', `attachment; filename="personal-data-${requestId}.zip"`)
            .header('cache-control', 'no-store')
            .send(zip);
        } catch (error) {
          if (error instanceof CustodianError && error.code === 'package.gone') {
            // RFC 9110 section 15.5.11: it was here and is not any more, on purpose.
            return sendProblem(reply, {
              ...problemFor(error, request.id),
              status: 410,
              title: 'Gone',
              detail: error.message,
            });
          }
          throw error;
        }
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
      handler: ({ context }) => certificateKey(context.db),
    }),
  ];
}
