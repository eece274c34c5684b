// Outbound OCPP is inverted: services say what they need from chargers; ocpp/commands.ts provides it and
// app.ts wires it in. Payloads are plain JSON objects here: the OCPP wire types stay in ocpp/, and ocpp-rpc's
// strict mode validates every outbound CALL against the OCPP 1.6 schema before it leaves.
import type { CommandAction } from '../domain/commands.js';

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
