import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { ServerContext } from '../../src/server/route.js';
import { isSameOrigin, type OriginPolicy } from '../../src/server/same-origin.js';

const context = { publicUrl: () => 'https://privacy.example.com' } as unknown as ServerContext;

function check(headers: Record<string, string>, policy: OriginPolicy): boolean {
  const request = {
    headers,
    protocol: 'http',
    host: '127.0.0.1:8080',
  } as unknown as FastifyRequest;
  return isSameOrigin(request, context, policy);
}

describe('isSameOrigin (OWASP CSRF: verifying origin with standard headers)', () => {
  const policies: OriginPolicy[] = ['strict', 'allow-headerless'];

  it.each(policies)('lets Sec-Fetch-Site decide when sent (%s)', (policy) => {
    expect(check({ 'sec-fetch-site': 'same-origin', origin: 'null' }, policy)).toBe(true);
    expect(check({ 'sec-fetch-site': 'cross-site', origin: 'http://127.0.0.1:8080' }, policy)).toBe(
      false,
    );
    expect(check({ 'sec-fetch-site': 'same-site' }, policy)).toBe(false);
    expect(check({ 'sec-fetch-site': 'none' }, policy)).toBe(policy === 'allow-headerless');
  });

  it.each(policies)(
    'accepts the own origins and refuses others without Fetch Metadata (%s)',
    (policy) => {
      expect(check({ origin: 'http://127.0.0.1:8080' }, policy)).toBe(true);
      expect(check({ origin: 'https://privacy.example.com' }, policy)).toBe(true);
      expect(check({ origin: 'https://evil.example.com' }, policy)).toBe(false);
      expect(check({ origin: 'null' }, policy)).toBe(false);
    },
  );

  it('refuses a POST with no origin signal only under the strict policy', () => {
    expect(check({}, 'strict')).toBe(false);
    expect(check({}, 'allow-headerless')).toBe(true);
  });
});
