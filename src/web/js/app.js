// The staff dashboard: sign in with an API token (kept in sessionStorage), then load the public API and follow
// the event stream. Each part of the page is one module; this one wires them together.
import { $, el, replace } from './dom.js';
import { api, ApiError, describeError, request, token } from './api.js';
import { say, act, describeAnswer, resultBox } from './message.js';
import { connectLive } from './live.js';
import { renderOverview, tileRefresher } from './overview.js';
import { renderGrid } from './grid.js';
import { applySessionUpdate, renderSessions, tickDurations } from './sessions.js';
import { curveSvg } from './chart.js';
import { buildActions } from './actions.js';
import { buildIssues } from './issues.js';
import { buildSecurityEvents } from './security-events.js';
import { loadSites, siteRefresher } from './sites.js';
import { buildBookings, today } from './bookings.js';
import { renderAwaiting } from './payments.js';
import { buildNewChargers } from './new-chargers.js';
import { redeemLinkToken, takeLinkToken } from './sign-in-link.js';

/**
 * The page's parts that keep state, made once at the first sign-in.
 * @typedef {{ actions: ReturnType<typeof buildActions>, issues: ReturnType<typeof buildIssues>,
 *   bookings: ReturnType<typeof buildBookings>, newChargers: ReturnType<typeof buildNewChargers>,
 *   securityEvents: ReturnType<typeof buildSecurityEvents> }} Views
 */

/** @type {(() => void) | null} */
let disconnect = null;
/** @type {ReturnType<typeof setInterval> | undefined} */
let ticker = undefined;
/** @type {number | null} */
let curveSessionId = null;
/** @type {Views | null} */
let views = null;
/** @type {Promise<void> | null} */
let loading = null;
let again = false;
const pokeTiles = tileRefresher(() => api.get('/dashboard'));
const pokeSites = siteRefresher();

/** @param {string | null} error */
function showSignin(error) {
  $('dashboard').hidden = true;
  $('signout').hidden = true;
  $('whoami').hidden = true;
  $('signin').hidden = false;
  const box = $('signin-error');
  box.hidden = !error;
  box.textContent = error ?? '';
}

/** @param {string} candidate */
async function signIn(candidate) {
  try {
    const me = await request('GET', '/me', undefined, candidate);
    token.set(candidate);
    start(me);
  } catch (err) {
    showSignin(err instanceof ApiError && err.status === 401 ? `Sign-in refused: ${err.message}` : `Sign-in failed: ${describeError(err)}`);
  }
}

/** @param {string | null} reason */
function signOut(reason) {
  token.clear();
  disconnect?.();
  disconnect = null;
  clearInterval(ticker);
  showSignin(reason);
  $('message').hidden = true;
  // Results belong to the account that acted: the next one to sign in starts without them.
  for (const box of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('.result'))) box.hidden = true;
}

/** @param {import('./types.js').Me} me */
function start(me) {
  $('signin').hidden = true;
  $('dashboard').hidden = false;
  $('signout').hidden = false;
  const who = $('whoami');
  who.hidden = false;
  who.textContent = `${me.name} · ${me.role}`;
  who.dataset.role = me.role;
  const ctx = { refresh, role: () => $('whoami').dataset.role };
  const parts = (views ??= {
    actions: buildActions(ctx), issues: buildIssues(ctx), bookings: buildBookings(ctx), newChargers: buildNewChargers(ctx),
    securityEvents: buildSecurityEvents(),
  });
  void parts.bookings.loadChoices();
  disconnect?.();
  disconnect = connectLive(/** @type {string} */ (token.get()), { // signIn() set it just before
    onSessionUpdated(e) {
      if (!applySessionUpdate(e)) void refresh();
      pokeTiles(); // energy today and the other tiles follow the charging
      pokeSites(); // and the sites' measured draw
      if (e.sessionId === curveSessionId) void showCurve(e.sessionId, false);
    },
    onChange: (name) => { if (name === 'booking.changed') void parts.bookings.loadChoices(); void refresh(); },
    onState(state) {
      const live = $('live-state');
      live.dataset.state = state;
      live.textContent = state === 'live' ? 'live' : state;
    },
  });
  clearInterval(ticker);
  ticker = setInterval(tickDurations, 1000);
  void refresh();
}

