// The dashboard's Security events card in headless Chromium, the simulator as the charger: a critical event shows
// up marked critical without a reload, with the issue it opened, which the open issues list shows too; a plain
// one shows unmarked.
import { describe, expect, it } from 'vitest';
import { TEST_ADMIN_TOKEN } from '../helpers/test-app.js';
import { aStation } from '../helpers/seed.js';
import { bootedCharger } from '../helpers/charger.js';
import { api } from '../helpers/api.js';
import { dashboardHarness } from '../helpers/dashboard-harness.js';
import { signedInDashboard } from '../helpers/browser.js';

const h = dashboardHarness();

describe('Security events on the dashboard', () => {
  it('shows a critical event live, marked, with its issue; a plain one unmarked', async () => {
    const d = h.track(await signedInDashboard(h.chrome.browser, h.app, TEST_ADMIN_TOKEN));
    const station = await aStation(h.app.services);
    const cp = await bootedCharger(h.app, station.chargeBoxId, { meterIntervalMs: 0 });
    await d.page.locator(`[data-testid="security-station"] option[value="${station.id}"]`).waitFor({ state: 'attached' });
    await d.page.getByTestId('security-station').selectOption(String(station.id));
    await d.page.getByTestId('no-security-events').waitFor();
    await d.page.evaluate('window.sameDocument = true'); // gone if the page reloads

    await cp.call('SecurityEventNotification', { type: 'TamperDetectionActivated', timestamp: new Date().toISOString(), techInfo: 'door opened' });
    const [stored] = (await api(h.app).get(`/stations/${station.id}/security-events`)).body as Array<{ id: number; issueId: number }>;
    const row = d.page.getByTestId(`security-event-${stored!.id}`);
    await row.waitFor();
    expect(await row.getAttribute('data-critical')).toBe('true');
    expect(await row.textContent()).toContain('TamperDetectionActivated');
    expect(await row.textContent()).toContain(`issue #${stored!.issueId}`);
    await d.page.getByTestId(`issue-${stored!.issueId}`).waitFor();

    await cp.call('SecurityEventNotification', { type: 'InvalidMessages', timestamp: new Date().toISOString() });
    const [plain] = (await api(h.app).get(`/stations/${station.id}/security-events`)).body as Array<{ id: number }>;
    const plainRow = d.page.getByTestId(`security-event-${plain!.id}`);
    await plainRow.waitFor();
    expect(await plainRow.getAttribute('data-critical')).toBe('false');
    expect(await d.page.evaluate('window.sameDocument')).toBe(true);
    expect(d.errors).toEqual([]);
  });
});
