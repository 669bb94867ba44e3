import { Field, Float, ObjectType } from '@nestjs/graphql';
import type { ImageRow } from '@berth/drivers';

/** An image Berth pulled or committed on a host (stream `image-<uuid>`). */
@ObjectType('Image')
export class ImageModel {
  @Field(() => String) uuid!: string;
  @Field(() => String) repo!: string;
  @Field(() => String) tag!: string;
  @Field(() => String) host!: string;
  @Field(() => String) projectId!: string;
  @Field(() => String, { nullable: true }) imageId!: string | null;
  @Field(() => Float, { nullable: true, description: 'Bytes.' }) size!: number | null;
  @Field(() => String) status!: string;
  @Field(() => String, { nullable: true }) containerUuid!: string | null;
  @Field(() => Date) createdAt!: Date;
}

export function toImageModel(row: ImageRow): ImageModel {
  return {
    uuid: row.uuid,
    repo: row.repo,
    tag: row.tag,
    host: row.host,
    projectId: row.project_id,
    imageId: row.image_id,
    size: row.size === null ? null : Number(row.size),
    status: row.status,
    containerUuid: row.container_uuid,
    createdAt: row.created_at,
  };
}
