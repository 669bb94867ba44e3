import { TaskState } from './container-status';
import {
  ContainerFailedEvent,
  ContainerRequestEvent,
  ContainerSucceededEvent,
} from './container.events.groups';

/** Action names as Zun records them in container_actions.action. */
export const CONTAINER_ACTIONS = [
  'create',
  'start',
  'stop',
  'reboot',
  'pause',
  'unpause',
  'kill',
  'delete',
  'rebuild',
  'update',
  'rename',
  'exec',
  'commit',
  'network_attach',
  'network_detach',
] as const;

export type ContainerActionName = (typeof CONTAINER_ACTIONS)[number];

export interface ContainerActionSpec {
  requested: ContainerRequestEvent['type'];
  succeeded: ContainerSucceededEvent['type'];
  failed: ContainerFailedEvent['type'];
  /** Task state while the action is pending; null where Zun has none (update, exec, ...). */
  task_state: TaskState | null;
  /** Name of the action-log event (Zun: `<prefix>_<function>`, e.g. compute__do_container_start). */
  zun_event: string;
}

/** Typed parameters: a misspelt event name fails to compile. */
function spec(
  requested: ContainerRequestEvent['type'],
  succeeded: ContainerSucceededEvent['type'],
  failed: ContainerFailedEvent['type'],
  task_state: TaskState | null,
  zun_event: string,
): ContainerActionSpec {
  return { requested, succeeded, failed, task_state, zun_event };
}

/** One row per action: its three event types, its task state and its action-log event name. */
export const CONTAINER_ACTION_SPECS: Readonly<Record<ContainerActionName, ContainerActionSpec>> = {
  create: spec(
    'ContainerCreateRequested',
    'ContainerCreated',
    'ContainerCreateFailed',
    'container_creating',
    'compute__do_container_create',
  ),
  start: spec(
    'ContainerStartRequested',
    'ContainerStarted',
    'ContainerStartFailed',
    'container_starting',
    'compute__do_container_start',
  ),
  stop: spec(
    'ContainerStopRequested',
    'ContainerStopped',
    'ContainerStopFailed',
    'container_stopping',
    'compute__do_container_stop',
  ),
  reboot: spec(
    'ContainerRebootRequested',
    'ContainerRebooted',
    'ContainerRebootFailed',
    'container_rebooting',
    'compute__do_container_reboot',
  ),
  pause: spec(
    'ContainerPauseRequested',
    'ContainerPaused',
    'ContainerPauseFailed',
    'container_pausing',
    'compute__do_container_pause',
  ),
  unpause: spec(
    'ContainerUnpauseRequested',
    'ContainerUnpaused',
    'ContainerUnpauseFailed',
    'container_unpausing',
    'compute__do_container_unpause',
  ),
  kill: spec(
    'ContainerKillRequested',
    'ContainerKilled',
    'ContainerKillFailed',
    'container_killing',
    'compute__do_container_kill',
  ),
  // Zun records no event for delete (it is not wrapped); Berth names it like the others.
  delete: spec(
    'ContainerDeleteRequested',
    'ContainerDeleted',
    'ContainerDeleteFailed',
    'container_deleting',
    'compute__do_container_delete',
  ),
  rebuild: spec(
    'ContainerRebuildRequested',
    'ContainerRebuilt',
    'ContainerRebuildFailed',
    'container_rebuilding',
    'compute__do_container_rebuild',
  ),
  update: spec(
    'ContainerUpdateRequested',
    'ContainerUpdated',
    'ContainerUpdateFailed',
    null,
    'compute_container_update',
  ),
  // A rename never reaches compute: the API decides it alone.
  rename: spec(
    'ContainerRenameRequested',
    'ContainerRenamed',
    'ContainerRenameFailed',
    null,
    'api_container_rename',
  ),
  exec: spec(
    'ContainerExecRequested',
    'ContainerExecuted',
    'ContainerExecFailed',
    null,
    'compute_container_exec',
  ),
  commit: spec(
    'ContainerCommitRequested',
    'ContainerCommitted',
    'ContainerCommitFailed',
    null,
    'compute__do_container_commit',
  ),
  network_attach: spec(
    'ContainerNetworkAttachRequested',
    'ContainerNetworkAttached',
    'ContainerNetworkAttachFailed',
    'network_attaching',
    'compute__do_network_attach',
  ),
  network_detach: spec(
    'ContainerNetworkDetachRequested',
    'ContainerNetworkDetached',
    'ContainerNetworkDetachFailed',
    'network_detaching',
    'compute__do_network_detach',
  ),
};
