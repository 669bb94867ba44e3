import {
  healByRebuilding,
  type ContainerActionName,
  type ContainerEvent,
  type ContainerState,
} from '@berth/domain';

/** What Docker told us about a Berth container, with what inspect added. */
export type DockerFact = { dockerId: string } & (
  | {
      kind: 'died';
      exitCode: number;
      oomKilled: boolean;
      finishedAt: string;
      runningNow: boolean;
      /** Gone from the engine right after: a forced removal, whose destroy tells the story. */
      removed: boolean;
    }
  | { kind: 'started'; restartCount: number; runningNow: boolean }
  | { kind: 'destroyed' }
  /** Docker paused or unpaused it; `nowPaused`: what inspect shows when the fact is handled. */
  | { kind: 'paused' | 'unpaused'; nowPaused: boolean }
);

/**
 * Actions whose own Docker work makes Docker report these facts: their outcome tells the story.
 * Not a kill's death: its outcome reports only what Docker showed right after the signal, and the
 * process may end later or may not end at all. A die is recorded whenever the container is still
 * Running when it is handled: after a kill outcome that saw it running (one queue per container
 * puts the die behind the outcome), or before the kill was even tried (it then fails, as Docker
 * refuses to signal a stopped container), and never twice, as a Stopped container's die is none.
 */
const CAUSES: Record<DockerFact['kind'], readonly ContainerActionName[]> = {
  died: ['create', 'stop', 'reboot', 'delete', 'rebuild'],
  started: ['create', 'start', 'reboot', 'rebuild', 'unpause'],
  destroyed: ['create', 'delete', 'rebuild'],
  // Docker pauses and unpauses on its own account inside other actions (a stop of a paused
  // container unpauses it first): while any action is pending, its outcome tells.
  paused: ['pause', 'unpause', 'start', 'stop', 'reboot', 'kill', 'delete', 'rebuild', 'create'],
  unpaused: ['pause', 'unpause', 'start', 'stop', 'reboot', 'kill', 'delete', 'rebuild', 'create'],
};

/**
 * Decides which observed event, if any, a Docker fact becomes. Facts that Berth's own pending
 * action caused, or that the log already reflects, become nothing.
 */
export function observe(state: ContainerState, fact: DockerFact, at: string): ContainerEvent[] {
  if (!state.exists || state.deleted) return [];
  if (state.pending && CAUSES[fact.kind].includes(state.pending.action)) return [];
  // A fact about a Docker container the log has already replaced (a rebuild) is old news.
  if (state.docker_id !== null && fact.dockerId !== state.docker_id) return [];
  // Nor is the removal of one the log never held: a failed create removes what it half-made, and
  // Docker's event of that can arrive after the create's failure is recorded.
  if (fact.kind === 'destroyed' && state.docker_id === null) return [];
  // Docker's events arrive late: a die from a reboot can follow the reboot's own outcome. What the
  // engine says now is the truth the fact must still match.
  if (fact.kind === 'died' && (fact.runningNow || fact.removed)) return [];
  if (fact.kind === 'started' && !fact.runningNow) return [];
  switch (fact.kind) {
    case 'died':
      if (state.status !== 'Running' && state.status !== 'Paused') return [];
      return [
        {
          type: 'ContainerExited',
          version: 1,
          data: {
            at,
            exit_code: fact.exitCode,
            oom_killed: fact.oomKilled,
            finished_at: fact.finishedAt,
          },
        },
      ];
    case 'started':
      if (state.status === 'Running') return [];
      return [
        {
          type: 'ContainerRestartedByPolicy',
          version: 1,
          data: { at, restart_count: fact.restartCount },
        },
      ];
    case 'paused':
    case 'unpaused': {
      // What Docker shows now is the truth: a pause undone since reports nothing.
      const status = fact.nowPaused ? 'Paused' : 'Running';
      if (fact.kind !== (fact.nowPaused ? 'paused' : 'unpaused')) return [];
      if (state.status === status || !['Running', 'Paused'].includes(state.status)) return [];
      return [
        {
          type: 'ContainerStatusReconciled',
          version: 1,
          data: {
            at,
            status,
            status_reason: fact.nowPaused ? 'Paused in Docker outside Berth' : null,
          },
        },
      ];
    }
    case 'destroyed':
      return (
        healByRebuilding(state, fact.dockerId, at) ?? [
          {
            type: 'ContainerRemovedByDocker',
            version: 1,
            data: {
              at,
              reason: state.spec.auto_remove
                ? 'Removed by Docker after it exited (auto_remove)'
                : 'The Docker container was removed outside Berth',
            },
          },
        ]
      );
  }
}
