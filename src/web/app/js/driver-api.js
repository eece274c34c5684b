// The driver API over fetch with the driver's token. The token stays in localStorage: a phone keeps its driver
// signed in until the token expires (DRIVER_TOKEN_TTL_S) or they sign out. Every failure becomes an ApiError with
// the API's own { error, message, details }, so a view can say what went wrong; a network failure becomes one too.

const TOKEN_KEY = 'chargesync.driver.token';

export const driverToken = {
  get: () => localStorage.getItem(TOKEN_KEY),
  set: (/** @type {string} */ t) => localStorage.setItem(TOKEN_KEY, t),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  /** @param {number} status 0 when the central system did not answer @param {string} error @param {string} message
   *  @param {any} [details] */
  constructor(status, error, message, details = null) {
    super(message);
    this.status = status;
    this.error = error;
    this.details = details;
  }
}

/**
 * @param {string} method @param {string} path under /api/driver @param {unknown} [body]
 * @param {Record<string, string>} [headers]
 * @returns {Promise<{ data: any, headers: Headers }>}
 */
async function send(method, path, body, headers = {}) {
  const t = driverToken.get();
  /** @type {Record<string, string>} */
  const h = { ...headers };
  if (t) h.authorization = `Bearer ${t}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(`/api/driver${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ApiError(0, 'NetworkError', `no answer from the charging network (${/** @type {Error} */ (err).message}); try again`);
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) {
    // A token that expired or was revoked: back to sign-in (main.js listens).
    if (res.status === 401 && t) window.dispatchEvent(new Event('chargesync:signed-out'));
    throw new ApiError(res.status, data?.error ?? `HTTP ${res.status}`, data?.message ?? res.statusText, data?.details ?? null);
  }
  return { data, headers: res.headers };
}

export const driverApi = {
  /** @param {string} path @returns {Promise<any>} */
  get: async (path) => (await send('GET', path)).data,
  /** @param {string} path @param {unknown} [body] @param {Record<string, string>} [headers] @returns {Promise<any>} */
  post: async (path, body, headers) => (await send('POST', path, body ?? {}, headers)).data,
  /** A page of a paged list: its rows and the next page's cursor (X-Next-Cursor), null on the last.
   *  @param {string} path @returns {Promise<{ items: any[], nextCursor: string | null }>} */
  page: async (path) => {
    const { data, headers } = await send('GET', path);
    return { items: Array.isArray(data) ? data : [], nextCursor: headers.get('x-next-cursor') };
  },
};

/** What the app shows for a failure: the API's message, and for a conflict the reason it named.
 *  @param {unknown} err */
export function failureText(err) {
  if (!(err instanceof ApiError)) return String(/** @type {Error} */ (err)?.message ?? err);
  return err.message;
}
