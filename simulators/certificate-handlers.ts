// The charger's side of the security whitepaper's certificate management (edition 3, A02 and M-style root
// certificate commands): answers decided at once, anything that needs a CALL of ours in `after` (STYLE.md habit 4).
// Its certificate store and client certificate live in security-settings.ts.
import { X509Certificate } from 'node:crypto';
import type { Answer, CommandHandlerFn } from './command-handlers.js';
import type { ChargerContext } from './command-handlers.js';
import { newCertificateRequest } from './certificate-request.js';
import { pemBlocks } from './certificate-store.js';
import { sendSecurityEvent } from './security-jobs.js';

/**
 * ExtendedTriggerMessage SignChargePointCertificate: Accepted, then a fresh EC P-256 key and a CSR with
 * CN = its identity and O = its CpoName key, sent with SignCertificate after the reply.
 */
export function signChargePointCertificate(ctx: ChargerContext): Answer<'ExtendedTriggerMessage'> {
  return {
    response: { status: 'Accepted' },
    after: async () => {
      const request = await newCertificateRequest({ commonName: ctx.identity, organization: ctx.config.get('CpoName') });
      ctx.security.pendingRequest = request;
      const conf = await ctx.messages.send('SignCertificate', { csr: request.csrPem });
      ctx.log(`SignCertificate -> ${conf?.status ?? 'no answer'}`);
    },
  };
}

/** The chain's leaf must carry the key of the CSR it sent (whitepaper: the charger verifies what it gets). */
function leafFitsPendingKey(ctx: ChargerContext, chain: string): boolean {
  const pending = ctx.security.pendingRequest;
  const [leaf] = pemBlocks(chain);
  if (!pending || !leaf) return false;
  try {
    return new X509Certificate(leaf).publicKey.export({ format: 'der', type: 'spki' }).equals(pending.publicKeyDer);
  } catch {
    return false;
  }
}

// An invalid certificate is discarded and reported with the whitepaper's security event (OCA TC_077).
const CertificateSigned: CommandHandlerFn<'CertificateSigned'> = (ctx, req) => {
  const pending = ctx.security.pendingRequest;
  if (!pending || !leafFitsPendingKey(ctx, req.certificateChain)) {
    return {
      response: { status: 'Rejected' },
      after: () => sendSecurityEvent(ctx, 'InvalidChargePointCertificate', 'the certificate does not carry the key of our last CSR'),
    };
  }
  ctx.security.pendingRequest = null;
  return {
    response: { status: 'Accepted' },
    after: () => ctx.security.useClientCertificate(req.certificateChain, pending.keyPem),
  };
};

// A CentralSystemRootCertificate that is no certificate is reported as the whitepaper's security event (OCA TC_078).
const InstallCertificate: CommandHandlerFn<'InstallCertificate'> = (ctx, req) => {
  const status = ctx.security.certificates.install(req.certificateType, req.certificate);
  if (status === 'Accepted' || req.certificateType !== 'CentralSystemRootCertificate') return { response: { status } };
  return { response: { status }, after: () => sendSecurityEvent(ctx, 'InvalidCentralSystemCertificate', 'InstallCertificate: not a certificate') };
};

const GetInstalledCertificateIds: CommandHandlerFn<'GetInstalledCertificateIds'> = (ctx, req) => {
  const ids = ctx.security.certificates.ids(req.certificateType);
  return { response: ids.length > 0 ? { status: 'Accepted', certificateHashData: ids } : { status: 'NotFound' } };
};

const DeleteCertificate: CommandHandlerFn<'DeleteCertificate'> = (ctx, req) => ({
  response: { status: ctx.security.certificates.delete(req.certificateHashData) },
});

export const certificateHandlers = { CertificateSigned, InstallCertificate, GetInstalledCertificateIds, DeleteCertificate };
