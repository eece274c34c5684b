// At start (main.ts): on a database without any staff account and without ADMIN_TOKEN, the first admin account
// and its one-time sign-in link, printed once (issue 12). `npm start -- --sign-in-link` prints a new link for
// the first enabled admin, for a link that was lost or expired.
import type { Config } from './config.js';
import type { Logger } from './shared/logger.js';
import type { SignInLink, SignInLinkService } from './services/sign-in-links.js';

export const NEW_LINK_FLAG = '--sign-in-link';

/** The dashboard's address with the token in the fragment: a fragment never reaches a server, nor its logs. */
export function signInUrl(host: string, port: number, token: string): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/#token=${encodeURIComponent(token)}`;
}

async function linkToPrint(signInLinks: SignInLinkService, newLinkAsked: boolean, log: Logger): Promise<SignInLink | null> {
  if (!newLinkAsked) return signInLinks.firstAdmin();
  const admin = await signInLinks.findAdminAccount();
  if (admin) return signInLinks.issue(admin.id);
  const first = await signInLinks.firstAdmin();
  if (!first) log.warn('no enabled admin account to make a sign-in link for: enable one, or start with ADMIN_TOKEN');
  return first;
}

export async function announceSignInLink(o: {
  signInLinks: SignInLinkService; config: Pick<Config, 'adminToken' | 'host'>; port: number; log: Logger; argv: string[];
}): Promise<void> {
  const newLinkAsked = o.argv.includes(NEW_LINK_FLAG);
  // With ADMIN_TOKEN the operator has a way in already; no account is made behind their back.
  if (o.config.adminToken && !newLinkAsked) return;
  const link = await linkToPrint(o.signInLinks, newLinkAsked, o.log);
  if (!link) return;
  const url = signInUrl(o.config.host, o.port, link.token);
  const line = `Sign in as ${link.accountName}: open ${url} (works once, until ${link.expiresAt.toISOString()})`;
  // The link is a secret that works once and expires; the log line is the one way to hand it to the operator.
  o.log.info({ signInAccount: link.accountName, expiresAt: link.expiresAt }, line);
  // On a terminal it must not drown among the log lines: set apart, on its own. Elsewhere the log line carries
  // it, unless a LOG_LEVEL above info hides it: the operator would then have no way in.
  if (process.stdout.isTTY) process.stdout.write(`\n  ${line}\n\n`);
  else if (!o.log.isLevelEnabled('info')) process.stderr.write(`${line}\n`);
}
