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
