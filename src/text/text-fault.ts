/** `line`: one line, no control characters; `lines`: line breaks and tabs allowed, no others. */
export type TextKind = 'line' | 'lines';

const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** C0 controls, DEL and C1 controls: Unicode's general category Cc. */
function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/**
 * What is wrong with `text` under the rule of its kind, as a message that never quotes it, or
 * undefined when it may be stored as it is. One pass, no backtracking.
 *
 * @example textFault('Dear sir,\nplease…', 'lines') // undefined
 * @example textFault('erased\u0000', 'line') // 'must not contain NUL characters'
 */
export function textFault(text: string, kind: TextKind): string | undefined {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (isControl(code)) {
      // PostgreSQL refuses NUL in text, whatever the kind.
      if (code === 0) return 'must not contain NUL characters';
      if (kind === 'lines' && (code === LINE_FEED || code === CARRIAGE_RETURN || code === TAB)) {
        continue;
      }
      return kind === 'line'
        ? 'must be one line without control characters (no line breaks or tabs)'
        : 'must not contain control characters other than line breaks and tabs';
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i += 1;
        continue;
      }
      return 'must not contain unpaired surrogates (not characters)';
    }
  }
  return undefined;
}
