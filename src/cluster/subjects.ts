// Every NATS name a cluster uses, under CLUSTER_NAME, so several clusters (and every test run) share one NATS
// server without seeing each other. NATS subjects are dot-separated tokens; CLUSTER_NAME is one token (config.ts).
export function subjectsOf(clusterName: string) {
  const p = clusterName;
  return {
    /** A command to the node holding station `id` (request/reply; no holder: "no responders" at once). */
    command: (stationId: number) => `${p}.station.${stationId}.command`,
    /** A node took a charger's connection: the node holding an older one closes it (newest connection wins). */
    claim: (stationId: number) => `${p}.station.${stationId}.claim`,
    claimAll: `${p}.station.*.claim`,
    /** Domain events, published after commit: `${p}.events.<event name>`. */
    event: (name: string) => `${p}.events.${name}`,
    events: `${p}.events.>`,
    /** The JetStream stream holding the events (names may not contain dots). */
    eventStream: `${p}_events`,
  };
}

export type Subjects = ReturnType<typeof subjectsOf>;
