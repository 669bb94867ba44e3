import { projectImageRepository } from '../image/image-namespace';
import { decide } from './container.decide';
import { ContainerAlreadyExists, ContainerNameUnchanged } from './container.errors';
import { aContainer, commands, createRequested, fold, T1, UUID } from './container.test-fixtures';

describe('decide for create', () => {
  it('requests the create on an empty stream, carrying the whole command', () => {
    const command = commands.create();
    const [event, ...rest] = decide({ exists: false }, command);
    expect(rest).toEqual([]);
    expect(event).toEqual({
      type: 'ContainerCreateRequested',
      version: 1,
      data: { ...command.data },
    });
  });

  it('refuses a stream that already has a container (409)', () => {
    const existing = fold([createRequested()]);
    expect(() => decide(existing, commands.create())).toThrow(ContainerAlreadyExists);
    expect(() => decide(existing, commands.create())).toThrow(
      `A container with uuid ${UUID} already exists.`,
    );
  });

  it('refuses the uuid of a deleted container too', () => {
    const deleted = aContainer({ status: 'Deleted', deleted: true });
    expect(() => decide(deleted, commands.create())).toThrow(ContainerAlreadyExists);
  });
});

describe('decide for update', () => {
  const running = aContainer({ status: 'Running' });
  const types = (patch: Parameters<typeof commands.update>[0]): string[] =>
    decide(running, commands.update(patch)).map((e) => e.type);

  it('decides a name-only patch at once: request and outcome', () => {
    expect(types({ name: 'api' })).toEqual(['ContainerUpdateRequested', 'ContainerUpdated']);
  });

  it('decides an auto_heal-only patch at once', () => {
    expect(types({ auto_heal: true })).toEqual(['ContainerUpdateRequested', 'ContainerUpdated']);
  });

  it('leaves a cpu patch to compute: request only', () => {
    expect(types({ cpu: 2 })).toEqual(['ContainerUpdateRequested']);
  });

  it('leaves a memory patch with a name to compute as one action', () => {
    expect(types({ memory: 512, name: 'api' })).toEqual(['ContainerUpdateRequested']);
  });

  it('pairs request and outcome with the same request_id and patch', () => {
    const [requested, updated] = decide(running, commands.update({ name: 'api' }));
    expect(requested?.data).toEqual({ request_id: 'req-1', at: T1, patch: { name: 'api' } });
    expect(updated?.data).toEqual(requested?.data);
  });
});

describe('decide for rename', () => {
  it('decides request and outcome at once', () => {
    const events = decide(aContainer({ status: 'Running' }), commands.rename('api'));
    expect(events).toEqual([
      {
        type: 'ContainerRenameRequested',
        version: 1,
        data: { request_id: 'req-1', at: T1, name: 'api' },
      },
      { type: 'ContainerRenamed', version: 1, data: { request_id: 'req-1', at: T1, name: 'api' } },
    ]);
  });

  it('refuses the current name with a Conflict, as Zun does', () => {
    const check = (): unknown => decide(aContainer({ name: 'web' }), commands.rename('web'));
    expect(check).toThrow(ContainerNameUnchanged);
    expect(check).toThrow('The new name for the container is the same as the old name.');
  });
});

describe('decide carries each command’s parameters into its request', () => {
  const running = aContainer({ status: 'Running' });
  const base = { request_id: 'req-1', at: T1 };

  it.each([
    ['stop', commands.stop, { ...base, timeout: 10 }],
    ['kill', commands.kill, { ...base, signal: 'SIGTERM' }],
    ['rebuild', commands.rebuild, { ...base, image: 'busybox:2', image_driver: 'docker' }],
    ['exec', commands.exec, { ...base, command: ['echo', 'hi'], interactive: false }],
    [
      'commit',
      commands.commit,
      {
        ...base,
        repository: projectImageRepository('p1', 'repo'),
        tag: 'v1',
        image_uuid: 'img-uuid',
      },
    ],
    ['pause', commands.pause, base],
  ])('%s', (_name, command, data) => {
    expect(decide(running, command())).toEqual([expect.objectContaining({ version: 1, data })]);
  });

  it('reboot', () => {
    expect(decide(running, commands.reboot())[0]?.data).toEqual({ ...base, timeout: 5 });
  });

  it('start, unpause', () => {
    expect(decide(aContainer({ status: 'Stopped' }), commands.start())[0]?.data).toEqual(base);
    expect(decide(aContainer({ status: 'Paused' }), commands.unpause())[0]?.data).toEqual(base);
  });
});
