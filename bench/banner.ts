/**
 * The consent banner beside the two open-source banners most sites pick, installed from npm as
 * dev dependencies: klaro and vanilla-cookieconsent. Two figures each, from the same run:
 *
 * - what a site loads, gzipped: Custodian's built script (its styles inlined), klaro's
 *   `dist/klaro.js` (styles and translations inlined, the file its docs embed), and
 *   vanilla-cookieconsent's `dist/cookieconsent.umd.js` with `dist/cookieconsent.css`;
 * - the time from navigation to the banner being visible in Chromium (/usr/bin/chromium through
 *   playwright-core), on the same minimal page served by a local server, each embedding its
 *   banner with `defer` in the head and configured with one analytics purpose; the median of
 *   BENCH_BANNER_RUNS runs (default 15), each in a fresh browser context (no stored choice, an
 *   empty cache), the three interleaved.
 *
 * Custodian's banner is served by a real `custodian serve` on another port (another origin, as in
 * production) and asks it for its texts (`GET /v1/public/banner`): that round trip is part of its
 * time. The others carry their texts in the page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'custodian.js');
const MAP = join(ROOT, 'examples', 'bestmix', 'privacy.yaml');
const MODULES = join(ROOT, 'node_modules');
const CHROMIUM = process.env['CUSTODIAN_CHROMIUM'] ?? '/usr/bin/chromium';
const RUNS = Number(process.env['BENCH_BANNER_RUNS'] ?? '15');
const SITE_KEY = 'pk_bench_banner01';

/** The files a site loads for each banner, as the page below embeds them. */
const FILES = {
  custodian: [join(ROOT, 'dist', 'sdk', 'custodian.js')],
  klaro: [join(MODULES, 'klaro', 'dist', 'klaro.js')],
  cookieconsent: [
    join(MODULES, 'vanilla-cookieconsent', 'dist', 'cookieconsent.umd.js'),
    join(MODULES, 'vanilla-cookieconsent', 'dist', 'cookieconsent.css'),
  ],
} as const;

type Banner = keyof typeof FILES;
const BANNERS: readonly Banner[] = ['custodian', 'klaro', 'cookieconsent'];

export interface BannerRow {
  readonly banner: string;
  /** Gzipped bytes of what a site loads (script and styles). */
  readonly gzipped: number;
  /** Median ms from navigation start to the first frame with the banner visible. */
  readonly visibleMs: number;
  readonly runs: number;
}

function version(name: string): string {
  const manifest = JSON.parse(readFileSync(join(MODULES, name, 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

function gzipped(files: readonly string[]): number {
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(file)).length, 0);
}

/**
 * Page script, run before any other: records `window.bannerVisibleAt`, the `performance.now()`
 * (ms since navigation start) of the first animation frame in which a banner is laid out with a
 * size, not hidden and not transparent.
 */
const PROBE = `(() => {
  const banner = () =>
    document.querySelector('[data-custodian]')?.shadowRoot?.querySelector('[role=dialog]') ??
    document.querySelector('.klaro .cookie-notice, .klaro .cookie-modal') ??
    document.querySelector('#cc-main .cm');
  const visible = (node) => {
    const box = node.getBoundingClientRect();
    const style = getComputedStyle(node);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && Number(style.opacity) > 0;
  };
  const frame = () => {
    const node = banner();
    if (node && visible(node)) window.bannerVisibleAt = performance.now();
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;

function page(head: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Example shop</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
${head}
</head><body><main><h1>Example shop</h1><p>Formulation software for the food industry.</p>
<script type="text/plain" data-purpose="website-analytics" data-type="text/javascript" data-name="analytics" data-category="analytics">window.analyticsRan = true;</script>
</main></body></html>`;
}

/**
 * Each banner embedded as its documentation says, with one analytics purpose. vanilla-cookieconsent
 * hides itself from automated browsers (`navigator.webdriver`) unless told not to.
 */
function heads(custodian: string): Record<Banner, string> {
  return {
    custodian: `<script src="${custodian}/sdk/custodian.js" data-site-key="${SITE_KEY}" defer></script>`,
    klaro: `<script>var klaroConfig = { storageMethod: 'localStorage', acceptAll: true,
  services: [{ name: 'analytics', title: 'Analytics', purposes: ['analytics'] }] };</script>
<script src="/vendor/klaro.js" data-config="klaroConfig" defer></script>`,
    cookieconsent: `<link rel="stylesheet" href="/vendor/cookieconsent.css">
<script src="/vendor/cookieconsent.umd.js" defer></script>
<script>addEventListener('DOMContentLoaded', () => CookieConsent.run({
  hideFromBots: false,
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {} },
  language: { default: 'en', translations: { en: {
    consentModal: { title: 'We use cookies', description: 'To measure how our website is used.',
      acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Reject all', showPreferencesBtn: 'Choose' },
    preferencesModal: { title: 'Your choices', acceptAllBtn: 'Accept all',
      acceptNecessaryBtn: 'Reject all', savePreferencesBtn: 'Save my choices',
      sections: [{ title: 'Analytics', description: 'Website analytics.', linkedCategory: 'analytics' }] },
  } } },
}));</script>`,
  };
}

const VENDOR: Record<string, { file: string; type: string }> = {
  '/vendor/klaro.js': { file: FILES.klaro[0], type: 'text/javascript' },
  '/vendor/cookieconsent.umd.js': { file: FILES.cookieconsent[0], type: 'text/javascript' },
  '/vendor/cookieconsent.css': { file: FILES.cookieconsent[1], type: 'text/css' },
};

/** The shop: the three pages and the other banners' files. `custodian`: the server's URL, once up. */
function shopServer(custodian: () => string): Server {
  return createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const vendor = VENDOR[path];
    const banner = path.slice(1) as Banner;
    if (vendor !== undefined) {
      response.writeHead(200, { 'content-type': vendor.type });
      response.end(readFileSync(vendor.file));
    } else if (BANNERS.includes(banner)) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page(heads(custodian())[banner]));
    } else {
      response.writeHead(404).end();
    }
  });
}

