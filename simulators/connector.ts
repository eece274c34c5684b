// One connector's state: the status it last reported, availability, fault, reservation and running session.
// Connector 0 (the charger as a whole) is a Connector too; it only ever uses status and availability.
import type { ChargePointErrorCode, ChargePointStatus, Outbound } from '../src/ocpp/wire/index.js';
import type { TxRef } from './offline-queue.js';
import type { Physics } from './session-physics.js';
import type { TimerHandle } from './timers.js';

export type ReserveStatus = Outbound['ReserveNow']['conf']['status'];

export interface Reservation {
  reservationId: number;
  idTag: string;
  parentIdTag?: string;
  expiryDate: string;
  expiry: TimerHandle;
}

export interface Session {
  readonly tx: TxRef;
  readonly idTag: string;
  readonly meterStartWh: number;
  readonly startedAtMs: number;
  readonly reservationId?: number;
  readonly physics: Physics;
  /** Resolves once the StartTransaction is in the transaction queue: a stop made before then queues behind it. */
  readonly startQueued: Promise<void>;
  meterTimer: TimerHandle | null;
  /** Set once a stop has begun: the session is over for the meter and for a RemoteStop. */
  stopping: Promise<void> | null;
}

const OCCUPIED: readonly ChargePointStatus[] = ['Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing'];

export class Connector {
  status: ChargePointStatus = 'Available';
  errorCode: ChargePointErrorCode = 'NoError';
  operative = true;
  /** ChangeAvailability Inoperative arrived during a session: it applies when the session ends (section 5.2). */
  inoperativeScheduled = false;
  fault: ChargePointErrorCode | null = null;
  reservation: Reservation | null = null;
  session: Session | null = null;
  /** The stop under way after the session has left the connector, so a second stop request joins it. */
  pendingStop: Promise<void> | null = null;
  private idleRegisterWh: number;

  constructor(readonly id: number, registerStartWh: number) {
    this.idleRegisterWh = registerStartWh;
  }

  get registerWh(): number {
    return this.session ? this.session.physics.registerWh : this.idleRegisterWh;
  }

  /** The status this connector settles in when nothing transient (Preparing, Finishing) is going on. */
  restingStatus(): ChargePointStatus {
    if (this.fault) return 'Faulted';
    if (this.session) return this.session.physics.powerW > 0 ? 'Charging' : 'SuspendedEV';
    if (!this.operative) return 'Unavailable';
    if (this.reservation) return 'Reserved';
    return 'Available';
  }

  isOccupied(): boolean {
    return this.session !== null || OCCUPIED.includes(this.status);
  }

  reservedFor(idTag: string): boolean {
    const r = this.reservation;
    return r !== null && (r.idTag === idTag || r.parentIdTag === idTag);
  }

  /** Why idTag cannot start here, or null when it can. */
  startRefusal(idTag: string): string | null {
    if (this.fault) return 'connector is Faulted';
    if (!this.operative) return 'connector is Unavailable';
    if (this.isOccupied()) return `connector is ${this.status}`;
    if (this.reservation && !this.reservedFor(idTag)) return 'connector is reserved for another idTag';
    return null;
  }

  reserveStatus(reservationId: number): ReserveStatus {
    if (this.fault) return 'Faulted';
    if (!this.operative) return 'Unavailable';
    if (this.isOccupied()) return 'Occupied';
    if (this.reservation && this.reservation.reservationId !== reservationId) return 'Occupied';
    return 'Accepted';
  }

  dropReservation(): Reservation | null {
    const dropped = this.reservation;
    dropped?.expiry.cancel();
    this.reservation = null;
    return dropped;
  }

  beginSession(session: Session): void {
    this.session = session;
  }

  endSession(): Session | null {
    const ended = this.session;
    if (!ended) return null;
    ended.meterTimer?.cancel();
    this.idleRegisterWh = ended.physics.registerWh;
    this.session = null;
    if (this.inoperativeScheduled) {
      this.operative = false;
      this.inoperativeScheduled = false;
    }
    return ended;
  }
}
