import { execFileSync } from 'node:child_process';
import type { Database } from '../../src/database/database.js';
import { pageQuery } from '../../src/database/rows.js';
import type { Sql } from '../../src/database/sql.js';

/** The statement as psql runs it: the door's own inlining for COPY (bound values as quoted literals). */
export { inlined } from '../../src/database/postgres-csv.js';

/**
 * Runs the statements `runs` times in one psql session, output thrown away, and gives each run's total
 * in ms as psql's `\timing` measures it (the server's work and the rows' transfer to psql, without
 * psql's start or connection).
 */
export function psqlTimes(url: string, statements: string[], runs: number): number[] {
  const script = ['\\timing on', '\\o /dev/null'];
  for (let i = 0; i < runs; i++) script.push(...statements.map((s) => `${s.replace(/\s+/g, ' ')};`));
  const out = execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', url], {
    input: script.join('\n'),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const times = [...out.matchAll(/^Time: ([\d.]+) ms/gm)].map((m) => Number(m[1]));
  if (times.length !== runs * statements.length)
    throw new Error(`psql timed ${times.length} statements, not ${runs * statements.length}:\n${out}`);
  const totals: number[] = [];
  for (let i = 0; i < runs; i++)
    totals.push(times.slice(i * statements.length, (i + 1) * statements.length).reduce((a, b) => a + b, 0));
  return totals;
}

/**
 * The statements `work` gives the door, captured by a stand-in that answers every read with no rows:
 * what a page asks of the database, to run raw beside it.
 */
export async function statementsOf(work: (door: Database) => Promise<unknown>): Promise<Sql[]> {
  const seen: Sql[] = [];
  const record = (query: Sql) => {
    seen.push(query);
    return Promise.resolve([]);
  };
  const door = {
    rows: record,
    arrays: record,
    row: (query: Sql) => record(query).then(() => undefined),
    run: (query: Sql) => record(query).then(() => 0),
    page: (matches: Sql, order: Sql, limit: number, offset: number) =>
      record(pageQuery(matches, order, limit, offset)).then(() => ({ rows: [], total: 0 })),
    transaction: <T>(inner: () => Promise<T>) => inner(),
    pages: (query: Sql) => {
      seen.push(query);
      return [][Symbol.iterator]();
    },
  };
  await work(door as unknown as Database);
  return seen;
}
