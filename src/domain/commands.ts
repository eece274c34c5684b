// Commands staff send to chargers (OCPP 1.6 section 5), and how each one ended. A command is never reported
// done when it was not: offline and no-answer are outcomes of their own (OCPP.md; STYLE.md habit 5).
export const COMMAND_ACTIONS = [
  'RemoteStartTransaction', 'RemoteStopTransaction', 'Reset', 'UnlockConnector', 'ChangeAvailability',
  'TriggerMessage', 'GetConfiguration', 'ChangeConfiguration', 'ClearCache', 'DataTransfer', 'GetDiagnostics',
  'UpdateFirmware', 'GetLocalListVersion', 'SendLocalList', 'SetChargingProfile', 'ClearChargingProfile',
  'GetCompositeSchedule', 'ReserveNow', 'CancelReservation',
  // The security extension (security whitepaper edition 3).
  'ExtendedTriggerMessage', 'CertificateSigned', 'InstallCertificate', 'GetInstalledCertificateIds', 'DeleteCertificate',
  'GetLog', 'SignedUpdateFirmware',
] as const;
export type CommandAction = (typeof COMMAND_ACTIONS)[number];

/**
 * answered: the charger sent a CALLRESULT (whatever its status says);
 * call-error: it answered with a CALLERROR (e.g. NotSupported) — its answer, forwarded as the truth;
 * offline: not connected when we tried; timeout: no answer in time;
 * went-down: the connection dropped while we waited (after a Reset, that is the Reset happening).
 */
export type CommandOutcome = 'answered' | 'call-error' | 'offline' | 'timeout' | 'went-down';

/** A command staff sent to a charger: who sent it, and how it ended (the command log). */
export interface CommandRecord {
  id: number;
  stationId: number;
  action: CommandAction;
  payload: Record<string, unknown>;
  requestedBy: string;
  requestedAt: Date;
  /** null while the command is under way (or when it failed inside the central system). */
  outcome: CommandOutcome | null;
  /** The charger's answer: its CALLRESULT payload, or { errorCode, errorDescription } of its CALLERROR. */
  response: Record<string, unknown> | null;
  error: string | null;
  finishedAt: Date | null;
  /** Cluster mode (issue 15): the node (NODE_ID) whose socket carried the CALL; null on one node or when none did. */
  nodeId: string | null;
}

/** How a command ended, written once when it does. */
export interface CommandEnd {
  outcome: CommandOutcome | null;
  response: Record<string, unknown> | null;
  error: string | null;
  finishedAt: Date;
  /** The node that carried the CALL (cluster mode); absent: none is recorded. */
  nodeId?: string | null;
}
