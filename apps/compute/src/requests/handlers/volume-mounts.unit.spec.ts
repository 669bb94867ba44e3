import { evolve, type ContainerEvent, type ContainerMount } from '@berth/domain';
import { SimulatedRuntime, anonymousVolumeName, namedVolumeName } from '@berth/drivers';
import type { ComputeConfig } from '../../compute.config';
import { history, HOST, UUID } from '../../testing/container.fixtures';
import { handleDelete, handleRebuild } from './change.handlers';
import { handleCreate } from './create.handler';

const config = { hostname: HOST, networkMode: 'none' } as ComputeConfig;

const MOUNTS: ContainerMount[] = [
  { kind: 'named', name: 'data', destination: '/data', size: null },
  { kind: 'anonymous', destination: '/scratch', size: 2 },
  { kind: 'file', destination: '/etc/app/x.conf', content_base64: 'YT0xCg==' },
];

function creating(mounts: ContainerMount[] = MOUNTS) {
  const h = history().createRequested({ mounts });
  const request = h.events[0];
  if (request.type !== 'ContainerCreateRequested') throw new Error('unexpected');
  return { h, request };
}

async function create(runtime: SimulatedRuntime, mounts: ContainerMount[] = MOUNTS) {
  const { h, request } = creating(mounts);
  const events = await handleCreate({ state: h.present, request, runtime, config });
  h.events.push(...events);
  return { h, events };
}

/** Whether the engine has the volume: ensuring it again creates it only if it was gone. */
async function has(runtime: SimulatedRuntime, name: string): Promise<boolean> {
  const { created } = await runtime.ensureVolume({ name, labels: {} });
  if (created) await runtime.removeVolume(name);
  return !created;
}

