import type { FastifyRequest } from 'fastify';
import type { ServerContext } from './route.js';

/**
 * What a POST without any origin signal gets:
 * - `strict` (the staff console): refused. Every browser that can sign in sends `Sec-Fetch-Site` or
 *   `Origin` on a form POST, so a POST with neither did not come from a page of this server.
 * - `allow-headerless` (public forms a person may send with any client, such as the intake form):
 *   accepted, since nothing but a browser carries ambient credentials a forged form could borrow.
 */
export type OriginPolicy = 'strict' | 'allow-headerless';

/**
 * Whether a POST comes from a page of this server (OWASP CSRF Prevention Cheat Sheet: verifying
 * origin with standard headers).
 * - `Sec-Fetch-Site`, when sent, decides: the browser sets it and no page can. `same-origin` passes,
 *   and so does `none` (typed into the address bar, a bookmark) under `allow-headerless`.
 * - Otherwise `Origin`, when it names one, must be the server's own: the configured public URL or
 *   the address the request came to.
 * - Pages here send no referrer (`Referrer-Policy: no-referrer`), under which Chromium sends
 *   `Origin: null` on a form POST; `Sec-Fetch-Site` then decides, and without it the POST is refused.
 */
export function isSameOrigin(
  request: FastifyRequest,
  context: ServerContext,
  policy: OriginPolicy,
): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) {
    return site === 'same-origin' || (policy === 'allow-headerless' && site === 'none');
  }
  const origin = request.headers.origin;
  if (origin === undefined) return policy === 'allow-headerless';
  if (origin === 'null') return false; // an opaque origin: a sandboxed frame, or a page hiding its own
  const own = new Set([`${request.protocol}://${request.host}`]);
  try {
    own.add(new URL(context.publicUrl(request)).origin);
  } catch {
    // A public URL that does not parse adds nothing.
  }
  return own.has(origin);
}
