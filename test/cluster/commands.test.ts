// Issue 15 item 3: a command reaches the charger wherever it is. Three nodes as real processes on PostgreSQL and a
// throwaway nats-server; chargers from the simulator. Staff ask node A; the charger is held by node B.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChargePoint } from '../../simulators/charge-point.js';
import { clusterSkipReason, TestCluster, type ClusterNode } from '../helpers/cluster-nodes.js';
import { randomChargeBoxId } from '../helpers/seed.js';
import { waitFor } from '../helpers/wait-for.js';

const reason = clusterSkipReason();
const CALL_TIMEOUT_S = 2;

interface CommandRow { action: string; outcome: string | null; nodeId: string | null; error: string | null }

describe.skipIf(reason !== null)(`commands across nodes${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let cluster: TestCluster;
  let a: ClusterNode, b: ClusterNode, c: ClusterNode;
  const chargers: ChargePoint[] = [];

  beforeAll(async () => {
    cluster = await TestCluster.start({ nodes: 3, env: { OCPP_OFFLINE_AFTER_S: '4', OCPP_CALL_TIMEOUT_S: String(CALL_TIMEOUT_S) } });
    [a, b, c] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode];
  }, 180_000);
  afterAll(async () => {
    await Promise.all(chargers.map((cp) => cp.close().catch(() => undefined)));
    await cluster?.stop();
  });

  async function aStation(): Promise<{ id: number; chargeBoxId: string }> {
    const chargeBoxId = randomChargeBoxId('CMD');
    const res = await cluster.api(a, '/api/stations', { method: 'POST', body: JSON.stringify({ chargeBoxId, password: false }) });
    expect(res.status).toBe(201);
    return { id: ((await res.json()) as { id: number }).id, chargeBoxId };
  }

  async function aChargerOn(node: ClusterNode, chargeBoxId: string, o: Partial<ConstructorParameters<typeof ChargePoint>[0]> = {}) {
    const cp = new ChargePoint({ url: node.ocppUrl, identity: chargeBoxId, ...o });
    chargers.push(cp);
    await cp.connect();
    await cp.boot();
    return cp;
  }

  const command = (node: ClusterNode, stationId: number, action: string, body: unknown) =>
    cluster.api(node, `/api/stations/${stationId}/commands/${action}`, { method: 'POST', body: JSON.stringify(body) });

  async function commandLog(node: ClusterNode, stationId: number): Promise<CommandRow[]> {
    const res = await cluster.api(node, `/api/stations/${stationId}/commands`);
    expect(res.status).toBe(200);
    return (await res.json()) as CommandRow[];
  }

  it('a command through node A reaches a charger held by node B, its answer comes back, and the log names node B', async () => {
    const station = await aStation();
    await aChargerOn(b, station.chargeBoxId);

    const res = await command(a, station.id, 'GetConfiguration', { key: ['HeartbeatInterval'] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { outcome: string; response: { configurationKey: Array<{ key: string; value: string }> } };
    expect(body.outcome).toBe('answered');
    expect(body.response.configurationKey).toEqual([expect.objectContaining({ key: 'HeartbeatInterval' })]);

    // Through B itself the CALL leaves B too.
    expect((await command(b, station.id, 'ClearCache', {})).status).toBe(200);
    const log = await commandLog(c, station.id);
    expect(log.map((r) => [r.action, r.outcome, r.nodeId])).toEqual([
      ['ClearCache', 'answered', b.nodeId], ['GetConfiguration', 'answered', b.nodeId],
    ]);
  });

  it('a charger held by no node: 503 in under a second, naming why', async () => {
    const station = await aStation();
    const startedMs = performance.now();
    const res = await command(a, station.id, 'ClearCache', {});
    const tookMs = performance.now() - startedMs;

    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: 'StationOffline', message: expect.stringContaining(`no node holds station ${station.id}`) as unknown });
    expect(tookMs).toBeLessThan(1_000); // the one place where time is the behaviour: no responders, not a timeout
    expect(await commandLog(a, station.id)).toMatchObject([{ action: 'ClearCache', outcome: 'offline', nodeId: null }]);
  });

  it('a holder whose charger does not answer: 504, and the log names the holder', async () => {
    const station = await aStation();
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => { release = resolve; });
    await aChargerOn(b, station.chargeBoxId, { beforeAnswer: () => held });
    try {
      const res = await command(a, station.id, 'ClearCache', {});
      expect(res.status).toBe(504);
      expect(await res.json()).toMatchObject({ error: 'StationTimeout' });
      expect(await commandLog(a, station.id)).toMatchObject([{ action: 'ClearCache', outcome: 'timeout', nodeId: b.nodeId }]);
    } finally {
      release();
    }
  });

  it('a charger\'s CALLERROR comes back through the holder as it was sent', async () => {
    const station = await aStation();
    // A charger whose handler fails answers with a CALLERROR InternalError (simulators/rpc-link.ts).
    await aChargerOn(b, station.chargeBoxId, { beforeAnswer: () => { throw new Error('broken charger'); } });
    const res = await command(a, station.id, 'ClearCache', {});
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'call-error', callError: { errorCode: 'InternalError', errorDescription: 'internal error' } });
    expect(await commandLog(a, station.id)).toMatchObject([{ action: 'ClearCache', outcome: 'call-error', nodeId: b.nodeId }]);
  });

  it('while NATS is down: 503 naming NATS for a charger on another node, the local one still answers; after it is back, commands cross again', async () => {
    const station = await aStation();
    await aChargerOn(b, station.chargeBoxId);
    await cluster.nats.stop();
    try {
      await waitFor(async () => (await command(a, station.id, 'ClearCache', {})).status === 503);
      const res = await command(a, station.id, 'ClearCache', {});
      expect(await res.json()).toMatchObject({ error: 'StationOffline', message: expect.stringContaining('NATS is unreachable') as unknown });
      expect((await command(b, station.id, 'ClearCache', {})).status).toBe(200); // B still serves the charger it holds
    } finally {
      await cluster.nats.resume();
    }
    // The NATS client subscribes B's station again on its reconnect.
    await waitFor(async () => (await command(a, station.id, 'ClearCache', {})).status === 200, 30_000, 250);
    const log = await commandLog(a, station.id);
    expect(log[0]).toMatchObject({ outcome: 'answered', nodeId: b.nodeId });
  });
});
