// Every charger-initiated OCPP 1.6 action we answer. The mapped type makes a missing one a compile error; each
// handler declares the few services it uses (its Needs), and the table may hand it all of them.
import type { InboundAction } from '../wire/index.js';
import type { Handler } from '../context.js';
import type { Services } from '../../services/index.js';
import { handleBootNotification } from './boot-notification.js';
import { handleHeartbeat } from './heartbeat.js';
import { handleStatusNotification } from './status-notification.js';
import { handleAuthorize } from './authorize.js';
import { handleStartTransaction } from './start-transaction.js';
import { handleMeterValues } from './meter-values.js';
import { handleStopTransaction } from './stop-transaction.js';
import { handleDataTransfer } from './data-transfer.js';
import { handleFirmwareStatusNotification } from './firmware-status-notification.js';
import { handleDiagnosticsStatusNotification } from './diagnostics-status-notification.js';
import { handleSecurityEventNotification } from './security-event-notification.js';
import { handleSignCertificate } from './sign-certificate.js';
import { handleLogStatusNotification } from './log-status-notification.js';
import { handleSignedFirmwareStatusNotification } from './signed-firmware-status-notification.js';

export const handlers: { [A in InboundAction]: Handler<A, Services> } = {
  BootNotification: handleBootNotification,
  Heartbeat: handleHeartbeat,
  StatusNotification: handleStatusNotification,
  Authorize: handleAuthorize,
  StartTransaction: handleStartTransaction,
  MeterValues: handleMeterValues,
  StopTransaction: handleStopTransaction,
  DataTransfer: handleDataTransfer,
  FirmwareStatusNotification: handleFirmwareStatusNotification,
  DiagnosticsStatusNotification: handleDiagnosticsStatusNotification,
  // The security extension (security whitepaper edition 3).
  SecurityEventNotification: handleSecurityEventNotification,
  SignCertificate: handleSignCertificate,
  LogStatusNotification: handleLogStatusNotification,
  SignedFirmwareStatusNotification: handleSignedFirmwareStatusNotification,
};
