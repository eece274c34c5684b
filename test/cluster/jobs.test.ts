// Issue 15 item 5: jobs run once. Three nodes as real processes on PostgreSQL and a throwaway nats-server, each
// running the booking job every second; only the holder of the job lock (cluster/job-lock.ts) runs it. A booking
// window opening sends exactly one ReserveNow, to a charger held by another node; when the lock holder is killed
// with SIGKILL another node takes the lead within an interval and the next window gets its one ReserveNow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChargePoint } from '../../simulators/charge-point.js';
import { clusterSkipReason, TestCluster, type ClusterNode } from '../helpers/cluster-nodes.js';
import { randomChargeBoxId } from '../helpers/seed.js';
import { waitFor } from '../helpers/wait-for.js';

const reason = clusterSkipReason();
const TAKEN = 'job lead taken: this node runs the periodic jobs';
const LEAD_MESSAGES = new Set([TAKEN, 'job lead lost: this node stops running the periodic jobs', 'job lead given up: this node stops']);
// Far enough ahead that the booking is made (and not yet due) before the window opens, even when the POSTs before
// it are slow on a loaded machine; the job runs every second.
const WINDOW_OPENS_IN_MS = 10_000;

interface Received { action: string; params: { reservationId?: number; connectorId?: number } }

describe.skipIf(reason !== null)(`jobs run once across nodes${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let cluster: TestCluster;
  let cp: ChargePoint;
  let station: { id: number };
  const received: Received[] = [];
  const killed = new Set<ClusterNode>();

  beforeAll(async () => {
    cluster = await TestCluster.start({ nodes: 3, env: { BOOKING_JOB_INTERVAL_S: '1' } });
  }, 180_000);
  afterAll(async () => {
    await cp?.close().catch(() => undefined);
    await cluster?.stop();
  });

  /** Whether the node's last word on the job lead is that it took it. */
  const leads = (node: ClusterNode) =>
    !killed.has(node) && node.process.lines.filter((l) => LEAD_MESSAGES.has(l.msg as string)).at(-1)?.msg === TAKEN;
  const leaders = () => cluster.nodes.filter(leads);
  const reserveNows = (bookingId: number) => received.filter((r) => r.action === 'ReserveNow' && r.params.reservationId === bookingId);

  async function post<T>(node: ClusterNode, path: string, body: unknown): Promise<T> {
    const res = await cluster.api(node, `/api${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  async function get<T>(node: ClusterNode, path: string): Promise<T> {
    const res = await cluster.api(node, `/api${path}`);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** A booking of the station's connector, made through `via`, whose window opens in a few seconds. */
  async function aBookingOpeningSoon(via: ClusterNode, connectorId: number): Promise<number> {
    const slots = await waitFor(async () => {
      const list = await get<Array<{ id: number; connectorId: number }>>(via, `/slots?stationId=${station.id}`);
      return list.some((s) => s.connectorId === connectorId) ? list : undefined;
    });
    const customer = await post<{ id: number }>(via, '/customers', { name: `Jobs ${connectorId}` });
    const tag = await post<{ id: number }>(via, '/id-tags', { idTag: randomChargeBoxId('T').slice(0, 20), customerId: customer.id });
    const startsAt = Date.now() + WINDOW_OPENS_IN_MS;
    const booking = await post<{ id: number; reservationStatus: string | null }>(via, '/bookings', {
      slotId: slots.find((s) => s.connectorId === connectorId)!.id, customerId: customer.id, idTagId: tag.id,
      startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + 3_600_000).toISOString(),
    });
    expect(booking.reservationStatus).toBeNull(); // not due yet: the job will send it
    return booking.id;
  }

  /** Waits for the booking's ReserveNow to be answered, as the staff see it. */
  const reservedOnCharger = (via: ClusterNode, bookingId: number) => waitFor(async () =>
    (await get<{ reservationStatus: string | null }>(via, `/bookings/${bookingId}`)).reservationStatus === 'Accepted', 30_000);

  const reserveNowsLogged = async (via: ClusterNode) =>
    (await get<Array<{ action: string; outcome: string | null; nodeId: string | null }>>(via, `/stations/${station.id}/commands`))
      .filter((c) => c.action === 'ReserveNow');

  it('one node leads; a booking window opening sends exactly one ReserveNow to a charger on another node', async () => {
    const [leader] = await waitFor(() => (leaders().length === 1 ? leaders() : undefined));
    const [holder, staffNode] = cluster.nodes.filter((n) => n !== leader) as [ClusterNode, ClusterNode];
    const chargeBoxId = randomChargeBoxId('JOB');
    station = await post<{ id: number }>(holder, '/stations', { chargeBoxId, password: false });
    cp = new ChargePoint({ url: holder.ocppUrl, identity: chargeBoxId, connectors: 3 }); // one connector per window
    cp.on('command', (c: Received) => received.push(c));
    await cp.connect();
    await cp.boot();

    const first = await aBookingOpeningSoon(staffNode, 1);
    await reservedOnCharger(staffNode, first);
    // The job goes on running every second on every node; a second window, opening later, is its witness that
    // they ran past the first window's opening and sent it no more.
    const second = await aBookingOpeningSoon(staffNode, 2);
    await reservedOnCharger(staffNode, second);

    expect(reserveNows(first)).toHaveLength(1);
    expect(reserveNows(second)).toHaveLength(1);
    // The leader sent them through the holder, whose socket carried them: the log names the holder.
    expect((await reserveNowsLogged(staffNode)).map((c) => c.nodeId)).toEqual([holder.nodeId, holder.nodeId]);
    // Only the leader ran the job that sent them; no other node's job found anything to do.
    const ranJob = (n: ClusterNode) => n.process.lines.some((l) => l.msg === 'booking job');
    await waitFor(() => ranJob(leader!), 5_000);
    expect(cluster.nodes.filter(ranJob)).toEqual([leader]);
    expect(leaders()).toEqual([leader]);
  }, 120_000); // two windows one after the other, each WINDOW_OPENS_IN_MS away

  it('another node takes the lead within an interval when the leader is killed, and the next window gets one ReserveNow', async () => {
    const [leader] = leaders() as [ClusterNode];
    const survivors = cluster.nodes.filter((n) => n !== leader);
    await leader.kill();
    killed.add(leader);
    // SIGKILL closes the dead node's connections, so PostgreSQL frees the lock at once; the next node to ask takes it.
    const [next] = await waitFor(() => (leaders().length === 1 ? leaders() : undefined), 5_000);
    expect(survivors).toContain(next);

    const third = await aBookingOpeningSoon(survivors[0]!, 3);
    await reservedOnCharger(survivors[0]!, third);
    expect(reserveNows(third)).toHaveLength(1);
    expect(await reserveNowsLogged(survivors[0]!)).toHaveLength(3);
    // The job logs its run once it has also refreshed the slots, a moment after the charger's answer is stored.
    await waitFor(() => next!.process.lines.some((l) => l.msg === 'booking job'), 5_000);
  });
});
