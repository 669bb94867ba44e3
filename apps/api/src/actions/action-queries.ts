import { Injectable } from '@nestjs/common';
import { ContainerActionEventRow, ContainerActionRow } from '@berth/drivers';
import { DataSource } from 'typeorm';
import { ResourceNotFound } from '../errors';
import { ContainerQueries } from '../containers/queries/container-queries';
import type { PageRequest } from '../input';
import type { RequestContext } from '../request-context';
import type { ActionSortKey } from './list-actions.query';

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

  /**
   * A page of the container's actions in `sort_key` order, after the marker's. The marker is a
   * request id; in a log from before Berth made every id, one may name several actions of the
   * container, and the latest of them is the page's boundary (as action-show picks it).
   */
  async list(uuid: string, page: PageRequest<ActionSortKey>): Promise<ContainerActionRow[]> {
    const qb = this.dataSource
      .getRepository(ContainerActionRow)
      .createQueryBuilder('a')
      .where('a.container_uuid = :uuid', { uuid });
    const column = `a.${page.sortKey}`;
    const dir = page.sortDir === 'asc' ? 'ASC' : 'DESC';
    if (page.marker !== null) {
      const marker = await this.latest(uuid, page.marker);
      if (!marker) throw actionNotFound(page.marker, uuid);
      // The marker's values are read in SQL, at the database's timestamp precision.
      const after = qb
        .subQuery()
        .select(`m.${page.sortKey}`)
        .addSelect('m.id')
        .from(ContainerActionRow, 'm')
        .where('m.id = :markerId')
        .getQuery();
      qb.andWhere(`(${column}, a.id) ${dir === 'ASC' ? '>' : '<'} ${after}`, {
        markerId: marker.id,
      });
    }
    qb.orderBy(column, dir).addOrderBy('a.id', dir);
    return qb.limit(page.limit).getMany();
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
    const action = await this.latest(uuid, requestId);
    if (!action) throw actionNotFound(requestId, uuid);
    const events = await this.dataSource.manager.find(ContainerActionEventRow, {
      where: { action_id: action.id },
      order: { revision: 'ASC', finish_time: 'ASC', id: 'ASC' },
    });
    return { action, events };
  }

  private latest(uuid: string, requestId: string): Promise<ContainerActionRow | null> {
    return this.dataSource.manager.findOne(ContainerActionRow, {
      where: { container_uuid: uuid, request_id: requestId },
      order: { start_time: 'DESC', id: 'DESC' },
    });
  }
}

function actionNotFound(requestId: string, uuid: string): ResourceNotFound {
  return new ResourceNotFound(`Action ${requestId} on container ${uuid} could not be found.`);
}
