import { Injectable } from '@nestjs/common';
import { ContainerActionEventRow, ContainerActionRow } from '@berth/drivers';
import { DataSource } from 'typeorm';
import { ResourceNotFound } from '../errors';
import { ContainerQueries } from '../containers/queries/container-queries';
import type { RequestContext } from '../request-context';

/**
 * The action log of one container. A deleted container's log stays readable by admins (by uuid),
 * so an audit outlives the container.
 */
@Injectable()
export class ActionQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly containers: ContainerQueries,
  ) {}

  containerUuid(ident: string, ctx: RequestContext): Promise<string> {
    return this.containers.findUuidForAudit(ident, ctx);
  }

  list(uuid: string): Promise<ContainerActionRow[]> {
    return this.dataSource.manager.find(ContainerActionRow, {
      where: { container_uuid: uuid },
      order: { start_time: 'ASC', request_id: 'ASC' },
    });
  }

  async show(
    uuid: string,
    requestId: string,
  ): Promise<{ action: ContainerActionRow; events: ContainerActionEventRow[] }> {
    const action = await this.dataSource.manager.findOneBy(ContainerActionRow, {
      container_uuid: uuid,
      request_id: requestId,
    });
    if (!action) {
      throw new ResourceNotFound(`Action ${requestId} on container ${uuid} could not be found.`);
    }
    const events = await this.dataSource.manager.find(ContainerActionEventRow, {
      where: { request_id: requestId },
      order: { start_time: 'ASC', finish_time: 'ASC' },
    });
    return { action, events };
  }
}
