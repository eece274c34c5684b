// A connector's QR code for staff to print on the charger (issue 19): it encodes the driver page of that connector,
// ${origin}/app/c/${code}, which opens the app on it. Rendering a QR code (Reed-Solomon, masking) is the qrcode
// library's job; this only chooses the URL and the media type.
import QRCode from 'qrcode';
import { z } from 'zod';
import type { Request } from 'express';
import type { Services } from '../../services/index.js';
import { route, type RouteSpec } from '../route.js';
import { idParam } from '../validation.js';
import { requestOrigin } from '../request-origin.js';

/** The driver page of a connector, as its QR code carries it. */
export const connectorPageUrl = (origin: string, code: string): string => `${origin}/app/c/${encodeURIComponent(code)}`;

/** PUBLIC_URL, else the address this request came to. */
const originOf = (req: Request, publicUrl: string | null): string => publicUrl ?? requestOrigin(req);

export function connectorQrRoutes(s: Pick<Services, 'slots'>, o: { publicUrl: string | null }): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/slots/:slotId/qr.svg', tag: 'slots', role: 'viewer', streams: true, contentType: 'image/svg+xml',
      summary: 'The QR code to print on a connector, as SVG: it encodes PUBLIC_URL (or the address this request came to) followed '
        + 'by /app/c/{code}, the driver page of that connector',
      responseDescription: 'An SVG image (error correction M). Also takes ?access_token= (an <img> src, a download link)',
      params: z.object({ slotId: idParam('slotId') }),
      async handle({ params, req, res }) {
        const slot = await s.slots.get(params.slotId); // NotFound naming slotId
        const svg = await QRCode.toString(connectorPageUrl(originOf(req, o.publicUrl), slot.code),
          { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
        res.type('image/svg+xml; charset=utf-8');
        res.setHeader('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(`${slot.code}.svg`)}`);
        res.send(svg);
      },
    }),
  ];
}
