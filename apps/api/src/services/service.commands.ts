import type { ServiceKey } from './service-params';
import type { ServicePatch } from './service-store';

/** An admin flag of a compute service changed: enabled, disabled (with a reason), forced down. */
export class UpdateServiceCommand {
  constructor(
    readonly key: ServiceKey,
    readonly patch: ServicePatch,
  ) {}
}

/** A compute service's row deleted; a running compute registers again at its next heartbeat. */
export class DeleteServiceCommand {
  constructor(readonly key: ServiceKey) {}
}
