import { DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';

const sourceOf = (manager: EntityManager | DataSource): DataSource =>
  manager instanceof DataSource ? manager : manager.dataSource;

/**
 * Hand-written SQL for the few queries every request runs (sign-in check, a learner's assignment, module
 * progress). A query builder spends far longer composing SQL and mapping rows than SQLite spends
 * answering; these skip that work. Write `?` placeholders: they become `$1, $2, …` on PostgreSQL. Column
 * values come back as the driver returns them: turn them into entity values with `hydrate`.
 */
export function rawQuery<T extends ObjectLiteral>(
  manager: EntityManager | DataSource,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  let n = 0;
  const text = sourceOf(manager).options.type === 'postgres' ? sql.replace(/\?/g, () => `$${++n}`) : sql;
  return manager.query(text, parameters);
}

/** An entity from a raw row selected with the entity's own column names (`SELECT a.*`, or a subset). */
export function hydrate<T extends ObjectLiteral>(
  manager: EntityManager | DataSource,
  target: EntityTarget<T>,
  raw: Record<string, unknown>,
): T {
  const metadata = sourceOf(manager).getMetadata(target);
  const driver = sourceOf(manager).driver;
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (!(column.databaseName in raw)) continue;
    (entity as Record<string, unknown>)[column.propertyName] = driver.prepareHydratedValue(
      raw[column.databaseName],
      column,
    );
  }
  return entity;
}

/** A value as the driver stores it in this entity's column (dates and booleans differ between drivers). */
export function persisted<T extends ObjectLiteral>(
  manager: EntityManager | DataSource,
  target: EntityTarget<T>,
  propertyName: keyof T & string,
  value: unknown,
): unknown {
  const metadata = sourceOf(manager).getMetadata(target);
  const column = metadata.findColumnWithPropertyName(propertyName);
  if (!column) throw new Error(`${metadata.name} has no column ${propertyName}`);
  return sourceOf(manager).driver.preparePersistentValue(value, column);
}
