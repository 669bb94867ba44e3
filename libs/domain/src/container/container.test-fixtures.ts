/** Builders for the container unit specs; not exported from the barrel. */
import { ContainerCommand } from './container.commands';
import { ContainerEvent } from './container.events';
import { ContainerCreateRequested } from './container.events.lifecycle';
import { evolve } from './container.evolve';
import { ContainerState, PresentContainer, initialState } from './container.state';

export const UUID = '6f1c2b1e-8d0a-4c55-9a63-0c1f3c8e2a10';
export const T0 = '2025-01-01T00:00:00.000Z';
export const T1 = '2025-01-01T00:00:01.000Z';
export const T2 = '2025-01-01T00:00:02.000Z';

import { aSpec } from '../testing/a-spec';

export { aSpec };

export function createRequested(request_id = 'req-create'): ContainerCreateRequested {
  return {
    type: 'ContainerCreateRequested',
    version: 1,
    data: {
      request_id,
      at: T0,
      uuid: UUID,
      name: 'web',
      project_id: 'p1',
      user_id: 'u1',
      spec: aSpec(),
      host: 'host-a',
      run: false,
    },
  };
}

/** A settled container in the given status: no pending action, as if folded from its log. */
export function aContainer(overrides: Partial<PresentContainer> = {}): PresentContainer {
  return {
    exists: true,
    uuid: UUID,
    name: 'web',
    project_id: 'p1',
    user_id: 'u1',
    host: 'host-a',
    spec: aSpec(),
    status: 'Created',
    task_state: null,
    status_reason: null,
    docker_id: 'docker-1',
    image_id: 'sha256:img',
    pending: null,
    created_at: T0,
    updated_at: T0,
    deleted: false,
    exit_code: null,
    restart_count: 0,
    addresses: {},
    ports: [],
    ...overrides,
  };
}

export function fold(
  events: ContainerEvent[],
  from: ContainerState = initialState(),
): ContainerState {
  return events.reduce(evolve, from);
}

/** Folds and insists the container exists, so specs can read its fields. */
export function foldPresent(events: ContainerEvent[], from?: ContainerState): PresentContainer {
  const state = fold(events, from);
  if (!state.exists) throw new Error('expected the container to exist');
  return state;
}

const base = { uuid: UUID, request_id: 'req-1', at: T1 };

/** One command of each kind with sensible parameters. */
export const commands = {
  create: (): ContainerCommand => ({
    type: 'CreateContainer',
    data: {
      ...base,
      name: 'web',
      project_id: 'p1',
      user_id: 'u1',
      spec: aSpec(),
      host: 'h',
      run: true,
    },
  }),
  start: (): ContainerCommand => ({ type: 'StartContainer', data: base }),
  stop: (): ContainerCommand => ({ type: 'StopContainer', data: { ...base, timeout: 10 } }),
  reboot: (): ContainerCommand => ({ type: 'RebootContainer', data: { ...base, timeout: 5 } }),
  pause: (): ContainerCommand => ({ type: 'PauseContainer', data: base }),
  unpause: (): ContainerCommand => ({ type: 'UnpauseContainer', data: base }),
  kill: (): ContainerCommand => ({ type: 'KillContainer', data: { ...base, signal: 'SIGTERM' } }),
  delete: (force = false, stop = false): ContainerCommand => ({
    type: 'DeleteContainer',
    data: { ...base, force, stop },
  }),
  rebuild: (): ContainerCommand => ({
    type: 'RebuildContainer',
    data: { ...base, image: 'busybox:2', image_driver: 'docker' },
  }),
  update: (
    patch: { cpu?: number; memory?: number; name?: string; auto_heal?: boolean } = { memory: 256 },
  ): ContainerCommand => ({
    type: 'UpdateContainer',
    data: { ...base, patch },
  }),
  rename: (name = 'web2'): ContainerCommand => ({
    type: 'RenameContainer',
    data: { ...base, name },
  }),
  exec: (): ContainerCommand => ({
    type: 'ExecInContainer',
    data: { ...base, command: ['echo', 'hi'], interactive: false },
  }),
  commit: (): ContainerCommand => ({
    type: 'CommitContainer',
    data: { ...base, repository: 'repo', tag: 'v1', image_uuid: 'img-uuid' },
  }),
};

/** Loosely typed event builders for evolve specs: request at T1, outcome at T2, request req-1. */
export const requestEvent = (
  type: string,
  extra: object = {},
  request_id = 'req-1',
): ContainerEvent =>
  ({ type, version: 1, data: { request_id, at: T1, ...extra } }) as ContainerEvent;
export const outcomeEvent = (
  type: string,
  extra: object = {},
  request_id = 'req-1',
): ContainerEvent =>
  ({ type, version: 1, data: { request_id, at: T2, ...extra } }) as ContainerEvent;
