// Answers to the configuration, local list, smart charging, diagnostics, firmware and data transfer commands
// (OCPP 1.6 section 5). Same shape as command-handlers.ts: decide now, CALL only in `after`.
import type { CommandHandlerFn, CommandTable } from './command-handlers.js';

type MaintenanceAction =
  | 'GetConfiguration' | 'ChangeConfiguration' | 'ClearCache' | 'DataTransfer' | 'GetLocalListVersion'
  | 'SendLocalList' | 'SetChargingProfile' | 'ClearChargingProfile' | 'GetCompositeSchedule' | 'GetDiagnostics'
  | 'UpdateFirmware';

// How long the pretend upload, download and install steps take: long enough to be seen, short for tests.
const MAINTENANCE_STEP_MS = 300;

const GetConfiguration: CommandHandlerFn<'GetConfiguration'> = (ctx, req) => ({ response: ctx.config.list(req.key) });

// AuthorizationKey and SecurityProfile change the connection itself (security-settings.ts); any other key takes
// effect inside Configuration.change, through the listener the ChargePoint gave it.
const ChangeConfiguration: CommandHandlerFn<'ChangeConfiguration'> = (ctx, req) =>
  ctx.security.change(req.key, req.value) ?? { response: { status: ctx.config.change(req.key, req.value) } };

const ClearCache: CommandHandlerFn<'ClearCache'> = (ctx) => {
  ctx.localAuth.clearCache();
  return { response: { status: 'Accepted' } };
};

// We know no vendor extensions; DataTransfer is answered with a status, never a CALLERROR (../shared/OCPP.md).
const DataTransfer: CommandHandlerFn<'DataTransfer'> = () => ({ response: { status: 'UnknownVendorId' } });

const GetLocalListVersion: CommandHandlerFn<'GetLocalListVersion'> = (ctx) => ({
  // -1 says the local list is not enabled (section 5.10).
  response: { listVersion: ctx.config.getBool('LocalAuthListEnabled') ? ctx.localAuth.listVersion : -1 },
});

const SendLocalList: CommandHandlerFn<'SendLocalList'> = (ctx, req) => ({
  response: { status: ctx.localAuth.sendLocalList(req, ctx.config.getBool('LocalAuthListEnabled')) },
});

const SetChargingProfile: CommandHandlerFn<'SetChargingProfile'> = (ctx, req) => {
  const isStation = req.connectorId === 0;
  const connector = isStation ? undefined : ctx.connector(req.connectorId);
  if (!isStation && !connector) return { response: { status: 'Rejected' } };
  const session = connector?.session;
  const scope = session ? { transactionId: session.tx.transactionId } : null;
  return { response: { status: ctx.profiles.set(req.connectorId, req.csChargingProfiles, scope) } };
};

const ClearChargingProfile: CommandHandlerFn<'ClearChargingProfile'> = (ctx, req) => ({
  response: { status: ctx.profiles.clear(req) },
});

const GetCompositeSchedule: CommandHandlerFn<'GetCompositeSchedule'> = (ctx, req) => {
  const isStation = req.connectorId === 0;
  const connector = isStation ? undefined : ctx.connector(req.connectorId);
  if (!isStation && !connector) return { response: { status: 'Rejected' } };
  const session = connector?.session ?? null;
  const nowMs = Date.now();
  const scope = {
    connectorId: req.connectorId, sessionStartMs: session?.startedAtMs ?? null,
    transactionId: session?.tx.transactionId ?? null,
  };
  const maxPowerW = isStation ? ctx.maxPowerW * ctx.connectors().length : ctx.maxPowerW;
  const schedule = ctx.profiles.compositeSchedule(scope, req.duration, req.chargingRateUnit ?? 'W', nowMs, maxPowerW);
  return {
    response: {
      status: 'Accepted', connectorId: req.connectorId, scheduleStart: new Date(nowMs).toISOString(),
      chargingSchedule: schedule,
    },
  };
};

const GetDiagnostics: CommandHandlerFn<'GetDiagnostics'> = (ctx) => ({
  response: { fileName: `diag-${ctx.identity}.log` },
  after: async () => {
    await ctx.messages.notifyDiagnostics('Uploading');
    await ctx.timers.sleep(MAINTENANCE_STEP_MS);
    await ctx.messages.notifyDiagnostics('Uploaded');
  },
});

const UpdateFirmware: CommandHandlerFn<'UpdateFirmware'> = (ctx, req) => ({
  response: {},
  after: async () => {
    // The download starts at retrieveDate, or at once if that has passed (section 5.19).
    await ctx.timers.sleep(Math.max(0, Date.parse(req.retrieveDate) - Date.now()));
    for (const status of ['Downloading', 'Downloaded', 'Installing', 'Installed'] as const) {
      await ctx.messages.notifyFirmware(status);
      if (status !== 'Installed') await ctx.timers.sleep(MAINTENANCE_STEP_MS);
    }
  },
});

export const maintenanceHandlers: Pick<CommandTable, MaintenanceAction> = {
  GetConfiguration,
  ChangeConfiguration,
  ClearCache,
  DataTransfer,
  GetLocalListVersion,
  SendLocalList,
  SetChargingProfile,
  ClearChargingProfile,
  GetCompositeSchedule,
  GetDiagnostics,
  UpdateFirmware,
};
