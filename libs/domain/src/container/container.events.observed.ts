import { ContainerStatus } from './container-status';
import { ContainerEventV1, Timed } from './container.events.base';

/**
 * Facts compute observes in Docker that nobody asked for. They carry no request_id and never
 * touch the pending action: only that action's own outcome closes it.
 */

export type ContainerExited = ContainerEventV1<
  'ContainerExited',
  Timed & {
    exit_code: number;
    oom_killed: boolean;
    /** Docker's State.FinishedAt; `at` is when compute saw the die event. */
    finished_at: string;
  }
>;

export type ContainerRestartedByPolicy = ContainerEventV1<
  'ContainerRestartedByPolicy',
  Timed & { restart_count: number }
>;

/** The Docker container is gone (auto_remove after exit, or removed behind Berth's back). */
export type ContainerRemovedByDocker = ContainerEventV1<
  'ContainerRemovedByDocker',
  Timed & { reason: string }
>;

/** Boot-time reconciliation found Docker disagreeing with the log; Docker wins. */
export type ContainerStatusReconciled = ContainerEventV1<
  'ContainerStatusReconciled',
  Timed & { status: ContainerStatus; status_reason: string | null }
>;

export type ContainerObservedEvent =
  | ContainerExited
  | ContainerRestartedByPolicy
  | ContainerRemovedByDocker
  | ContainerStatusReconciled;
