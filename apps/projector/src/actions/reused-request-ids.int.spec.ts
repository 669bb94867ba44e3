import { randomUUID } from 'node:crypto';
import { containerStream, type EventMetadata, type StoredEventMetadata } from '@berth/domain';
import type { EventToAppend } from '@berth/drivers';
import { describeDifference } from '../rebuild/diff-read-model';
import { verifyReadModel } from '../rebuild/verify-read-model';
import type { ProjectionRunner } from '../runner/projection-runner';
import { historyStep, type HistoryStep } from '../testing/container-history';
import {
  createProjectionTestDb,
  liveRunner,
  waitForCheckpoint,
  type ProjectionTestDb,
} from '../testing/projection-test-db';

/** The request id one client sent with every request, as an older Berth took it for its own. */
const REUSED = 'req-12345678-1234-1234-1234-123456789abc';

/**
 * One action as an older Berth logged it: the client's request id as the action's, in the data
 * and in metadata of the shape it had then (no `global_request_id`).
 */
function asOldBerthWrote(uuid: string, n: number, step: HistoryStep, tick: number) {
  return historyStep(uuid, n, step, tick).map((event): EventToAppend => {
    const { global_request_id: _none, ...metadata } = event.metadata;
    const old: StoredEventMetadata = { ...metadata, request_id: REUSED, correlation_id: REUSED };
    return {
      ...event,
      data: { ...event.data, request_id: REUSED },
      metadata: old as EventMetadata,
    };
  });
}

interface ActionRow {
  id: string;
  container_uuid: string;
  request_id: string;
  action: string;
  result: string | null;
}

describe('an old log where a client reused one request id (PostgreSQL)', () => {
  let db: ProjectionTestDb;
  let runner: ProjectionRunner;
  const victim = randomUUID();
  const attacker = randomUUID();

  beforeAll(async () => {
    db = await createProjectionTestDb();
    runner = liveRunner(db);
    await runner.start();
    // The victim's container is created, stopped and deleted; then the same request id creates
    // and deletes another container: before, the second delete's row replaced the first's.
    const victimLog = [
      ...asOldBerthWrote(victim, 1, 'create', 0),
      ...asOldBerthWrote(victim, 1, 'stop', 1),
      ...asOldBerthWrote(victim, 1, 'delete', 2),
    ];
    await db.store.append(containerStream(victim), victimLog, 'no_stream');
    const attackerLog = [
      ...asOldBerthWrote(attacker, 2, 'create', 3),
      ...asOldBerthWrote(attacker, 2, 'delete', 4),
    ];
    const last = await db.store.append(containerStream(attacker), attackerLog, 'no_stream');
    await waitForCheckpoint(db.pool, last.position);
  });

  afterAll(async () => {
    await runner.stop();
    await db.drop();
  });

  const actions = async (): Promise<ActionRow[]> =>
    (
      await db.pool.query<ActionRow>(
        `SELECT id, container_uuid, request_id, action, result
           FROM read.container_actions ORDER BY start_time`,
      )
    ).rows;

  it('keeps one row per request event, keyed by that event, whatever id the client sent', async () => {
    const rows = await actions();
    expect(rows.map((r) => [r.container_uuid, r.action, r.result])).toEqual([
      [victim, 'create', 'Success'],
      [victim, 'stop', 'Success'],
      [victim, 'delete', 'Success'],
      [attacker, 'create', 'Success'],
      [attacker, 'delete', 'Success'],
    ]);
    const requests = await db.pool.query<{ event_id: string }>(
      `SELECT event_id FROM events.events WHERE type LIKE '%Requested' ORDER BY global_position`,
    );
    expect(rows.map((r) => r.id)).toEqual(requests.rows.map((r) => r.event_id));
    expect(new Set(rows.map((r) => r.request_id))).toEqual(new Set([REUSED]));
  });

  it('gives each action only its own outcome as a step', async () => {
    const { rows } = await db.pool.query<{ id: string; steps: string[] }>(
      `SELECT a.id, array_agg(e.event ORDER BY e.finish_time) AS steps
         FROM read.container_actions a JOIN read.container_action_events e ON e.action_id = a.id
        GROUP BY a.id, a.start_time ORDER BY a.start_time`,
    );
    expect(rows.map((r) => r.steps)).toEqual([
      ['compute__do_container_create'],
      ['compute__do_container_stop'],
      ['compute__do_container_delete'],
      ['compute__do_container_create'],
      ['compute__do_container_delete'],
    ]);
  });

  it('rebuilds exactly the rows the live projector built', async () => {
    const result = await verifyReadModel(db.rebuildOptions());
    expect(result.differences.map(describeDifference)).toEqual([]);
  });
});
