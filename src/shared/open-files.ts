// The process's budget of file descriptors, read from Linux's /proc: every charger's socket is one, and so is
// every connection to PostgreSQL or NATS, every staff browser and every listening socket. Elsewhere (no /proc)
// both readings are null and nothing is derived from them.
import { readdirSync, readFileSync } from 'node:fs';

/** The soft "Max open files" of a /proc/PID/limits text; null when it is missing or "unlimited". */
export function parseOpenFilesLimit(limits: string): number | null {
  const match = /^Max open files\s+(\d+)\s/m.exec(limits);
  return match ? Number(match[1]) : null;
}

/** This process's soft open-files limit (RLIMIT_NOFILE); past it accept(2) and connect(2) fail with EMFILE. */
export function openFilesLimit(): number | null {
  try {
    return parseOpenFilesLimit(readFileSync('/proc/self/limits', 'utf8'));
  } catch {
    return null;
  }
}

/** The descriptors this process holds now. */
export function descriptorsInUse(): number | null {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return null;
  }
}
