// Headless Chromium driven by playwright-core, for the dashboard's end-to-end tests. The binary is the one
// @sparticuz/chromium ships inside the npm package, or CHROMIUM_PATH (test/helpers/chromium-binary.ts, resolved
// once per run by the global setup). The flags are the ones STACK.md measured: the package's own `chromium.args`
// (single process, in-process GPU) die with SIGTRAP; without the background-networking ones Chromium keeps
// dialling out through a closed network. Never `npx playwright install`: no browser downloads here.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import type { App } from '../../src/app.js';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-zygote', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];
/** Each wait in a browser test is bounded by this; nothing sleeps. */
export const WAIT_MS = 15_000; // generous for a loaded 2-core machine: a wait that succeeds ends at once
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };
export const ARTIFACTS_DIR = resolve('test-results');

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const found = inject('chromium');
  if ('error' in found) throw new Error(`no browser for the dashboard tests: ${found.error}`);
  // Playwright gives each launch a new, empty profile of its own (it refuses --user-data-dir in launch()).
  // The bound is generous: on a loaded 2-core machine a cold Chromium takes several seconds to start.
  const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS, timeout: 60_000 });
  return { browser, close: () => browser.close() };
}

export interface DashboardPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far: a broken page shows up here. */
  errors: string[];
}

/** A fresh browser context on the dashboard, signed in through the sign-in form with this token. */
export async function openDashboard(
  browser: Browser, app: App, token: string, viewport = DESKTOP,
): Promise<DashboardPage> {
  // A locale of its own: under LANG=C Chromium reports navigator.language "en-US@posix", which Intl (and so the
  // chart library) refuses as a language tag.
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  // A 401 or 403 from the API is an answer the page shows; any other failed load is an error.
  page.on('console', (msg) => { if (msg.type() === 'error' && !/status of 40[13]/.test(msg.text())) errors.push(`${msg.text()} ${msg.location().url}`); });
  page.on('response', (res) => { if (res.status() >= 400 && ![401, 403].includes(res.status())) errors.push(`${res.status()} ${res.url()}`); });
  await page.goto(app.url);
  await page.getByTestId('signin-token').fill(token);
  await page.getByTestId('signin-submit').click();
  return { context, page, errors };
}

export async function signedInDashboard(browser: Browser, app: App, token: string, viewport = DESKTOP): Promise<DashboardPage> {
  const d = await openDashboard(browser, app, token, viewport);
  await d.page.getByTestId('dashboard').waitFor({ state: 'visible' });
  await d.page.locator('[data-testid="dashboard"][data-loaded-at]').waitFor();
  await d.page.locator('[data-testid="live-state"][data-state="live"]').waitFor();
  return d;
}

/**
 * Marks the view shown now as left, so a wait for the next one's data never passes on it (the same view, another
 * page, stays in the document until the router replaces it, after the hashchange). The root in the outlet: the
 * nav's links carry data-view too, and the first [data-view] of the document is one of them.
 */
export async function markViewLeft(page: Page): Promise<void> {
  await page.evaluate(`document.querySelector('#outlet > [data-view]')?.setAttribute('data-left', '')`);
}

/** Back to the overview (#/) and its data loaded anew: the view shown before is marked so it never passes for it. */
export async function goToOverview(page: Page): Promise<void> {
  await markViewLeft(page);
  await page.evaluate(`location.hash = '#/'`);
  await page.locator('[data-view="overview"][data-loaded-at]:not([data-left])').waitFor();
}

/** Saves a full-page screenshot under test-results/ (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Rejects after `ms` with a message naming what was awaited. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
