import { generator } from '../../src/demo/demo-roster.js';

/** A seeded random number generator in [0, 1), so a district is the same every run (the demo's). */
export type Random = () => number;

export const seededRandom = (seed: number): Random => generator(seed);

export const pick = <T>(items: readonly T[], random: Random): T => items[Math.floor(random() * items.length)];

/** Fisher–Yates, in place. */
export function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** One of `choices` by weight, e.g. `weighted([['teacher', 55], ['support', 18]], random)`. */
export function weighted<T>(choices: readonly (readonly [T, number])[], random: Random): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [value, weight] of choices) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return choices[choices.length - 1][0];
}
