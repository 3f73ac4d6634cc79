import { may, type Permission, type StaffSession } from '../../staff/index.js';
import { escapeHtml, page } from '../html.js';

/** The console's sections, in the order of its navigation, each shown to roles that may open it. */
export const CONSOLE_SECTIONS: readonly {
  readonly href: string;
  readonly label: string;
  readonly permission: Permission;
}[] = [
  { href: '/console/requests', label: 'Requests', permission: 'requests:read' },
  { href: '/console/consent', label: 'Consent', permission: 'consent:read' },
  { href: '/console/map', label: 'Data map', permission: 'map:read' },
  { href: '/console/retention', label: 'Retention', permission: 'map:read' },
  { href: '/console/special', label: 'Special categories', permission: 'requests:handle' },
  { href: '/console/evidence', label: 'Evidence', permission: 'evidence:read' },
  { href: '/console/users', label: 'Users', permission: 'users:manage' },
];

const CONSOLE_STYLE = `
  body { max-width: 72rem; }
  nav.console { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; border-bottom: 1px solid #8886; padding-bottom: .5rem; }
  nav.console a[aria-current] { font-weight: 700; }
  nav.console form { margin-left: auto; }
  table { border-collapse: collapse; }
  td, th { padding: .25rem .5rem; text-align: left; vertical-align: top; }
  .overdue td { color: #b00; font-weight: 700; }
  @media (prefers-color-scheme: dark) { .overdue td { color: #f88; } }
`;

/**
 * A console page: the navigation of the sections the session's role may open, who is signed in,
 * sign-out, then the body. Without a session (sign-in, refusals before one) only the body.
 */
export function consolePage(options: {
  title: string;
  body: string;
  session?: StaffSession | undefined;
  /** The section this page belongs to, marked in the navigation. */
  current?: string | undefined;
}): string {
  const session = options.session;
  const nav =
    session === undefined
      ? ''
      : `<nav class="console" aria-label="Console">
${CONSOLE_SECTIONS.filter((s) => may(session.role, s.permission))
  .map(
    (s) =>
      `<a href="${s.href}"${s.href === options.current ? ' aria-current="page"' : ''}>${escapeHtml(s.label)}</a>`,
  )
  .join('\n')}
<a href="/console/account"${options.current === '/console/account' ? ' aria-current="page"' : ''}>Account</a>
<form method="post" action="/console/logout"><input type="hidden" name="csrf" value="${escapeHtml(session.csrfToken)}"><span>${escapeHtml(session.role)}</span> <button type="submit">Sign out</button></form>
</nav>`;
  return page({
    title: `${options.title} · Custodian`,
    body: `<style>${CONSOLE_STYLE}</style>\n${nav}\n<main>\n${options.body}\n</main>`,
  });
}
