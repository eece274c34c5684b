// The staff API over fetch with the signed-in token. Every failure becomes an ApiError carrying the API's own
// { error, message } so the page can show it; a network failure becomes one too.

const TOKEN_KEY = 'chargesync.token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (t) => sessionStorage.setItem(TOKEN_KEY, t),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(status, error, message) {
    super(message);
    this.status = status;
    this.error = error;
  }
}

export async function request(method, path, body, tokenOverride, extraHeaders = {}) {
  const t = tokenOverride ?? token.get();
  const headers = { ...extraHeaders };
  if (t) headers.authorization = `Bearer ${t}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ApiError(0, 'NetworkError', `the central system did not answer (${err.message})`);
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) {
    throw new ApiError(res.status, data?.error ?? `HTTP ${res.status}`, data?.message ?? res.statusText ?? 'request failed');
  }
  return data;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body = {}, headers = {}) => request('POST', path, body, undefined, headers),
  patch: (path, body = {}) => request('PATCH', path, body),
};

/** Text for a message area: "403 Forbidden: viewer may not …". */
export function describeError(err) {
  if (err instanceof ApiError) return `${err.status ? `${err.status} ` : ''}${err.error}: ${err.message}`;
  return String(err?.message ?? err);
}
