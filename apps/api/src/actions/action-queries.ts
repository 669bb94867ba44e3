import { Injectable } from '@nestjs/common';
import { ContainerActionEventRow, ContainerActionRow } from '@berth/drivers';
import { DataSource } from 'typeorm';
import { ResourceNotFound } from '../errors';
import { ContainerQueries } from '../containers/queries/container-queries';
import type { RequestContext } from '../request-context';

/**
 * The action log of one container. A deleted container's log stays readable by admins (by uuid),
 * so an audit outlives the container. Every read is scoped to the container: a request id names an
 * action only together with it.
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
      order: { start_time: 'ASC', id: 'ASC' },
    });
  }

  /**
   * The action `requestId` of container `uuid` and its steps only. Berth makes every request id,
   * so one names one action; in a log written before that, where a client could reuse one, the
   * latest action of that container with it is shown, as Zun's action_get_by_request_id does.
   */
  async show(
    uuid: string,
    requestId: string,
  ): Promise<{ action: ContainerActionRow; events: ContainerActionEventRow[] }> {
    const action = await this.dataSource.manager.findOne(ContainerActionRow, {
      where: { container_uuid: uuid, request_id: requestId },
      order: { start_time: 'DESC', id: 'DESC' },
    });
    if (!action) {
      throw new ResourceNotFound(`Action ${requestId} on container ${uuid} could not be found.`);
    }
    const events = await this.dataSource.manager.find(ContainerActionEventRow, {
      where: { action_id: action.id },
      order: { revision: 'ASC', finish_time: 'ASC', id: 'ASC' },
    });
    return { action, events };
  }
}
