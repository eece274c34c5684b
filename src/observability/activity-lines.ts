// The console's operator lines: one sentence per domain event, in the words an operator uses. Pure functions
// (the station's name comes in as a function), so the wording is tested without a logger.
import type { DomainEvents, EventName } from '../shared/events.js';

export type ActivityLevel = 'debug' | 'info' | 'warn';
export interface ActivityLine { level: ActivityLevel; msg: string }
/** The chargeBoxId of a station id, as far as the console has seen it. */
export type StationName = (stationId: number) => string;

type Describe<E extends EventName> = (e: DomainEvents[E], station: StationName) => ActivityLine;

const info = (msg: string): ActivityLine => ({ level: 'info', msg });
const debug = (msg: string): ActivityLine => ({ level: 'debug', msg });

/** 12345 Wh → "12.3 kWh"; below 10 kWh two decimals, so a short test session does not read 0.0. */
export function formatEnergy(energyWh: number | null): string {
  if (energyWh === null) return 'energy unknown';
  return `${(energyWh / 1000).toFixed(Math.abs(energyWh) < 10_000 ? 2 : 1)} kWh`;
}

/** 3_720_000 ms → "1 h 02 min"; under an hour "14 min"; under a minute "45 s". */
export function formatDuration(ms: number): string {
  const totalS = Math.max(0, Math.round(ms / 1000));
  if (totalS < 60) return `${totalS} s`;
  const totalMin = Math.floor(totalS / 60);
  if (totalMin < 60) return `${totalMin} min`;
  return `${Math.floor(totalMin / 60)} h ${String(totalMin % 60).padStart(2, '0')} min`;
}

/** Minor units (cents) → "4.20 EUR"; every currency we price in has two decimals (domain/pricing.ts). */
export function formatMoney(totalMinor: number, currency: string): string {
  return `${(totalMinor / 100).toFixed(2)} ${currency}`;
}

const where = (station: StationName, stationId: number, connectorId: number) => `${station(stationId)} #${connectorId}`;

const sessionStarted: Describe<'session.started'> = (e, station) =>
  info(`session ${e.sessionId} started on ${where(station, e.stationId, e.connectorId)}, tag ${e.idTag} (${e.authorizationStatus})`);

const sessionStopped: Describe<'session.stopped'> = (e, station) => {
  const lasted = formatDuration(e.at.getTime() - e.startedAt.getTime());
  return info(`session ${e.sessionId} stopped on ${where(station, e.stationId, e.connectorId)}: ${formatEnergy(e.energyWh)}, `
    + `${lasted}, reason ${e.reason ?? 'Local'}, tag ${e.idTag} (${e.authorizationStatus})`);
};

const sessionUpdated: Describe<'session.updated'> = (e, station) => {
  const power = e.powerW === null ? '' : `, ${(e.powerW / 1000).toFixed(1)} kW`;
  const soc = e.socPercent === null ? '' : `, SoC ${Math.floor(e.socPercent)} %`;
  return debug(`session ${e.sessionId} on ${where(station, e.stationId, e.connectorId)}: ${formatEnergy(e.energyWh)}${power}${soc}`);
};

const stationBooted: Describe<'station.booted'> = (e) => {
  const firmware = e.firmwareVersion === null ? '' : ` fw ${e.firmwareVersion}`;
  const line = `${e.chargeBoxId} booted (${e.registrationStatus}), ${e.vendor} ${e.model}${firmware}`;
  return e.registrationStatus === 'Rejected' ? { level: 'warn', msg: line } : info(line);
};

const connectorStatus: Describe<'connector.status'> = (e, station) => {
  const line = `${where(station, e.stationId, e.connectorId)} ${e.status}`;
  if (e.status !== 'Faulted') return debug(e.errorCode === 'NoError' ? line : `${line} (${e.errorCode})`);
  return { level: 'warn', msg: `${line}: ${e.errorCode}${e.info ? `, ${e.info}` : ''}` };
};

