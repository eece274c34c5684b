// The README's quick start, walked as a new user does (issue 12): `npm start` on a fresh database with no
// ADMIN_TOKEN and no other setting prints a sign-in link; opened in Chromium it signs in and leaves the address
// bar; `npm run simulate` (the CLI, as a process) connects its charger, which shows under "New chargers" without
// a reload; Accept lets it charge, and its session appears live on the dashboard.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CentralSystemProcess, freePort } from '../helpers/central-system-process.js';
import { createProcessDatabase } from '../helpers/process-database.js';
import { launchBrowser, screenshot, type TestBrowser } from '../helpers/browser.js';
import { waitFor } from '../helpers/wait-for.js';

/** Bounds on waits that include a process starting (tsx compiling, the database opening) on a loaded machine. */
const PROCESS_WAIT_MS = 60_000;
const LINK = /Sign in as admin: open (http:\/\/localhost:\d+\/#token=csl_[A-Za-z0-9_-]+)/;

let env: Record<string, string>;
let remove: () => Promise<void>;
let chrome: TestBrowser;
beforeAll(async () => {
  [{ env, remove }, chrome] = await Promise.all([createProcessDatabase('quick-start'), launchBrowser()]);
}, PROCESS_WAIT_MS);
afterAll(async () => {
  await chrome?.close();
  await remove?.();
});

/** `npm run simulate -- --url …`: the CLI with its defaults otherwise (one charger, SIM-001, demo sessions). */
function simulate(port: number): { child: ChildProcess; lines: string[] } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'simulators/cli.ts', '--url', `ws://localhost:${port}/ocpp`], {
    cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return { child, lines };
}

describe('quick start', () => {
  it('the printed link signs in, the simulator\'s charger appears as new, Accept makes it charge, live on the dashboard', async () => {
    const port = await freePort();
    // No ADMIN_TOKEN, no OCPP_AUTO_REGISTER: the defaults, as after `npm install && npm start`.
    const cs = await CentralSystemProcess.start({ ...env, PORT: String(port), ADMIN_TOKEN: '' }, PROCESS_WAIT_MS);
    let sim: ReturnType<typeof simulate> | null = null;
    const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const line = await waitFor(() => cs.text.find((l) => LINK.test(l)), PROCESS_WAIT_MS);
      const link = LINK.exec(line)![1]!;

      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      page.on('response', (res) => { if (res.status() >= 400) errors.push(`${res.status()} ${res.url()}`); });
      await page.goto(link);
      await page.locator('[data-testid="live-state"][data-state="live"]').waitFor({ timeout: PROCESS_WAIT_MS });
      expect(await page.getByTestId('whoami').textContent()).toBe('admin · admin');
      expect(new URL(page.url()).hash).toBe(''); // the one-time token is gone from the address bar
      expect(await page.getByTestId('new-chargers').isHidden()).toBe(true);

      sim = simulate(port);
      await waitFor(() => sim!.lines.some((l) => l.includes('SIM-001 waits for acceptance')), PROCESS_WAIT_MS);
      const row = page.locator('[data-testid="new-charger-list"] [data-charge-box-id="SIM-001"]');
      await row.waitFor({ timeout: PROCESS_WAIT_MS });
      expect(await row.textContent()).toContain('ChargeSync'); // the vendor from its BootNotification
      await screenshot(page, 'quick-start-new-charger');

      await row.getByRole('button', { name: 'Accept' }).click();
      const session = page.locator('[data-testid="session-list"] [data-session-id]');
      await session.first().waitFor({ timeout: PROCESS_WAIT_MS });
      await row.waitFor({ state: 'detached' });
      // The decision's result stays beside the panel until dismissed; then the empty panel goes.
      expect(await page.getByTestId('new-chargers-result-text').textContent()).toContain('SIM-001 is Accepted');
      await page.getByTestId('new-chargers-result-close').click();
      await page.getByTestId('new-chargers').waitFor({ state: 'hidden' });
      expect(sim.lines.some((l) => l.includes('SIM-001 accepted: going on'))).toBe(true);
      await screenshot(page, 'quick-start-charging');
      expect(errors).toEqual([]);

      // The link works once: opened again (another browser, say), it shows why and offers the sign-in form.
      const again = await context.browser()!.newContext();
      try {
        const second = await again.newPage();
        await second.goto(link);
        await second.getByTestId('signin-error').waitFor();
        expect(await second.getByTestId('signin-error').textContent()).toContain('used already or has expired');
        expect(new URL(second.url()).hash).toBe('');
      } finally {
        await again.close();
      }
    } finally {
      await context.close();
      if (sim) {
        sim.child.kill('SIGINT'); // the CLI ends its sessions and closes
        await once(sim.child, 'exit');
      }
      await cs.stop('SIGTERM');
    }
  }, 4 * PROCESS_WAIT_MS);
});
