import { de } from './de.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { nl } from './nl.js';
import type { Language, MailStrings } from './strings.js';

export type * from './strings.js';

/** The mail texts per language. */
export const MAIL_STRINGS: Readonly<Record<Language, MailStrings>> = { en, nl, fr, de };
