import { Query, Resolver } from '@nestjs/graphql';
import { HostRow } from '@berth/drivers';
import { DataSource } from 'typeorm';
import { Policy } from '../../policy';
import { HOSTS_PER_FLEET, listCost } from '../limits/limits';
import { HostModel, toHostModel } from '../types/host.type';

@Resolver(() => HostModel)
export class HostsResolver {
  constructor(private readonly dataSource: DataSource) {}

  @Query(() => [HostModel], {
    complexity: listCost(HOSTS_PER_FLEET),
    description: "Compute hosts by name. Admins only, as Zun's host:get_all (admin_api).",
  })
  @Policy('host:get_all')
  async hosts(): Promise<HostModel[]> {
    const rows = await this.dataSource.manager.find(HostRow, { order: { hostname: 'ASC' } });
    return rows.map(toHostModel);
  }
}
