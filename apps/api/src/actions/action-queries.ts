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

  /** A page of the container's actions in `sort_key` order, after the marker's request id. */
  async list(uuid: string, page: PageRequest<ActionSortKey>): Promise<ContainerActionRow[]> {
    const qb = this.dataSource
      .getRepository(ContainerActionRow)
      .createQueryBuilder('a')
      .where('a.container_uuid = :uuid', { uuid });
    const column = `a.${page.sortKey}`;
    const dir = page.sortDir === 'asc' ? 'ASC' : 'DESC';
    if (page.marker !== null) {
      const marker = await this.dataSource.manager.findOneBy(ContainerActionRow, {
        container_uuid: uuid,
        request_id: page.marker,
      });
      if (!marker) throw actionNotFound(page.marker, uuid);
      // The marker's values are read in SQL, at the database's timestamp precision.
      const after = qb
        .subQuery()
        .select(`m.${page.sortKey}`)
        .addSelect('m.request_id')
        .from(ContainerActionRow, 'm')
        .where('m.request_id = :marker')
        .getQuery();
      qb.andWhere(`(${column}, a.request_id) ${dir === 'ASC' ? '>' : '<'} ${after}`, {
        marker: page.marker,
      });
    }
    qb.orderBy(column, dir);
    if (page.sortKey !== 'request_id') qb.addOrderBy('a.request_id', dir);
    return qb.limit(page.limit).getMany();
  }

  async show(
    uuid: string,
    requestId: string,
  ): Promise<{ action: ContainerActionRow; events: ContainerActionEventRow[] }> {
    const action = await this.dataSource.manager.findOneBy(ContainerActionRow, {
      container_uuid: uuid,
      request_id: requestId,
    });
    if (!action) throw actionNotFound(requestId, uuid);
    const events = await this.dataSource.manager.find(ContainerActionEventRow, {
      where: { request_id: requestId },
      order: { start_time: 'ASC', finish_time: 'ASC' },
    });
    return { action, events };
  }
}

function actionNotFound(requestId: string, uuid: string): ResourceNotFound {
  return new ResourceNotFound(`Action ${requestId} on container ${uuid} could not be found.`);
}
