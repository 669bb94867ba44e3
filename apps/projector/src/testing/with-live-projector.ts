import { afterEach, beforeEach } from '@jest/globals';
import type { ProjectionRunner } from '../runner/projection-runner';
import { createProjectionTestDb, liveRunner, type ProjectionTestDb } from './projection-test-db';

/**
 * For each test of the calling suite: a fresh database with the live projector running on it,
 * stopped and dropped after the test. `db` is the database of the test under way.
 */
export function withLiveProjector(): { readonly db: ProjectionTestDb } {
  let current: { db: ProjectionTestDb; runner: ProjectionRunner } | undefined;
  beforeEach(async () => {
    const db = await createProjectionTestDb();
    const runner = liveRunner(db);
    await runner.start();
    current = { db, runner };
  });
  afterEach(async () => {
    await current?.runner.stop();
    await current?.db.drop();
    current = undefined;
  });
  return {
    get db(): ProjectionTestDb {
      if (!current) throw new Error('no test database outside a test');
      return current.db;
    },
  };
}