/** Reloads everything from the API; calls that arrive during a load run once after it. */
async function refresh() {
  if (loading) { again = true; return loading; }
  loading = (async () => {
    try {
      const from = today();
      const to = new Date(from.getTime() + 86_400_000);
      const [dashboard, issues, slots, bookings] = await Promise.all([
        api.get('/dashboard'), api.get('/issues?open=true&limit=100'), api.get('/slots'),
        api.get(`/bookings?from=${from.toISOString()}&to=${to.toISOString()}&limit=200`),
      ]);
      render(dashboard, issues, slots, bookings);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return signOut('Your token is no longer valid; sign in again.');
      say('error', `Could not load the dashboard: ${describeError(err)}`);
    }
  })();
  await loading;
  loading = null;
  if (again) { again = false; await refresh(); }
}

/**
 * @param {import('./types.js').Dashboard} dashboard @param {import('./types.js').Issue[]} issues
 * @param {import('./types.js').Slot[]} slots @param {import('./types.js').Booking[]} bookings
 */
function render(dashboard, issues, slots, bookings) {
  const parts = /** @type {Views} */ (views); // start() made them before the first refresh
  renderOverview(dashboard);
  renderGrid(dashboard);
  renderSessions(dashboard, { onStop: stopSession, onCurve: (id) => showCurve(id, true) });
  renderAwaiting(dashboard, { onPaid: () => void refresh() });
  parts.actions.update(dashboard);
  parts.issues.update(dashboard, issues);
  parts.bookings.update(slots, bookings);
  void parts.newChargers.load();
  void parts.securityEvents.update(dashboard);
  void loadSites();
  $('dashboard').dataset.loadedAt = String(Date.now());
}

/** @param {number} id */
async function stopSession(id) {
  // The row leaves the list once stopped: the answer stays above the list until dismissed.
  const box = resultBox('session-stop-result', { before: $('session-list') });
  await act(box, `Stop session #${id}`, () => api.post(`/sessions/${id}/stop`), (r) => describeAnswer(`Stop session #${id}`, r));
  void refresh();
}

/** @param {number} id @param {boolean} announce */
async function showCurve(id, announce) {
  const box = $('curve');
  curveSessionId = id;
  try {
    /** @type {import('./types.js').SessionDetail} */
    const session = await api.get(`/sessions/${id}`);
    box.hidden = false;
    replace(box,
      el('div', { class: 'curve-head' },
        el('strong', { 'data-testid': 'curve-title' }, `Charging curve · session #${id}`),
        el('span', { class: 'legend' }, el('span', { class: 'key power' }, 'power (kW)'), el('span', { class: 'key soc' }, 'SoC (%)')),
        el('button', { type: 'button', 'data-testid': 'curve-close', onclick: () => { curveSessionId = null; box.hidden = true; } }, 'Close')),
      curveSvg(session.series ?? [], box.clientWidth));
  } catch (err) {
    if (announce) say('error', `Curve of session #${id}: ${describeError(err)}`);
  }
}

$('signin-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const value = /** @type {HTMLInputElement} */ ($('signin-token')).value.trim();
  if (value) void signIn(value);
});
$('signout').addEventListener('click', () => signOut(null));
window.addEventListener('resize', () => { if (curveSessionId !== null) void showCurve(curveSessionId, false); });
window.addEventListener('chargesync:unauthorized', () => signOut('Your token is no longer valid; sign in again.'));

/** @param {string} linkToken */
async function signInWithLink(linkToken) {
  try {
    await signIn(await redeemLinkToken(linkToken));
  } catch (err) {
    showSignin(err instanceof ApiError && err.status === 401 ? 'This sign-in link was used already or has expired: start the central system with --sign-in-link for a new one.'
      : `Sign-in failed: ${describeError(err)}`);
  }
}

const linkToken = takeLinkToken();
const saved = token.get();
if (linkToken) void signInWithLink(linkToken); else if (saved) void signIn(saved); else showSignin(null);
