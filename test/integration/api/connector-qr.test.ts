// Connector codes (issue 19): staff print a connector's QR code (GET /slots/{id}/qr.svg), which encodes the driver
// page of that connector; a driver who scans it reads the connector by its code and starts charging by the code.
// The QR is decoded here independently of the library that drew it: the SVG is rasterized and read with jsQR.
import jsqr from 'jsqr';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { api, aToken } from '../../helpers/api.js';
import { aStation } from '../../helpers/seed.js';
import { bootedCharger, closeChargers } from '../../helpers/charger.js';
import { slotsOf } from '../../helpers/bookings.js';
import { aDriver } from '../../helpers/drivers.js';
import { waitFor } from '../../helpers/wait-for.js';

// jsqr ships CommonJS typed as an ES module: under NodeNext its default import is the module, whose .default is
// the decoder (module.exports is the decoder too, with itself as .default).
const jsQR = jsqr.default;

let app: TestApp;
let published: TestApp;
const PUBLIC_URL = 'https://charge.example.com';
beforeAll(async () => {
  [app, published] = await Promise.all([startTestApp(), startTestApp({ publicUrl: PUBLIC_URL })]);
});
afterEach(closeChargers);
afterAll(() => Promise.all([app.stop(), published.stop()]));

async function aChargerWithSlots(on: TestApp) {
  const station = await aStation(on.services);
  const cp = await bootedCharger(on, station.chargeBoxId);
  const slots = await waitFor(async () => { const s = await slotsOf(on, station.id); return s[2] ? s : undefined; });
  return { station, cp, slots };
}

/**
 * The modules qrcode's SVG draws: one path whose strokes are horizontal runs of dark modules, in M/m (move) and
 * h (run) commands on a viewBox one unit per module. Rasterized at `scale` pixels a module, black on white.
 */
function rasterize(svg: string, scale = 8): { data: Uint8ClampedArray; size: number } {
  const box = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const path = /<path[^>]*stroke="#000000"[^>]*d="([^"]+)"/.exec(svg);
  if (!box || !path) throw new Error(`not the SVG expected: ${svg.slice(0, 200)}`);
  const modules = Number(box[1]);
  const size = modules * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  let [x, y] = [0, 0];
  for (const [, op, args] of path[1]!.matchAll(/([MmHh])([^MmHh]*)/g)) {
    const n = args!.trim().split(/[\s,]+/).filter(Boolean).map(Number);
    if (op === 'M') [x, y] = [n[0]!, n[1]!];
    else if (op === 'm') [x, y] = [x + n[0]!, y + n[1]!];
    else {
      const to = op === 'h' ? x + n[0]! : n[0]!;
      const row = Math.floor(y); // a stroke of width 1 centred on y + 0.5
      for (let mx = Math.min(x, to); mx < Math.max(x, to); mx++) paint(data, size, scale, mx, row);
      x = to;
    }
  }
  return { data, size };
}

function paint(data: Uint8ClampedArray, size: number, scale: number, mx: number, my: number): void {
  for (let py = my * scale; py < (my + 1) * scale; py++) {
    for (let px = mx * scale; px < (mx + 1) * scale; px++) data.fill(0, (py * size + px) * 4, (py * size + px) * 4 + 3);
  }
}

async function qrOf(on: TestApp, slotId: number, token?: string) {
  const res = await fetch(`${on.url}/api/slots/${slotId}/qr.svg`, { headers: { authorization: `Bearer ${token ?? 'test-admin-token-not-secret'}` } });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), text };
}

const decode = (svg: string): string | null => {
  const { data, size } = rasterize(svg);
  return jsQR(data, size, size)?.data ?? null;
};

