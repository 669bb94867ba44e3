import { Controller, Get } from '@nestjs/common';
import { enforce } from '../auth/policy';
import { Ctx, RequestContext } from '../request-context';
import { ServiceStore } from '../services/service-store';

export interface AvailabilityZoneView {
  availability_zone: string;
}

/** Zun's /v1/availability_zones: the zones the registered services are in. */
@Controller('v1/availability_zones')
export class AvailabilityZonesController {
  constructor(private readonly services: ServiceStore) {}

  @Get()
  async list(@Ctx() ctx: RequestContext): Promise<{ availability_zones: AvailabilityZoneView[] }> {
    // Zun's availability_zones:get_all is admin_or_owner: any caller scoped to a project.
    enforce(ctx, 'availability_zones:get_all', 'admin_or_owner');
    const zones = await this.services.availabilityZones();
    return { availability_zones: zones.map((zone) => ({ availability_zone: zone })) };
  }
}
