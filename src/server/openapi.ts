import { z } from 'zod';
import { PROBLEM_MEDIA_TYPE, ProblemSchema } from './errors.js';
import type { AnyRoute } from './route.js';

/** An OpenAPI 3.1 document, loosely typed: it is generated here and only serialised. */
export type OpenApiDocument = Record<string, unknown> & {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, Record<string, unknown>>>;
};

/** JSON Schema 2020-12 (the dialect of OpenAPI 3.1) for a Zod schema, without the `$schema` tag. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const result: Record<string, unknown> = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  });
  delete result['$schema'];
  return result;
}

/** `/u/:token` → `/u/{token}`. */
export function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}');
}

const problem = (description: string): Record<string, unknown> => ({
  description,
  content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
});

/**
 * The OpenAPI 3.1 document of the routes: the same Zod schemas that validate requests describe
 * them, so the description cannot drift from what the server accepts.
 */
export function openApiDocument(
  routes: readonly AnyRoute[],
  info: { version: string; serverUrl?: string },
): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description === undefined ? {} : { description: route.description }),
      tags: [...route.tags],
      security: route.scope === 'public' ? [] : [{ bearer: [route.scope] }],
      ...(route.scope === 'public' ? {} : { 'x-required-scope': route.scope }),
    };
    const responses: Record<string, unknown> = {};
    if (route.params) {
      const schema = jsonSchema(route.params, 'input');
      const properties = (schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
      operation['parameters'] = Object.entries(properties).map(([name, property]) => ({
        name,
        in: 'path',
        required: true,
        schema: property,
      }));
    }
    if (route.query) {
      const schema = jsonSchema(route.query, 'input');
      const properties = (schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
      const required = new Set((schema['required'] ?? []) as string[]);
      operation['parameters'] = [
        ...((operation['parameters'] ?? []) as unknown[]),
        ...Object.entries(properties).map(([name, property]) => ({
          name,
          in: 'query',
          required: required.has(name),
          schema: property,
        })),
      ];
    }
    if (route.rateLimited === true) {
      responses['429'] ??= problem('Too many calls from this address; see Retry-After.');
    }
    if (route.body) {
      const schema = jsonSchema(route.body, 'input');
      operation['requestBody'] = {
        required: route.bodyOptional !== true,
        content: Object.fromEntries(
          (route.consumes ?? ['application/json']).map((type) => [type, { schema }]),
        ),
      };
    }
    for (const [status, response] of Object.entries(route.responses)) {
      const contentType = response.contentType ?? 'application/json';
      responses[status] = {
        description: response.description,
        ...(response.schema === undefined && response.contentType === undefined
          ? {}
          : {
              content: {
                [contentType]:
                  response.schema === undefined
                    ? {}
                    : { schema: jsonSchema(response.schema, 'output') },
              },
            }),
      };
    }
    if (route.body || route.params || route.query) {
      responses['400'] ??= problem('Malformed or invalid request; `errors` names the fields.');
    }
    if (route.body) {
      responses['413'] ??= problem('Request body too large.');
      responses['415'] ??= problem('Unsupported media type.');
    }
    if (route.scope !== 'public') {
      responses['401'] ??= problem('Missing, unknown or revoked API key.');
      responses['403'] ??= problem(`The key lacks the ${route.scope} scope.`);
    }
    responses['500'] ??= problem('Unexpected error; quote the request id.');
    operation['responses'] = responses;
    const path = openApiPath(route.url);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Custodian API',
      version: info.version,
      description:
        'Record and check consent, objections and suppressions against the data map. Errors are RFC 9457 problem details.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    ...(info.serverUrl === undefined ? {} : { servers: [{ url: info.serverUrl }] }),
    tags: [...new Set(routes.flatMap((r) => r.tags))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API key from `custodian keys create`, as `Authorization: Bearer ck_…`. The scopes listed on an operation are the ones the key needs (admin implies all).',
        },
      },
      schemas: { Problem: jsonSchema(ProblemSchema, 'output') },
    },
  };
}
