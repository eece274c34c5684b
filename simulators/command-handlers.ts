// Answers to every central system → charger command (OCPP 1.6 section 5), one function per action under the
// spec's own name. Each decides at once and returns the reply; anything that needs a CALL of ours (a status, a
// StartTransaction) goes in `after`, which runs once the reply has gone out (../shared/STYLE.md, habit 4).
import type { IdTagInfo, Outbound, OutboundAction } from '../src/ocpp/wire/index.js';
import type { LocalAuthorization } from './authorization.js';
import type { ChargingProfiles } from './charging-profiles.js';
import type { Configuration } from './configuration.js';
import type { Connector } from './connector.js';
import { maintenanceHandlers } from './maintenance-handlers.js';
import { certificateHandlers } from './certificate-handlers.js';
import { securityHandlers } from './security-handlers.js';
import type { Messenger } from './messages.js';
import type { SecuritySettings } from './security-settings.js';
import type { SessionManager } from './sessions.js';
import type { Timers } from './timers.js';

/** What a command handler may see and do on the charger. */
export interface ChargerContext {
  readonly identity: string;
  readonly station: Connector; // connector 0: the charger as a whole
  readonly config: Configuration;
  readonly sessions: SessionManager;
  readonly messages: Messenger;
  readonly localAuth: LocalAuthorization;
  readonly profiles: ChargingProfiles;
  /** AuthorizationKey and SecurityProfile (security-settings.ts). */
  readonly security: SecuritySettings;
  readonly timers: Timers;
  readonly maxPowerW: number;
  readonly answersHardReset: boolean;
  readonly takesReservations: boolean;
  connectors(): readonly Connector[];
  connector(id: number): Connector | undefined;
  authorize(idTag: string): Promise<IdTagInfo>;
  /** answered: false when the socket must drop before the Reset.conf can leave. */
  reset(type: 'Hard' | 'Soft', answered: boolean): Promise<void>;
  log(line: string): void;
}

export interface Answer<A extends OutboundAction> {
  response: Outbound[A]['conf'];
  after?: () => Promise<void>;
}

export type CommandHandlerFn<A extends OutboundAction> = (ctx: ChargerContext, req: Outbound[A]['req']) => Answer<A>;
export type CommandTable = { [A in OutboundAction]: CommandHandlerFn<A> };

const RemoteStartTransaction: CommandHandlerFn<'RemoteStartTransaction'> = (ctx, req) => {
  const free = (c: Connector): boolean => c.startRefusal(req.idTag) === null;
  // Without a connectorId, the driver's own reservation comes first, then the first free one.
  const connector = req.connectorId !== undefined ? ctx.connector(req.connectorId)
    : ctx.connectors().find((c) => free(c) && c.reservedFor(req.idTag)) ?? ctx.connectors().find(free);
  if (!connector || !free(connector)) return { response: { status: 'Rejected' } };
  return {
    response: { status: 'Accepted' },
    after: async () => {
      // AuthorizeRemoteTxRequests (section 9.1): when true, a remote start is authorized like a local one.
      if (ctx.config.getBool('AuthorizeRemoteTxRequests')) {
        const info = await ctx.authorize(req.idTag);
        if (info.status !== 'Accepted') return ctx.log(`remote start for ${req.idTag} not authorized: ${info.status}`);
      }
      await ctx.sessions.start(connector.id, req.idTag);
      // The profile of a remote start is the TxProfile of the transaction it starts (section 5.11).
      const session = connector.session;
      if (req.chargingProfile && session) {
        ctx.profiles.set(connector.id, req.chargingProfile, { transactionId: session.tx.transactionId });
      }
    },
  };
};

const RemoteStopTransaction: CommandHandlerFn<'RemoteStopTransaction'> = (ctx, req) => {
  const connector = ctx.sessions.findByTransactionId(req.transactionId);
  if (!connector) return { response: { status: 'Rejected' } };
  return { response: { status: 'Accepted' }, after: () => ctx.sessions.stop(connector.id, 'Remote') };
};

const Reset: CommandHandlerFn<'Reset'> = (ctx, req) => {
  if (req.type === 'Hard' && !ctx.answersHardReset) {
    // Some chargers go down before their Reset.conf leaves (../shared/OCPP.md): the socket drops right here.
    ctx.reset('Hard', false).catch((err: unknown) => ctx.log(`reset failed: ${String(err)}`));
    return { response: { status: 'Accepted' } };
  }
  return { response: { status: 'Accepted' }, after: () => ctx.reset(req.type, true) };
};

