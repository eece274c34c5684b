// Which statement texts go out as named prepared statements (store/prepared-statements.ts): a name stands for one
// text for good (node-postgres refuses a name reused for another text on a connection), a text is named from its
// second sight, and the number of names is bounded so texts that vary cannot grow the server's plans forever.
import { describe, expect, it } from 'vitest';
import { StatementNames } from '../../../src/store/prepared-statements.js';

describe('statement names', () => {
  it('names a text from its second sight, and always by the same name', () => {
    const names = new StatementNames();
    expect(names.nameFor('SELECT $1')).toBeUndefined();
    const name = names.nameFor('SELECT $1');
    expect(name).toMatch(/^cs\d+$/);
    expect(names.nameFor('SELECT $1')).toBe(name);
    expect(names.nameFor('SELECT $1')).toBe(name);
  });

  it('gives different texts different names', () => {
    const names = new StatementNames();
    const texts = ['SELECT $1', 'SELECT $1 + 1', 'SELECT $1 ', 'select $1'];
    for (const t of texts) names.nameFor(t);
    const named = texts.map((t) => names.nameFor(t));
    expect(new Set(named).size).toBe(texts.length);
    expect(named.every((n) => n !== undefined)).toBe(true);
  });

  it('stops naming new texts at its bound, and keeps the names it gave', () => {
    const names = new StatementNames({ max: 3, nameAt: 1 });
    const given = ['a', 'b', 'c'].map((t) => names.nameFor(t));
    expect(given.every((n) => n !== undefined)).toBe(true);
    expect(names.nameFor('d')).toBeUndefined();
    expect(names.nameFor('d')).toBeUndefined();
    expect(['a', 'b', 'c'].map((t) => names.nameFor(t))).toEqual(given);
    expect(names.size).toBe(3);
  });

  it('forgets sightings of one-off texts past its bound rather than keeping them all', () => {
    const names = new StatementNames({ max: 2, nameAt: 2 });
    names.nameFor('x');
    // 4 × max sightings fill the memory of texts seen once; the next one clears it, 'x' among them.
    for (let i = 0; i < 8; i += 1) names.nameFor(`one-off ${i}`);
    expect(names.nameFor('x')).toBeUndefined();
    expect(names.nameFor('x')).toMatch(/^cs\d+$/);
  });
});
