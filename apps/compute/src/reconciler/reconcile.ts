import type { ContainerEvent, ContainerState, ContainerStatus } from '@berth/domain';
import type { ContainerSnapshot } from '@berth/drivers';
import { observe } from '../observer/observe';

/** What the boot reconciler should do about one container. */
export type Reconciliation =
  /** Log and Docker agree, or something else (a pending action) will settle it. */
  | { kind: 'none' }
  /** Docker disagrees with the log: record what Docker says (Docker wins). */
  | { kind: 'append'; events: ContainerEvent[] }
  /** The stream says the user deleted it; Docker still holds it: finish the user's intent. */
  | { kind: 'remove'; reason: string }
  /** A Berth-labelled Docker container the log cannot vouch for: leave it, say so. */
  | { kind: 'warn'; reason: string };

const NONE: Reconciliation = { kind: 'none' };

/**
 * The status Zun's docker driver shows for a Docker state (zun/container/docker/driver.py,
 * `_populate_container_state`): a container never started is Created, one that ran and ended is
 * Stopped.
 */
export function statusOfDocker(snapshot: ContainerSnapshot): ContainerStatus {
  switch (snapshot.status) {
    case 'running':
      return 'Running';
    case 'paused':
      return 'Paused';
    case 'restarting':
      return 'Restarting';
    case 'dead':
      return 'Dead';
    case 'created':
      return snapshot.startedAt ? 'Stopped' : 'Created';
    case 'exited':
    case 'removing':
      return 'Stopped';
  }
}

/**
 * Whether the log's status already says what Docker shows. A container Docker is restarting by
 * its policy is still Running to Berth, as the observer and a kill's outcome read it (`goesOn`):
 * otherwise a sync that lands in the restart's backoff would flip it to Restarting and back, and
 * refuse a stop in between.
 */
export function agreesWithDocker(status: string, snapshot: ContainerSnapshot): boolean {
  if (status === 'Running' && snapshot.status === 'restarting') return true;
  return status === statusOfDocker(snapshot);
}

/**
 * Decides, on compute start, how the log must catch up with what Docker did while compute was not
 * watching. `docker` is the engine's view of the container now (undefined when the engine has no
 * container with this uuid); `state` is the container's stream folded, and `history` what else
 * its stream says about this host. It removes only what the log says the user deleted, and what a
 * create attempt given up here left behind (never recorded, the create went on elsewhere).
 */
export function reconcile(
  hostname: string,
  state: ContainerState,
  docker: ContainerSnapshot | undefined,
  at: string,
  history: { attemptFailedHere: boolean } = { attemptFailedHere: false },
): Reconciliation {
  if (!state.exists) {
    if (!docker) return NONE;
    return {
      kind: 'warn',
      reason: 'Docker holds a Berth-labelled container that has no stream in the log; left alone',
    };
  }
  if (state.host !== hostname) {
    if (!docker) return NONE;
    // A create attempt here was given up (this compute was down) and the create went on elsewhere:
    // what it made here was never recorded, and the container the log knows is on that host.
    if (history.attemptFailedHere) {
      return {
        kind: 'remove',
        reason: `left by a create attempt given up here; the log places it on host ${state.host}`,
      };
    }
    return {
      kind: 'warn',
      reason: `the log places this container on host ${state.host}, not ${hostname}; left alone`,
    };
  }
  if (state.deleted) {
    if (!docker) return NONE;
    return { kind: 'remove', reason: 'the log records its deletion; Docker still held it' };
  }
  // The pending action's request will be redelivered (the checkpoint is before it): its outcome
  // will say what happened, and anything observed now would race it.
  if (state.pending) return NONE;

  if (!docker) {
    // Nothing was ever created (a create that failed before Docker had it), or already recorded.
    if (state.docker_id === null || state.status === 'Deleted') return NONE;
    const gone = { kind: 'destroyed' as const, dockerId: state.docker_id };
    return { kind: 'append', events: observe(state, gone, at) };
  }

  if (agreesWithDocker(state.status, docker)) return NONE;
  const status = statusOfDocker(docker);
  // A create whose start failed left a never-started container: the failure is the better story.
  if (state.status === 'Error' && status === 'Created') return NONE;

  if ((state.status === 'Running' || state.status === 'Paused') && status === 'Stopped') {
    return {
      kind: 'append',
      events: [
        {
          type: 'ContainerExited',
          version: 1,
          data: {
            at,
            exit_code: docker.exitCode,
            oom_killed: docker.oomKilled,
            finished_at: (docker.finishedAt ?? new Date(at)).toISOString(),
          },
        },
      ],
    };
  }
  return {
    kind: 'append',
    events: [
      {
        type: 'ContainerStatusReconciled',
        version: 1,
        data: {
          at,
          status,
          status_reason:
            docker.error ||
            (status === 'Running'
              ? null
              : `Docker reports the container ${docker.status} (found on compute start)`),
        },
      },
    ],
  };
}
