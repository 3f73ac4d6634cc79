import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AnyRoute } from './route.js';

/**
 * Cross-origin access, decided per path. Public routes (the purposes a banner renders, the GPC
 * file, the request intake a privacy center posts to) answer any origin: they carry no
 * credentials and say nothing about a person without the person's own input. Keyed routes answer
 * only the origins an operator lists (`CUSTODIAN_CORS_ORIGINS`), since a browser holding an API
 * key is a deliberate choice; no origin is allowed by default.
 */
export function registerCors(
  app: FastifyInstance,
  routes: readonly AnyRoute[],
  allowedOrigins: readonly string[],
): void {
  const publicPaths = routes
    .filter((route) => route.scope === 'public')
    .map((route) => pathPattern(route.url));
  const isPublic = (url: string): boolean => {
    const path = url.split('?')[0] ?? '';
    return publicPaths.some((pattern) => pattern.test(path));
  };
  const keyed = allowedOrigins.includes('*') ? true : [...allowedOrigins];
  void app.register(cors, {
    delegator: (request: FastifyRequest, callback) => {
      const common = {
        methods: ['GET', 'POST'],
        allowedHeaders: ['Authorization', 'Content-Type', 'Sec-GPC'],
        exposedHeaders: ['x-request-id', 'retry-after'],
        maxAge: 600,
        // Preflights get a plain 204, and no route handler sees them.
        strictPreflight: false,
      };
      callback(
        null,
        isPublic(request.url) ? { ...common, origin: '*' } : { ...common, origin: keyed },
      );
    },
  });
}

/** A Fastify route pattern (`/v1/requests/:id/verify`) as a regular expression for paths. */
function pathPattern(url: string): RegExp {
  const escaped = url
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}$`);
}

/** The origins `CUSTODIAN_CORS_ORIGINS` lists (comma-separated; `*` for any). */
export function corsOriginsFromEnv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}
