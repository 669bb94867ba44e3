import { CONTAINER_STATUSES, ContainerStatus } from './container-status';
import { ContainerNotFound, InvalidStateError } from './container.errors';
import { aContainer, UUID } from './container.test-fixtures';
import {
  STATE_CHECKED_ACTIONS,
  StateCheckedAction,
  VALID_STATES,
  assertActionAllowed,
  isActionAllowedIn,
} from './valid-states';

/** Zun's table, transcribed independently (zun/common/utils.py VALID_STATES). */
const ZUN: Record<StateCheckedAction, string> = {
  commit: 'Running Stopped Paused',
  delete: 'Created Error Stopped Deleted Dead',
  delete_force:
    'Created Creating Error Running Stopped Unknown Deleted Dead Restarting Rebuilding Deleting',
  delete_after_stop: 'Running Created Error Stopped Deleted Dead',
  start: 'Created Stopped Error',
  stop: 'Running',
  reboot: 'Created Running Stopped Error',
  rebuild: 'Created Running Stopped Error',
  pause: 'Running',
  unpause: 'Paused',
  kill: 'Running',
  execute: 'Running',
  execute_resize: 'Running',
  update: 'Created Running Stopped Paused',
  attach: 'Running',
  resize: 'Running',
  top: 'Running',
  get_archive: 'Created Paused Running Stopped',
  put_archive: 'Created Paused Running Stopped',
  logs: 'Created Error Paused Running Stopped Unknown',
  stats: 'Running',
  add_security_group: 'Created Running Stopped Paused',
  remove_security_group: 'Created Running Stopped Paused',
  resize_container: 'Created Running Stopped Paused',
};

const cases: [StateCheckedAction, ContainerStatus, boolean][] = STATE_CHECKED_ACTIONS.flatMap(
  (action) =>
    CONTAINER_STATUSES.map((status): [StateCheckedAction, ContainerStatus, boolean] => [
      action,
      status,
      ZUN[action].split(' ').includes(status),
    ]),
);

describe('VALID_STATES', () => {
  it('has exactly the keys Zun has', () => {
    expect([...STATE_CHECKED_ACTIONS].sort()).toEqual(Object.keys(ZUN).sort());
  });

  it('names only real statuses', () => {
    for (const statuses of Object.values(VALID_STATES)) {
      for (const status of statuses) expect(CONTAINER_STATUSES).toContain(status);
    }
  });

  it.each(cases)('%s from %s is allowed: %s', (action, status, allowed) => {
    expect(isActionAllowedIn(status, action)).toBe(allowed);
  });

  it('refuses a force delete of a Paused container, as Zun does', () => {
    expect(isActionAllowedIn('Paused', 'delete_force')).toBe(false);
  });
});

describe('assertActionAllowed', () => {
  it.each(cases)('%s from %s throws unless allowed (%s)', (action, status, allowed) => {
    const check = (): void => assertActionAllowed(aContainer({ status }), action, 'web');
    if (allowed) expect(check).not.toThrow();
    else expect(check).toThrow(InvalidStateError);
  });

  it('words the refusal as Zun does, naming the uuid and the status', () => {
    try {
      assertActionAllowed(aContainer({ status: 'Stopped' }), 'top', 'web');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidStateError);
      const refusal = error as InvalidStateError;
      expect(refusal.message).toBe(`Cannot top container ${UUID} in Stopped state`);
      expect(refusal.code).toBe('invalid-state-exception');
      expect(refusal.status).toBe(409);
    }
  });

  it('answers 404 with the ident the user typed for a stream that was never created', () => {
    const check = (): void => assertActionAllowed({ exists: false }, 'logs', 'nope');
    expect(check).toThrow(ContainerNotFound);
    expect(check).toThrow('Container nope could not be found.');
  });

  it('answers 404 for a deleted container', () => {
    const deleted = aContainer({ status: 'Deleted', deleted: true });
    expect(() => assertActionAllowed(deleted, 'logs', 'web')).toThrow(ContainerNotFound);
  });
});
