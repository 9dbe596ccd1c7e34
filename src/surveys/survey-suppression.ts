/**
 * Which survey figures may be shown. A figure is a group's number of answers to one item in one phase,
 * with their mean; the mean times the number gives the sum, so a count and a mean leak together and are
 * shown or hidden together. Two rules (the contract's):
 *
 * 1. No figure describes fewer than `min` answers: such a group is hidden ("small").
 * 2. Nothing shown lets one subtract down to fewer than `min` answers. The groups of one table add up to
 *    the total, so with the total shown the hidden groups' sum is the total minus the shown groups: when
 *    those hidden answers number from 1 to min - 1, the next smallest shown group is hidden too
 *    ("complement"), until they number at least `min`. (A total below `min` is hidden, and then every
 *    group is, by rule 1.)
 *
 * Each phase (before, after) and each item is a table of its own: they count different answers.
 */

export type Hidden = 'small' | 'complement';

export interface GroupAnswers {
  key: string;
  count: number;
  sum: number;
}

/** A figure shown (count and mean; mean null when nobody answered) or hidden, with why. */
export type Figure = { count: number; mean: number | null; hidden?: undefined } | { hidden: Hidden };

export interface SuppressedTable {
  groups: Map<string, Figure>;
  total: Figure;
}

const mean = (count: number, sum: number) => (count === 0 ? null : Math.round((sum / count) * 100) / 100);

export function suppressTable(groups: readonly GroupAnswers[], min: number): SuppressedTable {
  const count = groups.reduce((n, g) => n + g.count, 0);
  const sum = groups.reduce((n, g) => n + g.sum, 0);
  const hidden = new Map<string, Hidden>();
  for (const group of groups) if (group.count > 0 && group.count < min) hidden.set(group.key, 'small');
  const totalShown = count === 0 || count >= min;
  if (totalShown) {
    // Smallest first (then by key, so the choice is the same every time), among groups with answers.
    const candidates = groups
      .filter((g) => g.count > 0 && !hidden.has(g.key))
      .sort((a, b) => a.count - b.count || a.key.localeCompare(b.key));
    const hiddenCount = () => groups.filter((g) => hidden.has(g.key)).reduce((n, g) => n + g.count, 0);
    for (const group of candidates) {
      const behind = hiddenCount();
      if (behind === 0 || behind >= min) break;
      hidden.set(group.key, 'complement');
    }
  }
  return {
    groups: new Map(
      groups.map((g): [string, Figure] => {
        const why = hidden.get(g.key);
        return [g.key, why ? { hidden: why } : { count: g.count, mean: mean(g.count, g.sum) }];
      }),
    ),
    total: totalShown ? { count, mean: mean(count, sum) } : { hidden: 'small' },
  };
}
