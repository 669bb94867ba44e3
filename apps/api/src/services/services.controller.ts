import { Controller, Delete, Get, HttpCode, Put, Query } from '@nestjs/common';
import { Policy } from '../policy';
import { pageOf } from '../input';
import {
  DisableServiceQuery,
  ForceDownQuery,
  ListServicesQuery,
  ServiceKeyQuery,
  keyOf,
} from './service-params';
import { ServiceStore } from './service-store';
import { toServiceView, type ServiceView } from './service.view';

/**
 * Zun's /v1/services: the compute services and their admin flags. Writes answer with the whole
 * service rather than Zun's three-key excerpt: the CLI prints whatever dict it gets.
 */
@Controller('v1/services')
export class ServicesController {
  constructor(private readonly store: ServiceStore) {}

  @Get()
  @Policy('zun-service:get_all')
  async list(@Query() query: ListServicesQuery): Promise<{ services: ServiceView[] }> {
    const page = pageOf(query, { sortKey: 'id' });
    return { services: (await this.store.list(page)).map(toServiceView) };
  }

  @Put('enable')
  @Policy('zun-service:enable')
  async enable(@Query() query: ServiceKeyQuery): Promise<{ service: ServiceView }> {
    const row = await this.store.update(keyOf(query), {
      disabled: false,
      disabled_reason: null,
    });
    return { service: toServiceView(row) };
  }

  @Put('disable')
  @Policy('zun-service:disable')
  async disable(@Query() query: DisableServiceQuery): Promise<{ service: ServiceView }> {
    const row = await this.store.update(keyOf(query), {
      disabled: true,
      disabled_reason: query.disabled_reason ?? null,
    });
    return { service: toServiceView(row) };
  }

  @Put('force_down')
  @Policy('zun-service:force_down')
  async forceDown(@Query() query: ForceDownQuery): Promise<{ service: ServiceView }> {
    const row = await this.store.update(keyOf(query), { forced_down: query.forced_down });
    return { service: toServiceView(row) };
  }

  @Delete()
  @Policy('zun-service:delete')
  @HttpCode(204)
  async delete(@Query() query: ServiceKeyQuery): Promise<void> {
    await this.store.delete(keyOf(query));
  }
}
