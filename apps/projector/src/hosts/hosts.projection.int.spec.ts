import { hostStream, type EventMetadata, type HostEvent } from '@berth/domain';
import type { Position } from '@berth/drivers';
import { describeDifference } from '../rebuild/diff-read-model';
import { verifyReadModel } from '../rebuild/verify-read-model';
import { waitForCheckpoint } from '../testing/projection-test-db';
import { withLiveProjector } from '../testing/with-live-projector';

const metadata: EventMetadata = {
  request_id: 'req-hosts',
  global_request_id: null,
  user_id: 'admin',
  project_id: 'admin',
  correlation_id: 'req-hosts',
  causation_id: null,
};
const at = '2025-03-01T00:00:00.000Z';

const registered = (hostname: string, cpus: number): HostEvent => ({
  type: 'HostRegistered',
  version: 1,
  data: {
    hostname,
    uuid: '3f8e2a61-0c2d-4d7c-9a59-2f1d8e4b6c70',
    cpus,
    mem_total: 8192,
    disk_total: 100,
    architecture: 'x86_64',
    os_type: 'linux',
    os: 'Debian',
    kernel_version: '6.1',
    runtimes: ['runc'],
    labels: {},
    availability_zone: 'nova',
    at,
  },
});
const claimed = (container: string, cpu: number, memory: number, disk: number): HostEvent => ({
  type: 'CapacityClaimed',
  version: 1,
  data: { container_uuid: container, cpu, memory, disk, at },
});
const released = (container: string): HostEvent => ({
  type: 'CapacityReleased',
  version: 1,
  data: { container_uuid: container, at },
});

interface HostFigures {
  hostname: string;
  cpus: number;
  cpu_used: number;
  mem_used: number;
  disk_used: number;
  total_containers: number;
}

describe('HostsProjection (PostgreSQL)', () => {
  const live = withLiveProjector();

  /** Appends each event on its own, so that the live runner sees them in many batches. */
  const appendOneByOne = async (hostname: string, events: HostEvent[]): Promise<Position> => {
    let last!: Position;
    for (const event of events) {
      ({ position: last } = await live.db.store.append(
        hostStream(hostname),
        [{ ...event, metadata }],
        'any',
      ));
    }
    return last;
  };

  const hosts = async (): Promise<HostFigures[]> =>
    (
      await live.db.pool.query<HostFigures>(
        `SELECT hostname, cpus, cpu_used, mem_used, disk_used, total_containers
         FROM read.hosts ORDER BY hostname`,
      )
    ).rows;

  it('sums the claims on each host through re-registrations, as a rebuild does too', async () => {
    await appendOneByOne('host-b', [registered('host-b', 4), claimed('c4', 0.1, 64, 1)]);
    const { position: last } = await live.db.store.append(
      hostStream('host-a'),
      [
        registered('host-a', 8),
        claimed('c1', 0.5, 128, 1),
        claimed('c2', 0.25, 256, 2),
        claimed('c3', 1, 512, 3),
        released('c2'),
        claimed('c1', 0.5, 128, 1),
        registered('host-a', 16),
        claimed('c5', 0.2, 64, 1),
      ].map((event) => ({ ...event, metadata })),
      'any',
    );
    await waitForCheckpoint(live.db.pool, last);

    expect(await hosts()).toEqual([
      {
        hostname: 'host-a',
        cpus: 16,
        cpu_used: 1.7,
        mem_used: 704,
        disk_used: 5,
        total_containers: 3,
      },
      {
        hostname: 'host-b',
        cpus: 4,
        cpu_used: 0.1,
        mem_used: 64,
        disk_used: 1,
        total_containers: 1,
      },
    ]);
    const verified = await verifyReadModel(live.db.rebuildOptions());
    expect(verified.differences.map(describeDifference)).toEqual([]);
  });

  it('ignores a claim on a host that never registered', async () => {
    const last = await appendOneByOne('host-x', [claimed('c9', 1, 128, 1)]);
    await waitForCheckpoint(live.db.pool, last);

    expect(await hosts()).toEqual([]);
  });
});
