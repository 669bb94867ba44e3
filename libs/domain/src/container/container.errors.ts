import { DomainError } from '../shared';
import { ContainerStatus } from './container-status';
import { PendingAction } from './container.state';

/** Codes are Zun's faultstrings (kebab-case of the exception class) so clients see the same. */

export class ContainerNotFound extends DomainError {
  readonly code = 'container-not-found';
  readonly status = 404;

  constructor(readonly ident: string) {
    super(`Container ${ident} could not be found.`);
  }
}

/** Zun's InvalidStateException; the message has no final period, exactly as Zun's has none. */
export class InvalidStateError extends DomainError {
  readonly code = 'invalid-state-exception';
  readonly status = 409;

  constructor(
    /** The VALID_STATES key, as Zun prints it (e.g. `delete_force`, `execute`). */
    readonly action: string,
    readonly uuid: string,
    readonly actualState: ContainerStatus,
  ) {
    super(`Cannot ${action} container ${uuid} in ${actualState} state`);
  }
}

/** Berth's own: one action at a time per container, so outcomes can never interleave. */
export class ActionInProgress extends DomainError {
  readonly code = 'action-in-progress';
  readonly status = 409;

  constructor(
    readonly action: string,
    readonly uuid: string,
    readonly pending: PendingAction,
  ) {
    super(
      `Cannot ${action} container ${uuid}: action ${pending.action} is in progress ` +
        `(request ${pending.request_id})`,
    );
  }
}

/**
 * Berth's own: an action that runs on the container's host, asked of a container no host took
 * (its create ended in Error at placement). There is no compute to ask, so it would never end.
 */
export class ContainerNotPlaced extends DomainError {
  readonly code = 'container-not-placed';
  readonly status = 409;

  constructor(
    readonly action: string,
    readonly uuid: string,
  ) {
    super(
      `Cannot ${action} container ${uuid}: no host took it when it was created, so there is ` +
        'nothing to act on. Delete it and create it again.',
    );
  }
}

export class ContainerAlreadyExists extends DomainError {
  readonly code = 'container-already-exists';
  readonly status = 409;

  constructor(readonly uuid: string) {
    super(`A container with uuid ${uuid} already exists.`);
  }
}

/** Zun answers a rename to the current name with a plain Conflict. */
export class ContainerNameUnchanged extends DomainError {
  readonly code = 'conflict';
  readonly status = 409;

  constructor(readonly requestedName: string) {
    super('The new name for the container is the same as the old name.');
  }
}
