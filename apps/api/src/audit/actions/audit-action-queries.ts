import { Injectable } from '@nestjs/common';
import { ContainerActionRow } from '@berth/drivers';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { isUuid } from '../../containers/queries/uuid';
import { ResourceNotFound } from '../../errors/api-errors';
import type { AuditActionsParams } from '../params/audit-actions.params';
import type { AuditScope } from './audit-scope';

/** Where a page ends: the keyset (start_time, id) of its last row. */
export interface AuditCursor {
  start_time: Date;
  id: string;
}

/** Pages through the container_actions read table with keyset pagination. */
@Injectable()
export class AuditActionQueries {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The client's marker (an action's `id`) as a cursor; 404 if it names no action the caller can
   * see. Not a request id: only the action id is unique in any log, so only it pages exactly.
   */
  async cursorOf(marker: string, scope: AuditScope): Promise<AuditCursor> {
    const notFound = new ResourceNotFound(`Action ${marker} could not be found.`);
    if (!isUuid(marker)) throw notFound;
    const row = await this.scoped(scope)
      .andWhere('a.id = :marker', { marker })
      .select(['a.start_time', 'a.id'])
      .getOne();
    if (row === null) throw notFound;
    return { start_time: row.start_time, id: row.id };
  }

  /** Up to `limit` rows after `after`, in the requested direction. */
  page(
    params: AuditActionsParams,
    scope: AuditScope,
    limit: number,
    after: AuditCursor | null,
  ): Promise<ContainerActionRow[]> {
    const qb = this.scoped(scope);
    applyFilters(qb, params);
    const dir = params.sortDir === 'asc' ? 'ASC' : 'DESC';
    if (after !== null) {
      // A row comparison follows the composite order exactly, ties on start_time included.
      // start_time is written from JavaScript Dates, so a millisecond cursor matches it exactly.
      qb.andWhere(`(a.start_time, a.id) ${dir === 'ASC' ? '>' : '<'} (:at, :id)`, {
        at: after.start_time,
        id: after.id,
      });
    }
    return qb.orderBy('a.start_time', dir).addOrderBy('a.id', dir).limit(limit).getMany();
  }

  /** Every matching row, a page at a time, so an export of any size holds one page in memory. */
  async *all(
    params: AuditActionsParams,
    scope: AuditScope,
    after: AuditCursor | null,
    pageSize = 1000,
  ): AsyncGenerator<ContainerActionRow[]> {
    let cursor = after;
    for (;;) {
      const rows = await this.page(params, scope, pageSize, cursor);
      if (rows.length > 0) yield rows;
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1];
      cursor = { start_time: last.start_time, id: last.id };
    }
  }

  private scoped(scope: AuditScope): SelectQueryBuilder<ContainerActionRow> {
    const qb = this.dataSource.getRepository(ContainerActionRow).createQueryBuilder('a');
    if (scope.kind === 'project')
      return qb.where('a.project_id = :scope', { scope: scope.project_id });
    if (scope.kind === 'user') return qb.where('a.user_id = :scope', { scope: scope.user_id });
    return qb.where('true');
  }
}

function applyFilters(
  qb: SelectQueryBuilder<ContainerActionRow>,
  params: AuditActionsParams,
): void {
  const f = params.filters;
  // project_id is already the scope: the caller's own, or the one an admin asked for.
  if (f.user_id !== undefined) qb.andWhere('a.user_id = :user', { user: f.user_id });
  if (f.action !== undefined) qb.andWhere('a.action = :action', { action: f.action });
  if (f.result === 'pending') qb.andWhere('a.result IS NULL');
  else if (f.result !== undefined) qb.andWhere('a.result = :result', { result: f.result });
  if (f.since !== undefined) qb.andWhere('a.start_time >= :since', { since: f.since });
  if (f.until !== undefined) qb.andWhere('a.start_time < :until', { until: f.until });
}
