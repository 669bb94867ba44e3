import { ContainerEvent } from './container.events';
import { containerDecider } from './container.decider';
import { InvalidStateError } from './container.errors';
import { commands, T2 } from './container.test-fixtures';

const { decide, evolve, initialState } = containerDecider;

describe('containerDecider', () => {
  it('runs a create to Running and a stop, deciding each step from the folded log', () => {
    const log: ContainerEvent[] = decide(initialState(), commands.create());
    const fold = (): ReturnType<typeof initialState> => log.reduce(evolve, initialState());
    expect(() => decide(fold(), commands.start())).toThrow(InvalidStateError);

    log.push({
      type: 'ContainerCreated',
      version: 1,
      data: {
        request_id: 'req-1',
        at: T2,
        docker_id: 'd',
        image_id: null,
        addresses: {},
        ports: [],
        running: true,
      },
    });
    expect(fold()).toMatchObject({ status: 'Running', pending: null });

    log.push(...decide(fold(), commands.stop()));
    expect(fold()).toMatchObject({ status: 'Running', task_state: 'container_stopping' });
  });
});
