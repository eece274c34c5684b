// Overview (#/): the counts, what needs attention, the latest running sessions live, energy and sessions per hour
// today and per day for 30 days, and the operator's everyday panels (new chargers, actions, issues, security events,
// sites, today's bookings, awaiting payment). Its markup is index.html's #overview-template; each panel is one
// module, built anew each time the view is shown. It follows the event stream: session.updated is applied in
// place, anything else that changes the picture re-reads the dashboard (debounced).
import { $ } from '../dom.js';
import { api, ApiError, describeError } from '../api.js';
import { act, describeAnswer, resultBox, say } from '../message.js';
import { markLoaded } from '../router.js';
import { onLive } from '../live-bus.js';
import { renderOverview } from '../overview.js';
import { applySessionUpdate, renderSessions, tickDurations } from '../sessions.js';
import { buildActions } from '../actions.js';
import { buildIssues } from '../issues.js';
import { buildSecurityEvents } from '../security-events.js';
import { SITE_REFRESH_MS, siteList } from '../sites.js';
import { buildBookings, today } from '../bookings.js';
import { renderAwaiting } from '../payments.js';
import { buildNewChargers } from '../new-chargers.js';
import { throttled } from '../throttle.js';
import { renderAttention } from './overview-attention.js';
import { energyCharts } from './overview-charts.js';

// Staff see a change within a second (the product rule); one dashboard read a second per open page at most.
const TILE_REFRESH_MS = 1_000;
const DEBOUNCE_MS = 250;
// The energy charts follow sessions that start and stop; hourly and daily figures need no more than this.
const CHART_REFRESH_MS = 10_000;
/** Events after which the overview is read again; session.updated is applied in place instead. */
const REFETCH_ON = new Set(['station.online', 'station.offline', 'station.booted', 'station.updated', 'connector.status', 'session.started',
  'session.stopped', 'issue.changed', 'slot.changed', 'booking.changed', 'security.event', 'site.updated', 'invoice.issued',
  'invoice.paid', 'invoice.voided', 'resync']);

/** @param {HTMLElement} root */
function render(root) {
  const template = /** @type {HTMLTemplateElement} */ (document.getElementById('overview-template'));
  root.append(template.content.cloneNode(true));
  let left = false;
  let loading = /** @type {Promise<void> | null} */ (null);
  let again = false;
  const ctx = { refresh, role: () => $('whoami').dataset.role };
  const parts = {
    actions: buildActions(ctx), issues: buildIssues(ctx), bookings: buildBookings(ctx), newChargers: buildNewChargers(ctx),
    securityEvents: buildSecurityEvents(), sites: siteList($('site-list', root)), charts: energyCharts($('energy-charts', root)),
  };
  const loadStations = () => Promise.all([parts.actions.loadStations(), parts.issues.loadStations(), parts.securityEvents.loadStations()]);

  async function load() {
    const from = today();
    const to = new Date(from.getTime() + 86_400_000);
    const [dashboard, issues, slots, bookings] = await Promise.all([
      api.get('/dashboard'), api.get('/issues?open=true&limit=100'), api.get('/slots'),
      api.get(`/bookings?from=${from.toISOString()}&to=${to.toISOString()}&limit=200`),
    ]);
    if (left) return;
    renderOverview(dashboard);
    renderAttention($('attention-list', root), dashboard);
    renderSessions(dashboard, { onStop: stopSession });
    renderAwaiting(dashboard.attention?.awaitingPayment?.items ?? dashboard.awaitingPayment ?? [], { onPaid: () => void refresh() });
    parts.issues.update(issues);
    parts.bookings.update(slots, bookings);
    void parts.newChargers.load();
    void parts.sites.load();
    markLoaded(root);
    $('dashboard').dataset.loadedAt = String(Date.now());
  }

  /** Reloads from the API; calls that arrive during a load run once after it. */
  async function refresh() {
    if (left) return;
    if (loading) { again = true; return loading; }
    loading = load().catch((err) => {
      if (!(err instanceof ApiError && err.status === 401)) say('error', `Could not load the overview: ${describeError(err)}`);
      else window.dispatchEvent(new Event('chargesync:unauthorized'));
    });
    await loading;
    loading = null;
    if (again) { again = false; await refresh(); }
  }

  /** @param {number} id */
  async function stopSession(id) {
    // The row leaves the list once stopped: the answer stays above the list until dismissed.
    const box = resultBox('session-stop-result', { before: $('session-list', root) });
    await act(box, `Stop session #${id}`, () => api.post(`/sessions/${id}/stop`), (r) => describeAnswer(`Stop session #${id}`, r));
    void refresh();
  }

  const tiles = throttled(async () => {
    try { if (!left) renderOverview(await api.get('/dashboard')); } catch { /* the next full refresh reports errors */ }
  }, TILE_REFRESH_MS);
  const sites = throttled(() => parts.sites.load(), SITE_REFRESH_MS);
  const charts = throttled(() => parts.charts.load(), CHART_REFRESH_MS);
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let debounce;
  const unsubscribe = onLive((name, data) => {
    if (name === 'session.updated') {
      if (!applySessionUpdate(/** @type {import('../types.js').SessionUpdate} */ (data))) void refresh();
      tiles.poke(); // energy today and the other tiles follow the charging
      sites.poke(); // and the sites' measured draw
      return;
    }
    if (name === 'station.booted' || name === 'station.updated') void loadStations();
    if (name === 'booking.changed') void parts.bookings.loadChoices();
    if (name === 'security.event') void parts.securityEvents.load();
    if (name === 'session.started' || name === 'session.stopped') charts.poke();
    if (REFETCH_ON.has(name)) {
      clearTimeout(debounce);
      debounce = setTimeout(() => void refresh(), DEBOUNCE_MS);
    }
  });
  const ticker = setInterval(tickDurations, 1000);
  void parts.bookings.loadChoices();
  void loadStations();
  void parts.charts.load();
  void refresh();

  return () => {
    left = true;
    unsubscribe();
    clearInterval(ticker);
    clearTimeout(debounce);
    tiles.cancel();
    sites.cancel();
    charts.cancel();
    parts.sites.destroy();
    parts.charts.destroy();
  };
}

/** @type {import('../router.js').View} */
export const overviewView = { name: 'overview', path: /^\/$/, title: 'Overview', render };
