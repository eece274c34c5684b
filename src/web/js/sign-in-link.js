// The one-time sign-in link the central system prints at its first start: http://host:port/#token=…
// The fragment never reaches a server; we take it, remove it from the address bar (and so from the history),
// and trade it once for an API token of the account (POST /api/sign-in-links/redeem).
import { request } from './api.js';

/** The link's token, removed from the address bar; null when the page was opened without one. */
export function takeLinkToken() {
  const params = new URLSearchParams(location.hash.slice(1));
  const linkToken = params.get('token');
  if (!linkToken) return null;
  history.replaceState(null, '', location.pathname + location.search);
  return linkToken;
}

/**
 * The API token the link stands for; a used or expired link is an ApiError 401.
 * @param {string} linkToken @returns {Promise<string>}
 */
export async function redeemLinkToken(linkToken) {
  const answer = await request('POST', '/sign-in-links/redeem', { token: linkToken }, '');
  return answer.token;
}
