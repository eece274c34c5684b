// Who may do what, as the page shows it: a viewer's operator action shows the API's 403 message beside the
// control that was used, and the page keeps working; an invalid token is refused at sign-in with a message; sign-out forgets the token.
import { describe, expect, it } from 'vitest';
import { aStation } from '../helpers/seed.js';
import { bootedCharger } from '../helpers/charger.js';
import { aToken } from '../helpers/api.js';
import { dashboardHarness } from '../helpers/dashboard-harness.js';
import { openDashboard, signedInDashboard } from '../helpers/browser.js';
import { goToView } from '../helpers/console-view.js';

const h = dashboardHarness();

describe('dashboard access', () => {
  it('shows a viewer the 403 message for an operator action, and the page keeps working', async () => {
    const station = await aStation(h.app.services);
    await bootedCharger(h.app, station.chargeBoxId, { meterIntervalMs: 0 });
    const d = await signedInDashboard(h.chrome.browser, h.app, await aToken(h.app, 'viewer'));
    h.track(d);
    expect(await d.page.getByTestId('whoami').getAttribute('data-role')).toBe('viewer');
    await d.page.locator(`[data-testid="action-station"] option[value="${station.id}"]`).waitFor({ state: 'attached' });

    await d.page.getByTestId('action-station').selectOption(String(station.id));
    await d.page.getByTestId('action-unlock').click();
    const unlock = d.page.getByTestId('action-unlock-result');
    await unlock.filter({ hasText: 'Unlock failed' }).waitFor();
    expect(await unlock.getAttribute('data-kind')).toBe('error');
    expect(await d.page.getByTestId('action-unlock-result-text').textContent()).toMatch(/403 Forbidden: .+/);
    expect(await d.page.getByTestId('message').isVisible()).toBe(false); // nothing at the top of the page

    await d.page.getByTestId('issue-station').selectOption(String(station.id));
    await d.page.getByTestId('issue-title').fill('Viewer cannot');
    await d.page.getByTestId('issue-open').click();
    await d.page.getByTestId('issue-open-result').filter({ hasText: 'Open issue failed: 403' }).waitFor();
    expect(await unlock.isVisible()).toBe(true); // each result stays until dismissed

    // Still signed in and rendering, the other views too.
    expect(await d.page.getByTestId('dashboard').isVisible()).toBe(true);
    await goToView(d.page, `#/stations?q=${station.chargeBoxId}`);
    expect(await d.page.getByTestId(`connector-${station.id}-1`).getAttribute('data-status')).toBe('Available');
    expect(d.errors).toEqual([]);
  });

  it('refuses an invalid token at sign-in with a message', async () => {
    const d = await openDashboard(h.chrome.browser, h.app, 'not-a-real-token');
    h.track(d);
    const error = d.page.getByTestId('signin-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^Sign-in refused: .+/);
    expect(await d.page.getByTestId('dashboard').isHidden()).toBe(true);
    expect(await d.page.evaluate('sessionStorage.length')).toBe(0);
  });

  it('signs out: the token is forgotten and the sign-in form is back', async () => {
    const d = await signedInDashboard(h.chrome.browser, h.app, await aToken(h.app, 'operator'));
    h.track(d);
    await d.page.getByTestId('signout').click();
    await d.page.getByTestId('signin').waitFor();
    expect(await d.page.evaluate('sessionStorage.length')).toBe(0);
    await d.page.reload();
    await d.page.getByTestId('signin').waitFor();
    expect(await d.page.getByTestId('dashboard').isHidden()).toBe(true);
  });
});
