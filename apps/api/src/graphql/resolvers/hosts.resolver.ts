import { Query, Resolver } from '@nestjs/graphql';
import { HostRow } from '@berth/drivers';
import { DataSource } from 'typeorm';
import { PolicyNotAuthorized } from '../../errors/api-errors';
import type { RequestContext } from '../../request-context/request-context';
import { GqlCtx } from '../auth/gql-ctx.decorator';
import { HOSTS_PER_FLEET, listCost } from '../limits/limits';
import { HostModel, toHostModel } from '../types/host.type';

@Resolver(() => HostModel)
export class HostsResolver {
  constructor(private readonly dataSource: DataSource) {}

  @Query(() => [HostModel], {
    complexity: listCost(HOSTS_PER_FLEET),
    description: "Compute hosts by name. Admins only, as Zun's host:get_all (admin_api).",
  })
  async hosts(@GqlCtx() ctx: RequestContext): Promise<HostModel[]> {
    if (!ctx.is_admin) throw new PolicyNotAuthorized('host:get_all');
    const rows = await this.dataSource.manager.find(HostRow, { order: { hostname: 'ASC' } });
    return rows.map(toHostModel);
  }
}
