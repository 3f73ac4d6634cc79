import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { loadFile, type DataMap } from '../../src/map/index.js';
import { buildServer, createApiKey, type Scope } from '../../src/server/index.js';
import { certificateSigningKey, serverSecret, type Store } from '../../src/store/index.js';
import { freshStore, type Target } from '../support/stores.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The map `custodian serve` falls back on: BESTMIX. */
export const DEMO_MAP_FILE = path.join(root, 'examples/bestmix/privacy.yaml');

let demo: Promise<DataMap> | undefined;

export function demoMap(): Promise<DataMap> {
  demo ??= (async () => {
    const result = await loadFile(DEMO_MAP_FILE);
    if (!result.ok) throw new Error('the demo map loads');
    return result.value.map;
  })();
  return demo;
}

/** Captured log lines of a server, parsed. */
export class LogCapture {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
  get text(): string {
    return this.lines.join('');
  }
  get records(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

export interface Harness {
  readonly store: Store;
  readonly app: FastifyInstance;
  readonly map: DataMap;
  readonly secret: Buffer;
  readonly log: LogCapture;
  /** A key per scope, and one with every scope through `admin`. */
  readonly keys: Readonly<Record<Scope, string>>;
  readonly close: () => Promise<void>;
}

/** A fresh store on `target`, the demo map, a server over them, and a key for each scope. */
export async function harness(target: Target): Promise<Harness> {
  const store = await freshStore(target);
  const map = await demoMap();
  const secret = await serverSecret(store.db);
  const log = new LogCapture();
  const app = buildServer({
    store,
    map,
    secret,
    signingKey: await certificateSigningKey(store.db),
    logger: log,
    publicUrl: 'https://privacy.example.com',
    // Suites send many public requests from one address; the limit has its own test.
    requestRateLimit: false,
  });
  const keys = {} as Record<Scope, string>;
  for (const scope of [
    'consent:write',
    'consent:read',
    'suppression:write',
    'suppression:read',
    'requests:read',
    'requests:write',
    'admin',
  ] as const) {
    keys[scope] = (await createApiKey(store.db, { name: `test ${scope}`, scopes: [scope] })).key;
  }
  return {
    store,
    app,
    map,
    secret,
    log,
    keys,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/** `Authorization` header for a key. */
export const bearer = (key: string): Record<string, string> => ({
  authorization: `Bearer ${key}`,
});

/** A JSON request with a key. */
export function post(
  app: FastifyInstance,
  url: string,
  body: unknown,
  key?: string,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/json',
      ...(key === undefined ? {} : bearer(key)),
      ...headers,
    },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function get(
  app: FastifyInstance,
  url: string,
  key?: string,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'GET',
    url,
    headers: { ...(key === undefined ? {} : bearer(key)), ...headers },
  });
}

/** The parsed body of a JSON answer. */
export function json(response: LightMyRequestResponse): any {
  return JSON.parse(response.body);
}

/**
 * Asserts an RFC 9457 problem with `status`, and that it echoes none of `secrets` (the personal
 * data the request carried).
 */
export function expectProblem(
  response: LightMyRequestResponse,
  status: number,
  secrets: readonly string[] = [],
): Record<string, any> {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = json(response);
  expect(problem).toMatchObject({ status, title: expect.any(String), type: expect.any(String) });
  expect(problem.instance).toBe(`urn:uuid:${String(response.headers['x-request-id'])}`);
  expect(JSON.stringify(problem)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  for (const secret of secrets) {
    expect(response.body.toLowerCase()).not.toContain(secret.toLowerCase());
  }
  return problem;
}
