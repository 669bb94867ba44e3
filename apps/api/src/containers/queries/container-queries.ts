import { Injectable } from '@nestjs/common';
import { ContainerNotFound, type PresentContainer } from '@berth/domain';
import { ContainerRow } from '@berth/drivers';
import { Brackets, DataSource, type SelectQueryBuilder } from 'typeorm';
import { ApiConfig } from '../../config/api-config';
import { Conflict } from '../../errors/api-errors';
import { PolicyEnforcer } from '../../policy/policy-enforcer';
import { allProjectsRuleOf } from '../../policy/rules';
import type { RequestContext } from '../../request-context/request-context';
import { nextPageUrl } from './next-page-url';
import { isUuid } from './uuid';
import type { ContainerSortKey, ListContainersParams } from './list-containers.query';

export interface ContainerPage {
  containers: PresentContainer[];
  /** Zun's `next`: the URL of the following page, or null on a short (last) page. */
  next: string | null;
}

type Query = SelectQueryBuilder<ContainerRow>;

/** Zun sorts on its serial `id` by default; creation time is Berth's insertion order. */
const SORT_COLUMN: Readonly<Record<ContainerSortKey, keyof ContainerRow>> = {
  id: 'created_at',
  uuid: 'uuid',
  name: 'name',
  image: 'image',
  status: 'status',
  task_state: 'task_state',
  host: 'host',
  memory: 'memory',
  cpu: 'cpu',
  created_at: 'created_at',
  updated_at: 'updated_at',
  project_id: 'project_id',
  user_id: 'user_id',
  auto_remove: 'auto_remove',
};

/** Reads containers from the projector's table, with Zun's scoping, lookup and paging rules. */
@Injectable()
export class ContainerQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ApiConfig,
    private readonly policy: PolicyEnforcer,
  ) {}

  /**
   * The uuid behind `ident` with show's scoping and the route's rule; an admin may also name a
   * deleted container by uuid, because its action log and history outlive it.
   */
  async findUuidForAudit(ident: string, ctx: RequestContext): Promise<string> {
    try {
      return (await this.findByIdent(ident, ctx)).uuid;
    } catch (error) {
      if (!(error instanceof ContainerNotFound) || !ctx.is_admin || !isUuid(ident)) throw error;
      const deleted = await this.dataSource.manager.findOneBy(ContainerRow, { uuid: ident });
      if (!deleted) throw error;
      this.policy.authorize(ctx, deleted, () => error);
      return deleted.uuid;
    }
  }

  /**
   * Zun's `api_utils.get_resource('Container', ident)`: a uuid-like ident is looked up by uuid
   * only, anything else by name, then the route's policy rule (`ctx.rule`) is checked on the
   * container found. As in Zun, an admin's lookup always spans every project (get_resource sets
   * all_projects for admins); `allProjects` needs the route's all-projects rule.
   */
  async findByIdent(
    ident: string,
    ctx: RequestContext,
    allProjects = false,
  ): Promise<PresentContainer> {
    if (allProjects) this.policy.enforce(ctx, allProjectsRuleOf(ctx.rule));
    const qb = this.scoped(ctx, ctx.is_admin || allProjects).andWhere('c.deleted = false');
    if (isUuid(ident)) {
      qb.andWhere('c.uuid = :ident', { ident });
    } else {
      qb.andWhere('c.name = :ident', { ident });
    }
    // Two rows are enough to tell "one" from "ambiguous".
    const rows = await qb.limit(2).getMany();
    if (rows.length === 0) throw new ContainerNotFound(ident);
    if (rows.length > 1) {
      throw new Conflict(
        'Multiple containers exist with same name. Please use the container uuid instead.',
      );
    }
    const container = rows[0].state as PresentContainer;
    this.policy.authorize(ctx, container, () => new ContainerNotFound(ident));
    return container;
  }

  /** Zun's `_get_containers_collection`: scope, filters, keyset paging on (sort key, uuid). */
  async list(params: ListContainersParams, ctx: RequestContext): Promise<ContainerPage> {
    if (params.allProjects) this.policy.enforce(ctx, 'container:get_all_all_projects');
    // Zun's `container:get_one:host` also guards filtering on the host.
    if (params.filters.text.host !== undefined) this.policy.enforce(ctx, 'container:get_one:host');
    const unscoped = params.allProjects;
    const qb = this.scoped(ctx, unscoped).andWhere('c.deleted = false');
    applyFilters(qb, params);
    const column = SORT_COLUMN[params.sortKey];
    if (params.marker !== null) await this.applyMarker(qb, params, ctx, unscoped, column);
    applyOrder(qb, column, params.sortDir);

    // Only what the page is made of: hydrating every column of 1000 rows into entities cost
    // more than the query itself.
    const rows = await qb
      .select('c.uuid', 'uuid')
      .addSelect('c.state', 'state')
      .limit(params.limit)
      .getRawMany<{ uuid: string; state: PresentContainer }>();
    const containers = rows.map((row) => row.state);
    const full = rows.length > 0 && rows.length === params.limit;
    return {
      containers,
      next: full ? nextPageUrl(this.config.publicUrl, params, rows[rows.length - 1].uuid) : null,
    };
  }

  /** Zun's `_add_project_filters`: the caller's project, or its user when it has none. */
  private scoped(ctx: RequestContext, unscoped: boolean): Query {
    const qb = this.dataSource.getRepository(ContainerRow).createQueryBuilder('c');
    if (unscoped) return qb.where('true');
    if (ctx.project_id !== null)
      return qb.where('c.project_id = :scope', { scope: ctx.project_id });
    if (ctx.user_id !== null) return qb.where('c.user_id = :scope', { scope: ctx.user_id });
    return qb.where('false');
  }

  /**
   * Keeps the rows after the marker in (column, uuid) order. The marker's own values are read
   * by a subquery, so timestamps compare at the database's precision, not JavaScript's.
   * Deleted markers still count: a container removed between two pages must not break paging.
   */
  private async applyMarker(
    qb: Query,
    params: ListContainersParams,
    ctx: RequestContext,
    unscoped: boolean,
    column: keyof ContainerRow,
  ): Promise<void> {
    const marker = params.marker as string;
    // Zun looks the marker up with Container.get_by_uuid, hence its 404 wording.
    if (!isUuid(marker)) throw new ContainerNotFound(marker);
    const markerRow = await this.scoped(ctx, unscoped)
      .andWhere('c.uuid = :marker', { marker })
      .getOne();
    if (markerRow === null) throw new ContainerNotFound(marker);

    const markerValue = qb
      .subQuery()
      .select(`m.${column}`)
      .from(ContainerRow, 'm')
      .where('m.uuid = :marker')
      .getQuery();
    qb.setParameter('marker', marker);
    qb.andWhere(keysetAfter(`c.${column}`, markerValue, markerRow[column] === null, params));
  }
}

