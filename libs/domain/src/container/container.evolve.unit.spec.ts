import { evolve } from './container.evolve';
import { initialState } from './container.state';
import {
  aContainer,
  aSpec,
  createRequested,
  fold,
  foldPresent,
  outcomeEvent,
  requestEvent,
  T0,
  T1,
  T2,
  UUID,
} from './container.test-fixtures';

const req = requestEvent;
const out = outcomeEvent;

describe('evolve of create', () => {
  it('ContainerCreateRequested brings the container to life as Creating / container_creating', () => {
    const state = foldPresent([createRequested('req-c')]);
    expect(state).toMatchObject({
      exists: true,
      uuid: UUID,
      name: 'web',
      project_id: 'p1',
      user_id: 'u1',
      host: 'host-a',
      spec: aSpec(),
      status: 'Creating',
      task_state: 'container_creating',
      pending: { request_id: 'req-c', action: 'create', requested_at: T0 },
      created_at: T0,
      deleted: false,
    });
  });

  it('ContainerCreated makes it Created and records the Docker ids', () => {
    const created = out(
      'ContainerCreated',
      {
        docker_id: 'd1',
        image_id: 'sha256:x',
        addresses: {},
        ports: [],
        running: false,
      },
      'req-c',
    );
    const state = foldPresent([createRequested('req-c'), created]);
    expect(state).toMatchObject({
      status: 'Created',
      task_state: null,
      pending: null,
      docker_id: 'd1',
      image_id: 'sha256:x',
      updated_at: T2,
    });
  });

  it('ContainerCreated with running (zun run) makes it Running', () => {
    const created = out(
      'ContainerCreated',
      {
        docker_id: 'd1',
        image_id: null,
        addresses: {},
        ports: [],
        running: true,
      },
      'req-c',
    );
    expect(foldPresent([createRequested('req-c'), created]).status).toBe('Running');
  });

  it('ContainerCreateFailed makes it Error with the reason', () => {
    const failed = out(
      'ContainerCreateFailed',
      { reason: 'no such image', docker_id: null },
      'req-c',
    );
    expect(foldPresent([createRequested('req-c'), failed])).toMatchObject({
      status: 'Error',
      status_reason: 'no such image',
      task_state: null,
      pending: null,
    });
  });

  it('ignores a second ContainerCreateRequested', () => {
    const first = fold([createRequested('req-c')]);
    expect(evolve(first, createRequested('req-other'))).toBe(first);
  });

  it('ignores anything before the create', () => {
    expect(evolve(initialState(), out('ContainerStarted'))).toEqual({ exists: false });
  });
});

describe('evolve pairs outcomes with the pending request', () => {
  it('ignores an outcome whose request is not pending (duplicate or superseded)', () => {
    const pending = foldPresent(
      [req('ContainerStartRequested')],
      aContainer({ status: 'Stopped' }),
    );
    expect(evolve(pending, out('ContainerStarted', {}, 'req-other'))).toBe(pending);
  });

  it('ignores a second outcome of the same request', () => {
    const settled = foldPresent(
      [req('ContainerStartRequested'), out('ContainerStarted')],
      aContainer({ status: 'Stopped' }),
    );
    expect(evolve(settled, out('ContainerStartFailed', { reason: 'late' }))).toBe(settled);
  });

  it('lets a superseded action’s failure then the forced delete leave the container Deleting', () => {
    const state = foldPresent(
      [
        req('ContainerStartRequested', {}, 'req-0'),
        out('ContainerStartFailed', { reason: 'superseded' }, 'req-0'),
        req('ContainerDeleteRequested', { force: true, stop: false }),
      ],
      aContainer({ status: 'Stopped' }),
    );
    expect(state).toMatchObject({
      status: 'Deleting',
      task_state: 'container_deleting',
      pending: { request_id: 'req-1', action: 'delete' },
    });
  });

  it('keeps status Deleted when Docker lost the container before a pending start failed', () => {
    const state = foldPresent(
      [
        req('ContainerStartRequested'),
        { type: 'ContainerRemovedByDocker', version: 1, data: { at: T1, reason: 'gone' } },
        out('ContainerStartFailed', { reason: 'no such container' }),
      ],
      aContainer({ status: 'Stopped' }),
    );
    expect(state).toMatchObject({
      status: 'Deleted',
      status_reason: 'gone',
      pending: null,
      task_state: null,
    });
  });
});
