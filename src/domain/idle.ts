// Idle time of a session, for the idle fee (domain/pricing.ts).
//
// Rule: idle = the time the connector reported SuspendedEV (the car is full but still plugged, OCPP 1.6 §7.7)
// between the session's start and stop. A SuspendedEV report lasts until the connector's next report or the stop,
// whichever comes first; the status in force at the start (the last report before it) counts from the start.
// A report's time is the charger's own timestamp when it sent one, else when we received it.

export interface StatusAt {
  status: string;
  at: Date;
}

export function idleMinutes(reports: StatusAt[], startedAt: Date, stoppedAt: Date): number {
  const start = startedAt.getTime();
  const stop = stoppedAt.getTime();
  if (stop <= start) return 0;
  const sorted = [...reports].sort((a, b) => a.at.getTime() - b.at.getTime());
  let idleMs = 0;
  sorted.forEach((r, i) => {
    if (r.status !== 'SuspendedEV') return;
    const from = Math.max(start, r.at.getTime());
    const until = Math.min(stop, sorted[i + 1]?.at.getTime() ?? stop);
    if (until > from) idleMs += until - from;
  });
  return idleMs / 60_000;
}
