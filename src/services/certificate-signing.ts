// SignCertificate and CertificateSigned (OCPP 1.6 security whitepaper edition 3, A02/A03; OCA TC_074, TC_077):
// the charger's CSR is read (csr.ts), checked (domain/certificate-signing.ts), recorded with our verdict and,
// when accepted, signed by the charge-point CA (certificate-issuer.ts). The signed chain goes to the charger with
// CertificateSigned once the SignCertificate reply is out (the edge schedules deliver(): STYLE.md habit 4),
// recorded in the command log like the other commands the central system originates, and its outcome kept.
import * as store from '../store/index.js';
import {
  certificateValidity, checkCsr, refusalText, type CertificateSigning, type CsrFacts, type CsrRefusal,
} from '../domain/certificate-signing.js';
import type { Principal } from '../domain/staff.js';
import type { Station } from '../domain/model.js';
import type { ServiceDeps } from './deps.js';
import type { Page } from '../domain/paging.js';
import type { PageRequest } from '../store/keyset.js';
import type { CommandRecorder } from './command-recorder.js';
import type { ChargerPort } from './ports.js';
import { issueCertificate, type ChargePointCa } from './certificate-issuer.js';
import { readCsr } from './csr.js';

/** Who the command log names for CertificateSigned: the central system itself, answering a charger. */
const SYSTEM: Principal = { accountId: null, name: 'system:certificates', role: 'admin' };

export interface SignatureVerdict {
  status: 'Accepted' | 'Rejected';
  signing: CertificateSigning;
}

export interface CertificateSigningService {
  /** SignCertificate: checked, signed when it passes, recorded either way. */
  sign(stationId: number, csr: string): Promise<SignatureVerdict>;
  /** CertificateSigned for an accepted signing; call it after the SignCertificate reply. Never throws for the
   * charger's sake: an answer, a refusal or no answer at all ends up in the signing's `delivery`. */
  deliver(signing: CertificateSigning): Promise<void>;
  /** One station's signing requests, newest first (NotFound for an unknown station). */
  list(stationId: number, page: PageRequest): Promise<Page<CertificateSigning>>;
}

export function makeCertificateSigningService(
  d: ServiceDeps, o: { ca: ChargePointCa | null; recorder: CommandRecorder; commands: ChargerPort },
): CertificateSigningService {
  async function record(station: Station, csr: string, verdict: { refusal: CsrRefusal; facts?: CsrFacts } | null,
    issued: Awaited<ReturnType<typeof issueCertificate>> | null): Promise<CertificateSigning> {
    const now = d.clock.now();
    const reason = verdict ? refusalText(verdict.refusal, { chargeBoxId: station.chargeBoxId, cpoName: o.ca?.cpoName ?? null }, verdict.facts) : null;
    if (reason) d.log.warn({ stationId: station.id, chargeBoxId: station.chargeBoxId, reason }, 'SignCertificate rejected');
    return store.certificateSignings.insertSigning(d.db, {
      stationId: station.id, csr, status: issued ? 'Accepted' : 'Rejected', reason,
      certificate: issued?.chainPem ?? null, serialNumber: issued?.serialNumber ?? null, notAfter: issued?.notAfter ?? null,
      requestedAt: now, signedAt: issued ? now : null,
    });
  }

  type Decision = { ca: ChargePointCa } | { refusal: CsrRefusal; facts?: CsrFacts };
  async function decide(station: Station, csr: string): Promise<Decision> {
    if (!o.ca) return { refusal: 'NoCertificateAuthority' };
    const facts = await readCsr(csr);
    if (!facts) return { refusal: 'NotACsr' };
    const checked = checkCsr(facts, { chargeBoxId: station.chargeBoxId, cpoName: o.ca.cpoName });
    if (!checked.ok) return { refusal: checked.error, facts };
    return { ca: o.ca };
  }

  return {
    async sign(stationId, csr) {
      const station = await store.stations.getStation(d.db, stationId);
      const decided = await decide(station, csr);
      if (!('ca' in decided)) return { status: 'Rejected', signing: await record(station, csr, decided, null) };
      const issued = await issueCertificate(decided.ca, csr, certificateValidity(d.clock.now(), decided.ca.notAfter));
      const signing = await record(station, csr, null, issued);
      d.log.info({ stationId, chargeBoxId: station.chargeBoxId, serialNumber: issued.serialNumber, notAfter: issued.notAfter },
        'SignCertificate accepted: certificate signed');
      return { status: 'Accepted', signing };
    },

    async deliver(signing) {
      const log = d.log.child({ stationId: signing.stationId, signingId: signing.id });
      let delivery: string;
      try {
        const answer = await o.recorder.recorded(SYSTEM, signing.stationId, o.commands.certificateSigned(signing.certificate ?? ''));
        delivery = answer.outcome === 'answered' ? answer.status : `${answer.outcome}: ${answer.detail}`;
      } catch (err) {
        log.error({ err }, 'CertificateSigned failed');
        delivery = 'failed: internal error';
      }
      await store.certificateSignings.updateDelivery(d.db, signing.stationId, signing.id, delivery);
      log.info({ delivery }, 'CertificateSigned delivered');
    },

    async list(stationId, page) {
      await store.stations.getStation(d.db, stationId);
      return store.certificateSignings.listSignings(d.db, stationId, page);
    },
  };
}
