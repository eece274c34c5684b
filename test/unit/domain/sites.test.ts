// The rules between a site's fields (each field alone is checked by the API's schema).
import { describe, expect, it } from 'vitest';
import { hasAtMostOneDecimal, siteRuleBroken, type SiteSettings } from '../../../src/domain/sites.js';

const aSite = (o: Partial<SiteSettings> = {}): SiteSettings => ({
  name: 'Car park', maxCurrentA: 32, phases: 3, voltageV: 230, minCurrentA: 6, failsafeCurrentA: 6, strategy: 'equal', ...o,
});

describe('siteRuleBroken', () => {
  it.each([
    [{}, null],
    [{ minCurrentA: 32, failsafeCurrentA: 0 }, null],
    [{ minCurrentA: 32.1 }, 'minCurrentA'],
    [{ failsafeCurrentA: 32 }, null],
    [{ failsafeCurrentA: 32.1 }, 'failsafeCurrentA'],
    [{ failsafeCurrentA: 0 }, null], // a charger that loses us stops charging
    [{ failsafeCurrentA: 5.9 }, 'failsafeCurrentA'], // a car cannot charge between 0 and the minimum
  ] as const)('%j breaks %s', (change, field) => {
    expect(siteRuleBroken(aSite(change))?.field ?? null).toBe(field);
  });

  it.each([
    [{ maxCurrentA: 5 }, ['maxCurrentA'], 'maxCurrentA'], // lowered below the minimum: the field changed is named
    [{ maxCurrentA: 5 }, [], 'minCurrentA'],
    [{ minCurrentA: 10 }, ['minCurrentA'], 'minCurrentA'], // raised above the fail-safe
    [{ minCurrentA: 10 }, ['name'], 'failsafeCurrentA'],
  ] as const)('%j after changing %j names %s', (change, changed, field) => {
    expect(siteRuleBroken(aSite(change), changed)?.field).toBe(field);
  });
});

it.each([[16, true], [16.1, true], [0.3, true], [16.15, false], [1e-3, false]])('%f A has at most one decimal: %s', (a, expected) => {
  expect(hasAtMostOneDecimal(a)).toBe(expected);
});
