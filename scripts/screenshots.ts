/**
 * Regenerates docs/screenshots/*.png, the screens the README and docs show: `npx tsx
 * scripts/screenshots.ts` (builds first: the server runs from dist/, as `custodian serve`).
 *
 * It makes the tour's copy of the demo (the BESTMIX map and its shop databases) in a temporary
 * directory, an embedded Custodian database there with a staff account and a few requests (opened
 * with the CLI, as an operator would), starts the real server on it, a demo shop page on another
 * origin that embeds the banner, and photographs them in Chromium (/usr/bin/chromium, or
 * CUSTODIAN_CHROMIUM) at 1200×800. The console's sections are found from its navigation once
 * signed in: a section added later gets its screenshot without a change here. Nothing is left
 * behind but the PNGs.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { demoCopy } from '../src/cli/tour.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'custodian.js');
const OUT = join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env['CUSTODIAN_CHROMIUM'] ?? '/usr/bin/chromium';
const SITE_KEY = 'pk_demo_screens01';
const STAFF = { email: 'lead@example.com', password: 'a long demo password for screens' };
const VIEWPORT = { width: 1200, height: 800 };

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

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(OUT, `${name}.png`) });
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
    await custodian(
      ['users', 'create', '--email', STAFF.email, '--role', 'admin', '--password-stdin', ...data],
      `${STAFF.password}\n`,
    );
    // A few requests, opened by an operator who checked who the person is: the queue has rows.
    const open = async (args: readonly string[]): Promise<string> =>
      (
        await custodian(['requests', 'open', ...args, '--operator', 'privacy-desk', ...place])
      ).trim();
    await open(['--type', 'access', '--email', 'ana@example.com', '--country', 'BE']);
    await open(['--type', 'erasure', '--email', 'bruno@example.com', '--country', 'NL']);
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
      await page.goto(`${server.url}/privacy/request?lang=en&country=BE`);
      await shot(page, 'privacy-center-request');

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

      // Every section of the navigation that answers, and the first request's own page.
      // Strings, not functions: this script is type-checked without the DOM's types.
      const sections = await page.evaluate<string[]>(
        `[...document.querySelectorAll('nav.console a[href^="/console/"]')].map((a) => a.getAttribute('href'))`,
      );
      const request = await page.evaluate<string | null>(
        `document.querySelector('main a[href^="/console/requests/"]')?.getAttribute('href') ?? null`,
      );
      for (const href of [...sections, ...(request === null ? [] : [request])]) {
        if (href === '/console/requests') continue;
        const answer = await page.goto(`${server.url}${href}`);
        if (answer?.status() !== 200) {
          process.stderr.write(`skipped ${href}: ${answer?.status() ?? 'no answer'}\n`);
          continue;
        }
        const name = href.startsWith('/console/requests/') ? 'request' : href.slice(9);
        await shot(page, `console-${name.replaceAll('/', '-')}`);
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
