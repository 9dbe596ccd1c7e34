import { describe, expect, it } from '@jest/globals';
import { copyCsvStatement, inlined } from './postgres-csv.js';
import { sql } from './sql.js';

describe('inlined (COPY takes no bound values)', () => {
  it('writes each value as a quoted literal, quotes and backslashes escaped, nested pieces included', () => {
    const name = "O'Brien\\'); DROP TABLE staff; --";
    const query = sql`SELECT 1 FROM staff WHERE last_name = ${name} AND ${sql`id > ${7}`} AND x = ${null}`;
    expect(inlined(query)).toBe(
      `SELECT 1 FROM staff WHERE last_name =  E'O''Brien\\\\''); DROP TABLE staff; --' AND id > '7' AND x = NULL`,
    );
    expect(inlined(sql`SELECT ${new Date('2026-10-31T17:30:00Z')}`)).toBe(
      `SELECT '2026-10-31T17:30:00.000Z'`,
    );
  });

  it('refuses a value it cannot write as a literal', () => {
    expect(() => inlined(sql`SELECT ${{ a: 1 }}`)).toThrow('cannot bind a object');
  });
});

describe('copyCsvStatement', () => {
  it('wraps the query: moments with their offset, other cells as they are (copiedCsv does the rest)', () => {
    const text = copyCsvStatement(sql`SELECT a, b FROM t`, [{ name: 'a' }, { name: 'b', moment: true }]);
    expect(text).toBe(
      `COPY (SELECT t."a", to_char(t."b"::timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM') ` +
        `FROM (SELECT a, b FROM t) t) TO STDOUT WITH (FORMAT csv)`,
    );
  });
});
