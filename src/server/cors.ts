import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AnyRoute } from './route.js';

/**
 * Cross-origin access, decided per route and method from the same route table that decides
 * scopes, so a path that is public for one method and keyed for another (`POST /v1/requests`, the
 * intake, and `GET /v1/requests`, the operator's list) is answered by what that method is.
 *
 * Public routes (the purposes a banner renders, the GPC file, the request intake a privacy center
 * posts to) answer any origin: they carry no credentials and say nothing about a person without
 * the person's own input. Keyed routes answer only the origins an operator lists
 * (`CUSTODIAN_CORS_ORIGINS`), since a browser holding an API key is a deliberate choice; no origin
 * is allowed by default. A method and path no route serves gets no CORS headers at all.
 */
export function registerCors(
  app: FastifyInstance,
  routes: readonly AnyRoute[],
  allowedOrigins: readonly string[],
  bannerOrigins: readonly string[] = [],
): void {
  const table = corsTable(routes);
  const keyed = allowedOrigins.includes('*') ? true : [...allowedOrigins];
  void app.register(cors, {
    delegator: (request: FastifyRequest, callback) => {
      const method = requestedMethod(request);
      const access = table(method, request.url);
      const common = {
        exposedHeaders: ['x-request-id', 'retry-after'],
        maxAge: 600,
        // Preflights get a plain 204, and no route handler sees them.
        strictPreflight: false,
      };
      if (access === undefined) {
        callback(null, { ...common, origin: false });
        return;
      }
      if (access.public && isBannerPath(request.url)) {
        // The banner's routes answer the origins of the site keys only (site-keys.ts); each
        // call is checked against its own key's origins as well.
        callback(null, {
          ...common,
          methods: [...access.methods],
          origin: [...bannerOrigins],
          allowedHeaders: ['Content-Type', 'Sec-GPC'],
        });
        return;
      }
      callback(null, {
        ...common,
        methods: [...access.methods],
        ...(access.public
          ? { origin: '*', allowedHeaders: ['Content-Type', 'Sec-GPC', 'Accept-Language'] }
          : {
              origin: keyed,
              allowedHeaders: ['Authorization', 'Content-Type', 'Sec-GPC', 'Accept-Language'],
            }),
      });
    },
  });
}

/** The consent banner's public routes, which answer site-key origins only. */
function isBannerPath(url: string): boolean {
  return url.startsWith('/v1/public/');
}

/** What CORS may allow for one method of one path. */
interface CorsAccess {
  /** The route of this method is public (any origin); else keyed (the listed origins). */
  readonly public: boolean;
  /** The methods of the same access at this path, for `Access-Control-Allow-Methods`. */
  readonly methods: readonly string[];
}

/**
 * The method a CORS decision is about: a preflight asks about `Access-Control-Request-Method`,
 * anything else about its own method (HEAD is answered by the GET route).
 */
function requestedMethod(request: FastifyRequest): string {
  if (request.method === 'OPTIONS') {
    const asked = request.headers['access-control-request-method'];
    return typeof asked === 'string' ? asked.trim().toUpperCase() : '';
  }
  return request.method === 'HEAD' ? 'GET' : request.method;
}

/**
 * A lookup from method and URL to the CORS access of the route that serves them, built once from
 * the route table. Paths are matched segment by segment (`:name` matches one non-empty segment),
 * without regular expressions on the URL.
 */
export function corsTable(
  routes: readonly AnyRoute[],
): (method: string, url: string) => CorsAccess | undefined {
  const entries = routes.map((route) => ({
    method: route.method,
    segments: route.url.split('/'),
    public: route.scope === 'public',
  }));
  return (method, url) => {
    const path = url.split('?', 1)[0] ?? '';
    const segments = path.split('/');
    const atPath = entries.filter((entry) => matches(entry.segments, segments));
    const route = atPath.find((entry) => entry.method === method);
    if (route === undefined) return undefined;
    return {
      public: route.public,
      methods: atPath.filter((entry) => entry.public === route.public).map((entry) => entry.method),
    };
  };
}

function matches(pattern: readonly string[], path: readonly string[]): boolean {
  if (pattern.length !== path.length) return false;
  return pattern.every((part, index) => {
    const given = path[index] ?? '';
    return part.startsWith(':') ? given !== '' : part === given;
  });
}

/** The origins `CUSTODIAN_CORS_ORIGINS` lists (comma-separated; `*` for any). */
export function corsOriginsFromEnv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}
