// Equal shares with water-filling, in tenths: the level, the clamps, and where the tenths left over go.
import { expect, it } from 'vitest';
import { waterFill } from '../../../src/domain/water-filling.js';

const open = (n: number) => Array.from({ length: n }, () => ({ floor: 60, cap: 320 }));

it.each([
  ['one level for all', open(2), 320, { shares: [160, 160], level: 160 }],
  ['the tenths left over go to the first ones', open(3), 320, { shares: [107, 107, 106], level: 106 }],
  ['a capped claim takes its cap; the others share the rest', [{ floor: 60, cap: 100 }, ...open(2)], 320, { shares: [100, 110, 110], level: 110 }],
  ['all capped: the rest stays unused', [{ floor: 60, cap: 70 }, { floor: 60, cap: 80 }], 320, { shares: [70, 80], level: 80 }],
  ['a floor above the level holds', [{ floor: 100, cap: 320 }, ...open(2)], 260, { shares: [100, 80, 80], level: 80 }],
  ['nothing to share', [], 320, { shares: [], level: 0 }],
] as const)('%s', (_name, claims, capacity, expected) => {
  const filled = waterFill([...claims], capacity);
  expect(filled).toEqual(expected);
  expect(filled.shares.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(capacity);
});
