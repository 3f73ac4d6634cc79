import { CustodianError } from '../errors.js';
import { textFault, type TextKind } from '../text/index.js';

/** The longest details a person may write, as the intake form and the CLI take them. */
export const MAX_DETAILS_LENGTH = 4000;
/** Rectification: at most this many changes, each value at most this long. */
export const MAX_CHANGES = 50;
export const MAX_CHANGE_LENGTH = 1000;
/** A field or identity name a change names (`name`, `email`, `delivery.city`). */
const MAX_FIELD_NAME_LENGTH = 63;

/** A JSON Pointer segment that can be named back: a plain field name, else `*`. */
export const PLAIN_FIELD = /^[A-Za-z][\w.-]{0,62}$/;

/**
 * Refuses text the rule of src/text does not allow, or longer than `max`, with
 * `request.invalid_text` (422) naming the field by `path`; the text itself is never quoted.
 */
export function requireText(path: string, value: string, kind: TextKind, max: number): void {
  const fault = value.length > max ? `at most ${max} characters` : textFault(value, kind);
  if (fault === undefined) return;
  throw new CustodianError('request.invalid_text', `${path.slice(1)}: ${fault}`, {
    details: { errors: [{ path, message: fault }] },
  });
}

/**
 * The person's details and rectification changes under the rules the intake route applies, for
 * every caller (the CLI included): NUL and other controls never reach the datastores, where they
 * would fail the run and be retried.
 */
export function requireRequestText(
  details: string | undefined,
  changes: Readonly<Record<string, string>> | undefined,
): void {
  if (details !== undefined) requireText('/details', details, 'lines', MAX_DETAILS_LENGTH);
  if (changes === undefined) return;
  const entries = Object.entries(changes);
  if (entries.length > MAX_CHANGES) {
    throw new CustodianError('request.invalid_text', `at most ${MAX_CHANGES} changes`, {
      details: { errors: [{ path: '/changes', message: `at most ${MAX_CHANGES} changes` }] },
    });
  }
  for (const [field, value] of entries) {
    const path = `/changes/${field.length <= MAX_FIELD_NAME_LENGTH && PLAIN_FIELD.test(field) ? field : '*'}`;
    requireText(path, field, 'line', MAX_FIELD_NAME_LENGTH);
    requireText(path, value, 'lines', MAX_CHANGE_LENGTH);
  }
}
