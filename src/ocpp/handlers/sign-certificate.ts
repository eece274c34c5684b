import type { Handler } from '../context.js';
import type { Services } from '../../services/index.js';
import { afterReply } from '../after-reply.js';

type Needs = Pick<Services, 'certificates'>;

// Security whitepaper A02/A03: Accepted or Rejected (services/certificate-signing.ts says why); the signed chain
// goes out with CertificateSigned only once this answer has (a CALL awaited here would stall it).
export const handleSignCertificate: Handler<'SignCertificate', Needs> = async (ctx, req) => {
  const verdict = await ctx.services.certificates.sign(ctx.stationId, req.csr);
  if (verdict.status === 'Accepted') {
    afterReply(ctx.log, 'CertificateSigned', () => ctx.services.certificates.deliver(verdict.signing));
  }
  return { status: verdict.status };
};
