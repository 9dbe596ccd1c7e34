import type { QueryRunner, TableColumnOptions } from 'typeorm';

/** Column helpers that map to the right type on SQLite and PostgreSQL alike. */
export function idColumn(): TableColumnOptions {
  return { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
}

/** `datetime` on SQLite, `timestamp` on PostgreSQL: whatever the driver maps a JS Date to. */
export function timestampColumn(
  queryRunner: QueryRunner,
  name: string,
  nullable = false,
): TableColumnOptions {
  return { name, type: queryRunner.connection.driver.normalizeType({ type: Date }), isNullable: nullable };
}
