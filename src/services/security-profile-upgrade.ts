// Raising a charger's security profile by ChangeConfiguration SecurityProfile (OCPP 1.6 security whitepaper,
// "Upgrading the security profile"; issue 16 item 4, OCA TC_083). Checked before anything is sent
// (domain/security-configuration.ts: never lower, 3 only with client certificates); once the charger answers
// Accepted the station's profile is raised, so the charger is expected back at the new one and a connection at
// a lower one is refused at the handshake (ocpp/security-profile.ts).
import * as store from '../store/index.js';
import { AppError } from '../shared/errors.js';
import type { Station } from '../domain/model.js';
import type { Principal } from '../domain/staff.js';
import { checkProfileRaise, type ProfileRaiseRefusal } from '../domain/security-configuration.js';
import type { ServiceDeps } from './deps.js';
import type { CommandRecorder, CommandReport } from './command-recorder.js';
import { announceStation } from './stations.js';

export interface SecurityProfileUpgrade {
  raise(principal: Principal, station: Station, value: string): Promise<CommandReport>;
}

function refused(station: Station, value: string, why: ProfileRaiseRefusal): AppError {
  const field = (message: string) => ({ fields: [{ field: 'value', in: 'body', message }] });
  switch (why) {
    case 'NotAProfile':
      return new AppError('BadRequest', 'value: SecurityProfile is 1, 2 or 3', field('SecurityProfile is 1, 2 or 3'));
    case 'Lowering': {
      const message = `SecurityProfile ${value} is below the station's profile ${station.securityProfile}: a command never lowers it (an admin may, with PATCH /api/stations/${station.id})`;
      return new AppError('BadRequest', `value: ${message}`, field(message));
    }
    case 'NoClientCertificates':
      return new AppError('Conflict', 'SecurityProfile 3 needs client certificates, and neither TLS_CA_FILE nor CP_CA_CERT_FILE is configured to check them: a charger raised to 3 could not connect again',
        { stationId: station.id, chargeBoxId: station.chargeBoxId, field: 'value' });
  }
}

export function makeSecurityProfileUpgrade(
  d: ServiceDeps, o: { recorder: CommandRecorder; clientCertificates: boolean },
): SecurityProfileUpgrade {
  return {
    async raise(principal, station, value) {
      const checked = checkProfileRaise(station.securityProfile, value, { clientCertificates: o.clientCertificates });
      if (!checked.ok) throw refused(station, value, checked.error);
      const profile = checked.value;
      const payload = { key: 'SecurityProfile', value: String(profile) };
      const report = await o.recorder.dispatch(principal, station, { action: 'ChangeConfiguration', payload, logged: payload });
      if (report.outcome !== 'answered' || report.response?.status !== 'Accepted' || profile === station.securityProfile) return report;
      const raised = await store.stations.updateStation(d.db, station.id, { securityProfile: profile }, d.clock.now());
      announceStation(d, raised);
      d.log.info({ stationId: station.id, chargeBoxId: station.chargeBoxId, securityProfile: profile },
        'charger accepted a higher security profile: connections below it are refused from now on');
      return report;
    },
  };
}
