// The console's invoices view in headless Chromium against the real central system: filtered by status and a
// customer's name (in the address), paged with the cursor, the CSV link exporting exactly the filter shown, and
// an invoice paid and another voided from their rows.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { aStation } from '../helpers/seed.js';
import { bootedCharger } from '../helpers/charger.js';
import { api } from '../helpers/api.js';
import { dashboardHarness } from '../helpers/dashboard-harness.js';
import { aHolder } from '../helpers/bookings.js';
import { waitFor } from '../helpers/wait-for.js';
import { WAIT_MS } from '../helpers/browser.js';
import { saveScreenshot } from '../helpers/screenshots.js';
import { goToView, minutesAgo, openView, startedAt, stoppedAt, viewAfter } from '../helpers/console-view.js';

const h = dashboardHarness();

interface Invoice { id: number; number: string; status: string }

describe('console: invoices', () => {
  it('filters by status and name, pages, downloads the CSV of the filter, pays one and voids one', async () => {
    const name = `Dorothy Vaughan ${randomBytes(3).toString('hex')}`;
    const holder = await aHolder(h.app, name);
    const station = await aStation(h.app.services);
    const cp = await bootedCharger(h.app, station.chargeBoxId, { meterIntervalMs: 0 });
    // Three finished sessions of this customer, each invoiced at its stop; the middle one is paid already.
    const invoices: Invoice[] = [];
    for (const [i, startMin] of [300, 200, 100].entries()) {
      const tx = await startedAt(cp, 1, holder.idTag, minutesAgo(startMin), i * 10_000);
      await stoppedAt(cp, tx, holder.idTag, minutesAgo(startMin - 30), i * 10_000 + 7_000);
      invoices.push(await waitFor(async () => (await api(h.app).get(`/sessions/${tx}`)).body.invoice as Invoice | null, WAIT_MS));
    }
    const [first, paidAlready, last] = invoices as [Invoice, Invoice, Invoice];
    expect((await api(h.app).post(`/invoices/${paidAlready.id}/pay`, { method: 'cash' }, { 'idempotency-key': randomBytes(8).toString('hex') })).status).toBe(200);

    const hash = `#/invoices?q=${encodeURIComponent(name)}&status=unpaid&limit=1`;
    const d = await openView(h, hash);
    const rows = d.page.locator('[data-testid^="invoices-row-"]');
    expect(await rows.count()).toBe(1);
    await d.page.getByTestId(`invoices-row-${last.id}`).waitFor(); // newest first

    // The CSV link carries the filter shown (not the page): both unpaid invoices, not the paid one.
    const csvHref = (await d.page.getByTestId('invoices-csv').getAttribute('href'))!;
    const csvUrl = new URL(csvHref, h.app.url);
    expect(csvUrl.pathname).toBe('/api/exports/invoices.csv');
    expect(csvUrl.searchParams.get('status')).toBe('unpaid');
    expect(csvUrl.searchParams.get('q')).toBe(name);
    expect(csvUrl.searchParams.has('cursor')).toBe(false);
    const csv = await (await fetch(csvUrl)).text();
    expect(csv).toContain(first.number);
    expect(csv).toContain(last.number);
    expect(csv).not.toContain(paidAlready.number);

    // The next page, by the cursor in the address.
    const next = d.page.getByTestId('invoices-pager-next');
    const nextHash = (await next.getAttribute('href'))!;
    expect(nextHash).toContain('status=unpaid');
    await viewAfter(d.page, nextHash, () => next.click());
    await d.page.getByTestId(`invoices-row-${first.id}`).waitFor();
    expect(await rows.count()).toBe(1);

    // Paid: the filter changes the address, the list and the CSV link.
    await d.page.getByTestId('invoices-filter-status').selectOption('paid');
    await d.page.getByTestId(`invoices-row-${paidAlready.id}`).waitFor();
    expect(new URL(d.page.url()).hash).toBe(`#/invoices?q=${encodeURIComponent(name).replace(/%20/g, '+')}&status=paid`);
    expect(new URL((await d.page.getByTestId('invoices-csv').getAttribute('href'))!, h.app.url).searchParams.get('status')).toBe('paid');

    // Back on the unpaid ones (all of them): pay the newest, void the oldest with a reason.
    await goToView(d.page, `#/invoices?q=${encodeURIComponent(name)}&status=unpaid`);
    await d.page.getByTestId(`invoice-method-${last.id}`).selectOption('card');
    await d.page.getByTestId(`invoice-pay-${last.id}`).click();
    await d.page.getByTestId('invoices-result').filter({ hasText: `${last.number} paid (card)` }).waitFor();
    await d.page.getByTestId(`invoices-row-${last.id}`).waitFor({ state: 'detached' });
    await d.page.getByTestId(`invoice-void-reason-${first.id}`).fill('charged by mistake');
    await saveScreenshot(d.page, 'invoices');
    await d.page.getByTestId(`invoice-void-${first.id}`).click();
    await d.page.getByTestId(`invoices-row-${first.id}`).waitFor({ state: 'detached' });
    expect((await api(h.app).get(`/invoices/${last.id}`)).body.status).toBe('paid');
    expect((await api(h.app).get(`/invoices/${first.id}`)).body).toMatchObject({ status: 'void', voidReason: 'charged by mistake' });
    expect(d.errors).toEqual([]);
  });
});
