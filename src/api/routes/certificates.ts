// The certificates we were asked to sign for a charger (security whitepaper SignCertificate) and what became of
// them: our verdict and why, the certificate's serial and expiry, and the charger's answer to CertificateSigned.
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import { route, type RouteSpec } from '../route.js';
import { idParam } from '../validation.js';
import { splitPage } from '../schemas/paged-query.js';
import { CertificateSigning, stationLogQuery } from '../schemas/station-logs.js';

const StationId = z.object({ stationId: idParam('stationId') });

const ANSWER = '[{ id, status, reason, serialNumber, notAfter, requestedAt, signedAt, delivery }], newest first: status is '
  + 'what SignCertificate was answered (Accepted: signed by the charge-point CA; Rejected: reason says why); delivery is '
  + 'the charger\'s answer to CertificateSigned (Accepted, Rejected) or why none came (offline, timeout, ...), null while under way.';

export function certificateRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/stations/:stationId/certificates', tag: 'stations', role: 'viewer', paged: true,
      summary: 'Certificate signing requests of this charger (SignCertificate), newest first (requestedAt, id), with the verdict and the delivery',
      responseDescription: ANSWER,
      params: StationId, query: stationLogQuery, response: CertificateSigning,
      handle: async ({ params, query }) => {
        const page = await s.certificates.list(params.stationId, splitPage(query).page);
        return {
          ...page,
          items: page.items.map((c) => ({
            id: c.id, status: c.status, reason: c.reason, serialNumber: c.serialNumber, notAfter: c.notAfter,
            requestedAt: c.requestedAt, signedAt: c.signedAt, delivery: c.delivery,
          })),
        };
      },
    }),
  ];
}
