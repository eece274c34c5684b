// SKELETON (issue 16 item 2): the charger's certificate store commands; replaced by the certificate work.
import type { Answer, CommandHandlerFn } from './command-handlers.js';
import type { ChargerContext } from './command-handlers.js';

/** ExtendedTriggerMessage SignChargePointCertificate: make a key and CSR, send SignCertificate after the reply. */
export function signChargePointCertificate(_ctx: ChargerContext): Answer<'ExtendedTriggerMessage'> {
  return { response: { status: 'Rejected' } };
}

const CertificateSigned: CommandHandlerFn<'CertificateSigned'> = () => ({ response: { status: 'Rejected' } });
const InstallCertificate: CommandHandlerFn<'InstallCertificate'> = () => ({ response: { status: 'Rejected' } });
const GetInstalledCertificateIds: CommandHandlerFn<'GetInstalledCertificateIds'> = () => ({ response: { status: 'NotFound' } });
const DeleteCertificate: CommandHandlerFn<'DeleteCertificate'> = () => ({ response: { status: 'NotFound' } });

export const certificateHandlers = { CertificateSigned, InstallCertificate, GetInstalledCertificateIds, DeleteCertificate };
