// Commands staff send to chargers (OCPP 1.6 section 5), and how each one ended. A command is never reported
// done when it was not: offline and no-answer are outcomes of their own (OCPP.md; STYLE.md habit 5).
export const COMMAND_ACTIONS = [
  'RemoteStartTransaction', 'RemoteStopTransaction', 'Reset', 'UnlockConnector', 'ChangeAvailability',
  'TriggerMessage', 'GetConfiguration', 'ChangeConfiguration', 'ClearCache', 'DataTransfer', 'GetDiagnostics',
  'UpdateFirmware', 'GetLocalListVersion', 'SendLocalList', 'SetChargingProfile', 'ClearChargingProfile',
  'GetCompositeSchedule', 'ReserveNow', 'CancelReservation',
] as const;
export type CommandAction = (typeof COMMAND_ACTIONS)[number];

/**
 * answered: the charger sent a CALLRESULT (whatever its status says);
 * call-error: it answered with a CALLERROR (e.g. NotSupported) — its answer, forwarded as the truth;
 * offline: not connected when we tried; timeout: no answer in time;
 * went-down: the connection dropped while we waited (after a Reset, that is the Reset happening).
 */
export type CommandOutcome = 'answered' | 'call-error' | 'offline' | 'timeout' | 'went-down';
