// Who a connecting charger is, and unknown chargers at the handshake (OCPP_AUTO_REGISTER, issue 12): refused,
// registered Pending for staff to accept or reject, or registered Accepted; and the reboot we ask of a connected
// charger staff just accepted.
//
// Connect storms (issue 14): a fleet reconnecting after an outage hands us a thousand handshakes a second. They
// are served in groups (shared/batcher.ts BatchQueue): one statement looks up a whole group's chargeBoxIds, one
// registers a group's unknown ones (plus one looking them up again), so statements per handshake fall as the
// storm grows. The Pending cap's advisory lock is taken once per group, and groups of one process take turns
// anyway, so no handshake waits on a lock another handshake of this process holds.
import * as store from '../store/index.js';
import { inTransaction } from '../store/db.js';
import { BatchQueue } from '../shared/batcher.js';
import type { Station } from '../domain/model.js';
import type { AutoRegistration } from '../domain/stations.js';
import type { ServiceDeps } from './deps.js';
import type { ChargerPort } from './ports.js';

export interface RegistrationPolicy {
  autoRegister: AutoRegistration;
  /** Past this many Pending stations, an unknown charger is refused instead of registered. */
  maxPendingStations: number;
}

/** The station a connecting charger claims to be, or why there is none. */
export type HandshakeLookup =
  | { station: Station }
  | { station: null; refusal: 'unknown' | 'pending-full' };

/**
 * How the handshake's writes and look-ups are grouped: one group in flight while the next gathers, each taking
 * what one turn of the event loop brought at least (gatherTurn). Measured in a storm of 3,000 chargers at
 * 1,000/s, two in flight took groups of 1-2 handshakes, one took groups of 15-40. Up to 1,000 items each. One
 * at a time also means this process's registration groups never wait on each other's cap lock.
 */
export const HANDSHAKE_GROUPS = { concurrency: 1, maxWeight: 1_000, gatherTurn: true };

export function makeStationRegistration(d: ServiceDeps, policy: RegistrationPolicy, commands: Pick<ChargerPort, 'isOnline' | 'triggerMessage'>) {
  /** A group of unknown chargeBoxIds registered per the policy; one answer per id, in order. */
  async function registerAll(chargeBoxIds: string[]): Promise<HandshakeLookup[]> {
    const distinct = [...new Set(chargeBoxIds)];
    const created = policy.autoRegister === 'accepted'
      ? await store.stations.insertAcceptedStations(d.db, distinct)
      : await inTransaction(d.db, (tx) => store.stations.insertPendingStationsBelowCap(tx, distinct, policy.maxPendingStations));
    // Created now, or by another first contact that won the insert: one look-up finds both.
    const found = await store.stations.findStationsByChargeBoxIds(d.db, distinct);
    for (const chargeBoxId of created) {
      const station = found.get(chargeBoxId);
      const note = station?.registrationStatus === 'Pending' ? 'new charger registered Pending: accept or reject it' : 'station auto-registered';
      d.log.info({ chargeBoxId, stationId: station?.id, registrationStatus: station?.registrationStatus }, note);
    }
    // Not found: past the cap (Pending), or gone again (deleted by staff in between). The handshake's refusal
    // is logged once, by ocpp/auth.ts, with its reason.
    const refusal = policy.autoRegister === 'accepted' ? 'unknown' : 'pending-full';
    return chargeBoxIds.map((id) => {
      const station = found.get(id);
      return station ? { station } : { station: null, refusal };
    });
  }

  const registrations = new BatchQueue(registerAll, HANDSHAKE_GROUPS);
  const lookups = new BatchQueue(async (chargeBoxIds: string[]) => {
    const found = await store.stations.findStationsByChargeBoxIds(d.db, [...new Set(chargeBoxIds)]);
    return chargeBoxIds.map((id) => found.get(id) ?? null);
  }, HANDSHAKE_GROUPS);

  return {
    async findForHandshake(chargeBoxId: string): Promise<HandshakeLookup> {
      const known = await lookups.add(chargeBoxId);
      if (known) return { station: known };
      if (policy.autoRegister === 'off') return { station: null, refusal: 'unknown' };
      return registrations.add(chargeBoxId);
    },

    /**
     * Staff accepted a charger that was not Accepted: if it is connected, ask it to boot now (TriggerMessage
     * BootNotification, allowed while Pending, OCPP 1.6 §4.2.1) instead of leaving it to its retry interval.
     * Not awaited by the staff request: the charger's answer changes nothing for the caller.
     */
    bootAfterAcceptance(before: Station, after: Station): void {
      if (before.registrationStatus === 'Accepted' || after.registrationStatus !== 'Accepted') return;
      if (!commands.isOnline(after.id)) return;
      commands.triggerMessage('BootNotification').send(after.id).then(({ answer }) => {
        if (answer.outcome === 'answered' && answer.status === 'Accepted') return;
        d.log.warn({ stationId: after.id, answer }, 'accepted charger did not take the request to boot again');
      }, (err: unknown) => d.log.warn({ err, stationId: after.id }, 'accepted charger was not asked to boot again'));
    },
  };
}
