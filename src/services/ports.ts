// Outbound OCPP is inverted: services say what they need from chargers; ocpp/ provides it and app.ts wires it.
// Two faces:
//  - ChargerPort: what the central system originates, one method per command, in the domain's words
//    (domain/charger-answers.ts). ocpp/charger-port.ts maps to and from the wire and translates the ending
//    once; an ending without an answer (offline, timeout, ...) is a value, not a throw.
//  - ChargerCommands: the staff command API's generic send, whose payload is staff's own OCPP JSON; ocpp-rpc's
//    strict mode validates it against the OCPP 1.6 schema before it leaves.
import type { CommandAction } from '../domain/commands.js';
import type {
  CancelReservationAnswer, CertificateSignedAnswer, ChargingProfileAnswer, ClearChargingProfileAnswer, CurrentLimitProfile, ReservationAnswer, ReservationRequest,
  TriggerMessageAnswer, TriggerableMessage,
} from '../domain/charger-answers.js';

export type CommandPayload = Record<string, unknown>;

export type CommandResult = (
  | { outcome: 'answered'; response: CommandPayload }
  | { outcome: 'call-error'; errorCode: string; errorDescription: string }
  | { outcome: 'went-down'; reason: string }
) & {
  /** Cluster mode (issue 15): the node (NODE_ID) whose socket carried the CALL, for the command log. */
  carriedBy?: string;
};

export interface ChargerCommands {
  /**
   * Sends one command and waits for the charger. Throws AppError StationOffline when the charger is not
   * connected, StationTimeout when it does not answer in time, BadRequest when the payload breaks the OCPP
   * schema (nothing is sent then).
   */
  send(stationId: number, action: CommandAction, payload: CommandPayload): Promise<CommandResult>;
  isOnline(stationId: number): boolean;
  /** Closes a charger's connection (a deactivated station). */
  disconnect(stationId: number, reason: string): Promise<void>;
}

/**
 * A command the central system originates, already mapped to the wire by ocpp/: its OCPP request, opaque here
 * and recorded in the command log as it goes out, and how to send it and read its ending as the domain's answer.
 */
export interface OutboundCommand<Answer> {
  readonly action: CommandAction;
  readonly request: CommandPayload;
  send(stationId: number): Promise<Carried<Answer>>;
}

/** An outbound command's answer and, in cluster mode, the node whose socket carried it (for the command log). */
export interface Carried<Answer> {
  answer: Answer;
  carriedBy?: string;
}

export interface ChargerPort extends ChargerCommands {
  /** OCPP 1.6 §5.13. */
  reserveNow(r: ReservationRequest): OutboundCommand<ReservationAnswer>;
  /** OCPP 1.6 §5.1. */
  cancelReservation(reservationId: number): OutboundCommand<CancelReservationAnswer>;
  /** OCPP 1.6 §5.17; connectorId for the messages that concern one connector. */
  triggerMessage(message: TriggerableMessage, connectorId?: number): OutboundCommand<TriggerMessageAnswer>;
  /** Security whitepaper: the certificate chain we signed for the charger's SignCertificate, PEM, leaf first. */
  certificateSigned(certificateChain: string): OutboundCommand<CertificateSignedAnswer>;
  /** OCPP 1.6 §5.16 SetChargingProfile of one current limit (load management); the request carries the profile
   * as sent under `csChargingProfiles`, which the charging-profile ledger keeps as it is. */
  setCurrentLimit(limit: CurrentLimitProfile): OutboundCommand<ChargingProfileAnswer>;
  /** OCPP 1.6 §5.5 ClearChargingProfile of one profile by its id. */
  clearChargingProfile(chargingProfileId: number): OutboundCommand<ClearChargingProfileAnswer>;
}
