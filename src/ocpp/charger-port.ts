// The typed outbound port (services/ports.ts ChargerPort) over OcppCommands#send: each command the central
// system originates is mapped to its OCPP 1.6 request here, and its ending is translated here, once, into the
// domain's answer (domain/charger-answers.ts). Services never see the wire, and never re-translate.
import type { CommandAction } from '../domain/commands.js';
import {
  CANCEL_RESERVATION_STATUSES, CERTIFICATE_SIGNED_STATUSES, CHARGING_PROFILE_STATUSES, CLEAR_CHARGING_PROFILE_STATUSES, RESERVE_NOW_STATUSES,
  TRIGGER_MESSAGE_STATUSES,
  type CommandAnswer, type CurrentLimitProfile, type ReservationRequest,
} from '../domain/charger-answers.js';
import type { Carried, ChargerCommands, ChargerPort, CommandPayload, CommandResult, OutboundCommand } from '../services/ports.js';
import { isAppError } from '../shared/errors.js';
import type { Outbound } from './wire/index.js';

function toReserveNowReq(r: ReservationRequest): Outbound['ReserveNow']['req'] {
  return {
    connectorId: r.connectorId, expiryDate: r.expiresAt.toISOString(), idTag: r.idTag, reservationId: r.reservationId,
    ...(r.parentIdTag ? { parentIdTag: r.parentIdTag } : {}),
  };
}

/**
 * One period from the start, no duration: in force from the moment the charger accepts it until replaced.
 * Relative rather than Absolute with startSchedule = now, so a charger whose clock is behind ours does not wait
 * for a start it has not reached (§3.13.4: a Relative schedule starts at the transaction's start, or now without
 * one; either way period 0 covers the present).
 */
function toSetChargingProfileReq(l: CurrentLimitProfile): Outbound['SetChargingProfile']['req'] {
  return {
    connectorId: l.connectorId,
    csChargingProfiles: {
      chargingProfileId: l.chargingProfileId, stackLevel: l.stackLevel, chargingProfilePurpose: l.purpose,
      chargingProfileKind: 'Relative', ...(l.transactionId === null ? {} : { transactionId: l.transactionId }),
      chargingSchedule: {
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit: l.limitA, ...(l.numberPhases === null ? {} : { numberPhases: l.numberPhases }) }],
      },
    },
  };
}

/**
 * The one translation of an outbound command's ending. An answer whose status is not one the action allows
 * cannot pass strict mode (the .conf schema), so reading it as a call-error only guards the types.
 * BadRequest (our request broke the schema) and anything unexpected are our bugs: they are thrown.
 */
export async function answerOf<S extends string>(
  action: CommandAction, statuses: readonly S[], call: () => Promise<CommandResult>,
): Promise<Carried<CommandAnswer<S>>> {
  let result: CommandResult;
  try {
    result = await call();
  } catch (err) {
    if (isAppError(err, 'StationOffline')) return { answer: { outcome: 'offline', detail: err.message } };
    if (isAppError(err, 'StationTimeout')) return carried({ outcome: 'timeout', detail: err.message }, carrierOf(err.details));
    throw err;
  }
  return carried(translated(action, statuses, result), result.carriedBy);
}

function carried<A>(answer: A, carriedBy: string | undefined): Carried<A> {
  return carriedBy === undefined ? { answer } : { answer, carriedBy };
}

/** The node a timed-out command went through, as cluster/remote-commands.ts puts it in the error's details. */
function carrierOf(details: unknown): string | undefined {
  const value = (details as Record<string, unknown> | undefined)?.carriedBy;
  return typeof value === 'string' ? value : undefined;
}

function translated<S extends string>(action: CommandAction, statuses: readonly S[], result: CommandResult): CommandAnswer<S> {
  switch (result.outcome) {
    case 'answered': {
      const status = result.response.status;
      return statuses.includes(status as S) ? { outcome: 'answered', status: status as S }
        : { outcome: 'call-error', detail: `${action}.conf with an unknown status ${JSON.stringify(status)}` };
    }
    case 'call-error':
      return { outcome: 'call-error', detail: `CALLERROR ${result.errorCode}: ${result.errorDescription}` };
    case 'went-down':
      return { outcome: 'went-down', detail: result.reason };
  }
}

export function makeChargerPort(commands: ChargerCommands): ChargerPort {
  const command = <S extends string>(action: CommandAction, statuses: readonly S[], request: CommandPayload): OutboundCommand<CommandAnswer<S>> => ({
    action, request, send: (stationId) => answerOf(action, statuses, () => commands.send(stationId, action, request)),
  });
  return {
    send: (stationId, action, payload) => commands.send(stationId, action, payload),
    isOnline: (stationId) => commands.isOnline(stationId),
    disconnect: (stationId, reason) => commands.disconnect(stationId, reason),
    reserveNow: (r) => command('ReserveNow', RESERVE_NOW_STATUSES, { ...toReserveNowReq(r) }),
    cancelReservation: (reservationId) => command('CancelReservation', CANCEL_RESERVATION_STATUSES, { reservationId }),
    triggerMessage: (requestedMessage, connectorId) => command('TriggerMessage', TRIGGER_MESSAGE_STATUSES,
      { requestedMessage, ...(connectorId === undefined ? {} : { connectorId }) }),
    certificateSigned: (certificateChain) => command('CertificateSigned', CERTIFICATE_SIGNED_STATUSES, { certificateChain }),
    setCurrentLimit: (limit) => command('SetChargingProfile', CHARGING_PROFILE_STATUSES, { ...toSetChargingProfileReq(limit) }),
    clearChargingProfile: (id) => command('ClearChargingProfile', CLEAR_CHARGING_PROFILE_STATUSES, { id }),
  };
}
