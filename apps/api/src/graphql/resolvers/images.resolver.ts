import { Query, Resolver } from '@nestjs/graphql';
import { ImageRow } from '@berth/drivers';
import { DataSource } from 'typeorm';
import { Policy } from '../../policy';
import { HOSTS_PER_FLEET, listCost } from '../limits/limits';
import { ImageModel, toImageModel } from '../types/image.type';

@Resolver(() => ImageModel)
export class ImagesResolver {
  constructor(private readonly dataSource: DataSource) {}

  @Query(() => [ImageModel], {
    complexity: listCost(HOSTS_PER_FLEET),
    description: "Images on the fleet's hosts. Admins only, as Zun's image:get_all (admin_api).",
  })
  @Policy('image:get_all')
  async images(): Promise<ImageModel[]> {
    const rows = await this.dataSource.manager.find(ImageRow, { order: { created_at: 'ASC' } });
    return rows.map(toImageModel);
  }
}
