import { Controller, Get, Query } from '@nestjs/common';
import { Policy } from '../policy';
import { ResourceNotFound } from '../errors/api-errors';
import { ListQuery, pageOf } from '../input';
import { ServiceStore } from '../services/service-store';

export interface AvailabilityZoneView {
  availability_zone: string;
}

/** Zun's paging parameters; a zone is named by itself, so it is both sort key and marker. */
export class ListAvailabilityZonesQuery extends ListQuery(['availability_zone'] as const) {}

/** Zun's /v1/availability_zones: the zones the registered services are in. */
@Controller('v1/availability_zones')
export class AvailabilityZonesController {
  constructor(private readonly services: ServiceStore) {}

  /** Zun's availability_zones:get_all is admin_or_owner: any caller scoped to a project. */
  @Get()
  @Policy('availability_zones:get_all')
  async list(
    @Query() query: ListAvailabilityZonesQuery,
  ): Promise<{ availability_zones: AvailabilityZoneView[] }> {
    const page = pageOf(query, { sortKey: 'availability_zone' });
    // A handful of zones, one per distinct service setting: paged here rather than in SQL.
    const zones = await this.services.availabilityZones();
    if (page.sortDir === 'desc') zones.reverse();
    let start = 0;
    if (page.marker !== null) {
      const at = zones.indexOf(page.marker);
      if (at < 0)
        throw new ResourceNotFound(`Availability zone ${page.marker} could not be found.`);
      start = at + 1;
    }
    const shown = zones.slice(start, start + page.limit);
    return { availability_zones: shown.map((zone) => ({ availability_zone: zone })) };
  }
}
