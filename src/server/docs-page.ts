import { escapeHtml, page } from './html.js';
import type { OpenApiDocument } from './openapi.js';

interface Operation {
  readonly operationId?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly 'x-required-scope'?: string;
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: unknown }> };
  readonly responses?: Record<string, { readonly description?: string }>;
}

const json = (value: unknown): string => escapeHtml(JSON.stringify(value, null, 2));

/**
 * The API reference as one HTML page, rendered from the OpenAPI document: no script, no CDN, so it
 * works on an air-gapped install and says exactly what the server validates.
 */
export function docsPage(document: OpenApiDocument): string {
  const operations: { path: string; method: string; operation: Operation }[] = Object.entries(
    document.paths,
  ).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      path,
      method: method.toUpperCase(),
      operation,
    })),
  );
  const tags = [...new Set(operations.flatMap(({ operation }) => operation.tags ?? ['other']))];
  const sections = tags.map((tag) => {
    const items = operations
      .filter(({ operation }) => (operation.tags ?? ['other']).includes(tag))
      .map(({ path, method, operation }) => {
        const id = escapeHtml(operation.operationId ?? `${method}-${path}`);
        const scope = operation['x-required-scope'];
        const bodies = Object.entries(operation.requestBody?.content ?? {})
          .map(
            ([type, media]) =>
              `<details><summary>Request body (<code>${escapeHtml(type)}</code>)</summary><pre>${json(media.schema ?? {})}</pre></details>`,
          )
          .join('\n');
        const responses = Object.entries(operation.responses ?? {})
          .map(
            ([status, response]) =>
              `<li><code>${escapeHtml(status)}</code> ${escapeHtml(response.description ?? '')}</li>`,
          )
          .join('');
        return `<section id="${id}">
<h3><span class="method">${escapeHtml(method)}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(operation.summary ?? '')}${operation.description === undefined ? '' : ` ${escapeHtml(operation.description)}`}</p>
<p class="scope">${scope === undefined ? 'Public: no key needed.' : `Needs an API key with scope <code>${escapeHtml(scope)}</code> (or <code>admin</code>).`}</p>
${bodies}
<ul>${responses}</ul>
</section>`;
      });
    return `<h2>${escapeHtml(tag)}</h2>\n${items.join('\n')}`;
  });
  const info = document['info'] as { title?: string; version?: string } | undefined;
  return page({
    title: `${info?.title ?? 'API'} ${info?.version ?? ''}`.trim(),
    body: `<h1>${escapeHtml(info?.title ?? 'API')} <small>${escapeHtml(info?.version ?? '')}</small></h1>
<p>Send <code>Authorization: Bearer &lt;key&gt;</code> with a key from <code>custodian keys create</code>. Errors are
RFC 9457 problem details (<code>application/problem+json</code>). The machine-readable description is at
<a href="/v1/openapi.json"><code>/v1/openapi.json</code></a> (OpenAPI 3.1).</p>
${sections.join('\n')}`,
  });
}
