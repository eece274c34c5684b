// The ledger of what each charger has installed (charging_profiles): a SetChargingProfile the charger Accepted is
// recorded, replacing the rows the charger replaced; a ClearChargingProfile it Accepted deletes what it matched; a
// TxProfile goes when its transaction stops. Whoever sent it: load management (charging-profiles.ts) or staff
// through the command API (commands.ts calls recordStaffCommand once the charger has answered).
import * as store from '../store/index.js';
import { inTransaction } from '../store/db.js';
import { BatchQueue } from '../shared/batcher.js';
import {
  clearedBy, PROFILE_PURPOSES, replacedBy, type ClearCriteria, type InstalledProfile, type ProfilePurpose,
} from '../domain/charging-profiles.js';
import type { CommandAction } from '../domain/commands.js';
import type { Principal } from '../domain/staff.js';
import type { CommandPayload } from './ports.js';
import type { ServiceDeps } from './deps.js';

export interface ChargingProfileLedger {
  /** A SetChargingProfile the charger Accepted: recorded, replacing what it replaced there (§3.13.2). */
  accepted(stationId: number, connectorId: number, profile: CommandPayload, source: string): Promise<void>;
  /** A ClearChargingProfile the charger Accepted: what it matched is deleted (§5.5). */
  cleared(stationId: number, criteria: ClearCriteria): Promise<void>;
  /** A staff command the charger answered: SetChargingProfile Accepted is recorded as 'staff:<name>',
   * ClearChargingProfile Accepted deletes what it matched; anything else is no concern of the ledger. */
  recordStaffCommand(principal: Principal, stationId: number, action: CommandAction, payload: CommandPayload, status: unknown): Promise<void>;
}

const isPurpose = (v: unknown): v is ProfilePurpose => PROFILE_PURPOSES.includes(v as ProfilePurpose);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

/** ClearChargingProfile.req as the domain's criteria (strict mode checked its form before it left). */
function criteriaOf(req: CommandPayload): ClearCriteria {
  const [id, connectorId, stackLevel] = [int(req.id), int(req.connectorId), int(req.stackLevel)];
  return {
    ...(id !== undefined && { id }), ...(connectorId !== undefined && { connectorId }),
    ...(stackLevel !== undefined && { stackLevel }), ...(isPurpose(req.chargingProfilePurpose) && { purpose: req.chargingProfilePurpose }),
  };
}

export function makeChargingProfileLedger(d: ServiceDeps): ChargingProfileLedger {
  async function accepted(stationId: number, connectorId: number, profile: CommandPayload, source: string): Promise<void> {
    const purpose = profile.chargingProfilePurpose;
    const [chargingProfileId, stackLevel] = [int(profile.chargingProfileId), int(profile.stackLevel)];
    if (!isPurpose(purpose) || chargingProfileId === undefined || stackLevel === undefined) {
      d.log.warn({ stationId, profile }, 'an accepted charging profile without an id, stack level or purpose was not recorded');
      return;
    }
    const row: InstalledProfile = {
      stationId, connectorId, chargingProfileId, stackLevel, purpose, transactionId: int(profile.transactionId) ?? null,
      profile, source, acceptedAt: d.clock.now(),
    };
    await inTransaction(d.db, async (tx) => {
      const installed = await store.chargingProfiles.listForUpdate(tx, stationId);
      await store.chargingProfiles.deleteRows(tx, replacedBy(installed, row).map((p) => p.rowId));
      await store.chargingProfiles.insertProfile(tx, row);
    });
  }

  async function cleared(stationId: number, criteria: ClearCriteria): Promise<void> {
    await inTransaction(d.db, async (tx) => {
      const installed = await store.chargingProfiles.listForUpdate(tx, stationId);
      await store.chargingProfiles.deleteRows(tx, clearedBy(installed, criteria).map((p) => p.rowId));
    });
  }

  // The TxProfile ends with its transaction on the charger (§3.13.1): whichever node recorded the stop removes it,
  // the stops of a busy moment in one statement (every StopTransaction comes here, with a profile or not).
  const ended = new BatchQueue(async (e: store.chargingProfiles.EndedTransaction[]) => {
    await store.chargingProfiles.deleteTxProfilesOf(d.db, e);
    return e.map(() => undefined);
  });
  d.events.on('session.stopped', (e) => {
    ended.add({ stationId: e.stationId, connectorId: e.connectorId, transactionId: e.sessionId })
      .catch((err: unknown) => d.log.error({ err, stationId: e.stationId, sessionId: e.sessionId }, 'removing the stopped transaction\'s TxProfile failed'));
  });

  return {
    accepted,
    cleared,
    async recordStaffCommand(principal, stationId, action, payload, status) {
      if (status !== 'Accepted') return;
      if (action === 'SetChargingProfile') {
        const profile = payload.csChargingProfiles as CommandPayload;
        await accepted(stationId, Number(payload.connectorId), profile, `staff:${principal.name}`);
      } else if (action === 'ClearChargingProfile') {
        await cleared(stationId, criteriaOf(payload));
      }
    },
  };
}
