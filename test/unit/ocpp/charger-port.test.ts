// The one translation of an outbound command's ending into the domain's answer (ocpp/charger-port.ts answerOf).
import { describe, expect, it } from 'vitest';
import { answerOf } from '../../../src/ocpp/charger-port.js';
import { RESERVE_NOW_STATUSES } from '../../../src/domain/charger-answers.js';
import { AppError } from '../../../src/shared/errors.js';
import type { CommandResult } from '../../../src/services/ports.js';

const ending = (r: CommandResult) => () => Promise.resolve(r);
const failing = (err: unknown) => () => Promise.reject(err);

describe('answerOf', () => {
  it.each([
    ['a CALLRESULT', ending({ outcome: 'answered', response: { status: 'Occupied' } }), { outcome: 'answered', status: 'Occupied' }],
    ['a CALLERROR', ending({ outcome: 'call-error', errorCode: 'NotSupported', errorDescription: 'no reservations' }),
      { outcome: 'call-error', detail: 'CALLERROR NotSupported: no reservations' }],
    ['a dropped connection', ending({ outcome: 'went-down', reason: 'the connection closed (code 1006)' }),
      { outcome: 'went-down', detail: 'the connection closed (code 1006)' }],
    ['an answer with a status the action does not have', ending({ outcome: 'answered', response: { status: 'Maybe' } }),
      { outcome: 'call-error', detail: 'ReserveNow.conf with an unknown status "Maybe"' }],
    ['a charger not connected', failing(new AppError('StationOffline', 'CP1 is not connected')), { outcome: 'offline', detail: 'CP1 is not connected' }],
    ['no answer in time', failing(new AppError('StationTimeout', 'CP1 did not answer')), { outcome: 'timeout', detail: 'CP1 did not answer' }],
  ] as const)('%s', async (_name, call, answer) => {
    expect(await answerOf('ReserveNow', RESERVE_NOW_STATUSES, call)).toEqual({ answer });
  });

  it('names the node that carried the call (cluster mode), answered or timed out', async () => {
    expect(await answerOf('ReserveNow', RESERVE_NOW_STATUSES,
      ending({ outcome: 'answered', response: { status: 'Accepted' }, carriedBy: 'node-b' })))
      .toEqual({ answer: { outcome: 'answered', status: 'Accepted' }, carriedBy: 'node-b' });
    expect(await answerOf('ReserveNow', RESERVE_NOW_STATUSES,
      failing(new AppError('StationTimeout', 'CP1 did not answer', { carriedBy: 'node-b' }))))
      .toEqual({ answer: { outcome: 'timeout', detail: 'CP1 did not answer' }, carriedBy: 'node-b' });
  });

  it('throws what is a bug of ours: a request the schema refused, anything unexpected', async () => {
    await expect(answerOf('ReserveNow', RESERVE_NOW_STATUSES, failing(new AppError('BadRequest', 'idTag: too long'))))
      .rejects.toMatchObject({ code: 'BadRequest' });
    await expect(answerOf('ReserveNow', RESERVE_NOW_STATUSES, failing(new TypeError('boom')))).rejects.toThrow('boom');
  });
});
