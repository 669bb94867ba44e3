import { CONTAINER_STATUSES, ContainerStatus } from './container-status';
import { ContainerCommand } from './container.commands';
import { decide } from './container.decide';
import { ContainerEventType } from './container.events';
import { InvalidStateError } from './container.errors';
import { aContainer, commands, UUID } from './container.test-fixtures';
import { StateCheckedAction, VALID_STATES } from './valid-states';

/** Each state-checked command, the VALID_STATES key Zun checks for it, and its request event. */
const TABLE: [string, () => ContainerCommand, StateCheckedAction, ContainerEventType][] = [
  ['start', commands.start, 'start', 'ContainerStartRequested'],
  ['stop', commands.stop, 'stop', 'ContainerStopRequested'],
  ['reboot', commands.reboot, 'reboot', 'ContainerRebootRequested'],
  ['pause', commands.pause, 'pause', 'ContainerPauseRequested'],
  ['unpause', commands.unpause, 'unpause', 'ContainerUnpauseRequested'],
  ['kill', commands.kill, 'kill', 'ContainerKillRequested'],
  ['rebuild', commands.rebuild, 'rebuild', 'ContainerRebuildRequested'],
  ['update', commands.update, 'update', 'ContainerUpdateRequested'],
  ['exec', commands.exec, 'execute', 'ContainerExecRequested'],
  ['commit', commands.commit, 'commit', 'ContainerCommitRequested'],
  ['delete', () => commands.delete(), 'delete', 'ContainerDeleteRequested'],
  [
    'delete?stop',
    () => commands.delete(false, true),
    'delete_after_stop',
    'ContainerDeleteRequested',
  ],
  ['delete?force', () => commands.delete(true, false), 'delete_force', 'ContainerDeleteRequested'],
  // Zun's precedence: stop wins over force.
  [
    'delete?force&stop',
    () => commands.delete(true, true),
    'delete_after_stop',
    'ContainerDeleteRequested',
  ],
];

const cases = TABLE.flatMap(([name, command, key, requested]) =>
  CONTAINER_STATUSES.map(
    (
      status,
    ): [
      string,
      ContainerStatus,
      boolean,
      () => ContainerCommand,
      StateCheckedAction,
      ContainerEventType,
    ] => [
      name,
      status,
      (VALID_STATES[key] as readonly ContainerStatus[]).includes(status),
      command,
      key,
      requested,
    ],
  ),
);

describe('decide checks the status against VALID_STATES', () => {
  it.each(cases)(
    '%s of a %s container is accepted: %s',
    (_name, status, allowed, command, key, requested) => {
      const decision = (): unknown => decide(aContainer({ status }), command());
      if (allowed) {
        const events = decide(aContainer({ status }), command());
        expect(events[0]?.type).toBe(requested);
      } else {
        expect(decision).toThrow(InvalidStateError);
        expect(decision).toThrow(`Cannot ${key} container ${UUID} in ${status} state`);
      }
    },
  );
});

describe('decide for rename', () => {
  it.each(CONTAINER_STATUSES)(
    'accepts a rename in %s, since Zun checks no status for it',
    (status) => {
      const events = decide(aContainer({ status }), commands.rename('other'));
      expect(events.map((e) => e.type)).toEqual(['ContainerRenameRequested', 'ContainerRenamed']);
    },
  );
});
