import pg from 'pg';
import { FORMULA_START } from '../common/csv.js';
import type { CsvColumn } from './driver.js';
import type { Sql } from './sql.js';

/**
 * How PostgreSQL writes `Database.csv`: `COPY (…) TO STDOUT WITH (FORMAT csv)` quotes a cell holding a
 * comma, a quote, a CR or an LF, doubling its quotes, as `csvCell` does. What COPY does not do is done by
 * the statement around the query: the `'` before a formula-like cell, an empty text written as nothing
 * (COPY writes `""`, keeping it apart from NULL), moments as `localTimestamp` writes them (the
 * transaction's TimeZone set to the process's), and `crlfRecords` turns its LF record ends into CRLF.
 */
export function copyCsvStatement(query: Sql, columns: readonly CsvColumn[]): string {
  const cells = columns.map(({ name, moment }) => {
    const value = `t.${pg.escapeIdentifier(name)}`;
    // A `timestamp` holding UTC, as every stored moment (a bound moment arrives as its ISO text).
    if (moment) return `to_char(${value}::timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM')`;
    const text = `${value}::text`;
    return `CASE WHEN left(${text}, 1) IN (${FORMULA_LITERALS}) THEN '''' || ${text} ELSE NULLIF(${text}, '') END`;
  });
  return `COPY (SELECT ${cells.join(', ')} FROM (${inlined(query)}) t) TO STDOUT WITH (FORMAT csv)`;
}

const FORMULA_LITERALS = FORMULA_START.map((character) => pg.escapeLiteral(character)).join(', ');

/**
 * The query with each bound value written in as a quoted literal: COPY takes no parameters. A quoted
 * literal has no type until PostgreSQL infers one from where it stands, as an untyped bound parameter
 * has, so the statement means what the query does.
 */
export function inlined(query: Sql): string {
  return query.strings.reduce((text, piece, i) => text + literal(query.values[i - 1]) + piece);
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  // Moments as UTC, as the driver binds them.
  if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return pg.escapeLiteral(String(value));
  throw new Error(`A CSV query cannot bind a ${typeof value}`);
}