describe('volume work of create and delete in compute', () => {
  it('attaches each mount before the create outcome, making volumes on first use', async () => {
    const runtime = new SimulatedRuntime();
    const { events } = await create(runtime);
    expect(events.map((e) => e.type)).toEqual([
      'ContainerVolumeAttached',
      'ContainerVolumeAttached',
      'ContainerVolumeAttached',
      'ContainerCreated',
    ]);
    const attached = events.filter((e) => e.type === 'ContainerVolumeAttached');
    expect(attached.map((e) => [e.data.kind, e.data.volume, e.data.docker_volume])).toEqual([
      ['named', 'data', namedVolumeName('p1', 'data')],
      ['anonymous', anonymousVolumeName(UUID, 1), anonymousVolumeName(UUID, 1)],
      ['file', null, null],
    ]);
    expect(attached.every((e) => e.data.created && e.data.host === HOST)).toBe(true);
    expect((await runtime.inspect(UUID)).dockerId).toBeDefined();
  });

  it('labels volumes with their project and name, and finds a named volume on its next use', async () => {
    const runtime = new SimulatedRuntime();
    const ensure = jest.spyOn(runtime, 'ensureVolume');
    await create(runtime);
    expect(ensure.mock.calls.map(([spec]) => spec.labels)).toEqual([
      { 'berth.project': 'p1', 'berth.volume': 'data' },
      { 'berth.project': 'p1', 'berth.uuid': UUID, 'berth.size_gb': '2' },
    ]);
    const second = history('11111111-2222-4333-8444-555555555555').createRequested({
      mounts: [MOUNTS[0]],
    });
    const request = second.events[0];
    if (request.type !== 'ContainerCreateRequested') throw new Error('unexpected');
    const events = await handleCreate({ state: second.present, request, runtime, config });
    expect(events[0]).toMatchObject({
      type: 'ContainerVolumeAttached',
      data: { volume: 'data', created: false },
    });
  });

  it('places a bind mount as one file, at / with its full path, in the created container', async () => {
    const runtime = new SimulatedRuntime();
    const put = jest.spyOn(runtime, 'putArchive');
    await create(runtime);
    expect(put).toHaveBeenCalledTimes(1);
    const [uuid, path, tar] = put.mock.calls[0];
    expect([uuid, path]).toEqual([UUID, '/']);
    expect(tar.subarray(0, 100).toString('utf8')).toMatch(/^etc\/app\/x\.conf\0/);
    expect(tar.toString('utf8')).toContain('a=1\n');
  });

  it('detaches on delete: the named volume stays, the anonymous one goes', async () => {
    const runtime = new SimulatedRuntime();
    const { h } = await create(runtime);
    h.requested('ContainerDeleteRequested', { force: true, stop: false });
    const request = h.events[h.events.length - 1];
    if (request.type !== 'ContainerDeleteRequested') throw new Error('unexpected');
    const events = await handleDelete({ state: h.present, request, runtime, config });
    const detached = events.filter((e) => e.type === 'ContainerVolumeDetached');
    expect(detached.map((e) => [e.data.kind, e.data.removed, e.data.reason])).toEqual([
      ['named', false, null],
      ['anonymous', true, null],
      ['file', true, null],
    ]);
    expect(events[events.length - 1].type).toBe('ContainerDeleted');
    expect(await has(runtime, namedVolumeName('p1', 'data'))).toBe(true);
    expect(await has(runtime, anonymousVolumeName(UUID, 1))).toBe(false);
    const state = [...h.events, ...events].reduce(evolve, history().state);
    expect(state.exists && state.deleted).toBe(true);
  });

  it('says why an anonymous volume was left when the engine refuses to remove it', async () => {
    const runtime = new SimulatedRuntime();
    const { h } = await create(runtime);
    jest.spyOn(runtime, 'removeVolume').mockRejectedValue(new Error('volume is in use'));
    h.requested('ContainerDeleteRequested', { force: true, stop: false });
    const request = h.events[h.events.length - 1];
    if (request.type !== 'ContainerDeleteRequested') throw new Error('unexpected');
    const events = await handleDelete({ state: h.present, request, runtime, config });
    const anonymous = events.find(
      (e) => e.type === 'ContainerVolumeDetached' && e.data.kind === 'anonymous',
    );
    expect(anonymous?.data).toMatchObject({ removed: false, reason: 'volume is in use' });
  });

  it('fails a create whose volume cannot be made, naming it and undoing what it made', async () => {
    const runtime = new SimulatedRuntime();
    const ensure = jest.spyOn(runtime, 'ensureVolume');
    ensure.mockImplementation(async (spec) => {
      if (spec.name === namedVolumeName('p1', 'data')) throw new Error('disk full');
      return SimulatedRuntime.prototype.ensureVolume.call(runtime, spec);
    });
    const mounts: ContainerMount[] = [MOUNTS[1], MOUNTS[0]];
    await expect(create(runtime, mounts)).rejects.toThrow(
      'Could not create volume data for /data: disk full',
    );
    ensure.mockRestore();
    expect(await has(runtime, anonymousVolumeName(UUID, 0))).toBe(false);
    expect(await runtime.list()).toEqual([]);
  });

  it('fails a create whose file cannot be placed, leaving no container and no volume of its own', async () => {
    const runtime = new SimulatedRuntime();
    jest.spyOn(runtime, 'putArchive').mockRejectedValue(new Error('not a directory'));
    await expect(create(runtime)).rejects.toThrow(
      'Could not place the file at /etc/app/x.conf: not a directory',
    );
    expect(await runtime.list()).toEqual([]);
    expect(await has(runtime, anonymousVolumeName(UUID, 1))).toBe(false);
    // The named volume may already be another container's: it is never undone.
    expect(await has(runtime, namedVolumeName('p1', 'data'))).toBe(true);
  });

  it('mounts the same volumes again on rebuild, so their data stays', async () => {
    const runtime = new SimulatedRuntime();
    const { h } = await create(runtime);
    h.requested('ContainerRebuildRequested', { image: 'busybox', image_driver: 'docker' });
    const request = h.events[h.events.length - 1];
    if (request.type !== 'ContainerRebuildRequested') throw new Error('unexpected');
    const create2 = jest.spyOn(runtime, 'createContainer');
    const events: ContainerEvent[] = await handleRebuild({
      state: h.present,
      request,
      runtime,
      config,
    });
    expect(create2.mock.calls[0][0].volumes).toEqual([
      { volume: namedVolumeName('p1', 'data'), destination: '/data' },
      { volume: anonymousVolumeName(UUID, 1), destination: '/scratch' },
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'ContainerVolumeAttached',
      'ContainerVolumeAttached',
      'ContainerVolumeAttached',
      'ContainerRebuilt',
    ]);
    expect(
      events.filter((e) => e.type === 'ContainerVolumeAttached').map((e) => e.data.created),
    ).toEqual([false, false, true]);
  });
});
