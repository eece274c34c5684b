// The driver app (issue 19): a phone-first page over the driver API, no build step. Signed out, it shows
// sign-in (or the invitation a staff link opened); signed in, the stations, a connector (#/c/{code}, where a
// scanned QR lands), the live session, invoices and history, kept live by the driver's own event stream.
import { $ } from '../../js/dom.js';
import { navigate, registerView, startRouter, stopRouter } from '../../js/router.js';
import { driverToken } from './driver-api.js';
import { connectDriverLive } from './driver-live.js';
import { stationsView } from './views/stations.js';
import { connectorView } from './views/connector.js';
import { sessionView } from './views/session.js';
import { invoiceView } from './views/invoice.js';
import { historyView } from './views/history.js';
import { accountView } from './views/account.js';
import { signInView, signUpView, inviteView } from './views/sign-in.js';

// Where a signed-out visitor was going (a scanned connector): shown once they have signed in.
const NEXT_KEY = 'chargesync.driver.next';
const OPEN_VIEWS = /^#\/(signin|signup|invite\/)/;

for (const view of [stationsView, connectorView, sessionView, invoiceView, historyView, accountView, signInView, signUpView, inviteView]) {
  registerView(view);
}

/** @type {(() => void) | null} */
let closeLive = null;

function showLiveState(/** @type {'live' | 'reconnecting' | 'off'} */ state) {
  const badge = $('live-state');
  badge.dataset.state = state;
  badge.textContent = state === 'live' ? 'live' : state === 'reconnecting' ? 'reconnecting…' : 'offline';
}

/** Signed in (a token kept, or just given): live stream on, tabs shown, on to where the driver was going. */
function signedIn() {
  const token = driverToken.get();
  if (!token) return;
  closeLive?.();
  closeLive = connectDriverLive(token, showLiveState);
  $('tabs').hidden = false;
  $('live-state').hidden = false;
  const next = sessionStorage.getItem(NEXT_KEY);
  sessionStorage.removeItem(NEXT_KEY);
  if (next) navigate(next);
  else if (OPEN_VIEWS.test(location.hash)) navigate('#/');
}

/** Signed out (by the driver, or a token the API no longer takes): stream off, back to sign-in. */
function signedOut() {
  driverToken.clear();
  closeLive?.();
  closeLive = null;
  $('tabs').hidden = true;
  $('live-state').hidden = true;
  if (!OPEN_VIEWS.test(location.hash)) {
    if (location.hash && location.hash !== '#/') sessionStorage.setItem(NEXT_KEY, location.hash);
    navigate('#/signin');
  }
}

window.addEventListener('chargesync:signed-out', signedOut);
window.addEventListener('chargesync:signed-in', signedIn);
// A signed-out visitor may open only sign-in, sign-up and an invitation; anything else waits behind sign-in.
window.addEventListener('hashchange', () => {
  if (!driverToken.get() && !OPEN_VIEWS.test(location.hash)) signedOut();
});

// Signed out, the address moves to sign-in before the first view is drawn (no view asks the API without a token).
if (!driverToken.get()) signedOut();
stopRouter();
startRouter($('outlet'));
if (driverToken.get()) signedIn();
