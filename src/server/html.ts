import type { FastifyReply, FastifyRequest } from 'fastify';

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * The headers of every HTML page: nothing loads from elsewhere, no script runs, and the page's URL
 * (an unsubscribe or download token) is never sent on as a referrer.
 */
export const HTML_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
  body { max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
  pre { background: #8881; padding: .75rem; overflow-x: auto; font-size: .85rem; }
  code { font-size: .9em; }
  .method { display: inline-block; min-width: 3.5rem; font-weight: 700; }
  .scope { font-size: .85rem; opacity: .8; }
  section { border-top: 1px solid #8884; padding: .5rem 0 1rem; }
  button { font-size: 1rem; padding: .6rem 1.2rem; cursor: pointer; }
`;

/** A complete, self-contained page. */
export function page(options: { title: string; lang?: string; body: string }): string {
  return `<!doctype html>
<html lang="${escapeHtml(options.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(options.title)}</title>
<style>${STYLE}</style>
</head>
<body>
${options.body}
</body>
</html>
`;
}

/** Answers with a page, under `HTML_HEADERS`. */
export function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).headers(HTML_HEADERS).send(body);
}

/** An `Accept` header that names HTML. */
export const HTML_ACCEPT = /\btext\/html\b/;

/** Whether the caller is a browser that wants a page rather than JSON. */
export function wantsHtml(request: FastifyRequest): boolean {
  return HTML_ACCEPT.test(request.headers.accept ?? '');
}
