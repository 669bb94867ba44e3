import { ContainerStatus, TaskState } from './container-status';
import { ContainerEvent } from './container.events';
import {
  aContainer,
  foldPresent,
  outcomeEvent,
  requestEvent,
  T1,
  T2,
} from './container.test-fixtures';

const req = requestEvent;
const out = outcomeEvent;

/** [request, from status, task while pending, status while pending, success, status after]. */
const ROUND_TRIPS: [
  string,
  ContainerStatus,
  TaskState | null,
  ContainerStatus,
  ContainerEvent,
  ContainerStatus,
][] = [
  [
    'ContainerStartRequested',
    'Stopped',
    'container_starting',
    'Stopped',
    out('ContainerStarted'),
    'Running',
  ],
  [
    'ContainerStopRequested',
    'Running',
    'container_stopping',
    'Running',
    out('ContainerStopped', { exit_code: 0 }),
    'Stopped',
  ],
  [
    'ContainerRebootRequested',
    'Stopped',
    'container_rebooting',
    'Stopped',
    out('ContainerRebooted'),
    'Running',
  ],
  [
    'ContainerPauseRequested',
    'Running',
    'container_pausing',
    'Running',
    out('ContainerPaused'),
    'Paused',
  ],
  [
    'ContainerUnpauseRequested',
    'Paused',
    'container_unpausing',
    'Paused',
    out('ContainerUnpaused'),
    'Running',
  ],
  [
    'ContainerKillRequested',
    'Running',
    'container_killing',
    'Running',
    out('ContainerKilled'),
    'Stopped',
  ],
  [
    'ContainerDeleteRequested',
    'Stopped',
    'container_deleting',
    'Deleting',
    out('ContainerDeleted'),
    'Deleted',
  ],
  [
    'ContainerRebuildRequested',
    'Running',
    'container_rebuilding',
    'Rebuilding',
    out('ContainerRebuilt', { docker_id: 'd2', image: 'i2' }),
    'Running',
  ],
  [
    'ContainerRebuildRequested',
    'Stopped',
    'container_rebuilding',
    'Rebuilding',
    out('ContainerRebuilt', { docker_id: 'd2', image: 'i2' }),
    'Created',
  ],
  [
    'ContainerUpdateRequested',
    'Running',
    null,
    'Running',
    out('ContainerUpdated', { patch: {} }),
    'Running',
  ],
  [
    'ContainerRenameRequested',
    'Stopped',
    null,
    'Stopped',
    out('ContainerRenamed', { name: 'n' }),
    'Stopped',
  ],
  [
    'ContainerCommitRequested',
    'Paused',
    null,
    'Paused',
    out('ContainerCommitted', { image_id: 'sha' }),
    'Paused',
  ],
];

describe('evolve of each request and its success', () => {
  it.each(ROUND_TRIPS)(
    '%s from %s shows task %s and status %s until its success settles it',
    (request, from, task, during, success, after) => {
      const pending = foldPresent(
        [req(request)],
        aContainer({ status: from, status_reason: 'old' }),
      );
      expect(pending).toMatchObject({ status: during, task_state: task, updated_at: T1 });
      expect(pending.pending).toEqual({
        request_id: 'req-1',
        action: request.replace(/^Container|Requested$/g, '').toLowerCase(),
        requested_at: T1,
        previous_status: from,
      });
      const settled = foldPresent([success], pending);
      expect(settled).toMatchObject({
        status: after,
        task_state: null,
        pending: null,
        updated_at: T2,
      });
    },
  );
});
