/**
 * What text from outside may hold: the one rule for characters, shared by the HTTP schemas, the
 * CLI and the domain code that re-checks what they pass on.
 *
 * Line = a one-line value (an account id, a suppression reason, a key name): no control character
 * at all. Lines = text a person writes (the details of a request, a reason mailed as written):
 * line breaks and tabs, no other control character. Control character = C0 (U+0000–U+001F), DEL
 * and C1 (U+007F–U+009F). NUL is refused in both, always: PostgreSQL refuses it in text. Half a
 * surrogate pair is not a character and cannot be stored as UTF-8, so it is refused too.
 *
 * Every check is one pass over the text, without regular expressions that could backtrack.
 */
export { textFault, type TextKind } from './text-fault.js';
