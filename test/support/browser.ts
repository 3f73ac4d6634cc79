import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core, for the web flows. CI installs it (.ci/run) and
 * sets CUSTODIAN_REQUIRE_SERVICES=1: a missing browser then fails the run instead of skipping.
 */
const EXECUTABLE = process.env['CUSTODIAN_CHROMIUM'] ?? '/usr/bin/chromium';
const REQUIRED = process.env['CUSTODIAN_REQUIRE_SERVICES'] === '1';

/** Flags that keep a test browser from calling home or using what a container lacks. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function resolveChromium(): string | undefined {
  if (existsSync(EXECUTABLE)) return EXECUTABLE;
  if (REQUIRED) {
    throw new Error(`CUSTODIAN_REQUIRE_SERVICES=1 but no Chromium at ${EXECUTABLE}`);
  }
  console.warn(`\n⚠ no Chromium at ${EXECUTABLE}: browser suites are SKIPPED.\n`);
  return undefined;
}

/** The browser's path, or undefined when the browser suites skip. */
export const CHROMIUM: string | undefined = resolveChromium();

/**
 * A fresh persistent browser profile for one test, removed afterwards. `extraHeaders` are sent
 * with every request (e.g. `Sec-GPC: 1`); `javaScriptEnabled: false` browses with script off.
 */
export async function withBrowser<T>(
  work: (context: BrowserContext) => Promise<T>,
  options: {
    readonly extraHeaders?: Record<string, string>;
    readonly locale?: string;
    readonly javaScriptEnabled?: boolean;
    /** For a test that injects its own script (axe-core) into pages whose CSP forbids it. */
    readonly bypassCSP?: boolean;
  } = {},
): Promise<T> {
  if (CHROMIUM === undefined) throw new Error('no Chromium for the browser suites');
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(path.join(tmpdir(), 'custodian-browser-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    ...(options.locale === undefined ? {} : { locale: options.locale }),
    ...(options.bypassCSP === undefined ? {} : { bypassCSP: options.bypassCSP }),
    ...(options.javaScriptEnabled === undefined
      ? {}
      : { javaScriptEnabled: options.javaScriptEnabled }),
    ...(options.extraHeaders === undefined ? {} : { extraHTTPHeaders: options.extraHeaders }),
  });
  try {
    return await work(context);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
