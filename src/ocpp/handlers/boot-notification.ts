import type { Handler } from '../context.js';
import type { Services } from '../../services/index.js';

type Needs = Pick<Services, 'chargers'>;

// The answer comes from the station's record: Accepted, Pending (operator approval) or Rejected (OCPP 1.6 §4.2).
// The interval is the heartbeat interval when Accepted, and the wait before the next boot otherwise.
export const handleBootNotification: Handler<'BootNotification', Needs> = async (ctx, req) => {
  const boot = await ctx.services.chargers.recordBoot(ctx.stationId, {
    vendor: req.chargePointVendor,
    model: req.chargePointModel,
    chargePointSerialNumber: req.chargePointSerialNumber ?? null,
    chargeBoxSerialNumber: req.chargeBoxSerialNumber ?? null,
    firmwareVersion: req.firmwareVersion ?? null,
    iccid: req.iccid ?? null,
    imsi: req.imsi ?? null,
    meterType: req.meterType ?? null,
    meterSerialNumber: req.meterSerialNumber ?? null,
  });
  ctx.connection.station = { ...ctx.connection.station, registrationStatus: boot.status };
  return { status: boot.status, currentTime: boot.at.toISOString(), interval: boot.heartbeatIntervalS };
};
