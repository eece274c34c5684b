// A driver starts charging on a connector (chosen in the app or scanned from its QR code), follows the session,
// and stops it (issue 19). The start is a RemoteStartTransaction with the driver's app tag through the same
// command path staff use (recorded in the command log as driver:<customerId>, under the same maintenance and
// booking guard), answered once the charger's StartTransaction has arrived.
import { AppError } from '../shared/errors.js';
import { driverActor, type DriverPrincipal } from '../domain/drivers.js';
import type { CommandService } from './commands.js';
import type { DriverAccountService } from './driver-accounts.js';
import type { StaffSlotView, SlotService } from './slots.js';
import type { DriverStationService } from './driver-stations.js';

export interface DriverChargingService {
  /**
   * Starts charging on the slot: its session's id once the charger started. NotFound naming slotId; Conflict when
   * the slot is inactive, in use, or booked by someone else, and when the charger refuses (details.status);
   * StationOffline when its charger is not connected; StationTimeout when no StartTransaction follows an Accepted.
   */
  start(driver: DriverPrincipal, slotId: number): Promise<{ sessionId: number }>;
  /** start on the slot a scanned connector code names (any case); NotFound naming connectorCode when none does. */
  startByCode(driver: DriverPrincipal, connectorCode: string): Promise<{ sessionId: number }>;
  /** Asks the charger to stop one of the driver's running sessions (RemoteStopTransaction); its answer. */
  stop(driver: DriverPrincipal, session: { id: number; stationId: number }): Promise<{ status: string }>;
}

function refusal(slot: StaffSlotView, driver: DriverPrincipal): AppError | null {
  const at = { slotId: slot.id, code: slot.code };
  if (slot.status === 'inactive') return new AppError('Conflict', `connector ${slot.code} is out of service`, { ...at, reason: 'inactive' });
  if (slot.sessionId !== null || slot.status === 'in_use') return new AppError('Conflict', `connector ${slot.code} is in use`, { ...at, reason: 'in_use' });
  const booking = slot.currentBooking;
  if (booking && booking.customerId !== driver.customerId) {
    return new AppError('Conflict', `connector ${slot.code} is booked by someone else until ${booking.endsAt.toISOString()}`, { ...at, reason: 'booked' });
  }
  if (!slot.stationOnline) return new AppError('StationOffline', `the charger of ${slot.code} is not connected`, at);
  return null;
}

export function makeDriverChargingService(d: {
  slots: SlotService; commands: CommandService; drivers: DriverAccountService; stations: Pick<DriverStationService, 'findSlotId'>;
}): DriverChargingService {
  const service: DriverChargingService = {
    async start(driver, slotId) {
      const slot = await d.slots.get(slotId);
      const refused = refusal(slot, driver);
      if (refused) throw refused;
      const { appIdTag } = await d.drivers.account(driver.customerId);
      const answer = await d.commands.send(driverActor(driver), slot.stationId, 'RemoteStartTransaction',
        { connectorId: slot.connectorId, idTag: appIdTag }, { waitForTransaction: true });
      const status = answer.outcome === 'answered' ? String(answer.response?.status) : answer.outcome;
      if (status !== 'Accepted') {
        throw new AppError('Conflict', `the charger did not start: ${status}`, { slotId, reason: 'refused', status });
      }
      if (typeof answer.transactionId !== 'number') {
        throw new AppError('StationTimeout', `the charger accepted but did not start a transaction in time`, { slotId });
      }
      return { sessionId: answer.transactionId };
    },

    async startByCode(driver, connectorCode) {
      const slotId = await d.stations.findSlotId(connectorCode);
      if (slotId === null) throw new AppError('NotFound', `no connector has the code ${connectorCode}`, { field: 'connectorCode' });
      return service.start(driver, slotId);
    },

    async stop(driver, session) {
      const answer = await d.commands.stopTransaction(driverActor(driver), session.stationId, session.id);
      return { status: answer.outcome === 'answered' ? String(answer.response?.status) : answer.outcome };
    },
  };
  return service;
}
