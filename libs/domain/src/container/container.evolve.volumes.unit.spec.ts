import { ContainerEvent } from './container.events';
import { ContainerVolumeAttached, ContainerVolumeDetached } from './container.events.volumes';
import { isOutcomeEvent, isVolumeEvent } from './container.events.groups';
import { actionOf } from './container.action-phase';
import { hasOutcome } from './container.compute';
import { evolve } from './container.evolve';
import { volumeLogOf } from './container.volumes-log';
import { T0, T1, T2, aContainer, createRequested, fold } from './container.test-fixtures';

function attachedEvent(
  request_id: string,
  extra: Partial<ContainerVolumeAttached['data']> = {},
): ContainerVolumeAttached {
  return {
    type: 'ContainerVolumeAttached',
    version: 1,
    data: {
      request_id,
      at: T1,
      kind: 'named',
      volume: 'data',
      docker_volume: 'berth-vol-0123456789abcdef-data',
      destination: '/data',
      size: null,
      project_id: 'p1',
      host: 'host-a',
      created: true,
      ...extra,
    },
  };
}

function detachedEvent(
  request_id: string,
  extra: Partial<ContainerVolumeDetached['data']> = {},
): ContainerVolumeDetached {
  return {
    type: 'ContainerVolumeDetached',
    version: 1,
    data: {
      request_id,
      at: T2,
      kind: 'named',
      volume: 'data',
      docker_volume: 'berth-vol-0123456789abcdef-data',
      destination: '/data',
      size: null,
      host: 'host-a',
      removed: false,
      reason: null,
      ...extra,
    },
  };
}

const created = (request_id = 'req-create'): ContainerEvent => ({
  type: 'ContainerCreated',
  version: 1,
  data: {
    request_id,
    at: T1,
    docker_id: 'd1',
    image_id: null,
    addresses: {},
    ports: [],
    running: false,
  },
});

describe('volume events of the container stream', () => {
  it('records an attachment made within the pending create', () => {
    const state = fold([createRequested(), attachedEvent('req-create'), created()]);
    expect(state.exists && state.volumes).toEqual([
      {
        kind: 'named',
        volume: 'data',
        docker_volume: 'berth-vol-0123456789abcdef-data',
        destination: '/data',
        size: null,
      },
    ]);
    expect(state.exists && state.status).toBe('Created');
  });

  it('keeps one attachment per destination when a rebuild attaches again', () => {
    const state = fold([
      createRequested(),
      attachedEvent('req-create'),
      attachedEvent('req-create', { created: false, size: 2 }),
    ]);
    expect(state.exists && state.volumes?.map((v) => [v.destination, v.size])).toEqual([
      ['/data', 2],
    ]);
  });

  it('forgets an attachment once detached', () => {
    const start = aContainer({
      volumes: [
        { kind: 'named', volume: 'data', docker_volume: 'v', destination: '/data', size: null },
        { kind: 'file', volume: null, docker_volume: null, destination: '/etc/x', size: null },
      ],
      pending: {
        request_id: 'req-del',
        action: 'delete',
        requested_at: T0,
        previous_status: 'Created',
      },
    });
    const state = evolve(start, detachedEvent('req-del'));
    expect(state.exists && state.volumes?.map((v) => v.destination)).toEqual(['/etc/x']);
  });

  it('ignores a volume event that answers no pending action', () => {
    const settled = aContainer();
    expect(evolve(settled, attachedEvent('req-late'))).toBe(settled);
  });

  it('neither opens nor closes an action: the create stays pending until its outcome', () => {
    const events = [createRequested(), attachedEvent('req-create')];
    const state = fold(events);
    expect(state.exists && state.pending?.action).toBe('create');
    expect(hasOutcome(events, 'req-create')).toBe(false);
    expect(isVolumeEvent(events[1])).toBe(true);
    expect(isOutcomeEvent(events[1])).toBe(false);
    expect(actionOf('ContainerVolumeAttached')).toEqual({ phase: 'observed' });
  });
});

describe('volume events in the action log', () => {
  it('shows an attach as a volume_attach row of its action, without the host', () => {
    const row = volumeLogOf(attachedEvent('req-create', { size: 1 }));
    expect(row).toEqual({
      request_id: 'req-create',
      zun_event: 'volume_attach',
      result: 'Success',
      message: 'named volume data (1 GB, not enforced) created and mounted at /data',
    });
    expect(row?.message).not.toContain('host-a');
  });

  it('shows a named volume kept and an anonymous one removed on delete', () => {
    expect(volumeLogOf(detachedEvent('req-del'))?.message).toBe(
      'named volume data unmounted from /data, kept (named volumes outlive their containers)',
    );
    const anon = volumeLogOf(
      detachedEvent('req-del', { kind: 'anonymous', volume: 'berth-anon-x-0', removed: true }),
    );
    expect(anon).toMatchObject({ zun_event: 'volume_detach', result: 'Success' });
    expect(anon?.message).toBe('anonymous volume berth-anon-x-0 unmounted from /data, removed');
  });

  it('marks a detach that left an anonymous volume behind as an error with the reason', () => {
    const row = volumeLogOf(
      detachedEvent('req-del', { kind: 'anonymous', reason: 'volume is in use' }),
    );
    expect(row?.result).toBe('Error');
    expect(row?.message).toContain('left in place: volume is in use');
  });

  it('says nothing for other events', () => {
    expect(volumeLogOf(createRequested())).toBeNull();
  });
});
