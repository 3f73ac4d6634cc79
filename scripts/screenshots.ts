/**
 * Regenerates docs/screenshots/*.png, the screens the README and docs show: `npx tsx
 * scripts/screenshots.ts` (builds first: the server runs from dist/, as `custodian serve`).
 *
 * It makes the tour's copy of the demo (the BESTMIX map and its shop databases) in a temporary
 * directory and an embedded Custodian database there. Into that database, before anything else
 * opens it: two months of consent events written through the ledger with a clock set per event
 * (grants, refusals, GPC opt-outs, withdrawals, newsletter objections), two suppressions and an
 * earlier notice publication. Then, with the CLI as an operator would: staff accounts in each
 * role and requests in several states (unconfirmed, awaiting approval, refused, answered). It
 * starts the real server on it, a demo shop page on another origin that embeds the banner, and
 * photographs them in Chromium (/usr/bin/chromium, or CUSTODIAN_CHROMIUM) at 1200×800: the
 * privacy center (notice, versions, preferences, request form, a request's status), the banner,
 * and the console (an erasure's page in full with its dry run, an answered access request, a
 * suppression lookup, the consent section also in full). The console's sections are found from
 * its navigation once signed in: a section added later gets its screenshot without a change
 * here. Nothing is left behind but the PNGs; the seed is deterministic (only its dates follow
 * today).
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openRuntime } from '../src/cli/runtime-commands.js';
import { demoCopy } from '../src/cli/tour.js';
import {
  recordConsent,
  recordObjection,
  suppress,
  type Choice,
  type LedgerContext,
} from '../src/ledger/index.js';
import { loadFile } from '../src/map/index.js';
import { recordPublication } from '../src/publications/index.js';
import { serverSecret } from '../src/store/index.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'custodian.js');
const OUT = join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env['CUSTODIAN_CHROMIUM'] ?? '/usr/bin/chromium';
const SITE_KEY = 'pk_demo_screens01';
const STAFF = { email: 'lead@example.com', password: 'a long demo password for screens' };
const VIEWPORT = { width: 1200, height: 800 };
const DAY_MS = 86_400_000;
/** How far back the seeded consent events go, in days. */
const CONSENT_DAYS = 60;
/** On the suppression list after an erasure: the console's lookup finds them. */
const ERASED = 'eli.erased@example.com';
const FIRST_NAMES = [
  'ana',
  'ben',
  'cem',
  'dora',
  'emil',
  'fay',
  'gus',
  'hana',
  'ivo',
  'jade',
  'kai',
  'lena',
  'milo',
  'nora',
  'otto',
  'pia',
  'rui',
  'sara',
  'tom',
  'uma',
  'vic',
  'wim',
  'yara',
  'zoe',
];

/** The environment of the CLI and the server: this one, without a database or secret of its own. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  delete env['DATABASE_URL'];
  delete env['CUSTODIAN_SECRET'];
  delete env['CUSTODIAN_SECRET_FILE'];
  delete env['CUSTODIAN_SIGNING_KEY'];
  delete env['CUSTODIAN_SIGNING_KEY_FILE'];
  return env;
}

/** Runs `custodian <args>` to its end; its stdout, or a throw with its stderr. */
function custodian(args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: ROOT, env: childEnv(), timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error === null) resolve(stdout);
        else reject(new Error(`custodian ${args.slice(0, 2).join(' ')} failed:\n${stderr}`));
      },
    );
    child.stdin?.end(input ?? '');
  });
}

/** `custodian serve` on the data directory; resolves with its URL once it listens. */
function serve(
  place: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...place], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const listen = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Custodian listening on http:\/\/\S+?:(\d+)/.exec(output);
      if (match?.[1] !== undefined) resolve({ child, url: `http://127.0.0.1:${match[1]}` });
    };
    child.stdout.on('data', listen);
    child.stderr.on('data', listen);
    child.once('exit', (code) => {
      reject(new Error(`custodian serve exited ${code}:\n${output}`));
    });
  });
}

