// The staff API over fetch with the signed-in token. Every failure becomes an ApiError carrying the API's own
// { error, message } so the page can show it; a network failure becomes one too.

const TOKEN_KEY = 'chargesync.token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (/** @type {string} */ t) => sessionStorage.setItem(TOKEN_KEY, t),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  /** @param {number} status  0 when the central system did not answer @param {string} error @param {string} message */
  constructor(status, error, message) {
    super(message);
    this.status = status;
    this.error = error;
  }
}

/**
 * The API's JSON answer, as parsed (any): each caller knows the shape of the resource it asked for (types.js).
 * @param {string} method @param {string} path @param {unknown} [body] @param {string} [tokenOverride]
 * @param {Record<string, string>} [extraHeaders]
 * @returns {Promise<any>}
 */
export async function request(method, path, body, tokenOverride, extraHeaders = {}) {
  return (await send(method, path, body, tokenOverride, extraHeaders)).data;
}

/**
 * The answer's body and headers (a paged list's next cursor is a header).
 * @param {string} method @param {string} path @param {unknown} [body] @param {string} [tokenOverride]
 * @param {Record<string, string>} [extraHeaders]
 * @returns {Promise<{ data: any, headers: Headers }>}
 */
async function send(method, path, body, tokenOverride, extraHeaders = {}) {
  const t = tokenOverride ?? token.get();
  /** @type {Record<string, string>} */
  const headers = { ...extraHeaders };
  if (t) headers.authorization = `Bearer ${t}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ApiError(0, 'NetworkError', `the central system did not answer (${/** @type {Error} */ (err).message})`);
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) {
    throw new ApiError(res.status, data?.error ?? `HTTP ${res.status}`, data?.message ?? res.statusText ?? 'request failed');
  }
  return { data, headers: res.headers };
}

/**
 * @template T
 * @typedef {{ items: T[], nextCursor: string | null }} Page  a page of a keyset-paged list
 */

/**
 * One page of a paged list (GET /api{path}): the body is its rows, the next page's cursor is in X-Next-Cursor
 * (null on the last page). A 401 signs the page out, as every other call's does through the views.
 * @param {string} path @returns {Promise<Page<any>>}
 */
export async function getPage(path) {
  try {
    const { data, headers } = await send('GET', path);
    return { items: Array.isArray(data) ? data : [], nextCursor: headers.get('x-next-cursor') };
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) window.dispatchEvent(new Event('chargesync:unauthorized'));
    throw err;
  }
}

export const api = {
  /** @param {string} path */
  get: (path) => request('GET', path),
  /** @param {string} path @param {unknown} [body] @param {Record<string, string>} [headers] */
  post: (path, body = {}, headers = {}) => request('POST', path, body, undefined, headers),
  /** @param {string} path @param {unknown} [body] */
  patch: (path, body = {}) => request('PATCH', path, body),
};

/** Text for a message area: "403 Forbidden: viewer may not …". @param {unknown} err */
export function describeError(err) {
  if (err instanceof ApiError) return `${err.status ? `${err.status} ` : ''}${err.error}: ${err.message}`;
  return String(/** @type {{ message?: unknown } | null | undefined} */ (err)?.message ?? err);
}
