import { randomUUID } from 'node:crypto';
import {
  containerStream,
  type ContainerEvent,
  type ContainerVolumeAttached,
  type ContainerVolumeDetached,
} from '@berth/domain';
import type { Position } from '@berth/drivers';
import { aSpec } from '@berth/domain/testing/a-spec';
import { waitForCheckpoint } from '../testing/projection-test-db';
import { withLiveProjector } from '../testing/with-live-projector';
import { aMetadata } from '@berth/domain/testing/a-metadata';

const AT = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-01T00:01:00.000Z';
const metadata = aMetadata();

function attached(
  request_id: string,
  extra: Partial<ContainerVolumeAttached['data']> = {},
): ContainerVolumeAttached {
  return {
    type: 'ContainerVolumeAttached',
    version: 1,
    data: {
      request_id,
      at: AT,
      kind: 'named',
      volume: 'data',
      docker_volume: 'berth-vol-aaaa-data',
      destination: '/data',
      size: null,
      project_id: 'p1',
      host: 'host-a',
      created: true,
      ...extra,
    },
  };
}

function detached(request_id: string, kind: 'named' | 'anonymous'): ContainerVolumeDetached {
  return {
    type: 'ContainerVolumeDetached',
    version: 1,
    data: {
      request_id,
      at: LATER,
      kind,
      volume: 'data',
      docker_volume: 'berth-vol-aaaa-data',
      destination: '/data',
      size: null,
      host: 'host-a',
      removed: false,
      reason: null,
    },
  };
}

function createRequested(uuid: string, request_id: string): ContainerEvent {
  return {
    type: 'ContainerCreateRequested',
    version: 1,
    data: {
      request_id,
      at: AT,
      uuid,
      name: 'c',
      project_id: 'p1',
      user_id: 'u1',
      spec: aSpec({ mounts: [{ kind: 'named', name: 'data', destination: '/data', size: null }] }),
      host: 'host-a',
      run: false,
    },
  };
}

const created = (request_id: string): ContainerEvent => ({
  type: 'ContainerCreated',
  version: 1,
  data: {
    request_id,
    at: AT,
    docker_id: 'd',
    image_id: null,
    addresses: {},
    ports: [],
    running: false,
  },
});

describe('the volumes projection (PostgreSQL)', () => {
  const live = withLiveProjector();

  const append = async (uuid: string, events: ContainerEvent[]): Promise<Position> =>
    (
      await live.db.store.append(
        containerStream(uuid),
        events.map((e) => ({ ...e, metadata })),
        'any',
      )
    ).position;

  const rows = async () =>
    (
      await live.db.pool.query<{
        host: string;
        name: string;
        containers: string[];
        size: number | null;
      }>('SELECT host, name, containers, size FROM read.volumes ORDER BY host, docker_volume')
    ).rows;

  it('keeps a named volume where it was made, with the containers that mount it now', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await append(a, [createRequested(a, 'ra'), attached('ra', { size: 3 }), created('ra')]);
    let last = await append(b, [
      createRequested(b, 'rb'),
      attached('rb', { created: false }),
      // A rebuild attaches again: still one entry for the container.
      attached('rb', { created: false }),
      created('rb'),
    ]);
    await waitForCheckpoint(live.db.pool, last);
    expect(await rows()).toEqual([{ host: 'host-a', name: 'data', containers: [a, b], size: 3 }]);

    last = await append(a, [
      {
        type: 'ContainerDeleteRequested',
        version: 1,
        data: { request_id: 'da', at: LATER, force: true, stop: false },
      },
      detached('da', 'named'),
      { type: 'ContainerDeleted', version: 1, data: { request_id: 'da', at: LATER } },
    ]);
    await waitForCheckpoint(live.db.pool, last);
    expect(await rows()).toEqual([{ host: 'host-a', name: 'data', containers: [b], size: 3 }]);

    last = await append(b, [
      {
        type: 'ContainerDeleteRequested',
        version: 1,
        data: { request_id: 'db', at: LATER, force: true, stop: false },
      },
      detached('db', 'named'),
      { type: 'ContainerDeleted', version: 1, data: { request_id: 'db', at: LATER } },
    ]);
    await waitForCheckpoint(live.db.pool, last);
    // The volume outlives its containers: its row stays, unused.
    expect(await rows()).toEqual([{ host: 'host-a', name: 'data', containers: [], size: 3 }]);
  });

  it('leaves anonymous volumes and files out: they belong to one container', async () => {
    const c = randomUUID();
    const last = await append(c, [
      createRequested(c, 'rc'),
      attached('rc', {
        kind: 'anonymous',
        volume: 'berth-anon-x-0',
        docker_volume: 'berth-anon-x-0',
        size: 1,
      }),
      attached('rc', { kind: 'file', volume: null, docker_volume: null, destination: '/etc/x' }),
      created('rc'),
    ]);
    await waitForCheckpoint(live.db.pool, last);
    expect(await rows()).toEqual([]);
  });
});
