import { baseline } from './1764892800000-baseline';
import { containerRevision } from './1796428800000-container-revision';
import type { MigrationClass, MigrationSchemas } from './migration-schemas';

/** Every migration, oldest first. A new one is appended here; none is ever edited or removed. */
export function berthMigrations(schemas: MigrationSchemas): MigrationClass[] {
  return [baseline(schemas), containerRevision(schemas)];
}
