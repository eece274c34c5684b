// Screenshots of the console's pages, kept as test artifacts (issue 18: "screenshots of each page from the browser
// tests kept as test artifacts"): test-artifacts/screenshots/<name>.png, git-ignored, overwritten by each run.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

export const SCREENSHOTS_DIR = resolve('test-artifacts', 'screenshots');

/** A full-page screenshot of what the page shows now; returns its path. Name it after the view: 'stations', 'station'. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`screenshot name ${JSON.stringify(name)}: use lowercase letters, digits and -`);
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
