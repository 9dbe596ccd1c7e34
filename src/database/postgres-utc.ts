import pg from 'pg';

/**
 * PostgreSQL keeps Hearth's moments in `timestamp` columns (without time zone), as UTC: the same as
 * SQLite, whatever TZ the server runs in. node-postgres would otherwise write a moment as the server's
 * wall-clock time and read it back as such, so a TZ set after data exists (as the README advises) or
 * the hour repeated when summer time ends would move stored moments by hours.
 */
export function keepPostgresTimesInUtc(): void {
  pg.defaults.parseInputDatesAsUTC = true;
  const withOffset = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => Date;
  pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (text: string) => withOffset(`${text}+00`));
}
