import type { ContainerSnapshot } from '@berth/drivers';
import { driftedContainers, type KnownState } from './drift';

const row = (uuid: string, status: string, over: Partial<KnownState> = {}): KnownState => ({
  uuid,
  status,
  task_state: null,
  docker_id: `d-${uuid}`,
  ...over,
});
const snapshot = (
  uuid: string | undefined,
  status: ContainerSnapshot['status'],
  startedAt?: Date,
): ContainerSnapshot =>
  ({ uuid, status, startedAt, dockerId: `d-${uuid ?? 'x'}` }) as ContainerSnapshot;

describe('which containers drifted from what the read table shows', () => {
  it('is none when every status agrees with Docker', () => {
    const known = [row('a', 'Running'), row('b', 'Paused'), row('c', 'Stopped')];
    const docker = [
      snapshot('a', 'running'),
      snapshot('b', 'paused'),
      snapshot('c', 'exited', new Date()),
    ];
    expect(driftedContainers(known, docker)).toEqual([]);
  });

  it('is none for a running container Docker is restarting by its policy', () => {
    expect(driftedContainers([row('a', 'Running')], [snapshot('a', 'restarting')])).toEqual([]);
  });

  it('names a stopped container Docker is restarting', () => {
    const known = [row('a', 'Stopped')];
    expect(driftedContainers(known, [snapshot('a', 'restarting', new Date())])).toEqual(['a']);
  });

  it('names a container paused or gone behind Berth, and not one with no row', () => {
    const known = [row('a', 'Running'), row('b', 'Running'), row('c', 'Stopped')];
    const docker = [
      snapshot('a', 'paused'),
      snapshot('d', 'running'),
      snapshot(undefined, 'running'),
    ];
    expect(driftedContainers(known, docker).sort()).toEqual(['a', 'b', 'c']);
  });

  it('leaves alone what an action is changing, and a row Docker never had', () => {
    const known = [
      row('a', 'Running', { task_state: 'container_stopping' }),
      row('b', 'Error', { docker_id: null }),
    ];
    expect(driftedContainers(known, [snapshot('a', 'exited', new Date())])).toEqual([]);
  });
});
