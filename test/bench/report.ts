/** One line of the benchmark table. */
export interface BenchRow {
  name: string;
  figure: string;
  goal: string;
  met: boolean;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function timeIt(run: () => Promise<unknown>, times: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples;
}

/** Samples the resident set size while `run` works; returns the peak in MB. */
export async function peakRss<T>(run: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

export function printTable(rows: BenchRow[]): void {
  const widths = [
    Math.max(4, ...rows.map((r) => r.name.length)),
    Math.max(6, ...rows.map((r) => r.figure.length)),
    Math.max(4, ...rows.map((r) => r.goal.length)),
  ];
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 3)).join(' | ')} |`;
  console.log(line(['what', 'figure', 'goal', 'met']));
  console.log(
    `|${widths
      .concat([3])
      .map((w) => '-'.repeat(w + 2))
      .join('|')}|`,
  );
  for (const row of rows) console.log(line([row.name, row.figure, row.goal, row.met ? 'yes' : 'NO']));
}
