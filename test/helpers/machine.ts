// Tools a test needs from the machine beyond Node and `npm install`. A bare machine may lack them: the tests that
// need one are skipped, with the reason in their name, never failed (README, "Tests and CI").
import { execFileSync } from 'node:child_process';
import { describe } from 'vitest';

/** Why `command` cannot be used here, or null when it runs (`args` should make it exit 0 at once). */
export function missingCommand(command: string, args: string[]): string | null {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 30_000 });
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `needs the ${command} CLI, not found on PATH` : `needs the ${command} CLI, which failed: ${String(err)}`;
  }
}

/** `describe`, or, when `missing` names a reason, `describe.skip` with the reason in the suite's name. */
export function describeUnless(missing: string | null): (name: string, fn: () => void) => void {
  if (!missing) return (name, fn) => describe(name, fn);
  return (name, fn) => describe.skip(`${name} [skipped: ${missing}]`, fn);
}

/** The certificate tests make a throwaway PKI with the openssl CLI (test/helpers/certificates.ts). */
export const NO_OPENSSL = missingCommand('openssl', ['version']);
