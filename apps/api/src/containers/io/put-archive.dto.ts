import { IsBase64, IsNotEmpty, IsString } from 'class-validator';
import { ClosedSchema } from '../../errors/closed-schema';

/**
 * POST put_archive body: `{"data": "<base64 tar>"}` as `zun cp` sends it. The whole tar travels
 * inside JSON, so its size is bounded by the JSON body limit the app configures.
 */
@ClosedSchema()
export class PutArchiveDto {
  @IsString() @IsNotEmpty() @IsBase64() data!: string;
}
