// The staff console: sign in with an API token (kept in sessionStorage), then follow the event stream and show
// the view the address names (router.js; views/index.js registers them). Signing out leaves the view and closes
// the stream.
import { $ } from './dom.js';
import { ApiError, describeError, request, token } from './api.js';
import { connectLive } from './live.js';
import { startRouter, stopRouter } from './router.js';
import { redeemLinkToken, takeLinkToken } from './sign-in-link.js';
import './views/index.js';

/** @type {(() => void) | null} */
let disconnect = null;

/** @param {string | null} error */
function showSignin(error) {
  $('dashboard').hidden = true;
  $('nav').hidden = true;
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
  // Leaving the view drops what it showed: the next account to sign in starts without it, results included.
  stopRouter();
  delete $('dashboard').dataset.loadedAt;
  showSignin(reason);
  $('message').hidden = true;
}

/** @param {import('./types.js').Me} me */
function start(me) {
  $('signin').hidden = true;
  $('dashboard').hidden = false;
  $('nav').hidden = false;
  $('signout').hidden = false;
  const who = $('whoami');
  who.hidden = false;
  who.textContent = `${me.name} · ${me.role}`;
  who.dataset.role = me.role;
  disconnect?.();
  disconnect = connectLive(/** @type {string} */ (token.get()), (state) => { // signIn() set it just before
    const live = $('live-state');
    live.dataset.state = state;
    live.textContent = state === 'live' ? 'live' : state;
  });
  startRouter($('outlet'));
}

$('signin-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const value = /** @type {HTMLInputElement} */ ($('signin-token')).value.trim();
  if (value) void signIn(value);
});
$('signout').addEventListener('click', () => signOut(null));
// The skip link moves the focus past the header; its own href would be taken for a view's address.
$('skip-link').addEventListener('click', (e) => { e.preventDefault(); $('outlet').focus(); });
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
