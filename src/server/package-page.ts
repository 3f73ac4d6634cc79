import type { Language } from '../map/index.js';
import { escapeHtml, page } from './html.js';

/** The words of the download pages, in the languages notices are published in. */
const WORDS: Readonly<
  Record<
    Language,
    {
      title: string;
      what: (organisation: string, size: string) => string;
      until: (date: string) => string;
      button: string;
      keep: string;
      gone: string;
      invalid: string;
      busy: string;
    }
  >
> = {
  en: {
    title: 'Your personal data',
    what: (o, size) =>
      `${o} has prepared a copy of the personal data it holds about you: a zip file (${size}) with your data as JSON, a CSV file per table, and a summary of how your data is used.`,
    until: (date) => `The button below downloads it. It can be downloaded once, until ${date}.`,
    button: 'Download',
    keep: 'Keep the file safe: it holds your personal data.',
    gone: 'This download link has been used already or has expired. If you still need your data, make a new request.',
    invalid: 'This download link is not valid. It may have been cut off or changed.',
    busy: 'This file is being downloaded right now. If that download was cut off, try again in a minute.',
  },
  nl: {
    title: 'Uw persoonsgegevens',
    what: (o, size) =>
      `${o} heeft een kopie klaargezet van de persoonsgegevens die het over u bewaart: een zipbestand (${size}) met uw gegevens als JSON, een CSV-bestand per tabel en een samenvatting van hoe uw gegevens worden gebruikt.`,
    until: (date) =>
      `De knop hieronder downloadt het bestand. U kunt het één keer downloaden, tot ${date}.`,
    button: 'Downloaden',
    keep: 'Bewaar het bestand zorgvuldig: het bevat uw persoonsgegevens.',
    gone: 'Deze downloadlink is al gebruikt of verlopen. Hebt u uw gegevens nog nodig, dien dan een nieuw verzoek in.',
    invalid: 'Deze downloadlink is niet geldig. Misschien is hij afgebroken of gewijzigd.',
    busy: 'Dit bestand wordt op dit moment gedownload. Is die download afgebroken, probeer het dan over een minuut opnieuw.',
  },
  fr: {
    title: 'Vos données personnelles',
    what: (o, size) =>
      `${o} a préparé une copie des données personnelles qu’il détient à votre sujet : un fichier zip (${size}) contenant vos données en JSON, un fichier CSV par table et un résumé de l’usage qui en est fait.`,
    until: (date) =>
      `Le bouton ci-dessous le télécharge. Il peut être téléchargé une seule fois, jusqu’au ${date}.`,
    button: 'Télécharger',
    keep: 'Conservez ce fichier en lieu sûr : il contient vos données personnelles.',
    gone: 'Ce lien de téléchargement a déjà été utilisé ou a expiré. Si vous avez encore besoin de vos données, faites une nouvelle demande.',
    invalid: 'Ce lien de téléchargement n’est pas valide. Il a peut-être été coupé ou modifié.',
    busy: 'Ce fichier est en cours de téléchargement. Si ce téléchargement a été interrompu, réessayez dans une minute.',
  },
  de: {
    title: 'Ihre personenbezogenen Daten',
    what: (o, size) =>
      `${o} hat eine Kopie der personenbezogenen Daten bereitgestellt, die es über Sie speichert: eine ZIP-Datei (${size}) mit Ihren Daten als JSON, einer CSV-Datei je Tabelle und einer Zusammenfassung, wie Ihre Daten verwendet werden.`,
    until: (date) =>
      `Die Schaltfläche unten lädt sie herunter. Sie kann einmal heruntergeladen werden, bis ${date}.`,
    button: 'Herunterladen',
    keep: 'Bewahren Sie die Datei sicher auf: Sie enthält Ihre personenbezogenen Daten.',
    gone: 'Dieser Download-Link wurde bereits verwendet oder ist abgelaufen. Wenn Sie Ihre Daten noch benötigen, stellen Sie eine neue Anfrage.',
    invalid:
      'Dieser Download-Link ist nicht gültig. Vielleicht wurde er abgeschnitten oder verändert.',
    busy: 'Diese Datei wird gerade heruntergeladen. Wurde der Download abgebrochen, versuchen Sie es in einer Minute erneut.',
  },
};

/** A moment as people read it in `language`, in UTC (the server knows no one's time zone). */
function moment(language: Language, at: Date): string {
  // English as the mails write it: day, month, year, and a 24-hour clock.
  const text = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, {
    dateStyle: 'long',
    timeStyle: 'short',
    hourCycle: 'h23',
    timeZone: 'UTC',
  }).format(at);
  return `${text} UTC`;
}

/** A size in kB or MB, in `language`'s number format. */
function size(language: Language, bytes: number): string {
  const mb = bytes >= 1_000_000;
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: mb ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: 1,
  }).format(Math.max(bytes / (mb ? 1_000_000 : 1000), 0.1));
}

/**
 * The page a download link opens: what the package is, until when, and one button that POSTs to
 * this very URL. Opening it downloads nothing, so a mail scanner or a preview cannot spend the
 * link. It never names the person.
 */
export function packageAskPage(
  language: Language,
  options: { readonly organisation: string; readonly expiresAt: Date; readonly bytes: number },
): string {
  const words = WORDS[language];
  // An empty action posts back to this very URL.
  return page({
    title: words.title,
    lang: language,
    body: `<h1>${escapeHtml(words.title)}</h1>
<p>${escapeHtml(words.what(options.organisation, size(language, options.bytes)))}</p>
<p>${escapeHtml(words.until(moment(language, options.expiresAt)))}</p>
<form method="post" action="">
<button type="submit">${escapeHtml(words.button)}</button>
</form>
<p>${escapeHtml(words.keep)}</p>`,
  });
}

/** The page of a link that worked once or expired, or is not valid, or is in use: no detail of why. */
export function packageEndPage(language: Language, kind: 'gone' | 'invalid' | 'busy'): string {
  const words = WORDS[language];
  return page({
    title: words.title,
    lang: language,
    body: `<h1>${escapeHtml(words.title)}</h1>\n<p>${escapeHtml(words[kind])}</p>`,
  });
}
