// Each inbound handler is typed with the services it uses and no others (ocpp/context.ts). These checks are
// types: `npx tsc --noEmit` (CI's typecheck) fails when a handler's declared services change or the narrowing
// stops; the runtime assertions only keep vitest honest that the table is complete.
import { describe, expectTypeOf, it, expect } from 'vitest';
import type { Services } from '../../../src/services/index.js';
import type { Handler, StationContext } from '../../../src/ocpp/context.js';
import { handlers } from '../../../src/ocpp/handlers/index.js';
import { handleAuthorize } from '../../../src/ocpp/handlers/authorize.js';
import { handleBootNotification } from '../../../src/ocpp/handlers/boot-notification.js';
import { handleHeartbeat } from '../../../src/ocpp/handlers/heartbeat.js';
import { handleStatusNotification } from '../../../src/ocpp/handlers/status-notification.js';
import { handleStartTransaction } from '../../../src/ocpp/handlers/start-transaction.js';
import { handleMeterValues } from '../../../src/ocpp/handlers/meter-values.js';
import { handleStopTransaction } from '../../../src/ocpp/handlers/stop-transaction.js';
import { handleDataTransfer } from '../../../src/ocpp/handlers/data-transfer.js';
import { handleFirmwareStatusNotification } from '../../../src/ocpp/handlers/firmware-status-notification.js';
import { handleDiagnosticsStatusNotification } from '../../../src/ocpp/handlers/diagnostics-status-notification.js';
import { handleSecurityEventNotification } from '../../../src/ocpp/handlers/security-event-notification.js';
import { handleSignCertificate } from '../../../src/ocpp/handlers/sign-certificate.js';
import { handleLogStatusNotification } from '../../../src/ocpp/handlers/log-status-notification.js';
import { handleSignedFirmwareStatusNotification } from '../../../src/ocpp/handlers/signed-firmware-status-notification.js';

type ServicesOf<H> = H extends (ctx: StationContext<infer S>, req: never) => unknown ? keyof S : never;

describe('inbound handlers get only the services they declare', () => {
  it('declares, per handler, exactly the services it calls', () => {
    expectTypeOf<ServicesOf<typeof handleAuthorize>>().toEqualTypeOf<'idTags'>();
    expectTypeOf<ServicesOf<typeof handleBootNotification>>().toEqualTypeOf<'chargers'>();
    expectTypeOf<ServicesOf<typeof handleHeartbeat>>().toEqualTypeOf<'chargers'>();
    expectTypeOf<ServicesOf<typeof handleStatusNotification>>().toEqualTypeOf<'connectors' | 'chargers'>();
    expectTypeOf<ServicesOf<typeof handleStartTransaction>>().toEqualTypeOf<'sessions'>();
    expectTypeOf<ServicesOf<typeof handleMeterValues>>().toEqualTypeOf<'sessions' | 'chargers'>();
    expectTypeOf<ServicesOf<typeof handleStopTransaction>>().toEqualTypeOf<'sessions'>();
    expectTypeOf<ServicesOf<typeof handleDataTransfer>>().toEqualTypeOf<'chargers'>();
    expectTypeOf<ServicesOf<typeof handleFirmwareStatusNotification>>().toEqualTypeOf<'chargers'>();
    expectTypeOf<ServicesOf<typeof handleDiagnosticsStatusNotification>>().toEqualTypeOf<'chargers'>();
    expectTypeOf<ServicesOf<typeof handleSecurityEventNotification>>().toEqualTypeOf<'securityEvents'>();
    expectTypeOf<ServicesOf<typeof handleSignCertificate>>().toEqualTypeOf<'certificates'>();
    expectTypeOf<ServicesOf<typeof handleLogStatusNotification>>().toEqualTypeOf<'securityStatuses'>();
    expectTypeOf<ServicesOf<typeof handleSignedFirmwareStatusNotification>>().toEqualTypeOf<'securityStatuses'>();
    expect(Object.keys(handlers)).toHaveLength(14);
  });

  it('does not let a handler reach a service it did not declare', () => {
    const heartbeat: Handler<'Heartbeat', Pick<Services, 'chargers'>> = async (ctx) => {
      // @ts-expect-error sessions is not among the services this handler declared
      void ctx.services.sessions;
      return { currentTime: (await ctx.services.chargers.recordHeartbeat(ctx.stationId)).toISOString() };
    };
    expect(typeof heartbeat).toBe('function');
  });
});
