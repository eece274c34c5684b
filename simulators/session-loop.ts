// Keeps a demo session going on one connector, as the CLI wants: start a session, stop it after sessionMs,
// pause, start again. It follows the charger's events, so a session the central system stops (RemoteStop,
// Reset, Unlock) or starts (RemoteStart) fits into the same rhythm.
import type { ChargePoint } from './charge-point.js';

export interface SessionLoopOptions {
  connectorId: number;
  idTag: string;
  sessionMs: number;
  pauseMs: number;
  log(line: string): void;
  /** A session could not start or stop (the CLI's summary counts these as errors). */
  onFailure?(): void;
}

interface SessionEvent {
  connectorId: number;
}

export class SessionLoop {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly cp: ChargePoint, private readonly o: SessionLoopOptions) {}

  start(): void {
    this.running = true;
    this.cp.on('sessionStarted', this.onStarted);
    this.cp.on('sessionStopped', this.onStopped);
    this.schedule(0, () => this.tryStart());
  }

  stop(): void {
    this.running = false;
    this.cp.off('sessionStarted', this.onStarted);
    this.cp.off('sessionStopped', this.onStopped);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private readonly onStarted = (e: SessionEvent): void => {
    if (e.connectorId !== this.o.connectorId) return;
    this.schedule(this.o.sessionMs, () => {
      if (!this.cp.session(this.o.connectorId)) return;
      this.cp.stopSession(this.o.connectorId, 'Local').catch((err: unknown) => this.fail('stop', err));
    });
  };

  private readonly onStopped = (e: SessionEvent): void => {
    if (e.connectorId !== this.o.connectorId) return;
    this.schedule(this.o.pauseMs, () => this.tryStart());
  };

  private tryStart(): void {
    if (this.cp.session(this.o.connectorId)) return; // one is already running (a RemoteStart, say)
    this.cp.startSession(this.o.connectorId, this.o.idTag).catch((err: unknown) => {
      // Reserved, faulted or unavailable: try again after a pause, as a driver would come back later.
      this.fail('start', err);
      this.schedule(this.o.pauseMs, () => this.tryStart());
    });
  }

  private schedule(delayMs: number, fn: () => void): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running) fn();
    }, delayMs);
  }

  private fail(what: string, err: unknown): void {
    this.o.onFailure?.();
    this.o.log(`${this.cp.identity} could not ${what} a session: ${err instanceof Error ? err.message : String(err)}`);
  }
}
