import { DomainError } from '@berth/domain';

/**
 * network_attach waits for compute (Zun answers it 200 after the RPC), so a failure there is the
 * answer: Zun's generic ZunException (500) with compute's reason, which the action log keeps too.
 * It is no fault of the request, hence not a 4xx.
 */
export class NetworkAttachFailed extends DomainError {
  readonly code: string = 'zun-exception';
  readonly status: number = 500;
  constructor(network: string, container: string, reason: string) {
    super(`Failed to attach network '${network}' to container '${container}': ${reason}`);
  }
}
