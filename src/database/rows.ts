import { sql, type Sql } from './sql.js';

/** A row as the door returns it: camelCase keys, the same values on SQLite and PostgreSQL. */
export type Row = Record<string, unknown>;

/** `snake_case` to `camelCase`, the way every column name reaches the code. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** Items per piece of a long list (ids in an IN list, rows of a bulk write). */
export const CHUNK_ROWS = 1000;

/** Long lists in pieces small enough for one statement's bound values. */
export function chunks<T>(values: T[], size = CHUNK_ROWS): T[][] {
  const pieces: T[][] = [];
  for (let start = 0; start < values.length; start += size) pieces.push(values.slice(start, start + size));
  return pieces;
}

/**
 * One page of `matches` (a SELECT without ORDER BY) in `order` (by its output column names), each row
 * carrying how many match in all (`page_total`). The matches are found once, then counted and sorted:
 * at 200,000 staff, counting in a second statement cost as much as the page, and a page that walked an
 * index in order read most of the table to find fifty rare matches.
 */
export function pageQuery(matches: Sql, order: Sql, limit: number, offset: number): Sql {
  return sql`WITH matches AS MATERIALIZED (${matches})
    SELECT matches.*, (SELECT COUNT(*) FROM matches) AS page_total FROM matches
     ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`;
}
