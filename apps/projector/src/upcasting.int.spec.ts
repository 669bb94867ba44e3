import { containerStream, type EventMetadata, type StoredEventMetadata } from '@berth/domain';
import type { EventToAppend } from '@berth/drivers';
import { historyStep } from './testing/container-history';
import { readModelProjections } from './projections';
import { rebuildReadModel } from './rebuild/rebuild-read-model';
import { createProjectionTestDb, type ProjectionTestDb } from './testing/projection-test-db';

/**
 * A stop request as written before the timeout existed: version 0, no `timeout`; and its metadata
 * as written before Berth kept the caller's request id: no `global_request_id`.
 */
function legacyStop(uuid: string): EventToAppend {
  const request_id = `req-legacy-stop-${uuid}`;
  const metadata: StoredEventMetadata = {
    request_id,
    user_id: 'u1',
    project_id: 'p1',
    correlation_id: request_id,
    causation_id: null,
  };
  return {
    type: 'ContainerStopRequested',
    version: 0,
    data: { request_id, at: '2025-01-02T00:00:00.000Z' },
    // Appended as an older Berth wrote it; the store's type only admits today's shape.
    metadata: metadata as EventMetadata,
  };
}

describe('legacy events read through the upcaster (PostgreSQL)', () => {
  let db: ProjectionTestDb;
  const uuid = '6f1c2b1e-8d0a-4c55-9a63-0c1f3c8e2a10';
  const stream = containerStream(uuid);

  beforeAll(async () => {
    db = await createProjectionTestDb();
    await db.store.append(
      stream,
      [...historyStep(uuid, 1, 'create', 0), ...historyStep(uuid, 1, 'start', 1)],
      'no_stream',
    );
    await db.store.append(stream, [legacyStop(uuid)], 3n);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('keeps the v0 event as written in the log', async () => {
    const { rows } = await db.pool.query<{ version: number; data: object; metadata: object }>(
      `SELECT version, data, metadata FROM events.events WHERE type = 'ContainerStopRequested'`,
    );
    expect(rows).toEqual([
      {
        version: 0,
        data: expect.not.objectContaining({ timeout: 10 }),
        metadata: expect.not.objectContaining({ global_request_id: null }),
      },
    ]);
  });

  it('reads its metadata with no caller request id, from a stream and from $all', async () => {
    const [fromStream] = (await db.store.readStream(stream)).slice(-1);
    const [fromAll] = (await db.store.readAll()).slice(-1);
    for (const event of [fromStream, fromAll]) {
      expect(event.metadata).toEqual({
        request_id: `req-legacy-stop-${uuid}`,
        global_request_id: null,
        user_id: 'u1',
        project_id: 'p1',
        correlation_id: `req-legacy-stop-${uuid}`,
        causation_id: null,
      });
    }
  });

  it('reads it as v1 with the legacy timeout from a stream and from $all', async () => {
    const [fromStream] = (await db.store.readStream(stream)).slice(-1);
    const [fromAll] = (await db.store.readAll()).slice(-1);
    for (const event of [fromStream, fromAll]) {
      expect(event).toMatchObject({ type: 'ContainerStopRequested', version: 1 });
      expect(event.data).toMatchObject({ timeout: 10 });
    }
  });

  it('projects it like any current stop request', async () => {
    await rebuildReadModel({ ...db.rebuildOptions(), projections: readModelProjections() });
    const { rows } = await db.pool.query<{ params: object; global_request_id: string | null }>(
      `SELECT params, global_request_id FROM read.container_actions WHERE action = 'stop'`,
    );
    expect(rows).toEqual([{ params: { timeout: 10 }, global_request_id: null }]);
    const container = await db.pool.query<{ task_state: string | null }>(
      'SELECT task_state FROM read.containers WHERE uuid = $1',
      [uuid],
    );
    expect(container.rows[0].task_state).toBe('container_stopping');
  });
});
