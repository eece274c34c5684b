// The host's CPU over a window: every core's busy time (/proc/stat), and PostgreSQL's when it runs on this host.
// The central system shares this host's cores with PostgreSQL, the load generator (and, in `cluster`, the
// nats-server): these say whether the host, not the server, was the limit of a run.
import { readdir, readFile } from 'node:fs/promises';
import { CLOCK_TICKS_PER_S } from './target.js';

export interface HostCpu {
  /** CPU time all cores spent on anything but idling and waiting for I/O. */
  busyMs: number;
  /** PostgreSQL's processes here, those gone included (a backend's time goes to its parent's when it ends); null: none here. */
  postgresMs: number | null;
}

const ms = (ticks: number) => (ticks * 1000) / CLOCK_TICKS_PER_S;

export async function hostCpu(): Promise<HostCpu> {
  return { busyMs: await busyMs(), postgresMs: await postgresMs() };
}

async function busyMs(): Promise<number> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n').find((l) => l.startsWith('cpu '));
  // user nice system idle iowait irq softirq steal (guest time is counted in user already): all but idle and iowait
  const t = (line ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
  return ms(t.reduce((a, b) => a + b, 0) - (t[3] ?? 0) - (t[4] ?? 0));
}

async function postgresMs(): Promise<number | null> {
  let ticks = 0;
  let found = false;
  for (const pid of (await readdir('/proc')).filter((d) => /^\d+$/.test(d))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    if (stat === null || !stat.includes('(postgres)')) continue;
    // After the command name: utime, stime, cutime, cstime are fields 14-17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    found = true;
  }
  return found ? ms(ticks) : null;
}
