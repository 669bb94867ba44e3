import { differences, type Snapshot } from './state';

const snapshot = (over: Partial<Snapshot> = {}): Snapshot => ({
  streams: new Map([['container-1', '2 events, last at 2']]),
  totalEvents: 2,
  lastPosition: '2',
  tables: new Map([['berth_read.containers', ['(1,a)']]]),
  docker: new Map([['container /berth-1', '{"state":"running"}']]),
  quotas: new Map([['quota p', '{"containers":1}']]),
  ...over,
});

describe('comparing the state before and after the corpus', () => {
  it('finds nothing between two equal snapshots', () => {
    expect(differences(snapshot(), snapshot())).toEqual([]);
  });

  it('names every kind of change, one line each', () => {
    const after = snapshot({
      streams: new Map([
        ['container-1', '3 events, last at 3'],
        ['container-2', '1 events, last at 4'],
      ]),
      totalEvents: 4,
      lastPosition: '4',
      tables: new Map([['berth_read.containers', ['(1,a)', '(2,b)']]]),
      docker: new Map([['container /berth-1', '{"state":"exited"}']]),
      quotas: new Map([['quota p', '{"containers":2}']]),
    });
    const lines = differences(snapshot(), after);
    expect(lines).toEqual([
      'event log: 2 events (last at 2) became 4 (last at 4)',
      'stream: container-1 changed: 2 events, last at 2 -> 3 events, last at 3',
      'stream: new container-2: 1 events, last at 4',
      'table berth_read.containers: 1 rows became 2 (+1 -0); added e.g. (2,b)',
      'docker: container /berth-1 changed: {"state":"running"} -> {"state":"exited"}',
      'quotas: quota p changed: {"containers":1} -> {"containers":2}',
    ]);
  });
});
