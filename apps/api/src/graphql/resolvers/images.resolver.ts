import { Query, Resolver } from '@nestjs/graphql';
import { ImageRow } from '@berth/drivers';
import { DataSource } from 'typeorm';
import { PolicyNotAuthorized } from '../../errors/api-errors';
import type { RequestContext } from '../../request-context/request-context';
import { GqlCtx } from '../auth/gql-ctx.decorator';
import { HOSTS_PER_FLEET, listCost } from '../limits/limits';
import { ImageModel, toImageModel } from '../types/image.type';

@Resolver(() => ImageModel)
export class ImagesResolver {
  constructor(private readonly dataSource: DataSource) {}

  @Query(() => [ImageModel], {
    complexity: listCost(HOSTS_PER_FLEET),
    description: "Images on the fleet's hosts. Admins only, as Zun's image:get_all (admin_api).",
  })
  async images(@GqlCtx() ctx: RequestContext): Promise<ImageModel[]> {
    if (!ctx.is_admin) throw new PolicyNotAuthorized('image:get_all');
    const rows = await this.dataSource.manager.find(ImageRow, { order: { created_at: 'ASC' } });
    return rows.map(toImageModel);
  }
}