const UnlockConnector: CommandHandlerFn<'UnlockConnector'> = (ctx, req) => {
  const connector = req.connectorId > 0 ? ctx.connector(req.connectorId) : undefined;
  if (!connector) return { response: { status: 'NotSupported' } };
  const session = connector.session;
  return {
    response: { status: 'Unlocked' },
    // Unlocking the cable ends the session on it (section 5.18).
    ...(session && { after: () => ctx.sessions.stop(connector.id, 'UnlockCommand') }),
  };
};

const ChangeAvailability: CommandHandlerFn<'ChangeAvailability'> = (ctx, req) => {
  const whole = req.connectorId === 0;
  const single = whole ? undefined : ctx.connector(req.connectorId);
  if (!whole && !single) return { response: { status: 'Rejected' } };
  const operative = req.type === 'Operative';
  const changed: Connector[] = [];
  let scheduled = false;
  for (const c of single ? [single] : ctx.connectors()) {
    // A running session is never cut short: Inoperative then applies when it ends (section 5.2).
    if (!operative && c.session) {
      c.inoperativeScheduled = true;
      scheduled = true;
      continue;
    }
    c.inoperativeScheduled = false;
    if (!operative) c.dropReservation();
    if (c.operative !== operative) changed.push(c);
    c.operative = operative;
  }
  if (whole) {
    ctx.station.inoperativeScheduled = scheduled;
    if (!scheduled && ctx.station.operative !== operative) changed.unshift(ctx.station);
    if (!scheduled) ctx.station.operative = operative;
  }
  return {
    response: { status: scheduled ? 'Scheduled' : 'Accepted' },
    after: async () => {
      for (const c of changed) await ctx.messages.settle(c);
    },
  };
};

const ReserveNow: CommandHandlerFn<'ReserveNow'> = (ctx, req) => {
  // ReserveConnectorZeroSupported is false: a reservation needs a specific connector.
  const connector = req.connectorId > 0 ? ctx.connector(req.connectorId) : undefined;
  if (!connector || !ctx.takesReservations) return { response: { status: 'Rejected' } };
  const status = connector.reserveStatus(req.reservationId);
  if (status !== 'Accepted') return { response: { status } };
  // A ReserveNow with a reservationId we hold replaces that reservation, wherever it was (section 5.13).
  const previous = ctx.connectors().find((c) => c !== connector && c.reservation?.reservationId === req.reservationId);
  previous?.dropReservation();
  connector.dropReservation();
  const expire = (): void => {
    if (connector.reservation?.reservationId !== req.reservationId) return;
    connector.reservation = null;
    ctx.log(`#${connector.id} reservation ${req.reservationId} expired`);
    ctx.messages.settle(connector).catch((err: unknown) => ctx.log(`status failed: ${String(err)}`));
  };
  connector.reservation = {
    reservationId: req.reservationId, idTag: req.idTag, expiryDate: req.expiryDate,
    ...(req.parentIdTag !== undefined && { parentIdTag: req.parentIdTag }),
    expiry: ctx.timers.after(Date.parse(req.expiryDate) - Date.now(), expire),
  };
  return {
    response: { status: 'Accepted' },
    after: async () => {
      if (previous) await ctx.messages.settle(previous);
      await ctx.messages.settle(connector);
    },
  };
};

const CancelReservation: CommandHandlerFn<'CancelReservation'> = (ctx, req) => {
  const connector = ctx.connectors().find((c) => c.reservation?.reservationId === req.reservationId);
  if (!connector) return { response: { status: 'Rejected' } };
  connector.dropReservation();
  return { response: { status: 'Accepted' }, after: () => ctx.messages.settle(connector) };
};

const TriggerMessage: CommandHandlerFn<'TriggerMessage'> = (ctx, req) => {
  const id = req.connectorId;
  if (id !== undefined && (id < 0 || id > ctx.connectors().length)) return { response: { status: 'Rejected' } };
  return { response: { status: 'Accepted' }, after: () => ctx.messages.trigger(req.requestedMessage, id) };
};

export const commandHandlers: CommandTable = {
  RemoteStartTransaction,
  RemoteStopTransaction,
  Reset,
  UnlockConnector,
  ChangeAvailability,
  ReserveNow,
  CancelReservation,
  TriggerMessage,
  ...maintenanceHandlers,
  ...certificateHandlers,
  ...securityHandlers,
};
