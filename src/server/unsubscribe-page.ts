import { LANGUAGES, type Language } from '../map/index.js';
import { escapeHtml, page } from './html.js';

/** The words of the unsubscribe pages, in the languages notices are published in. */
const WORDS: Readonly<
  Record<
    Language,
    {
      title: string;
      ask: (organisation: string, purpose: string) => string;
      button: string;
      done: (organisation: string, purpose: string) => string;
      invalid: string;
    }
  >
> = {
  en: {
    title: 'Unsubscribe',
    ask: (o, p) => `Stop receiving “${p}” from ${o}?`,
    button: 'Unsubscribe',
    done: (o, p) =>
      `You are unsubscribed from “${p}”. ${o} will not send you these messages again.`,
    invalid: 'This unsubscribe link is not valid. It may have been cut off or changed.',
  },
  nl: {
    title: 'Afmelden',
    ask: (o, p) => `Wilt u “${p}” van ${o} niet meer ontvangen?`,
    button: 'Afmelden',
    done: (o, p) => `U bent afgemeld voor “${p}”. ${o} stuurt u deze berichten niet meer.`,
    invalid: 'Deze afmeldlink is niet geldig. Misschien is hij afgebroken of gewijzigd.',
  },
  fr: {
    title: 'Se désinscrire',
    ask: (o, p) => `Ne plus recevoir « ${p} » de ${o} ?`,
    button: 'Me désinscrire',
    done: (o, p) => `Vous êtes désinscrit de « ${p} ». ${o} ne vous enverra plus ces messages.`,
    invalid: 'Ce lien de désinscription n’est pas valide. Il a peut-être été coupé ou modifié.',
  },
  de: {
    title: 'Abmelden',
    ask: (o, p) => `„${p}“ von ${o} nicht mehr erhalten?`,
    button: 'Abmelden',
    done: (o, p) =>
      `Sie sind von „${p}“ abgemeldet. ${o} sendet Ihnen diese Nachrichten nicht mehr.`,
    invalid:
      'Dieser Abmeldelink ist nicht gültig. Vielleicht wurde er abgeschnitten oder verändert.',
  },
};

/** A quality parameter of `Accept-Language` (`q=0.8`). */
export const Q_VALUE = /^\s*q=([0-9.]+)\s*$/;

/** The first language of `Accept-Language` among `offered`, else the first offered. */
export function negotiateLanguage(
  header: string | undefined,
  offered: readonly Language[],
): Language {
  const wanted = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => Q_VALUE.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase().slice(0, 2), q: q === undefined ? 1 : Number(q) };
    })
    .filter((entry) => entry.tag !== '' && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    const match = offered.find((language) => language === tag);
    if (match) return match;
  }
  return offered[0] ?? 'en';
}

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** The page a link in a message opens: one button that POSTs the RFC 8058 one-click body. */
export function unsubscribeAskPage(
  language: Language,
  organisation: string,
  purpose: string,
): string {
  const words = WORDS[language];
  // An empty action posts back to this very URL; the hidden field is RFC 8058's one-click body.
  return page({
    title: words.title,
    lang: language,
    body: `<h1>${escapeHtml(words.title)}</h1>
<p>${escapeHtml(words.ask(organisation, purpose))}</p>
<form method="post" action="">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">${escapeHtml(words.button)}</button>
</form>`,
  });
}

/** The page after unsubscribing. */
export function unsubscribeDonePage(
  language: Language,
  organisation: string,
  purpose: string,
): string {
  const words = WORDS[language];
  return page({
    title: words.title,
    lang: language,
    body: `<h1>${escapeHtml(words.title)}</h1>\n<p>${escapeHtml(words.done(organisation, purpose))}</p>`,
  });
}

/** The page for a link that is not valid: no detail of why. */
export function unsubscribeInvalidPage(language: Language): string {
  const words = WORDS[language];
  return page({
    title: words.title,
    lang: language,
    body: `<h1>${escapeHtml(words.title)}</h1>\n<p>${escapeHtml(words.invalid)}</p>`,
  });
}
