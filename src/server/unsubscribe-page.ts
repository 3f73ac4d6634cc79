import type { FastifyReply, FastifyRequest } from 'fastify';
import { LANGUAGES, type Language } from '../map/index.js';
import { centerPage, sendCenterPage } from './center-layout.js';
import { escapeHtml } from './html.js';
import type { ServerContext } from './route.js';

/** The words of the unsubscribe pages, in the languages notices are published in. */
const WORDS: Readonly<
  Record<
    Language,
    {
      title: string;
      ask: (organisation: string, purpose: string) => string;
      button: string;
      done: (organisation: string, purpose: string) => string;
      recorded: string;
      receipt: string;
      undo: (organisation: string, email: string) => string;
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
    recorded:
      'We recorded your choice and put your address on our do-not-contact list for these messages, so it is not added again from another list.',
    receipt: 'Receipt of your choice:',
    undo: (o, e) =>
      `Changed your mind? Write to ${e} and ${o} can start sending these messages again.`,
    invalid: 'This unsubscribe link is not valid. It may have been cut off or changed.',
  },
  nl: {
    title: 'Afmelden',
    ask: (o, p) => `Wilt u “${p}” van ${o} niet meer ontvangen?`,
    button: 'Afmelden',
    done: (o, p) => `U bent afgemeld voor “${p}”. ${o} stuurt u deze berichten niet meer.`,
    recorded:
      'Wij hebben uw keuze vastgelegd en uw adres op onze lijst gezet van wie deze berichten niet meer krijgt, zodat het ook niet via een andere lijst terugkomt.',
    receipt: 'Bewijs van uw keuze:',
    undo: (o, e) =>
      `Van gedachten veranderd? Schrijf naar ${e}, dan kan ${o} u deze berichten weer sturen.`,
    invalid: 'Deze afmeldlink is niet geldig. Misschien is hij afgebroken of gewijzigd.',
  },
  fr: {
    title: 'Se désinscrire',
    ask: (o, p) => `Ne plus recevoir « ${p} » de ${o} ?`,
    button: 'Me désinscrire',
    done: (o, p) => `Vous êtes désinscrit de « ${p} ». ${o} ne vous enverra plus ces messages.`,
    recorded:
      'Nous avons enregistré votre choix et inscrit votre adresse sur notre liste d’opposition pour ces messages, afin qu’elle ne soit pas réajoutée depuis une autre liste.',
    receipt: 'Reçu de votre choix :',
    undo: (o, e) =>
      `Vous avez changé d’avis ? Écrivez à ${e} et ${o} pourra de nouveau vous envoyer ces messages.`,
    invalid: 'Ce lien de désinscription n’est pas valide. Il a peut-être été coupé ou modifié.',
  },
  de: {
    title: 'Abmelden',
    ask: (o, p) => `„${p}“ von ${o} nicht mehr erhalten?`,
    button: 'Abmelden',
    done: (o, p) =>
      `Sie sind von „${p}“ abgemeldet. ${o} sendet Ihnen diese Nachrichten nicht mehr.`,
    recorded:
      'Wir haben Ihre Wahl festgehalten und Ihre Adresse auf unsere Sperrliste für diese Nachrichten gesetzt, damit sie nicht über eine andere Liste wieder hinzukommt.',
    receipt: 'Beleg Ihrer Wahl:',
    undo: (o, e) =>
      `Haben Sie es sich anders überlegt? Schreiben Sie an ${e}, dann kann ${o} Ihnen diese Nachrichten wieder senden.`,
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

/** What an unsubscribe page needs of the request it answers: the center's frame, brand and words. */
export interface UnsubscribeFrame {
  readonly context: ServerContext;
  readonly request: FastifyRequest;
  readonly language: Language;
}

/** An unsubscribe page in the privacy center's frame: brand, stylesheet, header and links. */
function unsubscribePage(frame: UnsubscribeFrame, body: string): string {
  return centerPage({ ...frame, title: WORDS[frame.language].title, body });
}

/**
 * The page a link in a message opens: one button that POSTs the RFC 8058 one-click body. Opening
 * it changes nothing (mail scanners and previews follow links).
 */
export function unsubscribeAskPage(
  frame: UnsubscribeFrame,
  organisation: string,
  purpose: string,
): string {
  const words = WORDS[frame.language];
  // An empty action posts back to this very URL; the hidden field is RFC 8058's one-click body.
  return unsubscribePage(
    frame,
    `<h1>${escapeHtml(words.title)}</h1>
<p>${escapeHtml(words.ask(organisation, purpose))}</p>
<form method="post" action="">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">${escapeHtml(words.button)}</button>
</form>`,
  );
}

/**
 * The page after unsubscribing: what was done (the objection or withdrawal recorded, with its
 * receipt, and the address put on the do-not-contact list for that purpose), and how to undo it
 * when the map names a contact to write to.
 */
export function unsubscribeDonePage(
  frame: UnsubscribeFrame,
  organisation: string,
  purpose: string,
  receiptId: string,
): string {
  const words = WORDS[frame.language];
  const contact = frame.context.map.organisation.controllers.find(
    (controller) => controller.contact.email !== undefined,
  )?.contact.email;
  const undo =
    contact === undefined
      ? ''
      : `\n<p id="undo">${escapeHtml(words.undo(organisation, contact))}</p>`;
  return unsubscribePage(
    frame,
    `<div class="done" role="status"><h1>${escapeHtml(words.title)}</h1>
<p>${escapeHtml(words.done(organisation, purpose))}</p></div>
<p>${escapeHtml(words.recorded)}</p>
<p>${escapeHtml(words.receipt)} <code id="receipt">${escapeHtml(receiptId)}</code></p>${undo}`,
  );
}

/** The page for a link that is not valid: no detail of why. */
export function unsubscribeInvalidPage(frame: UnsubscribeFrame): string {
  const words = WORDS[frame.language];
  return unsubscribePage(
    frame,
    `<div class="error" role="alert"><h1>${escapeHtml(words.title)}</h1>\n<p>${escapeHtml(words.invalid)}</p></div>`,
  );
}

/** Answers with an unsubscribe page: the center's headers, and no referrer (the URL is a token). */
export function sendUnsubscribePage(
  frame: UnsubscribeFrame,
  reply: FastifyReply,
  status: number,
  body: string,
): FastifyReply {
  return sendCenterPage(frame.context, reply, status, body, 'no-referrer');
}
