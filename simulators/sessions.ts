// Charging sessions as a real charger runs them (OCPP 1.6 sections 4.8, 4.10, 4.7): Preparing, StartTransaction,
// Charging, periodic MeterValues, then StopTransaction, Finishing and the resting status. Transaction messages go
// through the TransactionQueue, so a session keeps running while offline and its messages are replayed later.
import type {
  ChargePointErrorCode, ChargePointStatus, IdTagInfo, MeterValue, StartTransactionConf, StopReason,
} from '../src/ocpp/wire/index.js';
import type { Connector, Session } from './connector.js';
import type { TransactionQueue } from './offline-queue.js';
import { advance, meterValue, registerWhOf, simulatedCar, type Reading, type SimulatedCar } from './session-physics.js';
import type { Timers } from './timers.js';

export interface SessionDeps {
  identity: string;
  connector(id: number): Connector | undefined;
  connectors(): readonly Connector[];
  queue: TransactionQueue;
  timers: Timers;
  /** Every car alike when given (tests); otherwise each session draws its car (session-physics.ts simulatedCar). */
  batteryWh?: number;
  startSocPercent?: number;
  meterIntervalMs(): number;
  powerLimitW(connector: Connector, nowMs: number): number;
  stopOnInvalidId(): boolean;
  setStatus(connector: Connector, status: ChargePointStatus, errorCode?: ChargePointErrorCode): Promise<void>;
  remember(idTag: string, info: IdTagInfo): void;
  onSessionEnded(connector: Connector): void;
  emit(event: string, payload: unknown): void;
  log(line: string): void;
}

export interface StartResult {
  transactionId: number;
  idTagInfo: IdTagInfo;
}

export interface SessionSummary {
  transactionId: number;
  idTag: string;
  energyWh: number;
  socPercent: number;
  powerW: number;
}

/** What a start made offline reports until the central system assigns the real id on replay. */
export const UNCONFIRMED_TRANSACTION_ID = -1;
const MAX_ID_TAG_LENGTH = 20;
const SUSPENDABLE: readonly ChargePointStatus[] = ['Charging', 'SuspendedEV', 'SuspendedEVSE'];

export class SessionManager {
  private readonly sessionsPerConnector = new Map<number, number>();

  constructor(private readonly d: SessionDeps) {}

  async start(connectorId: number, idTag: string, opts: { reservationId?: number } = {}): Promise<StartResult> {
    const connector = this.requireConnector(connectorId);
    // idTag is a CiString20Type: a longer one would fail strict validation deep inside the queue instead.
    if (idTag.length > MAX_ID_TAG_LENGTH) throw new Error(`idTag '${idTag}' is longer than ${MAX_ID_TAG_LENGTH}`);
    const refusal = connector.startRefusal(idTag);
    if (refusal) throw new Error(`${this.d.identity} cannot start on connector ${connectorId}: ${refusal}`);
    // A start by the reserving driver uses up the reservation; its id tells the central system which one.
    const reserved = connector.reservedFor(idTag) ? connector.reservation?.reservationId : undefined;
    const reservationId = opts.reservationId ?? reserved;
    connector.dropReservation();
    let markStartQueued!: () => void;
    const startQueued = new Promise<void>((resolve) => { markStartQueued = resolve; });
    const session = this.newSession(connector, idTag, reservationId, startQueued);
    connector.beginSession(session);
    await this.d.setStatus(connector, 'Preparing');

    const startedAt = new Date(session.startedAtMs).toISOString();
    const answered = this.d.queue.push('StartTransaction', () => ({
      connectorId, idTag, meterStart: session.meterStartWh, timestamp: startedAt,
      ...(reservationId !== undefined && { reservationId }),
    }), (answer) => this.onStartAnswer(connector, session, answer));
    markStartQueued(); // push queues synchronously; a stop waiting on this now lands behind the start
    const conf = await answered;

    const result: StartResult = {
      transactionId: conf?.transactionId ?? UNCONFIRMED_TRANSACTION_ID,
      idTagInfo: conf?.idTagInfo ?? { status: 'Accepted' },
    };
    if (session.stopping) await session.stopping; // refused idTag: onStartAnswer stopped it (DeAuthorized)
    if (connector.session !== session) return result;
    await this.d.setStatus(connector, 'Charging');
    this.pushSample(connector, session, meterValue(this.readingOf(session), 'Transaction.Begin', startedAt));
    this.startMeterTimer(connector, session);
    this.d.log(`#${connectorId} session started for ${idTag}: tx ${txLabel(session)}, meterStart ${session.meterStartWh} Wh, `
      + `car ${session.physics.batteryWh / 1000} kWh at ${Math.floor(session.physics.socPercent)} %`);
    this.d.emit('sessionStarted', { connectorId, transactionId: result.transactionId });
    return result;
  }