const commandResult: Describe<'command.result'> = (e) => {
  const answer = e.outcome === 'answered' ? e.answerStatus ?? 'answered' : `${e.outcome}${e.error ? ` (${e.error})` : ''}`;
  const line = `command ${e.action} to ${e.chargeBoxId} by ${e.requestedBy}: ${answer}`;
  return e.outcome === 'answered' ? info(line) : { level: 'warn', msg: line };
};

// Created, cancelled and expired are what an operator follows; the rest of a booking's life is detail.
const BOOKING_INFO_STATUSES = new Set(['cancelled', 'expired']);

const bookingChanged: Describe<'booking.changed'> = ({ change, booking: b }) => {
  if (change === 'created') {
    return info(`booking ${b.code} created: slot ${b.slotId}, tag ${b.idTag}, ${b.startsAt.toISOString()} to ${b.endsAt.toISOString()}`);
  }
  if (change === 'reservation') return debug(`booking ${b.code} reservation on the charger: ${b.reservationStatus ?? 'none'}`);
  const line = `booking ${b.code} ${b.status}`;
  return BOOKING_INFO_STATUSES.has(b.status) ? info(line) : debug(line);
};

const issueChanged: Describe<'issue.changed'> = ({ change, issue }, station) => {
  const line = `issue ${issue.id} on ${where(station, issue.stationId, issue.connectorId)} ${change === 'opened' ? 'opened' : issue.status}: ${issue.title}`;
  return change === 'opened' ? info(line) : debug(line);
};

// A critical one (the whitepaper's flag) is a warning: it opened or joined an issue staff should look at.
const securityEvent: Describe<'security.event'> = (e, station) => {
  const line = `security event ${e.type} on ${station(e.stationId)}${e.techInfo ? `: ${e.techInfo}` : ''}`;
  return e.critical ? { level: 'warn', msg: `${line} (critical, issue ${e.issueId ?? 'none'})` } : info(line);
};

const describers: { [E in EventName]: Describe<E> } = {
  'station.online': (e) => info(`${e.chargeBoxId} connected`),
  'station.offline': (e) => info(`${e.chargeBoxId} disconnected: ${e.reason}`),
  'station.booted': stationBooted,
  'station.updated': (e) => debug(`${e.chargeBoxId} settings changed (${e.registrationStatus}${e.active ? '' : ', inactive'})`),
  'command.result': commandResult,
  'connector.status': connectorStatus,
  'session.started': sessionStarted,
  'session.updated': sessionUpdated,
  'session.stopped': sessionStopped,
  'booking.changed': bookingChanged,
  'invoice.issued': (e) => info(`invoice ${e.number} issued ${formatMoney(e.totalMinor, e.currency)} for session ${e.sessionId}`),
  'invoice.paid': (e) => info(`invoice ${e.number} paid ${formatMoney(e.totalMinor, e.currency)}`),
  'invoice.voided': (e) => info(`invoice ${e.number} voided`),
  'slot.changed': (e) => debug(`slot ${e.code} ${e.status}`),
  'issue.changed': issueChanged,
  'security.event': securityEvent,
  // The balancer's own runs are told by its log line (services/load-balancer.ts), with the limits sent.
  'site.updated': (e) => debug(e.change === 'balanced' || e.change === 'removed' ? `site ${e.siteId} ${e.change}` : `site ${e.siteId} ${e.change} changed`),
};

/**
 * Events worded at debug whatever they carry. The console skips them unworded while debug is off: session.updated
 * comes with every MeterValues, the hottest message there is.
 */
export const DEBUG_ONLY_EVENTS: ReadonlySet<EventName> = new Set<EventName>(['session.updated', 'slot.changed', 'station.updated', 'site.updated']);

export function describeEvent<E extends EventName>(name: E, payload: DomainEvents[E], station: StationName): ActivityLine {
  return (describers[name] as Describe<E>)(payload, station);
}
