// Shutdown lets a call to a charger that is still unanswered settle before it closes that charger's socket
// (ocpp/server.ts close). A charger that goes away meanwhile ends the wait: ocpp-rpc 2.2's own close() then waited
// for a socket close event that had already passed, and the shutdown never finished (it hung the stop of a test
// app on PostgreSQL now and then, security-configuration.test.ts).
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../helpers/test-app.js';
import { api } from '../../helpers/api.js';
import { RawSocket } from '../../helpers/charger.js';
import { aStation } from '../../helpers/seed.js';
import { waitFor } from '../../helpers/wait-for.js';

describe('shutdown', () => {
  it('finishes when a charger closes its socket while our call to it is still unanswered', async () => {
    // The call would wait a minute for its answer: only the charger's going can end it within the test.
    const app = await startTestApp({ callTimeoutMs: 60_000 });
    const station = await aStation(app.services);
    const charger = await RawSocket.open(app, station.chargeBoxId);
    const command = api(app).post(`/stations/${station.id}/commands/GetConfiguration`, {}).catch((err: unknown) => err);
    const [type, , action] = await charger.next();
    expect([type, action]).toEqual([2, 'GetConfiguration']);

    const stopping = app.stop();
    // Shutdown has begun closing this connection, and waits for the call in flight: now the charger goes.
    await waitFor(() => app.ocpp.registry.get(station.id)?.closing);
    charger.close();
    await stopping;
    expect((await charger.closed).code).not.toBe(1001); // it closed first, not our shutdown frame
    await command; // answered with the call's failure, or cut with the shutdown: settled either way
  });
});