/** A demo shop's page on its own origin, embedding the banner from the Custodian server. */
function shopPage(custodianUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>BESTMIX</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a}
header{background:#12355b;color:#fff;padding:1rem 2rem}main{padding:2rem;max-width:50rem}</style>
<script src="${custodianUrl}/sdk/custodian.js" data-site-key="${SITE_KEY}" defer></script>
</head><body><header><strong>BESTMIX</strong> formulation software</header>
<main><h1>Recipes that balance cost, nutrition and taste</h1>
<p>BESTMIX helps feed and food producers formulate their products. This page is a demo of the
consent banner that Custodian serves from the data map.</p>
<script type="text/plain" data-purpose="website-analytics">window.analyticsRan = true;</script>
</main></body></html>`;
}

/** A small deterministic generator (mulberry32): the same events, and screenshots, every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One ledger call of the seed, at its own moment. */
interface SeedEvent {
  readonly at: number;
  readonly email: string;
  readonly run: (ledger: LedgerContext, email: string) => Promise<unknown>;
}

/**
 * Consent events over the last CONSENT_DAYS days for the demo map's consent purposes, written
 * through the ledger (src/ledger) with a clock set per event, as banner visitors, newsletter
 * sign-ups and unsubscribe links would have written them: grants, refusals (some with a GPC
 * signal), withdrawals days later, newsletter objections; and a few suppressions. Written before
 * the CLI and the server touch the directory, oldest first, so the evidence chain runs forward
 * in time. The embedded store has one connection: the directory is locked while this runs.
 */
async function seedConsent(mapFile: string, dataDir: string): Promise<void> {
  const loaded = await loadFile(mapFile);
  if (!loaded.ok) throw new Error('the demo map does not load');
  const map = loaded.value.map;
  const store = await openRuntime({ data: dataDir });
  try {
    const secret = await serverSecret(store.db);
    const next = random(11);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const now = Date.now();
    const start = now - CONSENT_DAYS * DAY_MS;
    const events: SeedEvent[] = [];
    const banner =
      (choices: Record<string, Choice>, gpc: boolean) =>
      (ledger: LedgerContext, email: string): Promise<unknown> =>
        recordConsent(store.db, ledger, {
          subject: { email },
          choices,
          source: 'consent-banner',
          gpc,
        });
    let person = 0;
    for (let day = 0; day < CONSENT_DAYS; day += 1) {
      // More visitors as the weeks go by, fewer at weekends.
      const weekday = new Date(start + day * DAY_MS).getUTCDay();
      const visitors = Math.round(
        (4 + day / 8 + next() * 4) * (weekday === 0 || weekday === 6 ? 0.5 : 1),
      );
      for (let v = 0; v < visitors; v += 1) {
        person += 1;
        const email = `${pick(FIRST_NAMES)}.${String(person).padStart(3, '0')}@example.com`;
        const at = start + day * DAY_MS + Math.floor((0.3 + next() * 0.6) * DAY_MS);
        if (at >= now) continue;
        const gpc = next() < 0.12;
        const roll = next();
        // A browser sending GPC mostly refuses everything; now and then it grants anyway.
        const choices: Record<string, Choice> =
          gpc && roll < 0.85
            ? { 'website-analytics': 'denied', 'website-personalisation': 'denied' }
            : roll < 0.5
              ? { 'website-analytics': 'granted', 'website-personalisation': 'granted' }
              : roll < 0.8
                ? { 'website-analytics': 'denied', 'website-personalisation': 'denied' }
                : { 'website-analytics': 'granted', 'website-personalisation': 'denied' };
        events.push({ at, email, run: banner(choices, gpc) });
        // Some change their mind later: a withdrawal (GDPR Art. 7(3)).
        if (choices['website-analytics'] === 'granted' && next() < 0.15) {
          const later = at + Math.floor((1 + next() * 20) * DAY_MS);
          if (later < now) {
            events.push({
              at: later,
              email,
              run: banner(
                { 'website-analytics': 'denied', 'website-personalisation': 'denied' },
                false,
              ),
            });
          }
        }
        // The newsletter form: sign-ups, and unsubscribe links followed weeks later.
        if (next() < 0.3) {
          const granted = next() < 0.8;
          events.push({
            at: at + 60_000,
            email,
            run: (ledger, subject) =>
              recordConsent(store.db, ledger, {
                subject: { email: subject },
                choices: { newsletter: granted ? 'granted' : 'denied' },
                source: 'newsletter-form',
              }),
          });
          const later = at + Math.floor((3 + next() * 30) * DAY_MS);
          if (granted && next() < 0.2 && later < now) {
            events.push({
              at: later,
              email,
              run: (ledger, subject) =>
                recordObjection(store.db, ledger, {
                  subject: { email: subject },
                  purpose: 'newsletter',
                  source: 'unsubscribe-page',
                }),
            });
          }
        }
      }
    }
    events.sort((a, b) => a.at - b.at);
    for (const event of events) {
      const ledger: LedgerContext = {
        map,
        secret,
        now: () => new Date(event.at),
        actor: 'api-key:demo-site',
      };
      await event.run(ledger, event.email);
    }
    const ledger = (at: number): LedgerContext => ({
      map,
      secret,
      now: () => new Date(at),
      actor: 'cli',
    });
    await suppress(store.db, ledger(now - 9 * DAY_MS), {
      identifiers: [{ email: ERASED }],
      reason: 'erased',
    });
    await suppress(store.db, ledger(now - 4 * DAY_MS), {
      identifiers: [{ email: 'gus.bounced@example.com' }],
      reason: 'hard bounce',
      scope: 'newsletter',
    });
    // The notice before the current one, as the versions page lists it: same text, earlier
    // version and date.
    await recordPublication(
      store.db,
      { ...map, notice: { ...map.notice, version: '2025-09', effectiveDate: '2025-09-15' } },
      new Date('2025-09-15T08:00:00Z'),
    );
    // The current one as published on its effective date; `serve` then finds it recorded.
    await recordPublication(store.db, map, new Date(`${map.notice.effectiveDate}T08:00:00Z`));
    process.stderr.write(`seeded ${events.length} consent events\n`);
  } finally {
    await store.close();
  }
}

/** The viewport, or with `fullPage` the whole page: for a page whose point is below the fold. */
async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: options.fullPage === true });
  process.stderr.write(`wrote docs/screenshots/${name}.png\n`);
}

async function main(): Promise<void> {
  if (process.env['SCREENSHOTS_NO_BUILD'] !== '1') {
    const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build failed');
  }
  const dir = await mkdtemp(join(tmpdir(), 'custodian-screens-'));
  const processes: ChildProcess[] = [];
  const shop = createServer();
  try {
    const map = join(dir, 'privacy.yaml');
    await demoCopy(map);
    const data = ['--data', join(dir, 'data')];
    const place = ['--map', map, ...data];
    // First, while nothing else has the directory open: the consent history.
    await seedConsent(map, join(dir, 'data'));
    await custodian(
      ['users', 'create', '--email', STAFF.email, '--role', 'admin', '--password-stdin', ...data],
      `${STAFF.password}\n`,
    );
    // Colleagues in the other roles: the users page has a team.
    for (const [email, role] of [
      ['priya.lead@example.com', 'privacy-lead'],
      ['omar.desk@example.com', 'operator'],
      ['vera.audit@example.com', 'viewer'],
    ] as const) {
      await custodian(
        ['users', 'create', '--email', email, '--role', role, '--password-stdin', ...data],
        `${STAFF.password} for ${role}\n`,
      );
    }
    // Requests, most opened by an operator who checked who the person is: the queue has rows.
    const open = async (args: readonly string[], verified = true): Promise<string> =>
      (
        await custodian([
          'requests',
          'open',
          ...args,
          ...(verified ? ['--operator', 'privacy-desk'] : []),
          ...place,
        ])
      ).trim();
    // One from a person who has not typed the mailed code yet.
    await open(
      [
        '--type',
        'rectification',
        '--email',
        'emma@example.com',
        '--country',
        'NL',
        '--details',
        'My company name changed in June.',
      ],
      false,
    );
    // A deletion under a US state law, waiting for approval as the erasure below does.
    await open([
      '--type',
      'delete',
      '--email',
      'hugo@example.com',
      '--country',
      'US',
      '--state',
      'CA',
    ]);
    // A refused one, with the reason the person is mailed (GDPR Art. 12(4)).
    const refused = await open([
      '--type',
      'erasure',
      '--email',
      'finn@example.com',
      '--country',
      'BE',
    ]);
    await custodian([
      'requests',
      'deny',
      refused,
      '--reason',
      'Your invoices of the last seven years are kept by law (Belgian accounting law); everything else was erased at your previous request.',
      ...place,
    ]);
    await open(['--type', 'access', '--email', 'ana@example.com', '--country', 'BE']);
    const erasure = await open([
      '--type',
      'erasure',
      '--email',
      'bruno@example.com',
      '--country',
      'NL',
    ]);
    await open(['--type', 'portability', '--email', 'carla@example.com', '--country', 'DE']);
    await open([
      '--type',
      'know',
      '--email',
      'dan@example.com',
      '--country',
      'US',
      '--state',
      'CA',
    ]);
    const done = await open([
      '--type',
      'access',
      '--email',
      'ana.lima@example.com',
      '--country',
      'FR',
    ]);
    await custodian(['requests', 'run', done, ...place]);

    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    const shopOrigin = `http://localhost:${(shop.address() as AddressInfo).port}`;
    const server = await serve(place, { CUSTODIAN_SITE_KEYS: `${SITE_KEY}=${shopOrigin}` });
    processes.push(server.child);
    shop.on('request', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(shopPage(server.url));
    });

    await mkdir(OUT, { recursive: true });
    for (const file of await readdir(OUT)) {
      if (file.endsWith('.png')) await rm(join(OUT, file));
    }
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB' });
      const page = await context.newPage();

      await page.goto(`${server.url}/privacy/en`);
      await shot(page, 'privacy-center-notice');
      await page.goto(`${server.url}/privacy/en/versions`);
      await shot(page, 'privacy-center-versions');
      await page.goto(`${server.url}/privacy/en/preferences`);
      await shot(page, 'privacy-center-preferences');
      await page.goto(`${server.url}/privacy/request?lang=en&country=BE`);
      await shot(page, 'privacy-center-request');
      // The person's view of a request, by its opaque id: status and due date.
      await page.goto(`${server.url}/privacy/request/${erasure}?lang=en`);
      await shot(page, 'privacy-center-request-status');

      await page.goto(shopOrigin);
      await page.getByRole('dialog').waitFor();
      await shot(page, 'banner');
      await page.getByRole('button', { name: 'Choose' }).click();
      await shot(page, 'banner-choose');

      await page.goto(`${server.url}/console/login`);
      await shot(page, 'console-sign-in');
      await page.getByLabel('Email').fill(STAFF.email);
      await page.getByLabel('Password').fill(STAFF.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${server.url}/console/requests`);
      await shot(page, 'console-requests');

      // A request's own page: the open erasure with its dry run, the answered access request.
      await page.goto(`${server.url}/console/requests/${erasure}`);
      await shot(page, 'console-request-erasure', { fullPage: true });
      await page.goto(`${server.url}/console/requests/${done}`);
      await shot(page, 'console-request-access');

      // The suppression lookup, answered for someone erased nine days ago.
      await page.goto(`${server.url}/console/suppression`);
      await page.getByLabel(/Email address/).fill(ERASED);
      await page.getByRole('button', { name: 'Look up' }).click();
      await page.getByRole('status').waitFor();
      await shot(page, 'console-suppression');

      // Every section of the navigation that answers.
      // Strings, not functions: this script is type-checked without the DOM's types.
      const sections = await page.evaluate<string[]>(
        `[...document.querySelectorAll('nav.console a[href^="/console/"]')].map((a) => a.getAttribute('href'))`,
      );
      for (const href of sections) {
        if (href === '/console/requests') continue;
        const answer = await page.goto(`${server.url}${href}`);
        if (answer?.status() !== 200) {
          process.stderr.write(`skipped ${href}: ${answer?.status() ?? 'no answer'}\n`);
          continue;
        }
        const name = `console-${href.slice(9).replaceAll('/', '-')}`;
        await shot(page, name);
        // The consent section in full too: every purpose's chart and the share of GPC opt-outs.
        if (href === '/console/consent') await shot(page, `${name}-full`, { fullPage: true });
      }
    } finally {
      await browser.close();
    }
  } finally {
    for (const child of processes) child.kill('SIGTERM');
    await Promise.all(
      processes.map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null) resolve(undefined);
            else child.once('exit', resolve);
          }),
      ),
    );
    await new Promise((resolve) => shop.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
