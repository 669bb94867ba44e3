import { Injectable } from '@nestjs/common';
import { ContainerActionRow } from '@berth/drivers';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { isUuid } from '../../containers/queries/uuid';
import { BadRequest, PolicyNotAuthorized } from '../../errors/api-errors';
import type { RequestContext } from '../../request-context/request-context';
import type { AuditActionFilter } from '../types/filters.input';

/** One page request of the audit log; `after` is the action id of the previous page's last row. */
export interface AuditPageRequest {
  filter: AuditActionFilter;
  limit: number;
  after: string | null;
}

/**
 * The action log across containers, oldest first, keyset-paged on (start_time, id).
 * Scoped like the REST action list: a caller sees its own project's actions; an admin sees every
 * project's, including those of deleted containers (the audit outlives them).
 */
@Injectable()
export class AuditQueries {
  constructor(private readonly dataSource: DataSource) {}

  async page(req: AuditPageRequest, ctx: RequestContext): Promise<ContainerActionRow[]> {
    const qb = this.dataSource.getRepository(ContainerActionRow).createQueryBuilder('a');
    scope(qb, req.filter, ctx);
    applyFilters(qb, req.filter);
    if (req.after !== null) {
      if (!isUuid(req.after)) throw new BadRequest(`Invalid cursor for an action list.`);
      // The previous row's sort values are read in SQL, at the database's timestamp precision.
      const previous = qb
        .subQuery()
        .select('m.start_time')
        .addSelect('m.id')
        .from(ContainerActionRow, 'm')
        .where('m.id = :after')
        .getQuery();
      qb.andWhere(`(a.start_time, a.id) > ${previous}`, { after: req.after });
    }
    return qb.orderBy('a.start_time', 'ASC').addOrderBy('a.id', 'ASC').limit(req.limit).getMany();
  }
}

function scope(
  qb: SelectQueryBuilder<ContainerActionRow>,
  filter: AuditActionFilter,
  ctx: RequestContext,
): void {
  if (ctx.is_admin) {
    qb.where(filter.projectId == null ? 'true' : 'a.project_id = :project', {
      project: filter.projectId,
    });
    return;
  }
  if (filter.projectId != null && filter.projectId !== ctx.project_id) {
    throw new PolicyNotAuthorized('container:actions:get_all_all_projects');
  }
  qb.where('a.project_id = :project', { project: ctx.project_id });
}

function applyFilters(qb: SelectQueryBuilder<ContainerActionRow>, filter: AuditActionFilter): void {
  if (filter.userId != null) qb.andWhere('a.user_id = :user', { user: filter.userId });
  if (filter.action != null) qb.andWhere('a.action = :action', { action: filter.action });
  if (filter.result != null) qb.andWhere('a.result = :result', { result: filter.result });
  if (filter.since != null) qb.andWhere('a.start_time >= :since', { since: filter.since });
  if (filter.until != null) qb.andWhere('a.start_time < :until', { until: filter.until });
}
