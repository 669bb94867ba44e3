import { CONTAINER_STATUSES } from './container-status';
import { ContainerCommand } from './container.commands';
import { decide } from './container.decide';
import { ActionInProgress, ContainerNotFound, InvalidStateError } from './container.errors';
import {
  NetworkAlreadyConnected,
  NetworkNotAttached,
  PortNotAttached,
} from './container.errors.networks';
import { ContainerAddress } from './container.spec';
import {
  aContainer,
  fold,
  foldPresent,
  createRequested,
  T1,
  UUID,
} from './container.test-fixtures';
import { evolve } from './container.evolve';
import { initialState } from './container.state';

const base = { uuid: UUID, request_id: 'req-net', at: T1, ident: 'web' };

const attach = (network = 'app'): ContainerCommand => ({
  type: 'AttachContainerNetwork',
  data: { ...base, network },
});
const detach = (network: string | null, port: string | null = null): ContainerCommand => ({
  type: 'DetachContainerNetwork',
  data: { ...base, network, port },
});

const address = (addr: string, port: string): ContainerAddress => ({
  addr,
  version: 4,
  port,
  subnet_id: null,
  preserve_on_delete: false,
});

const onApp = { app: [address('172.20.0.2', 'ep-app')] };
const ALLOWED = ['Created', 'Running', 'Stopped', 'Paused'];

describe('deciding network_attach', () => {
  it('asks compute to attach a network the container is not on', () => {
    const events = decide(aContainer({ status: 'Running', addresses: onApp }), attach('db'));
    expect(events).toEqual([
      {
        type: 'ContainerNetworkAttachRequested',
        version: 1,
        data: { request_id: 'req-net', at: T1, network: 'db' },
      },
    ]);
  });

  it('refuses a network that is already connected, in Zun words and naming what the user typed', () => {
    const decision = (): unknown => decide(aContainer({ addresses: onApp }), attach('app'));
    expect(decision).toThrow(NetworkAlreadyConnected);
    expect(decision).toThrow("Network 'app' is already connected to container 'web'.");
  });

  it('does not take an Object.prototype member for an attached network', () => {
    const events = decide(aContainer({ addresses: {} }), attach('constructor'));
    expect(events[0]?.type).toBe('ContainerNetworkAttachRequested');
  });

  it.each(CONTAINER_STATUSES.map((s) => [s, ALLOWED.includes(s)] as const))(
    'in status %s is accepted: %s',
    (status, allowed) => {
      const decision = (): unknown => decide(aContainer({ status }), attach());
      if (allowed) expect(decision()).toHaveLength(1);
      else expect(decision).toThrow(`Cannot network_attach container ${UUID} in ${status} state`);
    },
  );

  it('checks the status before the one-action-at-a-time rule, as every other action does', () => {
    const pending = {
      request_id: 'r0',
      action: 'stop' as const,
      requested_at: T1,
      previous_status: 'Running' as const,
    };
    expect(() => decide(aContainer({ status: 'Error', pending }), attach())).toThrow(
      InvalidStateError,
    );
    expect(() => decide(aContainer({ status: 'Running', pending }), attach())).toThrow(
      ActionInProgress,
    );
  });

  it('answers 404 for a container that does not exist', () => {
    expect(() => decide(initialState(), attach())).toThrow(ContainerNotFound);
  });
});

describe('deciding network_detach', () => {
  it('asks compute to detach a network the container is on', () => {
    const events = decide(aContainer({ addresses: onApp }), detach('app'));
    expect(events).toEqual([
      {
        type: 'ContainerNetworkDetachRequested',
        version: 1,
        data: { request_id: 'req-net', at: T1, network: 'app', port: null },
      },
    ]);
  });

  it('finds the network of a port (a Docker endpoint id)', () => {
    const events = decide(aContainer({ addresses: onApp }), detach(null, 'ep-app'));
    expect(events[0]?.data).toMatchObject({ network: 'app', port: 'ep-app' });
  });

  it('refuses a network that is not attached', () => {
    const decision = (): unknown => decide(aContainer({ addresses: onApp }), detach('db'));
    expect(decision).toThrow(NetworkNotAttached);
    expect(decision).toThrow("Network 'db' is not attached to container 'web'.");
  });

  it('refuses a port that is not attached', () => {
    const decision = (): unknown => decide(aContainer({ addresses: onApp }), detach(null, 'ep-x'));
    expect(decision).toThrow(PortNotAttached);
    expect(decision).toThrow("Port 'ep-x' is not attached to container 'web'.");
  });

  it.each(CONTAINER_STATUSES.map((s) => [s, ALLOWED.includes(s)] as const))(
    'in status %s is accepted: %s',
    (status, allowed) => {
      const decision = (): unknown =>
        decide(aContainer({ status, addresses: onApp }), detach('app'));
      if (allowed) expect(decision()).toHaveLength(1);
      else expect(decision).toThrow(`Cannot network_detach container ${UUID} in ${status} state`);
    },
  );
});

describe('a network action in the log', () => {
  const created = (): ReturnType<typeof foldPresent> =>
    foldPresent([
      createRequested(),
      {
        type: 'ContainerCreated',
        version: 1,
        data: {
          request_id: 'req-create',
          at: T1,
          docker_id: 'd1',
          image_id: 'i1',
          addresses: onApp,
          ports: [],
          running: true,
        },
      },
    ]);

  it('holds the pending slot with Zun task state network_attaching, so another action waits', () => {
    const [requested] = decide(created(), attach('db'));
    const state = foldPresent([requested], created());
    expect(state.task_state).toBe('network_attaching');
    expect(state.pending?.action).toBe('network_attach');
    expect(() => decide(state, detach('app'))).toThrow(ActionInProgress);
  });

  it('adds the attached network to addresses and frees the slot', () => {
    const [requested] = decide(created(), attach('db'));
    const state = foldPresent(
      [
        requested,
        {
          type: 'ContainerNetworkAttached',
          version: 1,
          data: {
            request_id: 'req-net',
            at: T1,
            network: 'db',
            addresses: [address('172.21.0.2', 'ep-db')],
          },
        },
      ],
      created(),
    );
    expect(Object.keys(state.addresses).sort()).toEqual(['app', 'db']);
    expect(state.pending).toBeNull();
    expect(state.task_state).toBeNull();
    expect(state.status).toBe('Running');
  });

  it('removes a detached network from addresses', () => {
    const [requested] = decide(created(), detach('app'));
    const state = foldPresent(
      [
        requested,
        {
          type: 'ContainerNetworkDetached',
          version: 1,
          data: { request_id: 'req-net', at: T1, network: 'app' },
        },
      ],
      created(),
    );
    expect(state.addresses).toEqual({});
    expect(state.task_state).toBeNull();
  });

  it('keeps addresses and status on a failed attach and says why', () => {
    const [requested] = decide(created(), attach('db'));
    const state = foldPresent(
      [
        requested,
        {
          type: 'ContainerNetworkAttachFailed',
          version: 1,
          data: { request_id: 'req-net', at: T1, reason: 'boom' },
        },
      ],
      created(),
    );
    expect(state.addresses).toEqual(onApp);
    expect(state.status).toBe('Running');
    expect(state.status_reason).toBe('boom');
    expect(state.pending).toBeNull();
  });

  it('ignores an outcome that answers no pending request', () => {
    const before = created();
    const after = evolve(before, {
      type: 'ContainerNetworkDetached',
      version: 1,
      data: { request_id: 'other', at: T1, network: 'app' },
    });
    expect(after).toEqual(before);
    expect(fold([])).toEqual(initialState());
  });
});
