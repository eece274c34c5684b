// A charger connection's strict-mode validator (src/ocpp/leniency.ts) around ocpp-rpc's real OCPP 1.6 validator:
// what it relaxes, for whom, and what it throws when it does not.
import { describe, expect, it } from 'vitest';
import { chargerValidator, type MessageKind } from '../../../src/ocpp/leniency.js';
import { standardValidator } from '../../../src/ocpp/rpc-adapter.js';
import type { Repair } from '../../../src/ocpp/leniency-rules.js';
import type { Relaxation } from '../../../src/domain/stations.js';

const START = 'urn:StartTransaction.req';
const good = () => ({ connectorId: 1, idTag: 'TAG1', meterStart: 0, timestamp: '2026-11-21T10:00:00Z' });

function aValidator(relaxations: Relaxation[], fromCharger = true) {
  const repaired: Array<{ action: string; kind: MessageKind; repairs: Repair[] }> = [];
  const validator = chargerValidator(standardValidator('ocpp1.6'), () => fromCharger, {
    relaxations: () => relaxations,
    onRepaired: (action, kind, repairs) => repaired.push({ action, kind, repairs }),
  });
  return { validator, repaired };
}

const thrown = (fn: () => unknown): { rpcErrorCode: string; message: string; details: { data: unknown } } => {
  try {
    fn();
  } catch (err) {
    return err as never;
  }
  throw new Error('expected a throw');
};

describe('a charger connection validator', () => {
  it('passes a good payload untouched and records nothing', () => {
    const { validator, repaired } = aValidator(['extraProperty']);
    const payload = good();
    expect(validator.validate(START, payload)).toBe(true);
    expect(payload).toEqual(good());
    expect(repaired).toEqual([]);
  });

  it.each(['2026-11-21T10:00:00', '2026-11-21 10:00:00Z', '2026-11-21T10:00:00+0100'])(
    'refuses %j from a strict charger, which ocpp-rpc\'s own date-time format lets through', (timestamp) => {
      const { validator } = aValidator([]);
      expect(standardValidator('ocpp1.6').validate(START, { ...good(), timestamp })).toBe(true);
      expect(thrown(() => validator.validate(START, { ...good(), timestamp })).rpcErrorCode).toBe('FormatViolation');
    });

  it('names the loose timestamp deep in a MeterValues, the second of two readings', () => {
    const { validator } = aValidator([]);
    const reading = (timestamp: string) => ({ timestamp, sampledValue: [{ value: '1' }] });
    const payload = { connectorId: 1, meterValue: [reading('2026-11-21T10:00:00Z'), reading('2026-11-21T10:00:10')] };
    expect(thrown(() => validator.validate('urn:MeterValues.req', payload)).message).toMatch(/^data\/meterValue\/1\/timestamp /);
  });

  it('repairs in place, so the handler gets the repaired object, and reports each repair with its action', () => {
    const { validator, repaired } = aValidator(['extraProperty', 'numericString']);
    const payload: Record<string, unknown> = { ...good(), connectorId: '3', vendorTag: 'v' };
    expect(validator.validate(START, payload)).toBe(true);
    expect(payload).toEqual({ ...good(), connectorId: 3 });
    expect(repaired).toEqual([{ action: 'StartTransaction', kind: 'req', repairs: [
      expect.objectContaining({ relaxation: expect.any(String) }), expect.objectContaining({ relaxation: expect.any(String) }),
    ] }]);
    expect(repaired[0]!.repairs.map((r) => r.path).sort()).toEqual(['/connectorId', '/vendorTag']);
  });

  it('throws the check it may not relax, echoing the payload unrepaired, and changes nothing', () => {
    const { validator, repaired } = aValidator(['extraProperty']);
    const payload = { ...good(), meterStart: '10', vendorTag: 'v' };
    const err = thrown(() => validator.validate(START, payload));
    expect(err.rpcErrorCode).toBe('TypeConstraintViolation');
    expect(err.message).toContain('meterStart');
    expect(err.details.data).toBe(payload);
    expect(payload).toEqual({ ...good(), meterStart: '10', vendorTag: 'v' });
    expect(repaired).toEqual([]);
  });

  it('relaxes nothing in a payload the charger did not send (our CALLs and answers)', () => {
    const { validator } = aValidator(['extraProperty'], false);
    expect(thrown(() => validator.validate('urn:DataTransfer.req', { vendorId: 'v', extra: 1 })).rpcErrorCode).toBe('PropertyConstraintViolation');
  });

  it('tells a charger\'s answer (conf) from its CALL (req)', () => {
    const { validator, repaired } = aValidator(['extraProperty']);
    expect(validator.validate('urn:ClearCache.conf', { status: 'Accepted', note: 'x' })).toBe(true);
    expect(repaired).toMatchObject([{ action: 'ClearCache', kind: 'conf' }]);
  });

  it('reads the relaxations at each validation', () => {
    const relaxations: Relaxation[] = [];
    const validator = chargerValidator(standardValidator('ocpp1.6'), () => true, { relaxations: () => relaxations, onRepaired: () => {} });
    expect(thrown(() => validator.validate(START, { ...good(), extra: 1 })).rpcErrorCode).toBe('PropertyConstraintViolation');
    relaxations.push('extraProperty');
    expect(validator.validate(START, { ...good(), extra: 1 })).toBe(true);
  });

  it('refuses, as it came, a payload needing more repairs than a quirk would', () => {
    const { validator } = aValidator(['extraProperty']);
    const payload = { ...good(), ...Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`x${i}`, i])) };
    expect(thrown(() => validator.validate(START, payload)).details.data).toBe(payload);
    expect(Object.keys(payload)).toHaveLength(154);
  });
});