  async stop(connectorId: number, reason: StopReason = 'Local'): Promise<void> {
    const connector = this.requireConnector(connectorId);
    const session = connector.session;
    if (!session) {
      if (connector.pendingStop) return connector.pendingStop; // a stop is already under way: join it
      throw new Error(`${this.d.identity} has no session on connector ${connectorId}`);
    }
    // runStop takes the session off the connector before its first await, so nothing can start it twice.
    const stopping = this.runStop(connector, session, reason).finally(() => {
      if (connector.pendingStop === stopping) connector.pendingStop = null;
    });
    session.stopping = stopping;
    connector.pendingStop = stopping;
    return stopping;
  }

  async stopAll(reason: StopReason): Promise<void> {
    await Promise.all(this.d.connectors().filter((c) => c.session).map((c) => this.stop(c.id, reason)));
  }

  findByTransactionId(transactionId: number): Connector | undefined {
    return this.d.connectors().find((c) => c.session && !c.session.stopping && c.session.tx.transactionId === transactionId);
  }

  /** The connector's readings now: the register always, power and SoC only with a car charging. */
  reading(connector: Connector): Reading {
    const session = connector.session;
    if (!session) return { registerWh: connector.registerWh, powerW: 0, socPercent: null };
    this.advanceTo(connector, session, Date.now());
    return this.readingOf(session);
  }

  summary(connector: Connector): SessionSummary | null {
    const session = connector.session;
    if (!session) return null;
    const r = this.reading(connector);
    return {
      transactionId: session.tx.transactionId ?? UNCONFIRMED_TRANSACTION_ID, idTag: session.idTag,
      energyWh: registerWhOf(r.registerWh) - session.meterStartWh, socPercent: r.socPercent ?? 0, powerW: r.powerW,
    };
  }

  /** MeterValueSampleInterval changed: running sessions sample at the new period from now on. */
  restartMeterTimers(): void {
    for (const c of this.d.connectors()) {
      if (c.session && !c.session.stopping) this.startMeterTimer(c, c.session);
    }
  }

  private newSession(
    connector: Connector, idTag: string, reservationId: number | undefined, startQueued: Promise<void>,
  ): Session {
    const nowMs = Date.now();
    const registerWh = connector.registerWh;
    const car = this.nextCar(connector);
    return {
      tx: { transactionId: null }, idTag, meterStartWh: registerWhOf(registerWh), startedAtMs: nowMs,
      ...(reservationId !== undefined && { reservationId }),
      physics: {
        registerWh, socPercent: car.startSocPercent, powerW: this.d.powerLimitW(connector, nowMs), lastTickMs: nowMs,
        batteryWh: car.batteryWh,
      },
      startQueued, meterTimer: null, stopping: null,
    };
  }

  private nextCar(connector: Connector): SimulatedCar {
    const sessionNumber = (this.sessionsPerConnector.get(connector.id) ?? 0) + 1;
    this.sessionsPerConnector.set(connector.id, sessionNumber);
    const drawn = simulatedCar(this.d.identity, connector.id, sessionNumber);
    return { batteryWh: this.d.batteryWh ?? drawn.batteryWh, startSocPercent: this.d.startSocPercent ?? drawn.startSocPercent };
  }

  private onStartAnswer(connector: Connector, session: Session, conf: StartTransactionConf): void {
    session.tx.transactionId = conf.transactionId;
    this.d.remember(session.idTag, conf.idTagInfo);
    this.d.log(`#${connector.id} StartTransaction answered: tx ${conf.transactionId}, idTag ${conf.idTagInfo.status}`);
    // StopTransactionOnInvalidId (section 9.1): a refused idTag ends the session at once.
    if (conf.idTagInfo.status !== 'Accepted' && this.d.stopOnInvalidId() && connector.session === session) {
      this.stop(connector.id, 'DeAuthorized').catch((err: unknown) => this.d.log(`DeAuthorized stop failed: ${String(err)}`));
    }
  }

