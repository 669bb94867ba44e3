import { DomainError } from '../shared';

/** Zun answers these with its `Invalid` (400), worded as Zun words them. */

export class NetworkAlreadyConnected extends DomainError {
  readonly code = 'invalid';
  readonly status = 400;

  constructor(
    readonly network: string,
    readonly container: string,
  ) {
    super(`Network '${network}' is already connected to container '${container}'.`);
  }
}

export class NetworkNotAttached extends DomainError {
  readonly code = 'invalid';
  readonly status = 400;

  constructor(
    readonly network: string,
    readonly container: string,
  ) {
    super(`Network '${network}' is not attached to container '${container}'.`);
  }
}

/** A port here is a Docker endpoint id, shown as `port_id` by network_list. */
export class PortNotAttached extends DomainError {
  readonly code = 'invalid';
  readonly status = 400;

  constructor(
    readonly port: string,
    readonly container: string,
  ) {
    super(`Port '${port}' is not attached to container '${container}'.`);
  }
}
