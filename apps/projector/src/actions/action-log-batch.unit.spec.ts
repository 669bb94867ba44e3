import type { ContainerEvent } from '@berth/domain';
import type { RecordedEvent } from '@berth/drivers';
import { aMetadata } from '@berth/domain/testing/a-metadata';
import { aSpec } from '@berth/domain/testing/a-spec';
import { ActionLogBatch, actionKey } from './action-log-batch';

const A = '6f1c2b1e-8d0a-4c55-9a63-0c1f3c8e2a10';
const B = '7a2d3c2f-9e1b-4d66-8b74-1d2e4f9a3b21';
const at = (s: number): string => new Date(Date.UTC(2025, 0, 1, 0, 0, s)).toISOString();

let seq = 0;
/** An event as the store hands it over, in container `uuid`'s stream, with a fresh log id. */
function recorded(uuid: string, event: ContainerEvent, global: string | null = null) {
  seq += 1;
  const request_id = 'request_id' in event.data ? event.data.request_id : 'none';
  return {
    ...event,
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    stream: `container-${uuid}`,
    revision: BigInt(seq),
    position: { commit: BigInt(seq), prepare: 0n },
    metadata: aMetadata({ request_id, global_request_id: global }),
    createdAt: new Date(0),
  } satisfies RecordedEvent & ContainerEvent;
}

const stop = (uuid: string, request_id: string, s: number, global: string | null = null) =>
  recorded(
    uuid,
    { type: 'ContainerStopRequested', version: 1, data: { request_id, at: at(s), timeout: 0 } },
    global,
  );
const stopped = (uuid: string, request_id: string, s: number) =>
  recorded(uuid, {
    type: 'ContainerStopped',
    version: 1,
    data: { request_id, at: at(s), exit_code: 0 },
  });
const stopFailed = (uuid: string, request_id: string, s: number) =>
  recorded(uuid, {
    type: 'ContainerStopFailed',
    version: 1,
    data: { request_id, at: at(s), reason: 'Docker said no' },
  });

describe('ActionLogBatch', () => {
  it('keys each action by its request event, keeping the caller’s request id beside it', () => {
    const log = new ActionLogBatch();
    const request = stop(A, 'req-1', 1, 'req-00000000-0000-4000-8000-0000000000aa');
    log.add(request);
    expect([...log.opened.values()]).toEqual([
      expect.objectContaining({
        id: request.id,
        request_id: 'req-1',
        global_request_id: 'req-00000000-0000-4000-8000-0000000000aa',
        container_uuid: A,
        action: 'stop',
        params: { timeout: 0 },
      }),
    ]);
  });

  it('makes two rows of two requests sharing a request id, each closed by its own outcome', () => {
    const log = new ActionLogBatch();
    const first = stop(A, 'req-same', 1);
    const second = stop(A, 'req-same', 3);
    for (const event of [first, stopped(A, 'req-same', 2), second, stopFailed(A, 'req-same', 4)])
      log.add(event);
    expect(log.opened.get(first.id)).toMatchObject({
      result: 'Success',
      finish_time: new Date(at(2)),
    });
    expect(log.opened.get(second.id)).toMatchObject({ result: 'Error', message: 'Docker said no' });
    expect(log.events.map((row) => [row.action_id, row.result])).toEqual([
      [first.id, 'Success'],
      [second.id, 'Error'],
    ]);
    expect(log.closes.size).toBe(0);
    // Steps keep their place in the stream, which orders them when their times are equal.
    const [a, b] = log.events.map((row) => row.revision);
    expect(a).toBeLessThan(b);
  });

  it('never lets one container’s step reach another container’s action of the same request id', () => {
    const log = new ActionLogBatch();
    const inA = stop(A, 'req-same', 1);
    log.add(inA);
    log.add(stopped(B, 'req-same', 2));
    expect(log.opened.get(inA.id)?.finish_time).toBeNull();
    expect(log.events).toEqual([]);
    expect([...log.closes.keys()]).toEqual([actionKey(B, 'req-same')]);
    expect(log.pending).toEqual([expect.objectContaining({ key: actionKey(B, 'req-same') })]);
  });

  it('leaves the close of an earlier batch’s action to it, even when the key opens again', () => {
    const log = new ActionLogBatch();
    log.add(stopped(A, 'req-same', 2));
    const again = stop(A, 'req-same', 3);
    log.add(again);
    expect(log.closes.get(actionKey(A, 'req-same'))).toMatchObject({ result: 'Success' });
    expect(log.opened.get(again.id)?.finish_time).toBeNull();
    expect(log.earlierKeys()).toEqual(new Set([actionKey(A, 'req-same')]));
  });

  it('adds a create’s failed attempt as a step of the open create', () => {
    const log = new ActionLogBatch();
    const create = recorded(A, {
      type: 'ContainerCreateRequested',
      version: 1,
      data: {
        request_id: 'req-c',
        at: at(1),
        uuid: A,
        name: 'web',
        project_id: 'p1',
        user_id: 'u1',
        spec: aSpec(),
        host: 'h1',
        run: false,
      },
    });
    log.add(create);
    log.add(
      recorded(A, {
        type: 'ContainerCreateAttemptFailed',
        version: 1,
        data: { request_id: 'req-c', at: at(2), host: 'h1', reason: 'down', attempt: 1 },
      }),
    );
    expect(log.events).toEqual([
      expect.objectContaining({
        action_id: create.id,
        event: 'compute__do_container_create',
        result: 'Error',
        start_time: new Date(at(1)),
      }),
    ]);
  });

  it('ignores facts nobody asked for', () => {
    const log = new ActionLogBatch();
    log.add(
      recorded(A, {
        type: 'ContainerExited',
        version: 1,
        data: { at: at(1), exit_code: 0, oom_killed: false, finished_at: at(1) },
      }),
    );
    expect(log.isEmpty).toBe(true);
  });
});
