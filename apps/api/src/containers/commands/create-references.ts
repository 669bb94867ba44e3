import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@berth/domain';
import { PG_POOL, PLATFORM_CONFIG, type PlatformConfig } from '@berth/platform';
import type { Pool } from 'pg';

/** Zun's RequestedHostNotFound (404), raised by its API before anything is scheduled. */
export class RequestedHostNotFound extends DomainError {
  readonly code: string = 'requested-host-not-found';
  readonly status: number = 404;
  constructor(readonly host: string) {
    super(`Requested host ${host} could not be found.`);
  }
}

/** An availability zone no service is in: no host could ever take the container. */
export class AvailabilityZoneNotFound extends DomainError {
  readonly code: string = 'availability-zone-not-found';
  readonly status: number = 404;
  constructor(readonly zone: string) {
    super(`Availability zone ${zone} could not be found.`);
  }
}

/**
 * What a create names that must exist before it is accepted: the requested host (Zun's
 * `_validate_host`, a compute node of that name) and the availability zone. Otherwise the
 * create would be accepted and fail at the scheduler, leaving a container in Error behind.
 */
@Injectable()
export class CreateReferences {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
  ) {}

  async assertHost(hostname: string): Promise<void> {
    const { rowCount } = await this.pool.query(
      `SELECT 1 FROM "${this.platform.readSchema}".hosts WHERE hostname = $1`,
      [hostname],
    );
    if (!rowCount) throw new RequestedHostNotFound(hostname);
  }

  async assertAvailabilityZone(zone: string): Promise<void> {
    const { rowCount } = await this.pool.query(
      `SELECT 1 FROM "${this.platform.opsSchema}".services WHERE availability_zone = $1 LIMIT 1`,
      [zone],
    );
    if (!rowCount) throw new AvailabilityZoneNotFound(zone);
  }
}
