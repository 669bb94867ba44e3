import { randomUUID } from 'node:crypto';
import { containerStream, type ContainerEvent } from '@berth/domain';
import type { EventToAppend } from '@berth/drivers';
import { describeDifference } from '../rebuild/diff-read-model';
import { verifyReadModel } from '../rebuild/verify-read-model';
import { ProjectionRunner } from '../runner/projection-runner';
import { historyStep } from '../testing/container-history';
import {
  createProjectionTestDb,
  liveRunner,
  type ProjectionTestDb,
} from '../testing/projection-test-db';

const at = (s: number) => new Date(Date.parse('2025-03-01T00:00:00.000Z') + s * 1000).toISOString();

/** A create tried on host-1 and host-2, which both failed, then created on host-0. */
function rescheduledCreate(uuid: string): EventToAppend[] {
  const [request, created] = historyStep(uuid, 0, 'create', 0);
  const { request_id } = request.data as { request_id: string };
  const placement: ContainerEvent[] = [
    {
      type: 'ContainerCreateAttemptFailed',
      version: 1,
      data: { request_id, at: at(1), host: 'host-1', reason: 'engine unreachable', attempt: 1 },
    },
    {
      type: 'ContainerRescheduled',
      version: 1,
      data: { request_id, at: at(2), host: 'host-2', attempt: 2 },
    },
    {
      type: 'ContainerCreateAttemptFailed',
      version: 1,
      data: { request_id, at: at(3), host: 'host-2', reason: 'i/o timeout', attempt: 2 },
    },
    {
      type: 'ContainerRescheduled',
      version: 1,
      data: { request_id, at: at(4), host: 'host-0', attempt: 3 },
    },
  ];
  return [
    request,
    ...placement.map((event) => ({ ...event, metadata: request.metadata })),
    { ...created, data: { ...created.data, at: at(5) } },
  ];
}

interface ActionRow {
  request_id: string;
  action: string;
  start_time: Date;
  finish_time: Date | null;
  result: string | null;
}

interface EventRow {
  event: string;
  start_time: Date;
  finish_time: Date;
  result: string;
  traceback: string | null;
}

describe('the action log shows a create’s placement attempts (PostgreSQL)', () => {
  let db: ProjectionTestDb;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    db = await createProjectionTestDb();
    runner = liveRunner(db);
    await runner.start();
  });

  afterAll(async () => {
    await runner.stop();
    await db.drop();
  });

  const action = async (uuid: string): Promise<ActionRow> =>
    (
      await db.pool.query<ActionRow>(
        `SELECT request_id, action, start_time, finish_time, result
           FROM read.container_actions WHERE container_uuid = $1`,
        [uuid],
      )
    ).rows[0];

  const events = async (uuid: string): Promise<EventRow[]> =>
    (
      await db.pool.query<EventRow>(
        `SELECT e.event, e.start_time, e.finish_time, e.result, e.traceback
           FROM read.container_action_events e
           JOIN read.container_actions a ON a.id = e.action_id
          WHERE a.container_uuid = $1 ORDER BY e.finish_time`,
        [uuid],
      )
    ).rows;

  const waitFor = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  const expected = [
    {
      event: 'compute__do_container_create',
      result: 'Error',
      traceback: 'attempt 1 on host-1: engine unreachable',
    },
    { event: 'scheduler_reschedule', result: 'Success', traceback: 'attempt 2 on host-2' },
    {
      event: 'compute__do_container_create',
      result: 'Error',
      traceback: 'attempt 2 on host-2: i/o timeout',
    },
    { event: 'scheduler_reschedule', result: 'Success', traceback: 'attempt 3 on host-0' },
    { event: 'compute__do_container_create', result: 'Success', traceback: null },
  ];

  it('records each attempt as an event row of the open create, whichever batches they arrive in', async () => {
    const oneBatch = randomUUID();
    await db.store.append(containerStream(oneBatch), rescheduledCreate(oneBatch), 'no_stream');

    // The same history appended event by event, each projected before the next is written.
    const oneByOne = randomUUID();
    const history = rescheduledCreate(oneByOne);
    for (const [n, event] of history.entries()) {
      const expectedRevision = n === 0 ? 'no_stream' : BigInt(n - 1);
      await db.store.append(containerStream(oneByOne), [event], expectedRevision);
      const closes = n === history.length - 1;
      const [row, rows] = await waitFor(
        () => Promise.all([action(oneByOne), events(oneByOne)]),
        ([a, r]) => a !== undefined && r.length === n && (a.finish_time !== null) === closes,
      );
      expect(rows).toHaveLength(n);
      // Attempts and reschedules never close the create; only its outcome does.
      expect(row.finish_time === null).toBe(!closes);
    }

    for (const uuid of [oneBatch, oneByOne]) {
      const row = await waitFor(
        () => action(uuid),
        (r) => r?.result !== null && r !== undefined,
      );
      expect(row).toMatchObject({ action: 'create', result: 'Success' });
      const rows = await waitFor(
        () => events(uuid),
        (r) => r.length === expected.length,
      );
      expect(rows).toMatchObject(expected);
      for (const event of rows) expect(event.start_time).toEqual(row.start_time);
    }
  });

  it('leaves a rebuild identical to what the live projector built', async () => {
    const result = await verifyReadModel(db.rebuildOptions());
    expect(result.differences.map(describeDifference)).toEqual([]);
  });
});
