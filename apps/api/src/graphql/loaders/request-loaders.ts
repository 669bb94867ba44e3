import DataLoader from 'dataloader';
import type { PresentContainer } from '@berth/domain';
import { ContainerActionEventRow, ContainerActionRow, ContainerRow } from '@berth/drivers';
import { DataSource, In } from 'typeorm';
import type { RequestContext } from '../../request-context/request-context';

/**
 * The batched reads of one GraphQL operation. Created per request, so a cache never outlives the
 * operation nor crosses callers; each loader turns N parent lookups into one query.
 */
export class RequestLoaders {
  /** Actions of each container uuid, oldest first (as GET …/container_actions lists them). */
  readonly actionsByContainer: DataLoader<string, ContainerActionRow[]>;
  /** Steps of each action, by action id. */
  readonly eventsByAction: DataLoader<string, ContainerActionEventRow[]>;
  private containers: DataLoader<string, PresentContainer | null> | null = null;

  constructor(private readonly dataSource: DataSource) {
    this.actionsByContainer = new DataLoader((uuids) => this.loadActions(uuids));
    this.eventsByAction = new DataLoader((ids) => this.loadEvents(ids));
  }

  /**
   * Containers by uuid under the caller's scope (same rule as ContainerQueries: live rows, the
   * caller's project unless admin). Built on first use because the caller is only known once the
   * auth guard has run, after the context was created.
   */
  containerByUuid(ctx: RequestContext): DataLoader<string, PresentContainer | null> {
    this.containers ??= new DataLoader((uuids) => this.loadContainers(uuids, ctx));
    return this.containers;
  }

  private async loadActions(uuids: readonly string[]): Promise<ContainerActionRow[][]> {
    const rows = await this.dataSource.manager.find(ContainerActionRow, {
      where: { container_uuid: In([...uuids]) },
      order: { start_time: 'ASC', id: 'ASC' },
    });
    return groupBy(uuids, rows, (row) => row.container_uuid);
  }

  private async loadEvents(ids: readonly string[]): Promise<ContainerActionEventRow[][]> {
    const rows = await this.dataSource.manager.find(ContainerActionEventRow, {
      where: { action_id: In([...ids]) },
      order: { revision: 'ASC', finish_time: 'ASC', id: 'ASC' },
    });
    return groupBy(ids, rows, (row) => row.action_id);
  }

  private async loadContainers(
    uuids: readonly string[],
    ctx: RequestContext,
  ): Promise<Array<PresentContainer | null>> {
    const qb = this.dataSource
      .getRepository(ContainerRow)
      .createQueryBuilder('c')
      .where('c.uuid IN (:...uuids)', { uuids: [...uuids] })
      .andWhere('c.deleted = false');
    if (!ctx.is_admin) qb.andWhere('c.project_id = :project', { project: ctx.project_id });
    const rows = await qb.getMany();
    const byUuid = new Map(rows.map((row) => [row.uuid, row.state as PresentContainer]));
    return uuids.map((uuid) => byUuid.get(uuid) ?? null);
  }
}

/** DataLoader wants one result per key, in key order. */
function groupBy<T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}
