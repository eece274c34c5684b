// The charger's messages that are not part of a transaction: StatusNotification, Heartbeat, triggered
// MeterValues and the diagnostics and firmware notifications. A charger drops these while it is offline or
// not yet accepted (../shared/OCPP.md: while not Accepted it sends nothing but BootNotification); the
// current statuses go out again after every accepted boot instead.
import type {
  ChargePointErrorCode, ChargePointStatus, DiagnosticsStatus, FirmwareStatus, Inbound, InboundAction,
  TriggerableMessage,
} from '../src/ocpp/wire/index.js';
import type { Connector } from './connector.js';
import type { Link } from './rpc-link.js';
import { meterValue } from './session-physics.js';
import type { SessionManager } from './sessions.js';

export interface MessengerDeps {
  readonly station: Connector;
  readonly sessions: SessionManager;
  connectors(): readonly Connector[];
  connector(id: number): Connector | undefined;
  /** The connection, when it is open and its BootNotification was accepted; otherwise null. */
  acceptedLink(): Link | null;
  boot(): Promise<unknown>;
  emit(event: string, payload: unknown): void;
  log(line: string): void;
}

const BUSY_FIRMWARE: readonly FirmwareStatus[] = ['Downloading', 'Downloaded', 'Installing'];

export class Messenger {
  // What a triggered notification reports: the step in progress, or Idle when nothing is (section 5.17).
  private diagnostics: DiagnosticsStatus = 'Idle';
  private firmware: FirmwareStatus = 'Idle';

  constructor(private readonly d: MessengerDeps) {}

  /** Sends now, or drops the message (null) while offline or not accepted; a refusal is logged, not thrown. */
  async send<A extends InboundAction>(action: A, payload: Inbound[A]['req']): Promise<Inbound[A]['conf'] | null> {
    const link = this.d.acceptedLink();
    if (!link) return null;
    try {
      return await link.call(action, payload);
    } catch (err) {
      this.d.log(`${action} failed: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }

  async setStatus(connector: Connector, status: ChargePointStatus, errorCode: ChargePointErrorCode = 'NoError')
    : Promise<void> {
    connector.status = status;
    connector.errorCode = errorCode;
    this.d.log(`#${connector.id} ${status}${errorCode === 'NoError' ? '' : ` (${errorCode})`}`);
    this.d.emit('status', { connectorId: connector.id, status });
    await this.sendStatus(connector);
  }

  /** Reports the connector's resting status, if it is not the one last reported. */
  async settle(connector: Connector): Promise<void> {
    const resting = connector.restingStatus();
    if (resting !== connector.status) await this.setStatus(connector, resting, connector.fault ?? 'NoError');
  }

  async sendStatus(connector: Connector): Promise<void> {
    await this.send('StatusNotification', {
      connectorId: connector.id, errorCode: connector.errorCode, status: connector.status,
      timestamp: new Date().toISOString(),
    });
  }

  async sendAllStatuses(): Promise<void> {
    const all = [this.d.station, ...this.d.connectors()];
    this.d.log(`statuses: ${all.map((c) => `#${c.id} ${c.status}`).join(', ')}`);
    for (const c of all) await this.sendStatus(c);
  }

  async heartbeat(): Promise<void> {
    await this.send('Heartbeat', {});
  }

  async trigger(message: TriggerableMessage, connectorId: number | undefined): Promise<void> {
    switch (message) {
      case 'BootNotification':
        await this.d.boot();
        return;
      case 'Heartbeat':
        return this.heartbeat();
      case 'StatusNotification': {
        if (connectorId === undefined) return this.sendAllStatuses();
        const target = connectorId === 0 ? this.d.station : this.d.connector(connectorId);
        if (target) await this.sendStatus(target);
        return;
      }
      case 'MeterValues': {
        const targets = this.d.connectors().filter((c) => !connectorId || c.id === connectorId);
        for (const c of targets) await this.sendReadings(c);
        return;
      }
      case 'DiagnosticsStatusNotification':
        await this.send('DiagnosticsStatusNotification', { status: this.diagnostics });
        return;
      case 'FirmwareStatusNotification':
        await this.send('FirmwareStatusNotification', { status: this.firmware });
        return;
    }
  }

  async notifyDiagnostics(status: DiagnosticsStatus): Promise<void> {
    this.diagnostics = status === 'Uploading' ? 'Uploading' : 'Idle';
    this.d.log(`diagnostics ${status}`);
    await this.send('DiagnosticsStatusNotification', { status });
  }

  async notifyFirmware(status: FirmwareStatus): Promise<void> {
    this.firmware = BUSY_FIRMWARE.includes(status) ? status : 'Idle';
    this.d.log(`firmware ${status}`);
    await this.send('FirmwareStatusNotification', { status });
  }

  /** A triggered sample of the connector's current readings (context Trigger). */
  private async sendReadings(connector: Connector): Promise<void> {
    const reading = this.d.sessions.reading(connector);
    const transactionId = connector.session?.tx.transactionId ?? null;
    await this.send('MeterValues', {
      connectorId: connector.id, ...(transactionId !== null && { transactionId }),
      meterValue: [meterValue(reading, 'Trigger', new Date().toISOString())],
    });
  }
}
