import { describe, expect, it } from '@jest/globals';
import {
  formShapeProblem,
  jsonShapeProblem,
  MAX_BODY_BYTES,
  MAX_BODY_DEPTH,
  MAX_BODY_ENTRIES,
} from './body-limits.js';

const TOO_WIDE = `The JSON body has more than ${MAX_BODY_ENTRIES} keys and items in all`;
const TOO_DEEP = `The JSON body is nested more than ${MAX_BODY_DEPTH} levels deep`;
const check = (text: string) => jsonShapeProblem(Buffer.from(text));

/** The truth, by walking the parsed value: keys and items in all, and the deepest nesting. */
function shape(value: unknown, level = 0): { entries: number; depth: number } {
  if (value === null || typeof value !== 'object') return { entries: 0, depth: level };
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.reduce<{ entries: number; depth: number }>(
    (total, child) => {
      const inner = shape(child, level + 1);
      return { entries: total.entries + inner.entries, depth: Math.max(total.depth, inner.depth) };
    },
    { entries: children.length, depth: level + 1 },
  );
}

/** A deterministic pseudo-random sequence (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random JSON of at most `budget` values nested at most `levels` deep, wide or deep or both, with strings that look like structure
 * (brackets, commas, escaped quotes) and non-ASCII text.
 */
function randomJson(next: () => number, budget: number, levels: number): string {
  const leaves = [1, -2.5e3, true, null, 'plain', 'a, [b] {c}', 'quote " and \\', 'Nguyễn 王 ,]}', ''];
  let left = budget;
  const value = (level: number): unknown => {
    const roll = next();
    if (--left <= 0 || level >= levels || roll < 0.2) return leaves[Math.floor(next() * leaves.length)];
    // Often a single child, so that some values nest far deeper than the limit.
    const size = roll < 0.4 ? 1 : Math.floor(next() ** 3 * 1500);
    const children = Array.from({ length: Math.min(size, left) }, () => value(level + 1));
    return roll < 0.7 ? children : Object.fromEntries(children.map((child, i) => [`k${i},{"x":[`, child]));
  };
  return JSON.stringify(value(0));
}

describe('jsonShapeProblem', () => {
  it('accepts what real bodies look like', () => {
    expect(check('{"email":"a@district.test","password":"p, [} \\" x"}')).toBeUndefined();
    expect(check('{"answers":{"q1":"a","q2":["a","c"],"q3":"a"}}')).toBeUndefined();
    expect(check('[]')).toBeUndefined();
    expect(check('"text"')).toBeUndefined();
  });

  it('counts keys and items exactly, up to the limit', () => {
    const keys = (n: number) =>
      JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, i])));
    expect(check(keys(MAX_BODY_ENTRIES))).toBeUndefined();
    expect(check(keys(MAX_BODY_ENTRIES + 1))).toBe(TOO_WIDE);
    expect(check(JSON.stringify({ a: Array(MAX_BODY_ENTRIES - 1).fill(0) }))).toBeUndefined();
    expect(check(JSON.stringify({ a: Array(MAX_BODY_ENTRIES).fill(0) }))).toBe(TOO_WIDE);
    expect(check(JSON.stringify(Array(MAX_BODY_ENTRIES).fill({})))).toBeUndefined();
    expect(check(JSON.stringify(Array(MAX_BODY_ENTRIES).fill([0])))).toBe(TOO_WIDE);
  });

  it('measures depth exactly, up to the limit', () => {
    const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(check(nested(MAX_BODY_DEPTH))).toBeUndefined();
    expect(check(nested(MAX_BODY_DEPTH + 1))).toBe(TOO_DEEP);
    expect(check('{"a":'.repeat(MAX_BODY_DEPTH) + '1' + '}'.repeat(MAX_BODY_DEPTH))).toBeUndefined();
  });

  it('refuses the security probe’s bodies in well under 100 ms each', () => {
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`key${i}`, 1])));
    const bodies: [string, Buffer, string][] = [
      ['60,000 keys', Buffer.from(wide), TOO_WIDE],
      ['60,000 answers', Buffer.from(`{"answers":${wide}}`), TOO_WIDE],
      ['a 400,000-deep array', Buffer.from('['.repeat(400_000) + ']'.repeat(400_000)), TOO_DEEP],
      ['a 150,000-deep object', Buffer.from('{"a":'.repeat(150_000) + '1' + '}'.repeat(150_000)), TOO_DEEP],
      // The worst case for the scan: nothing to stop at early, every byte of the largest body scanned.
      [
        'a string as large as a body may be',
        Buffer.from(JSON.stringify('x'.repeat(MAX_BODY_BYTES - 2))),
        'none',
      ],
    ];
    for (const [name, body, expected] of bodies) {
      const started = performance.now();
      const problem = jsonShapeProblem(body) ?? 'none';
      const ms = performance.now() - started;
      expect([name, problem, ms < 100]).toEqual([name, expected, true]);
    }
  });

  it('agrees with JSON.parse on random wide and deep JSON, each checked in under 100 ms', () => {
    const next = random(20261202);
    for (let i = 0; i < 300; i++) {
      const text = randomJson(next, 1 + Math.floor(next() ** 2 * 4000), 1 + Math.floor(next() * 14));
      const { entries, depth } = shape(JSON.parse(text));
      const expected = depth > MAX_BODY_DEPTH ? TOO_DEEP : entries > MAX_BODY_ENTRIES ? TOO_WIDE : undefined;
      const started = performance.now();
      const problem = check(text);
      const ms = performance.now() - started;
      // Both bounds crossed: whichever the scan meets first.
      const both = depth > MAX_BODY_DEPTH && entries > MAX_BODY_ENTRIES;
      expect(both ? [TOO_DEEP, TOO_WIDE] : [expected]).toContain(problem);
      expect(ms).toBeLessThan(100);
    }
  });
});

describe('formShapeProblem', () => {
  const form = (fields: number) => Buffer.from(Array.from({ length: fields }, (_, i) => `f${i}=1`).join('&'));

  it('counts the fields of a form', () => {
    expect(formShapeProblem(Buffer.from(''))).toBeUndefined();
    expect(formShapeProblem(form(MAX_BODY_ENTRIES))).toBeUndefined();
    expect(formShapeProblem(form(MAX_BODY_ENTRIES + 1))).toBe(
      `The form has more than ${MAX_BODY_ENTRIES} fields`,
    );
  });
});
