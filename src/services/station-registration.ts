// Unknown chargers at the handshake (OCPP_AUTO_REGISTER, issue 12): refused, registered Pending for staff to
// accept or reject, or registered Accepted; and the reboot we ask of a connected charger staff just accepted.
import * as store from '../store/index.js';
import { inTransaction } from '../store/db.js';
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

export function makeStationRegistration(d: ServiceDeps, policy: RegistrationPolicy, commands: Pick<ChargerPort, 'isOnline' | 'triggerMessage'>) {
  async function register(chargeBoxId: string): Promise<HandshakeLookup> {
    if (policy.autoRegister === 'accepted') {
      const created = await store.stations.insertStation(d.db, { chargeBoxId, passwordHash: null, registrationStatus: 'Accepted' });
      if (created) d.log.info({ chargeBoxId, stationId: created.id, registrationStatus: 'Accepted' }, 'station auto-registered');
      const station = created ?? await store.stations.findStationByChargeBoxId(d.db, chargeBoxId);
      return station ? { station } : { station: null, refusal: 'unknown' };
    }
    const created = await inTransaction(d.db, (tx) => store.stations.insertPendingStationBelowCap(tx, chargeBoxId, policy.maxPendingStations));
    if (created) {
      d.log.info({ chargeBoxId, stationId: created.id, registrationStatus: 'Pending' }, 'new charger registered Pending: accept or reject it');
      return { station: created };
    }
    // null: the cap, or another first contact of the same chargeBoxId won the insert.
    const raced = await store.stations.findStationByChargeBoxId(d.db, chargeBoxId);
    // The handshake's refusal is logged once, by ocpp/auth.ts, with its reason.
    return raced ? { station: raced } : { station: null, refusal: 'pending-full' };
  }

  return {
    async findForHandshake(chargeBoxId: string): Promise<HandshakeLookup> {
      const known = await store.stations.findStationByChargeBoxId(d.db, chargeBoxId);
      if (known) return { station: known };
      if (policy.autoRegister === 'off') return { station: null, refusal: 'unknown' };
      return register(chargeBoxId);
    },

    /**
     * Staff accepted a charger that was not Accepted: if it is connected, ask it to boot now (TriggerMessage
     * BootNotification, allowed while Pending, OCPP 1.6 §4.2.1) instead of leaving it to its retry interval.
     * Not awaited by the staff request: the charger's answer changes nothing for the caller.
     */
    bootAfterAcceptance(before: Station, after: Station): void {
      if (before.registrationStatus === 'Accepted' || after.registrationStatus !== 'Accepted') return;
      if (!commands.isOnline(after.id)) return;
      commands.triggerMessage('BootNotification').send(after.id).then((answer) => {
        if (answer.outcome === 'answered' && answer.status === 'Accepted') return;
        d.log.warn({ stationId: after.id, answer }, 'accepted charger did not take the request to boot again');
      }, (err: unknown) => d.log.warn({ err, stationId: after.id }, 'accepted charger was not asked to boot again'));
    },
  };
}
