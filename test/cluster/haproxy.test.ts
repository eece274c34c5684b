// Issue 15, "One address": three nodes behind the SHIPPED config/haproxy.cfg (its run copy changes only the bind
// port and the server lines, test/helpers/haproxy.ts). Chargers and a dashboard reach the one address; the
// chargers are spread over the nodes (leastconn), and every charger's status change reaches the dashboard,
// whichever node holds the charger and whichever holds the dashboard's stream; with NATS down the nodes stay in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChargePoint } from '../../simulators/charge-point.js';
import type { App } from '../../src/app.js';
import { clusterSkipReason, TestCluster } from '../helpers/cluster-nodes.js';
import { EventStreamClient } from '../helpers/event-stream-client.js';
import { HaproxyFront, haproxySkipReason } from '../helpers/haproxy.js';
import { randomChargeBoxId } from '../helpers/seed.js';
import { waitFor } from '../helpers/wait-for.js';

const reason = clusterSkipReason() ?? haproxySkipReason();
const CHARGERS = 3;

describe.skipIf(reason !== null)(`three nodes behind the shipped HAProxy config${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let cluster: TestCluster;
  let front: HaproxyFront;
  const chargers: ChargePoint[] = [];
  let stream: EventStreamClient | null = null;

  beforeAll(async () => {
    cluster = await TestCluster.start({ nodes: 3 });
    front = await HaproxyFront.start(cluster.nodes.map((n) => ({ name: n.nodeId, address: `127.0.0.1:${n.port}` })));
  }, 120_000);

  afterAll(async () => {
    stream?.close();
    await Promise.allSettled(chargers.map((cp) => cp.close()));
    await front?.stop();
    await cluster?.stop();
  });

  it('answers GET /ready through the one address, from a node', async () => {
    const res = await waitFor(async () => {
      const r = await fetch(`${front.url}/ready`);
      return r.status === 200 ? r : null;
    });
    expect(await res.json()).toMatchObject({ ready: true });
  });

  it('boots chargers through the one address, spreads them over the nodes, and streams each status change to the dashboard there', async () => {
    // EventStreamClient needs only the address it reads /api/events from.
    stream = await EventStreamClient.open({ url: front.url } as App, { token: cluster.adminToken });
    for (let i = 0; i < CHARGERS; i++) {
      const cp = new ChargePoint({ url: front.ocppUrl, identity: randomChargeBoxId('HAP'), meterIntervalMs: 0 });
      chargers.push(cp);
      await cp.connect();
      expect((await cp.boot()).status).toBe('Accepted');
    }

    const online = await Promise.all(chargers.map((cp) => stream!.next((e) => e.event === 'station.online' && e.data.chargeBoxId === cp.identity)));
    // leastconn over three nodes: three chargers (and one stream) cannot all land on one node.
    const holders = new Set(online.map((e) => e.data.nodeId as string));
    expect(holders.size).toBeGreaterThanOrEqual(2);
    for (const nodeId of holders) expect(cluster.nodes.map((n) => n.nodeId)).toContain(nodeId);

    for (const [i, cp] of chargers.entries()) {
      await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Unavailable' });
      const stationId = online[i]!.data.stationId as number;
      const status = await stream.next((e) => e.event === 'connector.status' && e.data.stationId === stationId && e.data.status === 'Unavailable');
      expect(status.data).toMatchObject({ connectorId: 1, errorCode: 'NoError' });
    }
  });

  it('keeps every node in while NATS is down (their /ready names only nats): a new charger still boots through the address', async () => {
    await cluster.nats.stop();
    try {
      // Every node's /ready now fails on nats alone...
      for (const n of cluster.nodes) {
        const body = await waitFor(async () => {
          const r = await fetch(`${n.url}/ready`);
          return r.status === 503 ? (await r.json()) as { failed: string[] } : null;
        });
        expect(body.failed).toEqual(['nats']);
      }
      // ...and once HAProxy has checked each node with that answer, none is on its way out: a check that failed
      // would show at once as a failed check and a status "UP 1/3".
      const states = await waitFor(async () => {
        const s = await front.servers();
        return s.every((x) => x.checkCode === 503) ? s : null;
      });
      expect(states.map((x) => [x.name, x.status, x.checksFailed])).toEqual(cluster.nodes.map((n) => [n.nodeId, 'UP', 0]));

      const cp = new ChargePoint({ url: front.ocppUrl, identity: randomChargeBoxId('HAP'), meterIntervalMs: 0 });
      chargers.push(cp);
      await cp.connect();
      expect((await cp.boot()).status).toBe('Accepted');
    } finally {
      await cluster.nats.resume();
    }
  });
});