  private async runStop(connector: Connector, session: Session, reason: StopReason): Promise<void> {
    const nowMs = Date.now();
    this.advanceTo(connector, session, nowMs);
    const timestamp = new Date(nowMs).toISOString();
    const meterStop = registerWhOf(session.physics.registerWh);
    const endSample = meterValue(this.readingOf(session), 'Transaction.End', timestamp);
    connector.endSession();
    this.d.onSessionEnded(connector);
    // Stopped while still Preparing: a charger never sends the Stop of a transaction before its Start.
    await session.startQueued;
    await this.d.queue.push('StopTransaction', () => (session.tx.transactionId === null ? null : {
      transactionId: session.tx.transactionId, meterStop, timestamp, reason, idTag: session.idTag,
      transactionData: [endSample],
    }), (conf) => conf.idTagInfo && this.d.remember(session.idTag, conf.idTagInfo));
    // A fault ends the session by cutting the power: straight to Faulted, no Finishing.
    if (!connector.fault) await this.d.setStatus(connector, 'Finishing');
    await this.d.setStatus(connector, connector.restingStatus(), connector.fault ?? 'NoError');
    const energyKWh = ((meterStop - session.meterStartWh) / 1000).toFixed(2);
    this.d.log(`#${connector.id} session stopped (${reason}): tx ${txLabel(session)}, ${energyKWh} kWh`);
    this.d.emit('sessionStopped', {
      connectorId: connector.id, transactionId: session.tx.transactionId ?? UNCONFIRMED_TRANSACTION_ID, reason,
      energyWh: meterStop - session.meterStartWh,
    });
  }

  /** Brings every running session's meter up to nowMs under the limits in force until then. */
  advanceAll(nowMs: number): void {
    for (const c of this.d.connectors()) if (c.session && !c.session.stopping) this.advanceTo(c, c.session, nowMs);
  }

  private startMeterTimer(connector: Connector, session: Session): void {
    session.meterTimer?.cancel();
    const periodMs = this.d.meterIntervalMs();
    // MeterValueSampleInterval 0 means no periodic samples (section 9.1).
    session.meterTimer = periodMs > 0 ? this.d.timers.every(periodMs, () => this.tick(connector, session)) : null;
  }

  private tick(connector: Connector, session: Session): void {
    if (connector.session !== session || session.stopping) return;
    const nowMs = Date.now();
    this.advanceTo(connector, session, nowMs);
    const reading = this.readingOf(session);
    this.pushSample(connector, session, meterValue(reading, 'Sample.Periodic', new Date(nowMs).toISOString()));
    const energyKWh = ((registerWhOf(reading.registerWh) - session.meterStartWh) / 1000).toFixed(2);
    this.d.log(`#${connector.id} tx ${txLabel(session)}: ${energyKWh} kWh, ${(reading.powerW / 1000).toFixed(1)} kW, `
      + `SoC ${Math.floor(reading.socPercent ?? 0)}%`);
    this.d.emit('meterValues', { connectorId: connector.id, transactionId: session.tx.transactionId, ...reading });
    this.followSuspension(connector, session, nowMs);
  }

  /** A full battery (SuspendedEV) or a charging profile at 0 W (SuspendedEVSE) pauses the energy flow. */
  private followSuspension(connector: Connector, session: Session, nowMs: number): void {
    const status: ChargePointStatus = session.physics.powerW > 0 ? 'Charging'
      : this.d.powerLimitW(connector, nowMs) <= 0 ? 'SuspendedEVSE' : 'SuspendedEV';
    if (status !== connector.status && SUSPENDABLE.includes(connector.status)) {
      this.d.setStatus(connector, status).catch((err: unknown) => this.d.log(`status failed: ${String(err)}`));
    }
  }

  private pushSample(connector: Connector, session: Session, sample: MeterValue): void {
    void this.d.queue.push('MeterValues', () => (session.tx.transactionId === null ? null : {
      connectorId: connector.id, transactionId: session.tx.transactionId, meterValue: [sample],
    }));
  }

  private advanceTo(connector: Connector, session: Session, nowMs: number): void {
    advance(session.physics, nowMs, this.d.powerLimitW(connector, nowMs));
  }

  private readingOf(session: Session): Reading {
    const p = session.physics;
    return { registerWh: p.registerWh, powerW: p.powerW, socPercent: p.socPercent };
  }

  private requireConnector(connectorId: number): Connector {
    const connector = this.d.connector(connectorId);
    if (!connector) throw new Error(`${this.d.identity} has no connector ${connectorId}`);
    return connector;
  }
}

function txLabel(session: Session): string {
  return session.tx.transactionId === null ? '(pending)' : String(session.tx.transactionId);
}
