// Outbound OCPP is inverted: services say what they need from chargers; ocpp/ provides it and app.ts wires it.
// Two faces:
//  - ChargerPort: what the central system originates, one method per command, in the domain's words
//    (domain/charger-answers.ts). ocpp/charger-port.ts maps to and from the wire and translates the ending
//    once; an ending without an answer (offline, timeout, ...) is a value, not a throw.
//  - ChargerCommands: the staff command API's generic send, whose payload is staff's own OCPP JSON; ocpp-rpc's
//    strict mode validates it against the OCPP 1.6 schema before it leaves.
import type { CommandAction } from '../domain/commands.js';
import type {
  CancelReservationAnswer, ReservationAnswer, ReservationRequest, TriggerMessageAnswer, TriggerableMessage,
} from '../domain/charger-answers.js';

export type CommandPayload = Record<string, unknown>;

export type CommandResult =
  | { outcome: 'answered'; response: CommandPayload }
  | { outcome: 'call-error'; errorCode: string; errorDescription: string }
  | { outcome: 'went-down'; reason: string };

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

export interface ChargerPort extends ChargerCommands {
  /** OCPP 1.6 §5.13. */
  reserveNow(stationId: number, r: ReservationRequest): Promise<ReservationAnswer>;
  /** OCPP 1.6 §5.1. */
  cancelReservation(stationId: number, reservationId: number): Promise<CancelReservationAnswer>;
  /** OCPP 1.6 §5.17; connectorId for the messages that concern one connector. */
  triggerMessage(stationId: number, message: TriggerableMessage, connectorId?: number): Promise<TriggerMessageAnswer>;
}
