import { decide } from './container.decide';
import { ActionInProgress, ContainerNotFound, ContainerNotPlaced } from './container.errors';
import { ContainerActionName } from './container.actions';
import { aContainer, commands, createRequested, fold, T1, UUID } from './container.test-fixtures';
import { PendingAction } from './container.state';

const pendingStart: PendingAction = {
  request_id: 'req-0',
  action: 'start',
  requested_at: 'T',
  previous_status: 'Stopped',
};

describe('decide refuses what does not exist', () => {
  const everyCommand = Object.entries(commands).filter(([name]) => name !== 'create');

  it.each(everyCommand)('%s of a never-created container is 404', (_name, command) => {
    expect(() => decide({ exists: false }, command())).toThrow(ContainerNotFound);
    expect(() => decide({ exists: false }, command())).toThrow(
      `Container ${UUID} could not be found.`,
    );
  });

  it.each(everyCommand)('%s of a deleted container is 404', (_name, command) => {
    const deleted = aContainer({ status: 'Deleted', deleted: true });
    expect(() => decide(deleted, command())).toThrow(ContainerNotFound);
  });
});

describe('decide allows one action at a time', () => {
  const whileBusy: [string, () => ReturnType<typeof commands.start>, string][] = [
    ['start', commands.start, 'Stopped'],
    ['stop', commands.stop, 'Running'],
    ['reboot', commands.reboot, 'Running'],
    ['pause', commands.pause, 'Running'],
    ['unpause', commands.unpause, 'Paused'],
    ['kill', commands.kill, 'Running'],
    ['rebuild', commands.rebuild, 'Running'],
    ['update', commands.update, 'Running'],
    ['rename', () => commands.rename('other'), 'Running'],
    ['commit', commands.commit, 'Running'],
    ['delete', () => commands.delete(), 'Stopped'],
    ['delete?stop', () => commands.delete(false, true), 'Running'],
  ];

  it.each(whileBusy)('refuses %s while another action is pending', (name, command, status) => {
    const busy = aContainer({
      status: status as 'Running',
      pending: pendingStart,
      task_state: 'container_starting',
    });
    const action = name.split('?')[0] as ContainerActionName;
    expect(() => decide(busy, command())).toThrow(ActionInProgress);
    expect(() => decide(busy, command())).toThrow(
      `Cannot ${action} container ${UUID}: action start is in progress (request req-0)`,
    );
  });

  it('lets an exec run beside a pending action, as Zun runs execs side by side', () => {
    const busy = aContainer({
      status: 'Running',
      pending: pendingStart,
      task_state: 'container_starting',
    });
    expect(decide(busy, commands.exec()).map((e) => e.type)).toEqual(['ContainerExecRequested']);
  });

  it('gives the refusal a 409 and a kebab code', () => {
    const busy = aContainer({ status: 'Running', pending: pendingStart });
    try {
      decide(busy, commands.stop());
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toMatchObject({ status: 409, code: 'action-in-progress' });
    }
  });
});

describe('decide for a forced delete', () => {
  it('closes the pending action with its failure before requesting the delete', () => {
    const busy = aContainer({ status: 'Running', pending: pendingStart });
    expect(decide(busy, commands.delete(true))).toEqual([
      {
        type: 'ContainerStartFailed',
        version: 1,
        data: {
          request_id: 'req-0',
          at: T1,
          reason: 'Superseded by a forced delete (request req-1)',
        },
      },
      {
        type: 'ContainerDeleteRequested',
        version: 1,
        data: { request_id: 'req-1', at: T1, force: true, stop: false },
      },
    ]);
  });

  it('supersedes a pending create, whose failure carries no docker id', () => {
    const creating = fold([createRequested('req-0')]);
    const events = decide(creating, commands.delete(true));
    expect(events[0]).toEqual({
      type: 'ContainerCreateFailed',
      version: 1,
      data: expect.objectContaining({ request_id: 'req-0', docker_id: null }),
    });
    expect(events[1]?.type).toBe('ContainerDeleteRequested');
  });

  it('yields only the delete request when nothing is pending', () => {
    const events = decide(aContainer({ status: 'Running' }), commands.delete(true));
    expect(events.map((e) => e.type)).toEqual(['ContainerDeleteRequested']);
  });

  it('still checks the status while pending: a Paused container is refused', () => {
    const paused = aContainer({ status: 'Paused', pending: pendingStart });
    expect(() => decide(paused, commands.delete(true))).toThrow(
      `Cannot delete_force container ${UUID} in Paused state`,
    );
  });

  it('with stop=true too is allowed while pending', () => {
    const busy = aContainer({ status: 'Running', pending: pendingStart });
    expect(decide(busy, commands.delete(true, true)).map((e) => e.type)).toEqual([
      'ContainerStartFailed',
      'ContainerDeleteRequested',
    ]);
  });
});

describe('decide for the delete of a container no host took', () => {
  const unplaced = aContainer({ status: 'Error', host: '', docker_id: null });

  it.each([
    ['plain', commands.delete()],
    ['forced', commands.delete(true)],
    ['after a stop', commands.delete(false, true)],
  ])(
    'records the %s delete done at once: there is nothing on any engine to remove',
    (_, command) => {
      expect(decide(unplaced, command).map((e) => e.type)).toEqual([
        'ContainerDeleteRequested',
        'ContainerDeleted',
      ]);
    },
  );

  it.each([
    ['start', commands.start()],
    ['reboot', commands.reboot()],
    ['rebuild', commands.rebuild()],
  ])('refuses a %s with 409: no compute would ever carry it out', (_, command) => {
    expect(() => decide(unplaced, command)).toThrow(ContainerNotPlaced);
  });

  it('still renames it: the log alone holds the name', () => {
    expect(decide(unplaced, commands.rename()).map((e) => e.type)).toEqual([
      'ContainerRenameRequested',
      'ContainerRenamed',
    ]);
  });

  it('leaves a container placed on a host to that host’s compute', () => {
    const placed = aContainer({ status: 'Error', docker_id: null });
    expect(decide(placed, commands.delete()).map((e) => e.type)).toEqual([
      'ContainerDeleteRequested',
    ]);
  });
});
