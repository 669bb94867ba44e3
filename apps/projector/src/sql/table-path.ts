import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** `"schema"."table"` of an entity in the manager's data source (the live or a scratch schema). */
export function tablePath<T extends ObjectLiteral>(
  tx: EntityManager,
  entity: EntityTarget<T>,
): string {
  const { schema, tableName } = tx.connection.getMetadata(entity);
  return schema ? `"${schema}"."${tableName}"` : `"${tableName}"`;
}