describe('GET /api/slots/{id}/qr.svg', () => {
  it('draws a QR code of the connector\'s driver page on the request\'s own origin, for a viewer', async () => {
    const { station, slots } = await aChargerWithSlots(app);
    const qr = await qrOf(app, slots[1]!, await aToken(app, 'viewer'));
    expect(qr.status).toBe(200);
    expect(qr.type).toMatch(/^image\/svg\+xml/);
    expect(decode(qr.text)).toBe(`${app.url}/app/c/${encodeURIComponent(`${station.chargeBoxId}-1`)}`);
  });

  it('encodes PUBLIC_URL when it is set', async () => {
    const { station, slots } = await aChargerWithSlots(published);
    const qr = await qrOf(published, slots[2]!);
    expect(qr.status).toBe(200);
    expect(decode(qr.text)).toBe(`${PUBLIC_URL}/app/c/${encodeURIComponent(`${station.chargeBoxId}-2`)}`);
  });

  it('is a 404 for an unknown slot, a 400 for a wrong id, and closed to drivers', async () => {
    expect(JSON.parse((await qrOf(app, 99_999_999)).text)).toMatchObject({ error: 'NotFound', details: { field: 'slotId' } });
    const bad = await fetch(`${app.url}/api/slots/1.5/qr.svg`, { headers: { authorization: 'Bearer test-admin-token-not-secret' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ details: { fields: [{ field: 'slotId' }] } });
    const driver = await aDriver(app);
    expect((await qrOf(app, 1, driver.token)).status).toBe(403);
  });
});

describe('a scanned connector code', () => {
  it('names the connector, in any case, with its station; an unknown code is a 404 naming code', async () => {
    const driver = await aDriver(app);
    const { station, slots } = await aChargerWithSlots(app);
    const code = `${station.chargeBoxId}-2`;
    const res = await driver.api.get(`/driver/connectors/${encodeURIComponent(code.toLowerCase())}`);
    expect(res).toMatchObject({
      status: 200,
      body: {
        connectorId: 2, slotId: slots[2], connectorCode: code, status: 'Available', slotStatus: 'available',
        nextFreeWindow: { endsAt: null, inUseNow: false },
        station: { id: station.id, chargeBoxId: station.chargeBoxId, online: true },
      },
    });
    expect(await driver.api.get('/driver/connectors/NO-SUCH-1')).toMatchObject({ status: 404, body: { details: { field: 'code' } } });
    expect(await driver.api.get(`/driver/connectors/${'x'.repeat(65)}`)).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'code' }] } } });
  });

  it('starts charging by connectorCode as by slotId; both, neither or an unknown code change nothing', async () => {
    const driver = await aDriver(app, 'Cody Scan');
    const { station, slots } = await aChargerWithSlots(app);
    const commands = async () => ((await api(app).get(`/stations/${station.id}/commands`)).body as unknown[]).length;
    const before = await commands();
    expect(await driver.api.post('/driver/charging', { slotId: slots[1], connectorCode: `${station.chargeBoxId}-1` }))
      .toMatchObject({ status: 400, body: { details: { fields: [{ field: 'connectorCode' }] } } });
    expect(await driver.api.post('/driver/charging', {})).toMatchObject({ status: 400, body: { details: { fields: [{ field: 'slotId' }] } } });
    expect(await driver.api.post('/driver/charging', { connectorCode: 'NO-SUCH-1' }))
      .toMatchObject({ status: 404, body: { details: { field: 'connectorCode' } } });
    expect(await driver.api.post('/driver/charging', { connectorCode: '' }))
      .toMatchObject({ status: 400, body: { details: { fields: [{ field: 'connectorCode' }] } } });
    expect(await commands()).toBe(before);

    const started = await driver.api.post('/driver/charging', { connectorCode: `${station.chargeBoxId}-1`.toLowerCase() });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const session = (await api(app).get(`/sessions/${started.body.sessionId}`)).body;
    expect(session).toMatchObject({ stationId: station.id, connectorId: 1, idTag: driver.appIdTag, customer: { name: 'Cody Scan' } });
    const connector = await waitFor(async () => {
      const c = (await driver.api.get(`/driver/connectors/${station.chargeBoxId}-1`)).body;
      return c.slotStatus === 'in_use' ? c : undefined;
    });
    expect(connector.nextFreeWindow).toMatchObject({ inUseNow: true, endsAt: null });
  });
});
