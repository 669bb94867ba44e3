import { Controller, Delete, Get, HttpCode, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Policy } from '../policy';
import { pageOf } from '../input';
import {
  DisableServiceQuery,
  ForceDownQuery,
  ListServicesQuery,
  ServiceKeyQuery,
  keyOf,
  type ServiceKey,
} from './service-params';
import { ServiceStore, type ServicePatch } from './service-store';
import { DeleteServiceCommand, UpdateServiceCommand } from './service.commands';
import { toServiceView, type ServiceRecord, type ServiceView } from './service.view';

/**
 * Zun's /v1/services: the compute services and their admin flags. Writes answer with the whole
 * service rather than Zun's three-key excerpt: the CLI prints whatever dict it gets.
 */
@Controller('v1/services')
export class ServicesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly store: ServiceStore,
  ) {}

  @Get()
  @Policy('zun-service:get_all')
  async list(@Query() query: ListServicesQuery): Promise<{ services: ServiceView[] }> {
    const page = pageOf(query, { sortKey: 'id' });
    return { services: (await this.store.list(page)).map(toServiceView) };
  }

  @Put('enable')
  @Policy('zun-service:enable')
  async enable(@Query() query: ServiceKeyQuery): Promise<{ service: ServiceView }> {
    const row = await this.update(keyOf(query), { disabled: false, disabled_reason: null });
    return { service: toServiceView(row) };
  }

  @Put('disable')
  @Policy('zun-service:disable')
  async disable(@Query() query: DisableServiceQuery): Promise<{ service: ServiceView }> {
    const row = await this.update(keyOf(query), {
      disabled: true,
      disabled_reason: query.disabled_reason ?? null,
    });
    return { service: toServiceView(row) };
  }

  @Put('force_down')
  @Policy('zun-service:force_down')
  async forceDown(@Query() query: ForceDownQuery): Promise<{ service: ServiceView }> {
    const row = await this.update(keyOf(query), { forced_down: query.forced_down });
    return { service: toServiceView(row) };
  }

  @Delete()
  @Policy('zun-service:delete')
  @HttpCode(204)
  async delete(@Query() query: ServiceKeyQuery): Promise<void> {
    await this.commands.execute(new DeleteServiceCommand(keyOf(query)));
  }

  private update(key: ServiceKey, patch: ServicePatch): Promise<ServiceRecord> {
    return this.commands.execute<UpdateServiceCommand, ServiceRecord>(
      new UpdateServiceCommand(key, patch),
    );
  }
}
