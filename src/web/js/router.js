// Linkable views: the address's hash names the view and its state (#/stations?q=CP-1&status=Faulted,
// #/stations/12), so a view can be bookmarked, shared, reloaded and left with the back button.

/**
 * @typedef {object} Route
 * @property {string[]} params the path's captured groups (#/stations/12 → ['12'])
 * @property {URLSearchParams} query the hash's query (#/sessions?state=active)
 */

/**
 * @typedef {object} View
 * @property {string} name names the view on its root (data-view=name, data-testid=view-name) and in the nav (a link
 *   with data-view=name gets aria-current="page")
 * @property {string} [nav] the nav link it is shown under when not its own (a station's page: 'stations')
 * @property {RegExp} path matched against the hash's path: '#/stations/12' is matched as '/stations/12'
 * @property {string} title the document's title while shown
 * @property {(root: HTMLElement, route: Route) => (void | (() => void) | Promise<void | (() => void)>)} render
 *   draws the view into its (empty) root; returns what to undo when the view is left (listeners, timers)
 */

/** @type {View[]} */
const views = [];
/** @type {(() => void) | null} */
let leave = null;
/** @type {HTMLElement | null} */
let outlet = null;

/** @param {View} view */
export function registerView(view) {
  views.push(view);
}

/** The hash for a view's path and query: href('/stations', { q: 'CP-1' }) → '#/stations?q=CP-1'; empty values left out.
 *  @param {string} path @param {Record<string, string | number | boolean | null | undefined>} [query] */
export function href(path, query = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

/** Goes to a view (a new history entry, so back returns). @param {string} hash */
export function navigate(hash) {
  if (location.hash === hash) void show();
  else location.hash = hash;
}

/** Changes the current view's query without a new history entry (a filter typed, a page turned). @param {string} hash */
export function replaceQuery(hash) {
  history.replaceState(null, '', hash);
}

// After a move (a link, the back button), the focus goes to the new view, so the keyboard and a screen reader
// carry on from its start rather than from a control that is gone.
const onHashChange = () => void show().then(() => outlet?.focus({ preventScroll: true }));

/** Starts following the address; views render into outletEl. Again after a stop (signed in again): one listener.
 *  @param {HTMLElement} outletEl */
export function startRouter(outletEl) {
  outlet = outletEl;
  window.removeEventListener('hashchange', onHashChange);
  window.addEventListener('hashchange', onHashChange);
  void show();
}

/** Stops: the current view is left (sign-out). */
export function stopRouter() {
  window.removeEventListener('hashchange', onHashChange);
  leave?.();
  leave = null;
  outlet?.replaceChildren();
  outlet = null;
}

/** A view says it has shown its data (tests and screenshots wait for it): data-loaded-at on its root, the time.
 *  @param {HTMLElement} root */
export function markLoaded(root) {
  root.dataset.loadedAt = String(Date.now());
}

/** Shows the view the address names; an unknown address shows the first view (the overview). */
async function show() {
  if (!outlet) return;
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path = '/', search = ''] = raw.split('?');
  const match = views.map((v) => ({ v, m: v.path.exec(path) })).find((x) => x.m);
  const view = match?.v ?? views[0];
  if (!view) return;
  leave?.();
  leave = null;
  const root = document.createElement('section');
  root.className = 'view';
  root.dataset.view = view.name;
  root.dataset.testid = `view-${view.name}`;
  outlet.replaceChildren(root);
  document.title = `ChargeSync · ${view.title}`;
  for (const a of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('nav [data-view]'))) {
    if (a.dataset.view === (view.nav ?? view.name)) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  let undo;
  try {
    undo = await view.render(root, { params: match?.m ? match.m.slice(1) : [], query: new URLSearchParams(search) });
  } catch (err) {
    console.error(err);
    const p = document.createElement('p');
    p.className = 'error';
    p.textContent = `Could not show this page: ${String(/** @type {Error} */ (err)?.message ?? err)}`;
    root.append(p);
  }
  if (outlet?.firstChild === root) leave = typeof undo === 'function' ? undo : null;
  else if (typeof undo === 'function') undo(); // left while it was still loading
}
