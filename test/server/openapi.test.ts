import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiPath } from '../../src/server/openapi.js';
import { routes } from '../../src/server/index.js';
import { MAX_BATCH } from '../../src/batch.js';
import { get, harness, json, type Harness } from './helpers.js';

type Operation = {
  operationId: string;
  security: Record<string, string[]>[];
  parameters?: { name: string; in: string; required: boolean; schema: object }[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: object }> }>;
};
type Document = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, object> };
};

/** Every JSON Schema in the document, with where it sits. */
function schemasOf(document: Document): [string, object][] {
  const found: [string, object][] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const at = `${method.toUpperCase()} ${path}`;
      for (const parameter of operation.parameters ?? [])
        found.push([`${at} ${parameter.name}`, parameter.schema]);
      for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) {
        found.push([`${at} body ${type}`, media.schema]);
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const media of Object.values(response.content ?? {})) {
          if (media.schema) found.push([`${at} ${status}`, media.schema]);
        }
      }
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  let h: Harness;
  let document: Document;
  beforeAll(async () => {
    h = await harness('pglite');
    const response = await get(h.app, '/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    document = json(response);
  });
  afterAll(() => h.close());

  it('is OpenAPI 3.1 with a title, a version and a bearer scheme', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('Custodian API');
    expect(document.info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(document.components.securitySchemes['bearer']).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
  });

  it('lists every registered route, and nothing else', () => {
    const listed = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const registered = routes().map((r) => `${r.method} ${openApiPath(r.url)}`);
    expect(listed.sort()).toEqual(registered.sort());
  });

  it('declares each path parameter, a success answer and unique operation ids', () => {
    const ids = new Set<string>();
    for (const [path, operations] of Object.entries(document.paths)) {
      const templated = [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]);
      for (const operation of Object.values(operations)) {
        expect(ids.has(operation.operationId)).toBe(false);
        ids.add(operation.operationId);
        const declared = (operation.parameters ?? []).filter((p) => p.in === 'path');
        expect(declared.map((p) => p.name)).toEqual(templated);
        for (const parameter of declared) expect(parameter.required).toBe(true);
        // A success: an answer, or the redirect after a form (post/redirect/get).
        expect(
          Object.keys(operation.responses).some((status) => /^(?:2\d\d|303)$/.test(status)),
        ).toBe(true);
        for (const response of Object.values(operation.responses)) {
          expect(response.description).toEqual(expect.any(String));
        }
      }
    }
  });

  it('names the scope of each protected operation and none for public ones', () => {
    for (const route of routes()) {
      const operation = document.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      expect(operation?.security).toEqual(
        route.scope === 'public' ? [] : [{ bearer: [route.scope] }],
      );
      if (route.scope !== 'public') {
        expect(Object.keys(operation?.responses ?? {})).toEqual(
          expect.arrayContaining(['401', '403']),
        );
      }
    }
  });

  it('carries schemas that compile as JSON Schema 2020-12, and refs that resolve', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: 'root', components: document.components }, 'root');
    for (const [where, schema] of schemasOf(document)) {
      const text = JSON.stringify(schema).replaceAll('"#/components/', '"root#/components/');
      expect(() => ajv.compile(JSON.parse(text) as object), where).not.toThrow();
    }
  });

  it('describes the bodies the server validates: a recorded consent needs subject, choices, source', () => {
    const body = document.paths['/v1/consents']?.['post']?.requestBody?.content['application/json']
      ?.schema as { required?: string[]; additionalProperties?: boolean };
    expect(body.required?.sort()).toEqual(['choices', 'source', 'subject']);
    expect(body.additionalProperties).toBe(false);
    const check = document.paths['/v1/consents/check']?.['post']?.requestBody?.content[
      'application/json'
    ]?.schema as { properties: { subjects: { maxItems: number } } };
    expect(check.properties.subjects.maxItems).toBe(MAX_BATCH);
  });

  it('is rendered as a self-contained docs page listing every path', async () => {
    const response = await get(h.app, '/docs');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    for (const path of Object.keys(document.paths)) expect(response.body).toContain(path);
    // Nothing is fetched from elsewhere: no script, no CDN.
    expect(response.body).not.toMatch(/<script|<link|src=|href="https?:/i);
  });
});

describe('docs/api.md', () => {
  it('documents every route', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../docs/api.md', import.meta.url)), 'utf8');
    const missing = routes()
      .map((r) => `${r.method} ${openApiPath(r.url)}`)
      .filter((route) => !doc.includes(`\`${route}\``));
    expect(missing).toEqual([]);
  });
});