/** `custodian serve` on a new embedded data directory, allowing the shop's origin. */
async function custodianServer(
  dataDir: string,
  shopOrigin: string,
): Promise<{ child: ChildProcess; url: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CUSTODIAN_SITE_KEYS: `${SITE_KEY}=${shopOrigin}`,
  };
  delete env['DATABASE_URL'];
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', '0', '--map', MAP, '--data', dataDir],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const listen = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Custodian listening on http:\/\/\S+?:(\d+)/.exec(output);
      if (match?.[1] !== undefined) resolve(`http://127.0.0.1:${match[1]}`);
    };
    child.stdout.on('data', listen);
    child.stderr.on('data', listen);
    child.once('exit', (code) => {
      reject(new Error(`custodian serve exited ${code}:\n${output}`));
    });
  });
  return { child, url };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** The three rows, or undefined without a Chromium to measure in. */
export async function bannerBench(): Promise<BannerRow[] | undefined> {
  if (!existsSync(CHROMIUM)) return undefined;
  const { chromium } = await import('playwright-core');
  const dir = await mkdtemp(join(tmpdir(), 'custodian-bench-banner-'));
  let custodian = '';
  const shop = shopServer(() => custodian);
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  // Another origin than the server's 127.0.0.1, as a shop's site is not its Custodian.
  const shopOrigin = `http://localhost:${(shop.address() as AddressInfo).port}`;
  const server = await custodianServer(join(dir, 'data'), shopOrigin);
  custodian = server.url;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const times: Record<Banner, number[]> = { custodian: [], klaro: [], cookieconsent: [] };
    // One warm-up round, not counted: the first launch of each page pays for the disk cache.
    for (let run = -1; run < RUNS; run++) {
      for (const banner of BANNERS) {
        const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
        try {
          await context.addInitScript(PROBE);
          const tab = await context.newPage();
          const logged: string[] = [];
          tab.on('console', (message) => logged.push(message.text()));
          tab.on('pageerror', (error) => logged.push(error.message));
          await tab.goto(`${shopOrigin}/${banner}`);
          await tab
            .waitForFunction('window.bannerVisibleAt !== undefined', undefined, { timeout: 30_000 })
            .catch((error: unknown) => {
              throw new Error(`${banner}: no banner visible within 30 s\n${logged.join('\n')}`, {
                cause: error,
              });
            });
          const at = await tab.evaluate<number>('window.bannerVisibleAt');
          if (run >= 0) times[banner].push(at);
        } finally {
          await context.close();
        }
      }
      await sleep(50);
    }
    return BANNERS.map((banner) => ({
      banner:
        banner === 'custodian'
          ? 'Custodian'
          : banner === 'klaro'
            ? `klaro ${version('klaro')}`
            : `vanilla-cookieconsent ${version('vanilla-cookieconsent')}`,
      gzipped: gzipped(FILES[banner]),
      visibleMs: median(times[banner]),
      runs: times[banner].length,
    }));
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    await new Promise((resolve) => shop.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

/** The banner table: each banner's size and time, with Custodian's as the 1× of each column. */
export function printBanner(rows: readonly BannerRow[]): void {
  const ours = rows[0];
  if (ours === undefined) return;
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  console.log(
    line([
      'banner',
      'gzipped, script + styles',
      `navigation → banner visible, median of ${ours.runs}`,
    ]),
  );
  console.log(line(['---', '---:', '---:']));
  for (const row of rows) {
    console.log(
      line([
        row.banner,
        `${(row.gzipped / 1024).toFixed(1)} kB (${(row.gzipped / ours.gzipped).toFixed(1)}×)`,
        `${row.visibleMs.toFixed(0)} ms (${(row.visibleMs / ours.visibleMs).toFixed(2)}×)`,
      ]),
    );
  }
}
