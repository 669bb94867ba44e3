import { actionOf } from './container.action-phase';
import { CONTAINER_ACTIONS, CONTAINER_ACTION_SPECS } from './container.actions';
import {
  CONTAINER_EVENT_TYPES,
  containerStream,
  isContainerEvent,
  isContainerEventType,
} from './container.events';
import { TASK_STATES } from './container-status';

describe('containerStream', () => {
  it('is container-<uuid>', () => {
    expect(containerStream('abc')).toBe('container-abc');
  });
});

describe('CONTAINER_EVENT_TYPES', () => {
  it('lists 13 container and 2 network actions × 3 events plus 4 observed, 2 placement and 2 volume events, each once', () => {
    expect(CONTAINER_EVENT_TYPES).toHaveLength((13 + 2) * 3 + 4 + 2 + 2);
    expect(new Set(CONTAINER_EVENT_TYPES).size).toBe(CONTAINER_EVENT_TYPES.length);
  });

  it('names every event in the past tense or as a request', () => {
    for (const type of CONTAINER_EVENT_TYPES) expect(type).toMatch(/^Container[A-Z]\w+$/);
  });
});

describe('isContainerEvent', () => {
  it('accepts a container event of version 1', () => {
    expect(isContainerEvent({ type: 'ContainerStarted', version: 1, data: {} })).toBe(true);
  });

  it('rejects another aggregate’s event', () => {
    expect(isContainerEvent({ type: 'HostRegistered', version: 1, data: {} })).toBe(false);
  });

  it('rejects a version the domain does not know (it must be upcast first)', () => {
    expect(isContainerEvent({ type: 'ContainerStarted', version: 2, data: {} })).toBe(false);
  });

  it('is not fooled by Object.prototype names', () => {
    expect(isContainerEventType('toString')).toBe(false);
  });
});

describe('CONTAINER_ACTION_SPECS', () => {
  it.each(CONTAINER_ACTIONS)('names real event types and a real task state for %s', (action) => {
    const spec = CONTAINER_ACTION_SPECS[action];
    for (const type of [spec.requested, spec.succeeded, spec.failed]) {
      expect(CONTAINER_EVENT_TYPES).toContain(type);
    }
    if (spec.task_state !== null) expect(TASK_STATES).toContain(spec.task_state);
  });
});

describe('actionOf', () => {
  it('covers every event type', () => {
    for (const type of CONTAINER_EVENT_TYPES) expect(() => actionOf(type)).not.toThrow();
  });

  it.each([
    [
      'ContainerCreateRequested',
      { phase: 'request', action: 'create', zun_event: 'compute__do_container_create' },
    ],
    [
      'ContainerStarted',
      {
        phase: 'outcome',
        action: 'start',
        result: 'Success',
        zun_event: 'compute__do_container_start',
      },
    ],
    [
      'ContainerStopFailed',
      {
        phase: 'outcome',
        action: 'stop',
        result: 'Error',
        zun_event: 'compute__do_container_stop',
      },
    ],
    [
      'ContainerExecuted',
      { phase: 'outcome', action: 'exec', result: 'Success', zun_event: 'compute_container_exec' },
    ],
    [
      'ContainerRenamed',
      { phase: 'outcome', action: 'rename', result: 'Success', zun_event: 'api_container_rename' },
    ],
    ['ContainerExited', { phase: 'observed' }],
    ['ContainerRestartedByPolicy', { phase: 'observed' }],
    ['ContainerRemovedByDocker', { phase: 'observed' }],
    ['ContainerStatusReconciled', { phase: 'observed' }],
  ] as const)('places %s in the action log', (type, expected) => {
    expect(actionOf(type)).toEqual(expected);
  });

  it.each(CONTAINER_ACTIONS)('maps the three events of %s back to it', (action) => {
    const { requested, succeeded, failed } = CONTAINER_ACTION_SPECS[action];
    expect(actionOf(requested)).toMatchObject({ phase: 'request', action });
    expect(actionOf(succeeded)).toMatchObject({ phase: 'outcome', action, result: 'Success' });
    expect(actionOf(failed)).toMatchObject({ phase: 'outcome', action, result: 'Error' });
  });
});
