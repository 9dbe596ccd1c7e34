/**
 * Every query is a tagged template: `sql\`SELECT … WHERE id = ${id}\``. Values become bound parameters
 * (never text in the statement); `join`, `raw` and `empty` compose pieces. The door (database.ts) turns a
 * query into its database's placeholders, so no code writes `?` or `$1` itself.
 */
export { default as sql, empty, join, raw, Sql } from 'sql-template-tag';
