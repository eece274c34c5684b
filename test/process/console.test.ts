// "A console an operator reads" (issue 12): the central system as a real process with LOG_FORMAT=pretty prints
// a readable line for a charger connecting and booting, a session's start and stop (energy, tag status) and the
// charger going away, and no secret; piped without LOG_FORMAT, the same lines are JSON with their facts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ChargePoint } from '../../simulators/charge-point.js';
import type { App } from '../../src/app.js';
import { CentralSystemProcess, freePort } from '../helpers/central-system-process.js';
import { createProcessDatabase } from '../helpers/process-database.js';
import { api } from '../helpers/api.js';
import { randomChargeBoxId, randomIdTag } from '../helpers/seed.js';
import { waitFor } from '../helpers/wait-for.js';

/** Bounds on each wait: generous, for a loaded 2-core machine; a wait that is met ends at once. */
const WAIT_MS = 60_000;
const ADMIN_TOKEN = `admin-${randomBytes(12).toString('hex')}`;

let env: Record<string, string>;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ env, remove } = await createProcessDatabase('console'));
}, 60_000);
afterAll(() => remove());

interface Run { cs: CentralSystemProcess; chargeBoxId: string; idTag: string; password: string; transactionId: number }

/** Starts the process, registers a charger with a password and a tag through the API, runs one session, closes. */
async function runOneSession(logEnv: Record<string, string>): Promise<Run> {
  const port = await freePort();
  const cs = await CentralSystemProcess.start({ ...env, ...logEnv, PORT: String(port), HOST: '127.0.0.1', ADMIN_TOKEN });
  const staff = api({ url: `http://127.0.0.1:${port}` } as App, ADMIN_TOKEN);
  const chargeBoxId = randomChargeBoxId();
  const idTag = randomIdTag();
  const station = await staff.post('/stations', { chargeBoxId });
  expect(station.status).toBe(201);
  expect((await staff.post('/id-tags', { idTag })).status).toBe(201);
  const password = station.body.password as string;
  const cp = new ChargePoint({
    url: `ws://127.0.0.1:${port}/ocpp`, identity: chargeBoxId, password, meterIntervalMs: 100, powerW: 360_000,
  });
  try {
    await cp.connect();
    await cp.boot();
    const { transactionId } = await cp.startSession(1, idTag);
    await waitFor(() => (cp.session(1)?.energyWh ?? 0) > 50, WAIT_MS);
    await cp.stopSession(1);
    await waitFor(() => cp.queuedCount() === 0, WAIT_MS);
    await cp.close();
    await waitFor(() => cs.text.some((l) => l.includes(`${chargeBoxId} disconnected`)), WAIT_MS);
    return { cs, chargeBoxId, idTag, password, transactionId };
  } catch (err) {
    await cp.close();
    await cs.stop('SIGKILL');
    throw err;
  }
}

describe('the console', () => {
  it('with LOG_FORMAT=pretty, tells a session as an operator reads it, and keeps secrets out', async () => {
    const { cs, chargeBoxId, idTag, password, transactionId } = await runOneSession({ LOG_FORMAT: 'pretty' });
    expect(await cs.stop('SIGTERM')).toMatchObject({ code: 0 });
    const text = cs.text.join('\n');
    const time = String.raw`\[\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}\]`;
    const line = (body: string) => new RegExp(`^${time} INFO: ${body}$`, 'm');

    expect(text).toMatch(line(`${chargeBoxId} connected`));
    expect(text).toMatch(line(`${chargeBoxId} booted \\(Accepted\\), ChargeSync SimCharger fw 1\\.0\\.0`));
    expect(text).toMatch(line(`session ${transactionId} started on ${chargeBoxId} #1, tag ${idTag} \\(Accepted\\)`));
    expect(text).toMatch(line(
      `session ${transactionId} stopped on ${chargeBoxId} #1: \\d+\\.\\d{2} kWh, \\d+ s, reason Local, tag ${idTag} \\(Accepted\\)`));
    expect(text).toMatch(line(`invoice \\S+ issued \\d+\\.\\d{2} [A-Z]{3} for session ${transactionId}`));
    expect(text).toMatch(line(`${chargeBoxId} disconnected: .+`));
    expect(text).not.toContain('"level":');
    expect(text).not.toContain(ADMIN_TOKEN);
    expect(text).not.toContain(password);
  }, 180_000);

  it('piped and without LOG_FORMAT, prints JSON lines that carry the facts of each event', async () => {
    const { cs, transactionId } = await runOneSession({});
    expect(await cs.stop('SIGTERM')).toMatchObject({ code: 0 });
    const stopped = cs.lines.find((l) => (l.activity as { event?: string } | undefined)?.event === 'session.stopped');
    expect(stopped).toMatchObject({
      level: 30, msg: expect.stringMatching(new RegExp(`^session ${transactionId} stopped on `)),
      activity: { sessionId: transactionId, reason: 'Local', authorizationStatus: 'Accepted' },
    });
    expect(typeof stopped!.time).toBe('number');
  }, 180_000);
});
