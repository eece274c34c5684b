// The drivers' app (/app/) in a phone-sized browser context, its errors collected as the dashboard's are.
import type { Browser } from 'playwright-core';
import type { App } from '../../src/app.js';
import { PHONE, WAIT_MS, type DashboardPage } from './browser.js';

/** A fresh phone-sized context opened at `path` (a QR code's /app/c/{code}, or /app/). */
export async function openDriverApp(browser: Browser, app: App, path = '/app/'): Promise<DashboardPage> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'en-US', hasTouch: true, isMobile: true });
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  // Answers the app shows as messages (a declined card is a 402) are not errors of the page.
  page.on('console', (msg) => { if (msg.type() === 'error' && !/status of 40[1-9]/.test(msg.text())) errors.push(`${msg.text()} ${msg.location().url}`); });
  page.on('response', (res) => { if (res.status() >= 500) errors.push(`${res.status()} ${res.url()}`); });
  await page.goto(`${app.url}${path}`);
  return { context, page, errors };
}

/** The view's data is drawn (router.js markLoaded) for this view name. */
export const viewShown = (page: DashboardPage['page'], name: string) => page.locator(`[data-view="${name}"][data-loaded-at]`).waitFor();
