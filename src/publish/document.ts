/**
 * A small document model the generators build and the renderers print, so Markdown and HTML
 * always say the same thing. Text is plain: renderers escape it; HTML links URLs and emails.
 */
export type Block =
  | {
      readonly kind: 'heading';
      readonly level: 1 | 2 | 3 | 4;
      readonly text: string;
      readonly id?: string;
    }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | {
      readonly kind: 'table';
      readonly head: readonly string[];
      readonly rows: readonly (readonly string[])[];
    }
  | {
      readonly kind: 'fields';
      readonly items: readonly (readonly [label: string, value: string])[];
    };

export interface PublishedDocument {
  readonly title: string;
  readonly language: string;
  readonly blocks: readonly Block[];
}

/** Renders a document as CommonMark with GFM tables. */
export function renderMarkdown(document: PublishedDocument): string {
  const out: string[] = [];
  for (const block of document.blocks) {
    switch (block.kind) {
      case 'heading':
        out.push(`${'#'.repeat(block.level)} ${inline(block.text)}`);
        break;
      case 'paragraph':
        out.push(inline(block.text));
        break;
      case 'list':
        out.push(block.items.map((item) => `- ${inline(item)}`).join('\n'));
        break;
      case 'fields': {
        // French typography puts a (no-break) space before the colon.
        const colon = document.language === 'fr' ? '\u00a0:' : ':';
        out.push(
          block.items
            .map(([label, value]) => `- **${inline(label)}${colon}** ${inline(value)}`)
            .join('\n'),
        );
        break;
      }
      case 'table': {
        const row = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
        out.push(
          [row(block.head), row(block.head.map(() => '---')), ...block.rows.map(row)].join('\n'),
        );
        break;
      }
    }
  }
  return `${out.join('\n\n')}\n`;
}

/** Markdown-significant characters that would change the meaning of plain text. */
function inline(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1').replace(/\n+/g, ' ');
}

function cell(text: string): string {
  return inline(text) || ' ';
}

/** Renders a complete, self-contained HTML page (no scripts, no external assets). */
export function renderHtml(document: PublishedDocument): string {
  return [
    '<!doctype html>',
    `<html lang="${escape(document.language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escape(document.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    renderHtmlBlocks(document),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The blocks of a document as HTML elements, for a page that has its own head (the privacy center). */
export function renderHtmlBlocks(document: PublishedDocument): string {
  const body = document.blocks.map((block) => {
    switch (block.kind) {
      case 'heading': {
        const id = block.id === undefined ? '' : ` id="${escape(block.id)}"`;
        return `<h${block.level}${id}>${escape(block.text)}</h${block.level}>`;
      }
      case 'paragraph':
        return `<p>${linkify(block.text)}</p>`;
      case 'list':
        return `<ul>\n${block.items.map((item) => `  <li>${linkify(item)}</li>`).join('\n')}\n</ul>`;
      case 'fields':
        return `<dl>\n${block.items.map(([label, value]) => `  <dt>${escape(label)}</dt><dd>${linkify(value)}</dd>`).join('\n')}\n</dl>`;
      case 'table':
        return [
          '<table>',
          `  <thead><tr>${block.head.map((h) => `<th scope="col">${escape(h)}</th>`).join('')}</tr></thead>`,
          '  <tbody>',
          ...block.rows.map(
            (row) => `    <tr>${row.map((c) => `<td>${linkify(c)}</td>`).join('')}</tr>`,
          ),
          '  </tbody>',
          '</table>',
        ].join('\n');
    }
  });
  return body.join('\n');
}

const STYLE = [
  'body{font:16px/1.55 system-ui,sans-serif;color:#1a1a1a;margin:0;padding:2rem 1rem}',
  'main{max-width:52rem;margin:auto}',
  'table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.92rem}',
  'th,td{border:1px solid #ccc;padding:.4rem .5rem;text-align:left;vertical-align:top}',
  'th{background:#f4f4f4}',
  'dt{font-weight:600;margin-top:.5rem}dd{margin-left:1rem}',
].join('');

export function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const LINKABLE =
  /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:)]|\b[\w.%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;

/** Escapes text and turns URLs and email addresses into links. */
function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(LINKABLE)) {
    const found = match[0];
    const index = match.index;
    out += escape(text.slice(last, index));
    const href = found.includes('@') && !found.startsWith('http') ? `mailto:${found}` : found;
    out += `<a href="${escape(href)}">${escape(found)}</a>`;
    last = index + found.length;
  }
  return out + escape(text.slice(last));
}

/** The text, trimmed, without the full stops it ends with: a loop, not a pattern that rescans. */
export function withoutStop(text: string): string {
  const trimmed = text.trim();
  let end = trimmed.length;
  while (end > 0 && trimmed.charCodeAt(end - 1) === 0x2e) end -= 1;
  return trimmed.slice(0, end);
}