/**
 * The rows strictly after the marker for ORDER BY col <dir> NULLS LAST|FIRST, uuid <dir>.
 * Spelt out because a row comparison `(col, uuid) > (...)` is never true when col is NULL.
 */
function keysetAfter(
  col: string,
  markerValue: string,
  markerIsNull: boolean,
  params: ListContainersParams,
): Brackets {
  const asc = params.sortDir === 'asc';
  const cmp = asc ? '>' : '<';
  const tie = `c.uuid ${cmp} :marker`;
  return new Brackets((w) => {
    if (markerIsNull) {
      // NULLs come last ascending (so only NULLs follow) and first descending (so all others do).
      w.where(`(${col} IS NULL AND ${tie})`);
      if (!asc) w.orWhere(`${col} IS NOT NULL`);
      return;
    }
    w.where(`${col} ${cmp} ${markerValue}`).orWhere(`(${col} = ${markerValue} AND ${tie})`);
    if (asc) w.orWhere(`${col} IS NULL`);
  });
}

function applyOrder(qb: Query, column: keyof ContainerRow, dir: 'asc' | 'desc'): void {
  const sqlDir = dir === 'asc' ? 'ASC' : 'DESC';
  qb.orderBy(`c.${column}`, sqlDir, dir === 'asc' ? 'NULLS LAST' : 'NULLS FIRST');
  if (column !== 'uuid') qb.addOrderBy('c.uuid', sqlDir);
}

function applyFilters(qb: Query, params: ListContainersParams): void {
  const { text, memory, auto_remove } = params.filters;
  for (const [key, values] of Object.entries(text)) {
    // Keys come from TEXT_FILTERS (a fixed list), so interpolating the column name is safe.
    qb.andWhere(`c.${key} IN (:...f_${key})`, { [`f_${key}`]: values });
  }
  if (memory !== undefined) qb.andWhere('c.memory IN (:...f_memory)', { f_memory: memory });
  if (auto_remove !== undefined) {
    qb.andWhere('c.auto_remove = :f_auto_remove', { f_auto_remove: auto_remove });
  }
}
