import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { MigrationClass, MigrationSchemas } from './migration-schemas';
import { READ_MODEL_PROJECTION, rebuildRequestsDdl, requestRebuild } from './rebuild-requests';

/**
 * Containers get `revision`, the revision of the last event of the container's stream a row
 * reflects (what a conditional request or a cache compares). Only the log knows it, so the column
 * starts empty and the migration asks for the read tables to be rebuilt from the log; until the
 * projector has done so, rows of containers untouched since the upgrade have none.
 */
export function containerRevision(schemas: MigrationSchemas): MigrationClass {
  return class ContainerRevision1796428800000 implements MigrationInterface {
    readonly name = 'ContainerRevision1796428800000';

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(rebuildRequestsDdl(schemas.ops));
      await runner.query(`ALTER TABLE "${schemas.read}".containers ADD COLUMN revision bigint`);
      await requestRebuild(runner, schemas, READ_MODEL_PROJECTION, 'containers.revision added');
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE "${schemas.read}".containers DROP COLUMN revision`);
      await runner.query(`DROP TABLE "${schemas.ops}".rebuild_requests`);
    }
  };
}
