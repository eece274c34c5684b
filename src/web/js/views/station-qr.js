// A station's connector QR codes, to print on the charger (issue 19): each encodes the driver app's page of its
// connector (GET /api/slots/{id}/qr.svg). An <img> cannot send the token as a header, so it goes as
// ?access_token= (the route takes it, as the event stream does; Referrer-Policy keeps it from leaving the page).
import { el, replace } from '../dom.js';
import { getPage, token } from '../api.js';

/** @param {number} slotId */
const qrUrl = (slotId) => `/api/slots/${slotId}/qr.svg?access_token=${encodeURIComponent(token.get() ?? '')}`;

/** Draws the codes of this station's connectors into `box`. @param {number} stationId @param {HTMLElement} box */
export async function connectorQrCodes(stationId, box) {
  /** @type {Array<{ id: number, connectorId: number, code: string }>} */
  const slots = (await getPage(`/slots?stationId=${stationId}&limit=100`)).items;
  replace(box, slots.length === 0 ? el('p', { class: 'muted' }, 'No connector reported yet.') : el('div', { class: 'qr-codes' },
    slots.map((s) => el('figure', { class: 'qr', 'data-testid': `connector-qr-${s.connectorId}` },
      el('img', { src: qrUrl(s.id), alt: `QR code of connector ${s.connectorId} (${s.code})`, width: 160, height: 160 }),
      el('figcaption', {}, el('code', {}, s.code), ' · ', el('a', { href: qrUrl(s.id), download: `${s.code}.svg` }, 'download'))))));
}
